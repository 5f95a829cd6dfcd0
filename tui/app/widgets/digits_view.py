"""The digits mode's widgets: the confusion matrix, a misclassified test digit, filter changes.

None imports torch: they draw NumPy arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from tui.app.widgets.picture import Picture


def filter_change_text(change: npt.ArrayLike) -> str:
    """One line: how far the last batch moved each filter (its largest weight change).

    Args:
        change: New weights minus old, shape (K, 3, 3).

    >>> filter_change_text(np.array([[[0.01, -0.03, 0.0]], [[0.0, 0.0, 0.002]]]))
    'last batch, largest |Δw| per filter: 1:0.030  2:0.002'
    """
    array = np.asarray(change, dtype=np.float64)
    moved = np.abs(array.reshape(array.shape[0], -1)).max(axis=1) if array.size else []
    parts = [f"{k + 1}:{value:.3f}" for k, value in enumerate(moved)]
    return "last batch, largest |Δw| per filter: " + "  ".join(parts)


class ConfusionMatrix(Static):
    """True digit (rows) against predicted digit (columns) on the held-out digits.

    Right answers (the diagonal) are green, mistakes red; zeros are dots.
    """

    DEFAULT_CSS = """
    ConfusionMatrix {
        width: auto;
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.counts: npt.NDArray[np.int64] | None = None
        self._drawn = False
        self.show(None)

    def show(self, counts: npt.NDArray[np.int64] | None) -> None:
        """Draw a matrix of shape (10, 10), or the empty frame before any evaluation."""
        self.counts = counts
        size = 10 if counts is None else int(counts.shape[0])
        text = Text("confusion: true ↓ predicted →\n", style="bold")
        # A line's leading spaces do not survive Textual's wrapping: each line starts with text.
        text.append("↓→ " + "".join(f"{c:>4}" for c in range(size)) + "\n", style="dim")
        for row in range(size):
            text.append(f"{row:<3}", style="dim")
            for col in range(size):
                if counts is None:
                    text.append("    ")
                    continue
                value = int(counts[row, col])
                if value == 0:
                    text.append("   ·", style="dim")
                elif row == col:
                    text.append(f"{value:>4}", style="green")
                else:
                    text.append(f"{value:>4}", style="bold red")
            text.append("\n")
        text.rstrip()
        # The matrix keeps its size (11 lines of 43 columns): only the first drawing needs a
        # layout pass of the screen, later ones repaint this widget alone.
        self.update(text, layout=not self._drawn)
        self._drawn = True


class DigitTile(Picture):
    """One misclassified test digit (8x8, drawn 8 columns by 4 lines) and ``7→1 62%`` under it.

    Clicking it posts :class:`DigitTile.Chosen`, so the panel draws its feature maps.
    """

    DEFAULT_CSS = """
    DigitTile {
        width: 9;
        height: 5;
        margin-right: 1;
    }
    """

    SIZED_BY_CSS = True  # 9x5 whatever it shows: a new digit needs no layout pass

    @dataclass
    class Chosen(Message):
        """A digit was clicked."""

        index: int
        """Its position in the test set."""

    def __init__(self) -> None:
        super().__init__(np.zeros((8, 8)), caption="", low=0.0, high=1.0)
        self.index: int | None = None

    def show_digit(
        self, index: int, image: npt.NDArray[np.float32], label: int, prediction: int, p: float
    ) -> None:
        """Show a test digit and the net's wrong answer.

        Args:
            index: Its position in the test set.
            image: Pixels 0..1, shape (8, 8).
            label: The true digit.
            prediction: The predicted digit.
            p: The probability the net gave its prediction.
        """
        self.index = index
        self.show(image, caption=f"{label}→{prediction} {p * 100:.0f}%", low=0.0, high=1.0)

    def clear(self) -> None:
        """Show nothing (before any evaluation, after a reset)."""
        self.index = None
        self.show(np.zeros((8, 8)), caption="", low=0.0, high=1.0)

    def on_click(self, event: events.Click) -> None:
        if self.index is not None:
            self.post_message(self.Chosen(self.index))
