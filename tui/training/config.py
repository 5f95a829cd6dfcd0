"""Training settings, importable without torch (the panel shows them before torch loads)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

DeviceRequest = Literal["auto", "cpu", "cuda"]
"""Where to train: ``auto`` picks CUDA when ``torch.cuda.is_available()``."""

DEVICE_REQUESTS: tuple[DeviceRequest, ...] = ("auto", "cpu", "cuda")

FeatureMode = Literal["learn", "from-deck", "hand-made"]
"""How the three features start and whether they train.

- ``learn``: random start, trained;
- ``from-deck``: start from the deck's hand-made features, trained;
- ``hand-made``: the deck's features, frozen; only the vote trains.
"""

FEATURE_MODES: tuple[FeatureMode, ...] = ("learn", "from-deck", "hand-made")

DataName = Literal["xo", "digits"]
"""What to train on: deck 003's procedural X's and O's, or the real 8x8 handwritten digits."""

DATA_NAMES: tuple[DataName, ...] = ("xo", "digits")

TARGET_ACCURACY = 0.99
"""The held-out accuracy ``cnn-tutor train`` aims for on the X's and O's."""

DIGITS_TARGET_ACCURACY = 0.97
"""The held-out accuracy ``cnn-tutor train --data digits`` aims for."""


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters of a run. The defaults reach the target with ``seed=0``.

    Attributes:
        epochs: Passes over the training set.
        batch_size: Images per batch.
        lr: Adam's learning rate.
        seed: Seeds the training set, the initial weights and the shuffling.
        device: ``auto``, ``cpu`` or ``cuda``.
        features: ``learn``, ``from-deck`` or ``hand-made`` (see :data:`FeatureMode`).
        train_size: Images in the training set (X/O only; the digits have 1,438).
        data: ``xo`` or ``digits`` (see :data:`DataName`); digits only ``learn``.
    """

    epochs: int = 12
    batch_size: int = 32
    lr: float = 0.02
    seed: int = 0
    device: DeviceRequest = "auto"
    features: FeatureMode = "learn"
    train_size: int = 2048
    data: DataName = "xo"

    def __post_init__(self) -> None:
        if self.epochs < 1:
            raise ValueError(f"epochs must be at least 1, got {self.epochs}")
        if self.batch_size < 1:
            raise ValueError(f"batch size must be at least 1, got {self.batch_size}")
        if not (self.lr > 0 and math.isfinite(self.lr)):
            raise ValueError(f"learning rate must be a positive number, got {self.lr}")
        if self.device not in DEVICE_REQUESTS:
            raise ValueError(
                f"device must be one of {', '.join(DEVICE_REQUESTS)}, got {self.device}"
            )
        if self.features not in FEATURE_MODES:
            raise ValueError(f"features must be one of {', '.join(FEATURE_MODES)}")
        if self.data not in DATA_NAMES:
            raise ValueError(f"data must be one of {', '.join(DATA_NAMES)}, got {self.data}")
        if self.data == "digits" and self.features != "learn":
            raise ValueError("the digits net has no hand-made features: use features 'learn'")
        if self.train_size < 2:
            raise ValueError(f"training set size must be at least 2, got {self.train_size}")


DIGITS_DEFAULTS: dict[str, float | int] = {"epochs": 20, "batch_size": 32, "lr": 0.005}
"""The digits' defaults for the settings left out (they reach the target with seed 0)."""


def config_for(data: DataName, **settings: object) -> TrainConfig:
    """A config for ``data``, its defaults filled in where ``settings`` leaves them out.

    Args:
        data: ``xo`` or ``digits``.
        **settings: Any :class:`TrainConfig` field.

    Raises:
        ValueError: A setting is out of range, or ``data`` is unknown.
    """
    if data not in DATA_NAMES:
        raise ValueError(f"data must be one of {', '.join(DATA_NAMES)}, got {data}")
    merged: dict[str, object] = dict(DIGITS_DEFAULTS) if data == "digits" else {}
    merged.update({key: value for key, value in settings.items() if value is not None})
    return TrainConfig(data=data, **merged)  # type: ignore[arg-type]


def target_for(data: DataName) -> float:
    """The held-out accuracy the defaults reach for ``data``."""
    return DIGITS_TARGET_ACCURACY if data == "digits" else TARGET_ACCURACY
