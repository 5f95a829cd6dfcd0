"""What the learner sees after a short seeded run: two epochs of deck 003's toy ConvNet on the CPU.

Fixed seed, CPU (the device line would name a GPU elsewhere), fixed terminal size, no cursor
blink (tests/conftest.py), and the final repaint only: the run is over before the picture is taken.
"""

from __future__ import annotations

import time
from typing import Any

from textual.pilot import Pilot

from lessons import LoadResult
from tui.app.app import create_app
from tui.app.screens.training import TrainingScreen

SIZE = (120, 40)


async def train_two_epochs(pilot: Pilot[Any]) -> None:
    deadline = time.monotonic() + 300  # a safety net only: no test waits on the clock
    while not (isinstance(pilot.app.screen, TrainingScreen) and pilot.app.screen.state == "ready"):
        assert time.monotonic() < deadline, "the panel never got ready"
        await pilot.pause(0.02)
    screen = pilot.app.screen
    await pilot.press("space")
    while screen.state != "done":
        assert time.monotonic() < deadline, "training never finished"
        await pilot.pause(0.02)
    pilot.app.clear_notifications()
    await pilot.pause()


def test_panel_after_two_seeded_epochs(snap_compare: Any) -> None:
    app = create_app(
        initial_screen=lambda: TrainingScreen(seed=0, device="cpu", epochs=2),
        lessons=LoadResult(),
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=train_two_epochs)


def test_panel_at_80x24_after_two_seeded_epochs(snap_compare: Any) -> None:
    """At 80x24 the controls wrap into two compact rows and the hand-made features go under
    the learned ones: nothing is cut off on the right."""
    app = create_app(
        initial_screen=lambda: TrainingScreen(seed=0, device="cpu", epochs=2),
        lessons=LoadResult(),
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=train_two_epochs)
