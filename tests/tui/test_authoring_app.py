"""The app shows what authors add: a network scene's table and total, a scene's citation."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown

from lessons import load_paths
from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen

EXAMPLES = Path(__file__).resolve().parents[2] / "lessons" / "examples"
SIZE = (100, 32)


async def _open(path: Path, lesson_id: str, scene: int = 0) -> tuple[str, str, str]:
    """The narration, the formula line and the subtitle of a scene, once drawn."""
    app = create_app(lessons=load_paths([path]))
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(lesson_id, scene=scene)
        for _ in range(200):  # bounded: until the lesson screen has drawn its board
            await pilot.pause()
            screen = app.screen
            if isinstance(screen, LessonScreen) and screen.board is not None:
                narration = screen.query_one("#narration", Markdown).source
                if narration:
                    break
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.board is not None
        formula = str(screen.board.query_one("#formula").render())
        return screen.query_one("#narration", Markdown).source, formula, screen.sub_title


async def test_a_network_scene_shows_its_layers_and_total() -> None:
    narration, formula, _ = await _open(EXAMPLES / "network.yaml", "example-network")
    assert "| conv2 | 10x10x16 | 2,416 |" in narration  # torch: Conv2d(6, 16, 5) has 2416
    assert "**61,706**" in narration
    assert formula == "parameters: 61,706 in all"


async def test_a_citation_is_shown_with_its_scene_and_lesson() -> None:
    narration, _, subtitle = await _open(EXAMPLES / "pool2d.yaml", "example-pool2d", scene=2)
    assert "**Source:** torch.nn.AvgPool2d, https://pytorch.org/" in narration
    assert subtitle.startswith("Dive into Deep Learning")
