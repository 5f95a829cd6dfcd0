"""The training panel: deck 003's X/O toy ConvNet, or the digits ConvNet, trained live.

With ``data="digits"`` the panel trains :class:`~tui.training.digits_model.DigitsNet` on the real
8x8 handwritten digits and shows, besides the plots and the eight learned filters, the confusion
matrix, the misclassified test digits, and the selected test digit's feature maps after each
layer, drawn as pictures (click a digit, or ``[`` / ``]``).

Importing this module does not import torch. When the panel mounts, a thread worker imports it
(the panel says "loading torch…" meanwhile) and builds the :class:`~tui.training.trainer.Trainer`;
if torch is missing or broken the panel explains how to install it instead.

Training runs in a thread worker (``@work(thread=True, exclusive=True)``) that checks for pause
and cancellation before every batch. It posts :class:`TrainingScreen.Progress` messages, at most
every :data:`POST_INTERVAL` seconds, that coalesce in the queue (``can_replace``); the screen keeps
the latest and repaints on a timer, at most :data:`REPAINT_HZ` times a second, so keys keep working
however fast the model trains.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.validation import Integer, Number, ValidationResult
from textual.widgets import Button, Footer, Header, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui.app.widgets.digits_view import ConfusionMatrix, DigitTile, filter_change_text
from tui.app.widgets.picture import MapStrip, Picture
from tui.app.widgets.training import FeatureGrids, KindGroup, Plot, SettingInput, TextLine
from tui.training.backend import INSTALL_HINT, TorchUnavailable, load_trainer
from tui.training.config import (
    DEVICE_REQUESTS,
    FEATURE_MODES,
    DataName,
    DeviceRequest,
    FeatureMode,
    TrainConfig,
    config_for,
)
from tui.training.curves import Curves, even_ticks, thin
from tui.training.data import DECK_FEATURES, FEATURE_NAMES, KINDS, XOSet, test_set
from tui.training.digits import DigitSet, digits_test_set

if TYPE_CHECKING:
    from tui.training.trainer import Evaluation, StepResult, Trainer

REPAINT_HZ = 10
"""The panel repaints at most this many times a second."""

POST_INTERVAL = 1 / REPAINT_HZ
"""The worker posts progress at most this often (seconds), and once more when it stops: no
faster than the panel repaints, since each post wakes the UI thread (slow motion posts every
batch)."""

SLOW_REPAINT = 0.5
"""The plots and the test images repaint at most this often (seconds) while training."""

DIGITS_SLOW_REPAINT = 1.5
"""The same for the digits, whose epochs take a fraction of a second: the plots, the matrix and
the misses follow at most this often while training (the filters still ten times a second)."""

FILTER_REPAINT = 0.25
"""While training at full speed, the learned filters repaint at most this often (seconds): ten
grids redrawn ten times a second took the UI thread's time (and the GIL) from the training
thread. In slow motion, and when training stops, they follow every batch."""

SLOW_DELAY = 1.0
"""Seconds between batches in slow motion (one batch a second; ``n`` trains one per key press)."""

CHANCE_ROOM = 1.2
"""The loss axis reaches this many times the chance-level loss, ln(classes)."""

Y_TICKS = 4
"""At most this many ticks on a y axis (0, 0.5, 1 on the accuracy plot)."""


MISSES = 8
"""Misclassified test digits shown."""

DIGIT_FILTERS = 8
"""Filters of the digits net's first layer (drawn in two rows of four)."""

LAYER_TITLES = {
    "conv1": "conv1: 8 filters 3x3 (8x8 each)",
    "relu1": "ReLU",
    "pool1": "max pool 2x2 (4x4)",
    "conv2": "conv2: 16 filters 3x3x8 (4x4 each)",
    "relu2": "ReLU",
    "pool2": "max pool 2x2 (2x2), then the linear layer",
}
"""What each feature-map strip is."""

SETTING_RULES = {
    "lr": "a number above 0 and at most 10",
    "epochs": "a whole number from 1 to 10000",
    "batch-size": "a whole number from 1 to 4096",
}
"""What each setting accepts, for the panel's refusal message."""

SETTING_COMMITS: tuple[Literal["submitted", "blur"], ...] = ("submitted", "blur")
"""When a setting's field is validated and applied: on Enter, or when the field loses focus.
Never while typing (typing "20" into epochs must not set epochs to 2 first)."""

TILES = 3
"""Test images shown per kind."""

NARROW_BELOW = 100
"""Below this many columns the controls take two compact rows and the test images two columns."""

STACK_BELOW = 120
"""Below this many columns the hand-made features go under the learned ones."""

TALL_FROM = 45
"""From this many lines on the plots get taller."""

