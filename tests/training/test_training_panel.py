"""Pilot tests of the training panel: loading torch, start, pause, one batch, cancel, settings."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, Static

from lessons import LoadResult
from tui.app.app import CnnTutorApp
from tui.app.screens.training import TrainingScreen
from tui.app.widgets.training import KindGroup, TextLine, XOTile

from .panel_helpers import enter, training_app

REPO = Path(__file__).resolve().parents[2]
SIZE = (120, 40)


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 120) -> None:
    """Wait for ``condition``; the timeout is only a safety net, generous on a busy machine."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        await pilot.pause(0.02)


async def ready_screen(pilot: Pilot[Any]) -> TrainingScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, TrainingScreen))
    screen = pilot.app.screen
    assert isinstance(screen, TrainingScreen)
    await until(pilot, lambda: screen.state != "loading")
    return screen


def training_workers(screen: TrainingScreen) -> list[Any]:
    return [w for w in screen.workers if w.group == "training" and w.is_running]


def test_importing_the_panel_leaves_torch_out() -> None:
    code = (
        "import json, sys; "
        "import tui.app.screens.training, tui.training.data, tui.training.config; "
        "print(json.dumps('torch' in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert json.loads(out.stdout) is False


async def test_loading_torch_then_start_trains_to_the_end_and_fills_the_panel() -> None:
    async with training_app(seed=0, device="cpu", epochs=2).run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, TrainingScreen))
        screen = pilot.app.screen
        assert isinstance(screen, TrainingScreen)
        screen = await ready_screen(pilot)
        assert screen.state == "ready"
        assert str(screen.query_one("#device", Label).content) == "Device: CPU (asked for)"
        assert "space" in str(screen.query_one("#status", Label).content)
        assert all(tile.prediction is None for tile in screen.query(XOTile))
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "done")
        assert screen.trainer is not None and screen.trainer.epochs_done == 2
        assert len(screen.curves.batch_x) == 2 * 64 and len(screen.curves.test_x) == 2
        text = screen.query_one("#progress-text", TextLine).text
        assert text.startswith("epoch 2/2 · batch 64/64")
        assert all(tile.prediction is not None for tile in screen.query(XOTile))
        title = screen.query_one("#kind-deck", KindGroup).query_one(".kind-title", Label)
        assert str(title.content) == "deck  2/2  all right"
        assert screen.query_one("#start").disabled  # nothing left to train


