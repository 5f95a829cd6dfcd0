"""Training deck 003's toy ConvNet: one loop shared by ``cnn-tutor train`` and the panel.

Importing this module imports torch. The trainer works a batch at a time (:meth:`Trainer.step`) so
callers can pause, cancel or repaint between batches; :meth:`Trainer.run` is the headless loop.

Devices: ``auto`` picks CUDA when ``torch.cuda.is_available()``. A CUDA error at any point (out of
memory, a driver error, a build without CUDA) moves training to the CPU and leaves a notice in
:attr:`Trainer.notice`. Seeded runs on the CPU are deterministic.

Building a trainer sets torch to one intra-op thread for the whole process: the model is so
small that more threads only add synchronisation (and OpenMP spin-waiting, ruinous when the
panel's UI thread or another process shares the cores).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import torch
from torch.nn import functional as F

from tui.training.config import (
    DEVICE_REQUESTS,
    FEATURE_MODES,
    TARGET_ACCURACY,
    DeviceRequest,
    FeatureMode,
    TrainConfig,
)
from tui.training.data import KINDS, XOSet, test_set, training_set
from tui.training.digits import CLASSES as DIGIT_CLASSES
from tui.training.digits import DigitSet, digits_test_set, digits_training_set
from tui.training.digits_model import LAYER_NAMES, DigitsNet
from tui.training.model import XONet
from tui.training.optim import Adam

__all__ = [
    "DEVICE_REQUESTS",
    "FEATURE_MODES",
    "TARGET_ACCURACY",
    "DeviceChoice",
    "DeviceRequest",
    "EpochResult",
    "Evaluation",
    "FeatureMode",
    "StepResult",
    "TrainConfig",
    "Trainer",
    "is_cuda_error",
    "resolve_device",
]


@dataclass(frozen=True)
class DeviceChoice:
    """Where training runs, and why.

    Attributes:
        kind: ``cuda`` or ``cpu``.
        name: The CUDA device's name, or ``CPU``.
        reason: Why this device: what was asked and what was found.
    """

    kind: Literal["cpu", "cuda"]
    name: str
    reason: str

    @property
    def line(self) -> str:
        """One line for the panel and the CLI, e.g. ``CPU (auto: no CUDA device)``."""
        return f"{self.name} ({self.reason})"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def resolve_device(
    requested: DeviceRequest, torch_module: ModuleType | Any = torch
) -> DeviceChoice:
    """Pick the device for a request, never failing: no usable CUDA means the CPU.

    Args:
        requested: ``auto``, ``cpu`` or ``cuda``.
        torch_module: torch itself; tests pass a stand-in.

    Returns:
        The device, its name and the reason for it.
    """
    if requested == "cpu":
        return DeviceChoice("cpu", "CPU", "asked for")
    try:
        available = bool(torch_module.cuda.is_available())
    except Exception as error:  # a broken driver can raise here
        available = False
        why = f"CUDA check failed: {_first_line(error)}"
    else:
        if getattr(torch_module.version, "cuda", None) is None:
            why = "this torch build has no CUDA"
        else:
            why = "no CUDA device found"
    if available:
        try:
            name = str(torch_module.cuda.get_device_name(0))
        except Exception as error:
            return DeviceChoice("cpu", "CPU", f"CUDA device unusable: {_first_line(error)}")
        return DeviceChoice("cuda", name, "CUDA" if requested == "cuda" else "auto: CUDA found")
    if requested == "cuda":
        return DeviceChoice("cpu", "CPU", f"CUDA asked for, but {why}")
    return DeviceChoice("cpu", "CPU", f"auto: {why}")


def is_cuda_error(error: BaseException) -> bool:
    """Whether an exception comes from CUDA (out of memory, driver, no CUDA in this build).

    Args:
        error: The exception raised while training on a CUDA device.
    """
    oom = getattr(torch.cuda, "OutOfMemoryError", None)
    if oom is not None and isinstance(error, oom):
        return True
    accelerator = getattr(torch, "AcceleratorError", None)
    if accelerator is not None and isinstance(error, accelerator):
        return True
    if isinstance(error, (RuntimeError, AssertionError)):
        text = str(error).lower()
        return any(word in text for word in ("cuda", "cublas", "cudnn", "nvrtc", "driver"))
    return False


@dataclass(frozen=True)
class Evaluation:
    """The model on the held-out test set.

    Attributes:
        loss: Mean cross-entropy.
        accuracy: Share of images classified right.
        predictions: Predicted label per image, shape (N,).
        confidence: Softmax probability of the predicted label, shape (N,).
        per_kind: For each kind (X/O: :data:`KINDS`; digits: "0" to "9"): (right, total).
        confusion: Counts of (true label, predicted label), shape (classes, classes).
    """

    loss: float
    accuracy: float
    predictions: npt.NDArray[np.int64]
    confidence: npt.NDArray[np.float32]
    per_kind: dict[str, tuple[int, int]]
    confusion: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.zeros((0, 0), dtype=np.int64)
    )


@dataclass(frozen=True)
class EpochResult:
    """A finished epoch.

    Attributes:
        epoch: 1 for the first epoch.
        loss: Mean training loss over the epoch's batches.
        train_accuracy: Share of training images right while training (running).
        test_accuracy: Held-out accuracy after the epoch.
        test_loss: Held-out loss after the epoch.
        images_per_s: Training images per second of training time (evaluation excluded).
        evaluation: The full held-out evaluation.
    """

    epoch: int
    loss: float
    train_accuracy: float
    test_accuracy: float
    test_loss: float
    images_per_s: float
    evaluation: Evaluation

    def line(self, epochs: int) -> str:
        """The headless output line, e.g. ``epoch  3/12  loss 0.2710  train acc 0.941 ...``."""
        width = len(str(epochs))
        return (
            f"epoch {self.epoch:>{width}}/{epochs}  loss {self.loss:.4f}  "
            f"train acc {self.train_accuracy:.3f}  test acc {self.test_accuracy:.3f}  "
            f"images/s {self.images_per_s:,.0f}"
        )


@dataclass(frozen=True)
class StepResult:
    """One training batch.

    Attributes:
        epoch: Zero-based epoch the batch belongs to.
        batch: Zero-based batch index within the epoch.
        batches: Batches in this epoch at the current batch size.
        step: Batches trained since the start (1 after the first).
        loss: The batch's mean loss.
        accuracy: Share of the batch classified right (before the update).
        epoch_done: The finished epoch when this batch ended one, else None.
    """

    epoch: int
    batch: int
    batches: int
    step: int
    loss: float
    accuracy: float
    epoch_done: EpochResult | None = None

    @property
    def progress(self) -> float:
        """Epochs done, as a fraction (2.5 is halfway through the third)."""
        return self.epoch + (self.batch + 1) / self.batches


@dataclass
class _EpochTally:
    loss_sum: float = 0.0
    correct: int = 0
    seen: int = 0
    batches: int = 0
    seconds: float = 0.0
    order: torch.Tensor | None = field(default=None, repr=False)
    position: int = 0


class Trainer:
    """Trains an :class:`XONet` a batch at a time on the deck's X's and O's.

    Attributes:
        config: The hyperparameters (``lr`` and ``batch_size`` may change between batches).
        device: Where training runs.
        notice: The latest CUDA fallback notice, or None.
        model: The network.
        train: The training set.
        test: The held-out test set.
        step_count: Batches trained so far.
        epochs_done: Finished epochs.
        history: Every finished epoch, oldest first.
    """

    def __init__(
        self,
        config: TrainConfig | None = None,
        *,
        train: XOSet | DigitSet | None = None,
        test: XOSet | DigitSet | None = None,
    ) -> None:
        self.config = config or TrainConfig()
        digits = self.config.data == "digits"
        if train is None:
            if digits:
                train = digits_training_set(self.config.seed)
            else:
                train = training_set(self.config.train_size, seed=self.config.seed)
        self.train: XOSet | DigitSet = train
        if test is None:
            test = digits_test_set() if digits else test_set()
        self.test: XOSet | DigitSet = test
        self.kinds: tuple[str, ...] = DIGIT_CLASSES if digits else KINDS
        self.notice: str | None = None
        self.step_count = 0
        self.epochs_done = 0
        self.history: list[EpochResult] = []
        # The model is tiny: one intra-op thread is the fastest, gives the same sums on every
        # machine, and keeps OpenMP from spinning against the UI thread or other processes.
        torch.set_num_threads(1)
        self._shuffle = torch.Generator().manual_seed(self.config.seed)
        torch.manual_seed(self.config.seed)
        self.model = self._new_model()
        self.optimizer = self._new_optimizer()
        self._tally = _EpochTally()
        self._ran: StepResult | None = None  # a batch that ran, while its epoch's evaluation runs
        self.device = resolve_device(self.config.device)
        if self.device.kind == "cuda":
            try:
                self._place("cuda")
            except Exception as error:
                if not is_cuda_error(error):
                    raise
                self._fall_back(error)
        else:
            self._place("cpu")

    # -- devices -----------------------------------------------------------------------------

    def _new_model(self) -> XONet | DigitsNet:
        if self.config.data == "digits":
            return DigitsNet()
        return XONet(self.config.features)

    def _new_optimizer(self) -> Adam:
        params = [p for p in self.model.parameters() if p.requires_grad]
        return Adam(params, lr=self.config.lr)

    def _place(self, kind: str) -> None:
        """Move the model, the optimizer's state and both data sets to ``kind``."""
        target = torch.device(kind)
        self._torch_device = target
        self.model.to(target)
        self.optimizer.to(target)
        self._train_x = torch.from_numpy(self.train.images).to(target)  # (N, 9, 9) or (N, 8, 8)
        self._train_y = torch.from_numpy(self.train.labels).to(target)  # (N,)
        self._test_x = torch.from_numpy(self.test.images).to(target)  # (M, 9, 9)
        self._test_y = torch.from_numpy(self.test.labels).to(target)  # (M,)

    def _fall_back(self, error: BaseException) -> None:
        """Carry on on the CPU after a CUDA error, keeping the weights when they can be read."""
        self.notice = f"CUDA error ({_first_line(error)}); training continues on the CPU"
        self.device = DeviceChoice("cpu", "CPU", "after a CUDA error")
        try:
            weights = {k: v.detach().cpu() for k, v in self.model.state_dict().items()}
            optimizer_state = self.optimizer.state_dict()
            self.model = self._new_model()
            self.model.load_state_dict(weights)
            self.optimizer = self._new_optimizer()
            self.optimizer.load_state_dict(optimizer_state)
        except Exception:
            # The device is gone with the weights on it: start again from the seed.
            self.notice += ", restarted from the seed (the weights were lost)"
            torch.manual_seed(self.config.seed)
            self.model = self._new_model()
            self.optimizer = self._new_optimizer()
            self._shuffle = torch.Generator().manual_seed(self.config.seed)
            self.step_count = 0
            self.epochs_done = 0
            self.history.clear()
            self._tally = _EpochTally()
            self._ran = None
        self._place("cpu")

    def use_device(self, requested: DeviceRequest) -> DeviceChoice:
        """Move training to another device between batches.

        Args:
            requested: ``auto``, ``cpu`` or ``cuda``.

        Returns:
            The device now in use (the CPU, with a notice, when CUDA fails).
        """
        self.config = replace(self.config, device=requested)
        choice = resolve_device(requested)
        self.device = choice
        try:
            self._place(choice.kind)
        except Exception as error:
            if choice.kind != "cuda" or not is_cuda_error(error):
                raise
            self._fall_back(error)
        return self.device

    # -- settings ----------------------------------------------------------------------------

    def set_lr(self, lr: float) -> None:
        """Change the learning rate from the next batch on."""
        self.config = replace(self.config, lr=lr)
        self.optimizer.lr = lr

    def set_batch_size(self, batch_size: int) -> None:
        """Change the batch size from the next batch on."""
        self.config = replace(self.config, batch_size=batch_size)

    def set_epochs(self, epochs: int) -> None:
        """Change how many epochs :attr:`finished` waits for."""
        self.config = replace(self.config, epochs=epochs)

    @property
    def finished(self) -> bool:
        """Whether the configured number of epochs is done."""
        return self.epochs_done >= self.config.epochs

    # -- training ----------------------------------------------------------------------------

    def step(self) -> StepResult:
        """Train one batch; when it ends an epoch, evaluate on the test set too.

        Returns:
            The batch, with ``epoch_done`` set when it finished an epoch.
        """
        try:
            return self._step()
        except Exception as error:
            if self.device.kind != "cuda" or not is_cuda_error(error):
                raise
            self._fall_back(error)
            ran = self._ran
            if ran is not None and self._tally.position >= len(self.train):
                # The batch ran; the evaluation that ends its epoch failed: evaluate again.
                return replace(ran, epoch_done=self._end_epoch())
            return self._step()

    def _step(self) -> StepResult:
        tally = self._tally
        n = len(self.train)
        if tally.order is None:
            tally.order = torch.randperm(n, generator=self._shuffle)
        size = self.config.batch_size
        batches = tally.batches + -(-(n - tally.position) // size)
        start = time.perf_counter()
        index = tally.order[tally.position : tally.position + size].to(self._torch_device)
        images = self._train_x[index]  # (B, 9, 9)
        labels = self._train_y[index]  # (B,)
        self.model.train()
        logits = self.model(images)  # (B, 2)
        loss = F.cross_entropy(logits, labels)
        self.optimizer.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        self.optimizer.step()
        correct = int((logits.argmax(1) == labels).sum())
        loss_value = float(loss.detach())
        tally.seconds += time.perf_counter() - start
        count = int(index.shape[0])
        tally.loss_sum += loss_value * count
        tally.correct += correct
        tally.seen += count
        tally.position += count
        tally.batches += 1
        self.step_count += 1
        result = StepResult(
            epoch=self.epochs_done,
            batch=tally.batches - 1,
            batches=batches,
            step=self.step_count,
            loss=loss_value,
            accuracy=correct / count,
        )
        self._ran = result
        if tally.position >= n:
            result = replace(result, epoch_done=self._end_epoch())
        self._ran = None
        return result

    def _end_epoch(self) -> EpochResult:
        tally = self._tally
        evaluation = self.evaluate()
        self.epochs_done += 1
        done = EpochResult(
            epoch=self.epochs_done,
            loss=tally.loss_sum / tally.seen,
            train_accuracy=tally.correct / tally.seen,
            test_accuracy=evaluation.accuracy,
            test_loss=evaluation.loss,
            images_per_s=tally.seen / tally.seconds if tally.seconds > 0 else float("inf"),
            evaluation=evaluation,
        )
        self.history.append(done)
        self._tally = _EpochTally()
        return done

    def evaluate(self) -> Evaluation:
        """Classify the whole held-out test set.

        Returns:
            Loss, accuracy, and each image's prediction and confidence.
        """
        self.model.eval()
        with torch.no_grad():
            logits = self.model(self._test_x)  # (M, classes)
            loss = float(F.cross_entropy(logits, self._test_y))
            probs = torch.softmax(logits, dim=1)  # (M, classes)
            confidence, predictions = probs.max(dim=1)  # (M,), (M,)
        predicted = predictions.cpu().numpy().astype(np.int64)
        right = predicted == self.test.labels
        per_kind = {
            kind: (int(right[self.test.kinds == k].sum()), int((self.test.kinds == k).sum()))
            for k, kind in enumerate(self.kinds)
        }
        classes = int(logits.shape[1])
        confusion = np.zeros((classes, classes), dtype=np.int64)
        np.add.at(confusion, (self.test.labels, predicted), 1)
        return Evaluation(
            loss=loss,
            accuracy=float(right.mean()),
            predictions=predicted,
            confidence=confidence.cpu().numpy().astype(np.float32),
            per_kind=per_kind,
            confusion=confusion,
        )

    def run(
        self,
        on_epoch: Callable[[EpochResult], None] | None = None,
        *,
        stop_at: float | None = None,
    ) -> list[EpochResult]:
        """Train until :attr:`finished` (the headless loop).

        Args:
            on_epoch: Called after each epoch.
            stop_at: Stop early after the first epoch whose test accuracy reaches this.

        Returns:
            The epochs trained in this call.
        """
        done: list[EpochResult] = []
        while not self.finished:
            result = self.step()
            if result.epoch_done is not None:
                done.append(result.epoch_done)
                if on_epoch is not None:
                    on_epoch(result.epoch_done)
                if stop_at is not None and result.epoch_done.test_accuracy >= stop_at:
                    break
        return done

    # -- what the panel shows -----------------------------------------------------------------

    def filters(self) -> npt.NDArray[np.float32]:
        """The first layer's filters as they are now: X/O shape (3, 3, 3), digits (8, 3, 3)."""
        return self.model.conv.weight.detach().cpu().numpy()[:, 0].astype(np.float32)

    def feature_maps(self, index: int) -> list[tuple[str, npt.NDArray[np.float32]]]:
        """One held-out digit's feature maps after each layer (the digits net only).

        Args:
            index: Position in :attr:`test`.

        Returns:
            ``(layer name, maps)`` per layer of :data:`LAYER_NAMES`, maps of shape (C, H, W):
            (8, 8, 8) three times, then (16, 4, 4) twice and (16, 2, 2).
        """
        model = self.model
        if not isinstance(model, DigitsNet):
            raise ValueError("feature maps per layer are for the digits net")
        model.eval()
        with torch.no_grad():
            maps = model.layers(self._test_x[index : index + 1])
        return [
            (name, layer[0].cpu().numpy().astype(np.float32))
            for name, layer in zip(LAYER_NAMES, maps, strict=True)
        ]
