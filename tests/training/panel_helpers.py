"""What the training panel's pilot tests share: the app, waiting on a condition, a setting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from lessons import LoadResult
from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.training import TrainingScreen

PAUSES = 20_000
"""A bound on the pauses a wait may take (a safety net, not a clock)."""


def training_app(**screen_kwargs: Any) -> CnnTutorApp:
    """The app as ``cnn-tutor train`` opens it, without loading the lesson files."""
    return create_app(initial_screen=lambda: TrainingScreen(**screen_kwargs), lessons=LoadResult())


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Wait for ``condition``, a bounded number of pauses (never a clock)."""
    for _ in range(PAUSES):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never held")


async def ready(pilot: Pilot[Any]) -> TrainingScreen:
    """The training screen once torch is loaded and it waits for a start."""
    await until(pilot, lambda: isinstance(pilot.app.screen, TrainingScreen))
    screen = pilot.app.screen
    assert isinstance(screen, TrainingScreen)
    await until(pilot, lambda: screen.state == "ready")
    return screen


async def enter(pilot: Pilot[Any], selector: str, text: str) -> None:
    """Put ``text`` in a setting's field and press Enter, which applies it."""
    field = pilot.app.screen.query_one(selector, Input)
    field.value = text
    field.focus()
    await pilot.press("enter")
    await pilot.pause()
