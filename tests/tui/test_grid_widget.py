"""The grid widget: superscript weights, brackets, padding, fill, heat, themes, clicks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from stepper_lesson import DECK000_INPUT, VERTICAL
from textual.filter import Monochrome
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip

import engine
from lessons import LoadResult
from tui.app.app import create_app
from tui.app.widgets.grid import (
    EMPTY,
    GridView,
    _cut,
    _same_space,
    superscript,
    window_from_slices,
)
from tui.app.widgets.heat import HEAT_LEVELS, heat_level

SLIDE_ROWS = DECK000_INPUT


def test_superscripts_are_the_slides() -> None:
    # Deck 000 writes the weights 1, 0, -1 as ¹ ⁰ ⁻¹.
    assert [superscript(t) for t in ("1", "0", "-1")] == ["¹", "⁰", "⁻¹"]
    assert superscript("0.25") == "⁰·²⁵"


@pytest.mark.parametrize(
    ("value", "level"), [(0.0, 0), (9.0, 4), (-9.0, -4), (1.0, 1), (-4.5, -2), (4.6, 3)]
)
def test_heat_levels_diverge_around_zero(value: float, level: int) -> None:
    assert heat_level(value, 9.0) == level


def row_texts(grid: GridView, row: int) -> list[str]:
    return grid.render_line(row).text.split()


def weights_for(step: engine.Step) -> list[list[str]]:
    assert step.weights is not None
    texts = [superscript(engine.format_number(w)) for w in step.weights]
    return [texts[0:3], texts[3:6], texts[6:9]]


async def test_window_weights_and_brackets_follow_the_slides() -> None:
    app = create_app(lessons=LoadResult())
    async with app.run_test(size=(80, 24)) as pilot:
        grid = GridView(SLIDE_ROWS, weight_width=2)
        await app.screen.mount(grid)
        await pilot.pause()
        step = engine.trace_correlate2d(SLIDE_ROWS, VERTICAL)[1]
        grid.set_marks(window=window_from_slices(step.window, grid.shape, weights_for(step)))
        # Deck 000, second window: "3	¹ 7	⁰ 9	⁻¹ 1	0	4" on each of the first three rows.
        assert row_texts(grid, 0) == ["3[", "¹7", "⁰9", "⁻¹1]", "0", "4"]
        assert row_texts(grid, 1) == ["8[", "¹1", "⁰3", "⁻¹3]", "3", "0"]
        assert row_texts(grid, 3) == ["4", "4", "1", "9", "3", "6"]
        # Moving the window repaints: the old brackets go.
        step = engine.trace_correlate2d(SLIDE_ROWS, VERTICAL)[4]
        grid.set_marks(window=window_from_slices(step.window, grid.shape, weights_for(step)))
        assert row_texts(grid, 0) == ["3", "7", "9", "1", "0", "4"]
        assert row_texts(grid, 1) == ["[", "¹8", "⁰1", "⁻¹3]", "3", "3", "0"]


async def test_padding_looks_different_from_real_zeros() -> None:
    app = create_app(lessons=LoadResult())
    async with app.run_test(size=(80, 24)) as pilot:
        x = np.array([[0.0, 1.0], [2.0, 0.0]])
        grid = GridView(engine.pad(x, 1), real=(1, 3, 1, 3))
        await app.screen.mount(grid)
        await pilot.pause()
        segments = [s for s in grid.render_line(1) if s.text.strip()]
        pad_zero, real_zero = segments[0], segments[1]
        assert pad_zero.text.strip() == real_zero.text.strip() == "0"
        assert pad_zero.style != real_zero.style
        assert pad_zero.style is not None and pad_zero.style.italic


async def test_fill_hides_cells_not_computed_and_brackets_the_current_one() -> None:
    app = create_app(lessons=LoadResult())
    async with app.run_test(size=(80, 24)) as pilot:
        out = engine.correlate2d(SLIDE_ROWS, VERTICAL)
        grid = GridView(out)
        await app.screen.mount(grid)
        await pilot.pause()
        grid.set_marks(filled=6, current=(1, 1))
        # The slide after six windows: "0 4 11 -2" then "9 -7".
        assert row_texts(grid, 0) == ["0", "4", "11", "-2"]
        assert row_texts(grid, 1) == ["9[-7]", EMPTY, EMPTY]
        assert row_texts(grid, 2) == [EMPTY] * 4


async def test_negative_and_positive_cells_shade_differently_and_themes_restyle_them() -> None:
    app = create_app(lessons=LoadResult())
    async with app.run_test(size=(80, 24)) as pilot:
        grid = GridView(np.array([[-9.0, 9.0]]))
        await app.screen.mount(grid)
        await pilot.pause()
        negative, positive = [s for s in grid.render_line(0) if s.text.strip()]
        assert negative.style is not None and positive.style is not None
        assert negative.style.bgcolor != positive.style.bgcolor
        app.theme = "textual-light" if app.theme == "textual-dark" else "textual-dark"
        await pilot.pause()
        negative_after, _ = [s for s in grid.render_line(0) if s.text.strip()]
        assert negative_after.style is not None
        assert negative_after.style.bgcolor != negative.style.bgcolor


async def test_clicking_a_cell_posts_its_row_and_column() -> None:
    app = create_app(lessons=LoadResult())
    clicks: list[tuple[int, int]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        grid = GridView(SLIDE_ROWS)
        await app.screen.mount(grid)
        await pilot.pause()
        original = grid.post_message

        def record(message: object) -> bool:
            if isinstance(message, GridView.CellClicked):
                clicks.append((message.row, message.col))
            return original(message)  # type: ignore[arg-type]

        grid.post_message = record  # type: ignore[method-assign]
        width = grid.cell_width + 1
        await pilot.click(grid, offset=(2 * width + 1, 4))
        await pilot.click(grid, offset=(5 * width + 1, 0))
    assert clicks == [(4, 2), (0, 5)]


def test_a_one_dimensional_window_is_a_row() -> None:
    window = window_from_slices((slice(2, 5),), (1, 10))
    assert (window.rows, window.cols) == (range(0, 1), range(2, 5))


def test_a_dilated_window_skips_cells() -> None:
    step = engine.trace_correlate2d(np.arange(25.0).reshape(5, 5), np.ones((2, 2)), dilation=2)[0]
    window = window_from_slices(step.window, (5, 5))
    assert window.covers(0, 0) and window.covers(2, 2)
    assert not window.covers(1, 1)
    assert window.box == (0, 3, 0, 3)


async def test_the_heat_legend_names_the_values_of_its_shades() -> None:
    from textual.app import App, ComposeResult

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield GridView([[3, -9], [0, 6]], id="g")
            yield GridView([[0, 4], [2, 1]], id="p")

    app = One()
    async with app.run_test(size=(40, 10)):
        mixed = app.query_one("#g", GridView).legend()
        assert mixed.plain == "shade: -9          0          9"
        positive = app.query_one("#p", GridView).legend()
        assert positive.plain == "shade: 0          4"  # no negative side without negatives
        # Each swatch is painted in the shade the grid gives a value of its range.
        styles = {str(span.style) for span in positive.spans}
        assert len(styles) == 4


@asynccontextmanager
async def mounted(grid: GridView) -> AsyncIterator[Pilot[int]]:
    """An 80x24 app with ``grid`` mounted on its screen and drawn once."""
    app = create_app(lessons=LoadResult())
    async with app.run_test(size=(80, 24)) as pilot:
        await app.screen.mount(grid)
        await pilot.pause()
        yield pilot


def recorded_refreshes(grid: GridView) -> list[list[tuple[int, int]]]:
    """Record each ``grid.refresh`` call from now on as its regions' (y, height) pairs."""
    calls: list[list[tuple[int, int]]] = []
    refresh = grid.refresh

    def spy(*regions: Region, **kwargs: bool) -> GridView:
        calls.append([(region.y, region.height) for region in regions])
        return refresh(*regions, **kwargs)

    grid.refresh = spy  # type: ignore[method-assign]
    return calls


