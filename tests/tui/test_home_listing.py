"""Home lists the lessons from the listing the last start saved, then from the loaded lessons."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList

from lessons import load_all
from lessons.listing import LISTING_FILE, listing_key, listing_of, read_listing, save_listing
from tui import __version__
from tui.app.app import create_app


def prompts(app: object) -> list[str]:
    option_list = app.screen.query_one("#home-list", OptionList)  # type: ignore[attr-defined]
    return [str(option.prompt) for option in option_list.options]


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Pause until ``condition`` holds; the bound of pauses is only a safety net."""
    for _ in range(2000):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the condition never held")


async def test_a_start_saves_the_listing_and_the_loaded_lessons_replace_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = load_all()
    key = listing_key([], __version__)
    listing = listing_of(result.lessons, result.errors)
    # a listing under the current key whose first title is not the lesson's: what shows at the
    # end must be the loaded lesson's own title (a listing is only a head start)
    first = replace(listing.lessons[0], title="Title from the saved listing")
    save_listing(data / LISTING_FILE, replace(listing, lessons=(first, *listing.lessons[1:])), key)
    app = create_app(data_dir=os.fspath(data))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lessons_loaded)
        await app.workers.wait_for_complete()
        # until the list is rebuilt from the lessons
        await until(
            pilot, lambda: not any("Title from the saved listing" in t for t in prompts(app))
        )
        shown = "\n".join(prompts(app))
        assert result.lessons[0].title in shown
        assert "Title from the saved listing" not in shown
        assert "Loading lessons" not in shown
    # and the load saved the true listing again, which the next start reads back
    assert read_listing(data / LISTING_FILE, key) == listing


async def test_without_a_listing_the_lessons_load_and_the_listing_is_saved(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    app = create_app(data_dir=os.fspath(data))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lessons_loaded)
        await app.workers.wait_for_complete()
    result = load_all()
    saved = read_listing(data / LISTING_FILE, listing_key([], __version__))
    assert saved == listing_of(result.lessons, result.errors)
