"""The one place that turns a scene (or a pipeline stage) into engine calls.

Each scene is computed once. :func:`compute` plans the engine call (the engine's own
:func:`~engine.correlate.plan_correlation` / :func:`~engine.pooling.plan_pooling`, which parse
the stride, padding and dilation), checks that the lesson stays within a lesson's size
(:data:`MAX_RESULT_CELLS`, :data:`MAX_WORK`) before anything is allocated, runs it, and keeps the
result on the scene: the loader's check computes it, and the playback, the quiz and ``check``
read the same array. Errors are :class:`~engine.errors.ArgumentError`, naming the argument at
fault, so the loader can point at its key.

Data flows one way: this module reads the records of :mod:`lessons.schema`, which never import
it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import engine
import engine.correlate
import engine.pooling
import lessons.backward_calls
from engine.display import NumberFormat, format_number
from engine.errors import ArgumentError
from engine.padding import resolve_padding
from engine.types import FloatArray
from engine.validate import per_axis, shape_text
from lessons.schema import (
    Computes,
    InputScene,
    NetworkScene,
    OutputSizeScene,
    ParamCountScene,
    PipelineScene,
)

__all__ = [
    "MAX_RESULT_CELLS",
    "MAX_WORK",
    "NetworkRow",
    "WindowedCall",
    "cell_steps",
    "compute",
    "formatted",
    "kernel_for",
    "network_rows",
    "network_total",
    "output_shape",
    "output_size_text",
    "param_count",
    "param_count_text",
    "spatial_dims",
    "transposed_partial",
    "windowed_call",
]

_ONE_D = frozenset({"correlate1d", "pool1d"})

MAX_RESULT_CELLS = 1_000_000
"""Largest padded input or output a lesson may make (a typo such as padding 100000 would
otherwise allocate gigabytes)."""

MAX_WORK = 20_000_000
"""Most multiply-adds (or window reads) one scene may take: a lesson is a worked example that
loads in a blink (a 200x200 kernel at every cell of a 300x300 "same" correlation is 3.6e9)."""


def spatial_dims(kind: str, x: FloatArray | None = None) -> int:
    """How many spatial axes a kind works over: 1 for 1-D kinds (or a 1-D input ``x``), else 2."""
    return 1 if kind in _ONE_D or (x is not None and x.ndim == 1) else 2


def kernel_for(item: Any, x: FloatArray) -> FloatArray:
    """The kernel array as the engine takes it.

    ``kernels`` (a list of kernels) over an input without a channel axis gets one: K kernels of
    F×G over an H×W image become (K, 1, F, G), so the output is K maps.

    Args:
        item: A scene or stage with ``kernel`` / ``kernels``.
        x: The input it is applied to.
    """
    if item.kernel is not None:
        kernel: FloatArray = item.kernel
        return kernel
    stacked: FloatArray = item.kernels
    dims = spatial_dims(item.kind)
    if x.ndim == dims and stacked.ndim == dims + 1:
        return stacked[:, None]
    return stacked


@dataclass(frozen=True)
class WindowedCall:
    """An engine call that slides a window: its vectorized function, its stepper, their arguments.

    Attributes:
        function: The vectorized engine function (``engine.correlate2d``, ``engine.pool1d``, ...).
        stepper: Its ``trace_*`` twin, which takes the same arguments plus ``fmt``.
        args: The positional arguments: the input (L,), (C, L), (H, W) or (C, H, W), then the
            kernel array or the pool size.
        kwargs: The keyword arguments (stride, padding, ...), as the scene gives them.
    """

    function: Callable[..., FloatArray]
    stepper: Callable[..., engine.Trace]
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)

    def compute(self) -> FloatArray:
        """The whole output, from the vectorized function."""
        return self.function(*self.args, **self.kwargs)

    def trace(self, fmt: NumberFormat | None) -> engine.Trace:
        """The lazy steps of the same call, numbers written with ``fmt``."""
        return self.stepper(*self.args, fmt=fmt, **self.kwargs)


_WINDOWED: dict[str, tuple[Callable[..., FloatArray], Callable[..., engine.Trace]]] = {
    "correlate1d": (engine.correlate1d, engine.trace_correlate1d),
    "correlate2d": (engine.correlate2d, engine.trace_correlate2d),
    "multichannel": (engine.correlate2d, engine.trace_correlate2d),
    "convolve2d": (engine.convolve2d, engine.trace_convolve2d),
    "pool1d": (engine.pool1d, engine.trace_pool1d),
    "pool2d": (engine.pool2d, engine.trace_pool2d),
    "gradient-magnitude": (engine.gradient_magnitude, engine.trace_gradient_magnitude),
}


def windowed_call(item: Any, x: FloatArray) -> WindowedCall | None:
    """The engine call of a scene or stage that slides a window (correlation, pooling), or None.

    Args:
        item: A scene or stage.
        x: Its input.

    Raises:
        ArgumentError: A multichannel stage whose input is not a stack of channels.
    """
    kind = item.kind
    functions = _WINDOWED.get(kind)
    if functions is None:
        return None
    if kind in ("pool1d", "pool2d"):
        pooling = {
            "stride": item.stride,
            "mode": item.mode,
            "padding": item.padding,
            "ceil_mode": item.ceil_mode,
            "count_include_pad": item.count_include_pad,
        }
        if getattr(item, "pad_value", None) is not None:
            pooling["pad_value"] = item.pad_value  # max pooling over zeros (or -inf, written out)
        return WindowedCall(*functions, (x, item.size), pooling)
    if kind == "gradient-magnitude":
        kx, ky = item.kernel_pair
        return WindowedCall(*functions, (x, kx, ky), {"padding": item.padding})
    if kind == "multichannel" and x.ndim != 3:
        raise ArgumentError("x", f"input must be a stack of channels (C×H×W), got {x.ndim} axes")
    correlation = {
        "stride": item.stride,
        "padding": item.padding,
        "bias": item.bias,
        "dilation": item.dilation,
        "divisor": item.divisor,
    }
    return WindowedCall(*functions, (x, kernel_for(item, x)), correlation)


# ---------------------------------------------------------------------------- a lesson's size
def _too_large(argument: str, what: str, value: object) -> ArgumentError:
    return ArgumentError(
        argument,
        f"{what} {value} makes a grid of more than {MAX_RESULT_CELLS} cells: "
        "too large for a lesson",
    )


def _too_much(argument: str, what: str, work: int, unit: str) -> ArgumentError:
    return ArgumentError(
        argument,
        f"{what} takes {work} {unit}, more than the {MAX_WORK} a lesson may take",
    )


def _kernel_key(item: Any) -> str:
    return "kernel" if getattr(item, "kernel", None) is not None else "kernels"


def _planned_correlation(item: Any, call: WindowedCall) -> FloatArray:
    """Plan a correlation with the engine, check a lesson's size, then run the plan."""
    x, kernel = call.args
    dims = spatial_dims(item.kind)  # the kind's, as the engine function's: a 2-D kind stays 2-D
    flip = item.kind == "convolve2d"
    plan = engine.correlate.plan_correlation(x, kernel, dims=dims, flip=flip, **call.kwargs)
    channels = plan.x.shape[0]
    padded = channels * math.prod(
        n + a + b for n, (a, b) in zip(plan.x.shape[1:], plan.sides, strict=True)
    )
    if padded > MAX_RESULT_CELLS:
        raise _too_large("padding", "padding", item.padding)
    positions = math.prod(plan.out_spatial)
    work = plan.k.size * positions
    if plan.k.shape[0] * positions > MAX_RESULT_CELLS or work > MAX_WORK:
        blame = _kernel_key(item)
        if any(a or b for a, b in plan.sides):
            try:
                bare = engine.correlate.plan_correlation(
                    x, kernel, dims=dims, flip=flip, **{**call.kwargs, "padding": 0}
                )
            except ValueError:
                blame = "padding"  # the kernel fits only the padded input
            else:
                if plan.k.size * math.prod(bare.out_spatial) <= MAX_WORK:
                    blame = "padding"
        taps = shape_text(plan.k.shape)
        at = f"kernel {taps} at {shape_text(plan.out_spatial)} positions"
        if work > MAX_WORK:
            raise _too_much(blame, at, work, "multiply-adds")
        raise ArgumentError(
            blame, f"{at} makes more than {MAX_RESULT_CELLS} output cells: too large for a lesson"
        )
    return engine.correlate.run_plan(plan)


