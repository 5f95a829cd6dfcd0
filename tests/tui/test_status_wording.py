"""The status line keeps the scene's title readable: the faded-examples mode takes a shorter
wording when the terminal is narrow.

At 80x24 a new learner's status line read "Scene… step 8/16 │ ‖ paused 1/s │ ✎ faded: 2 worked,
then you predict (f: off)": the title was squeezed to "Scene…".
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen


def _line(widget: Static) -> str:
    return widget.render_line(0).text.rstrip()


async def _status(pilot: Any) -> tuple[str, str]:
    app = pilot.app
    await app.workers.wait_for_complete()
    assert app.open_lesson("000-convolution", scene=1, step=8)
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    assert screen.fade.active and screen.predicting  # a new learner: faded examples on
    assert "step 8/16" in str(screen.query_one("#scrub").render())  # the scrub bar's end
    scene = _line(screen.query_one("#status-scene", Static))
    step = _line(screen.query_one("#status-step", Static))
    return scene, step


async def test_at_80x24_the_faded_mode_is_short_and_the_title_reads(tmp_path: Any) -> None:
    app = create_app(data_dir=tmp_path)  # fading on, as for a new learner
    async with app.run_test(size=(80, 24)) as pilot:
        scene, step = await _status(pilot)
        assert scene == "Scene 2/14: Convolution: a 3x3 filter over a 6x6 grid"  # whole
        assert step == "‖ 1/s │ ✎ faded (f)"  # the scrub bar under the board says step 8/16


@pytest.mark.parametrize("size", [(120, 40), (160, 50)], ids=["120x40", "160x50"])
async def test_wider_the_mode_says_more_and_the_title_is_whole(
    size: tuple[int, int], tmp_path: Any
) -> None:
    app = create_app(data_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        scene, step = await _status(pilot)
        assert scene == "Scene 2/14: Convolution: a 3x3 filter over a 6x6 grid"
        assert "✎ faded: 2 worked" in step
        # "step 8/16" is said once, at the scrub bar's end: the status line used to repeat it
        assert "step" not in step
        if size[0] >= 160:
            assert "✎ faded: 2 worked, then you predict (f: off)" in step