async def test_new_numbers_repaint_only_the_rows_that_changed() -> None:
    grid = GridView(SLIDE_ROWS)
    async with mounted(grid) as pilot:
        refreshed = recorded_refreshes(grid)
        changed = np.array(SLIDE_ROWS, dtype=float)
        changed[2, 3] = 5.0  # one cell of the third row (a 1-digit number: the same width)
        grid.set_data(changed)
        assert refreshed == [[(2, 1)]]
        assert row_texts(grid, 2)[3] == "5"
        refreshed.clear()
        grid.set_data(changed + 1.0)  # every row changes
        assert refreshed == [[(0, 6)]]
        await pilot.pause()


async def test_numbers_given_while_holding_are_compared_once_the_view_is_set() -> None:
    grid = GridView(SLIDE_ROWS)
    async with mounted(grid) as pilot:
        refreshed = recorded_refreshes(grid)
        changed = np.array(SLIDE_ROWS, dtype=float)
        changed[4, 1] = 5.0
        with grid.holding_repaint():
            grid.set_data(changed)
            assert refreshed == []  # nothing compared or repainted yet
            assert row_texts(grid, 4)[1] == "5"  # the numbers are in
        assert refreshed == [[(4, 1)]]
        await pilot.pause()


def cells(strip: Strip) -> list[tuple[str, Style | None]]:
    """A drawn line as one (character, style) pair per cell, however it is split."""
    return [(char, segment.style) for segment in strip for char in segment.text]


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="0123456789-·[]» ⁰¹⁻", max_size=6), max_size=8),
    start=st.integers(0, 40),
    width=st.integers(0, 40),
)
def test_a_line_cut_to_the_view_is_textual_crop_extend(
    texts: list[str], start: int, width: int
) -> None:
    # The grid cuts its one-cell characters by counting them; Textual measures each
    # character's width. The cells must be the same, padding included.
    styles = [Style(color="red"), Style(bold=True), Style(italic=True)]
    segments = [Segment(text, styles[i % 3]) for i, text in enumerate(texts)]
    pad = Style(bgcolor="blue")
    want = Strip(segments).crop_extend(start, start + width, pad)
    assert cells(Strip(_cut(segments, start, start + width, pad))) == cells(want)


