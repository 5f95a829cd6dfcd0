"""Small widgets of the training panel: a test image with its prediction, a group of them by kind,
and the settings' input field that says what it refused.

Neither imports torch: they draw NumPy arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Label
from textual_plotext import PlotextPlot

from tui.app.widgets.heat import HEAT_LEVELS, heat_level
from tui.training.data import CLASSES, SIZE

TILE_ROWS = (SIZE + 1) // 2
"""Terminal lines for one 9x9 image: two pixel rows per line, drawn with "▀"."""
WEIGHT_ZERO = 0.005
"""Weights show to two decimals: below this a weight reads ``0.00`` and is not shaded."""


class SettingInput(Input):
    """A setting's field that tells the panel when it blocks a key (a letter in a number, a
    decimal point in a whole number), instead of only ringing the bell."""

    @dataclass
    class Refused(Message):
        """A key was typed that the field cannot hold."""

        input: SettingInput
        """The field."""
        attempt: str
        """What the field would have held with the key."""

    _attempt = ""

    def replace(self, text: str, start: int, end: int) -> None:
        """Note what the edit would make, then let :class:`Input` accept or restrict it."""
        value = self.value
        low, high = sorted((max(0, start), min(len(value), end)))
        self._attempt = f"{value[:low]}{text}{value[high:]}"
        super().replace(text, start, end)

    def restricted(self) -> None:
        """The edit was refused: ring the bell and tell the panel what was typed."""
        super().restricted()
        self.post_message(self.Refused(self, self._attempt))


def weight_text(value: float) -> str:
    """A weight in exactly 5 characters, sign first.

    >>> weight_text(1.0), weight_text(-0.126), weight_text(12.34), weight_text(-250.0)
    ('+1.00', '-0.13', '+12.3', ' -250')
    """
    if abs(value) < 9.995:
        return f"{value:+.2f}"
    if abs(value) < 99.95:
        return f"{value:+.1f}"
    return f"{value:+5.0f}"[-5:].replace("+", " ")


class FeatureGrids(Widget):
    """A row of small weight grids (the three 3x3 features) under a title, shaded by sign and size.

    One widget draws them all, line by line, and new weights repaint it without a layout pass:
    the panel redraws the learned features ten times a second, so this has to be cheap.
    """

    COMPONENT_CLASSES = {
        "feature-grids--title",
        "feature-grids--name",
        "feature-grids--zero",
        *(f"feature-grids--pos-{level}" for level in range(1, HEAT_LEVELS + 1)),
        *(f"feature-grids--neg-{level}" for level in range(1, HEAT_LEVELS + 1)),
    }

    DEFAULT_CSS = """
    FeatureGrids {
        width: auto;
        height: auto;
    }
    FeatureGrids > .feature-grids--title { text-style: bold; }
    FeatureGrids > .feature-grids--name { color: $text-muted; }
    FeatureGrids > .feature-grids--zero { background: $surface; color: $text; }
    FeatureGrids > .feature-grids--pos-1 { background: $primary 15%; color: $text; }
    FeatureGrids > .feature-grids--pos-2 { background: $primary 30%; color: $text; }
    FeatureGrids > .feature-grids--pos-3 { background: $primary 45%; color: $text; }
    FeatureGrids > .feature-grids--pos-4 { background: $primary 60%; color: $text; }
    FeatureGrids > .feature-grids--neg-1 { background: $error 15%; color: $text; }
    FeatureGrids > .feature-grids--neg-2 { background: $error 30%; color: $text; }
    FeatureGrids > .feature-grids--neg-3 { background: $error 45%; color: $text; }
    FeatureGrids > .feature-grids--neg-4 { background: $error 60%; color: $text; }
    """

    CELL = 6
    """Characters per weight: five for the number, one space."""

    def __init__(
        self,
        title: str,
        names: Sequence[str],
        weights: npt.ArrayLike,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Make the grids.

        Args:
            title: The line above them all.
            names: One name per grid.
            weights: Shape (K, 3, 3), one grid per name.
            name: The widget's name.
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.title = title
        self.names = list(names)
        self.weights = np.asarray(weights, dtype=np.float64)

    def set_weights(self, weights: npt.ArrayLike) -> None:
        """Show new weights, shape (K, 3, 3)."""
        self.weights = np.asarray(weights, dtype=np.float64)
        self.refresh()

    @property
    def _block(self) -> int:
        return self.CELL * int(self.weights.shape[2]) + 1  # one column between grids

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._block * len(self.names)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 2 + int(self.weights.shape[1])

    def notify_style_update(self) -> None:
        """The CSS or the theme changed: look the cell styles up again."""
        super().notify_style_update()
        self._styles = None

    _styles: dict[int, Style] | None = None

    def _level_styles(self) -> dict[int, Style]:
        """The cell style for each heat level, looked up once per style change."""
        if self._styles is None:
            styles = {0: self.get_component_rich_style("feature-grids--zero")}
            for level in range(1, HEAT_LEVELS + 1):
                styles[level] = self.get_component_rich_style(f"feature-grids--pos-{level}")
                styles[-level] = self.get_component_rich_style(f"feature-grids--neg-{level}")
            self._styles = styles
        return self._styles

    def render_line(self, y: int) -> Strip:
        """Line 0 is the title, line 1 the names, then one row of every grid per line."""
        width = self.size.width
        base = self.rich_style
        if y == 0:
            style = self.get_component_rich_style("feature-grids--title")
            return Strip([Segment(self.title, style)]).crop_extend(0, width, base)
        if y == 1:
            style = self.get_component_rich_style("feature-grids--name")
            text = "".join(name[: self._block - 1].ljust(self._block) for name in self.names)
            return Strip([Segment(text, style)]).crop_extend(0, width, base)
        row = y - 2
        if row >= self.weights.shape[1]:
            return Strip.blank(width, base)
        styles = self._level_styles()
        segments = []
        for grid in self.weights:
            scale = float(np.max(np.abs(grid))) if grid.size else 0.0
            for value in grid[row]:
                text = weight_text(float(value)) + " "
                segments.append(
                    Segment(text, styles[heat_level(float(value), scale, zero=WEIGHT_ZERO)])
                )
            segments.append(Segment(" ", base))
        return Strip(segments).crop_extend(0, width, base)


class TextLine(Widget):
    """One line of text, drawn as a single segment: cheaper to repaint ten times a second than a
    :class:`~textual.widgets.Label`, whose content is parsed and laid out on every update."""

    DEFAULT_CSS = """
    TextLine {
        width: 1fr;
        height: 1;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def update(self, text: str) -> None:
        """Show ``text`` (repainting only when it changed)."""
        if text != self.text:
            self.text = text
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y != 0:
            return Strip.blank(width, self.rich_style)
        return Strip([Segment(self.text, self.rich_style)]).crop_extend(0, width, self.rich_style)


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
        before = (self.caption, self.image.tobytes(), self.label)
        self.image = image
        self.label = label
        self.prediction = prediction
        self.confidence = confidence
        if (self.caption, image.tobytes(), label) != before:
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
            # One style per (top pixel, bottom pixel) pair: 1 is ink, 0 is paper.
            styles = {
                (top, bottom): Style(color=ink if top else paper, bgcolor=ink if bottom else paper)
                for top in (0, 1)
                for bottom in (0, 1)
            }
            top_row = self.image[2 * y] > 0
            bottom_row = (
                self.image[2 * y + 1] > 0 if 2 * y + 1 < SIZE else np.zeros(SIZE, dtype=bool)
            )
            segments = [
                Segment("▀", styles[int(t), int(b)])
                for t, b in zip(top_row, bottom_row, strict=True)
            ]
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
        self._title = kind
        self._first = [(images[i], int(labels[i])) for i in range(min(tiles, len(labels)))]

    def compose(self) -> ComposeResult:
        yield Label(self.kind, classes="kind-title")
        with Horizontal():
            for image, label in self._first:
                yield XOTile(image, label)

    def clear(self) -> None:
        """Forget the scores and predictions (after a reset): the name and the first images."""
        self._title = self.kind
        title = self.query_one(".kind-title", Label)
        title.update(self.kind, layout=False)
        title.set_class(False, "-wrong")
        for tile, (image, label) in zip(self.query(XOTile), self._first, strict=False):
            tile.show(image, label, None, 0.0)

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
        text = f"{self.kind}  {right}/{total}  {verdict}"
        if text != self._title:
            self._title = text
            title.update(text, layout=False)
            title.set_class(wrong > 0, "-wrong")
        for tile, (image, label, prediction, confidence) in zip(
            self.query(XOTile), shown, strict=False
        ):
            tile.show(image, label, prediction, confidence)


class Plot(PlotextPlot):
    """A plotext plot that builds its picture once per change of data or size.

    ``PlotextPlot`` rebuilds the whole plot on every render, and the compositor re-renders a
    widget whenever a neighbour's region is repainted; call :meth:`changed` after changing the
    data instead of ``refresh``.
    """

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._version = 0
        self._cache: tuple[tuple[int, int, int, str], RenderResult] | None = None

    def changed(self) -> None:
        """The data changed: build the picture again at the next render."""
        self._version += 1
        self.refresh()

    def render(self) -> RenderResult:
        key = (self._version, self.size.width, self.size.height, self.app.theme)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, super().render())
        return self._cache[1]
