"""Deck 003's convolution layer (three features on one 9x9 image) at 160x50 shows the whole stack.

Before, the board showed one map at a time ("output map 1 of 3") at every size, and at 160x50 the
bottom half of the screen stayed blank: the scene is about one image becoming a *stack* of
filtered images. With the rows for it the board now draws one line per feature, kernel k = map k,
every map at full cell size; a short terminal keeps one map at a time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from textual.geometry import Region

from lessons import load_all
from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen
from tui.app.widgets.grid import GridView

SCENE = 6  # 030-xo scene 7, "Convolution layer: a stack of filtered images"


async def _board(pilot: Any, step: int) -> LessonScreen:
    app = pilot.app
    await app.workers.wait_for_complete()
    assert app.open_lesson("030-xo", scene=SCENE, step=step)
    for _ in range(50):  # until the board is mounted and arranged
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, LessonScreen) and screen.board is not None and screen.board._ready:
            break
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    return screen


def _shown(grids: list[GridView]) -> list[GridView]:
    return [grid for grid in grids if grid.display and not grid.has_class("-offstage")]


async def test_every_map_of_the_stack_shows_at_160x50(tmp_path: Any) -> None:
    scene = next(x for x in load_all().lessons if x.id == "030-xo").scenes[SCENE]
    kernels = np.asarray(scene.kernels)
    assert kernels.shape == (3, 3, 3)
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _board(pilot, 60)  # the second map under way
        board = screen.board
        assert board is not None and board.arrangement.mode == "bank"
        whole = Region(0, 0, 160, 50)
        outputs = _shown(board.output_grids)
        assert len(outputs) == 3
        assert all(whole.contains_region(grid.region) for grid in outputs)
        assert len(_shown(board.kernel_grids)) == 3
        # one line per feature: kernel k sits beside map k, the maps one under the other
        for k, (kernel, output) in enumerate(zip(board.kernel_grids, outputs, strict=True)):
            assert kernel.region.right <= output.region.x
            assert abs(kernel.region.y - output.region.y) <= 1
            if k:
                assert output.region.y >= outputs[k - 1].region.bottom
        # the active kernel is the second (step 60 of 3 x 49); the others are dimmed
        assert [grid.has_class("-inactive") for grid in board.kernel_grids] == [True, False, True]
        # map 1 is whole, at the deck's values (slide line 924: 0.77 -0.11 0.11 0.33 ...)
        first_row = outputs[0].render_line(0).text.split()
        assert first_row[:4] == ["0.77", "-0.11", "0.11", "0.33"]
        # the narration still sits beside the board
        assert screen.has_class("-beside")


async def test_a_short_terminal_keeps_one_map_at_a_time(tmp_path: Any) -> None:
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _board(pilot, 60)
        board = screen.board
        assert board is not None and board.arrangement.mode != "bank"
        assert len(_shown(board.output_grids)) == 1
