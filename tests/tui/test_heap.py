"""The heap settled once a screen has opened: one full collection, then what lives is frozen,
and what a closed screen left in cycles is collected at the next screen's settle."""

from __future__ import annotations

import gc
import weakref

from textual.screen import Screen

from lessons import LoadResult
from tui.app.app import create_app


class Cycle:
    """An object only the collector frees (it refers to itself)."""

    def __init__(self) -> None:
        self.me = self


async def settled(pilot: object, app: object) -> None:
    """Wait (bounded, generously) until the app says its heap is settled."""
    for _ in range(20_000):
        if app.heap_settled:  # type: ignore[attr-defined]
            return
        await pilot.pause(0.01)  # type: ignore[attr-defined]
    raise AssertionError("the heap was never settled")


async def test_a_screen_settles_the_heap_and_the_next_one_frees_what_it_left() -> None:
    app = create_app(lessons=LoadResult())
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(pilot, app)
            assert gc.get_freeze_count() > 0
            assert len(gc.get_objects(generation=2)) < gc.get_freeze_count() // 10

            left = Cycle()
            gone = weakref.ref(left)
            await app.push_screen(Screen())
            await pilot.pause()
            assert not app.heap_settled  # a new screen: its settle is to come
            await settled(pilot, app)
            del left
            assert gone() is not None  # frozen with the screen: no collection walks it
            app.pop_screen()
            await pilot.pause()
            await settled(pilot, app)
            assert gone() is None  # the next settle unfroze and collected it
    finally:
        gc.unfreeze()
