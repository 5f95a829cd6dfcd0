"""A pipeline: a chain of stages, each fed the previous one's output (deck 003's X/O ConvNet)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from lessons.schema.base import Computes, SceneBase, StageBase
from lessons.schema.fields import BiasValue, Divisor, Expect, Grid, Text
from lessons.schema.layers import BiasParams, FlattenParams, ReluParams
from lessons.schema.windowed import CorrelateParams, PadParams, Pool1dParams, Pool2dParams

__all__ = [
    "AnyStage",
    "BiasStage",
    "Convolve2dStage",
    "Correlate2dStage",
    "FlattenStage",
    "MultichannelStage",
    "PadStage",
    "PipelineScene",
    "Pool1dStage",
    "Pool2dStage",
    "ReluStage",
    "Stage",
    "VoteParams",
    "VoteStage",
]


class VoteParams(Computes):
    """The keys of a vote: labels, one row of weights per label, bias and divisor."""

    labels: tuple[Text, ...] = Field(min_length=1)
    weights: Grid
    bias: BiasValue = 0.0
    divisor: Divisor | None = None
    expect: Expect | None = None


class Correlate2dStage(StageBase, CorrelateParams):
    """A filter stage: its input is the previous stage's output."""

    kind: Literal["correlate2d"]


class Convolve2dStage(StageBase, CorrelateParams):
    """A true-convolution stage."""

    kind: Literal["convolve2d"]


class MultichannelStage(StageBase, CorrelateParams):
    """A multi-channel filter stage."""

    kind: Literal["multichannel"]


class PadStage(StageBase, PadParams):
    """A padding stage."""

    kind: Literal["pad"]


class Pool1dStage(StageBase, Pool1dParams):
    """A 1-D pooling stage."""

    kind: Literal["pool1d"]


class Pool2dStage(StageBase, Pool2dParams):
    """A pooling stage (each map pooled on its own)."""

    kind: Literal["pool2d"]


class ReluStage(StageBase, ReluParams):
    """A ReLU stage."""

    kind: Literal["relu"]


class BiasStage(StageBase, BiasParams):
    """A bias stage."""

    kind: Literal["bias"]


class FlattenStage(StageBase, FlattenParams):
    """A flatten stage."""

    kind: Literal["flatten"]


class VoteStage(StageBase, VoteParams):
    """Fully connected voting: each label's score is its weights · the flattened input.

    Attributes:
        labels: The answers voted on, such as ``[X, O]``.
        weights: One row of weights per label, as long as the flattened input.
        bias: Added to each score (a number, or one per label).
        divisor: Each score is divided by it (to average the votes).
    """

    kind: Literal["vote"]


AnyStage = (
    Correlate2dStage
    | Convolve2dStage
    | MultichannelStage
    | PadStage
    | Pool1dStage
    | Pool2dStage
    | ReluStage
    | BiasStage
    | FlattenStage
    | VoteStage
)
"""Any pipeline stage (the union without its discriminator, for type hints)."""

Stage = Annotated[AnyStage, Field(discriminator="kind")]
"""One step of a pipeline."""


class PipelineScene(SceneBase):
    """A chain of stages, each fed the previous one's output (deck 003's X/O ConvNet).

    Attributes:
        input: The image the chain starts from.
        stages: The stages in order.
        expect: Optionally the last stage's output (each stage may also have its own).
    """

    kind: Literal["pipeline"]
    input: Grid
    stages: tuple[Stage, ...] = Field(min_length=1)
    expect: Expect | None = None
