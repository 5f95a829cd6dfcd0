"""A titled group of grids on the board: the input's channels, the kernel, the output's maps."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from tui.app.widgets.grid import GridView

__all__ = ["Panel"]


class Panel(Vertical):
    """A title line over a row of grids."""

    def __init__(self, title: str, grids: Sequence[GridView], *, id: str | None = None) -> None:
        """Make a panel.

        Args:
            title: The title line.
            grids: The grids, side by side.
            id: The widget's id.
        """
        super().__init__(id=id, classes="panel")
        self._title = title
        self.grids = list(grids)

    def compose(self) -> ComposeResult:
        yield Label(self._title, classes="panel-title", markup=False)  # may quote lesson labels
        with Horizontal(classes="panel-grids"):
            yield from self.grids

    def set_title(self, title: str) -> None:
        """Change the title line."""
        if self._title != title:
            self._title = title
            labels = self.query(".panel-title") if self.is_mounted else None
            if labels:  # composed (not being recomposed)
                labels.first(Label).update(title)
