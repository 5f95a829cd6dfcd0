"""Every map of a layer stack side by side, and the receptive field of one output cell in each.

Clicking a cell of the last map lights the cells it depends on in every map back to the input
(:func:`lessons.playground.layers.receptive_boxes`, from the engine's own windows), and the line
under the maps gives the closed form with the stack's numbers.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.widgets import Label, Static

from engine.types import FloatArray
from lessons.playback import Playback
from lessons.playground.layers import receptive_boxes
from tui.app.widgets.grid import GridView, Window
from tui.app.widgets.panel import Panel

__all__ = ["ReceptiveView"]


def _map(array: FloatArray) -> FloatArray:
    """Map 0 of an (H, W) or (C, H, W) array, as a grid draws it."""
    return array if array.ndim <= 2 else array[0]


class ReceptiveView(Vertical):
    """The input and each layer's output, with one output cell's receptive field lit."""

    def __init__(self, playback: Playback, formula: str) -> None:
        """Show a stack.

        Args:
            playback: The pipeline's playback (its ``stages``, each with input and output).
            formula: The closed form of the receptive field, the numbers substituted.
        """
        super().__init__()
        self.playback = playback
        self.formula = formula
        self.grids: list[GridView] = []
        self.cell: tuple[int, int] | None = None
        self.boxes: list[tuple[range, range]] = []

    def compose(self) -> ComposeResult:
        stages = self.playback.stages
        assert self.playback.input is not None
        maps = [self.playback.input, *(stage.output for stage in stages)]
        panels: list[Panel | Label] = []
        for number, array in enumerate(maps):
            assert array is not None
            grid = GridView(_map(array), formatter=self.playback.format, classes="receptive-grid")
            self.grids.append(grid)
            title = "input" if number == 0 else f"layer {number}"
            panels.append(Panel(title, [grid]))
            if number < len(maps) - 1:
                panels.append(Label(" → ", classes="operator"))
        yield Label("receptive field: click a cell of the last map", classes="receptive-title")
        yield HorizontalScroll(*panels, classes="board-grids", can_focus=False)
        yield Static(self.formula, classes="receptive-formula", markup=False)

    def on_mount(self) -> None:
        """Light the cell asked for before the grids were there."""
        if self.cell is not None:
            self.light(self.cell)

    @on(GridView.CellClicked)
    def _clicked(self, event: GridView.CellClicked) -> None:
        if event.grid is self.grids[-1]:
            event.stop()
            self.light((event.row, event.col))

    def light(self, cell: tuple[int, int]) -> None:
        """Light the receptive field of the last map's ``cell`` in every map."""
        self.cell = cell
        if not self.grids:
            return  # drawn once mounted
        self.boxes = receptive_boxes(self.playback.stages, cell)
        for grid, (rows, cols) in zip(self.grids, self.boxes, strict=True):
            grid.set_marks(window=Window(rows, cols) if len(rows) and len(cols) else None)
        first_rows, first_cols = self.boxes[0]
        where = f"output ({cell[0] + 1}, {cell[1] + 1}) sees {len(first_rows)}×{len(first_cols)}"
        self.query_one(".receptive-formula", Static).update(
            f"{where} input cells (clipped at the edges); {self.formula}"
        )
