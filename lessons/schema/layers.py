"""Scenes of the element-wise layers: ReLU, bias and flatten (pipeline stages reuse their keys)."""

from __future__ import annotations

from typing import Literal

from lessons.schema.base import Computes, InputScene
from lessons.schema.fields import BiasValue, Expect

__all__ = [
    "BiasParams",
    "BiasScene",
    "FlattenParams",
    "FlattenScene",
    "ReluParams",
    "ReluScene",
]


class ReluParams(Computes):
    """ReLU has no keys of its own beyond ``expect``."""

    expect: Expect | None = None


class BiasParams(Computes):
    """The bias added: a number, or one per channel."""

    bias: BiasValue
    expect: Expect | None = None


class FlattenParams(Computes):
    """Flatten has no keys of its own beyond ``expect``."""

    expect: Expect | None = None


class ReluScene(InputScene, ReluParams):
    """ReLU: every negative becomes 0."""

    kind: Literal["relu"]


class BiasScene(InputScene, BiasParams):
    """A bias added to every cell (one per channel for a stack)."""

    kind: Literal["bias"]


class FlattenScene(InputScene, FlattenParams):
    """Flatten a grid into one row, row by row."""

    kind: Literal["flatten"]
