"""The playground's state as PyTorch code: the ``torch.nn.functional`` call that does the same,
or (``module=True``) the ``torch.nn`` module (``nn.Conv2d`` with its weight and bias set from the
kernel, ``nn.MaxPool2d``, ...).

:func:`torch_call` is the few lines the screen's panel shows; :func:`torch_script` a
self-contained script (``cnn-tutor play --torch``) that builds the tensors, runs the call and
prints the output, whose ``out`` equals the engine's output. Only text is made here: torch is never
imported (it runs under ``tui/training/``).

Shapes: torch wants a batch axis and a channel axis, so an (H, W) input is sent as (1, 1, H, W)
and the output's leading axes are dropped again to the engine's shape.
"""

from __future__ import annotations

from contextvars import ContextVar

import numpy as np

from engine.types import FloatArray
from lessons.playback import Playback
from lessons.playground.grids import number_text
from lessons.playground.state import Built

__all__ = ["torch_call", "torch_imports", "torch_script"]


def _first(built: Built) -> Playback:
    """The first layer's playback (the scene's own, or a pipeline's first stage)."""
    return built.playback.stages[0] if built.playback.stages else built.playback


_SHORT: ContextVar[int | None] = ContextVar("short", default=None)
"""When set (by :func:`torch_call`'s ``short``), arrays with more cells are elided (a context
variable: the torch worker's thread writes the whole code meanwhile)."""


_MODULE: ContextVar[bool] = ContextVar("module", default=False)
"""When set (by :func:`torch_call`'s ``module``), layers are ``torch.nn`` modules whose weights and
bias are set from the playground's arrays, rather than ``torch.nn.functional`` calls."""


def _module_lines(
    name: str, ctor: str, call: str, weights: tuple[str, str] | None = None
) -> list[str]:
    """Build a module, set its weights and bias (under ``no_grad``), apply it: ``out = call``.

    Args:
        name: The module's variable (``conv``, ``pool2``).
        ctor: Its constructor (``nn.Conv2d(1, 1, (3, 3), stride=1, ...)``).
        call: The line that applies it (``out = conv(x)``).
        weights: The weight and bias tensors' variables to copy in, or None (no parameters).
    """
    lines = [f"{name} = {ctor}"]
    if weights is not None:
        weight, bias = weights
        lines += [
            "with torch.no_grad():  # the playground's kernel and bias, not random ones",
            f"    {name}.weight.copy_({weight})",
            f"    {name}.bias.copy_({bias})",
        ]
    return [*lines, call]


def _literal(array: FloatArray) -> str:
    """A nested Python list literal of the array (elided past ``SHORT_CELLS`` cells)."""
    short = _SHORT.get()
    if short is not None and array.size > short and array.ndim >= 1:
        first = number_text(float(array.ravel()[0]))
        return "[" * array.ndim + f"{first}, …" + "], …" * (array.ndim - 1) + "]"
    if array.ndim == 0:
        return number_text(float(array))
    if array.ndim == 1:
        return "[" + ", ".join(number_text(float(v)) for v in array) + "]"
    return "[" + ", ".join(_literal(part) for part in array) + "]"


def _pair(value: object) -> str:
    if isinstance(value, list | tuple):
        return "(" + ", ".join(str(v) for v in value) + ")"
    return str(value)


def _bias_values(built: Built, filters: int) -> list[float]:
    bias = built.state.bias
    if isinstance(bias, list | tuple):
        return [float(b) for b in bias]
    return [float(bias)] * filters


