"""Stacked layers in the playground, and the receptive field of an output cell back to the input.

A :class:`Layer` is one more stage on the previous one's output: a correlation, a ReLU or a
pooling. :func:`receptive_field` walks an output cell of the last layer back through every
layer to the input, and :func:`receptive_formula` writes the closed form with the stack's numbers,
as Distill's "Computing Receptive Fields of Convolutional Neural Networks" (Araujo, Norris and
Sim, 2019) derives it::

    r = 1 + Σₗ (kₗ − 1)·∏ᵢ₌₁..ₗ₋₁ sᵢ        (kₗ with dilation: dₗ·(kₗ − 1) + 1)

>>> layers = [LayerSize(3, 1, 0, 1), LayerSize(2, 2, 0, 1), LayerSize(3, 1, 0, 1)]
>>> receptive_formula(layers)
'r = 1 + (3 − 1)·1 + (2 − 1)·1 + (3 − 1)·1·2 = 8; effective stride 1·2·1 = 2'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from engine.types import FloatArray

__all__ = [
    "LAYER_OPS",
    "Layer",
    "LayerOp",
    "LayerSize",
    "receptive_boxes",
    "receptive_field",
    "receptive_formula",
    "stack_sizes",
]

LayerOp = Literal["correlate", "relu", "max-pool", "avg-pool"]
LAYER_OPS: tuple[LayerOp, ...] = ("correlate", "relu", "max-pool", "avg-pool")
"""What a stacked layer can be, in the order the ``a`` key offers them."""


@dataclass(frozen=True, eq=False)
class Layer:
    """One stacked layer, fed the previous layer's output.

    Attributes:
        op: The operation.
        kernel: A correlation's kernel, (F, G).
        stride: The correlation's or the pooling's stride (None for pooling: the window's size).
        padding: An int or [p, q].
        dilation: A correlation's dilation.
        bias: A correlation's bias.
        size: The pooling window.
    """

    op: LayerOp
    kernel: FloatArray = field(default_factory=lambda: np.ones((3, 3)))
    stride: Any = None
    padding: Any = 0
    dilation: Any = 1
    bias: Any = 0
    size: Any = 2

    def stage_data(self) -> dict[str, Any]:
        """The layer as a pipeline stage (a lesson mapping)."""
        if self.op == "correlate":
            return {
                "kind": "correlate2d",
                "kernel": np.asarray(self.kernel).tolist(),
                "stride": 1 if self.stride is None else self.stride,
                "padding": self.padding,
                "dilation": self.dilation,
                "bias": self.bias,
            }
        if self.op == "relu":
            return {"kind": "relu"}
        data: dict[str, Any] = {
            "kind": "pool2d",
            "size": self.size,
            "mode": "max" if self.op == "max-pool" else "avg",
            "padding": self.padding,
        }
        if self.stride is not None:
            data["stride"] = self.stride
        return data

    def size_of(self) -> LayerSize:
        """The layer's window numbers (ReLU: a 1×1 window of stride 1)."""
        if self.op == "relu":
            return LayerSize(1, 1, 0, 1)
        if self.op == "correlate":
            k = int(np.asarray(self.kernel).shape[-1])
            return LayerSize(
                k, _first(self.stride, 1), _first(self.padding, 0), _first(self.dilation, 1)
            )
        size = _first(self.size, 2)
        return LayerSize(size, _first(self.stride, size), _first(self.padding, 0), 1)


def _first(value: Any, default: int) -> int:
    """One axis of an int-or-pair parameter (the playground's layers are square)."""
    if value is None:
        return default
    if isinstance(value, list | tuple):
        return int(value[-1])
    return int(value)


@dataclass(frozen=True)
class LayerSize:
    """A layer's window along one axis.

    Attributes:
        kernel: k, the window's size.
        stride: s.
        padding: p (before the first cell).
        dilation: d (1 for pooling and ReLU).
    """

    kernel: int
    stride: int
    padding: int
    dilation: int

    @property
    def span(self) -> int:
        """The window's extent with the dilation: d·(k − 1) + 1."""
        return self.dilation * (self.kernel - 1) + 1


def receptive_field(
    sizes: list[tuple[LayerSize, LayerSize]], cell: tuple[int, int], shapes: list[tuple[int, int]]
) -> list[tuple[range, range]]:
    """The cells each map sees of one output cell of the last layer.

    Args:
        sizes: Per layer, its (rows, columns) window numbers.
        cell: The (row, column) of the last layer's output cell.
        shapes: The (rows, columns) of each map, the input first: ``len(sizes) + 1`` of them.

    Returns:
        For each map, input first, the (rows, columns) ranges the cell depends on, clipped to
        the map (padding cells are not part of any map).

    >>> sizes = [(LayerSize(3, 1, 0, 1),) * 2, (LayerSize(2, 2, 0, 1),) * 2]
    >>> [(r.start, r.stop) for r, _ in receptive_field(sizes, (0, 1), [(6, 6), (4, 4), (2, 2)])]
    [(0, 4), (0, 2), (0, 1)]
    """
    rows = (cell[0], cell[0])
    cols = (cell[1], cell[1])
    boxes = [(rows, cols)]
    for size in reversed(sizes):
        row_size, col_size = size
        rows = (
            rows[0] * row_size.stride - row_size.padding,
            rows[1] * row_size.stride - row_size.padding + row_size.span - 1,
        )
        cols = (
            cols[0] * col_size.stride - col_size.padding,
            cols[1] * col_size.stride - col_size.padding + col_size.span - 1,
        )
        boxes.append((rows, cols))
    boxes.reverse()
    result = []
    for (r0, r1), (c0, c1), (h, w) in zip(
        (b[0] for b in boxes), (b[1] for b in boxes), shapes, strict=True
    ):
        result.append((range(max(0, r0), min(h, r1 + 1)), range(max(0, c0), min(w, c1 + 1))))
    return result


def receptive_formula(sizes: list[LayerSize]) -> str:
    """The closed form of the receptive field along one axis, the stack's numbers substituted.

    Args:
        sizes: The layers' window numbers along the axis, first layer first.
    """
    total = 1
    product = 1
    parts = []
    running: list[int] = []
    for size in sizes:
        total += (size.span - 1) * product
        product *= size.stride
        strides = "·".join(str(s) for s in running) if running else "1"
        parts.append(f"({size.span} − 1)·{strides}")
        running.append(size.stride)
    effective = "·".join(str(s.stride) for s in sizes)
    return f"r = 1 + {' + '.join(parts)} = {total}; effective stride {effective} = {product}"


Box = tuple[range, range]
"""Rows and columns of a map."""


def _spatial(shape: tuple[int, ...]) -> tuple[int, int]:
    return (1, shape[-1]) if len(shape) == 1 else (int(shape[-2]), int(shape[-1]))


def receptive_boxes(stages: Any, cell: tuple[int, int]) -> list[Box]:
    """The cells of every map that one output cell of the last stage depends on, from the
    engine's own windows (exact for any stride, padding, dilation or ceil mode).

    Args:
        stages: The pipeline's stage playbacks (each with ``input``, ``output``, ``pad`` and a
            ``trace``, or no trace for ReLU and bias, which map a cell to itself).
        cell: The (row, column) of the last stage's output cell (map 0).

    Returns:
        One box per map, the input first: ``len(stages) + 1`` of them.
    """
    boxes: list[Box] = [(range(cell[0], cell[0] + 1), range(cell[1], cell[1] + 1))]
    for stage in reversed(list(stages)):
        rows, cols = boxes[-1]
        trace = stage.trace
        if trace is None:
            boxes.append((rows, cols))
            continue
        shape = trace.output_shape
        pad = stage.pad
        top = pad[0][0] if len(pad) == 2 else 0
        left = pad[-1][0]
        h, w = _spatial(tuple(stage.input.shape))
        r0, r1, c0, c1 = h, -1, w, -1
        for i in (rows.start, rows.stop - 1):
            for j in (cols.start, cols.stop - 1):
                index = (0, i, j) if len(shape) == 3 else (i, j) if len(shape) == 2 else (j,)
                step = trace[int(np.ravel_multi_index(index, shape))]
                row_slice = step.window[-2] if len(step.window) >= 2 else slice(0, 1)
                col_slice = step.window[-1]
                r0 = min(r0, row_slice.start - top)
                r1 = max(r1, row_slice.stop - 1 - top)
                c0 = min(c0, col_slice.start - left)
                c1 = max(c1, col_slice.stop - 1 - left)
        boxes.append((range(max(0, r0), min(h, r1 + 1)), range(max(0, c0), min(w, c1 + 1))))
    boxes.reverse()
    return boxes


def stack_sizes(state: Any) -> list[LayerSize]:
    """Each layer's window numbers along the columns: the state's own first layer, then its
    stacked ones (a ``same``/``valid`` padding counts as its resolved left side)."""
    first = state.op
    if first in ("correlate", "convolve"):
        k = int(np.asarray(state.kernel).shape[-1])
        padding = state.padding if not isinstance(state.padding, str) else 0
        if isinstance(padding, list | tuple) and padding and isinstance(padding[-1], list | tuple):
            padding = padding[-1][0]
        head = LayerSize(k, _first(state.stride, 1), _first(padding, 0), _first(state.dilation, 1))
    elif first in ("max-pool", "avg-pool"):
        size = _first(state.size, 2)
        head = LayerSize(size, _first(state.pool_stride, size), 0, 1)
    else:
        head = LayerSize(1, 1, 0, 1)
    return [head, *(layer.size_of() for layer in state.layers)]
