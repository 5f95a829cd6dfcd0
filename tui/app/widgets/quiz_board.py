"""The quiz's grid view: the stepper's :class:`~tui.app.widgets.board.Board`, answer hidden.

A question shows the board at its step with the asked cell bracketed and empty, and no
arithmetic; the feedback shows the very same board as the stepper does at that step, worked
arithmetic included.
"""

from __future__ import annotations

from dataclasses import replace

from engine import Step
from lessons.playback import Playback
from lessons.quiz.model import Question
from tui.app.widgets.board import Board
from tui.app.widgets.board_conceal import conceal_outputs, conceal_text
from tui.app.widgets.grid import Window


def playback_of(question: Question, *, answered: bool) -> Playback | None:
    """What the board shows for ``question``, before or after it is answered (None: no grid).

    A picture question shows the image alone until it is answered, then the filter and its
    whole response.
    """
    visual = question.visual
    if visual is None:
        return None
    if visual.picture and not answered:
        return replace(visual.playback, kernel=None, output=None)
    return visual.playback


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
            playback,
            step=(step.index + 1) if step is not None else 0,
            notes=False,
            id=id,
            classes=classes,
        )
        self.question = question
        self.hide_answer = hide_answer

    def _mark_inputs(self, step: Step | None) -> None:
        super()._mark_inputs(step)
        if not self.hide_answer or step is None:
            return
        # A flipped kernel's weights on the window would show the flip the question asks for.
        show_weights = (
            self.question.visual is not None and self.question.visual.kind != "convolve2d"
        )
        for grid in self.input_grids:
            window = grid.window
            if window is None:
                continue
            weights = window.weights if show_weights else None
            grid.set_marks(window=Window(window.rows, window.cols, weights), winner=None)

    def _mark_outputs(self, step: Step | None) -> None:
        super()._mark_outputs(step)
        if self.hide_answer and step is not None:
            conceal_outputs(self, step)

    def _write_text(self, step: Step | None) -> None:
        if not self.hide_answer:
            super()._write_text(step)
            return
        conceal_text(self)


__all__ = ["QuizBoard", "playback_of"]
