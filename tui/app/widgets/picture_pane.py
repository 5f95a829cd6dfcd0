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


def planned_width(playback: Playback, screen_width: int) -> int:
    """The columns a :class:`PicturePane` of ``playback`` takes: its widest picture or caption.

    The lesson screen tells the board beside it the width that is left before either is
    built, so the board is laid out once for the width it gets (it was built for the whole
    stage, then rebuilt a frame later: a 256x256 scene's grids made twice).
    """
    x, y = playback.input, playback.output
    assert x is not None and y is not None
    k_in, k_out = shrink_for(x.shape, screen_width), shrink_for(y.shape, screen_width)
    widths = [-(-int(x.shape[1]) // k_in), -(-int(y.shape[1]) // k_out)]
    widths += [len(caption) for caption in captions(x.shape, y.shape, k_in, k_out)]
    return max(widths) + 2  # the pane's padding


def captions(x: tuple[int, ...], y: tuple[int, ...], k_in: int, k_out: int) -> tuple[str, str]:
    """The captions over the input and the output picture."""
    scale_in = f" (1 pixel per {k_in}x{k_in})" if k_in > 1 else ""
    scale_out = f" (1 per {k_out}x{k_out})" if k_out > 1 else ""
    return f"input {x[0]}x{x[1]}{scale_in}", f"output {y[0]}x{y[1]}{scale_out}"


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
        over_input, over_output = captions(x.shape, y.shape, self.k_in, self.k_out)
        yield Label(over_input)
        yield Picture(block_means(x, self.k_in))
        yield Label(over_output)
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
