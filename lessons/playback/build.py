"""A lesson scene bound to the engine: :func:`prepare` turns a loaded scene into a Playback.

The arrays as the slide shows them (the input unpadded and padded, the kernel, the full output),
the engine's lazy :class:`~engine.Trace`, the number formats, the output-size (or parameter)
formula, the erratum, and, for a pipeline, one Playback per stage.

>>> from lessons import load_text
>>> lesson = load_text('''
... id: doc
... title: Doc
... deck: {file: 000_2ce6168aac0ff3a0.txt, course: doc}
... summary: One scene.
... scenes:
...   - kind: correlate2d
...     input: [[3, 7, 9], [8, 1, 3], [7, 4, 6]]
...     kernel: [[1, 0, -1], [1, 0, -1], [1, 0, -1]]
... ''', "doc.yaml")
>>> playback = prepare(lesson.scenes[0])
>>> playback.trace[0].text
'1*3 + 0*7 + -1*9 + 1*8 + 0*1 + -1*3 + 1*7 + 0*4 + -1*6 = 0'
>>> playback.formula
'⌊(3 + 2·0 − 3)/1⌋ + 1 = 1'
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import engine
from engine import NumberFormat, Trace
from engine.display import operand_format
from engine.padding import resolve_padding
from engine.types import FloatArray, SidePadding
from engine.validate import per_axis
from lessons.arrays import ExpectGrid
from lessons.calls import (
    WindowedCall,
    cell_steps,
    compute,
    network_rows,
    output_shape,
    output_size_text,
    param_count,
    param_count_text,
    spatial_dims,
    transposed_partial,
    windowed_call,
)
from lessons.playback.backward import backward_playback
from lessons.playback.model import Playback, input_format
from lessons.playback.narration import with_reconstruction_note
from lessons.playback.size_formula import size_formula
from lessons.schema import (
    BackwardScene,
    NetworkScene,
    OutputSizeScene,
    ParamCountScene,
    PipelineScene,
    Scene,
    TextScene,
)

__all__ = ["call_formula", "prepare", "prepare_stage", "scene_narration"]


def _no_padding(dims: int) -> SidePadding:
    return ((0, 0),) * dims


def call_formula(call: WindowedCall, trace: Trace) -> str | None:
    """The output-size formula of a windowed engine call, from the padding its trace resolved.

    Args:
        call: The call (its input, kernel or pool size, stride, dilation, ceil mode).
        trace: Its trace (``trace.padding``: the padding per side the engine worked out).
    """
    x: FloatArray = call.args[0]
    sides = trace.padding
    axes = len(sides)
    spatial = x.shape[x.ndim - axes :]
    if trace.kind == "pool":
        window = per_axis(call.args[1], "size", axes)
        given = call.kwargs.get("stride")
        stride = window if given is None else per_axis(given, "stride", axes)
        dilation = (1,) * axes
        ceil_mode = bool(call.kwargs.get("ceil_mode", False))
    else:
        kernel: FloatArray = call.args[1]
        window = tuple(int(n) for n in kernel.shape[kernel.ndim - axes :])
        stride = per_axis(call.kwargs.get("stride", 1), "stride", axes)
        dilation = per_axis(call.kwargs.get("dilation", 1), "dilation", axes)
        ceil_mode = False
    return size_formula(
        spatial, window, stride=stride, dilation=dilation, sides=sides, ceil_mode=ceil_mode
    )


def _expect_of(expect: object, output: FloatArray | None = None) -> ExpectGrid | None:
    """The slide's printed output, shaped like the computed one where only length-1 axes differ."""
    if not isinstance(expect, ExpectGrid):
        return None
    if output is not None and expect.shape != output.shape:
        squeezed = expect.squeezed_to(output.ndim)
        if squeezed.shape == output.shape:
            return squeezed
        if [n for n in expect.shape if n != 1] == [n for n in output.shape if n != 1]:
            return ExpectGrid(output.shape, expect.cells)
    return expect


def _kernel_of(item: Any) -> FloatArray | None:
    """What the board draws as the kernel: ``kernel``, ``kernels``, or a vote's weights (a
    gradient magnitude's two kernels, Sobel x and y unless the scene gives its own)."""
    pair: FloatArray | None = getattr(item, "kernel_pair", None)
    if pair is not None:
        return pair
    for name in ("kernel", "kernels", "weights"):
        array: FloatArray | None = getattr(item, name, None)
        if array is not None:
            return array
    return None


def prepare_stage(item: Any, x: FloatArray, *, fmt: NumberFormat | None = None) -> Playback:
    """The playback of an array scene or pipeline stage applied to ``x``.

    Args:
        item: A scene or stage of an array kind (``lessons.schema``'s records).
        x: Its input, (L,), (C, L), (H, W) or (C, H, W).
        fmt: The number format (default: the item's own).

    Raises:
        ValueError: The engine refuses the item (cannot happen for a loaded lesson).
    """
    fmt = fmt if fmt is not None else item.fmt
    kind: str = item.kind
    output = compute(item, x)
    call = windowed_call(item, x)
    trace = call.trace(fmt) if call is not None else None
    formula: str | None = None
    if call is not None and trace is not None:
        pad = trace.padding
        padded = engine.pad(x, pad, value=trace.pad_value) if any(a or b for a, b in pad) else x
        formula = call_formula(call, trace)
    elif kind == "pad":
        pad = resolve_padding(item.padding, dims=spatial_dims(kind, x))
        padded = output
    else:
        pad = _no_padding(spatial_dims(kind, x))
        padded = x
    titles: tuple[str, ...] = ()
    if kind == "gradient-magnitude":
        padded_title = "input, padded" if any(a or b for a, b in pad) else "input"
        titles = (padded_title, "kernels: Gx, Gy", "√(Gx² + Gy²)")
    return Playback(
        kind=kind,
        title=item.title,
        input=x,
        padded=padded,
        pad=pad,
        titles=titles,
        kernel=_kernel_of(item),
        output=output,
        trace=trace,
        fmt=fmt,
        input_fmt=input_format(kind, fmt),
        kernel_fmt=operand_format(fmt),
        formula=formula,
        expect=_expect_of(getattr(item, "expect", None), output),
        erratum=item.erratum,
        labels=tuple(getattr(item, "labels", ())),
        narration=item.narration,
    )


