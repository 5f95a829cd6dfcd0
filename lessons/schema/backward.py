"""The ``backward`` scene: one gradient of a correlation, a pooling or a ReLU, stepped cell by cell.

A backward scene restates a forward layer (``layer`` and that layer's keys, on the forward
``input``) and gives the upstream gradient ``grad_out`` (∂L/∂y, the forward output's shape). The
engine computes the gradient asked for (``wrt``: the kernel, the input or the bias of a
correlation; the input of a pooling or a ReLU), and ``expect`` states it as the lesson prints it,
so ``cnn-tutor check`` recomputes it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Strict, model_validator

from lessons.schema.base import GRID, InputScene
from lessons.schema.fields import (
    Divisor,
    Expect,
    Grid,
    Number,
    Padding,
    PosIntOrPair,
    field_error,
)

__all__ = ["BackwardScene"]


class BackwardScene(InputScene):
    """The gradient of one layer, one cell per step.

    Attributes:
        layer: The forward layer: ``correlate2d``, ``pool2d`` or ``relu``.
        grad_out: ∂L/∂y, the upstream gradient (the forward output's shape).
        wrt: ``kernel``, ``input`` or ``bias`` (a correlation); a pooling or ReLU has only
            ``input``.
        kernel: The correlation's kernel (F×G, C×F×G or K×C×F×G).
        stride: The layer's stride (a pooling's defaults to its size).
        padding: The layer's padding (a pooling's: a number or [rows, columns]).
        dilation: The correlation's dilation.
        divisor: The correlation's divisor (deck 003 divides by 9): the gradients are divided
            by it too.
        size: The pooling window.
        mode: ``max`` or ``avg`` pooling.
        ceil_mode: The pooling's ceil mode.
        count_include_pad: Average pooling: divide by the padded cells too (torch's default).
        lr: With ``wrt: kernel``: a learning rate; each step then also writes the SGD update
            ``w ← w − lr·∂L/∂w`` of its weight.
        expect: The gradient as the lesson prints it.
    """

    kind: Literal["backward"]
    _input_ndim = GRID

    layer: Literal["correlate2d", "pool2d", "relu"]
    grad_out: Grid
    wrt: Literal["kernel", "input", "bias"] = "input"
    kernel: Grid | None = None
    stride: PosIntOrPair | None = None
    padding: Padding = 0
    dilation: PosIntOrPair = 1
    divisor: Divisor | None = None
    size: PosIntOrPair | None = None
    mode: Literal["max", "avg"] = "max"
    ceil_mode: Annotated[bool, Strict()] = False
    count_include_pad: Annotated[bool, Strict()] = True
    lr: Number | None = None
    expect: Expect | None = None

    @model_validator(mode="after")
    def _keys_of_the_layer(self) -> Any:
        written = self.model_fields_set
        if self.layer == "correlate2d":
            if self.kernel is None:
                raise field_error("a correlate2d layer needs 'kernel'", "layer")
            stray = written & {"size", "mode", "ceil_mode", "count_include_pad"}
        else:
            if self.layer == "pool2d" and self.size is None:
                raise field_error("a pool2d layer needs 'size'", "layer")
            if self.wrt != "input":
                raise field_error(
                    f"a {self.layer} layer has no {self.wrt}; its gradient is wrt: input", "wrt"
                )
            stray = written & {"kernel", "dilation", "divisor", "lr"}
            if self.layer == "relu":
                stray |= written & {
                    "size",
                    "mode",
                    "ceil_mode",
                    "count_include_pad",
                    "stride",
                    "padding",
                }
        if stray:
            key = sorted(stray)[0]
            raise field_error(f"'{key}' is not a key of a {self.layer} layer", key)
        if self.lr is not None and self.wrt != "kernel":
            raise field_error("'lr' needs wrt: kernel (it updates the weights)", "lr")
        if isinstance(self.padding, str) and self.padding == "full":
            raise field_error(
                "padding 'full' is only for output-size scenes; write the number (f - 1)",
                "padding",
            )
        return self
