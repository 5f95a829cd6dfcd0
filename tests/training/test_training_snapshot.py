"""What the learner sees after a short seeded run: two epochs of deck 003's toy ConvNet on the CPU.

Fixed seed, CPU (the device line would name a GPU elsewhere), fixed terminal size, no cursor
blink (tests/conftest.py), and the final repaint only: the run is over before the picture is taken.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from lessons import LoadResult
from tui.app.app import create_app
from tui.app.screens.training import TrainingScreen

SIZE = (120, 40)


async def train_two_epochs(pilot: Pilot[Any]) -> None:
    # Waits for states; the pause counts are only a safety net (15,000 pauses of 20 ms or more).
    for _ in range(15_000):
        if isinstance(pilot.app.screen, TrainingScreen) and pilot.app.screen.state == "ready":
            break
        await pilot.pause(0.02)
    screen = pilot.app.screen
    assert isinstance(screen, TrainingScreen) and screen.state == "ready", "never got ready"
    await pilot.press("space")
    for _ in range(15_000):
        if screen.state == "done":
            break
        await pilot.pause(0.02)
    assert screen.state == "done", "training never finished"
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
