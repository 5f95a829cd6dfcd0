"""The small records a lesson and its scenes share: deck and slide references, the display rule,
errata, and quiz questions."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, PlainValidator, Strict, model_validator

from engine.display import NumberFormat
from lessons.arrays import fail
from lessons.schema.fields import AnswerText, NonNegInt, NumberText, PosInt, Record, Shape, Text

__all__ = [
    "SEED_DECK",
    "Citation",
    "DeckRef",
    "Display",
    "Erratum",
    "ErratumCell",
    "QuizQuestion",
    "ShapeErratum",
    "SlideRef",
]


def _page_text(value: object) -> str:
    if (isinstance(value, int) and not isinstance(value, bool)) or isinstance(value, str):
        return str(value).strip()
    raise fail(f"page must be a number or some text such as 12-13, got {value!r}")


SEED_DECK = r"^[0-9]{3}_[0-9a-f]{16}\.txt$"
"""A seed deck's file name: three digits, ``_``, sixteen hex digits, ``.txt``."""


def _seed_file(value: str | None) -> str | None:
    if value is not None and not re.match(SEED_DECK, value):
        raise fail(
            f"deck file {value!r} is not a seed deck's name (such as 004_49149de07628b17c.txt); "
            "for a lesson that mirrors no deck, leave 'deck' out and cite it with 'source'"
        )
    return value


class Citation(Record):
    """Where a worked example comes from, for a lesson or scene beyond the decks.

    Written as a mapping or, for short, as a title or a page address alone
    (``source: https://d2l.ai/chapter_convolutional-neural-networks/padding-and-strides.html``).

    Attributes:
        title: The work's title (a book, an article, a page).
        author: Who wrote it.
        repo: A repository, ``owner/name`` (``vdumoulin/conv_arithmetic``).
        path: A file in the repository, or a chapter or figure of the book.
        url: The page's address.
        page: The page or section number in a printed work.
        note: Anything else that pins it down ("the third figure").
    """

    title: Text | None = None
    author: Text | None = None
    repo: Text | None = None
    path: Text | None = None
    url: Text | None = None
    page: Annotated[str, PlainValidator(_page_text)] | None = None
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            key = "url" if data.startswith(("http://", "https://")) else "title"
            return {key: data}
        return data

    @model_validator(mode="after")
    def _names_something(self) -> Citation:
        if self.title is None and self.url is None and self.repo is None:
            raise fail("a source needs a title, a url or a repo")
        return self

    def text(self) -> str:
        """One line: ``A guide to convolution arithmetic, Dumoulin and Visin, vdumoulin/...``."""
        parts = [p for p in (self.title, self.author) if p]
        if self.repo:
            parts.append(f"{self.repo}: {self.path}" if self.path else self.repo)
        elif self.path:
            parts.append(self.path)
        if self.page:
            parts.append(f"p. {self.page}")
        if self.url:
            parts.append(self.url)
        if self.note:
            parts.append(self.note)
        return ", ".join(parts)


class DeckRef(Record):
    """The lecture deck a lesson mirrors, or none for a lesson beyond the decks.

    Attributes:
        file: The seed deck's file name, such as ``000_2ce6168aac0ff3a0.txt``; None (left out, or
            ``file: null``) for a lesson that mirrors no deck. Such a lesson's scenes name the
            deck of each slide they follow (``slide: {title: ..., line: ..., deck: FILE}``).
        course: The course the deck belongs to, such as ``CS344 Deep Learning``; for a lesson
            without a deck, the group the app lists it under (``Beyond the decks``).
    """

    file: Annotated[Text | None, AfterValidator(_seed_file)] = None
    course: Text


class SlideRef(Record):
    """Which part of the deck a scene follows.

    Written as a mapping or, for short, as the slide's title alone (``slide: Stride of 2``).

    Attributes:
        title: The slide's heading as the deck prints it.
        line: The line in the seed text file where the worked example starts (1-based).
        note: Anything else that pins it down ("the third build-up frame").
        deck: The seed file, when the slide is in another deck than the lesson's.
    """

    title: Text
    line: PosInt | None = None
    note: Text | None = None
    deck: Annotated[Text | None, AfterValidator(_seed_file)] = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"title": data}
        return data


class Display(Record):
    """How this scene writes numbers (the slide's own rounding).

    Attributes:
        decimals: Decimal places (None: integers bare, others up to 4 decimals).
        mode: ``round``, ``truncate`` (deck 003 prints 7/9 as 0.77) or ``fraction`` (``7/9``).
        fixed: Keep trailing zeros (``1.00``), as deck 003's grids do.
    """

    decimals: Annotated[int, Strict(), Field(ge=0, le=10)] | None = None
    mode: Literal["round", "truncate", "fraction"] = "round"
    fixed: Annotated[bool, Strict()] = False

    def fmt(self) -> NumberFormat:
        """The engine's :class:`~engine.display.NumberFormat` for this rule."""
        return NumberFormat(self.decimals, self.mode, fixed=self.fixed)


class ErratumCell(Record):
    """One wrong number on a slide.

    Attributes:
        at: The cell's index in the output, 0-based (``[1, 0]``); ``[]`` for a single number.
        slide: The value the slide prints.
        correct: The value recomputation gives.
    """

    at: tuple[NonNegInt, ...] = ()
    slide: NumberText
    correct: NumberText


class ShapeErratum(Record):
    """A slide that prints the output with the wrong shape.

    Attributes:
        slide: The shape the slide prints (``[8, 6]``).
        correct: The shape recomputation gives (``[6, 6]``).
    """

    slide: Shape
    correct: Shape


class Erratum(Record):
    """A known error on the slide, found by recomputation; the tutor shows the correction.

    Attributes:
        note: What is wrong and why, for the learner.
        cells: The wrong cells, each with the slide's and the correct value.
        shape: The wrong shape, if the slide prints too many or too few rows or columns.
    """

    note: Text
    cells: tuple[ErratumCell, ...] = ()
    shape: ShapeErratum | None = None

    def cell(self, index: tuple[int, ...]) -> ErratumCell | None:
        """The erratum entry for one output cell, if any."""
        for entry in self.cells:
            if tuple(entry.at) == tuple(index):
                return entry
        return None


class QuizQuestion(Record):
    """A question attached to a scene.

    Attributes:
        ask: The question (markdown).
        answer: The answer as text (a number such as ``4`` or ``0.77``, or a word). Optional when
            ``cell`` is given or the scene computes a single number: the engine computes it.
        cell: An output cell of this scene whose computed value is the answer.
        choices: For multiple choice: the options (the answer must be one of them).
        hint: A nudge shown on request.
        explain: Shown after answering.
    """

    ask: Text
    answer: AnswerText | None = None
    cell: tuple[NonNegInt, ...] | None = None
    choices: tuple[AnswerText, ...] | None = None
    hint: Text | None = None
    explain: Text | None = None

    @model_validator(mode="after")
    def _choices_hold_answer(self) -> QuizQuestion:
        if self.choices is not None:
            if self.answer is None:
                raise fail("a multiple-choice question needs 'answer' (one of the choices)")
            if len(self.choices) < 2:
                raise fail("choices needs at least two options", at=())
            if self.answer is not None and self.answer not in self.choices:
                raise fail(f"answer {self.answer!r} is not one of the choices")
        return self
