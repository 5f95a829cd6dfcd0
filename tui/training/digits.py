"""The UCI handwritten digits: 1,797 real 8x8 images of the digits 0-9, shipped with the package.

The file is ``datasets/digits.csv.gz``, byte for byte the copy in scikit-learn's wheel (see
``datasets/SOURCES.md`` for its source and licence). Each line holds 64 pixels, row by row, each
an integer 0 to 16 (ink pixels counted in a 4x4 block of a 32x32 bitmap), then the label.

The held-out test set is fixed: a fifth of each digit, picked with :data:`SPLIT_SEED`, so every
training seed is measured on the same 359 images. This module never imports torch.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

SIZE = 8
"""Images are ``SIZE x SIZE`` pixels."""

CLASSES: tuple[str, ...] = tuple(str(digit) for digit in range(10))
"""Label ``d`` is the digit ``d``."""

COUNT = 1797
"""Images in the file."""

MAX_PIXEL = 16
"""The largest pixel value in the file (a fully inked 4x4 block)."""

SPLIT_SEED = 20_260_015
"""Seed of the fixed train/test split."""

TEST_SHARE = 0.2
"""Share of each digit held out for testing."""

DATA_FILE = "digits.csv.gz"
"""The shipped file, in ``tui/training/datasets/``."""


@dataclass(frozen=True)
class DigitSet:
    """Labelled digits.

    Attributes:
        images: Pixels scaled to 0..1 (the file's 0..16 divided by 16), shape (N, 8, 8), float32.
        labels: The digit, 0 to 9, shape (N,), int64.
        kinds: The same as ``labels`` (the panel groups images by kind), shape (N,), int64.
        index: Each image's line in the file, 0-based, shape (N,), int64.
    """

    images: npt.NDArray[np.float32]
    labels: npt.NDArray[np.int64]
    kinds: npt.NDArray[np.int64]
    index: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def of_kind(self, kind: str) -> npt.NDArray[np.intp]:
        """Indices of the images of one digit, in order.

        Args:
            kind: One of :data:`CLASSES`.
        """
        return np.flatnonzero(self.kinds == CLASSES.index(kind))


def raw_bytes() -> bytes:
    """The shipped gzip file, as it is on disk (what the checksum covers)."""
    return resources.files("tui.training").joinpath("datasets").joinpath(DATA_FILE).read_bytes()


@lru_cache(maxsize=1)
def _load() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    text = gzip.decompress(raw_bytes()).decode("ascii")
    table = np.loadtxt(text.splitlines(), delimiter=",", dtype=np.int64)  # (1797, 65)
    pixels = table[:, :-1].reshape(-1, SIZE, SIZE).astype(np.uint8)  # (1797, 8, 8)
    return pixels, table[:, -1].astype(np.int64)


def load_raw() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """Every image as the file has it.

    Returns:
        Pixels 0..16, shape (1797, 8, 8), uint8; labels 0..9, shape (1797,), int64.
    """
    pixels, labels = _load()
    return pixels.copy(), labels.copy()


@lru_cache(maxsize=1)
def _split() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    _, labels = _load()
    rng = np.random.default_rng(SPLIT_SEED)
    test: list[npt.NDArray[np.int64]] = []
    for digit in range(len(CLASSES)):
        members = np.flatnonzero(labels == digit)
        held = round(members.size * TEST_SHARE)
        test.append(np.sort(rng.choice(members, size=held, replace=False)))
    test_index = np.sort(np.concatenate(test))
    train_index = np.setdiff1d(np.arange(labels.size), test_index)
    return train_index.astype(np.int64), test_index.astype(np.int64)


def _subset(rows: npt.NDArray[np.int64]) -> DigitSet:
    pixels, labels = _load()
    images = (pixels[rows].astype(np.float32) / MAX_PIXEL).astype(np.float32)
    return DigitSet(images, labels[rows].copy(), labels[rows].copy(), rows.copy())


def digits_test_set() -> DigitSet:
    """The fixed held-out digits: a fifth of each digit, rounded (359 images), in file order."""
    return _subset(_split()[1])


def digits_training_set(seed: int = 0) -> DigitSet:
    """The other 1,438 digits, shuffled by ``seed`` (the split itself never changes).

    Args:
        seed: Seeds the order; the images are the same for every seed.
    """
    rows = _split()[0]
    order = np.random.default_rng(seed).permutation(rows.size)
    return _subset(rows[order])


__all__ = [
    "CLASSES",
    "COUNT",
    "MAX_PIXEL",
    "SIZE",
    "DigitSet",
    "digits_test_set",
    "digits_training_set",
    "load_raw",
    "raw_bytes",
]
