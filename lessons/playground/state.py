"""The playground's state: :class:`PlayState`, one frozen record of what the learner chose.

A state becomes a one-scene lesson (:meth:`PlayState.lesson_data`), validated by the lesson schema
and computed by the engine exactly as a lesson file is, so the screen, ``cnn-tutor play --save``
and ``cnn-tutor check`` can never disagree. A combination the engine refuses (a kernel that does
not fit, stride 0) raises :class:`PlaygroundError` with the engine's one line; :func:`apply`
keeps the last valid state then.

>>> import numpy as np
>>> state = PlayState(np.arange(16.0).reshape(4, 4), np.ones((3, 3)), padding=1)
>>> built = state.build()
>>> built.playback.output.shape, built.playback.formula
((4, 4), '⌊(4 + 2·1 − 3)/1⌋ + 1 = 4')
>>> apply(built, stride=0)[1]
'stride: stride must be a positive whole number, got 0'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

import numpy as np
from pydantic import ValidationError

from engine import trace_transposed_correlate2d
from engine.types import FloatArray
from lessons.loader.engine_check import faults
from lessons.playback import Playback, prepare
from lessons.playground.layers import Layer
from lessons.schema import Lesson, Scene

__all__ = ["OPS", "Built", "Op", "PlayState", "PlaygroundError", "apply", "edge_contrast"]

Op = Literal["correlate", "convolve", "transposed", "max-pool", "avg-pool", "relu", "bias"]
OPS: tuple[Op, ...] = get_args(Op)
"""Every operation, in the order the playground cycles through them."""

WINDOWED: frozenset[str] = frozenset({"correlate", "convolve", "transposed"})
"""Operations that slide a kernel."""

MAX_LAYERS = 3
"""The most layers one stack holds (the first one and two stacked on it)."""

STAGE_KINDS = frozenset({"correlate2d", "multichannel", "convolve2d", "relu", "bias", "pool2d"})
"""The kinds a first layer may have when more are stacked on it (a pipeline's stage kinds)."""


class PlaygroundError(ValueError):
    """A state the schema or the engine refuses; the message is one line, in the engine's words.

    Attributes:
        key: The parameter at fault as the playground names it (``stride``, ``kernel``), or None.
    """

    def __init__(self, key: str | None, message: str) -> None:
        self.key = key
        super().__init__(f"{key}: {message}" if key else message)


def _plain(value: Any) -> Any:
    """A parameter as YAML holds it: tuples as lists, numpy numbers as Python numbers."""
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _rows(array: FloatArray) -> Any:
    """An array as nested lists, whole numbers as ints (a saved file reads ``3``, not ``3.0``)."""
    values = [int(v) if float(v).is_integer() else float(v) for v in array.ravel()]
    return np.array(values, dtype=object).reshape(array.shape).tolist()


@dataclass(frozen=True, eq=False)
class PlayState:
    """Everything the learner chose.

    Attributes:
        input: The input: (L,), (H, W) or (C, H, W).
        kernel: The kernel: (F,) for a 1-D input, (F, G), (C, F, G), (K, F, G) (a bank over a
            2-D input) or (K, C, F, G). Unused by pooling, ReLU and bias.
        op: The operation.
        stride: The kernel's stride: an int or [rows, columns].
        padding: An int, [p, q], [[top, bottom], [left, right]], ``valid``, ``same`` or
            ``full`` (each side f − 1, dilation included).
        dilation: An int or [rows, columns].
        bias: A number, or one per kernel (also the bias operation's value).
        divisor: What each sum (bias included) is divided by, or None (1/9 for a box blur: 9).
        size: The pooling window: an int or [rows, columns].
        pool_stride: The pooling stride, or None (the window's size, as torch defaults).
        ceil_mode: Pooling keeps a last, partial window (torch's ``ceil_mode``).
        count_include_pad: Average pooling counts the padded zeros in the divisor (torch's
            default); False divides by the real cells only.
        zero_pad: Max pooling pads with zeros (``F.pad``, then ``max_pool2d``) instead of
            torch's ``-inf``; the two differ where a window's real cells are all negative.
        output_padding: A transposed convolution's extra rows and columns (torch's
            ``output_padding``).
        rows_1d: Pool a grid's rows one by one (1-D pooling, torch's ``max_pool1d``).
        layers: More layers stacked on this one's output (at most :data:`MAX_LAYERS` − 1).
        title: The scene's title, or None (made from the operation and parameters).
    """

    input: FloatArray
    kernel: FloatArray = field(default_factory=lambda: np.ones((3, 3)))
    op: Op = "correlate"
    stride: Any = 1
    padding: Any = 0
    dilation: Any = 1
    bias: Any = 0
    divisor: float | None = None
    size: Any = 2
    pool_stride: Any = None
    ceil_mode: bool = False
    count_include_pad: bool = True
    zero_pad: bool = False
    output_padding: Any = 0
    rows_1d: bool = False
    layers: tuple[Layer, ...] = ()
    title: str | None = None

    @classmethod
    def example(cls) -> PlayState:
        """Deck 000's 6×6 image and vertical-edge filter, padding 1: where the playground opens."""
        x = [
            [3, 7, 9, 1, 0, 4],
            [8, 1, 3, 3, 3, 0],
            [7, 4, 6, 4, 4, 6],
            [4, 4, 1, 9, 3, 6],
            [9, 8, 4, 9, 4, 3],
            [7, 5, 2, 3, 3, 1],
        ]
        k = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]
        return cls(np.array(x, dtype=np.float64), np.array(k, dtype=np.float64), padding=1)

    @classmethod
    def from_scene(cls, scene: object) -> PlayState:
        """A lesson scene's arrays and parameters as a state ("what if the stride were 2?").

        Args:
            scene: A loaded lesson scene (correlation, convolution, multichannel, transposed,
                pooling, ReLU or bias).

        Raises:
            PlaygroundError: A scene without a grid to play with (text, sizes, a pipeline).
        """
        kind = str(getattr(scene, "kind", ""))
        x = getattr(scene, "input", None)
        ops: dict[str, Op] = {
            "correlate1d": "correlate",
            "correlate2d": "correlate",
            "multichannel": "correlate",
            "convolve2d": "convolve",
            "transposed2d": "transposed",
            "relu": "relu",
            "bias": "bias",
        }
        if kind in ("pool1d", "pool2d"):
            op: Op = "max-pool" if getattr(scene, "mode", "max") == "max" else "avg-pool"
        elif kind in ops:
            op = ops[kind]
        else:
            raise PlaygroundError(None, f"a {kind} scene has no input grid to play with")
        if x is None:
            raise PlaygroundError(None, f"a {kind} scene has no input grid to play with")
        kernel = getattr(scene, "kernel", None)
        if kernel is None:
            kernel = getattr(scene, "kernels", None)
        fields: dict[str, Any] = {"input": np.array(x, dtype=np.float64), "op": op}
        if kernel is not None:
            fields["kernel"] = np.array(kernel, dtype=np.float64)
        pooling = kind in ("pool1d", "pool2d")
        fields["rows_1d"] = kind == "pool1d"
        names = ("stride", "padding", "dilation", "bias", "divisor", "size", "ceil_mode")
        for name in (*names, "count_include_pad", "output_padding"):
            if hasattr(scene, name):
                value = getattr(scene, name)
                if name == "stride" and pooling:
                    fields["pool_stride"] = _plain(value)
                elif value is not None or name == "divisor":
                    fields[name] = _plain(value)
        fields["zero_pad"] = getattr(scene, "pad_value", None) == 0
        fields["title"] = getattr(scene, "title", None)
        return cls(**fields)

    def replace(self, **changes: Any) -> PlayState:
        """A copy with some fields changed (arrays as float64)."""
        for name in ("input", "kernel"):
            if name in changes:
                changes[name] = np.array(changes[name], dtype=np.float64)
        return replace(self, **changes)

    # ------------------------------------------------------------------ the scene
    @property
    def kind(self) -> str:
        """The lesson kind this state is (``correlate2d``, ``pool2d``, ...)."""
        one_d = self.input.ndim == 1
        if self.op in ("correlate", "convolve"):
            if one_d:
                return "correlate1d"  # a 1-D convolution is written with its kernel flipped
            if self.op == "convolve":
                return "convolve2d"
            return "multichannel" if self.input.ndim == 3 else "correlate2d"
        if self.op == "transposed":
            return "transposed2d"
        if self.op in ("max-pool", "avg-pool"):
            return "pool1d" if one_d or self.rows_1d else "pool2d"
        return self.op

    def _padding(self) -> Any:
        """The padding as the schema takes it (``full`` worked out from the kernel)."""
        if self.padding != "full":
            return _plain(self.padding)
        dims = 1 if self.input.ndim == 1 else 2
        dilation = self.dilation
        dilations = list(dilation) if isinstance(dilation, list | tuple) else [dilation] * dims
        sizes = self.kernel.shape[-dims:]
        sides = [(int(f) - 1) * int(d) for f, d in zip(sizes, dilations, strict=False)]
        return sides[0] if dims == 1 else sides

    def default_title(self) -> str:
        """A title naming the operation and its parameters."""
        if self.op in WINDOWED:
            kernel = "×".join(str(n) for n in self.kernel.shape)
            parts = [f"{self.op} with a {kernel} kernel", f"stride {_plain(self.stride)}"]
            parts.append(f"padding {_plain(self.padding)}")
            if self.dilation != 1:
                parts.append(f"dilation {_plain(self.dilation)}")
            return ", ".join(parts)
        if self.op in ("max-pool", "avg-pool"):
            stride = self.size if self.pool_stride is None else self.pool_stride
            text = f"{self.op} {_plain(self.size)}, stride {_plain(stride)}"
            if self.padding not in (0, "valid"):
                text += f", padding {_plain(self.padding)}"
            if self.op == "avg-pool" and not self.count_include_pad:
                text += ", padding not counted"
            if self.op == "max-pool" and self.zero_pad:
                text += ", zero padding"
            return text + (", ceil mode" if self.ceil_mode else "")
        return "ReLU" if self.op == "relu" else f"bias {_plain(self.bias)}"

    def scene_data(self, *, arrays: bool = False) -> dict[str, Any]:
        """The state as one lesson scene (a YAML mapping, without ``expect``).

        Args:
            arrays: Leave the grids as numpy arrays (what :meth:`build` validates, without
                writing 784 numbers out as lists and parsing them back) instead of the
                nested lists a saved file holds.
        """
        rows = (lambda array: array) if arrays else _rows
        kind = self.kind
        data: dict[str, Any] = {
            "kind": kind,
            "title": self.title or self.default_title(),
            "narration": "Step {step} of {steps}: {text}",
            "input": rows(self.input),
        }
        if self.op in ("correlate", "convolve"):
            kernel = self.kernel
            if kind == "correlate1d" and self.op == "convolve":
                kernel = kernel[..., ::-1]
            several = kernel.ndim == 4 or (kernel.ndim == 3 and self.input.ndim == 2)
            data["kernels" if several else "kernel"] = rows(kernel)
            data["stride"] = _plain(self.stride)
            data["padding"] = self._padding()
            data["dilation"] = _plain(self.dilation)
            data["bias"] = _plain(self.bias)
            if self.divisor is not None:
                data["divisor"] = self.divisor
        elif self.op == "transposed":
            data.update(
                kernel=rows(self.kernel),
                stride=_plain(self.stride),
                padding=_plain(self.padding),
                dilation=_plain(self.dilation),
                bias=_plain(self.bias),
            )
            if self.output_padding != 0:
                data["output_padding"] = _plain(self.output_padding)
        elif self.op in ("max-pool", "avg-pool"):
            data.update(
                size=_plain(self.size),
                mode="max" if self.op == "max-pool" else "avg",
                padding=0 if self.padding == "valid" else _plain(self.padding),
                ceil_mode=bool(self.ceil_mode),
            )
            if self.pool_stride is not None:
                data["stride"] = _plain(self.pool_stride)
            if self.op == "avg-pool" and not self.count_include_pad:
                data["count_include_pad"] = False
            if self.op == "max-pool" and self.zero_pad:
                data["pad_value"] = 0  # F.pad's zeros, not max_pool2d's -inf
        elif self.op == "bias":
            data["bias"] = _plain(self.bias)
        return data

    def pipeline_data(self, *, arrays: bool = False) -> dict[str, Any]:
        """The state with its stacked layers as a pipeline scene (each layer a stage).

        Raises:
            PlaygroundError: A first layer that cannot start a stack (transposed, 1-D).
        """
        first = self.scene_data(arrays=arrays)
        if first["kind"] not in STAGE_KINDS:
            raise PlaygroundError(
                "layers",
                f"layers stack on a 2-D correlation, pooling, ReLU or bias, not {first['kind']}",
            )
        if len(self.layers) > MAX_LAYERS - 1:
            raise PlaygroundError("layers", f"a stack holds at most {MAX_LAYERS} layers")
        stage = {key: value for key, value in first.items() if key not in ("narration", "input")}
        stage["title"] = f"layer 1: {first['title']}"
        stages = [stage]
        for number, layer in enumerate(self.layers, start=2):
            data = layer.stage_data()
            data["title"] = f"layer {number}: {layer.op}"
            stages.append(data)
        return {
            "kind": "pipeline",
            "title": f"{len(stages)} layers",
            "narration": "Step {step} of {steps}: {text}",
            "input": first["input"],
            "stages": stages,
        }

    def lesson_data(
        self, *, lesson_id: str = "playground", expect: Any = None, arrays: bool = False
    ) -> dict[str, Any]:
        """The state as a whole lesson file's mapping (one scene; ``expect`` if given).

        ``arrays`` leaves the grids as numpy arrays (see :meth:`scene_data`).
        """
        scene = self.pipeline_data(arrays=arrays) if self.layers else self.scene_data(arrays=arrays)
        if expect is not None:
            scene["expect"] = expect
        return {
            "id": lesson_id,
            "title": "Playground",
            "deck": {"course": "Playground"},
            "summary": f"Made in the playground: {scene['title']}.",
            "scenes": [scene],
        }

    def build(self) -> Built:
        """Validate and compute the state, as the loader does a lesson file.

        Raises:
            PlaygroundError: The schema or the engine refuses the state; one line.
        """
        data = self.lesson_data(arrays=True)
        try:
            lesson = Lesson.model_validate(
                {**data, "source": "playground"}, context={"loader": True}
            )
        except ValidationError as error:
            first = error.errors()[0]
            keys = [part for part in first["loc"] if isinstance(part, str) and part != "scenes"]
            known = [key for key in keys if key in data["scenes"][0]]
            key = known[-1] if known else None
            raise PlaygroundError(
                _key_name(key), str(first["msg"]).removeprefix("Value error, ")
            ) from None
        found = faults(lesson)
        if found:
            where = [part for part in found[0].where if isinstance(part, str) and part != "scenes"]
            raise PlaygroundError(_key_name(where[-1] if where else None), found[0].message)
        scene = lesson.scenes[0]
        playback = prepare(scene)
        if (
            self.op == "transposed"
            and self.input.ndim == 2
            and self.kernel.ndim == 2
            and not self.layers
        ):
            # stepped one input cell at a time: each paints its scaled kernel on the canvas
            trace = trace_transposed_correlate2d(
                self.input,
                self.kernel,
                stride=_pair_of(self.stride),
                padding=_pair_of(self.padding),
                output_padding=_pair_of(self.output_padding),
                dilation=_pair_of(self.dilation),
                fmt=playback.fmt,
            )
            playback = replace(playback, trace=trace)
        return Built(self, lesson, scene, playback)


