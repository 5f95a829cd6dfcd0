"""The training panel's digits mode, and its teaching: slow motion, refusals, reset, ticks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, Label

pytest.importorskip("torch")


from tui.app.widgets.digits_view import ConfusionMatrix, DigitTile
from tui.app.widgets.picture import MapStrip
from tui.app.widgets.training import TextLine, XOTile
from tui.training.curves import even_ticks

from .panel_helpers import enter, ready, training_app, until

SIZE = (120, 60)


async def test_digits_panel_shows_confusion_misses_and_feature_maps() -> None:
    app = training_app(seed=0, device="cpu", epochs=1, data="digits")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.trainer is not None and len(screen.trainer.test) == 359
        assert screen.query_one("#features").disabled  # nothing hand-made to pick
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "done")
        await until(pilot, lambda: screen.query_one(ConfusionMatrix).counts is not None)
        counts = screen.query_one(ConfusionMatrix).counts
        assert counts is not None and counts.shape == (10, 10)
        assert int(counts.sum()) == 359
        evaluation = screen.trainer.history[-1].evaluation
        wrong = int((evaluation.predictions != screen.trainer.test.labels).sum())
        assert wrong == 359 - int(np.trace(counts)) and wrong > 0  # one epoch is not perfect
        tiles = [tile for tile in screen.query(DigitTile) if tile.index is not None]
        assert len(tiles) == min(8, wrong)
        first = tiles[0]
        assert first.index is not None
        label = int(screen.trainer.test.labels[first.index])
        assert first.caption.startswith(f"{label}→")
        misses, shown = screen._misses, screen.selected
        await pilot.press("right_square_bracket")
        if shown in misses:  # the next miss, or the first one
            assert screen.selected == misses[(misses.index(shown) + 1) % len(misses)]
        else:
            assert screen.selected == misses[0]
        strips = {strip.id: strip for strip in screen.query(MapStrip)}
        assert len(strips["map-conv1"]._maps) == 8 and len(strips["map-pool2"]._maps) == 16
        await pilot.click(tiles[1])
        await until(pilot, lambda: screen.selected == tiles[1].index)


async def test_bad_settings_are_refused_with_a_message_in_the_panel() -> None:
    async with training_app(seed=0, device="cpu").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.trainer is not None
        await enter(pilot, "#lr", "-3")
        error = screen.query_one("#setting-error", Label)
        assert error.display and "lr: '-3' refused" in str(error.content)
        assert "still using 0.02" in str(error.content)
        assert screen.trainer.optimizer.lr == 0.02
        await enter(pilot, "#epochs", "0")
        assert "epochs: '0' refused" in str(error.content)
        assert screen.trainer.config.epochs == 12
        await enter(pilot, "#epochs", "3")
        assert not error.display and screen.trainer.config.epochs == 3


async def test_a_bad_batch_size_is_refused_with_a_message_in_the_panel() -> None:
    async with training_app(seed=0, device="cpu", data="digits").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.trainer is not None
        size = screen.trainer.config.batch_size
        error = screen.query_one("#setting-error", Label)
        for bad in ("0", "5000"):
            await enter(pilot, "#batch-size", bad)
            assert f"batch size: '{bad}' refused" in str(error.content)
            assert f"still using {size}" in str(error.content)
            assert screen.trainer.config.batch_size == size


async def test_a_character_the_field_cannot_hold_is_refused_with_a_message() -> None:
    """Typed keys the field blocks (a letter, a decimal point in a whole number) are not dropped
    silently: the panel says what was refused and what is still used."""
    async with training_app(seed=0, device="cpu", data="digits").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.trainer is not None
        error = screen.query_one("#setting-error", Label)
        epochs = screen.query_one("#epochs", Input)
        epochs.focus()
        await pilot.press("end", "full_stop")
        await until(pilot, lambda: "refused" in str(error.content))
        assert "epochs: '20.' refused, it must be a whole number" in str(error.content)
        assert "still using 20" in str(error.content) and epochs.value == "20"
        batch = screen.query_one("#batch-size", Input)
        batch.focus()
        await pilot.press("end", "x")
        await until(pilot, lambda: "batch size" in str(error.content))
        assert "batch size: '32x' refused" in str(error.content)
        assert screen.trainer.config.batch_size == 32
        lr = screen.query_one("#lr", Input)
        lr.focus()
        await pilot.press("end", "q")
        await until(pilot, lambda: str(error.content).startswith("lr:"))
        assert "lr: '0.005q' refused, it must be a number above 0" in str(error.content)
        await pilot.press("backspace", "1", "enter")  # 0.00, 0.001, applied: the message goes
        await until(pilot, lambda: not error.display)
        assert screen.trainer.optimizer.lr == pytest.approx(0.001)


async def test_reset_clears_the_old_predictions() -> None:
    async with training_app(seed=0, device="cpu").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("n")
        await until(pilot, lambda: all(t.prediction is not None for t in screen.query(XOTile)))
        await pilot.press("r")
        await until(pilot, lambda: screen.state == "ready")
        assert all(tile.prediction is None for tile in screen.query(XOTile))
        assert screen.query_one("#filter-change", TextLine).text == ""


async def test_slow_motion_shows_how_one_batch_moved_each_filter() -> None:
    async with training_app(seed=0, device="cpu").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.trainer is not None
        before = screen.trainer.filters()
        await pilot.press("s", "n")
        line = screen.query_one("#filter-change", TextLine)
        await until(pilot, lambda: line.text.startswith("last batch"))
        after = screen.trainer.filters()
        moved = np.abs(after - before).reshape(3, -1).max(axis=1)
        expected = "  ".join(f"{k + 1}:{value:.3f}" for k, value in enumerate(moved))
        assert line.text.endswith(expected)
        assert "slow motion" in str(screen.query_one("#status", Label).content)


@given(
    st.floats(min_value=-1e3, max_value=1e3, allow_nan=False),
    st.floats(min_value=1e-3, max_value=1e6, allow_nan=False),
)
def test_axis_ticks_are_evenly_spaced_and_cover_the_range(low: float, span: float) -> None:
    ticks = even_ticks(low, low + span)
    assert 2 <= len(ticks) <= 6
    gaps = np.diff(ticks)
    assert np.allclose(gaps, gaps[0], rtol=1e-6, atol=1e-9 * max(1.0, abs(low)))
    assert ticks[0] == pytest.approx(low) and ticks[-1] >= low + span - 1e-9 * max(1, abs(low))


async def test_reset_clears_the_digits_predictions_matrix_and_misses() -> None:
    """After an epoch on the digits, r leaves no count, no misclassified digit and no map of
    the old net on the panel: the fresh net has predicted nothing yet."""
    app = training_app(seed=0, device="cpu", epochs=1, data="digits")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "done")
        matrix = screen.query_one(ConfusionMatrix)
        await until(pilot, lambda: matrix.counts is not None)
        assert screen._misses  # one epoch is not perfect: there are digits to show
        assert any(tile.index is not None for tile in screen.query(DigitTile))
        await pilot.press("r")
        await until(pilot, lambda: screen.state == "ready")
        await until(pilot, lambda: matrix.counts is None)
        assert screen._misses == []
        assert all(tile.index is None for tile in screen.query(DigitTile))
        assert screen.trainer is not None and screen.trainer.history == []