def _planned_magnitude(item: Any, call: WindowedCall) -> FloatArray:
    """A gradient magnitude: each of its two correlations checked for a lesson's size, then run."""
    x, kx, ky = call.args
    plain = {"stride": 1, "bias": 0.0, "dilation": 1, "divisor": None, **call.kwargs}
    for kernel in (kx, ky):
        one = WindowedCall(engine.correlate2d, engine.trace_correlate2d, (x, kernel), plain)
        _planned_correlation(item, one)
    return call.compute()


def _planned_pooling(item: Any, call: WindowedCall) -> FloatArray:
    """Plan a pooling with the engine, check a lesson's size, then run the plan."""
    x, size = call.args
    dims = spatial_dims(item.kind)
    plan = engine.pooling.plan_pooling(x, size, dims=dims, **call.kwargs)
    lead = math.prod(plan.x.shape[: plan.x.ndim - dims])
    spatial = plan.x.shape[plan.x.ndim - dims :]
    padded = lead * math.prod(n + a + b for n, (a, b) in zip(spatial, plan.sides, strict=True))
    if padded > MAX_RESULT_CELLS:
        raise _too_large("padding", "padding", item.padding)
    work = lead * math.prod(plan.out_spatial) * math.prod(plan.size)
    if work > MAX_WORK:
        at = f"pool window {shape_text(plan.size)} at {shape_text(plan.out_spatial)} positions"
        raise _too_much("size", at, work, "window reads")
    return engine.pooling.run_pooling(plan)