async def test_a_zoomed_grid_draws_the_lines_textual_draws() -> None:
    # A grid with nothing around its lines (a zoomed view: no scrollbars) skips Textual's
    # styles cache; the cells must be the cache's, the app's colour filter included. A faded
    # grid (an inactive kernel) still goes through the cache, which fades it.
    app = create_app(lessons=LoadResult())
    async with app.run_test(size=(80, 24)) as pilot:
        x = np.arange(400, dtype=float).reshape(20, 20) - 200
        grid = GridView(x)
        grid.styles.scrollbar_size_horizontal = grid.styles.scrollbar_size_vertical = 0
        grid.styles.max_width, grid.styles.max_height = 30, 8
        await app.screen.mount(grid)
        await pilot.pause()
        grid.pan(5, 3)
        grid.set_marks(window=window_from_slices([slice(6, 9), slice(4, 7)], grid.shape))
        region = Region(0, 0, grid.size.width, grid.size.height)
        app._filters.append(Monochrome())  # as NO_COLOR gives: the lines must be grey
        assert grid._plain_box()
        drawn = [cells(strip) for strip in grid.render_lines(region)]
        grid._styles_cache.clear()
        textual = [cells(strip) for strip in grid._styles_cache.render_widget(grid, region)]
        assert drawn == textual
        assert any(char == "[" for char, _ in drawn[3])  # the window, panned into view

        grid.styles.text_opacity = 0.45
        assert not grid._plain_box()
        grid._styles_cache.clear()
        faded = [cells(strip) for strip in grid.render_lines(region)]
        assert faded != drawn
        grid._styles_cache.clear()
        assert faded == [cells(s) for s in grid._styles_cache.render_widget(grid, region)]


async def test_a_row_still_to_come_is_drawn_in_one_piece_of_the_grids_background() -> None:
    # The empty cells' dots and the spaces between them are one segment, and every space of
    # it shows the grid's background, as the separate spaces did.
    grid = GridView(engine.correlate2d(SLIDE_ROWS, VERTICAL))
    async with mounted(grid):
        grid.set_marks(filled=4)  # the first row done, the others to come
        row = [s for s in grid.render_line(2) if s.text.strip()]
        assert len(row) == 1 and row[0].text.split() == [EMPTY] * 4
        base = grid.rich_style
        assert row[0].style is not None and row[0].style.bgcolor == base.bgcolor
        assert cells(grid.render_line(2))[0] == (" ", row[0].style)


def test_a_space_looks_the_same_in_two_styles_only_with_one_background_and_no_lines() -> None:
    grey, muted = Style(bgcolor="grey11"), Style(color="grey50", bgcolor="grey11")
    assert _same_space(muted, grey)
    assert not _same_space(Style(color="grey50", bgcolor="grey15"), grey)
    assert not _same_space(Style(bgcolor="grey11", underline=True), grey)
    assert not _same_space(Style(bgcolor="grey11", reverse=True), grey)


class PaletteGrid(GridView):
    """A grid whose shades are a terminal palette's colours (ANSI), not RGB."""

    DEFAULT_CSS = "\n".join(
        f"PaletteGrid > .grid--{side}-{level} {{ color: ansi_red; background: ansi_blue; }}"
        for side in ("pos", "neg")
        for level in range(1, HEAT_LEVELS + 1)
    )


async def test_a_zoomed_grid_in_palette_colours_still_has_them_made_rgb() -> None:
    # The truecolor filter is skipped only while every style is RGB already; a palette colour
    # (here from CSS) must still reach the screen as the filter makes it, as Textual draws it.
    app = create_app(lessons=LoadResult())
    async with app.run_test(size=(80, 24)) as pilot:
        grid = PaletteGrid(np.arange(1.0, 41.0).reshape(4, 10))
        grid.styles.scrollbar_size_horizontal = grid.styles.scrollbar_size_vertical = 0
        await app.screen.mount(grid)
        await pilot.pause()
        region = Region(0, 0, grid.size.width, grid.size.height)
        drawn = [cells(strip) for strip in grid.render_lines(region)]
        grid._styles_cache.clear()
        textual = [cells(strip) for strip in grid._styles_cache.render_widget(grid, region)]
        assert drawn == textual
        colours = {style.color for _, style in drawn[0] if style is not None and style.color}
        assert colours and all(colour.triplet is not None for colour in colours)  # RGB on screen
