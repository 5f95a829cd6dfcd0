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

TARGET_ACCURACY = 0.99
"""The held-out accuracy ``cnn-tutor train`` aims for."""


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
        train_size: Images in the training set.
    """

    epochs: int = 12
    batch_size: int = 32
    lr: float = 0.02
    seed: int = 0
    device: DeviceRequest = "auto"
    features: FeatureMode = "learn"
    train_size: int = 2048

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
        if self.train_size < 2:
            raise ValueError(f"training set size must be at least 2, got {self.train_size}")
