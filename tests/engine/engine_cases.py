"""Hypothesis strategies for small engine cases, and torch.nn.functional references for them.

Each strategy draws a complete call (input, kernel or pool window, parameters) that is valid by
construction; the ``torch_*`` functions compute the same thing with torch in float64, which is the
ground truth every engine test compares against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

Array = np.ndarray[Any, np.dtype[np.float64]]

# Small integers make exact sums; a few fractional values exercise rounding.
VALUES = st.one_of(
    st.integers(-6, 6).map(float),
    st.floats(-8, 8, allow_nan=False, allow_infinity=False, width=32).map(float),
)


def arrays(draw: st.DrawFn, shape: tuple[int, ...]) -> Array:
    """An array of small integers or of fractional values.

    Hypothesis draws the seed and the kind; NumPy fills the array. Drawing every element through
    Hypothesis would cost most of the test time, and shapes and parameters, which Hypothesis still
    shrinks, are where the bugs live.
    """
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if draw(st.booleans()):
        return rng.integers(-6, 7, shape).astype(np.float64)
    return np.round(rng.uniform(-8, 8, shape), 3)


@dataclass
class ConvCase:
    """One correlation call: ``engine.correlate{dims}d(x, k, **kwargs)``."""

    dims: int
    x: Array
    k: Array
    kwargs: dict[str, Any] = field(default_factory=dict)


@st.composite
def conv_cases(draw: st.DrawFn, dims: int) -> ConvCase:
    """A valid correlation of 1 or 2 spatial dims, with every parameter form the engine accepts."""
    channels = draw(st.integers(1, 3))
    kernels = draw(st.integers(1, 3))
    kernel = tuple(draw(st.integers(1, 4)) for _ in range(dims))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(dims))
    forms = ["int", "pair", "sides", "valid"]
    if all(s == 1 for s in stride):
        forms.append("same")
    form = draw(st.sampled_from(forms))
    if form == "int":
        p = draw(st.integers(0, 2))
        padding: Any = p
        sides = [(p, p)] * dims
    elif form == "pair" and dims == 2:
        p, q = draw(st.integers(0, 2)), draw(st.integers(0, 2))
        padding = (p, q)
        sides = [(p, p), (q, q)]
    elif form in ("pair", "sides"):
        sides = [(draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in range(dims)]
        padding = tuple(sides[0]) if dims == 1 and form == "pair" else tuple(sides)
    elif form == "valid":
        padding, sides = "valid", [(0, 0)] * dims
    else:
        padding = "same"
        sides = [
            (d * (f - 1) // 2, d * (f - 1) - d * (f - 1) // 2)
            for d, f in zip(dilation, kernel, strict=True)
        ]
    spatial = []
    for f, d, (a, b) in zip(kernel, dilation, sides, strict=True):
        span = d * (f - 1) + 1
        spatial.append(draw(st.integers(max(1, span - a - b), max(1, span - a - b) + 5)))
    x = arrays(draw, (channels, *spatial))
    k = arrays(draw, (kernels, channels, *kernel))
    # The layouts the engine accepts: drop the channel / kernel axes where they are 1.
    if channels == 1 and draw(st.booleans()):
        x = x[0]
    if kernels == 1:
        layout = draw(
            st.sampled_from(
                ["stack", "channels", "plain"] if channels == 1 else ["stack", "channels"]
            )
        )
        if layout == "channels":
            k = k[0]
        elif layout == "plain":
            k = k[0, 0]
    kwargs: dict[str, Any] = {"padding": padding}
    for name, value in (("stride", stride), ("dilation", dilation)):
        if value != (1,) * dims or draw(st.booleans()):
            as_int = dims == 1 or (value[0] == value[1] and draw(st.booleans()))
            kwargs[name] = value[0] if as_int else value
    bias_form = draw(st.sampled_from(["none", "scalar", "vector"]))
    if bias_form == "scalar":
        kwargs["bias"] = draw(VALUES)
    elif bias_form == "vector" and k.ndim == dims + 2:
        kwargs["bias"] = arrays(draw, (k.shape[0],))
    return ConvCase(dims, x, k, kwargs)


def torch_correlate(case: ConvCase, *, flip: bool = False) -> Array:
    """torch's conv1d/conv2d for a case, shaped as the engine returns it."""
    dims = case.dims
    x = torch.from_numpy(np.array(case.x, dtype=np.float64))
    if x.ndim == dims:
        x = x[None]
    k = np.array(case.k, dtype=np.float64)
    stacked = k.ndim == dims + 2
    while k.ndim < dims + 2:
        k = k[None]
    w = torch.from_numpy(k.copy())
    if flip:
        w = torch.flip(w, dims=list(range(2, dims + 2)))
    bias = case.kwargs.get("bias", 0.0)
    b = torch.from_numpy(np.broadcast_to(np.asarray(bias, dtype=np.float64), (k.shape[0],)).copy())
    padding = case.kwargs.get("padding", 0)
    stride = case.kwargs.get("stride", 1)
    dilation = case.kwargs.get("dilation", 1)
    batch = x[None]
    if isinstance(padding, tuple) and (dims == 1 or isinstance(padding[0], tuple)):
        sides = list(padding) if isinstance(padding[0], tuple) else [padding]
        flat = [v for side in reversed(sides) for v in side]  # F.pad wants the last axis first
        batch = F.pad(batch, flat)
        padding = 0
    conv = F.conv1d if dims == 1 else F.conv2d
    out = conv(batch, w, b, stride=stride, padding=padding, dilation=dilation)[0].numpy()
    result: Array = out if stacked else out[0]
    return result


