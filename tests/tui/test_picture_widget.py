"""The half-block picture widgets: what each cell draws, and snapshots at 80x24 and 120x40."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from rich.color import Color
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from lessons.pictures import load_picture
from tui.app.widgets.picture import (
    GRAY_LEVELS,
    FillingPicture,
    Picture,
    block_means,
    gray_levels,
    half_block_rows,
)


def test_each_cell_draws_two_pixels_top_as_foreground_bottom_as_background() -> None:
    rows = half_block_rows(gray_levels([[0, 255], [255, 0], [0, 0]]))
    assert len(rows) == 2  # three pixel rows take two lines; the odd one is drawn over black
    first = rows[0]
    assert [segment.text for segment in first] == ["▀", "▀"]
    black, white = Color.from_rgb(0, 0, 0), Color.from_rgb(255, 255, 255)
    assert first[0].style is not None and first[1].style is not None
    assert (first[0].style.color, first[0].style.bgcolor) == (black, white)
    assert (first[1].style.color, first[1].style.bgcolor) == (white, black)


def test_levels_span_low_to_high() -> None:
    assert gray_levels([[10, 20, 30]]).tolist() == [[0, 32, GRAY_LEVELS - 1]]
    assert gray_levels([[5, 5]]).tolist() == [[32, 32]]  # a flat picture is mid-gray
    assert gray_levels([[-9, 99]], low=0, high=10).tolist() == [[0, GRAY_LEVELS - 1]]


def test_block_means_average_whole_blocks() -> None:
    x = np.arange(36, dtype=float).reshape(6, 6)
    assert block_means(x, 3).tolist() == [[7.0, 10.0], [25.0, 28.0]]
    assert block_means(x, 4).shape == (2, 2)


class Pictures(App[None]):
    """The cameraman as a picture beside the cat filling in, half done, and a digit."""

    def __init__(self, k: int) -> None:
        super().__init__()
        self.k = k
        self.clicked: list[tuple[int, int]] = []

    def on_filling_picture_clicked(self, message: FillingPicture.Clicked) -> None:
        self.clicked.append((message.row, message.col))

    def compose(self) -> ComposeResult:
        camera = block_means(load_picture("camera"), self.k)
        chelsea = load_picture("chelsea")
        with Horizontal():
            yield Picture(camera, caption=f"camera, 1 pixel per {self.k}x{self.k}")
            yield Label(" ")
            filling = FillingPicture(chelsea, k=self.k, filled=chelsea.size // 2, id="filling")
            yield filling
            yield Label(" ")
            yield Picture(np.kron(np.eye(4), np.ones((2, 2))), caption="eye")


@pytest.mark.parametrize(("size", "k"), [((80, 24), 4), ((120, 40), 2)])
def test_pictures_snapshot(snap_compare: Any, size: tuple[int, int], k: int) -> None:
    assert snap_compare(Pictures(k), terminal_size=size)


async def test_filling_fills_row_by_row_and_a_click_names_the_cell() -> None:
    app = Pictures(2)
    async with app.run_test(size=(120, 40)) as pilot:
        filling = app.query_one("#filling", FillingPicture)
        assert (filling.rows, filling.cols) == (48, 48)
        filling.fill(96 * 5 + 10)  # five map rows and ten cells: shown row 2, five pixels
        assert filling._done(0) == 48 and filling._done(2) == 48 and filling._done(3) == 0
        filling.fill(96 * 4 + 10)
        assert filling._done(2) == 5 and filling._done(3) == 0
        await pilot.click(filling, offset=(3, 1))
        for _ in range(100):  # bounded: wait for the message, not for a time
            if app.clicked:
                break
            await pilot.pause()
        assert app.clicked == [(4, 6)]  # line 1 is shown rows 2-3: map row 4; column 3: map 6
