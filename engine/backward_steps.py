"""Backward steppers: the gradients of a correlation, a pooling and a ReLU, one cell at a time.

Each ``trace_*_backward`` function takes its vectorized twin's arguments (plus ``fmt``) and returns
a lazy :class:`~engine.trace.Trace` with one :class:`~engine.trace.Step` per cell of the gradient,
narrated the way the slides write the forward pass::

    ∂L/∂w₁₁ = 3*1 + 7*0 + 8*-1 + ... = -4         (the inputs under w₁₁ times the output gradients)
    ∂L/∂x₂₂ = 1*2 + 0*-1 = 2 (windows (1,1), (1,2))   (the weight that met x₂₂ times each gradient)
    ∂L/∂b = 1 + 0 + -1 + 2 = 2
    ∂L/∂x₂₁ = 5: x₂₁ = 8 won window (1,1)
    ∂L/∂x₁₂ = 0: x₁₂ = -3 ≤ 0, ReLU stops the gradient 5

Indices in the texts count from 1, as the slides do (w₁₁ is the top-left weight); ``Step.out`` is
the 0-based index into the gradient array. ``Step.window`` slices the array the board draws as the
input, which :func:`backward_canvas` returns: the padded input for the kernel gradient (the output
gradient is then the "kernel"), the output gradient spread out by the stride and padded by the
kernel's span for the input gradient (a full correlation with the flipped kernel), the output
gradient itself for the bias and for pooling, the forward input for ReLU.

>>> x = [[1, 2, 3], [4, 5, 6]]
>>> trace = trace_correlate2d_backward(x, [[1, -1]], [[1, 0], [0, 2]], wrt="kernel")
>>> [step.text for step in trace]
['∂L/∂w₁₁ = 1*1 + 2*0 + 4*0 + 5*2 = 11', '∂L/∂w₁₂ = 2*1 + 3*0 + 5*0 + 6*2 = 14']
>>> trace_correlate2d_backward(x, [[1, -1]], [[1, 0], [0, 2]], wrt="input")[1].text
'∂L/∂x₁₂ = -1*1 + 1*0 = -1 (windows (1,1), (1,2))'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from engine.backward import check_grad_out
from engine.correlate import ConvPlan, plan_correlation
from engine.display import NumberFormat, check_format, format_number, operand_format
from engine.errors import ArgumentError
from engine.limits import MAX_STEP_TERMS, check_step_terms
from engine.padding import pad_spatial
from engine.pooling import PoolPlan, plan_pooling
from engine.steps import _gather, _unraveler
from engine.trace import Step, Trace
from engine.types import FloatArray, IntOrPair, PaddingArg, PoolMode, SidePadding
from engine.validate import as_numbers, describe

__all__ = [
    "BackwardCanvas",
    "backward_canvas",
    "subscript",
    "trace_correlate2d_backward",
    "trace_pool2d_backward",
    "trace_relu_backward",
]

Wrt = Literal["kernel", "input", "bias"]

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def subscript(index: tuple[int, ...]) -> str:
    """A 0-based index written 1-based in subscript digits: (0, 1) -> ``₁₂``; (9, 0) -> ``₁₀,₁``.

    >>> subscript((0, 1)), subscript((9, 0)), subscript(())
    ('₁₂', '₁₀,₁', '')
    """
    numbers = [str(i + 1) for i in index]
    joiner = "," if any(len(n) > 1 for n in numbers) else ""
    return joiner.join(numbers).translate(_SUBSCRIPTS)


def _window_label(index: tuple[int, ...]) -> str:
    """A window (an output cell) named 1-based: (0, 1) -> ``(1,2)``."""
    return "(" + ",".join(str(i + 1) for i in index) + ")"


def _windows_text(labels: list[str]) -> str:
    return ("window " if len(labels) == 1 else "windows ") + ", ".join(labels)


@dataclass(frozen=True)
class BackwardCanvas:
    """What a backward trace's windows slice, for drawing: the array and its padding.

    Attributes:
        array: The array ``Step.window`` slices (see the module docstring for which).
        pad: The padding per side inside ``array`` (cells to dim), ``((top, bottom), (left,
            right))``.
        kernel: What meets the window, drawn as the kernel: the output gradient (kernel
            gradient), the flipped kernel (input gradient), or None.
    """

    array: FloatArray
    pad: SidePadding
    kernel: FloatArray | None


def _check_wrt(wrt: object) -> Wrt:
    if wrt == "kernel":
        return "kernel"
    if wrt == "input":
        return "input"
    if wrt == "bias":
        return "bias"
    raise ArgumentError("wrt", f"wrt must be 'kernel', 'input' or 'bias', got {describe(wrt)}")


def _conv_plan(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    grad_out: npt.ArrayLike,
    stride: object,
    padding: object,
    dilation: object,
    divisor: object = None,
) -> tuple[ConvPlan, FloatArray]:
    plan = plan_correlation(
        x, k, dims=2, stride=stride, padding=padding, bias=0.0, dilation=dilation, divisor=divisor
    )
    grad = check_grad_out(grad_out, plan.output_shape)
    return plan, grad if plan.stacked else grad[np.newaxis]


def _spread_sides(plan: ConvPlan) -> tuple[tuple[int, int], ...]:
    """Padding around the stride-spread output gradient that makes the input gradient a full
    correlation with the flipped kernel: (F−1)·d before, the rest of the padded input after."""
    sides = []
    for n, (a, b), f, d, s, o in zip(
        plan.x.shape[1:],
        plan.sides,
        plan.k.shape[2:],
        plan.dilation,
        plan.stride,
        plan.out_spatial,
        strict=True,
    ):
        span = d * (f - 1)
        sides.append((span, n + a + b - (o - 1) * s - 1))
    return tuple(sides)


def backward_canvas(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    grad_out: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
    wrt: Wrt = "kernel",
) -> BackwardCanvas:
    """The array a :func:`trace_correlate2d_backward` trace's windows slice, for drawing.

    Args:
        x, k, grad_out, stride, padding, dilation, divisor, wrt: As
            :func:`trace_correlate2d_backward` (the canvas shows ``grad_out`` undivided).

    Returns:
        ``wrt="kernel"``: the padded input ((H+p, W+q) or (C, ...)) and the output gradient as the
        kernel; ``"input"``: the output gradient with s−1 zeros between cells, padded by the
        kernel's span ((K, ...) for a stack), and the flipped kernel; ``"bias"``: the output
        gradient.
    """
    wrt = _check_wrt(wrt)
    plan, grad = _conv_plan(x, k, grad_out, stride, padding, dilation, divisor)
    if wrt == "kernel":
        padded = pad_spatial(plan.x, plan.sides)
        return BackwardCanvas(
            padded if plan.has_channels else padded[0],
            plan.sides,
            grad if plan.stacked else grad[0],
        )
    if wrt == "bias":
        return BackwardCanvas(grad if plan.stacked else grad[0], ((0, 0), (0, 0)), None)
    spread = np.zeros(
        (
            grad.shape[0],
            *((o - 1) * s + 1 for o, s in zip(plan.out_spatial, plan.stride, strict=True)),
        )
    )
    every: tuple[slice, ...] = (slice(None), *(slice(None, None, s) for s in plan.stride))
    spread[every] = grad
    sides = _spread_sides(plan)
    canvas = pad_spatial(spread, sides)
    flipped = np.asarray(k, dtype=np.float64)[..., ::-1, ::-1].copy()
    return BackwardCanvas(canvas if plan.stacked else canvas[0], sides, flipped)


def trace_correlate2d_backward(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    grad_out: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
    wrt: Wrt = "kernel",
    fmt: NumberFormat | None = None,
) -> Trace:
    """Step through one gradient of :func:`engine.correlate2d_backward`, one cell at a time.

    - ``wrt="kernel"``: one step per weight (k's shape); the terms are the inputs under the weight
      in every window times the windows' output gradients: ``∂L/∂w₁₁ = 3*1 + 7*0 + ... = -4``.
      ``Step.inputs`` are those inputs, ``Step.weights`` the output gradients.
    - ``wrt="input"``: one step per input cell (x's shape); the terms are the flipped kernel times
      the spread, padded output gradient under it (a full correlation); the text keeps the windows
      that touched the cell: ``∂L/∂x₂₂ = 1*2 + 0*-1 = 2 (windows (1,1), (1,2))``.
    - ``wrt="bias"``: one step per bias ((K,) for a stack, else (1,)): the output gradient summed.

    Args:
        x: Input of shape (H, W) or (C, H, W).
        k: Kernel of shape (F, G), (C, F, G) or (K, C, F, G).
        grad_out: ∂L/∂y, the forward output's shape.
        stride: As in the forward call.
        padding: As in the forward call.
        dilation: As in the forward call.
        divisor: As in the forward call: each sum is divided by it, ``(...) / 9 = 0.22``.
        wrt: Which gradient: ``"kernel"``, ``"input"`` or ``"bias"``.
        fmt: How the value is written; the operands use it without ``fixed``.

    Returns:
        A lazy trace; ``Step.out`` indexes the gradient (k's, x's or the bias's shape);
        ``Step.window`` slices :func:`backward_canvas`'s array.

    Raises:
        ArgumentError: A bad argument, ``grad_out`` of the wrong shape, or a step of more than
            :data:`~engine.limits.MAX_STEP_TERMS` terms.

    >>> trace_correlate2d_backward([[1, 2], [3, 4]], [[1]], [[1, 0], [0, 1]], wrt="bias")[0].text
    '∂L/∂b = 1 + 0 + 0 + 1 = 2'
    """
    wrt = _check_wrt(wrt)
    check_format(fmt)
    plan, grad = _conv_plan(x, k, grad_out, stride, padding, dilation, divisor)
    if wrt == "kernel":
        return _kernel_trace(plan, grad, np.ndim(k), fmt)
    if wrt == "input":
        return _input_trace(plan, grad, fmt)
    return _bias_trace(plan, grad, fmt)


def _kernel_trace(plan: ConvPlan, grad: FloatArray, k_ndim: int, fmt: NumberFormat | None) -> Trace:
    operands = operand_format(fmt)
    divisor = plan.divisor
    positions = math.prod(plan.out_spatial)
    if positions > MAX_STEP_TERMS:
        check_step_terms(positions, "grad_out", f"a kernel gradient over {positions} windows")
    shape = plan.k.shape[4 - k_ndim :]
    unravel = _unraveler(shape)
    tops = tuple(a for a, _ in plan.sides)
    grads = [row.ravel().tolist() for row in grad]
    shown: dict[int, list[str]] = {}
    text_of = format_number

    def make(index: int) -> Step:
        out = unravel(index)
        full = (0,) * (4 - k_ndim) + out
        kk, c, f, g = full
        taps = (f, g)
        starts = tuple(t * d for t, d in zip(taps, plan.dilation, strict=True))
        window = _gather(
            plan.x,
            (c,),
            tuple(a - top for a, top in zip(starts, tops, strict=True)),
            plan.out_spatial,
            plan.stride,
            0.0,
        )
        inputs = tuple(window.ravel().tolist())
        gs = grads[kk]
        terms = tuple(v * w for v, w in zip(inputs, gs, strict=True))
        value = sum(terms)
        texts = shown.get(kk)
        if texts is None:
            texts = shown[kk] = [text_of(w, operands) for w in gs]
        body = " + ".join(f"{text_of(v, operands)}*{w}" for v, w in zip(inputs, texts, strict=True))
        if divisor is not None:
            value /= divisor
            body = f"({body}) / {text_of(divisor, operands)}"
        spatial = tuple(
            slice(a, a + s * (n - 1) + 1, s)
            for a, s, n in zip(starts, plan.stride, plan.out_spatial, strict=True)
        )
        return Step(
            index=index,
            out=out,
            window=((slice(c, c + 1),) if plan.has_channels else ()) + spatial,
            terms=terms,
            inputs=inputs,
            value=value,
            text=f"∂L/∂w{subscript(out)} = {body} = {text_of(value, fmt)}",
            weights=tuple(gs),
        )

    return Trace(make, shape, plan.sides, kind="correlate")


def _input_trace(plan: ConvPlan, grad: FloatArray, fmt: NumberFormat | None) -> Trace:
    operands = operand_format(fmt)
    divisor = plan.divisor
    n_kernels, n_channels = plan.k.shape[0], plan.k.shape[1]
    kernel = plan.k.shape[2:]
    if n_kernels * math.prod(kernel) > MAX_STEP_TERMS:
        check_step_terms(n_kernels * math.prod(kernel), "k", "an input gradient")
    shape = plan.x.shape if plan.has_channels else plan.x.shape[1:]
    unravel = _unraveler(shape)
    tops = tuple(a for a, _ in plan.sides)
    # flipped[c][kk] = the kernel's weights meeting channel c, flipped, row-major
    flipped = plan.k[:, :, ::-1, ::-1]
    weights = [
        tuple(flipped[:, c].reshape(-1).tolist()) for c in range(n_channels)
    ]  # (K * F * G) per channel
    sides = _spread_sides(plan)
    text_of = format_number

    def taps(u: int, axis: int) -> list[int | None]:
        """For each flipped tap along an axis, the window position it reads (None: none)."""
        f, d, s, o = kernel[axis], plan.dilation[axis], plan.stride[axis], plan.out_spatial[axis]
        found: list[int | None] = []
        for t_flipped in range(f):
            v = u - (f - 1 - t_flipped) * d
            found.append(v // s if v >= 0 and v % s == 0 and v // s < o else None)
        return found

    def make(index: int) -> Step:
        out = unravel(index)
        c = out[0] if plan.has_channels else 0
        cell = out[1:] if plan.has_channels else out
        u = tuple(i + top for i, top in zip(cell, tops, strict=True))
        rows, cols = taps(u[0], 0), taps(u[1], 1)
        inputs: list[float] = []
        touching: list[tuple[int, float, float, tuple[int, ...]]] = []  # (k, weight, grad, window)
        ws = weights[c]
        n = 0
        for kk in range(n_kernels):
            for p in rows:
                for q in cols:
                    if p is None or q is None:
                        inputs.append(0.0)
                    else:
                        g = float(grad[kk, p, q])
                        inputs.append(g)
                        where = (kk, p, q) if plan.stacked else (p, q)
                        touching.append((kk, ws[n], g, where))
                    n += 1
        terms = tuple(w * v for w, v in zip(ws, inputs, strict=True))
        value = sum(terms)
        name = f"∂L/∂x{subscript(out)}"
        if touching:
            body = " + ".join(
                f"{text_of(w, operands)}*{text_of(g, operands)}" for _, w, g, _ in touching
            )
            if divisor is not None:
                value /= divisor
                body = f"({body}) / {text_of(divisor, operands)}"
            labels = [_window_label(where) for *_, where in touching]
            text = f"{name} = {body} = {text_of(value, fmt)} ({_windows_text(labels)})"
        else:
            text = f"{name} = {text_of(0.0, fmt)} (no window touched it)"
        spatial = tuple(
            slice(a, a + d * (f - 1) + 1, d)
            for a, f, d in zip(u, kernel, plan.dilation, strict=True)
        )
        return Step(
            index=index,
            out=out,
            window=((slice(None),) if plan.stacked else ()) + spatial,
            terms=terms,
            inputs=tuple(inputs),
            value=value,
            text=text,
            weights=ws,
        )

    return Trace(make, shape, sides, kind="correlate")


def _bias_trace(plan: ConvPlan, grad: FloatArray, fmt: NumberFormat | None) -> Trace:
    operands = operand_format(fmt)
    divisor = plan.divisor
    positions = math.prod(plan.out_spatial)
    if positions > MAX_STEP_TERMS:
        check_step_terms(positions, "grad_out", f"a bias gradient over {positions} windows")
    shape = (grad.shape[0],)
    text_of = format_number

    def make(index: int) -> Step:
        values = tuple(grad[index].ravel().tolist())
        value = sum(values)
        out = (index,)
        body = " + ".join(text_of(v, operands) for v in values)
        if divisor is not None:
            value /= divisor
            body = f"({body}) / {text_of(divisor, operands)}"
        spatial = tuple(slice(0, n) for n in plan.out_spatial)
        return Step(
            index=index,
            out=out,
            window=((slice(index, index + 1),) if plan.stacked else ()) + spatial,
            terms=values,
            inputs=values,
            value=value,
            text=f"∂L/∂b{subscript(out) if plan.stacked else ''} = {body} = {text_of(value, fmt)}",
            weights=(1.0,) * len(values),
        )

    return Trace(make, shape, ((0, 0), (0, 0)), kind="correlate")


def trace_pool2d_backward(
    x: npt.ArrayLike,
    grad_out: npt.ArrayLike,
    size: IntOrPair,
    *,
    stride: IntOrPair | None = None,
    mode: PoolMode = "max",
    padding: IntOrPair | SidePadding = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    fmt: NumberFormat | None = None,
) -> Trace:
    """Step through :func:`engine.pool2d_backward`, one input cell at a time.

    Max pooling: a cell gets the gradient of every window it won (the first largest cell,
    row-major, as torch breaks ties) and nothing from the windows it lost:
    ``∂L/∂x₂₁ = 5: x₂₁ = 8 won window (1,1)``, ``∂L/∂x₁₁ = 0: window (1,1) went to x₂₁ = 8``.
    Average pooling: a cell gets each touching window's gradient over its divisor:
    ``∂L/∂x₁₁ = 5/4 + 2/4 = 1.75 (windows (1,1), (1,2))``.

    ``Step.window`` slices the padded input (as the forward trace's windows do): the windows that
    cover the cell, together (one window when the stride is the window size); ``Step.winner`` is
    the first covering window's winner, in padded coordinates (max pooling); ``Step.inputs`` are
    the covering windows' output gradients, row-major, and ``Step.terms`` what each sends to the
    cell.

    Args:
        x: The forward input, (H, W) or (C, H, W).
        grad_out: ∂L/∂y, the forward output's shape.
        size, stride, mode, padding, ceil_mode, count_include_pad: As in :func:`engine.pool2d`.
        fmt: How numbers are written.

    Returns:
        A lazy trace of one step per input cell; ``Step.out`` indexes x.

    >>> [s.text for s in trace_pool2d_backward([[3, 7], [8, 1]], [[5]], 2)][:3]
    ['∂L/∂x₁₁ = 0: window (1,1) went to x₂₁ = 8', '∂L/∂x₁₂ = 0: window (1,1) went to x₂₁ = 8', \
'∂L/∂x₂₁ = 5: x₂₁ = 8 won window (1,1)']
    """
    check_format(fmt)
    plan = plan_pooling(
        x,
        size,
        dims=2,
        stride=stride,
        mode=mode,
        padding=padding,
        ceil_mode=ceil_mode,
        count_include_pad=count_include_pad,
    )
    grad = check_grad_out(grad_out, plan.output_shape)
    if math.prod(plan.size) > MAX_STEP_TERMS:
        check_step_terms(math.prod(plan.size), "size", "a pool window")
    return _pool_backward_trace(plan, grad, fmt)


def _pool_backward_trace(plan: PoolPlan, grad: FloatArray, fmt: NumberFormat | None) -> Trace:
    operands = operand_format(fmt)
    shape = plan.x.shape
    n_lead = plan.x.ndim - 2
    unravel = _unraveler(shape)
    tops = tuple(a for a, _ in plan.sides)
    is_max = plan.mode == "max"
    text_of = format_number

    def covering(u: int, axis: int) -> range:
        f, s, o = plan.size[axis], plan.stride[axis], plan.out_spatial[axis]
        first = max(0, -(-(u - f + 1) // s))
        last = min(o - 1, u // s)
        return range(first, last + 1)

    def winner_of(lead: tuple[int, ...], p: int, q: int) -> tuple[int, int]:
        """The (first) largest cell of window (p, q), in unpadded input coordinates."""
        (r0, r1), (c0, c1) = plan.window_bounds(0, p), plan.window_bounds(1, q)
        window = _gather(
            plan.x, lead, (r0 - tops[0], c0 - tops[1]), (r1 - r0, c1 - c0), (1, 1), -math.inf
        )
        best = int(np.argmax(window))
        row, col = divmod(best, c1 - c0)
        return r0 + row - tops[0], c0 + col - tops[1]

    def divisor_of(p: int, q: int) -> int:
        return plan.divisor((p, q))

    def make(index: int) -> Step:
        out = unravel(index)
        lead = out[:n_lead]
        cell = out[n_lead:]
        rows = covering(cell[0] + tops[0], 0)
        cols = covering(cell[1] + tops[1], 1)
        inputs: list[float] = []
        terms: list[float] = []
        parts: list[str] = []
        won: list[str] = []
        lost: list[str] = []
        first_winner: tuple[int, int] | None = None
        for p in rows:
            for q in cols:
                key: tuple[int, ...] = (*lead, p, q)
                g = float(grad[key])
                inputs.append(g)
                label = _window_label((p, q))
                if is_max:
                    at = winner_of(lead, p, q)
                    if first_winner is None:
                        first_winner = at
                    if at == cell:
                        terms.append(g)
                        parts.append(text_of(g, operands))
                        won.append(label)
                    else:
                        terms.append(0.0)
                        best_at: tuple[int, ...] = (*lead, *at)
                        best = float(plan.x[best_at])
                        name = f"x{subscript((*lead, *at))} = {text_of(best, operands)}"
                        lost.append(f"{label} went to {name}")
                else:
                    share = g / divisor_of(p, q)
                    terms.append(share)
                    parts.append(f"{text_of(g, operands)}/{divisor_of(p, q)}")
                    won.append(label)
        value = sum(terms)
        name = f"∂L/∂x{subscript(out)}"
        result = text_of(value, fmt)
        if not inputs:
            text = f"{name} = {text_of(0.0, fmt)}: no window covers x{subscript(out)}"
        elif is_max:
            mine = f"x{subscript(out)} = {text_of(float(plan.x[out]), operands)}"
            pieces = []
            if won:
                pieces.append(f"{mine} won {_windows_text(won)}")
            if lost:
                pieces.append(("window " if len(lost) == 1 else "windows ") + ", ".join(lost))
            shown = result if len(parts) <= 1 else f"{' + '.join(parts)} = {result}"
            text = f"{name} = {shown}: " + "; ".join(pieces)
        else:
            text = f"{name} = {' + '.join(parts)} = {result} ({_windows_text(won)})"
        spans = []
        for axis, (covered, u) in enumerate(zip((rows, cols), cell, strict=True)):
            u += tops[axis]
            if len(covered) == 0:
                spans.append(slice(u, u + 1))
                continue
            first = plan.window_bounds(axis, covered[0])[0]
            last = plan.window_bounds(axis, covered[-1])[1]
            spans.append(slice(first, last))
        winner: tuple[int, ...] | None = None
        if first_winner is not None:
            winner = (*lead, first_winner[0] + tops[0], first_winner[1] + tops[1])
        return Step(
            index=index,
            out=out,
            window=(*tuple(slice(c, c + 1) for c in lead), *spans),
            terms=tuple(terms),
            inputs=tuple(inputs),
            value=value,
            text=text,
            winner=winner,
            mode=plan.mode,
        )

    return Trace(make, shape, plan.sides, kind="pool", pad_value=plan.pad_value)


def trace_relu_backward(
    x: npt.ArrayLike, grad_out: npt.ArrayLike, *, fmt: NumberFormat | None = None
) -> Trace:
    """Step through :func:`engine.relu_backward`, one cell at a time: ReLU's mask.

    ``∂L/∂x₁₁ = 5: x₁₁ = 3 > 0, ReLU passes the gradient``;
    ``∂L/∂x₁₂ = 0: x₁₂ = -3 ≤ 0, ReLU stops the gradient 5`` (at exactly 0 torch stops it too).

    Args:
        x: The forward input, (L,), (H, W) or (C, H, W).
        grad_out: ∂L/∂y, x's shape.
        fmt: How numbers are written.

    Returns:
        A lazy trace of one step per cell; ``Step.window`` is the cell itself, in x.

    >>> trace_relu_backward([[-3, 2]], [[5, 4]])[0].text
    '∂L/∂x₁₁ = 0: x₁₁ = -3 ≤ 0, ReLU stops the gradient 5'
    """
    check_format(fmt)
    xa = as_numbers(x, "input", argument="x")
    grad = check_grad_out(grad_out, xa.shape)
    operands = operand_format(fmt)
    unravel = _unraveler(xa.shape)
    text_of = format_number

    def make(index: int) -> Step:
        out = unravel(index)
        v, g = float(xa[out]), float(grad[out])
        passes = v > 0
        value = g if passes else 0.0
        name = f"x{subscript(out)} = {text_of(v, operands)}"
        if passes:
            why = f"{name} > 0, ReLU passes the gradient"
        else:
            why = f"{name} ≤ 0, ReLU stops the gradient {text_of(g, operands)}"
        return Step(
            index=index,
            out=out,
            window=tuple(slice(i, i + 1) for i in out),
            terms=(value,),
            inputs=(g,),
            value=value,
            text=f"∂L/∂x{subscript(out)} = {text_of(value, fmt)}: {why}",
        )

    sides: SidePadding = ((0, 0),) * min(xa.ndim, 2)
    return Trace(make, xa.shape, sides, kind="pool")
