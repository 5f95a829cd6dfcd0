"""Small widgets of the training panel: a test image with its prediction, a group of them by kind.

Neither imports torch: they draw NumPy arrays.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label

from tui.training.data import CLASSES, SIZE

TILE_ROWS = (SIZE + 1) // 2
"""Terminal lines for one 9x9 image: two pixel rows per line, drawn with "▀"."""


class XOTile(Widget):
    """One 9x9 test image and, under it, the model's prediction and confidence.

    A wrong prediction is marked with "✗" and styled ``xo-tile--wrong``.
    """

    COMPONENT_CLASSES = {
        "xo-tile--ink",
        "xo-tile--paper",
        "xo-tile--right",
        "xo-tile--wrong",
        "xo-tile--unknown",
    }

    DEFAULT_CSS = """
    XOTile {
        width: 9;
        height: 6;
        margin-right: 1;
    }
    XOTile > .xo-tile--ink { color: $text; }
    XOTile > .xo-tile--paper { color: $panel; }
    XOTile > .xo-tile--right { color: $text-success; }
    XOTile > .xo-tile--wrong { color: $text-error; text-style: bold; }
    XOTile > .xo-tile--unknown { color: $text-muted; }
    """

    def __init__(
        self,
        image: npt.NDArray[np.float32],
        label: int,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Make a tile.

        Args:
            image: Pixels of -1 and 1, shape (9, 9).
            label: The true label: 0 for X, 1 for O.
            name: The widget's name.
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.image = image
        self.label = label
        self.prediction: int | None = None
        self.confidence = 0.0

    def show(
        self,
        image: npt.NDArray[np.float32],
        label: int,
        prediction: int | None,
        confidence: float,
    ) -> None:
        """Show another image or another prediction.

        Args:
            image: Pixels of -1 and 1, shape (9, 9).
            label: The true label.
            prediction: The predicted label, or None before any evaluation.
            confidence: Probability of the predicted label.
        """
        self.image = image
        self.label = label
        self.prediction = prediction
        self.confidence = confidence
        self.set_class(prediction is not None and prediction != label, "-wrong")
        self.refresh()

    @property
    def caption(self) -> str:
        """``X 97%``, ``✗ O 62%`` for a wrong one, or ``X`` (the truth) before evaluation."""
        if self.prediction is None:
            return CLASSES[self.label]
        mark = "" if self.prediction == self.label else "✗ "
        return f"{mark}{CLASSES[self.prediction]} {self.confidence * 100:.0f}%"

    def render_line(self, y: int) -> Strip:
        """Two pixel rows per line; the last line is the caption."""
        width = self.size.width
        if y < TILE_ROWS:
            ink = self.get_component_rich_style("xo-tile--ink").color
            paper = self.get_component_rich_style("xo-tile--paper").color
            top = self.image[2 * y]
            bottom = self.image[2 * y + 1] if 2 * y + 1 < SIZE else None
            segments = []
            for col in range(SIZE):
                fg = ink if top[col] > 0 else paper
                bg = paper if bottom is None else (ink if bottom[col] > 0 else paper)
                segments.append(Segment("▀", Style(color=fg, bgcolor=bg)))
            return Strip(segments, SIZE).crop_extend(0, width, None)
        if y == TILE_ROWS:
            if self.prediction is None:
                style_name = "xo-tile--unknown"
            elif self.prediction == self.label:
                style_name = "xo-tile--right"
            else:
                style_name = "xo-tile--wrong"
            style = self.get_component_rich_style(style_name)
            text = self.caption[:width].ljust(width)
            return Strip([Segment(text, style)], width)
        return Strip.blank(width)


class KindGroup(Vertical):
    """The test images of one kind of trickiness, hardest first, under a score line."""

    DEFAULT_CSS = """
    KindGroup {
        height: auto;
        width: 1fr;
    }
    KindGroup > .kind-title { width: 1fr; }
    KindGroup > Horizontal { height: auto; }
    """

    def __init__(
        self,
        kind: str,
        images: npt.NDArray[np.float32],
        labels: npt.NDArray[np.int64],
        *,
        tiles: int = 3,
        id: str | None = None,
    ) -> None:
        """Make a group.

        Args:
            kind: The kind's name, e.g. ``rotation``.
            images: The first images of this kind to show before any evaluation, shape (T, 9, 9).
            labels: Their labels, shape (T,).
            tiles: How many images to show.
            id: The widget's id.
        """
        super().__init__(id=id)
        self.kind = kind
        self._first = [(images[i], int(labels[i])) for i in range(min(tiles, len(labels)))]

    def compose(self) -> ComposeResult:
        yield Label(self.kind, classes="kind-title")
        with Horizontal():
            for image, label in self._first:
                yield XOTile(image, label)

    def show(
        self,
        right: int,
        total: int,
        shown: list[tuple[npt.NDArray[np.float32], int, int, float]],
    ) -> None:
        """Show a score and the hardest images.

        Args:
            right: Images of this kind classified right.
            total: Images of this kind.
            shown: (image (9, 9), label, prediction, confidence) for each tile, hardest first.
        """
        wrong = total - right
        verdict = "all right" if wrong == 0 else f"{wrong} wrong"
        title = self.query_one(".kind-title", Label)
        title.update(f"{self.kind}  {right}/{total}  {verdict}")
        title.set_class(wrong > 0, "-wrong")
        for tile, (image, label, prediction, confidence) in zip(
            self.query(XOTile), shown, strict=False
        ):
            tile.show(image, label, prediction, confidence)
