"""A titled group of grids on the board: the input's channels, the kernel, the output's maps."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from tui.app.widgets.code_lines import CodeLines
from tui.app.widgets.grid import GridView

__all__ = ["Panel"]


class Panel(Vertical):
    """A title line over a row of grids."""

    DEFAULT_CSS = """
    Panel > .panel-title { width: auto; }
    """

    def __init__(self, title: str, grids: Sequence[GridView], *, id: str | None = None) -> None:
        """Make a panel.

        Args:
            title: The title line.
            grids: The grids, side by side.
            id: The widget's id.
        """
        super().__init__(id=id, classes="panel")
        self._title = title
        self._label: CodeLines | None = None
        self.grids = list(grids)

    def compose(self) -> ComposeResult:
        self._label = CodeLines(self._title, classes="panel-title")  # plain: lessons' words
        yield self._label
        with Horizontal(classes="panel-grids"):
            yield from self.grids

    def set_title(self, title: str) -> None:
        """Change the title line, without a layout pass when it fits the line's width now.

        A zoomed grid's title (``input · rows 3-12, cols 5-20 of 28x28``) changes at most steps;
        a shorter one is padded to the width the line has, so only a longer one lays the
        screen out again (the line then keeps that width).
        """
        if self._title != title:
            self._title = title
            label = self._label
            if label is not None and label.parent is self:  # composed (not being recomposed)
                width = label.content_size.width
                cells = cell_len(title)
                if label.display and width > 0 and cells <= width:
                    label.set_text(title + " " * (width - cells))
                else:
                    label.set_text(title)
                    label.refresh(layout=True)
