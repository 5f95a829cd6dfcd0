"""Beside the stepper's numbers, a photograph scene drawn as pictures: its input and its output.

A scene whose 2-D input is at least :data:`PICTURE_FROM` pixels on a side gets a pane with the
input as a picture and the output map filling in as the stepper moves (click the output to jump
to that cell's step). Both are shrunk by whole blocks to fit :data:`SIDE_SHARE` of the screen.
"""

from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from lessons.playback import Playback
from tui.app.widgets.picture import FillingPicture, Picture, block_means

PICTURE_FROM = 24
"""Inputs with a side at least this long are also drawn as pictures."""

SIDE_SHARE = 4
"""Each picture is at most a 1/SIDE_SHARE of the screen's width wide."""

MIN_SIDE = 16
"""Pictures are never shrunk below this many pixels across (unless smaller)."""


def wants_pictures(playback: Playback) -> bool:
    """Whether a stage is a photograph: a 2-D input and output, the input big enough."""
    x, y = playback.input, playback.output
    if x is None or y is None or x.ndim != 2 or y.ndim != 2:
        return False
    return bool(max(x.shape) >= PICTURE_FROM)


def shrink_for(shape: tuple[int, ...], screen_width: int) -> int:
    """The block side k that fits ``shape`` into a 1/SIDE_SHARE of the screen's width.

    >>> shrink_for((128, 128), 120), shrink_for((128, 128), 200), shrink_for((30, 30), 80)
    (5, 3, 2)
    """
    budget = max(MIN_SIDE, (screen_width - 4) // SIDE_SHARE)
    return max(1, -(-max(shape) // budget))


class PicturePane(Vertical):
    """The input picture over the output picture that fills in as the steps go."""

    DEFAULT_CSS = """
    PicturePane {
        width: auto;
        height: auto;
        padding: 0 1;
    }
    PicturePane > Label {
        color: $text-muted;
        text-style: italic;
    }
    """

    def __init__(self, playback: Playback, *, step: int, screen_width: int) -> None:
        """Make the pane.

        Args:
            playback: A stage :func:`wants_pictures` accepts.
            step: Windows computed so far.
            screen_width: Columns of the terminal (the pictures take a quarter each at most).
        """
        super().__init__(classes="picture-pane")
        assert playback.input is not None and playback.output is not None
        self.playback = playback
        self.step = step
        self.k_in = shrink_for(playback.input.shape, screen_width)
        self.k_out = shrink_for(playback.output.shape, screen_width)
        rows, cols = playback.output.shape
        trace = playback.trace
        self.fills = trace is not None and len(trace) == rows * cols
        """Whether the steps fill the output cell by cell, row-major (else: shown whole)."""

    def compose(self) -> ComposeResult:
        x, y = self.playback.input, self.playback.output
        assert x is not None and y is not None
        scale = f" (1 pixel per {self.k_in}x{self.k_in})" if self.k_in > 1 else ""
        yield Label(f"input {x.shape[0]}x{x.shape[1]}{scale}")
        yield Picture(block_means(x, self.k_in))
        scale = f" (1 per {self.k_out}x{self.k_out})" if self.k_out > 1 else ""
        yield Label(f"output {y.shape[0]}x{y.shape[1]}{scale}")
        finite = np.where(np.isfinite(y), y, 0.0)
        yield FillingPicture(
            finite, k=self.k_out, filled=self._filled(self.step), id="picture-output"
        )

    def _filled(self, step: int) -> int:
        y = self.playback.output
        assert y is not None
        return step if self.fills else int(y.size)

    def show(self, step: int) -> None:
        """Follow the stepper to ``step`` windows computed."""
        self.step = step
        if self.is_mounted:
            self.query_one(FillingPicture).fill(self._filled(step))
