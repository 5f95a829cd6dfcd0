"""The one place that turns a scene (or a pipeline stage) into engine calls.

The loader uses it to refuse a lesson the engine cannot compute (a kernel bigger than its input),
``lessons.playback`` to build what the app shows, and ``lessons.verify`` to recompute every
``expect``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

import engine
from engine.display import NumberFormat, format_number

if TYPE_CHECKING:
    from lessons.schema import OutputSizeScene, ParamCountScene

__all__ = [
    "WindowedCall",
    "compute",
    "kernel_for",
    "output_shape",
    "output_size_text",
    "param_count",
    "param_count_text",
    "spatial_dims",
    "windowed_call",
]

FloatArray = npt.NDArray[np.float64]

_ONE_D = frozenset({"correlate1d", "pool1d"})


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


def _one(value: int | tuple[int, int], name: str) -> int:
    """A 1-D kind's stride or dilation: an int (a pair would be refused by the engine)."""
    if isinstance(value, tuple):
        raise ValueError(f"{name} of a 1-D scene must be a single number, got {list(value)}")
    return value


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
}


def windowed_call(item: Any, x: FloatArray) -> WindowedCall | None:
    """The engine call of a scene or stage that slides a window (correlation, pooling), or None.

    Args:
        item: A scene or stage.
        x: Its input.

    Raises:
        ValueError: A 1-D scene with a pair as stride or dilation, or a multichannel scene whose
            input is not a stack of channels.
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
        }
        return WindowedCall(*functions, (x, item.size), pooling)
    if kind == "correlate1d":
        stride: Any = _one(item.stride, "stride")
        dilation: Any = _one(item.dilation, "dilation")
    else:
        stride, dilation = item.stride, item.dilation
    if kind == "multichannel" and x.ndim != 3:
        raise ValueError(f"input must be a stack of channels (C×H×W), got {x.ndim} axes")
    correlation = {
        "stride": stride,
        "padding": item.padding,
        "bias": item.bias,
        "dilation": dilation,
        "divisor": item.divisor,
    }
    return WindowedCall(*functions, (x, kernel_for(item, x)), correlation)


def _vote(item: Any, x: FloatArray) -> FloatArray:
    flat = engine.flatten(x)
    weights: FloatArray = item.weights
    labels = len(item.labels)
    if weights.ndim == 1 and labels == 1:
        weights = weights[None]
    if weights.ndim != 2 or weights.shape != (labels, flat.size):
        got = "x".join(str(n) for n in weights.shape)
        raise ValueError(
            f"weights is {got}, expected {labels}x{flat.size}: one row per label, "
            f"one weight per cell of the {flat.size}-cell flattened input"
        )
    bias = np.asarray(item.bias, dtype=np.float64)
    if bias.ndim == 1 and bias.size != labels:
        raise ValueError(f"bias has {bias.size} values, expected one per label ({labels})")
    scores: FloatArray = weights @ flat + bias
    if item.divisor is not None:
        scores = scores / item.divisor
    return scores


def _bias(item: Any, x: FloatArray) -> FloatArray:
    bias = item.bias
    if isinstance(bias, tuple):
        if x.ndim == 0 or len(bias) != x.shape[0]:
            channels = x.shape[0] if x.ndim else 0
            raise ValueError(
                f"bias has {len(bias)} values but the input has {channels} channels; "
                "give one per channel or a single number"
            )
        shaped = np.asarray(bias, dtype=np.float64).reshape((-1,) + (1,) * (x.ndim - 1))
        result: FloatArray = x + shaped
        return result
    added: FloatArray = x + float(bias)
    return added


MAX_RESULT_CELLS = 1_000_000
"""Largest padded input or output a lesson may make (a typo such as padding 100000 would
otherwise allocate gigabytes)."""


def _check_size(item: Any, x: FloatArray) -> None:
    """Refuse padding or strides that would make a huge array, before the engine allocates it."""
    padding = getattr(item, "padding", 0)
    if x.ndim == 0 or padding == "valid":
        return
    dims = spatial_dims(item.kind, x)
    if isinstance(padding, str):  # "same": d(f - 1) cells per axis
        kernel = getattr(item, "kernel", None)
        if kernel is None:
            kernel = getattr(item, "kernels", None)
        if kernel is None or kernel.ndim < dims:
            return
        dilation = item.dilation if isinstance(item.dilation, tuple) else (item.dilation,) * 2
        extra = [d * (f - 1) for d, f in zip(dilation, kernel.shape[-dims:], strict=False)]
    elif isinstance(padding, int):
        extra = [2 * padding] * dims
    elif isinstance(padding[0], tuple):
        extra = [a + b for a, b in padding]
    else:
        extra = [padding[0] + padding[1]] if dims == 1 else [2 * padding[0], 2 * padding[1]]
    spatial = list(x.shape[x.ndim - dims :])
    cells = math.prod(x.shape[: x.ndim - dims]) * math.prod(
        n + e for n, e in zip(spatial, extra, strict=False)
    )
    if item.kind == "transposed2d":
        strides = item.stride if isinstance(item.stride, tuple) else (item.stride, item.stride)
        cells = math.prod(x.shape) * math.prod(strides) * max(1, item.kernel.size)
    if cells > MAX_RESULT_CELLS:
        what = "stride" if item.kind == "transposed2d" else "padding"
        raise ValueError(
            f"{what} {padding if what == 'padding' else item.stride} makes a grid of more than "
            f"{MAX_RESULT_CELLS} cells: too large for a lesson"
        )


def compute(item: Any, x: FloatArray) -> FloatArray:
    """The result of one array scene or pipeline stage on input ``x``.

    Args:
        item: A scene or stage of an array kind (correlate1d, ..., vote).
        x: Its input (the scene's ``input``, or the previous stage's output).

    Returns:
        The full output array.

    Raises:
        ValueError: The engine refuses the arguments (the message names shapes and values).
    """
    kind = item.kind
    _check_size(item, x)
    call = windowed_call(item, x)
    if call is not None:
        return call.compute()
    if kind == "transposed2d":
        return engine.transposed_correlate2d(
            x,
            item.kernel,
            stride=item.stride,
            padding=item.padding,
            bias=item.bias,
            output_padding=item.output_padding,
            dilation=item.dilation,
        )
    if kind == "pad":
        return engine.pad(x, item.padding, value=item.value)
    if kind == "relu":
        return engine.relu(x)
    if kind == "bias":
        return _bias(item, x)
    if kind == "flatten":
        return engine.flatten(x)
    if kind == "vote":
        return _vote(item, x)
    raise ValueError(f"scene kind {kind!r} does not compute an array")


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


def _pair(value: int | tuple[int, int], axis: int) -> int:
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
    spatial = size[:1] if len(size) == 1 else size[:2]
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
    if len(scene.input_size) == 3:
        return (scene.input_size[2],)
    return ()


def output_shape(scene: OutputSizeScene) -> tuple[int, ...]:
    """The output shape an output-size scene asks for (spatial sizes, then the depth if any).

    Raises:
        ValueError: The kernel does not fit, or a parameter is out of range.
    """
    sizes: list[int] = []
    for axis in _axes(scene):
        if not scene.transposed:
            sizes.append(engine.output_size(axis.n, axis.f, **axis.window_args(scene.ceil_mode)))
            continue
        if not isinstance(axis.padding, int):
            raise ValueError(
                f"padding of a transposed convolution must be a number, got {axis.padding!r}"
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
