"""Fixed decimals on results only, on the board: deck 003's maps read ``1.00`` and ``0.77``, its
pixels and weights ``1`` and ``-1``; max-pool padding reads ``-∞``; the quiz's board agrees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from stepper_lesson import DECK000_INPUT
from textual.app import App, ComposeResult
from textual.containers import Vertical

from engine.display import NumberFormat
from lessons import load_text
from lessons.loader import load_file
from lessons.playback import Playback, correlation, pooling, prepare
from tui.app.widgets.board import Board
from tui.app.widgets.cell_formats import CellFormats
from tui.app.widgets.grid import GridView

REPO = Path(__file__).resolve().parents[2]
DECK3 = REPO.parent / "shared" / "seeds" / "003_f20768683df30fba.txt"
XO = REPO / "lessons" / "030-xo.yaml"


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Vertical(id="host")


def grid_rows(grid: GridView) -> list[list[str]]:
    """What a grid shows, cell by cell (window brackets and superscripts left out)."""
    rows = []
    for y in range(grid.shape[0]):
        text = grid.render_line(y).text
        for mark in "[]¹⁰⁻·²³⁴⁵⁶⁷⁸⁹":
            text = text.replace(mark, " ")
        rows.append(text.split())
    return rows


def slide_rows(after: str, rows: int, *, skip: int = 0) -> list[list[str]]:
    """The rows of numbers deck 003 prints after the line ``after``."""
    lines = DECK3.read_text(encoding="utf-8").splitlines()
    start = lines.index(after) + 1
    found = [line.split() for line in lines[start:] if line.strip()]
    return found[skip : skip + rows]


async def show(playback: Playback, step: int, size: tuple[int, int] = (120, 40)) -> Board:
    app = Host()
    board = Board(playback, step=step)
    async with app.run_test(size=size) as pilot:
        await app.query_one("#host").mount(board)
        await pilot.pause()
        board.rows = {  # type: ignore[attr-defined]
            "input": [grid_rows(g) for g in board.input_grids],
            "kernel": [grid_rows(g) for g in board.kernel_grids],
            "output": [grid_rows(g) for g in board.output_grids],
        }
    return board


@pytest.mark.skipif(not DECK3.is_file(), reason="the seed decks are not next to this checkout")
async def test_the_xo_convolution_board_writes_pixels_bare_and_the_map_as_the_deck() -> None:
    scene = next(
        s for s in load_file(XO).scenes if s.title == "Convolution: trying every possible match"
    )
    playback = prepare(scene)
    assert playback.fmt.fixed  # the lesson's own rule, no override
    board = await show(playback, step=playback.steps)
    rows: dict[str, Any] = board.rows  # type: ignore[attr-defined]
    # The deck's 9x9 X: 1 on the strokes, -1 elsewhere, written bare.
    x_rows = [[str(int(v)) for v in row] for row in np.asarray(scene.input)]
    assert rows["input"] == [x_rows]
    assert rows["kernel"] == [[["1", "-1", "-1"], ["-1", "1", "-1"], ["-1", "-1", "1"]]]
    # The \ map as the deck prints it before pooling it: 0.77 -0.11 ... 1.00 ...
    assert rows["output"] == [slide_rows("max pooling", 7, skip=4)]
    assert "1.00" in rows["output"][0][1]


PADDED_POOL = """\
id: padded-pool
title: Padded max pooling
deck: {{file: 000_2ce6168aac0ff3a0.txt, course: CS344 Deep Learning}}
summary: Deck 000's 6x6 image, max-pooled with padding 1.
scenes:
  - kind: pool2d
    display: {{decimals: 2, fixed: true}}
    size: 2
    padding: 1
    input: {input}
"""


async def test_max_pool_padding_reads_minus_infinity() -> None:
    text = PADDED_POOL.format(input=DECK000_INPUT.astype(int).tolist())
    playback = prepare(load_text(text, "padded-pool.yaml").scenes[0])
    board = await show(playback, step=1)
    (padded,) = board.rows["input"]  # type: ignore[attr-defined]
    assert padded[0] == ["-∞"] * 8 and padded[1][0] == "-∞" and padded[1][1] == "3.00"
    # torch: max_pool2d(padding=1) keeps the corner pixel, 3, in the first window.
    assert board.rows["output"][0][0][0] == "3.00"  # type: ignore[attr-defined]


def test_the_quiz_playbacks_write_correlation_operands_bare_and_pooled_maps_fixed() -> None:
    fixed = NumberFormat(2, "truncate", fixed=True)
    image = np.where(DECK000_INPUT > 4, 1.0, -1.0)  # a ±1 image, as deck 003 draws them
    correlated = CellFormats.of(correlation(image, np.eye(3), fmt=fixed))
    assert correlated.format_input(-1.0) == "-1" and correlated.format_kernel(1.0) == "1"
    assert correlated.format_input(7 / 9) == "0.77"
    assert correlated.format(1.0) == "1.00"  # a result keeps the deck's two places
    pooled = CellFormats.of(pooling(image, 2, fmt=fixed))
    assert pooled.format_input(1.0) == "1.00"  # a map value, as the deck prints it


async def test_a_many_cell_erratum_wraps_between_cells_never_inside_one() -> None:
    # Deck 004's exercise 4: eleven wrong cells, listed after the note.
    scene = load_file(REPO / "lessons" / "040-torch-layers.yaml").scenes[27]
    playback = prepare(scene)
    assert playback.erratum is not None and len(playback.erratum.cells) == 11
    app = Host()
    async with app.run_test(size=(80, 40)) as pilot:
        board = Board(playback, step=8)
        await app.query_one("#host").mount(board)
        await pilot.pause()
        erratum = board.query_one("#erratum")
        lines = [erratum.render_line(y).text for y in range(erratum.size.height)]
    words = " ".join(lines).split()
    for cell in playback.erratum.cells:
        row, col = (int(i) + 1 for i in cell.at)
        entry = f"({row},{col}):{cell.slide}→{cell.correct}"
        assert entry in words, entry  # whole, on one line
