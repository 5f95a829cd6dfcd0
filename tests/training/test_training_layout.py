"""The training panel's layout at 80x24, 120x40 and 160x50: nothing cut off, keys still work.

At 80 columns the controls wrap into two compact rows, the hand-made features go under the
learned ones, the test images take two columns; resizing while training never crashes.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual import events
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, Select

from tests.training.test_training_panel import ready_screen, training_app, until
from tui.app.screens.training import TrainingScreen
from tui.app.widgets.training import FeatureGrids, KindGroup, TextLine, XOTile

CONTROLS = ("#start", "#one-batch", "#reset", "#lr", "#epochs", "#batch-size", "#features")


def assert_inside(widget: Widget, screen: Region) -> None:
    region = widget.region
    assert region.area > 0, f"{widget!r} is not shown"
    assert screen.contains_region(region), f"{widget!r} at {region} leaves the screen {screen}"


def assert_fits(screen: TrainingScreen, width: int, height: int) -> None:
    """Every control, label and feature grid lies whole inside the terminal."""
    whole = Region(0, 0, width, height)
    for selector in (*CONTROLS, "#device", "#status", "#progress", "#progress-text"):
        assert_inside(screen.query_one(selector), whole)
    for label in screen.query("#controls Label"):
        assert_inside(label, whole)
    # The feature grids and the test images live in a vertical scroll: whole in width.
    for widget in [*screen.query(FeatureGrids), *screen.query(KindGroup), *screen.query(XOTile)]:
        region = widget.region
        assert region.width > 0 and region.right <= width, f"{widget!r} at {region}"
    learned = screen.query_one("#learned", FeatureGrids)
    assert learned.region.width >= learned.get_content_width(whole.size, whole.size)


async def test_80x24_controls_wrap_features_stack_and_keys_work() -> None:
    async with training_app(seed=0, device="cpu", epochs=1).run_test(size=(80, 24)) as pilot:
        screen = await ready_screen(pilot)
        # wait for the 80x24 layout (the controls in two rows); a busy machine may take frames
        await until(
            pilot,
            lambda: len({screen.query_one(selector).region.y for selector in CONTROLS}) == 2,
        )
        assert_fits(screen, 80, 24)
        # Two one-line rows: the buttons, then the settings and the feature mode.
        rows = {screen.query_one(selector).region.y for selector in CONTROLS}
        assert len(rows) == 2
        assert all(screen.query_one(selector).region.height == 1 for selector in CONTROLS)
        # The hand-made features under the learned ones, left-aligned.
        learned = screen.query_one("#learned").region
        hand_made = screen.query_one("#hand-made").region
        assert hand_made.y >= learned.bottom and hand_made.x == learned.x
        # The footer goes compact: "esc Back" shows left of the palette key (once the footer,
        # which recomposes when the screen's bindings settle, has its keys again).
        await until(
            pilot,
            lambda: any(
                key.has_class("-command-palette") and key.region.width > 0
                for key in screen.query("FooterKey")
            ),
        )
        footer_keys: list[Any] = list(screen.query("FooterKey"))
        keys = {key.action: key for key in footer_keys}
        palette = next(key for key in footer_keys if key.has_class("-command-palette"))
        assert keys["app.pop_screen"].region.right <= palette.region.x
        assert palette.region.right == 80  # flush right: no hidden key peeks out past it
        # Two columns of test images, each tile whole beside its neighbours.
        columns = {group.region.x for group in screen.query(KindGroup)}
        assert len(columns) == 2
        await pilot.press("n")  # one batch, then an evaluation
        await until(pilot, lambda: screen.state == "paused" and screen.trainer is not None)
        await until(pilot, lambda: "test acc" in screen.query_one("#progress-text", TextLine).text)
        await pilot.pause()  # the new text laid out
        progress = screen.query_one("#progress-text", TextLine)
        assert len(progress.text) <= progress.region.width, progress.text
        for tile in screen.query(XOTile):
            assert len(tile.caption) <= tile.region.width
        await pilot.press("f")  # the feature mode, from its compact Select
        assert screen.query_one("#features", Select).value == "from-deck"
        await until(pilot, lambda: screen.state == "ready")
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "done", timeout=30)
        assert_fits(screen, 80, 24)


async def test_a_long_device_line_wraps_beside_the_status() -> None:
    async with training_app(seed=0, device="cpu", epochs=1).run_test(size=(80, 24)) as pilot:
        screen = await ready_screen(pilot)
        assert screen.trainer is not None
        screen.trainer.notice = "CUDA error (out of memory); training continues on the CPU"
        screen._update_status()
        await pilot.pause()
        device = screen.query_one("#device", Label)
        assert "training continues on the CPU" in str(device.content)
        assert device.region.height == 2  # wrapped, not cut
        assert_fits(screen, 80, 24)
        assert screen.query_one("#status").region.x >= device.region.right


async def test_wide_panels_keep_one_row_of_controls_and_features_side_by_side() -> None:
    for size in ((120, 40), (160, 50)):
        async with training_app(seed=0, device="cpu").run_test(size=size) as pilot:
            screen = await ready_screen(pilot)
            await pilot.pause()
            assert_fits(screen, *size)
            rows = {screen.query_one(selector).region.y for selector in CONTROLS}
            assert len(rows) == 1
            learned = screen.query_one("#learned").region
            hand_made = screen.query_one("#hand-made").region
            assert hand_made.y == learned.y and hand_made.x >= learned.right
            assert len({group.region.x for group in screen.query(KindGroup)}) == 3


async def test_resizing_while_training_rearranges_without_a_crash() -> None:
    app = training_app(seed=0, device="cpu", epochs=6, slow=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready_screen(pilot)
        await pilot.press("space")
        await until(pilot, lambda: screen.trainer is not None and screen.trainer.step_count >= 2)
        # 40x12 is too small: the app covers the panel with a notice, which takes the resizes.
        sizes: list[tuple[int, int]] = [(80, 24), (160, 50), (60, 20), (160, 50), (40, 12)]
        for width, height in [*sizes, (80, 24)]:
            await pilot.resize_terminal(width, height)
            assert screen.state == "training"
        await until(pilot, lambda: pilot.app.screen is screen and screen.size == (80, 24))
        assert screen.has_class("-narrow") and not screen.has_class("-tall")
        compact: list[Any] = [screen.query_one(selector) for selector in CONTROLS]
        assert all(control.compact for control in compact)
        assert_fits(screen, 80, 24)
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "paused")
        await pilot.resize_terminal(120, 40)
        # wait for the re-layout at 120x40 (a busy machine may take several frames), then check it
        await until(
            pilot,
            lambda: screen.size == (120, 40) and not any(control.compact for control in compact),
        )
        assert_fits(screen, 120, 40)


async def test_fast_resize_bursts_while_training_leave_a_panel_that_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ten bursts of resizes (wide, too small, 80x24...) while it trains, then 120x40.

    A screen given Resizes of two sizes could lay itself out at each in turn for ever (see
    ``tui.app.stale_resize``); a guard fails the test on thousands of resizes instead of hanging.
    """
    handled = [0]

    def guard(self: Screen[object], event: events.Resize) -> None:
        handled[0] += 1
        assert handled[0] < 5_000, f"{self!r} keeps resizing: a layout loop"

    monkeypatch.setattr(Screen, "on_resize", guard, raising=False)
    app = training_app(seed=0, device="cpu", epochs=6, slow=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready_screen(pilot)
        await pilot.press("space")
        await until(pilot, lambda: screen.trainer is not None and screen.trainer.step_count >= 1)
        driver = pilot.app._driver
        assert driver is not None
        for _ in range(10):
            for width, height in [(200, 60), (20, 8), (80, 24), (160, 50), (61, 17), (120, 40)]:
                size = Size(width, height)
                driver._size = size  # what Pilot.resize_terminal does, without its pause
                pilot.app.post_message(events.Resize(size, size))
                await asyncio.sleep(0)
        await until(pilot, lambda: pilot.app.screen is screen and screen.size == (120, 40))
        assert screen.state == "training"
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "paused")
        await pilot.pause()
        assert not screen.has_class("-narrow")
        assert_fits(screen, 120, 40)
