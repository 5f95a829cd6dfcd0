"""A network scene: a list of layers, each layer's parameter count and output size, and the total.

VGG16's 138,357,544 parameters, or LeNet-5's sizes from 32x32x1 down to 10 outputs, written as
the layers a paper's table lists. With ``input_size`` the sizes are chained (each layer's
channels and a dense layer's inputs come from the layer before); without it, each conv layer
names its ``in_channels`` and each dense layer its ``inputs``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from lessons.schema.base import SceneBase
from lessons.schema.fields import (
    NonNegInt,
    NonNegIntOrPair,
    PosInt,
    PosIntOrPair,
    Record,
    Shape,
    Text,
    field_error,
)

__all__ = ["NetworkLayer", "NetworkScene"]


class NetworkLayer(Record):
    """One layer of a network scene.

    Attributes:
        layer: ``conv``, ``pool``, ``dense`` or ``flatten``.
        name: How the paper names it (``conv3_1``, ``fc6``).
        kernel_size: A conv or pool layer's window: f (f×f), or [F, G].
        filters: A conv layer's number of kernels (its output channels).
        in_channels: A conv layer's input channels (default: from the layer before).
        stride: A conv layer's step (default 1) or a pool layer's (default: its window).
        padding: Zeros around a conv or pool layer's input: an int or [rows, columns].
        inputs: A dense layer's inputs (default: the layer before's output, flattened).
        outputs: A dense layer's outputs.
        bias: Whether a conv or dense layer has biases.
        params: This layer's parameter count as the source prints it (checked).
        size: This layer's output size as the source prints it, such as 112x112x64 (checked).
    """

    layer: Literal["conv", "pool", "dense", "flatten"]
    name: Text | None = None
    kernel_size: PosIntOrPair | None = None
    filters: PosInt | None = None
    in_channels: PosInt | None = None
    stride: PosIntOrPair | None = None
    padding: NonNegIntOrPair = 0
    inputs: PosInt | None = None
    outputs: PosInt | None = None
    bias: Annotated[bool, Strict()] = True
    params: NonNegInt | None = None
    size: Shape | None = None

    @model_validator(mode="after")
    def _complete(self) -> NetworkLayer:
        needs = {
            "conv": ("kernel_size", "filters"),
            "pool": ("kernel_size",),
            "dense": ("outputs",),
            "flatten": (),
        }[self.layer]
        for key in needs:
            if getattr(self, key) is None:
                raise field_error(
                    f"missing key '{key}' for a {self.layer} layer", [], code="missing"
                )
        allowed = {
            "conv": {"kernel_size", "filters", "in_channels", "stride", "padding", "bias"},
            "pool": {"kernel_size", "stride", "padding"},
            "dense": {"inputs", "outputs", "bias"},
            "flatten": set(),
        }[self.layer] | {"layer", "name", "params", "size"}
        for key in sorted(self.model_fields_set - allowed):
            raise field_error(f"{key} is not a key of a {self.layer} layer", key)
        return self


class NetworkScene(SceneBase):
    """A whole network: each layer's parameters and output size, and the total (VGG16's 138M).

    Attributes:
        input_size: The input, [H, W, C] (or [H, W] for one channel): chains the sizes.
        layers: The layers in order.
        expect: The total parameter count as the source prints it.
    """

    kind: Literal["network"]
    input_size: Shape | None = None
    layers: tuple[NetworkLayer, ...] = Field(min_length=1)
    expect: NonNegInt | None = None

    @model_validator(mode="after")
    def _input(self) -> NetworkScene:
        if self.input_size is not None and len(self.input_size) not in (2, 3):
            raise field_error("input_size of a network must be [H, W] or [H, W, C]", "input_size")
        return self
