"""The help at 80x24 and 160x50: long descriptions wrap under themselves instead of being cut,
every key lines up in one column, and the quiz's and the training panel's keys are listed."""

from __future__ import annotations

import pytest
from textual.widgets import Label

from tui.app.app import create_app
from tui.app.screens.help import HelpScreen


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_help_wraps_long_descriptions_and_aligns_the_keys(size: tuple[int, int]) -> None:
    app = create_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        body = help_screen.query_one("#help-body")
        assert body.region.right <= size[0]
        inner = body.content_region
        keys = list(help_screen.query(".help-key").results(Label))
        whats = list(help_screen.query(".help-what").results(Label))
        assert len(keys) == len(whats) > 20
        assert len({label.region.x for label in whats}) == 1  # one column for every section
        for key, what in zip(keys, whats, strict=True):
            assert key.region.right <= what.region.x  # "click an output cell" included
            assert what.region.right <= inner.right
            text = str(what.render())
            if len(text) > what.region.width:  # too long for the line: wrapped, not cut
                assert what.region.height > 1
        text = help_screen.text
        assert "Training panel" in text and "Train one batch, then stop" in text
        assert "Quiz" in text and "Show the next hint tier" in text