def _conv_lines(built: Built) -> list[str]:
    state = built.state
    x = state.input
    k = state.kernel
    one_d = x.ndim == 1
    lines: list[str] = []
    if one_d:
        lines.append(f"x = torch.tensor({_literal(x)}, dtype=torch.float64).reshape(1, 1, -1)")
        lines.append(f"w = torch.tensor({_literal(k)}, dtype=torch.float64).reshape(1, 1, -1)")
        filters = 1
        drop = "out[0, 0]"
    else:
        if x.ndim == 2:
            lines.append(f"x = torch.tensor({_literal(x)}, dtype=torch.float64)[None, None]")
        else:
            lines.append(f"x = torch.tensor({_literal(x)}, dtype=torch.float64)[None]")
        # torch's weight is (K, C, F, G): add the axes the typed kernel leaves out
        shape = {2: "[None, None]", 3: "[:, None]" if x.ndim == 2 else "[None]"}.get(k.ndim, "")
        lines.append(f"w = torch.tensor({_literal(k)}, dtype=torch.float64){shape}")
        several = k.ndim == 4 or (k.ndim == 3 and x.ndim == 2)
        filters = int(k.shape[0]) if several else 1
        drop = "out[0]" if several else "out[0, 0]"
    if state.op == "convolve":
        dims = "(-1,)" if one_d else "(-2, -1)"
        lines.append(f"w = torch.flip(w, dims={dims})  # convolution: the kernel flipped")
    bias = _bias_values(built, filters)
    divisor = state.divisor
    if divisor is not None:
        lines.append(f"w = w / {number_text(divisor)}  # each sum (and the bias) divided by it")
    lines.append(f"b = torch.tensor({_literal(np.array(bias))}, dtype=torch.float64)")
    if divisor is not None:
        lines.append(f"b = b / {number_text(divisor)}")
    sides = _first(built).pad
    flat = [side for pair in sides for side in pair]
    symmetric = all(a == b for a, b in sides)
    if not symmetric:
        order = [n for pair in reversed(sides) for n in pair]  # F.pad: last axis first
        lines.append(f"x = F.pad(x, {tuple(order)})  # per-side padding")
        padding = "0"
    else:
        padding = _pair([a for a, _ in sides]) if not one_d else str(sides[0][0])
    if not any(flat):
        padding = "0"
    options = f"stride={_pair(state.stride)}, padding={padding}, dilation={_pair(state.dilation)}"
    if _MODULE.get():
        weight = _weight_shape(x, k)  # (K, C, F, G): filters, channels, the kernel's size
        size = str(weight[2]) if one_d else _pair(weight[2:])
        ctor = (
            f"nn.Conv{1 if one_d else 2}d({weight[1]}, {weight[0]}, {size}, {options}, "
            "dtype=torch.float64)"
        )
        lines += _module_lines("conv", ctor, "out = conv(x)", ("w", "b"))
    else:
        fn = "F.conv1d" if one_d else "F.conv2d"
        lines.append(f"out = {fn}(x, w, b, {options})")
    lines.append(f"out = {drop}  # drop the batch (and channel) axes: the engine's shape")
    return lines


def _weight_shape(x: FloatArray, k: FloatArray) -> tuple[int, ...]:
    """torch's weight shape (K, C, F, G) (or (1, 1, F) in 1-D) for the typed kernel."""
    if x.ndim == 1:
        return (1, 1, int(k.shape[-1]))
    if k.ndim == 2:
        return (1, 1, *k.shape)
    if k.ndim == 3:
        return (int(k.shape[0]), 1, *k.shape[1:]) if x.ndim == 2 else (1, *k.shape)
    return tuple(int(n) for n in k.shape)


def _transposed_lines(built: Built) -> list[str]:
    state = built.state
    options = (
        f"stride={_pair(state.stride)}, padding={_pair(state.padding)}, "
        f"output_padding={_pair(state.output_padding)}, dilation={_pair(state.dilation)}"
    )
    lines = [
        f"x = torch.tensor({_literal(state.input)}, dtype=torch.float64)[None, None]",
        f"w = torch.tensor({_literal(state.kernel)}, dtype=torch.float64)[None, None]",
        f"b = torch.tensor([{number_text(float(state.bias))}], dtype=torch.float64)",
    ]
    if _MODULE.get():
        size = _pair(tuple(int(n) for n in state.kernel.shape))
        ctor = f"nn.ConvTranspose2d(1, 1, {size}, {options}, dtype=torch.float64)"
        lines += _module_lines("conv", ctor, "out = conv(x)", ("w", "b"))
    else:
        lines.append(f"out = F.conv_transpose2d(x, w, b, {options})")
    return [*lines, "out = out[0, 0]  # drop the batch and channel axes: the engine's shape"]


def _pool(fn: str, args: str, inputs: tuple[str, ...] = ("x",), name: str = "pool") -> list[str]:
    """``out = F.max_pool2d(x, ARGS)``, or its module built then applied (``inputs`` divided)."""
    if _MODULE.get():
        mode, dims = fn.removeprefix("F.").split("_pool")
        module = f"nn.{'Max' if mode == 'max' else 'Avg'}Pool{dims}"
        call = " / ".join(f"{name}({value})" for value in inputs)
        return _module_lines(name, f"{module}({args})", f"out = {call}")
    return ["out = " + " / ".join(f"{fn}({value}, {args})" for value in inputs)]


