"""The one scene model the app draws: a :class:`Playback`, with its timeline, narration and formula.

A Playback is built once, then only read: by the stepper's board, the quiz's board, the narration
and ``cnn-tutor export``. Two ways make one:

* :func:`prepare` binds a loaded lesson scene to the engine (``lessons.load_text`` + ``prepare``
  is also how the tests build one);
* :func:`correlation`, :func:`pooling` and :func:`picture` bind a generated quiz question's
  arrays and numbers.

Rooms: ``model`` (the records), ``build`` (from a scene), ``windows`` (from arrays),
``size_formula`` (the output-size formula), ``narration`` (placeholders and notes).
"""

from __future__ import annotations

from lessons.playback.build import call_formula, prepare, prepare_stage, scene_narration
from lessons.playback.model import (
    OPERAND_INPUT_KINDS,
    Playback,
    SidePadding,
    Timeline,
    input_format,
    narrate,
)
from lessons.playback.size_formula import size_formula
from lessons.playback.windows import correlation, picture, pooling

__all__ = [
    "OPERAND_INPUT_KINDS",
    "Playback",
    "SidePadding",
    "Timeline",
    "call_formula",
    "correlation",
    "input_format",
    "narrate",
    "picture",
    "pooling",
    "prepare",
    "prepare_stage",
    "scene_narration",
    "size_formula",
]