@dataclass
class PoolCase:
    """One pooling call: ``engine.pool{dims}d(x, size, **kwargs)``."""

    dims: int
    x: Array
    size: Any
    kwargs: dict[str, Any] = field(default_factory=dict)


@st.composite
def pool_cases(draw: st.DrawFn, dims: int) -> PoolCase:
    """A valid pooling, max or avg, with padding, strides and ceil mode."""
    size = tuple(draw(st.integers(1, 4)) for _ in range(dims))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    pads = tuple(draw(st.integers(0, f // 2)) for f in size)
    spatial = tuple(
        draw(st.integers(max(1, f - 2 * p), f + 6)) for f, p in zip(size, pads, strict=True)
    )
    lead = draw(st.sampled_from([(), (1,), (2,), (3,)]))
    x = arrays(draw, (*lead, *spatial))
    kwargs: dict[str, Any] = {"mode": draw(st.sampled_from(["max", "avg"]))}
    if draw(st.booleans()):
        kwargs["stride"] = stride if dims == 2 else stride[0]
    if any(pads) or draw(st.booleans()):
        kwargs["padding"] = pads if dims == 2 else pads[0]
    if draw(st.booleans()):
        kwargs["ceil_mode"] = True
    if kwargs["mode"] == "avg" and draw(st.booleans()):
        kwargs["count_include_pad"] = False
    shown_size: Any = size if dims == 2 else size[0]
    if dims == 2 and size[0] == size[1] and draw(st.booleans()):
        shown_size = size[0]
    return PoolCase(dims, x, shown_size, kwargs)


@st.composite
def side_pool_cases(draw: st.DrawFn, dims: int, zero_pad: bool = False) -> PoolCase:
    """A pooling with per-side padding (each side at most half the window), no ceil mode.

    With ``zero_pad``, max pooling may pad with zeros (``pad_value=0``, forward only).
    """
    size = tuple(draw(st.integers(1, 4)) for _ in range(dims))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    sides = tuple((draw(st.integers(0, f // 2)), draw(st.integers(0, f // 2))) for f in size)
    spatial = tuple(
        draw(st.integers(max(1, f - a - b), f + 6)) for f, (a, b) in zip(size, sides, strict=True)
    )
    lead = draw(st.sampled_from([(), (1,), (2,)]))
    x = arrays(draw, (*lead, *spatial))
    mode = draw(st.sampled_from(["max", "avg"]))
    kwargs: dict[str, Any] = {"mode": mode, "stride": stride if dims == 2 else stride[0]}
    kwargs["padding"] = sides if dims == 2 or draw(st.booleans()) else sides[0]
    if mode == "avg":
        kwargs["count_include_pad"] = draw(st.booleans())
    elif zero_pad and draw(st.booleans()):
        kwargs["pad_value"] = 0.0  # max pooling over zeros: F.pad's zeros, then max_pool
    return PoolCase(dims, x, size if dims == 2 else size[0], kwargs)


def torch_side_pool(case: PoolCase) -> Array:
    """torch's answer for per-side padding: ``F.pad`` (-inf or 0), then the unpadded pooling.

    Max pooling with ``pad_value=0`` pads with zeros instead of -inf.

    Average pooling that leaves the padding out divides the padded window's sum by the pooled
    count of input cells (a padded mask of ones), both by torch.
    """
    dims = case.dims
    x = torch.from_numpy(np.array(case.x, dtype=np.float64))
    squeeze = x.ndim == dims
    if squeeze:
        x = x[None]
    padding = case.kwargs["padding"]
    sides = padding if dims == 2 else (padding if isinstance(padding[0], tuple) else (padding,))
    flat: list[int] = []
    for before, after in reversed(sides):  # F.pad takes the last axis first
        flat += [before, after]
    mode = case.kwargs["mode"]
    stride = case.kwargs["stride"]
    if dims == 1:
        max_fn, avg_fn = F.max_pool1d, F.avg_pool1d
    else:
        max_fn, avg_fn = F.max_pool2d, F.avg_pool2d
    if mode == "max":
        fill = case.kwargs.get("pad_value", -np.inf)
        out = max_fn(F.pad(x, flat, value=fill), case.size, stride)
    else:
        total = avg_fn(F.pad(x, flat), case.size, stride)
        if not case.kwargs["count_include_pad"]:
            total = total / avg_fn(F.pad(torch.ones_like(x), flat), case.size, stride)
        out = total
    result: Array = out.numpy()[0] if squeeze else out.numpy()
    return result


def torch_pool(case: PoolCase) -> Array:
    """torch's max/avg pool for a case, shaped as the engine returns it."""
    dims = case.dims
    x = torch.from_numpy(np.array(case.x, dtype=np.float64))
    squeeze = x.ndim == dims
    if squeeze:
        x = x[None]
    mode = case.kwargs.get("mode", "max")
    stride = case.kwargs.get("stride")
    padding = case.kwargs.get("padding", 0)
    ceil_mode = case.kwargs.get("ceil_mode", False)
    if mode == "max":
        fn = F.max_pool1d if dims == 1 else F.max_pool2d
        out = fn(x, case.size, stride, padding, ceil_mode=ceil_mode).numpy()
    else:
        avg = F.avg_pool1d if dims == 1 else F.avg_pool2d
        include = case.kwargs.get("count_include_pad", True)
        out = avg(x, case.size, stride, padding, ceil_mode, include).numpy()
    result: Array = out[0] if squeeze else out
    return result


@dataclass
class TransposedCase:
    """One ``engine.transposed_correlate2d(x, k, **kwargs)`` call."""

    x: Array
    k: Array
    kwargs: dict[str, Any] = field(default_factory=dict)


@st.composite
def transposed_cases(draw: st.DrawFn) -> TransposedCase:
    """A valid transposed convolution (output at least 1x1)."""
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    f, g = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    s, t = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    d, e = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    op = (draw(st.integers(0, max(s, d) - 1)), draw(st.integers(0, max(t, e) - 1)))
    h, w = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    max_p = ((h - 1) * s + d * (f - 1) + op[0]) // 2
    max_q = ((w - 1) * t + e * (g - 1) + op[1]) // 2
    p, q = draw(st.integers(0, min(2, max_p))), draw(st.integers(0, min(2, max_q)))
    x = arrays(draw, (c_in, h, w))
    k = arrays(draw, (c_in, c_out, f, g))
    if c_out == 1 and draw(st.booleans()):
        k = k[:, 0]
        if c_in == 1 and draw(st.booleans()):
            k = k[0]
    if c_in == 1 and k.ndim < 4 and draw(st.booleans()):
        x = x[0]
    kwargs: dict[str, Any] = {"stride": (s, t), "padding": (p, q), "dilation": (d, e)}
    kwargs["output_padding"] = op
    if draw(st.booleans()):
        kwargs["bias"] = draw(VALUES) if k.ndim < 4 else arrays(draw, (c_out,))
    return TransposedCase(x, k, kwargs)


def torch_transposed(case: TransposedCase) -> Array:
    """torch's conv_transpose2d for a case, shaped as the engine returns it."""
    x = torch.from_numpy(np.array(case.x, dtype=np.float64))
    if x.ndim == 2:
        x = x[None]
    k = np.array(case.k, dtype=np.float64)
    stacked = k.ndim == 4
    if k.ndim == 2:
        k = k[None, None]
    elif k.ndim == 3:
        k = k[:, None]
    bias = np.broadcast_to(np.asarray(case.kwargs.get("bias", 0.0)), (k.shape[1],)).copy()
    out = F.conv_transpose2d(
        x[None],
        torch.from_numpy(k.copy()),
        torch.from_numpy(bias),
        stride=case.kwargs["stride"],
        padding=case.kwargs["padding"],
        output_padding=case.kwargs["output_padding"],
        dilation=case.kwargs["dilation"],
    )[0].numpy()
    result: Array = out if stacked else out[0]
    return result
