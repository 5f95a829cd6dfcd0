"""060-photographs' Sobel gradient-magnitude scene: it loads, steps, narrates and is drawn.

The expected numbers are torch's: ``conv2d`` of the cameraman with deck 002's Sobel kernels
(written out here), then the square root of the sum of squares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from photo_scene_helpers import lesson_screen
from textual.pilot import Pilot

from lessons import LessonError, load_all, load_text
from lessons.pictures import load_picture
from lessons.playback import prepare
from tui.app.app import create_app
from tui.app.widgets.code_lines import CodeLines
from tui.app.widgets.picture import FillingPicture

SOBEL = [[[[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]],
         [[[1.0, 2.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -2.0, -1.0]]]]  # fmt: skip


def scene_index() -> int:
    lesson = next(lesson for lesson in load_all().lessons if lesson.id == "060-photographs")
    kinds = [scene.kind for scene in lesson.scenes]
    assert kinds.count("gradient-magnitude") == 1
    return kinds.index("gradient-magnitude")


def torch_sobel() -> tuple[np.ndarray, np.ndarray]:
    image = torch.from_numpy(load_picture("camera").copy())[None, None]
    g = F.conv2d(image, torch.tensor(SOBEL, dtype=torch.float64))[0]
    return g[0].numpy(), g[1].numpy()


def test_the_scene_is_the_sobel_magnitude_of_the_cameraman() -> None:
    lesson = next(lesson for lesson in load_all().lessons if lesson.id == "060-photographs")
    playback = prepare(lesson.scenes[scene_index()])
    gx, gy = torch_sobel()
    assert playback.output is not None and playback.output.shape == (126, 126)
    np.testing.assert_allclose(playback.output, np.sqrt(gx**2 + gy**2), rtol=1e-12)
    assert playback.steps == 126 * 126
    assert playback.kernel is not None and playback.kernel.shape == (2, 3, 3)
    assert playback.formula == "⌊(128 + 2·0 − 3)/1⌋ + 1 = 126"


@pytest.mark.parametrize(
    ("kernels", "words"),
    [
        ("[[1, 0, -1], [2, 0, -2], [1, 0, -1]]", "two kernels of one shape"),
        ("[[[1, 0]], [[1, 0]], [[0, 1]]]", "two kernels of one shape"),
    ],
)
def test_kernels_that_are_not_a_pair_are_refused_in_one_line(kernels: str, words: str) -> None:
    text = f"""id: gm
title: GM
summary: x
source: {{title: t}}
scenes:
  - kind: gradient-magnitude
    input: [[0, 0, 9], [0, 0, 9], [0, 0, 9]]
    kernels: {kernels}
"""
    with pytest.raises(LessonError) as info:
        load_text(text, "gm.yaml")
    message = str(info.value)
    assert "\n" not in message and words in message and "kernels" in message
    assert "gm.yaml:8" in message  # the line of the key


async def test_the_scene_steps_and_the_board_writes_each_cells_root() -> None:
    app = create_app(open_lesson=("060-photographs", scene_index(), 0), fading=False)
    gx, gy = torch_sobel()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        screen = await lesson_screen(pilot)
        output = screen.query_one(FillingPicture)
        arithmetic = screen.query_one("#arithmetic", CodeLines)
        for k in range(1, 4):
            await pilot.press("right")
            assert screen.step == k and output.filled == k
            i, j = divmod(k - 1, 126)
            x, y = int(gx[i, j]), int(gy[i, j])
            sx = f"({x})²" if x < 0 else f"{x}²"
            sy = f"({y})²" if y < 0 else f"{y}²"
            root = f"{np.hypot(x, y):.1f}".removesuffix(".0")
            expected = f"√(Gx² + Gy²) = √({sx} + {sy}) = {root}"
            assert str(arithmetic.render()) == expected


Snap = Callable[..., bool]


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await lesson_screen(pilot)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_midway(size: tuple[int, int], snap_compare: Snap) -> None:
    """Row 40 of 126 filled: the picture's top third is the edge map, the rest still blank."""
    app = create_app(open_lesson=("060-photographs", scene_index(), 40 * 126 + 60), fading=False)
    assert snap_compare(app, terminal_size=size, run_before=_settle)
