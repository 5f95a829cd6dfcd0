"""What a stepper produces: :class:`Step` (one output cell) and :class:`Trace` (all, lazily).

The UI renders Steps and nothing else: where the window is, what it multiplies, what it produces and
the arithmetic written as the slides write it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from engine.types import SidePadding
from engine.validate import describe

__all__ = ["Step", "Trace", "TraceKind"]

TraceKind = Literal["correlate", "pool", "transposed", "relu", "magnitude"]
"""What a trace steps: a correlation or a pooling (one step per output cell), a transposed
convolution (one step per INPUT cell, painting its scaled kernel), ReLU (one step per cell), or a
gradient magnitude (one step per output cell, two kernels over one window)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a trace: an output cell (or a painted input cell), and how it was computed.

    A step of a correlation, pooling or ReLU is one output cell. A transposed convolution's step
    is one INPUT cell: ``out`` is that cell's index, ``window`` the patch of the canvas it paints
    (the output before ``Trace.padding`` is cropped), ``inputs`` the cell's value per channel,
    ``weights`` the kernel, ``terms`` the painted values row-major over (output map, row, column)
    and ``value`` the input cell's value (summed over channels).

    Attributes:
        index: Position k of this step in the trace (row-major over the output).
        out: Index of the cell in the output array: ``(i, j)``, ``(kernel, i, j)``,
            ``(channel, i, j)``, or ``(j,)`` / ``(kernel, j)`` in 1-D.
        window: Slices into the PADDED input, one per input axis, so ``padded[step.window]`` is the
            window. Spatial slices carry the dilation as their step. For correlation the channel
            axis is whole (``slice(None)``); for pooling it is the one channel pooled
            (``slice(c, c + 1)``). A ceil-mode window that overhangs the padded input is clipped.
        terms: Correlation: the products weight·input, row-major (channel, row, column). Pooling:
            the window's values, row-major; max pooling sees padding as ``-inf``, as torch does.
        inputs: The input values under the window, in the order of ``terms`` (padding included).
        value: The output value.
        text: The arithmetic as the slides write it: ``1*3 + 0*7 + -1*9 + ... = 0``,
            ``max(3, 7, 8, 1) = 8``, ``(1*1 + ... + 1*1) / 9 = 0.77``.
        weights: Correlation: the kernel weights in the order of ``terms``; None for pooling.
        bias: The bias added (None when there is none).
        divisor: Correlation: the ``divisor`` the sum was divided by, or None. Average pooling: the
            number of cells averaged.
        partials: Multi-channel correlation: each channel's sum of products; None otherwise.
        winner: Max pooling: the index into the padded input of the (first) largest value.
        mode: Pooling: ``"max"`` or ``"avg"``; None for correlation.
    """

    index: int
    out: tuple[int, ...]
    window: tuple[slice, ...]
    terms: tuple[float, ...]
    inputs: tuple[float, ...]
    value: float
    text: str
    weights: tuple[float, ...] | None = None
    bias: float | None = None
    divisor: float | None = None
    partials: tuple[float, ...] | None = None
    winner: tuple[int, ...] | None = None
    mode: Literal["max", "avg"] | None = None


class Trace:
    """Every step of a correlation or pooling, built one at a time on demand.

    A Trace costs O(1) to build and O(1) work and memory per step (for a fixed kernel size): no step
    list and no padded copy of the input is ever made. It supports:

    - ``for step in trace``: every step in row-major order, starting from step 0 each time;
    - ``next(trace)``: a cursor of its own, for code that walks the trace by hand;
    - ``len(trace)`` and ``trace[k]`` (negative k counts from the end), both O(1);
    - ``trace.output_shape``: the shape of the output the steps fill.

    Attributes:
        output_shape: Shape of the full output array.
        padding: Per-side spatial padding the windows refer to, ``((top, bottom), (left, right))``
            or ``((left, right),)``; ``engine.pad(x, trace.padding, value=trace.pad_value)`` is the
            padded input that ``Step.window`` slices. For a transposed convolution it is what is
            cropped from each side of the painted canvas that ``Step.window`` slices instead.
        pad_value: What the padding holds: 0, or ``-inf`` for max pooling.
        kind: ``"correlate"``, ``"pool"``, ``"relu"``, ``"magnitude"`` (one step per output cell) or
            ``"transposed"`` (one step per input cell; ``len(trace)`` is the input's cell count).

    >>> from engine import trace_pool1d
    >>> trace = trace_pool1d([3, 1, 4, 1, 5], 2, ceil_mode=True)
    >>> len(trace), trace.output_shape, trace[-1].text
    (3, (3,), 'max(5) = 5')
    >>> [step.value for step in trace]
    [3.0, 4.0, 5.0]
    """

    __slots__ = ("_cursor", "_length", "_make", "kind", "output_shape", "pad_value", "padding")

    def __init__(
        self,
        make_step: Callable[[int], Step],
        output_shape: tuple[int, ...],
        padding: SidePadding,
        *,
        kind: TraceKind,
        pad_value: float = 0.0,
        steps_shape: tuple[int, ...] | None = None,
    ) -> None:
        self._make = make_step
        self.output_shape = output_shape
        self.padding = padding
        self.kind = kind
        self.pad_value = pad_value
        length = 1
        for n in output_shape if steps_shape is None else steps_shape:
            length *= n
        self._length = length
        self._cursor = 0

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> Step:
        try:
            k = operator.index(index)
        except TypeError:
            raise TypeError(f"step index must be an integer, got {describe(index)}") from None
        if k < 0:
            k += self._length
        if not 0 <= k < self._length:
            raise IndexError(
                f"step {describe(index)} is out of range for a trace of {self._length} steps"
            )
        return self._make(k)

    def __iter__(self) -> Iterator[Step]:
        make = self._make
        return (make(k) for k in range(self._length))

    def __next__(self) -> Step:
        if self._cursor >= self._length:
            raise StopIteration
        step = self._make(self._cursor)
        self._cursor += 1
        return step

    def __repr__(self) -> str:
        return f"Trace(kind={self.kind!r}, steps={self._length}, output_shape={self.output_shape})"
