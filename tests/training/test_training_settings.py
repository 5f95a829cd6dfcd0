"""The training panel's settings apply on Enter or on leaving the field, never while typing."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Label

pytest.importorskip("torch")

from .panel_helpers import ready, training_app, until

SIZE = (120, 40)


async def clear_field(pilot: Pilot[Any], field: Input) -> None:
    """Focus ``field`` and empty it with keys, as a user would."""
    field.focus()
    await pilot.press("end", *["backspace"] * len(field.value))
    await until(pilot, lambda: field.value == "")


async def test_typing_20_into_epochs_applies_20_on_enter_and_never_2() -> None:
    async with training_app(seed=0, device="cpu", epochs=5).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        trainer = screen.trainer
        assert trainer is not None
        applied: list[int] = []
        real_set_epochs = trainer.set_epochs

        def spy(epochs: int) -> None:
            applied.append(epochs)
            real_set_epochs(epochs)

        trainer.set_epochs = spy  # type: ignore[method-assign]
        epochs = screen.query_one("#epochs", Input)
        await clear_field(pilot, epochs)
        await pilot.press("2")
        await until(pilot, lambda: epochs.value == "2")
        await pilot.pause()
        assert screen.settings.epochs == 5 and trainer.config.epochs == 5  # typing applies nothing
        await pilot.press("0", "enter")
        await until(pilot, lambda: screen.settings.epochs == 20)
        assert trainer.config.epochs == 20
        assert applied == [20]  # once, and never 2 on the way
        assert screen.focused is screen.query_one("#start", Button)  # Enter moves on to Start


async def test_leaving_the_field_applies_its_value() -> None:
    async with training_app(seed=0, device="cpu").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.trainer is not None
        batch = screen.query_one("#batch-size", Input)
        await clear_field(pilot, batch)
        await pilot.press("8")
        await until(pilot, lambda: batch.value == "8")
        await pilot.pause()
        assert screen.trainer.config.batch_size == 32  # not yet
        await pilot.press("tab")  # focus moves to the feature picker: the field is left
        await until(
            pilot, lambda: screen.trainer is not None and screen.trainer.config.batch_size == 8
        )
        assert screen.settings.batch_size == 8
        lr = screen.query_one("#lr", Input)
        await clear_field(pilot, lr)
        await pilot.press(*"0.001")
        await pilot.click("#reset")  # a click elsewhere blurs the field too; reset keeps settings
        await until(pilot, lambda: screen.settings.lr == pytest.approx(0.001))
        await until(pilot, lambda: screen.state == "ready" and screen.trainer is not None)
        assert screen.trainer is not None and screen.trainer.optimizer.lr == pytest.approx(0.001)


async def test_an_invalid_value_is_refused_with_a_message_and_the_old_one_kept() -> None:
    async with training_app(seed=0, device="cpu", epochs=7).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.trainer is not None
        error = screen.query_one("#setting-error", Label)
        epochs = screen.query_one("#epochs", Input)
        await clear_field(pilot, epochs)
        await pilot.press("0")
        await pilot.pause()
        assert not error.display  # nothing is judged while typing
        await pilot.press("enter")
        await until(pilot, lambda: error.display)
        assert str(error.content) == (
            "epochs: '0' refused, it must be a whole number from 1 to 10000; still using 7"
        )
        assert screen.settings.epochs == 7 and screen.trainer.config.epochs == 7
        # Enter on a refused value: the field keeps the text, marked, and the focus, to fix it.
        assert screen.focused is epochs and epochs.value == "0" and epochs.has_class("-invalid")
        await pilot.press("tab")  # leaving it: the field shows the setting still used
        await until(pilot, lambda: epochs.value == "7")
        assert not epochs.has_class("-invalid")
        assert str(error.content).startswith("epochs: '0' refused")  # the message stays
        assert screen.trainer.config.epochs == 7
        lr = screen.query_one("#lr", Input)
        await clear_field(pilot, lr)
        await pilot.press("enter")  # an empty field
        await until(pilot, lambda: str(error.content).startswith("lr:"))
        assert "lr: an empty field refused" in str(error.content)
        assert "still using 0.02" in str(error.content)
        assert screen.trainer.optimizer.lr == 0.02
        await pilot.press(*"0.01", "enter")  # a valid value: applied, the message goes
        await until(pilot, lambda: not error.display)
        assert screen.trainer.optimizer.lr == pytest.approx(0.01)
