"""A lesson: its keys, the unions of scene and stage kinds, and the kind lists the loader names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, get_args

from pydantic import Field, Strict, ValidationInfo, field_validator, model_validator

from lessons.arrays import fail
from lessons.schema.backward import BackwardScene
from lessons.schema.base import TextScene
from lessons.schema.fields import Record, Text, field_error
from lessons.schema.layers import BiasScene, FlattenScene, ReluScene
from lessons.schema.network import NetworkScene
from lessons.schema.pipeline import AnyStage, PipelineScene
from lessons.schema.records import Citation, DeckRef, Display
from lessons.schema.sizes import OutputSizeScene, ParamCountScene
from lessons.schema.windowed import (
    Convolve2dScene,
    Correlate1dScene,
    Correlate2dScene,
    GradientMagnitudeScene,
    MultichannelScene,
    PadScene,
    Pool1dScene,
    Pool2dScene,
    Transposed2dScene,
)

__all__ = [
    "ARRAY_KINDS",
    "SCENE_KINDS",
    "STAGE_KINDS",
    "AnyScene",
    "ArrayScene",
    "Lesson",
    "Scene",
]


ArrayScene = (
    Correlate1dScene
    | Correlate2dScene
    | Convolve2dScene
    | MultichannelScene
    | Transposed2dScene
    | PadScene
    | Pool1dScene
    | Pool2dScene
    | GradientMagnitudeScene
    | ReluScene
    | BiasScene
    | FlattenScene
    | BackwardScene
)
"""Scenes computed from an input grid."""

AnyScene = TextScene | ArrayScene | OutputSizeScene | ParamCountScene | NetworkScene | PipelineScene
"""Any scene (the union without its discriminator, for type hints)."""

Scene = Annotated[AnyScene, Field(discriminator="kind")]
"""One scene of a lesson; ``kind`` says which."""


def _kinds(union: Any) -> tuple[str, ...]:
    """The ``kind`` tags of a union's models, in the union's order."""
    return tuple(get_args(model.model_fields["kind"].annotation)[0] for model in get_args(union))


SCENE_KINDS: tuple[str, ...] = _kinds(AnyScene)
"""Every scene kind, in the order the format reference lists them."""

STAGE_KINDS: tuple[str, ...] = _kinds(AnyStage)
"""Kinds a pipeline stage may have."""

ARRAY_KINDS = frozenset(_kinds(ArrayScene))
"""Kinds that compute an array from an ``input`` grid."""


class Lesson(Record):
    """One lesson file.

    Attributes:
        id: Unique lesson id (letters, digits, ``-``, ``_`` and ``.``).
        title: The lesson's title.
        deck: The deck it mirrors (None, or ``deck.file`` None: beyond the decks).
        summary: One line for the lesson list.
        citation: Where its examples come from (the file's ``source:`` key), or None.
        display: Default number display for scenes that give none.
        prerequisites: Ids of the lessons to finish first (the home screen shows a lesson as
            unlocked once they are done, and suggests the next one); none by default.
        scenes: The scenes in teaching order.
        source: The file it was loaded from (set by the loader, not written in the file).
    """

    id: Annotated[str, Strict(), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)]
    title: Text
    deck: DeckRef | None = None
    summary: Text
    citation: Citation | None = Field(default=None, validation_alias="source")
    display: Display | None = None
    prerequisites: tuple[
        Annotated[str, Strict(), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)],
        ...,
    ] = Field(default=(), max_length=50)
    scenes: tuple[Scene, ...] = Field(min_length=1)
    source: Path | None = Field(default=None, exclude=True, validation_alias="loader_path")

    @field_validator("source", mode="plain")
    @classmethod
    def _source_from_loader(cls, value: object, info: ValidationInfo) -> Path | None:
        if value is None:
            return None
        if not (info.context or {}).get("loader"):
            raise fail("unknown key 'loader_path' (the loader sets it)")
        return Path(str(value))

    @model_validator(mode="after")
    def _slides_traceable(self) -> Lesson:
        """Without a deck file of its own, a lesson's slide references must each name a deck."""
        if self.deck is not None and self.deck.file is not None:
            return self
        for index, scene in enumerate(self.scenes):
            if scene.slide is not None and scene.slide.deck is None:
                raise field_error(
                    "this lesson has no deck file, so its slide must name one: add "
                    "deck: FILE (such as 004_49149de07628b17c.txt)",
                    ["scenes", index, "slide"],
                )
        return self

    @model_validator(mode="after")
    def _inherit_display(self) -> Lesson:
        if self.display is not None:
            scenes = tuple(
                s if s.display is not None else s.model_copy(update={"display": self.display})
                for s in self.scenes
            )
            object.__setattr__(self, "scenes", scenes)
        return self
