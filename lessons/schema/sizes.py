"""Scenes that compute a number, not a grid: an output size, a layer's parameter count."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from lessons.arrays import shape_text
from lessons.schema.base import SceneBase
from lessons.schema.fields import (
    AxesPadding,
    KernelSize,
    NonNegInt,
    NonNegPerAxis,
    PosInt,
    PosPerAxis,
    Shape,
    field_error,
)

__all__ = ["OutputSizeScene", "ParamCountScene"]


class OutputSizeScene(SceneBase):
    """The output-size formula with a scene's numbers: ⌊(n + 2p − f)/s⌋ + 1.

    A 3-D layer (torch's ``Conv3d``) says ``dims: 3``: then ``input_size`` is [D, H, W] or
    [D, H, W, C] and the layer's numbers are an int or three, one per axis. Without it, three
    numbers are [H, W, C]; a three-number kernel, stride, padding or dilation is refused then,
    rather than read with a wrong meaning.

    Attributes:
        input_size: n, [H, W], or [H, W, C] (the channels do not change the spatial size);
            [D, H, W] or [D, H, W, C] with ``dims: 3``.
        dims: The layer's spatial axes: 1, 2 or 3; left out, 1 for one number, else 2.
        kernel_size: f, or [F, G] (three numbers with ``dims: 3``).
        filters: The number of kernels: appended to the output shape as its depth.
        transposed: Use the transposed-convolution relation (n − 1)s − 2p + d(f − 1) + op + 1.
        expect: The output shape as the slide prints it: ``5``, ``[7, 7]``, ``32x32x10``.
    """

    kind: Literal["output-size"]
    input_size: Shape
    dims: Annotated[int, Strict(), Field(ge=1, le=3)] | None = None
    kernel_size: PosPerAxis
    stride: PosPerAxis = 1
    padding: AxesPadding = 0
    dilation: PosPerAxis = 1
    ceil_mode: Annotated[bool, Strict()] = False
    filters: PosInt | None = None
    transposed: Annotated[bool, Strict()] = False
    output_padding: NonNegPerAxis = 0
    expect: Shape | None = None

    @property
    def spatial_dims(self) -> int:
        """The layer's spatial axes: ``dims``, or 1 for a single input size, else 2."""
        if self.dims is not None:
            return self.dims
        return 1 if len(self.input_size) == 1 else 2

    @model_validator(mode="after")
    def _spatial(self) -> OutputSizeScene:
        n = len(self.input_size)
        dims = self.spatial_dims
        if dims == 3:
            if n not in (3, 4):
                raise field_error(
                    f"input_size of a 3-D layer (dims: 3) must be [D, H, W] or [D, H, W, C], "
                    f"got {shape_text(self.input_size)}",
                    "input_size",
                )
        elif n not in (dims, dims + 1) or n > 3:
            forms = "n or [n, C]" if dims == 1 else "n, [H, W] or [H, W, C]"
            raise field_error(
                f"input_size must be {forms}, got {shape_text(self.input_size)}", "input_size"
            )
        for name in ("kernel_size", "stride", "dilation", "output_padding", "padding"):
            value = getattr(self, name)
            if not isinstance(value, tuple) or isinstance(value[0], tuple):
                continue
            if len(value) == 3 and dims != 3:
                listed = "[" + ", ".join(str(v) for v in value) + "]"
                raise field_error(
                    f"{name} {listed} has three numbers, one per axis of a 3-D layer: add "
                    "dims: 3 (then input_size is [D, H, W])",
                    name,
                )
            if dims == 3 and len(value) != 3:
                raise field_error(
                    f"{name} of a 3-D layer is one number or three (one per axis), got "
                    f"{len(value)}",
                    name,
                )
        return self


class ParamCountScene(SceneBase):
    """How many learnable numbers a layer has: (F·G·C + 1)·K for a conv layer.

    A conv layer is 2-D unless ``dims`` says otherwise, and a single number as ``kernel_size``
    means a square kernel, as ``torch.nn.Conv2d(3, 10, kernel_size=5)`` does: ten 5x5 filters on
    3 channels have (5·5·3 + 1)·10 = 760 parameters (deck 002). A 1-D layer says so with
    ``dims: 1`` (deck 001's filter of 3 weights and a bias: ``dims: 1, kernel_size: 3`` → 4, as
    ``torch.nn.Conv1d(1, 1, 3)``); ``dims: 3`` is a 3-D layer (``torch.nn.Conv3d``). A list gives
    one size per axis and must have ``dims`` numbers: ``kernel_size: [2, 3]`` is a 2x3 kernel,
    while ``[3]`` alone is refused (write ``3`` for 3x3, or add ``dims: 1``).

    Attributes:
        layer: ``conv`` (kernel_size, in_channels, filters, dims), ``dense`` (inputs, outputs) or
            ``pool`` (no parameters).
        dims: The conv layer's spatial axes: 1, 2 (the default) or 3.
        kernel_size: f (an f×f kernel for a 2-D layer, f for 1-D, f×f×f for 3-D), or one size
            per axis: [F, G] (``"5x5"`` works too).
        expect: The count the slide prints.
    """

    kind: Literal["param-count"]
    layer: Literal["conv", "dense", "pool"] = "conv"
    dims: Annotated[int, Strict(), Field(ge=1, le=3)] = 2
    kernel_size: KernelSize | None = None
    in_channels: PosInt = 1
    filters: PosInt = 1
    bias: Annotated[bool, Strict()] = True
    inputs: PosInt | None = None
    outputs: PosInt | None = None
    expect: NonNegInt | None = None

    @property
    def kernel_shape(self) -> tuple[int, ...]:
        """The kernel's size along each of the layer's ``dims`` axes (``5`` → ``(5, 5)``)."""
        if self.kernel_size is None:
            return ()
        if isinstance(self.kernel_size, int):
            return (self.kernel_size,) * self.dims
        return self.kernel_size

    @model_validator(mode="after")
    def _complete(self) -> ParamCountScene:
        if self.layer == "conv" and self.kernel_size is None:
            raise field_error("missing key 'kernel_size' for a conv layer", [], code="missing")
        if self.layer == "dense" and (self.inputs is None or self.outputs is None):
            raise field_error(
                "missing key 'inputs' or 'outputs' for a dense layer", [], code="missing"
            )
        if self.layer != "conv" and "dims" in self.model_fields_set:
            raise field_error(f"dims is only for a conv layer, not a {self.layer} layer", "dims")
        size = self.kernel_size
        if self.layer == "conv" and isinstance(size, tuple) and len(size) != self.dims:
            listed = "[" + ", ".join(str(n) for n in size) + "]"
            numbers = f"{len(size)} number{'s' if len(size) != 1 else ''}"
            if "dims" in self.model_fields_set:
                message = (
                    f"kernel_size {listed} has {numbers}, but dims is {self.dims}: give "
                    f"{self.dims} (one per axis), or a single number for every axis"
                )
            else:
                hint = {
                    1: f"write kernel_size: {size[0]} for a {size[0]}x{size[0]} kernel, or add "
                    "dims: 1 for a 1-D layer",
                    3: "add dims: 3 for a 3-D layer",
                }.get(len(size), "give [rows, columns]")
                message = f"kernel_size {listed} has {numbers}, but a conv layer is 2-D: {hint}"
            raise field_error(message, "kernel_size")
        return self