def _transposed(item: Any, x: FloatArray) -> FloatArray:
    strides = per_axis(item.stride, "stride", 2)
    if math.prod(x.shape) * math.prod(strides) * max(1, item.kernel.size) > MAX_RESULT_CELLS:
        raise _too_large("stride", "stride", item.stride)
    return engine.transposed_correlate2d(
        x,
        item.kernel,
        stride=item.stride,
        padding=item.padding,
        bias=item.bias,
        output_padding=item.output_padding,
        dilation=item.dilation,
    )


def cell_steps(item: Any, x: FloatArray, fmt: NumberFormat | None) -> engine.Trace | None:
    """The steps of a scene that works cell by cell rather than window by window, or None.

    * ReLU: one step per cell, ``max(0, -3) = 0`` (``engine.trace_relu``);
    * a transposed convolution: one step per INPUT cell, painting its scaled kernel onto the
      output (``engine.trace_transposed_correlate2d``); the overlaps sum.

    Args:
        item: A scene (not a pipeline stage: a pipeline's ReLU stays one step).
        x: Its input.
        fmt: How the steps write numbers.
    """
    if item.kind == "relu":
        return engine.trace_relu(x, fmt=fmt)
    if item.kind == "transposed2d":
        return engine.trace_transposed_correlate2d(
            x,
            item.kernel,
            stride=item.stride,
            padding=item.padding,
            output_padding=item.output_padding,
            dilation=item.dilation,
            fmt=fmt,
        )
    return None


def transposed_partial(item: Any, x: FloatArray, steps: int) -> FloatArray:
    """A transposed convolution's output after its first ``steps`` input cells have painted.

    The vectorized engine call on the input with the cells not yet stepped set to 0 (a cell of 0
    paints nothing); the bias, added once after the last step, only then.

    Args:
        item: The transposed2d scene.
        x: Its input, (H, W) or (C, H, W).
        steps: Input cells painted so far, in row-major order (0 to H·W).
    """
    height, width = x.shape[-2:]
    mask = (np.arange(height * width) < steps).reshape(height, width)
    bias = item.bias if steps >= height * width else 0.0
    return engine.transposed_correlate2d(
        np.where(mask, x, 0.0),
        item.kernel,
        stride=item.stride,
        padding=item.padding,
        bias=bias,
        output_padding=item.output_padding,
        dilation=item.dilation,
    )


def _pad(item: Any, x: FloatArray) -> FloatArray:
    padding = item.padding
    one_side_pair = isinstance(padding, tuple) and len(padding) == 1
    dims = 1 if x.ndim <= 1 or one_side_pair else 2
    if x.ndim >= dims:
        sides = resolve_padding(padding, dims, allow_strings=False)
        spatial = x.shape[x.ndim - dims :]
        cells = math.prod(x.shape[: x.ndim - dims]) * math.prod(
            n + a + b for n, (a, b) in zip(spatial, sides, strict=True)
        )
        if cells > MAX_RESULT_CELLS:
            raise _too_large("padding", "padding", padding)
    return engine.pad(x, padding, value=item.value)