def _pool_lines(built: Built) -> list[str]:
    state = built.state
    x = state.input
    one_d = x.ndim == 1 or state.rows_1d
    # torch wants (N, C, ...): a grid pooled row by row sends its rows as channels
    add = "[None, None]" if x.ndim == 1 or (x.ndim == 2 and not one_d) else "[None]"
    drop = "out[0, 0]" if add == "[None, None]" else "out[0]"
    mode = "max" if state.op == "max-pool" else "avg"
    fn = f"F.{mode}_pool{1 if one_d else 2}d"
    stride = state.size if state.pool_stride is None else state.pool_stride
    sides = _first(built).pad
    head = f"x = torch.tensor({_literal(x)}, dtype=torch.float64){add}"
    window = f"{_pair(state.size)}, stride={_pair(stride)}"
    ceil = f"ceil_mode={bool(state.ceil_mode)}"
    padded = any(a or b for a, b in sides)
    if mode == "max" and state.zero_pad and padded:
        return _zero_pad_lines(built, head, _pool(fn, f"{window}, {ceil}"), drop)
    if all(a == b for a, b in sides):
        padding = _pair([a for a, _ in sides]) if not one_d else str(sides[0][0])
        extra = f", count_include_pad={state.count_include_pad}" if mode == "avg" else ""
        return [
            head,
            *_pool(fn, f"{window}, padding={padding}, {ceil}{extra}"),
            f"out = {drop}  # drop the batch (and channel) axes: the engine's shape",
        ]
    # torch pads both sides alike: pad a copy per side (-inf for max, as torch does), then pool
    pads = tuple(n for pair in reversed(sides) for n in pair)
    first_output = _first(built).output
    assert first_output is not None
    shape = first_output.shape[-len(sides) :]
    crop = ", ".join(f":{n}" for n in shape)
    lines = [head]
    if mode == "max":
        lines.append(f"x = F.pad(x, {pads}, value=float('-inf'))  # per-side padding")
        lines += _pool(fn, f"{window}, {ceil}")
    elif state.count_include_pad:
        lines.append(f"x = F.pad(x, {pads})  # per-side zero padding, counted")
        lines += _pool(fn, f"{window}, {ceil}")
    else:
        lines.append(f"real = F.pad(torch.ones_like(x), {pads})  # 1 on real cells, 0 on padding")
        lines.append(f"x = F.pad(x, {pads})  # per-side zero padding")
        pooled = _pool(fn, f"{window}, {ceil}", ("x", "real"))
        pooled[-1] += "  # divided by the real cells"
        lines += pooled
    lines.append(f"out = out[..., {crop}]  # no window may start in the right/bottom padding")
    lines.append(f"out = {drop}  # drop the batch (and channel) axes: the engine's shape")
    return lines


def _zero_pad_lines(built: Built, head: str, call: list[str], drop: str) -> list[str]:
    """Max pooling over zeros: ``F.pad`` (zeros), then the pooling without padding.

    ``max_pool2d``'s own padding is ``-inf``, so the zeros are added first. In ceil mode torch may
    then keep a window that starts in the right/bottom zeros, which a padded ``max_pool2d`` never
    does: the output is cropped to the engine's shape.
    """
    sides = _first(built).pad
    pads = tuple(n for pair in reversed(sides) for n in pair)  # F.pad: last axis first
    lines = [
        head,
        f"x = F.pad(x, {pads})  # zero padding (max_pool's own padding is -inf)",
        *call,
    ]
    if built.state.ceil_mode:
        first_output = _first(built).output
        assert first_output is not None
        shape = first_output.shape[-len(sides) :]
        crop = ", ".join(f":{n}" for n in shape)
        lines.append(f"out = out[..., {crop}]  # no window may start in the right/bottom padding")
    lines.append(f"out = {drop}  # drop the batch (and channel) axes: the engine's shape")
    return lines