STATES = ("loading", "unavailable", "ready", "training", "paused", "done")


class TrainingScreen(Screen[None]):
    """Train the X/O toy ConvNet and watch its three features learn."""

    CSS_PATH = "training.tcss"
    AUTO_FOCUS = "#start"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "toggle_training",
            "Start/pause",
            tooltip="Start, pause or resume",
            id="training.toggle_training",
        ),
        Binding(
            "n",
            "one_batch",
            "One batch",
            tooltip="Train one batch, then stop",
            id="training.one_batch",
        ),
        Binding(
            "r",
            "reset",
            "Reset",
            tooltip="Start again from the seed with these settings",
            id="training.reset",
        ),
        Binding(
            "escape",
            "app.pop_screen",
            "Back",
            key_display="esc",
            tooltip="Return to the previous screen",
            id="training.back",
        ),
        Binding(
            "d",
            "cycle_device",
            "Device",
            tooltip="Switch between auto, CPU and CUDA",
            id="training.cycle_device",
        ),
        Binding(
            "f",
            "cycle_features",
            "Features",
            tooltip="Learn, start from the deck, or hand-made",
            id="training.cycle_features",
        ),
        Binding(
            "s",
            "toggle_slow",
            "Slow motion",
            tooltip="One batch a second",
            id="training.toggle_slow",
        ),
        Binding(
            "left_square_bracket",
            "pick_digit(-1)",
            "Prev digit",
            key_display="[",
            show=False,
            tooltip="Digits: the previous test digit's feature maps",
            id="training.prev_digit",
        ),
        Binding(
            "right_square_bracket",
            "pick_digit(1)",
            "Next digit",
            key_display="]",
            show=False,
            tooltip="Digits: the next test digit's feature maps",
            id="training.next_digit",
        ),
    ]

    state: reactive[str] = reactive("loading")
    """One of :data:`STATES`."""

    @dataclass
    class Progress(Message):
        """Training moved on; only the latest one in the queue matters."""

        generation: int
        """Which trainer this is about (a reset starts a new generation)."""
        step: StepResult | None
        """The latest batch."""
        filters: np.ndarray[Any, Any]
        """The first layer's filters now, shape (3, 3, 3) or (8, 3, 3)."""
        evaluation: Evaluation | None
        """The latest held-out evaluation."""
        change: np.ndarray[Any, Any] | None = None
        """How the latest batch changed each filter, same shape as ``filters``."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TrainingScreen.Progress)

    @dataclass
    class Stopped(Message):
        """The training worker stopped: done, paused, or after its one batch."""

        generation: int
        """Which trainer this is about."""
        finished: bool
        """All the epochs are done."""

    @dataclass
    class Loaded(Message):
        """torch is loaded and a trainer is built."""

        generation: int
        """Which trainer this is."""
        trainer: Trainer
        """The new trainer."""

    @dataclass
    class Unavailable(Message):
        """torch could not be loaded."""

        reason: str
        """What went wrong, in one line."""

    def __init__(
        self,
        *,
        seed: int = 0,
        epochs: int | None = None,
        lr: float | None = None,
        batch_size: int | None = None,
        device: DeviceRequest = "auto",
        features: FeatureMode = "learn",
        slow: bool = False,
        data: DataName = "xo",
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        """Make the panel; nothing heavy happens until it mounts.

        Args:
            seed: Seeds the training set, the initial weights and the shuffling.
            epochs: Epochs to train (default: :class:`TrainConfig`'s).
            lr: Learning rate (default: :class:`TrainConfig`'s).
            batch_size: Images per batch (default: :class:`TrainConfig`'s).
            device: ``auto``, ``cpu`` or ``cuda``.
            features: ``learn``, ``from-deck`` or ``hand-made``.
            slow: Start in slow motion.
            data: ``xo`` (deck 003's X's and O's) or ``digits`` (the 8x8 handwritten digits).
            name: The screen's name.
            id: The screen's id.
        """
        super().__init__(name=name, id=id)
        self.settings = config_for(
            data,
            epochs=epochs,
            lr=lr,
            batch_size=batch_size,
            seed=seed,
            device=device,
            features=features,
        )
        self.digits = data == "digits"
        self.set_class(self.digits, "-digits")
        self.selected = 0
        """The test digit whose feature maps are drawn (digits only)."""
        self.slow = slow
        self.trainer: Trainer | None = None
        self.curves = Curves()
        self.generation = 0
        self.repaints = 0
        self._step_lock = threading.Lock()
        self._latest: TrainingScreen.Progress | None = None
        self._dirty = False
        self._plotted = (-1, -1)
        self._evaluation_shown: object = None
        self._device_request: DeviceRequest = device
        self._test: XOSet | DigitSet = digits_test_set() if self.digits else test_set()
        self._misses: list[int] = []
        self._texts: dict[str, str] = {}
        self._slow_painted = 0.0
        self._filters_painted = 0.0
        self.stopped_at = 0.0
        """``time.perf_counter()`` when training last stopped (the benchmark reads it)."""

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        config = self.settings
        yield Header()
        with Horizontal(id="device-row"):
            yield Label("Device: loading torch…", id="device")
            yield Label("", id="status")
        with Horizontal(id="controls"):
            with Horizontal(id="actions"):
                yield Button("Start", id="start", variant="primary", disabled=True)
                yield Button("One batch", id="one-batch", disabled=True)
                yield Button("Reset", id="reset", disabled=True)
            with Horizontal(id="settings"):
                yield Label("lr", classes="setting")
                yield SettingInput(
                    str(config.lr),
                    id="lr",
                    validate_on=SETTING_COMMITS,
                    type="number",
                    validators=[Number(minimum=1e-6, maximum=10.0)],
                    tooltip="Learning rate (Adam), from the next batch on; Enter applies it",
                )
                yield Label("epochs", classes="setting")
                yield SettingInput(
                    str(config.epochs),
                    id="epochs",
                    validate_on=SETTING_COMMITS,
                    type="integer",
                    validators=[Integer(minimum=1, maximum=10_000)],
                    tooltip="How many passes over the training set; Enter applies it",
                )
                yield Label("batch", classes="setting")
                yield SettingInput(
                    str(config.batch_size),
                    id="batch-size",
                    validate_on=SETTING_COMMITS,
                    type="integer",
                    validators=[Integer(minimum=1, maximum=4096)],
                    tooltip="Images per batch, from the next batch on; Enter applies it",
                )
                yield Select(
                    [(mode, mode) for mode in (("learn",) if self.digits else FEATURE_MODES)],
                    value=config.features,
                    allow_blank=False,
                    disabled=self.digits,
                    id="features",
                    tooltip="learn: from random; from-deck: start from the deck's; "
                    "hand-made: the deck's, frozen (only the vote learns)",
                )
        yield Label("", id="setting-error")
        with Horizontal(id="progress-row"):
            yield ProgressBar(
                total=config.epochs, show_eta=False, show_percentage=False, id="progress"
            )
            yield TextLine(id="progress-text")
        with VerticalScroll(id="body"):
            if self.digits:
                yield from self._compose_digits()
            else:
                yield from self._compose_xo()
            yield Static("", id="unavailable")
        yield Footer()

    def _compose_xo(self) -> ComposeResult:
        """The X/O mode's body: features, plots, the test images by kind."""
        with Horizontal(id="filters"):
            yield FeatureGrids(
                "Features being learned",
                [f"feature {index + 1}" for index in range(len(FEATURE_NAMES))],
                np.zeros_like(DECK_FEATURES),
                id="learned",
            )
            yield FeatureGrids(
                "The deck's hand-made features", FEATURE_NAMES, DECK_FEATURES, id="hand-made"
            )
        yield TextLine(id="filter-change")
        with Horizontal(id="plots"):
            yield Plot(id="loss-plot")
            yield Plot(id="accuracy-plot")
        yield Label(
            "Held-out test images, hardest first (✗ marks a wrong prediction)",
            id="gallery-title",
        )
        with Grid(id="gallery"):
            for kind in KINDS:
                picks = self._test.of_kind(kind)[:TILES]
                yield KindGroup(
                    kind,
                    self._test.images[picks],
                    self._test.labels[picks],
                    tiles=TILES,
                    id=f"kind-{kind}",
                )

    def _compose_digits(self) -> ComposeResult:
        """The digits mode's body: filters, plots, confusion matrix, misses, feature maps."""
        zeros = np.zeros((DIGIT_FILTERS // 2, 3, 3), dtype=np.float32)
        with Horizontal(id="filters"):
            yield FeatureGrids(
                "Filters being learned (conv1)",
                [f"filter {index + 1}" for index in range(DIGIT_FILTERS // 2)],
                zeros,
                id="learned",
            )
            yield FeatureGrids(
                "",
                [f"filter {index + 1}" for index in range(DIGIT_FILTERS // 2, DIGIT_FILTERS)],
                zeros,
                id="learned-2",
            )
        yield TextLine(id="filter-change")
        with Horizontal(id="plots"):
            yield Plot(id="loss-plot")
            yield Plot(id="accuracy-plot")
        with Horizontal(id="digits-row"):
            yield ConfusionMatrix(id="confusion")
            with VerticalScroll(id="misses-box"):
                yield Label(
                    "Misclassified test digits (click one, or [ and ], to see its feature maps)",
                    id="misses-title",
                    markup=False,
                )
                with Horizontal(id="misses"):
                    for _ in range(MISSES):
                        yield DigitTile()
        with Horizontal(id="selected-row"):
            yield Picture(np.zeros((16, 16)), caption="", id="selected")
            with VerticalScroll(id="maps"):
                for name in LAYER_TITLES:
                    yield MapStrip(LAYER_TITLES[name], id=f"map-{name}")

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)
        self._setup_plots()
        self.set_interval(1 / REPAINT_HZ, self._repaint)
        self._update_status()
        self._build(self.settings)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def on_screen_resume(self) -> None:
        # A screen on top (help, the too-small notice) took the resizes meant for this one.
        self._fit(self.app.size.width, self.app.size.height)

    def _fit(self, width: int, height: int) -> None:
        """Arrange the panel for a terminal of ``width`` x ``height``.

        Narrow (below :data:`NARROW_BELOW` columns), the controls and the footer lose their
        padding (``compact``), the controls wrap into two one-line rows, the progress bar
        shrinks and the test images take two columns; below :data:`STACK_BELOW` columns the
        hand-made features go under the learned ones; from :data:`TALL_FROM` lines on the plots
        are taller.
        """
        narrow = width < NARROW_BELOW
        self.set_class(narrow, "-narrow")
        self.set_class(width < STACK_BELOW, "-stacked")
        self.set_class(height >= TALL_FROM, "-tall")
        for control in self.query("#controls Button, #controls Input, #controls Select"):
            if isinstance(control, (Button, Input, Select)):
                control.compact = narrow
        self.query_one(Footer).compact = narrow  # room for "esc Back" at 80 columns

    # -- loading torch and building the trainer ------------------------------------------------

    @work(thread=True, exclusive=True, group="build", exit_on_error=False)
    def _build(self, config: TrainConfig) -> None:
        """Import torch (the first time) and build a trainer, off the UI thread."""
        try:
            trainer_module = load_trainer()
        except TorchUnavailable as error:
            self.post_message(self.Unavailable(error.reason))
            return
        trainer = trainer_module.Trainer(config, test=self._test)
        self.post_message(self.Loaded(self.generation, trainer))

    @on(Unavailable)
    def _on_unavailable(self, message: Unavailable) -> None:
        self.state = "unavailable"
        self.query_one("#device", Label).update("Device: none (torch is not available)")
        self.query_one("#unavailable", Static).update(
            f"Training needs torch: {message.reason}.\n\n"
            f"To train the toy ConvNet, {INSTALL_HINT}, then open this panel again.\n\n"
            "Everything else in cnn-tutor works without torch."
        )
        self.add_class("-unavailable")

    @on(Loaded)
    def _on_loaded(self, message: Loaded) -> None:
        if message.generation != self.generation:
            return
        trainer = message.trainer
        wanted = self.settings
        if (trainer.config.features, trainer.config.seed) != (wanted.features, wanted.seed):
            self._build(wanted)  # the feature mode changed while this one was being built
            return
        # Settings typed while torch was loading apply now.
        trainer.set_lr(wanted.lr)
        trainer.set_batch_size(wanted.batch_size)
        trainer.set_epochs(wanted.epochs)
        self.trainer = trainer
        self.state = "ready"
        if self._device_request != trainer.config.device:
            self._switch_device(self._device_request)
        self._latest = self.Progress(self.generation, None, trainer.filters(), evaluation=None)
        self._dirty = True
        self._repaint()

    # -- training ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="training", exit_on_error=False)
    def _train(self, batches: int | None) -> None:
        """Train until done, paused or cancelled (or for ``batches`` batches)."""
        worker = get_current_worker()
        trainer = self.trainer
        generation = self.generation
        curves = self.curves
        if trainer is None:
            return
        last_post = 0.0
        done = 0
        evaluation = self._latest.evaluation if self._latest else None
        step: StepResult | None = None
        filters = trainer.filters()
        change: np.ndarray[Any, Any] | None = None
        while batches is None or done < batches:
            if worker.is_cancelled or (batches is None and trainer.finished):
                break
            with self._step_lock:
                if worker.is_cancelled:
                    break
                if self._device_request != trainer.config.device:
                    trainer.use_device(self._device_request)
                step = trainer.step()
                if step.epoch_done is not None:
                    evaluation = step.epoch_done.evaluation
                elif batches is not None and done + 1 == batches:
                    evaluation = trainer.evaluate()
                curves.record(step, evaluation)
                after = trainer.filters()
            change = after - filters
            filters = after
            done += 1
            now = time.monotonic()
            if now - last_post >= POST_INTERVAL or self.slow:
                last_post = now
                progress = self.Progress(generation, step, filters, evaluation, change)
                self.post_message(progress)
            if self.slow and (batches is None or done < batches):
                worker.cancelled_event.wait(SLOW_DELAY)
        if step is not None:
            self.post_message(self.Progress(generation, step, filters, evaluation, change))
        self.post_message(self.Stopped(generation, trainer.finished))

    @on(Progress)
    def _on_progress(self, message: Progress) -> None:
        if message.generation != self.generation:
            return
        self._latest = message
        self._dirty = True

    @on(Stopped)
    def _on_stopped(self, message: Stopped) -> None:
        if message.generation != self.generation:
            return
        self.stopped_at = time.perf_counter()
        if message.finished:
            self.state = "done"
        elif self.state == "training":
            self.state = "paused"
        self._repaint(final=True)

    def _training_running(self) -> bool:
        return any(worker.group == "training" and worker.is_running for worker in self.workers)

    # -- actions -----------------------------------------------------------------------------

    def action_toggle_training(self) -> None:
        """Start, pause or resume."""
        if self.trainer is None:
            return
        if self.state == "training":
            self.workers.cancel_group(self, "training")
            self.state = "paused"
            return
        if self.trainer.finished:
            self.notify("All epochs are done: raise epochs or reset.", timeout=4)
            return
        self.state = "training"
        self._train(None)

    def action_one_batch(self) -> None:
        """Train one batch and evaluate, then stop."""
        if self.trainer is None:
            return
        if self.state == "training":
            self.workers.cancel_group(self, "training")
        self.state = "paused"
        self._train(1)

    def action_reset(self) -> None:
        """Start again from the seed, with the current settings."""
        if self.state in ("loading", "unavailable"):
            return
        self.workers.cancel_group(self, "training")
        self.generation += 1
        self.trainer = None
        self.curves = Curves()
        self._latest = None
        self._plotted = (-1, -1)
        self._evaluation_shown = None
        self._filters_painted = 0.0  # the new trainer's filters show as soon as it is built
        self._clear_results()
        self.state = "loading"
        self._build(self.settings)

    def _clear_results(self) -> None:
        """Forget what the old trainer predicted: plots, test images, matrix, maps."""
        self._misses = []
        self.query_one("#filter-change", TextLine).update("")
        for plot_id in ("#loss-plot", "#accuracy-plot"):
            widget = self.query_one(plot_id, Plot)
            widget.plt.clear_data()
            widget.changed()
        if self.digits:
            self.query_one("#confusion", ConfusionMatrix).show(None)
            for tile in self.query(DigitTile):
                tile.clear()
            self._set_text(
                "#misses-title",
                "Misclassified test digits (click one, or [ and ], to see its feature maps)",
                layout=True,
            )
            for name in LAYER_TITLES:
                self.query_one(f"#map-{name}", MapStrip).show(LAYER_TITLES[name], [])
            return
        for group in self.query(KindGroup):
            group.clear()

    def action_cycle_device(self) -> None:
        """Ask for the next device: auto, cpu, cuda."""
        index = DEVICE_REQUESTS.index(self._device_request)
        self._device_request = DEVICE_REQUESTS[(index + 1) % len(DEVICE_REQUESTS)]
        self.settings = replace(self.settings, device=self._device_request)
        if self.trainer is not None and not self._training_running():
            self._switch_device(self._device_request)
        self._update_status()

    @work(thread=True, exclusive=True, group="device", exit_on_error=False)
    def _switch_device(self, request: DeviceRequest) -> None:
        trainer = self.trainer
        if trainer is None:
            return
        with self._step_lock:
            trainer.use_device(request)
        self.app.call_from_thread(self._update_status)

    def action_cycle_features(self) -> None:
        """Switch the feature mode (learn, from-deck, hand-made); this resets."""
        if self.digits:
            self.notify("The digits net learns its filters from scratch: no hand-made ones.")
            return
        select = self.query_one("#features", Select)
        index = FEATURE_MODES.index(self.settings.features)
        select.value = FEATURE_MODES[(index + 1) % len(FEATURE_MODES)]

    def action_toggle_slow(self) -> None:
        """Slow motion on or off: one batch a second, each filter's change shown."""
        self.slow = not self.slow
        self._update_status()

    def action_pick_digit(self, delta: int) -> None:
        """Digits: show the next (``delta`` 1) or previous (-1) test digit's feature maps.

        The misclassified digits come first, when there are any; otherwise every test digit.
        """
        if not self.digits:
            return
        order = self._misses or list(range(len(self._test)))
        if self.selected in order:
            position = (order.index(self.selected) + delta) % len(order)
        else:
            position = 0 if delta > 0 else len(order) - 1
        self._select(order[position])

    def _select(self, index: int) -> None:
        self.selected = index
        self._paint_maps()

    @on(DigitTile.Chosen)
    def _on_digit_chosen(self, message: DigitTile.Chosen) -> None:
        self._select(message.index)

    # -- settings ----------------------------------------------------------------------------

    @on(Button.Pressed, "#start")
    def _on_start(self) -> None:
        self.action_toggle_training()

    @on(Button.Pressed, "#one-batch")
    def _on_one_batch(self) -> None:
        self.action_one_batch()

    @on(Button.Pressed, "#reset")
    def _on_reset(self) -> None:
        self.action_reset()

    def _setting_value(self, setting: str) -> int | float | None:
        """The value ``setting`` (a field's id) has now, or None for another id."""
        return {
            "lr": self.settings.lr,
            "epochs": self.settings.epochs,
            "batch-size": self.settings.batch_size,
        }.get(setting)

    def _refuse(self, setting: str, value: str) -> None:
        """Say in the panel that ``value`` was refused for ``setting``, and what is still used."""
        shown = repr(value) if value else "an empty field"
        error = self.query_one("#setting-error", Label)
        error.update(
            f"{setting.replace('-', ' ')}: {shown} refused, it must be "
            f"{SETTING_RULES.get(setting, 'valid')}; still using {self._setting_value(setting)}"
        )
        error.add_class("-shown")

    @on(SettingInput.Refused)
    def _on_key_refused(self, event: SettingInput.Refused) -> None:
        """A key the field cannot hold (``2.5`` in epochs, a letter): refused, said so."""
        self._refuse(event.input.id or "", event.attempt)

    def _apply_setting(self, field: Input, value: str, validation: ValidationResult | None) -> bool:
        """Apply a field's value to the settings and the trainer, or refuse it in the panel.

        Called when the field is submitted (Enter) or loses focus, never while typing.

        Args:
            field: The setting's field (``#lr``, ``#epochs`` or ``#batch-size``).
            value: The text it holds.
            validation: Its validators' verdict on ``value``.

        Returns:
            False when ``value`` was refused (the last valid setting stays), else True.
        """
        setting = field.id or ""
        if self._setting_value(setting) is None:
            return True
        try:
            if validation is not None and not validation.is_valid:
                raise ValueError(value)
            if setting == "lr":
                settings = replace(self.settings, lr=float(value))
            elif setting == "epochs":
                settings = replace(self.settings, epochs=int(value))
            else:
                settings = replace(self.settings, batch_size=int(value))
        except ValueError:  # not a number, or out of TrainConfig's range
            self._refuse(setting, value)
            return False
        error = self.query_one("#setting-error", Label)
        error.update("")
        error.remove_class("-shown")
        if settings == self.settings:
            return True  # Enter, then the blur as the focus moves on: applied once
        self.settings = settings
        trainer = self.trainer
        if trainer is None:
            return True  # applied when the trainer is built (see _on_loaded)
        if setting == "lr":
            trainer.set_lr(settings.lr)
        elif setting == "epochs":
            trainer.set_epochs(settings.epochs)
            if self.state == "done" and not trainer.finished:
                self.state = "paused"
            self._dirty = True
        else:
            trainer.set_batch_size(settings.batch_size)
        return True

    @on(Input.Submitted)
    def _on_submitted(self, event: Input.Submitted) -> None:
        """Enter applies the field; the focus moves on to Start, or stays on a refused value
        (marked invalid) to be corrected."""
        if self._apply_setting(event.input, event.value, event.validation_result):
            self.query_one("#start", Button).focus()

    @on(Input.Blurred)
    def _on_blurred(self, event: Input.Blurred) -> None:
        """Leaving a field applies it; a refused value gives way to the setting still used (the
        message above the progress bar still names what was refused)."""
        field = event.input
        if not self.is_attached or self._apply_setting(field, event.value, event.validation_result):
            return
        with field.prevent(Input.Changed):
            field.value = str(self._setting_value(field.id or ""))
        field.validate(field.value)

    @on(Select.Changed, "#features")
    def _on_features(self, event: Select.Changed) -> None:
        features = next((mode for mode in FEATURE_MODES if mode == event.value), None)
        if features is None or features == self.settings.features:
            return
        self.settings = replace(self.settings, features=features)
        self.action_reset()

    # -- painting ----------------------------------------------------------------------------

    def watch_state(self, state: str) -> None:
        if not self.is_mounted:
            return
        ready = state in ("ready", "training", "paused", "done")
        start = self.query_one("#start", Button)
        start.disabled = not ready or state == "done"
        start.label = {"training": "Pause", "paused": "Resume"}.get(state, "Start")
        self.query_one("#one-batch", Button).disabled = not ready
        self.query_one("#reset", Button).disabled = not ready
        self._update_status()

    def _update_status(self) -> None:
        trainer = self.trainer
        device = self.query_one("#device", Label)
        if self.state == "unavailable":
            pass  # the device line says why (see _on_unavailable)
        elif trainer is None:
            self._set_text("#device", "Device: loading torch…", layout=True)
        else:
            line = f"Device: {trainer.device.line}"
            if self._device_request != trainer.config.device:
                line += f" · switching to {self._device_request}…"
            if trainer.notice:
                line += f" · {trainer.notice}"
            self._set_text("#device", line, layout=True)
            device.set_class(trainer.notice is not None, "-notice")
        words = {
            "loading": "loading torch…",
            "unavailable": "torch unavailable",
            "ready": "ready: press space to train",
            "training": "training",
            "paused": "paused",
            "done": "done",
        }
        status = words[self.state]
        if self.slow:
            status += " · slow motion"
        self._set_text("#status", status, layout=True)

    def _set_text(self, selector: str, text: str, *, layout: bool = False) -> None:
        """Update a label only when its text changes (a layout pass only where asked)."""
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            self.query_one(selector, Label).update(text, layout=layout)

    def _repaint(self, *, final: bool = False) -> None:
        """Draw the latest progress; called by the timer, at most REPAINT_HZ times a second.

        The plots and the test images cost the most to draw: they follow at most every
        :data:`SLOW_REPAINT` seconds, and always when training stops (``final``).
        """
        if not (self._dirty or final) or self._latest is None or self.trainer is None:
            return
        self._dirty = False
        self.repaints += 1
        latest = self._latest
        trainer = self.trainer
        epochs = trainer.config.epochs
        bar = self.query_one("#progress", ProgressBar)
        step = latest.step
        done = step.progress if step is not None else 0.0
        bar.update(total=epochs, progress=min(done, epochs))
        text = f"epoch {trainer.epochs_done}/{epochs}"
        if step is not None:
            text = (
                f"epoch {step.epoch + 1}/{epochs} · batch {step.batch + 1}/{step.batches}"
                f" · loss {step.loss:.4f}"
            )
        if latest.evaluation is not None:
            text += f" · test acc {latest.evaluation.accuracy:.3f}"
        self.query_one("#progress-text", TextLine).update(text)
        now = time.monotonic()
        if final or self.slow or now - self._filters_painted >= FILTER_REPAINT:
            self._filters_painted = now
            if self.digits:
                half = DIGIT_FILTERS // 2
                self.query_one("#learned", FeatureGrids).set_weights(latest.filters[:half])
                self.query_one("#learned-2", FeatureGrids).set_weights(latest.filters[half:])
            else:
                self.query_one("#learned", FeatureGrids).set_weights(latest.filters)
        if latest.change is not None and (self.slow or final):
            self.query_one("#filter-change", TextLine).update(filter_change_text(latest.change))
        every = DIGITS_SLOW_REPAINT if self.digits else SLOW_REPAINT
        if final or self.slow or now - self._slow_painted >= every:
            self._slow_painted = now
            self._paint_plots()
            fresh = latest.evaluation is not self._evaluation_shown
            if latest.evaluation is not None and fresh:
                self._evaluation_shown = latest.evaluation
                if self.digits:
                    self._paint_digits(latest.evaluation)
                else:
                    self._paint_gallery(latest.evaluation)
            if self.digits and (final or self.slow):
                self._paint_maps()  # while training only on request: the maps cost ~50 ms
        self._update_status()

    def _setup_plots(self) -> None:
        for plot_id, title in (("#loss-plot", "Loss"), ("#accuracy-plot", "Accuracy")):
            plt = self.query_one(plot_id, Plot).plt
            plt.title(title)
            plt.xlabel("epoch")

    def _paint_plots(self) -> None:
        curves = self.curves
        size = (len(curves.batch_x), len(curves.test_x))
        if size == self._plotted:
            return
        self._plotted = size
        n_batch, n_test = size
        batch_x = curves.batch_x[:n_batch]
        test_x = curves.test_x[:n_test]
        for plot_id, batch_y, test_y, title in (
            ("#loss-plot", curves.batch_loss[:n_batch], curves.test_loss[:n_test], "Loss"),
            (
                "#accuracy-plot",
                curves.batch_accuracy[:n_batch],
                curves.test_accuracy[:n_test],
                "Accuracy",
            ),
        ):
            widget = self.query_one(plot_id, Plot)
            plt = widget.plt
            plt.clear_data()
            plt.title(title)
            plt.xlabel("epoch")
            if batch_x:
                xs, ys = thin(batch_x, batch_y)
                plt.plot(xs, ys, label="train", marker="braille")
            if test_x:
                plt.plot(test_x, test_y, label="test", marker="dot")
            epochs = self.trainer.config.epochs if self.trainer else self.settings.epochs
            xticks = even_ticks(0.0, float(max(epochs, 1)), most=7)
            plt.xlim(xticks[0], xticks[-1])
            plt.xticks(xticks, [f"{tick:g}" for tick in xticks])
            # Few y ticks: the plot has five or so rows, and plotext drops a label that would
            # collide with its neighbour (which one varies from run to run).
            if title == "Accuracy":
                yticks = even_ticks(0.0, 1.0, most=Y_TICKS)
            else:
                # From 0 to a little above chance level, ln(classes), where training starts: the
                # axis stays put as the loss falls (higher only if a loss ever goes above it).
                chance = math.log(10 if self.digits else 2) * CHANCE_ROOM
                top = max([chance, *batch_y, *test_y])
                yticks = even_ticks(0.0, top if math.isfinite(top) else chance, most=Y_TICKS)
            plt.ylim(yticks[0], yticks[-1])
            plt.yticks(yticks, [f"{tick:g}" for tick in yticks])
            widget.changed()

    def _paint_gallery(self, evaluation: Evaluation) -> None:
        test = self._test
        truth_prob = np.where(
            evaluation.predictions == test.labels,
            evaluation.confidence,
            1.0 - evaluation.confidence,
        )
        for kind in KINDS:
            indices = test.of_kind(kind)
            # Hardest first: the lowest probability given to the true class (wrong ones first).
            order = indices[np.argsort(truth_prob[indices], kind="stable")][:TILES]
            right, total = evaluation.per_kind[kind]
            shown = [
                (
                    test.images[i],
                    int(test.labels[i]),
                    int(evaluation.predictions[i]),
                    float(evaluation.confidence[i]),
                )
                for i in order
            ]
            self.query_one(f"#kind-{kind}", KindGroup).show(right, total, shown)

    def _paint_digits(self, evaluation: Evaluation) -> None:
        """The confusion matrix and the misclassified test digits, least confident truth first."""
        test = self._test
        self.query_one("#confusion", ConfusionMatrix).show(evaluation.confusion)
        wrong = np.flatnonzero(evaluation.predictions != test.labels)
        order = wrong[np.argsort(-evaluation.confidence[wrong], kind="stable")]
        self._misses = [int(i) for i in order]
        tiles = list(self.query(DigitTile))
        for tile, index in zip(tiles, self._misses, strict=False):
            tile.show_digit(
                index,
                test.images[index],
                int(test.labels[index]),
                int(evaluation.predictions[index]),
                float(evaluation.confidence[index]),
            )
        for tile in tiles[len(self._misses) :]:
            tile.clear()
        count = len(self._misses)
        title = f"Misclassified test digits: {count} of {len(test)}" + (
            " (click one, or [ and ], to see its feature maps)" if count else ""
        )
        # Only a title of another length may wrap onto another number of lines: the count's
        # digits changing (12 to 9) needs a layout pass of the screen, 12 to 11 a repaint.
        before = self._texts.get("#misses-title", "")
        self._set_text("#misses-title", title, layout=len(title) != len(before))

    def _paint_maps(self) -> None:
        """The selected test digit and its feature maps after each layer, as pictures."""
        trainer = self.trainer
        if not self.digits or trainer is None or self.state == "loading":
            return
        index = self.selected
        image = self._test.images[index]
        big = np.kron(image, np.ones((2, 2), dtype=np.float32))  # (8, 8) -> (16, 16)
        caption = f"test digit #{index}: a {int(self._test.labels[index])}"
        self.query_one("#selected", Picture).show(big, caption=caption, low=0.0, high=1.0)
        with self._step_lock:
            layers = trainer.feature_maps(index)
        for name, maps in layers:
            scale = float(np.max(np.abs(maps))) if maps.size else 0.0
            low = 0.0 if name.startswith(("relu", "pool")) else -scale
            self.query_one(f"#map-{name}", MapStrip).show(
                LAYER_TITLES[name], list(maps), low=low, high=scale
            )

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "training")

    @on(Worker.StateChanged)
    def _on_worker_state(self, event: Worker.StateChanged) -> None:
        """A failed worker becomes a notification, not a crash."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        self.notify(f"Training stopped: {error}", severity="error", timeout=10, markup=False)
        if self.state == "training":
            self.state = "paused"
        elif self.state == "loading":
            self.state = "unavailable"
            self._on_unavailable(self.Unavailable(f"building the trainer failed ({error})"))