def _vote(item: Any, x: FloatArray) -> FloatArray:
    flat = engine.flatten(x)
    weights: FloatArray = item.weights
    labels = len(item.labels)
    if weights.ndim == 1 and labels == 1:
        weights = weights[None]
    if weights.ndim != 2 or weights.shape != (labels, flat.size):
        got = "x".join(str(n) for n in weights.shape)
        raise ArgumentError(
            "weights",
            f"weights is {got}, expected {labels}x{flat.size}: one row per label, "
            f"one weight per cell of the {flat.size}-cell flattened input",
        )
    bias = np.asarray(item.bias, dtype=np.float64)
    if bias.ndim == 1 and bias.size != labels:
        raise ArgumentError(
            "bias", f"bias has {bias.size} values, expected one per label ({labels})"
        )
    scores: FloatArray = weights @ flat + bias
    if item.divisor is not None:
        scores = scores / item.divisor
    return scores


def _bias(item: Any, x: FloatArray) -> FloatArray:
    bias = item.bias
    if isinstance(bias, tuple):
        if x.ndim == 0 or len(bias) != x.shape[0]:
            channels = x.shape[0] if x.ndim else 0
            raise ArgumentError(
                "bias",
                f"bias has {len(bias)} values but the input has {channels} channels; "
                "give one per channel or a single number",
            )
        shaped = np.asarray(bias, dtype=np.float64).reshape((-1,) + (1,) * (x.ndim - 1))
        result: FloatArray = x + shaped
        return result
    added: FloatArray = x + float(bias)
    return added


def _run(item: Any, x: FloatArray) -> FloatArray:
    """The engine's result for one array scene or stage on ``x`` (no memo)."""
    kind = item.kind
    call = windowed_call(item, x)
    if call is not None:
        if kind == "gradient-magnitude":
            return _planned_magnitude(item, call)
        if kind in ("pool1d", "pool2d"):
            return _planned_pooling(item, call)
        return _planned_correlation(item, call)
    if kind == "transposed2d":
        return _transposed(item, x)
    if kind == "pad":
        return _pad(item, x)
    if kind == "relu":
        return engine.relu(x)
    if kind == "bias":
        return _bias(item, x)
    if kind == "flatten":
        return engine.flatten(x)
    if kind == "vote":
        return _vote(item, x)
    if kind == "backward":
        return lessons.backward_calls.gradient(item)
    raise ValueError(f"scene kind {kind!r} does not compute an array")


def compute(item: Computes | PipelineScene, x: FloatArray | None = None) -> FloatArray:
    """The result of an array scene, a pipeline stage or a whole pipeline, computed once.

    The first call asks the engine and keeps the result on ``item``; a later call with the same
    input (the scene's own, or the previous stage's output) returns that array without
    recomputing. The array is read-only: it is shared by everyone who asks.

    Args:
        item: A scene of an array kind (correlate1d, ..., flatten), a pipeline stage, or a
            pipeline scene (its last stage's output).
        x: Its input; None for a scene's own ``input`` (a stage needs the previous output).

    Returns:
        The full output array.

    Raises:
        ArgumentError: The engine refuses the arguments, or the scene is larger than a lesson
            may be; ``argument`` names the parameter at fault.
        ValueError: A plain engine error without an argument (or a stage given no input).
    """
    if isinstance(item, PipelineScene):
        out = item.input if x is None else x
        for stage in item.stages:
            out = compute(stage, out)
        return out
    if x is None:
        if not isinstance(item, InputScene):
            raise ValueError("a pipeline stage is computed from the previous stage's output")
        x = item.input
    done = item.computed_from(x)
    if done is not None:
        return done
    output = _run(item, x)
    item.remember(x, output)
    return output


# ---------------------------------------------------------------------------- output size
def _axis_padding(padding: Any, axis: int, axes: int, f: int, dilation: int) -> Any:
    """One axis's padding: a number, (before, after), or "same"/"valid"."""
    if padding == "full":
        return engine.full_padding(f, dilation=dilation)
    if isinstance(padding, (str, int)):
        return padding
    if axes == 1 and not isinstance(padding[0], tuple):
        return padding  # 1-D: (left, right)
    return padding[axis]


def _pair(value: int | tuple[int, ...], axis: int) -> int:
    """One axis of an already validated int-or-pair."""
    return value if isinstance(value, int) else value[axis]