def scene_narration(scene: Scene) -> str:
    """A scene's narration, ending with its reconstruction note when the slide lost numbers, and
    with its citation when it gives a ``source``."""
    text = with_reconstruction_note(scene.narration, scene.reconstructed)
    if scene.citation is not None:
        text = f"{text.rstrip()}\n\n> **Source:** {scene.citation.text()}".lstrip()
    return text


def _without_arrays(
    scene: TextScene | OutputSizeScene | ParamCountScene | NetworkScene,
    *,
    formula: str | None = None,
    value: tuple[int, ...] | int | None = None,
) -> Playback:
    """The playback of a scene with nothing to draw: text, output-size or param-count."""
    fmt: NumberFormat = scene.fmt
    return Playback(
        kind=scene.kind,
        title=scene.title,
        input=None,
        padded=None,
        pad=(),
        kernel=None,
        output=None,
        trace=None,
        fmt=fmt,
        input_fmt=fmt,
        kernel_fmt=fmt,
        formula=formula,
        value=value,
        erratum=scene.erratum,
        narration=scene_narration(scene),
    )


def network_table(scene: NetworkScene) -> str:
    """A network's layers as a markdown table: layer, output size, parameters, the sum."""
    rows = network_rows(scene)
    chained = any(row.shape is not None for row in rows)
    head = (
        "| layer | output | parameters |\n|---|---|---:|"
        if chained
        else ("| layer | parameters |\n|---|---:|")
    )
    lines = [head]
    for row in rows:
        count = f"{row.params:,}" if row.params else "0"
        if chained:
            shape = "x".join(str(n) for n in row.shape) if row.shape is not None else ""
            lines.append(f"| {row.name} | {shape} | {count} |")
        else:
            lines.append(f"| {row.name} | {count} |")
    total = f"**{sum(row.params for row in rows):,}**"
    lines.append(f"| total | | {total} |" if chained else f"| total | {total} |")
    return "\n".join(lines)


def _network(scene: NetworkScene) -> Playback:
    """A network scene: its narration followed by the table of layers; the total as its value."""
    total = sum(row.params for row in network_rows(scene))
    played = _without_arrays(scene, formula=f"{total:,} in all", value=total)
    narration = f"{played.narration.rstrip()}\n\n{network_table(scene)}".lstrip()
    return replace(played, narration=narration)


def _pipeline(scene: PipelineScene) -> Playback:
    """A pipeline's playback: one per stage, each fed the previous stage's output."""
    fmt = scene.fmt
    stages: list[Playback] = []
    x: FloatArray = scene.input
    for stage in scene.stages:
        played = prepare_stage(stage, x, fmt=stage.fmt if stage.display is not None else fmt)
        stages.append(played)
        assert played.output is not None
        x = played.output
    return Playback(
        kind=scene.kind,
        title=scene.title,
        input=scene.input,
        padded=scene.input,
        pad=_no_padding(spatial_dims(scene.kind, scene.input)),
        kernel=None,
        output=x,
        trace=None,
        fmt=fmt,
        input_fmt=stages[0].input_fmt,
        kernel_fmt=fmt,
        expect=_expect_of(scene.expect, x),
        erratum=scene.erratum,
        stages=tuple(stages),
        narration=scene_narration(scene),
    )


def prepare(scene: Scene) -> Playback:
    """Bind a scene to the engine: arrays, trace, formula, erratum (and stages for a pipeline).

    Args:
        scene: A scene of a loaded lesson (``lesson.scenes[i]``).

    Returns:
        The playback the app renders.
    """
    if isinstance(scene, TextScene):
        return _without_arrays(scene)
    if isinstance(scene, OutputSizeScene):
        return _without_arrays(scene, formula=output_size_text(scene), value=output_shape(scene))
    if isinstance(scene, ParamCountScene):
        return _without_arrays(scene, formula=param_count_text(scene), value=param_count(scene))
    if isinstance(scene, NetworkScene):
        return _network(scene)
    if isinstance(scene, PipelineScene):
        return _pipeline(scene)
    if isinstance(scene, BackwardScene):
        return backward_playback(scene)
    played = prepare_stage(scene, scene.input, fmt=scene.fmt)
    steps = cell_steps(scene, scene.input, scene.fmt)  # ReLU and transposed: cell by cell
    if steps is not None:
        partial = None
        if scene.kind == "transposed2d":
            x = scene.input

            def partial(n: int) -> FloatArray:
                return transposed_partial(scene, x, n)

        played = replace(played, trace=steps, partial_output=partial)
    return replace(played, narration=scene_narration(scene))
