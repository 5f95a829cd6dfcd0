"""Draw a lesson screen headlessly, by the same app the tutor runs, for ``cnn-tutor export``."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from tui.app.app import create_app
from tui.app.svg_cells import place_glyphs


def render_svg(
    lesson_id: str,
    scene: int,
    step: int,
    size: tuple[int, int],
    *,
    lesson_dirs: Any = (),
    lessons: Any = None,
    title: str | None = None,
) -> str | None:
    """Render a lesson screen headlessly and return it as SVG that renders the same offline.

    Args:
        lesson_id: The lesson.
        scene: The scene, 0-based.
        step: The step within the scene.
        size: The terminal's (columns, lines).
        lesson_dirs: Extra lesson folders.
        lessons: The lessons already loaded (a ``LoadResult``), so they are not read twice.
        title: The SVG window's title.

    Returns:
        The SVG text, or None when the app exited before drawing the screen.
    """
    with tempfile.TemporaryDirectory(prefix="cnn-tutor-export-") as scratch:
        app = create_app(
            lesson_dirs=lesson_dirs,
            data_dir=scratch,
            open_lesson=(lesson_id, scene, step),
            lessons=lessons,
            fading=False,  # a slide shows the step itself, not the stepper's asking mode
        )
        svg: list[str] = []

        async def capture(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            svg.append(place_glyphs(app.export_screenshot(title=title)))
            app.exit()

        app.run(headless=True, size=size, auto_pilot=capture)
        return svg[0] if svg else None


def render_screen_svg(
    screen: Callable[[], Screen[Any]], size: tuple[int, int], *, title: str | None = None
) -> str | None:
    """Render a screen (on top of home) headlessly and return it as SVG.

    Args:
        screen: Makes the screen to draw (the playground, for ``cnn-tutor play --export``).
        size: The terminal's (columns, lines).
        title: The SVG window's title.

    Returns:
        The SVG text, or None when the app exited before drawing the screen.
    """
    with tempfile.TemporaryDirectory(prefix="cnn-tutor-export-") as scratch:
        app = create_app(data_dir=scratch, initial_screen=screen)
        svg: list[str] = []

        async def capture(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            svg.append(app.export_screenshot(title=title))
            app.exit()

        app.run(headless=True, size=size, auto_pilot=capture)
        return svg[0] if svg else None


__all__ = ["render_screen_svg", "render_svg"]