@dataclass(frozen=True)
class _Axis:
    """One spatial axis of an output-size scene: its input length and the layer's numbers."""

    n: int
    f: int
    stride: int
    padding: Any  # a number, (before, after), "same" or "valid"
    dilation: int
    output_padding: int

    def window_args(self, ceil_mode: bool) -> dict[str, Any]:
        """What ``engine.output_size`` and ``engine.output_size_formula`` take after n and f."""
        return {
            "stride": self.stride,
            "padding": self.padding,
            "dilation": self.dilation,
            "ceil_mode": ceil_mode,
        }


def _axes(scene: OutputSizeScene) -> list[_Axis]:
    size = scene.input_size
    spatial = size[: scene.spatial_dims]
    axes: list[_Axis] = []
    for axis, n in enumerate(spatial):
        f = _pair(scene.kernel_size, axis)
        d = _pair(scene.dilation, axis)
        axes.append(
            _Axis(
                n=n,
                f=f,
                stride=_pair(scene.stride, axis),
                padding=_axis_padding(scene.padding, axis, len(spatial), f, d),
                dilation=d,
                output_padding=_pair(scene.output_padding, axis),
            )
        )
    return axes


def _depth(scene: OutputSizeScene) -> tuple[int, ...]:
    if scene.filters is not None:
        return (scene.filters,)
    dims = scene.spatial_dims
    if len(scene.input_size) == dims + 1:
        return (scene.input_size[dims],)
    return ()


def output_shape(scene: OutputSizeScene) -> tuple[int, ...]:
    """The output shape an output-size scene asks for (spatial sizes, then the depth if any).

    Raises:
        ArgumentError: The kernel does not fit, or a parameter is out of range.
    """
    sizes: list[int] = []
    for axis in _axes(scene):
        if not scene.transposed:
            sizes.append(engine.output_size(axis.n, axis.f, **axis.window_args(scene.ceil_mode)))
            continue
        if not isinstance(axis.padding, int):
            raise ArgumentError(
                "padding",
                f"padding of a transposed convolution must be a number, got {axis.padding!r}",
            )
        sizes.append(
            engine.transposed_output_size(
                axis.n,
                axis.f,
                stride=axis.stride,
                padding=axis.padding,
                output_padding=axis.output_padding,
                dilation=axis.dilation,
            )
        )
    return (*sizes, *_depth(scene))


def _transposed_text(axis: _Axis, size: int) -> str:
    kernel = f"({axis.f} − 1)" if axis.dilation == 1 else f"{axis.dilation}·({axis.f} − 1)"
    extra = f" + {axis.output_padding}" if axis.output_padding else ""
    return f"({axis.n} − 1)·{axis.stride} − 2·{axis.padding} + {kernel}{extra} + 1 = {size}"


def output_size_text(scene: OutputSizeScene) -> str:
    """The formula with the scene's numbers, one axis, or both when they differ.

    >>> # ⌊(7 + 2·0 − 3)/3⌋ + 1 = 2 for deck 002's 7×7 input, 3×3 filter, stride 3
    """
    texts: list[str] = []
    for axis in _axes(scene):
        if scene.transposed:
            size = output_shape(scene)[len(texts)]
            texts.append(_transposed_text(axis, size))
        else:
            args = axis.window_args(scene.ceil_mode)
            texts.append(engine.output_size_formula(axis.n, axis.f, **args))
    if len(texts) == 2 and texts[0] != texts[1]:
        return f"rows: {texts[0]}; columns: {texts[1]}"
    if len(texts) == 3 and len(set(texts)) > 1:
        return f"depth: {texts[0]}; rows: {texts[1]}; columns: {texts[2]}"
    return texts[0]


# ---------------------------------------------------------------------------- parameters
def param_count(scene: ParamCountScene) -> int:
    """The number of learnable parameters of the scene's layer."""
    if scene.layer == "pool":
        return 0
    if scene.layer == "dense":
        assert scene.inputs is not None and scene.outputs is not None
        return engine.dense_params(scene.inputs, scene.outputs, bias=scene.bias)
    assert scene.kernel_size is not None
    taps = math.prod(scene.kernel_shape)
    return (taps * scene.in_channels + (1 if scene.bias else 0)) * scene.filters


