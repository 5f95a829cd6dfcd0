"""The quiz's grid view: the stepper's :class:`~tui.app.widgets.board.Board`, answer hidden.

A question shows the board at its step with the asked cell bracketed and empty, and no
arithmetic; the feedback shows the very same board as the stepper does at that step, worked
arithmetic included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.widgets import Static

from engine.display import format_number, operand_format
from lessons.playback import OPERAND_INPUT_KINDS
from lessons.quiz.model import Question
from tui.app.widgets.board import Board
from tui.app.widgets.grid import Window


@dataclass(frozen=True, eq=False)
class QuizPlayback:
    """The fields of ``lessons.playback.Playback`` that :class:`Board` reads."""

    kind: str
    input: Any
    padded: Any
    pad: Any
    kernel: Any
    output: Any
    trace: Any
    fmt: Any = None
    formula: str | None = None
    erratum: Any = None

    def format_input(self, value: float) -> str:
        """An input cell as the step text writes it: a correlation's pixels without ``fixed``."""
        operands = self.kind in OPERAND_INPUT_KINDS
        return format_number(value, operand_format(self.fmt) if operands else self.fmt)

    def format_kernel(self, value: float) -> str:
        """A kernel weight as the step text writes it (without ``fixed``)."""
        return format_number(value, operand_format(self.fmt))


def playback_of(question: Question, *, answered: bool) -> QuizPlayback | None:
    """What the board shows for ``question``, before or after it is answered (None: no grid)."""
    visual = question.visual
    if visual is None:
        return None
    if visual.kind == "image" and not answered:
        return QuizPlayback(
            "image", visual.input, visual.padded, visual.pad, None, None, None, question.fmt
        )
    return QuizPlayback(
        visual.kind,
        visual.input,
        visual.padded,
        visual.pad,
        visual.kernel,
        visual.output,
        visual.trace,
        question.fmt,
    )


class QuizBoard(Board):
    """A board at the question's step; with ``hide_answer`` the asked cell stays empty."""

    def __init__(
        self,
        question: Question,
        *,
        hide_answer: bool,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Make the board for ``question``.

        Args:
            question: A question with a :attr:`~lessons.quiz.model.Question.visual`.
            hide_answer: True while the question is open: the asked cell shows ``·``, the
                arithmetic line asks the question, the max-pool winner is not marked, and the
                weights of a flipped kernel are not written on the window.
            id: The widget's id.
            classes: CSS classes.
        """
        playback = playback_of(question, answered=not hide_answer)
        assert playback is not None and question.visual is not None
        step = question.visual.step
        super().__init__(
            playback, step=(step.index + 1) if step is not None else 0, id=id, classes=classes
        )
        self.question = question
        self.hide_answer = hide_answer

    def _mark_inputs(self, step: Any) -> None:
        super()._mark_inputs(step)
        if not self.hide_answer or step is None:
            return
        show_weights = self.question.visual is not None and self.question.visual.kind not in (
            "convolve2d",
        )
        for grid in self.input_grids:
            window = grid.window
            if window is None:
                continue
            weights = window.weights if show_weights else None
            grid.set_marks(window=Window(window.rows, window.cols, weights), winner=None)

    def _mark_outputs(self, step: Any) -> None:
        super()._mark_outputs(step)
        if not self.hide_answer or step is None or not self.output_grids:
            return
        out = tuple(int(i) for i in step.out)
        done = self.step - 1  # every cell before the asked one
        if len(out) == 1:
            self.output_grids[0].set_marks(filled=done, current=(0, out[0]))
            return
        asked_map = out[0] if len(out) == 3 else 0
        for m, grid in enumerate(self.output_grids):
            size = grid.shape[0] * grid.shape[1]
            filled = max(0, min(size, done - m * size))
            current = (out[-2], out[-1]) if m == asked_map else None
            grid.set_marks(filled=filled, current=current, follow=current is not None)

    def _write_text(self, step: Any) -> None:
        if not self.hide_answer:
            super()._write_text(step)
            return
        arithmetic = self.query_one("#arithmetic", Static)
        arithmetic.update("")
        arithmetic.add_class("-empty")
        self.query_one("#partials", Static).add_class("-empty")


__all__ = ["QuizBoard", "QuizPlayback", "playback_of"]
