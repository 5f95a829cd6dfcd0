"""The lesson screen at 80x24 with a tall board (deck 004's exercise 4 and its long erratum):
the narration keeps its share of the screen and the board scrolls to its erratum."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Region

from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen


async def test_a_tall_board_scrolls_and_leaves_the_narration_in_view() -> None:
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        assert app.open_lesson("040-torch-layers", scene=27, step=8)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        narration = screen.query_one("#narration-box", VerticalScroll)
        whole = Region(0, 0, 80, 24)
        assert whole.contains_region(narration.region) and narration.region.height >= 5
        stage = screen.query_one("#stage")
        assert stage.max_scroll_y > 0  # the erratum is below: the board scrolls to it
        stage.scroll_end(animate=False)
        await pilot.pause()
        erratum = screen.query_one("#erratum")
        assert stage.region.contains_region(erratum.region)
        assert "(5,4):486→-17" in " ".join(
            erratum.render_line(y).text for y in range(erratum.size.height)
        )