def param_count_text(scene: ParamCountScene) -> str:
    """The count written out: ``(5·5·3 + 1)·10 = 760``, ``(10 + 1)·10 = 110``, ``3 + 1 = 4``."""
    total = param_count(scene)
    if scene.layer == "pool":
        return "pooling has no weights: 0"
    if scene.layer == "dense":
        inner = f"{scene.inputs} + 1" if scene.bias else f"{scene.inputs}"
        return f"({inner})·{scene.outputs} = {total}"
    assert scene.kernel_size is not None
    factors = [str(n) for n in scene.kernel_shape]
    if scene.in_channels > 1:
        factors.append(str(scene.in_channels))
    inner = "·".join(factors) + (" + 1" if scene.bias else "")
    if scene.filters == 1:
        return f"{inner} = {total}"
    return f"({inner})·{scene.filters} = {total}"


def formatted(value: float, fmt: NumberFormat | None) -> str:
    """A computed value written with the scene's display rule."""
    return format_number(value, fmt)


# ---------------------------------------------------------------------------- network
@dataclass(frozen=True)
class NetworkRow:
    """One layer of a network scene, computed.

    Attributes:
        number: The layer's 1-based position.
        name: Its name (``conv3_1``), or its kind and number (``conv 3``).
        params: Its parameter count.
        shape: Its output shape (``(112, 112, 64)``, ``(4096,)``), or None when not chained.
        text: The count written out: ``(3·3·64 + 1)·128 = 73856``.
    """

    number: int
    name: str
    params: int
    shape: tuple[int, ...] | None
    text: str


def _layer_size(n: int, layer: Any, axis: int) -> int:
    assert layer.kernel_size is not None  # the schema requires it of conv and pool layers
    f = _pair(layer.kernel_size, axis)
    default = f if layer.layer == "pool" else 1
    stride = _pair(layer.stride, axis) if layer.stride is not None else default
    return engine.output_size(n, f, stride=stride, padding=_pair(layer.padding, axis))


def network_rows(scene: NetworkScene) -> tuple[NetworkRow, ...]:
    """Each layer's parameter count and output shape, the shapes chained from ``input_size``.

    Raises:
        ArgumentError: A window that does not fit, or a layer whose inputs are not known (no
            ``input_size``, and no ``in_channels`` or ``inputs`` given).
    """
    size = scene.input_size
    shape: tuple[int, ...] | None = None
    if size is not None:
        shape = (*size, 1) if len(size) == 2 else tuple(size)
    rows: list[NetworkRow] = []
    for number, layer in enumerate(scene.layers, start=1):
        name = layer.name or f"{layer.layer} {number}"
        params, text = 0, "no weights: 0"
        if layer.layer == "conv":
            channels = layer.in_channels
            if channels is None:
                if shape is None or len(shape) != 3:
                    raise ArgumentError(
                        "in_channels",
                        f"layer {number} ({name}): give in_channels, or input_size to chain from",
                    )
                channels = shape[2]
            assert layer.kernel_size is not None
            f, g = _pair(layer.kernel_size, 0), _pair(layer.kernel_size, 1)
            filters = layer.filters or 1
            params = (f * g * channels + (1 if layer.bias else 0)) * filters
            inner = f"{f}·{g}·{channels}" + (" + 1" if layer.bias else "")
            text = f"({inner})·{filters} = {params}"
            if shape is not None and len(shape) == 3:
                shape = (_layer_size(shape[0], layer, 0), _layer_size(shape[1], layer, 1), filters)
        elif layer.layer == "pool":
            if shape is not None and len(shape) == 3:
                shape = (_layer_size(shape[0], layer, 0), _layer_size(shape[1], layer, 1), shape[2])
        elif layer.layer == "flatten":
            if shape is not None:
                shape = (math.prod(shape),)
        else:
            inputs = layer.inputs
            if inputs is None:
                if shape is None:
                    raise ArgumentError(
                        "inputs",
                        f"layer {number} ({name}): give inputs, or input_size to chain from",
                    )
                inputs = math.prod(shape)
            outputs = layer.outputs or 1
            params = engine.dense_params(inputs, outputs, bias=layer.bias)
            text = f"({inputs} + 1)·{outputs} = {params}" if layer.bias else f"{inputs}·{outputs}"
            shape = (outputs,) if shape is not None or layer.inputs is not None else None
        rows.append(NetworkRow(number, name, params, shape, text))
    return tuple(rows)


def network_total(scene: NetworkScene) -> int:
    """The network's total parameter count."""
    return sum(row.params for row in network_rows(scene))