def _pair_of(value: Any) -> Any:
    """A parameter as the engine takes it (lists as tuples)."""
    return tuple(value) if isinstance(value, list) else value


def _key_name(key: str | None) -> str | None:
    """A lesson key as the playground names it (``kernels`` is the kernel)."""
    return {"kernels": "kernel", "size": "size"}.get(key or "", key)


@dataclass(frozen=True, eq=False)
class Built:
    """A valid state with its computed lesson, scene and playback.

    Attributes:
        state: The state.
        lesson: The one-scene lesson it is.
        scene: That scene, its output computed.
        playback: What the board draws.
    """

    state: PlayState
    lesson: Lesson
    scene: Scene
    playback: Playback

    @property
    def output(self) -> FloatArray:
        """The engine's output."""
        output = self.playback.output
        assert output is not None  # every playground kind computes one
        return output


def apply(current: Built, **changes: Any) -> tuple[Built, str | None]:
    """Change some parameters; keep the last valid state when the new one is refused.

    Args:
        current: The state shown now.
        **changes: The fields to change (see :class:`PlayState`).

    Returns:
        The new built state and None, or ``current`` and the one-line reason.
    """
    try:
        return current.state.replace(**changes).build(), None
    except PlaygroundError as error:
        return current, str(error)


def edge_contrast(built: Built) -> tuple[int, int] | None:
    """How many output cells the other max-pooling edge policy (−∞ or zero padding) changes.

    Args:
        built: A valid state.

    Returns:
        (cells that differ, output cells) when the state max-pools over padding (no stacked
        layers), else None. The two differ only where a window's real cells are all negative.
    """
    state = built.state
    if state.op != "max-pool" or state.layers:
        return None
    if not any(a or b for a, b in built.playback.pad):
        return None
    try:
        other = state.replace(zero_pad=not state.zero_pad).build()
    except PlaygroundError:
        return None
    ours, theirs = built.output, other.output
    if ours.shape != theirs.shape:  # never: the policy changes values, not windows
        return None
    return int(np.count_nonzero(ours != theirs)), int(ours.size)