async def test_pause_takes_effect_within_one_batch_and_resume_goes_on() -> None:
    app = training_app(seed=0, device="cpu", epochs=50, slow=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready_screen(pilot)
        await pilot.press("space")
        await until(pilot, lambda: screen.trainer is not None and screen.trainer.step_count >= 3)
        await pilot.press("space")
        assert screen.state == "paused"
        paused_at = screen.trainer.step_count if screen.trainer else 0
        await until(pilot, lambda: not training_workers(screen))
        await pilot.pause(0.3)
        assert screen.trainer is not None
        assert screen.trainer.step_count <= paused_at + 1
        await pilot.press("space")
        assert screen.state == "training"
        await until(
            pilot, lambda: screen.trainer is not None and screen.trainer.step_count > paused_at + 2
        )


async def test_keys_keep_working_while_training() -> None:
    # Slow motion keeps the worker busy for many seconds (50 ms between batches, thousands of
    # batches), so each key below is answered while the training worker is still running: the
    # test asserts that, not how fast the answer came.
    app = training_app(seed=0, device="cpu", epochs=10, slow=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready_screen(pilot)
        await pilot.press("space")
        await until(pilot, lambda: screen.trainer is not None and screen.trainer.step_count >= 1)
        assert training_workers(screen)
        await pilot.press("d")  # cpu -> cuda, which this machine may not have
        device = screen.query_one("#device", Label)
        await until(pilot, lambda: "CUDA" in str(device.content))
        assert training_workers(screen) and screen.state == "training"
        assert screen.trainer is not None and not screen.trainer.finished
        await pilot.press("s")  # slow motion off: the worker reads it at the next batch
        assert screen.slow is False  # (at full speed the rest of the run may end at once)
        started, repaints = time.monotonic(), screen.repaints
        await until(pilot, lambda: screen.state == "done", timeout=300)
        # Thousands of batches, yet repaints stay near REPAINT_HZ (plus the final one). A busy
        # machine only makes the bound looser (more seconds, the same batches).
        elapsed = time.monotonic() - started
        assert screen.trainer.step_count > 500
        assert screen.repaints - repaints <= 10 * elapsed + 3


async def test_reset_cancels_the_worker_and_starts_from_the_seed() -> None:
    async with training_app(seed=0, device="cpu", epochs=50, slow=True).run_test(
        size=SIZE
    ) as pilot:
        screen = await ready_screen(pilot)
        first_filters = screen.trainer.filters() if screen.trainer else None
        await pilot.press("space")
        await until(pilot, lambda: screen.trainer is not None and screen.trainer.step_count >= 2)
        old = screen.trainer
        assert old is not None
        await pilot.press("r")
        await until(pilot, lambda: not training_workers(screen))
        with screen._step_lock:  # a batch under way when "r" came ends first
            stopped_at = old.step_count
        await pilot.pause(0.3)  # time for a batch that must not come
        assert old.step_count == stopped_at  # the old run is really cancelled
        screen = await ready_screen(pilot)
        assert screen.trainer is not old and screen.trainer is not None
        assert screen.trainer.step_count == 0 and screen.curves.batch_x == []
        assert first_filters is not None
        assert (screen.trainer.filters() == first_filters).all()


async def test_leaving_the_panel_cancels_training() -> None:
    async with training_app(seed=0, device="cpu", epochs=50, slow=True).run_test(
        size=SIZE
    ) as pilot:
        screen = await ready_screen(pilot)
        await pilot.press("space")
        await until(pilot, lambda: screen.trainer is not None and screen.trainer.step_count >= 2)
        trainer = screen.trainer
        assert trainer is not None
        workers = training_workers(screen)
        assert workers
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(pilot.app.screen, TrainingScreen))
        await until(pilot, lambda: all(worker.is_cancelled for worker in workers))
        with screen._step_lock:  # a batch under way when the panel closed ends first
            count = trainer.step_count
        await asyncio.sleep(0.3)  # time for a batch that must not come
        assert trainer.step_count == count


async def test_one_batch_trains_one_batch_and_shows_predictions() -> None:
    async with training_app(seed=0, device="cpu").run_test(size=SIZE) as pilot:
        screen = await ready_screen(pilot)
        await pilot.press("n")
        await until(pilot, lambda: screen.state == "paused" and not training_workers(screen))
        await until(
            pilot, lambda: all(tile.prediction is not None for tile in screen.query(XOTile))
        )
        assert screen.trainer is not None and screen.trainer.step_count == 1
        assert len(screen.curves.test_x) == 1  # evaluated after the batch
        assert all(tile.prediction is not None for tile in screen.query(XOTile))
        await pilot.press("n")
        await until(pilot, lambda: screen.trainer is not None and screen.trainer.step_count == 2)


async def test_settings_apply_and_bad_values_are_ignored() -> None:
    async with training_app(seed=0, device="cpu").run_test(size=SIZE) as pilot:
        screen = await ready_screen(pilot)
        await enter(pilot, "#lr", "0.005")
        assert screen.trainer is not None and screen.trainer.optimizer.lr == 0.005
        await enter(pilot, "#lr", "-3")
        assert screen.trainer.optimizer.lr == 0.005
        await enter(pilot, "#batch-size", "8")
        await enter(pilot, "#epochs", "3")
        assert screen.trainer.config.batch_size == 8 and screen.trainer.config.epochs == 3
        await pilot.press("f")  # learn -> from-deck: a fresh trainer with the deck's features
        await until(pilot, lambda: screen.state == "ready" and screen.trainer is not None)
        assert screen.trainer is not None and screen.trainer.config.features == "from-deck"
        assert screen.trainer.config.batch_size == 8


async def test_without_torch_the_panel_explains_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    async with training_app().run_test(size=SIZE) as pilot:
        screen = await ready_screen(pilot)
        assert screen.state == "unavailable"
        text = str(screen.query_one("#unavailable", Static).content)
        assert "torch is not installed" in text and "pip install torch" in text
        assert str(screen.query_one("#status", Label).content) == "torch unavailable"
        await pilot.press("space", "n", "r")  # nothing to train, nothing breaks
        assert screen.state == "unavailable" and screen.trainer is None
        assert screen.query_one("#start").disabled


def test_progress_messages_coalesce() -> None:
    import numpy as np

    first = TrainingScreen.Progress(0, None, np.zeros((3, 3, 3)), None)
    later = TrainingScreen.Progress(0, None, np.ones((3, 3, 3)), None)
    assert later.can_replace(first)
    assert not later.can_replace(TrainingScreen.Stopped(0, finished=False))


def test_cnn_tutor_train_opens_the_app_on_the_panel(monkeypatch: pytest.MonkeyPatch) -> None:
    """``cnn-tutor train --seed 3 --epochs 4 --device cpu`` (no --headless) shows the panel."""
    from tui.cli import main

    seen: dict[str, Any] = {}

    async def look(app: CnnTutorApp) -> None:
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready_screen(pilot)
            seen["settings"] = screen.settings
            seen["device"] = str(screen.query_one("#device", Label).content)

    monkeypatch.setattr(CnnTutorApp, "run", lambda self, **kwargs: asyncio.run(look(self)))
    monkeypatch.setattr(CnnTutorApp, "lessons", LoadResult())
    assert main(["train", "--seed", "3", "--epochs", "4", "--device", "cpu"]) == 0
    settings = seen["settings"]
    assert (settings.seed, settings.epochs, settings.device) == (3, 4, "cpu")
    assert seen["device"] == "Device: CPU (asked for)"


async def test_loading_torch_is_shown_and_settings_typed_meanwhile_apply(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    import tui.app.screens.training as panel_module

    release = threading.Event()
    real_load = panel_module.load_trainer

    def slow_load() -> Any:
        release.wait(120)  # a safety net: the test sets it
        return real_load()

    monkeypatch.setattr(panel_module, "load_trainer", slow_load)
    async with training_app(seed=0, device="cpu").run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, TrainingScreen))
        screen = pilot.app.screen
        assert isinstance(screen, TrainingScreen)
        await until(pilot, lambda: screen.is_mounted and bool(screen.query("#status")))
        assert screen.state == "loading"
        assert str(screen.query_one("#status", Label).content) == "loading torch…"
        assert str(screen.query_one("#device", Label).content) == "Device: loading torch…"
        assert screen.query_one("#start").disabled
        await pilot.press("f")  # learn -> from-deck while torch loads
        await enter(pilot, "#lr", "0.003")
        release.set()
        await until(pilot, lambda: screen.state == "ready" and screen.trainer is not None)
        assert screen.trainer is not None
        assert screen.trainer.config.features == "from-deck"
        assert screen.trainer.optimizer.lr == 0.003
