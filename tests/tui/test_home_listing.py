"""Home lists the lessons from a listing (saved by the last start, or shipped with the built-in
lessons for a first start), then from the loaded lessons."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

import lessons
from lessons import LoadResult, load_all
from lessons.listing import (
    BUNDLED_FILE,
    LISTING_FILE,
    listing_key,
    listing_of,
    read_listing,
    save_listing,
)
from lessons.loader import files
from tui import __version__
from tui.app.app import CnnTutorApp, create_app
from tui.progress.store import ProgressStore

BUILTIN = Path(__file__).resolve().parents[2] / "lessons"


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


@contextlib.contextmanager
def held_load(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold the app's full load of the lessons until the event is set (set on leaving, too)."""
    release = threading.Event()
    real = lessons.load_all

    def held(extra_dirs: Sequence[Path | str] = ()) -> LoadResult:
        release.wait(60)  # only a safety net: each test sets it
        return real(extra_dirs)

    monkeypatch.setattr(lessons, "load_all", held)
    try:
        yield release
    finally:
        release.set()


@contextlib.asynccontextmanager
async def first_start_listed(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[CnnTutorApp, Pilot[int], threading.Event]]:
    """A first start on the empty folder ``data``, the full load held, once home lists the
    first built-in lesson: the app, its pilot and the event that releases the load."""
    first = load_all().lessons[0].title
    with held_load(monkeypatch) as release:
        app = create_app(data_dir=os.fspath(data))
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: any(first in t for t in prompts(app)))
            yield app, pilot, release


async def test_a_first_start_lists_the_built_in_lessons_from_the_shipped_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty data folder: the list shows the lessons while their full load is still held."""
    data = tmp_path / "fresh"
    titles = [lesson.title for lesson in load_all().lessons]
    async with first_start_listed(data, monkeypatch) as (app, pilot, release):
        shown = "\n".join(prompts(app))
        assert not app.lessons_loaded
        assert all(title in shown for title in titles)
        assert "Loading lessons" not in shown
        assert not (data / LISTING_FILE).exists()
        release.set()
        await until(pilot, lambda: app.lessons_loaded)
        await app.workers.wait_for_complete()
    # the full load saved the listing for the next start, as without the shipped one
    assert (data / LISTING_FILE).exists()


async def test_an_edited_built_in_lesson_is_not_listed_from_the_shipped_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One file's content differs from the shipped listing's: the list waits for the load."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    for path in [*BUILTIN.glob("*.yaml"), BUILTIN / BUNDLED_FILE]:
        shutil.copy2(path, folder / path.name)
    lesson = folder / "000-convolution.yaml"
    lesson.write_text(
        lesson.read_text("utf-8").replace('title: "', 'title: "Edited: ', 1), encoding="utf-8"
    )
    monkeypatch.setattr(files, "builtin_dir", lambda: folder)
    with held_load(monkeypatch) as release:
        app = create_app(data_dir=os.fspath(tmp_path / "fresh"))
        async with app.run_test(size=(120, 40)) as pilot:
            # home has drawn its first frame (it looks for a listing right after) and the
            # load is held: the list says what it waits for
            await until(pilot, lambda: bool(app.screen.query("#home-list")) and bool(prompts(app)))
            assert not app.lessons_loaded
            assert prompts(app) == ["Loading lessons…"]
            release.set()
            await until(pilot, lambda: any("Edited: " in t for t in prompts(app)))
            assert app.lessons_loaded


async def test_a_first_start_lists_every_lesson_as_new_without_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No progress.db yet: the rows from the shipped listing, built without opening the store,
    are the rows the loaded lessons and the (then open, empty) store give."""
    async with first_start_listed(tmp_path / "fresh", monkeypatch) as (app, pilot, release):
        listed = prompts(app)
        assert not app.lessons_loaded
        release.set()
        await until(pilot, lambda: app.lessons_loaded)
        await app.workers.wait_for_complete()
        assert app.store.lesson_status() == {}  # the store did open, empty
        assert prompts(app) == listed
    assert not any("seen" in row or "done" in row for row in listed)
    assert any(row.startswith("↻ Review") and "once something is due" in row for row in listed)


async def test_a_listing_shows_the_progress_kept_before_the_lessons_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later start (a saved listing, a progress.db): the rows listed before the load carry
    the lessons' progress and the Continue entry."""
    data = tmp_path / "data"
    result = load_all()
    save_listing(
        data / LISTING_FILE,
        listing_of(result.lessons, result.errors),
        listing_key([], __version__),
    )
    first = result.lessons[0]
    store = ProgressStore.open(data)
    store.mark_done(first.id)
    store.save_position(first.id, 1, 3)
    store.close()
    with held_load(monkeypatch) as release:
        app = create_app(data_dir=os.fspath(data))
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: any(first.title in t for t in prompts(app)))
            listed = prompts(app)
            assert not app.lessons_loaded
            release.set()
            await until(pilot, lambda: app.lessons_loaded)
            await app.workers.wait_for_complete()
    done = [row for row in listed if first.title in row and "done" in row]
    assert len(done) == 1 and done[0].startswith("  ✓ done")
    assert any(row.startswith("▶ Continue") and "scene 2 · step 3" in row for row in listed)
