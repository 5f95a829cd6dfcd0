"""The records a quiz is made of: questions, choices, what the grid shows, and verdicts.

Plain frozen dataclasses; the screens only render them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from engine import Step, Trace
from engine.types import SidePadding
from lessons.playback import Playback
from lessons.quiz.answers import AnswerError, numeric_matches, parse_choice, parse_number

FloatArray = npt.NDArray[np.float64]


def normal_text(text: str) -> str:
    """A word or shape answer, compared without case or spaces (``32 × 32`` is ``32x32``)."""
    return re.sub(r"\s+", "", text.replace("×", "x")).casefold()


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question.

    Attributes:
        key: What the learner types (``a``, ``b``, ...).
        text: The option as shown.
        grid: A small array drawn beside the option (a candidate kernel), or None.
    """

    key: str
    text: str
    grid: tuple[tuple[float, ...], ...] | None = None


@dataclass(frozen=True)
class Diagnosis:
    """A likely mistake: the wrong value it produces and what to tell the learner.

    Attributes:
        name: A short identifier (``bias``, ``divisor``, ``padding``, ``window``, ``sign``,
            ``off-by-one``, ...).
        value: The value the mistake gives, computed by the engine on the mistaken inputs.
        message: One or two sentences for the learner.
    """

    name: str
    value: float
    message: str


@dataclass(frozen=True, eq=False)
class Visual:
    """What the grid view shows for a question: the same picture the stepper shows at that step.

    Attributes:
        playback: The scene model the board draws (:mod:`lessons.playback`): the input, padded
            input, kernel, full output and trace of the question's layer.
        out: The output cell asked about (row, col).
        rows: The window's rows in the padded input (a range; dilation steps by more than one).
        cols: The window's columns in the padded input.
        step: The engine ``Step`` for the cell (its ``text`` is the worked arithmetic), or None.
        winner: For max pooling, the winning cell's (row, col) in the padded input.
        picture: True for a picture question (which filter finds this edge?): the image alone
            until it is answered, then the filter and its whole response (no steps).
    """

    playback: Playback
    out: tuple[int, int]
    rows: range
    cols: range
    step: Step | None = None
    winner: tuple[int, int] | None = None
    picture: bool = False

    @property
    def kind(self) -> str:
        """What the operation is: the playback's kind, or ``image`` for a picture question."""
        return "image" if self.picture else self.playback.kind

    @property
    def input(self) -> FloatArray:
        """The input as the slide shows it, shape (H, W) (1-D inputs are (L,) or (1, L))."""
        assert self.playback.input is not None  # a question's picture always has its input
        return self.playback.input

    @property
    def padded(self) -> FloatArray:
        """The padded input the window slices, shape (H + pads, W + pads)."""
        assert self.playback.padded is not None
        return self.playback.padded

    @property
    def pad(self) -> SidePadding:
        """``((top, bottom), (left, right))``."""
        return self.playback.pad

    @property
    def kernel(self) -> FloatArray | None:
        """The kernel, shape (F, G), or None (pooling)."""
        return self.playback.kernel

    @property
    def output(self) -> FloatArray | None:
        """The full output, shape (H', W')."""
        return self.playback.output

    @property
    def trace(self) -> Trace | None:
        """The engine ``Trace`` the step comes from (None for a picture question)."""
        return self.playback.trace


@dataclass(frozen=True, eq=False)
class Question:
    """One generated question.

    Attributes:
        skill: The question family (also the skill whose mastery it trains).
        key: A stable identifier: family, seed and variant (stored with the answer).
        prompt: The question as shown (plain text with light markdown).
        answer: The engine's value for a numeric question, or the right key for a choice.
        answer_text: The answer as the lesson would print it (``0.77``, ``7/9``, ``b``).
        worked: The worked arithmetic, as the slides write it.
        hints: Hint tiers, in order: which window, the list of products, the answer.
        choices: The options of a multiple-choice question (empty for a numeric one).
        fmt: The lesson's number display rule (an ``engine.display.NumberFormat``), or None.
        diagnoses: Likely mistakes, most specific first.
        visual: What the grid view shows, or None.
        lesson: The lesson a question came from, when it came from one.
    """

    skill: str
    key: str
    prompt: str
    answer: float | str
    answer_text: str
    worked: str
    hints: tuple[str, ...]
    choices: tuple[Choice, ...] = ()
    fmt: Any = None
    diagnoses: tuple[Diagnosis, ...] = ()
    visual: Visual | None = None
    lesson: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_choice(self) -> bool:
        """True for a multiple-choice question."""
        return bool(self.choices)

    def check(self, text: str) -> Verdict:
        """Judge what the learner typed.

        Args:
            text: The raw input.

        Returns:
            A verdict: ``invalid`` (with a gentle message; the learner tries again), ``right``
            or ``wrong`` (with a diagnosis when one of :attr:`diagnoses` fits).
        """
        if self.extra.get("text"):
            typed = normal_text(text)
            if not typed:
                return Verdict("invalid", "", None, "Type your answer first.")
            right = typed == normal_text(str(self.answer))
            return Verdict("right" if right else "wrong", text.strip())
        try:
            if self.is_choice:
                by_text = {normal_text(c.text): c.key for c in self.choices}
                key = by_text.get(normal_text(text)) or parse_choice(
                    text, tuple(c.key for c in self.choices)
                )
                if key == self.answer:
                    return Verdict("right", key)
                return Verdict("wrong", key, self._choice_diagnosis(key))
            parsed = parse_number(text)
        except AnswerError as error:
            return Verdict("invalid", text.strip(), None, str(error))
        assert isinstance(self.answer, float)
        if numeric_matches(parsed, self.answer, self.fmt):
            return Verdict("right", text.strip())
        for diagnosis in self.diagnoses:
            if numeric_matches(parsed, diagnosis.value, self.fmt):
                return Verdict("wrong", text.strip(), diagnosis)
        return Verdict("wrong", text.strip())

    def _choice_diagnosis(self, key: str) -> Diagnosis | None:
        for diagnosis in self.diagnoses:
            if diagnosis.name == f"choice:{key}":
                return diagnosis
        return None


@dataclass(frozen=True)
class Verdict:
    """The outcome of one attempt.

    Attributes:
        kind: ``right``, ``wrong`` or ``invalid`` (not an answer; nothing is recorded).
        given: What was typed, stripped.
        diagnosis: For a wrong answer, the mistake it most likely comes from.
        message: For an invalid answer, what to type instead.
    """

    kind: Literal["right", "wrong", "invalid"]
    given: str
    diagnosis: Diagnosis | None = None
    message: str | None = None

    @property
    def right(self) -> bool:
        """True when the answer counts."""
        return self.kind == "right"


__all__ = ["Choice", "Diagnosis", "Question", "Verdict", "Visual"]
