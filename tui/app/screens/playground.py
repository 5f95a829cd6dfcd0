"""The playground: the learner's own grid, kernel and parameters, stepped live.

The screen owns one :class:`lessons.playground.Built` (a valid state with its lesson, scene and
playback) and the stepper's reactives (``step``, ``playing``, ``speed``, ``predicting``), as the
lesson screen does. Typing into a parameter field and pressing Enter (or a key: ``o`` the next
operation, ``k`` the next kernel preset, ``c`` ceil mode, ``z`` max pooling's zero padding) builds
a new state; the board is replaced and the current window kept where it still exists. A state the
engine refuses leaves the last valid one on screen and says why in one line, in the engine's words.

The torch panel shows the ``torch.nn.functional`` code of the current state (``m``: the
``torch.nn`` modules, weights set from the kernel); ``t`` runs it in a thread worker (torch is
imported then, under ``tui/training/``) and shows the largest difference from the engine's output.
``w`` writes the state as a lesson file.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Label, Static

from engine import Step
from lessons.playback import Timeline
from lessons.playground import (
    OPS,
    PRESETS,
    Built,
    GridError,
    grid_text,
    parse_cli_grid,
    parse_param,
    preset,
    torch_call,
)
from lessons.playground.layers import Layer, receptive_formula, stack_sizes
from lessons.playground.state import MAX_LAYERS, apply, edge_contrast
from lessons.playground.torch_code import torch_imports
from tui.app.line_compositor import use_line_compositor
from tui.app.widgets.board import Board
from tui.app.widgets.code_lines import CodeLines
from tui.app.widgets.grid import GridView
from tui.app.widgets.id_cache import IdCache
from tui.app.widgets.line_update import set_text
from tui.app.widgets.receptive_view import ReceptiveView
from tui.app.widgets.step_history import StepHistory
from tui.app.widgets.transposed_board import TransposedBoard

__all__ = ["FIELDS", "PlaygroundScreen"]

PANEL_CELLS = 64
"""Arrays with more cells are elided in the torch panel (``y`` copies the whole code)."""

SPEEDS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
"""Animation speeds, in steps per second (as the lesson screen's)."""

FIELDS: tuple[tuple[str, str], ...] = (
    ("input", "input"),
    ("kernel", "kernel"),
    ("stride", "stride"),
    ("padding", "padding"),
    ("dilation", "dilation"),
    ("bias", "bias"),
    ("divisor", "divisor"),
    ("size", "pool size"),
    ("pool_stride", "pool stride"),
)
"""The parameter fields: (state field, label)."""

SHOWN_FIELDS: dict[str, frozenset[str]] = {
    "correlate": frozenset({"input", "kernel", "stride", "padding", "dilation", "bias", "divisor"}),
    "convolve": frozenset({"input", "kernel", "stride", "padding", "dilation", "bias", "divisor"}),
    "transposed": frozenset({"input", "kernel", "stride", "padding", "dilation", "bias"}),
    "max-pool": frozenset({"input", "padding", "size", "pool_stride"}),
    "avg-pool": frozenset({"input", "padding", "size", "pool_stride"}),
    "relu": frozenset({"input"}),
    "bias": frozenset({"input", "bias"}),
}
"""The fields each operation reads (the others are hidden, so a row fits 80 columns)."""


def _param_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        if value and isinstance(value[0], list | tuple):
            return str([list(v) for v in value])
        return " ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class PlaygroundScreen(Screen[None]):
    """Play with a grid, a kernel and the parameters; step through the result."""

    CSS_PATH = "playground.tcss"
    AUTO_FOCUS = None

    BINDINGS = [
        Binding(
            "right,l",
            "next_step",
            "Next",
            key_display="→/l",
            tooltip="Next step",
            id="playground.next_step",
        ),
        Binding(
            "left,h",
            "prev_step",
            "Prev",
            key_display="←/h",
            tooltip="Previous step",
            id="playground.prev_step",
        ),
        Binding(
            "space",
            "toggle_play",
            "Play",
            tooltip="Play or pause the animation",
            id="playground.toggle_play",
        ),
        Binding(
            "plus",
            "faster",
            "Faster",
            key_display="+",
            show=False,
            tooltip="Animate faster",
            id="playground.faster",
        ),
        Binding(
            "minus",
            "slower",
            "Slower",
            key_display="-",
            show=False,
            tooltip="Animate slower",
            id="playground.slower",
        ),
        Binding(
            "home",
            "first_step",
            "First",
            show=False,
            tooltip="Before the first window",
            id="playground.first_step",
        ),
        Binding(
            "end",
            "last_step",
            "Last",
            show=False,
            tooltip="Every window computed",
            id="playground.last_step",
        ),
        Binding(
            "o",
            "next_op",
            "Op",
            tooltip="Next operation (correlate, convolve, pool, ...)",
            id="playground.next_op",
        ),
        Binding(
            "k",
            "next_preset",
            "Kernel",
            tooltip="Next kernel preset (Sobel, Gaussian, ...)",
            id="playground.next_preset",
        ),
        Binding(
            "c",
            "toggle_ceil",
            "Ceil",
            tooltip="Pooling: ceil mode on or off",
            id="playground.toggle_ceil",
        ),
        Binding(
            "i",
            "toggle_count_pad",
            "Count pad",
            tooltip="Average pooling: count the padded zeros (count_include_pad) or not",
            id="playground.toggle_count_pad",
        ),
        Binding(
            "z",
            "toggle_zero_pad",
            "Pad 0",
            tooltip="Max pooling: pad with zeros (F.pad, then max_pool2d) or with −∞ (torch's)",
            id="playground.toggle_zero_pad",
        ),
        Binding(
            "R",
            "random_input",
            "Random",
            show=False,
            tooltip="A new random input",
            id="playground.random_input",
        ),
        Binding(
            "ctrl+down",
            "resize(1, 0)",
            "Rows+",
            show=False,
            tooltip="One more input row",
            id="playground.resize_rows_more",
        ),
        Binding(
            "ctrl+up",
            "resize(-1, 0)",
            "Rows-",
            show=False,
            tooltip="One input row fewer",
            id="playground.resize_rows_fewer",
        ),
        Binding(
            "ctrl+right",
            "resize(0, 1)",
            "Cols+",
            show=False,
            tooltip="One more column",
            id="playground.resize_cols_more",
        ),
        Binding(
            "ctrl+left",
            "resize(0, -1)",
            "Cols-",
            show=False,
            tooltip="One column fewer",
            id="playground.resize_cols_fewer",
        ),
        Binding(
            "g",
            "toggle_predict",
            "Predict",
            show=False,
            tooltip="Predict before reveal",
            id="playground.toggle_predict",
        ),
        Binding(
            "a",
            "add_layer",
            "Layer+",
            tooltip="Stack a layer: ReLU, 2×2 max pool, 3×3 filter",
            id="playground.add_layer",
        ),
        Binding(
            "x",
            "drop_layer",
            "Layer-",
            show=False,
            tooltip="Remove the last stacked layer",
            id="playground.drop_layer",
        ),
        Binding(
            "t",
            "run_torch",
            "Torch",
            tooltip="Run the torch code and compare",
            id="playground.run_torch",
        ),
        Binding(
            "m",
            "toggle_module",
            "Module",
            tooltip="Torch code: torch.nn modules with the weights set, or functional calls",
            id="playground.toggle_module",
        ),
        Binding(
            "y",
            "copy_code",
            "Copy",
            show=False,
            tooltip="Copy the whole torch script",
            id="playground.copy_code",
        ),
        Binding(
            "w", "save", "Save", tooltip="Write the state as a lesson file", id="playground.save"
        ),
        Binding(
            "escape",
            "back",
            "Back",
            key_display="esc",
            tooltip="Back (or leave a field)",
            id="playground.back",
        ),
    ]

    step: var[int] = var(0, init=False)
    playing: var[bool] = var(False, init=False)
    speed: var[int] = var(3, init=False)
    predicting: var[bool] = var(False, init=False)

    def __init__(self, built: Built, *, save_dir: Path | None = None) -> None:
        """Open the playground on a state.

        Args:
            built: The first state (valid).
            save_dir: Where ``w`` writes lesson files (default: the working folder).
        """
        super().__init__()
        use_line_compositor(self)
        self._ids = IdCache(self)  # the widgets a change updates, found once
        self.built = built
        self.error: str | None = None
        self.save_dir = save_dir if save_dir is not None else Path.cwd()
        self.saved: Path | None = None
        self.torch_difference: float | None = None
        self.board: Board | TransposedBoard | None = None
        self.receptive: ReceptiveView | None = None
        self._stage = -1
        self.timeline: Timeline = built.playback.timeline
        self._timer: Timer | None = None
        self._cell: tuple[int, ...] | None = None
        self._presets = itertools.cycle(PRESETS)
        self._seed = 0
        self._kept_step = 0
        self.torch_module = False

    # the predict dialog reads these as it does a lesson screen's
    @property
    def lesson(self) -> Any:
        """The one-scene lesson the state is."""
        return self.built.lesson

    scene = 0

    # ------------------------------------------------------------------ composing
    def compose(self) -> ComposeResult:
        yield Header()
        yield CodeLines("", id="play-status")
        with VerticalScroll(id="play-main", can_focus=False):
            yield Vertical(id="play-stage")
            yield Vertical(id="play-receptive")
            yield Static("", id="play-flipped", markup=False, classes="-empty")
            yield Static("", id="play-edge", markup=False, classes="-empty")
            with Horizontal(id="play-fields"):
                for name, label in FIELDS:
                    with Vertical(classes="play-field", id=f"field-{name}"):
                        yield Label(label, classes="play-label")
                        yield Input(id=f"in-{name}", compact=True, select_on_focus=False)
            yield Static("", id="play-error", markup=False, classes="-empty")
            yield CodeLines(id="play-torch")
            # the windows computed so far, in the rows a tall terminal leaves under the code
            yield StepHistory(id="play-history", classes="-empty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Draw the first state."""
        self.title = "Playground"
        self._timer = self.set_interval(1 / SPEEDS[self.speed], self._tick, pause=True)
        self._fill_fields()
        self._show_state(0)

    def on_screen_resume(self) -> None:
        """The keys are the stepper's until a field is clicked (also back from the editor)."""
        self.call_after_refresh(self.set_focus, None)

    # ------------------------------------------------------------------ state
    def _fill_fields(self) -> None:
        state = self.built.state
        for name, _ in FIELDS:
            value: Any = getattr(state, name)
            text = grid_text(value) if name in ("input", "kernel") else _param_text(value)
            self._ids.one(f"in-{name}", Input).value = text

    def _show_state(self, step: int) -> None:
        """Show the current state's board (and stack) at ``step`` (clamped)."""
        self.timeline = self.built.playback.timeline
        step = max(0, min(step, self.timeline.total))
        self.set_reactive(PlaygroundScreen.step, step)
        self._stage = -1
        self._show_board()
        self._show_receptive()
        self._show_texts()

    def _show_board(self) -> None:
        """The board of the stage the step is in, reused in place where it can be."""
        stage, local = self.timeline.locate(self.step)
        playback = self.timeline.stages[stage]
        self._ids.one("play-history", StepHistory).follow(playback.trace, local)
        if stage == self._stage and self.board is not None:
            self.board.show(local)
            return
        self._stage = stage
        transposed = playback.trace is not None and playback.trace.kind == "transposed"
        board = self.board
        if transposed or not isinstance(board, Board) or not board.load(playback, local):
            container = self._ids.one("play-stage", Vertical)
            if isinstance(board, Board):
                board.retire()
            container.remove_children()
            if transposed and playback.trace is not None:
                self.board = TransposedBoard(playback, playback.trace, step=local)
            else:
                self.board = Board(playback, step=local, steady=True)
            container.mount(self.board)

    def _show_receptive(self) -> None:
        """The stack's maps and receptive field, when layers are stacked."""
        container = self._ids.one("play-receptive", Vertical)
        container.remove_children()
        self.receptive = None
        if self.built.state.layers:
            self.receptive = ReceptiveView(self.built.playback, self.receptive_text())
            container.mount(self.receptive)

    def receptive_text(self) -> str:
        """The closed form of the stack's receptive field, along the columns."""
        return receptive_formula(stack_sizes(self.built.state))

    def _show_texts(self) -> None:
        state = self.built.state
        playback = self.built.playback
        self._update_status()
        flipped = self._ids.one("play-flipped", Static)
        if state.op == "convolve":
            k = state.kernel
            flip = k[..., ::-1] if k.ndim == 1 else k[..., ::-1, ::-1]
            rows = flip.reshape(-1, flip.shape[-1]) if flip.ndim > 1 else flip.reshape(1, -1)
            lines = [
                "  ".join(f"{playback.format_kernel(float(v)):>3}" for v in row) for row in rows
            ]
            set_text(flipped, "kernel flipped (what slides over the input):\n" + "\n".join(lines))
            flipped.remove_class("-empty")
        else:
            set_text(flipped, "")
            flipped.add_class("-empty")
        self._show_edge()
        shown = SHOWN_FIELDS[state.op]
        for name, _ in FIELDS:
            self._ids.one(f"field-{name}", Widget).set_class(name not in shown, "-empty")
        error = self._ids.one("play-error", Static)
        set_text(error, f"✗ {self.error}" if self.error else "")
        error.set_class(not self.error, "-empty")
        body = torch_call(self.built, short=PANEL_CELLS, module=self.torch_module)
        code = [*torch_imports(body), *body]
        if self.torch_module:
            code.insert(0, "# torch.nn modules, the weights set from the kernel (m: functional)")
        if any("…" in line for line in code):
            code.insert(0, f"# arrays over {PANEL_CELLS} numbers elided here: y copies the script")
        if self.torch_difference is not None:
            code.append(f"# torch agrees: largest difference {self.torch_difference:.3g}")
        text = "\n".join(code)
        self._ids.one("play-torch", CodeLines).set_text(text)  # repaints the changed lines

    def _show_edge(self) -> None:
        """Max pooling over padding: which edge policy is on and what the other one changes."""
        edge = self._ids.one("play-edge", Static)
        contrast = edge_contrast(self.built)
        if contrast is None:
            set_text(edge, "")
            edge.add_class("-empty")
            return
        differ, cells = contrast
        if self.built.state.zero_pad:
            now, other = "zero padding (F.pad, then max_pool2d)", "−∞ padding"
        else:
            now, other = "−∞ padding (torch's max_pool2d)", "zero padding"
        if differ:
            effect = f"{other} would change {differ} of {cells} output cells"
        else:
            effect = f"{other} gives the same output: no window's real cells are all negative"
        set_text(edge, f"edge: {now}; {effect} · z switches")
        edge.remove_class("-empty")

    def _update_status(self, shapes: str | None = None) -> None:
        state = self.built.state
        total = self.timeline.total
        parts = [f"{state.op} · {self.built.scene.kind}"]
        if state.op in ("max-pool", "avg-pool") and state.ceil_mode:
            parts.append("ceil mode")
        if state.op == "avg-pool" and not state.count_include_pad:
            parts.append("padding not counted")
        if state.op == "max-pool" and state.zero_pad:
            parts.append("zero padding")
        if shapes is None:
            output = self.built.playback.output
            dims = output.shape if output is not None else ()
            shapes = f"{'×'.join(map(str, state.input.shape))} → {'×'.join(map(str, dims))}"
        parts.append(shapes)
        if total:
            parts.append(f"step {self.step}/{total}")
            play = "▶ playing" if self.playing else "‖ paused"
            parts.append(f"{play} {SPEEDS[self.speed]:g}/s")
        # one line, always: no layout needed
        self._ids.one("play-status", CodeLines).set_text(" │ ".join(parts))

    def current_out(self) -> tuple[int, ...] | None:
        """The output index of the window shown now, or None before the first."""
        trace = self.built.playback.trace
        if trace is None or self.step == 0:
            return None
        return tuple(int(i) for i in trace[self.step - 1].out)

    OP_KEYS = {
        "next_preset": ("correlate", "convolve", "transposed"),
        "toggle_ceil": ("max-pool", "avg-pool"),
        "toggle_count_pad": ("avg-pool",),
        "toggle_zero_pad": ("max-pool",),
    }
    """The keys that only some operations have, shown in the footer (and taken) only with them."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A kernel preset needs a kernel; ceil mode and the padding policies belong to pooling."""
        ops = self.OP_KEYS.get(action)
        return ops is None or self.built.state.op in ops

    def change(self, **changes: Any) -> bool:
        """Change some parameters; the board follows, or the last valid state stays.

        Returns:
            True when the change was taken, False when it was refused (the error line says why).
        """
        out = self.current_out()
        self._kept_step = self.step
        built, error = apply(self.built, **changes)
        self.error = error
        if error is not None:
            self._show_texts()
            return False
        op = self.built.state.op
        self.built = built
        self.torch_difference = None
        self.playing = False
        self._show_state(self._step_for(out))
        if built.state.op != op:
            self.refresh_bindings()  # the pooling keys come and go with the operation
        return True

    def _step_for(self, out: tuple[int, ...] | None) -> int:
        """The step of the new trace that computes output cell ``out``, if it still exists."""
        trace = self.built.playback.trace
        if self.built.state.layers:
            return min(self._kept_step, self.timeline.total)
        if out is None or trace is None:
            return 0 if out is None else self.timeline.total
        shape = trace.output_shape
        if trace.kind == "transposed":  # a step is an input cell
            shape = tuple(self.built.state.input.shape)
        if len(shape) != len(out) or any(i >= n for i, n in zip(out, shape, strict=True)):
            return self.timeline.total
        return int(np.ravel_multi_index(out, shape)) + 1

    # ------------------------------------------------------------------ fields
    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = (event.input.id or "").removeprefix("in-")
        event.stop()
        if name == "cell":
            return
        try:
            value = self._read_field(name, event.value)
        except GridError as error:
            self.error = str(error)
            self._show_texts()
            return
        changes: dict[str, Any] = {name: value}
        if name == "kernel" and isinstance(value, tuple):
            changes = {"kernel": value[0], "divisor": value[1]}
        if self.change(**changes) and "divisor" in changes:
            self._ids.one("in-divisor", Input).value = _param_text(changes["divisor"])

    def _read_field(self, name: str, text: str) -> Any:
        if name == "input":
            return parse_cli_grid(text, "input")
        if name == "kernel":
            try:
                chosen = preset(text)
            except KeyError:
                return parse_cli_grid(text, "kernel")
            return (chosen.kernel, chosen.divisor)
        if name in ("pool_stride", "divisor") and not text.strip():
            return None
        return parse_param(text, name)

    # ------------------------------------------------------------------ reactives
    def validate_step(self, step: int) -> int:
        """Keep the step inside the trace."""
        return max(0, min(step, self.timeline.total))

    def validate_speed(self, speed: int) -> int:
        """Keep the speed on the list."""
        return max(0, min(speed, len(SPEEDS) - 1))

    def watch_step(self, step: int) -> None:
        """The board follows the step (another stage's board when the step moves there)."""
        if self.board is not None:
            self._show_board()
        self._update_status()

    def watch_playing(self, playing: bool) -> None:
        """Start or stop the timer."""
        if self._timer is not None:
            if playing:
                self._timer.resume()
            else:
                self._timer.pause()
        self._update_status()

    def watch_speed(self, speed: int) -> None:
        """Restart the timer at the new interval."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(1 / SPEEDS[speed], self._tick, pause=not self.playing)
        self._update_status()

    def _tick(self) -> None:
        if self.step >= self.timeline.total:
            self.playing = False
            return
        self.step += 1

    def current_step(self) -> Step | None:
        """The engine step shown now, or None."""
        trace = self.built.playback.trace
        return trace[self.step - 1] if trace is not None and self.step > 0 else None

    # ------------------------------------------------------------------ actions
    def action_next_step(self) -> None:
        """One step forward (when predicting, ask for the cell first)."""
        self.playing = False
        if self.step >= self.timeline.total:
            return
        from tui.app.screens.predict import ask_then_advance

        trace = self.built.playback.trace
        painting = trace is not None and trace.kind == "transposed"  # no cell to predict
        if painting or not ask_then_advance(self):
            self.step += 1

    def action_prev_step(self) -> None:
        """One step back."""
        self.playing = False
        self.step -= 1

    def action_first_step(self) -> None:
        """Before the first window."""
        self.playing = False
        self.step = 0

    def action_last_step(self) -> None:
        """Every window computed."""
        self.playing = False
        self.step = self.timeline.total

    def action_toggle_play(self) -> None:
        """Play or pause; from the last step, start again."""
        if self.timeline.total == 0:
            return
        if not self.playing and self.step >= self.timeline.total:
            self.step = 0
        self.playing = not self.playing

    def action_faster(self) -> None:
        """More steps per second."""
        self.speed += 1

    def action_slower(self) -> None:
        """Fewer steps per second."""
        self.speed -= 1

    def action_toggle_predict(self) -> None:
        """Predict before reveal, on or off."""
        self.predicting = not self.predicting
        self.notify(f"Predict before reveal {'on' if self.predicting else 'off'}", timeout=3)

    def action_next_op(self) -> None:
        """The next operation (keeping everything else)."""
        ops = list(OPS)
        start = ops.index(self.built.state.op)
        for offset in range(1, len(ops)):
            if self.change(op=ops[(start + offset) % len(ops)]):
                return

    def action_next_preset(self) -> None:
        """The next kernel preset."""
        chosen = next(self._presets)
        if self.change(kernel=chosen.kernel, divisor=chosen.divisor):
            self._ids.one("in-kernel", Input).value = chosen.name
            self._ids.one("in-divisor", Input).value = _param_text(chosen.divisor)
            self.notify(f"{chosen.title} ({chosen.source})", timeout=3)

    def action_add_layer(self) -> None:
        """Stack one more layer on the last: a ReLU, then a 2×2 max pool, then a 3×3 filter."""
        layers = self.built.state.layers
        if len(layers) >= MAX_LAYERS - 1:
            self.notify(f"A stack holds at most {MAX_LAYERS} layers; x removes the last.")
            return
        last = layers[-1].op if layers else self.built.state.op
        if last in ("correlate", "convolve", "bias"):
            layer = Layer("relu")
        elif last == "relu":
            layer = Layer("max-pool", size=2)
        else:
            layer = Layer("correlate", kernel=preset("vertical-edge").kernel, padding=1)
        if self.change(layers=(*layers, layer)):
            self.notify(f"Layer {len(layers) + 2}: {layer.op}", timeout=2)

    def action_drop_layer(self) -> None:
        """Remove the last stacked layer."""
        if self.built.state.layers:
            self.change(layers=self.built.state.layers[:-1])

    def action_toggle_ceil(self) -> None:
        """Pooling's ceil mode on or off."""
        self.change(ceil_mode=not self.built.state.ceil_mode)

    def action_toggle_count_pad(self) -> None:
        """Average pooling's count_include_pad on or off."""
        if self.change(count_include_pad=not self.built.state.count_include_pad):
            state = "counted" if self.built.state.count_include_pad else "not counted"
            self.notify(f"Padded zeros {state} in each average", timeout=3)

    def action_toggle_zero_pad(self) -> None:
        """Max pooling's padding: zeros or −∞ (torch's)."""
        if self.built.state.op != "max-pool":
            self.notify("z is for max pooling (o picks it); average pooling pads with zeros")
            return
        if self.change(zero_pad=not self.built.state.zero_pad):
            pad = "zeros (F.pad, then max_pool2d)" if self.built.state.zero_pad else "−∞ (torch's)"
            self.notify(f"Max pooling pads with {pad}", timeout=3)

    def action_random_input(self) -> None:
        """A new random input of the same shape (digits 0-9, seeded)."""
        self._seed += 1
        shape = self.built.state.input.shape
        x = np.random.default_rng(self._seed).integers(0, 10, size=shape).astype(float)
        if self.change(input=x):
            self._ids.one("in-input", Input).value = grid_text(x)

    def action_resize(self, rows: int, cols: int) -> None:
        """One input row or column more (zeros) or fewer."""
        x = self.built.state.input
        if x.ndim == 1:
            rows, cols = 0, cols or rows
        r = x.shape[-2] + rows if x.ndim > 1 else 1
        c = x.shape[-1] + cols
        if r < 1 or c < 1:
            return
        grown = np.zeros((*x.shape[:-2], r, c)) if x.ndim > 1 else np.zeros(c)
        keep = tuple(slice(0, min(a, b)) for a, b in zip(x.shape, grown.shape, strict=True))
        grown[keep] = x[keep]
        if self.change(input=grown):
            self._ids.one("in-input", Input).value = grid_text(grown)

    def action_back(self) -> None:
        """Leave a field, or go back."""
        if isinstance(self.focused, Input):
            self.set_focus(None)
            return
        self.playing = False
        self.dismiss()

    def action_save(self) -> None:
        """Write the state as a lesson file in the save folder (a new name each time)."""
        from lessons.playground import lesson_yaml

        for n in range(1, 1000):
            path = self.save_dir / f"playground-{n:03d}.yaml"
            if not path.exists():
                break
        try:
            path.write_text(lesson_yaml(self.built, lesson_id=path.stem), encoding="utf-8")
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror}", severity="error")
            return
        self.saved = path
        self.notify(f"Wrote {path}: cnn-tutor check {path.name}", timeout=6, markup=False)

    def action_copy_code(self) -> None:
        """Copy the whole, runnable torch script to the clipboard."""
        from lessons.playground import torch_script

        self.app.copy_to_clipboard(torch_script(self.built, module=self.torch_module))
        self.notify("The torch script is on the clipboard.", timeout=3)

    def action_toggle_module(self) -> None:
        """The torch panel: ``torch.nn`` modules with the weights set, or functional calls."""
        self.torch_module = not self.torch_module
        self.torch_difference = None
        self._show_texts()
        form = "torch.nn modules, the weights set" if self.torch_module else "functional calls"
        self.notify(f"Torch code as {form}", timeout=3)

    def action_run_torch(self) -> None:
        """Run the torch code (the form shown) in a worker; show how far it is from the engine."""
        self.notify("Running the torch code…", timeout=2)
        self._run_torch(self.built, self.torch_module)

    @work(thread=True, exclusive=True, group="play-torch")
    def _run_torch(self, built: Built, module: bool = False) -> None:
        try:
            from tui.training.playground_check import largest_difference

            difference = largest_difference(built, module=module)
        except ImportError as error:
            self.app.call_from_thread(
                self.notify, f"torch is not available: {error}", severity="warning"
            )
            return
        self.app.call_from_thread(self._torch_done, built, difference, module)

    def _torch_done(self, built: Built, difference: float, module: bool = False) -> None:
        if built is not self.built or module != self.torch_module:
            return
        self.torch_difference = difference
        self._show_texts()
        self.notify(f"torch agrees with the engine: largest difference {difference:.3g}")

    # ------------------------------------------------------------------ clicks
    @on(GridView.CellClicked)
    def _cell_clicked(self, event: GridView.CellClicked) -> None:
        """An output cell jumps to its step; an input cell opens it for editing."""
        if not isinstance(self.board, Board):
            return
        local = self.board.step_for_output(event.grid, event.row, event.col)
        if local is not None:
            self.playing = False
            stage, _ = self.timeline.locate(self.step)
            self.step = self.timeline.start_of(stage) + local
            return
        if event.grid in self.board.input_grids:
            self._edit_cell(self.board.input_grids.index(event.grid), event.row, event.col)

    def _edit_cell(self, channel: int, row: int, col: int) -> None:
        board = self.board
        top, _, left, _ = board.layout_info.real if isinstance(board, Board) else (0, 0, 0, 0)
        x = self.built.state.input
        r, c = row - top, col - left
        if x.ndim == 1:
            index: tuple[int, ...] = (c,)
        elif x.ndim == 2:
            index = (r, c)
        else:
            index = (channel, r, c)
        if any(i < 0 or i >= n for i, n in zip(index, x.shape, strict=True)):
            return  # a padded cell
        self._cell = index
        self.app.push_screen(CellEditor(index, float(x[index])), self._cell_edited)

    def set_cell(self, index: tuple[int, ...], value: float) -> bool:
        """Set one input cell (a pilot test and the cell editor use this)."""
        x = np.array(self.built.state.input)
        x[index] = value
        if self.change(input=x):
            self._ids.one("in-input", Input).value = grid_text(x)
            return True
        return False

    def _cell_edited(self, value: float | None) -> None:
        if value is not None and self._cell is not None:
            self.set_cell(self._cell, value)


class CellEditor(Screen[float | None]):
    """A one-line prompt for one input cell's new value."""

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Keep the cell as it is",
            id="playground_cell.cancel",
        )
    ]
    CSS_PATH = "playground.tcss"

    def __init__(self, index: tuple[int, ...], value: float) -> None:
        """Ask for a cell's value.

        Args:
            index: The cell.
            value: Its value now.
        """
        super().__init__()
        self.index = index
        self.value = value

    def compose(self) -> ComposeResult:
        where = ", ".join(str(i + 1) for i in self.index)
        with Vertical(id="cell-editor"):
            yield Label(f"cell ({where}): type a number, Enter sets it, escape keeps it")
            yield Input(grid_text(np.array([self.value])), id="cell-value")
            yield Static("", id="cell-error", markup=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        from lessons.numbers import NumberError, parse_value

        event.stop()
        try:
            value = parse_value(event.value)
        except NumberError as error:
            self.query_one("#cell-error", Static).update(str(error))
            return
        self.dismiss(float(value))

    def action_cancel(self) -> None:
        """Keep the cell."""
        self.dismiss(None)
