"""A lesson for the stepper's tests, written as YAML and loaded the way the tutor loads lessons.

One scene of each shape the board draws: deck 000's 6×6 example correlated with the vertical
filter (without and with padding), its 2×2 max pooling, a 28×28 image (a board that scrolls),
three channels through two kernels (two output maps, per-channel sums) and deck 001's 1-D image.
The numbers are the slides' (the 28×28 and three-channel grids are seeded random digits); the
tests compare what the board shows with the engine's and torch's results, never with this file.
"""

from __future__ import annotations

import json

import numpy as np

from lessons import LoadResult, load_text

DECK000_INPUT = np.array(
    [
        [3, 7, 9, 1, 0, 4],
        [8, 1, 3, 3, 3, 0],
        [7, 4, 6, 4, 4, 6],
        [4, 4, 1, 9, 3, 6],
        [9, 8, 4, 9, 4, 3],
        [7, 5, 2, 3, 3, 1],
    ],
    dtype=float,
)
"""Deck 000's 6×6 image."""
VERTICAL = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=float)
"""Deck 000's vertical-edge filter."""
LESSON_ID = "stepper-edges"


def _grid(array: np.ndarray) -> str:
    """An array as a YAML flow list of whole numbers."""
    return json.dumps(array.astype(int).tolist())


def lesson_text() -> str:
    """The lesson's YAML."""
    big = np.random.default_rng(0).integers(0, 10, size=(28, 28))
    rng = np.random.default_rng(1)
    channels = rng.integers(-2, 3, size=(3, 4, 4))
    kernels = rng.integers(-1, 2, size=(2, 3, 2, 2))
    six, vertical = _grid(DECK000_INPUT), _grid(VERTICAL)
    return f"""\
id: {LESSON_ID}
title: Edges (stepper tests)
deck: {{file: 000_2ce6168aac0ff3a0.txt, course: CS344 Deep Learning}}
summary: The 6×6 example.
scenes:
  - kind: correlate2d
    title: The vertical filter
    narration: Slide the **filter**.
    input: {six}
    kernel: {vertical}
  - kind: correlate2d
    title: The vertical filter, padded
    narration: Slide the **filter**.
    padding: 1
    input: {six}
    kernel: {vertical}
  - kind: pool2d
    title: Max pooling
    narration: Keep the **largest**.
    size: 2
    input: {six}
  - kind: correlate2d
    title: A 28×28 image
    narration: A big one.
    padding: 1
    input: {_grid(big)}
    kernel: {vertical}
  - kind: multichannel
    title: Three channels, two kernels
    narration: Sum over channels.
    bias: [1, -1]
    input: {_grid(channels)}
    kernel: {_grid(kernels)}
  - kind: correlate1d
    title: A 1-D image
    narration: Deck 001.
    padding: 1
    input: [0, 0, 1, 1, 1, 0, 1, 0, 0, 0]
    kernel: [-1, 1, -1]
"""


def stepper_lessons() -> LoadResult:
    """The lesson, loaded through ``lessons.load_text``."""
    return LoadResult(lessons=[load_text(lesson_text(), "stepper-edges.yaml")])