def _layer_lines(built: Built) -> list[str]:
    """Each stacked layer applied to ``out``, the previous layer's output (torch takes a map
    without the batch axis: (C, H, W))."""
    lines: list[str] = []
    stages = built.playback.stages[1:]
    for number, (layer, stage) in enumerate(zip(built.state.layers, stages, strict=True), 2):
        two_d = stage.input is not None and stage.input.ndim == 2
        x, back = ("out[None]", "[0]") if two_d else ("out", "")
        lines.append(f"# layer {number}: {layer.op}")
        module = _MODULE.get()
        if layer.op == "relu":
            lines.append("out = nn.ReLU()(out)" if module else "out = F.relu(out)")
        elif layer.op == "correlate":
            stride = 1 if layer.stride is None else layer.stride
            kernel = np.asarray(layer.kernel, dtype=float)
            lines.append(
                f"w{number} = torch.tensor({_literal(kernel)}, dtype=torch.float64)[None, None]"
            )
            lines.append(
                f"b{number} = torch.tensor([{number_text(float(layer.bias))}], dtype=torch.float64)"
            )
            options = (
                f"stride={_pair(stride)}, padding={_pair(layer.padding)}, "
                f"dilation={_pair(layer.dilation)}"
            )
            if module:
                size = _pair(tuple(int(n) for n in kernel.shape))
                ctor = f"nn.Conv2d(1, 1, {size}, {options}, dtype=torch.float64)"
                call = f"out = conv{number}({x}){back}"
                lines += _module_lines(f"conv{number}", ctor, call, (f"w{number}", f"b{number}"))
            else:
                lines.append(f"out = F.conv2d({x}, w{number}, b{number}, {options}){back}")
        else:
            mode = "max" if layer.op == "max-pool" else "avg"
            stride = layer.size if layer.stride is None else layer.stride
            pooled = _pool(
                f"F.{mode}_pool2d",
                f"{_pair(layer.size)}, stride={_pair(stride)}, padding={_pair(layer.padding)}",
                (x,),
                f"pool{number}",
            )
            pooled[-1] += back
            lines += pooled
    return lines


def torch_call(built: Built, *, short: int | None = None, module: bool = False) -> list[str]:
    """The lines that build the tensors and compute ``out`` (torch, ``nn`` and ``F`` imported).

    Args:
        built: A valid state.
        short: Elide arrays of more cells than this (for a panel to read; not runnable), or
            None for the whole code.
        module: Write each layer as a ``torch.nn`` module (``nn.Conv2d`` with its weight and
            bias set from the kernel, ``nn.MaxPool2d``, ...) rather than a functional call.
    """
    token = _SHORT.set(short)
    form = _MODULE.set(module)
    try:
        first = _first_layer_lines(built)
        return [*first, *_layer_lines(built)] if built.state.layers else first
    finally:
        _MODULE.reset(form)
        _SHORT.reset(token)


def torch_imports(lines: list[str]) -> list[str]:
    """The import lines the code needs: torch, and ``nn`` and ``F`` where it uses them.

    Args:
        lines: The code (:func:`torch_call`'s lines).
    """
    body = "\n".join(lines)
    imports = ["import torch"]
    if "nn." in body.replace("F.", ""):
        imports.append("import torch.nn as nn")
    if "F." in body:
        imports.append("import torch.nn.functional as F")
    return imports


def _first_layer_lines(built: Built) -> list[str]:
    op = built.state.op
    if op in ("correlate", "convolve"):
        return _conv_lines(built)
    if op == "transposed":
        return _transposed_lines(built)
    if op in ("max-pool", "avg-pool"):
        return _pool_lines(built)
    x = f"torch.tensor({_literal(built.state.input)}, dtype=torch.float64)"
    if op == "relu":
        return [f"x = {x}", "out = nn.ReLU()(x)" if _MODULE.get() else "out = F.relu(x)"]
    bias = built.state.bias
    if isinstance(bias, list | tuple):
        shape = ", 1" * (built.state.input.ndim - 1)
        return [
            f"x = {x}",
            f"b = torch.tensor({_literal(np.array(bias, dtype=float))}, dtype=torch.float64)",
            f"out = x + b.reshape(-1{shape})  # one bias per channel",
        ]
    return [f"x = {x}", f"out = x + {number_text(float(bias))}"]  # no module only adds a bias


def torch_script(built: Built, *, module: bool = False) -> str:
    """A self-contained script that runs the state's operation in torch and prints ``out``.

    Args:
        built: A valid state.
        module: Layers as ``torch.nn`` modules with the weights set (see :func:`torch_call`).
    """
    title = built.state.title or built.state.default_title()
    form = "torch.nn modules" if module else "PyTorch"
    code = torch_call(built, module=module)
    lines = [
        f'"""cnn-tutor playground: {title}, in {form}."""',
        "",
        *torch_imports(code),
        "",
        *code,
        "print(out.detach())  # the modules' weights track gradients" if module else "print(out)",
        "",
    ]
    return "\n".join(lines)
