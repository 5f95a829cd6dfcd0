"""The stepper in a terminal-palette (``ansi``) theme and under ``NO_COLOR``: snapshots, and the
heatmap's shades in every built-in theme."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.lesson import LessonScreen
from tui.app.widgets.grid import GridView

SIZE = (80, 24)
DECK000 = ("000-convolution", 1, 8)
"""Deck 000's 6x6 example with the vertical filter, at step 8 of 16 (the README's screenshot)."""


async def settle(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await app.workers.wait_for_complete()
    for _ in range(1000):
        screen = app.screen
        if (
            isinstance(screen, LessonScreen)
            and screen.board is not None
            and all(grid.region.width for grid in screen.query(GridView))
        ):
            break
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    assert (screen.scene, screen.step) == DECK000[1:]


def stepper(theme: str | None = None) -> CnnTutorApp:
    app = create_app(open_lesson=DECK000)
    if theme is not None:
        app.theme = theme
    return app


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light"])
def test_stepper_in_an_ansi_theme(theme: str, snap_compare: Any) -> None:
    assert snap_compare(stepper(theme), terminal_size=SIZE, run_before=settle)


def test_stepper_with_no_color(monkeypatch: pytest.MonkeyPatch, snap_compare: Any) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = stepper()
    assert app.no_color
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


async def test_heatmap_follows_every_builtin_theme() -> None:
    """In each theme, positive and negative, faint and strong, and zero all draw apart."""
    from textual.theme import BUILTIN_THEMES

    app = stepper()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query(GridView).first()
        assert set(BUILTIN_THEMES) <= set(app.available_themes)
        looks: dict[str, tuple[object, ...]] = {}
        for name in sorted(app.available_themes):
            app.theme = name
            await pilot.pause()

            def look(component: str) -> tuple[object, object]:
                style = grid.get_component_rich_style(component)
                return (style.bgcolor, style.color)

            zero, pos1, pos4 = look("grid--zero"), look("grid--pos-1"), look("grid--pos-4")
            neg1, neg4 = look("grid--neg-1"), look("grid--neg-4")
            assert len({zero, pos1, pos4, neg1, neg4}) == 5, name
            looks[name] = (pos1, pos4, neg1, neg4)
        # the shades come from each theme's own variables: themes differ from one another
        assert len(set(looks.values())) > len(looks) // 2


async def test_no_color_heatmap_drops_the_shades_and_keeps_the_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = stepper()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query(GridView).first()
        cell = grid.get_component_rich_style("grid--cell", partial=True)
        for level in (1, 4):
            for sign in ("pos", "neg"):
                style = grid.get_component_rich_style(f"grid--{sign}-{level}", partial=True)
                assert style.bgcolor is None or style.bgcolor == cell.bgcolor
        window = grid.get_component_rich_style("grid--window", partial=True)
        assert window.bold
        assert grid.get_component_rich_style("grid--current", partial=True).reverse
