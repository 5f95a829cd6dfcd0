"""The quiz at 80x24 and 160x50: moving on between board questions never crashes, nothing is
cut off on the right, and a garbage answer keeps the question in view with its gentle message."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from textual.geometry import Region
from textual.widgets import DataTable, Input, Static

from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.quiz import MasteryScreen, QuizScreen
from tui.app.widgets.quiz_board import QuizBoard


def quiz_app(**screen_kwargs: object) -> CnnTutorApp:
    app = create_app(initial_screen=lambda: QuizScreen(**screen_kwargs))  # type: ignore[arg-type]
    app._lessons = SimpleNamespace(lessons=[], errors=[])  # type: ignore[assignment]
    return app


def in_view(widget: Any, size: tuple[int, int]) -> bool:
    """Whether the widget is drawn whole within the terminal (not scrolled off, not cut)."""
    region = widget.region
    return region.area > 0 and Region(0, 0, *size).contains_region(region)


async def test_next_question_between_board_questions_never_crashes() -> None:
    # Every next-cell question has a board: each ctrl+n replaces one board with another.
    app = quiz_app(skill="next-cell", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        for _ in range(4):
            await pilot.press("ctrl+n")  # no pause between: the old board is still mounted
        await pilot.pause()
        assert app.screen is screen and len(screen.query(QuizBoard)) == 1
        question = screen.session.question  # type: ignore[union-attr]
        assert question is not None
        await pilot.press(*question.answer_text, "enter", "enter", "ctrl+n")
        await pilot.pause()
        assert app.screen is screen and len(screen.query(QuizBoard)) == 1


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_garbage_keeps_the_question_and_the_message_in_view(size: tuple[int, int]) -> None:
    app = quiz_app(skill="next-cell", seed=3)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press(*"banana", "enter")
        await pilot.pause()
        message = screen.query_one("#quiz-message", Static)
        assert "not a number" in str(message.render())
        for selector in ("#quiz-prompt", "#quiz-answer", "#quiz-message", "#quiz-board"):
            assert in_view(screen.query_one(selector), size), selector
        assert screen.query_one("#quiz-answer", Input).has_focus


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_feedback_and_summary_fit_the_width(size: tuple[int, int]) -> None:
    app = quiz_app(skill="next-cell", seed=3)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("9", "9", "9", "enter")
        await pilot.pause()
        for selector in ("#quiz-verdict", "#quiz-solution", "#quiz-next", "#quiz-answer-board"):
            assert screen.query_one(selector).region.right <= size[0], selector
        assert in_view(screen.query_one("#quiz-next"), size)
        await pilot.press("ctrl+s")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, MasteryScreen)
        table = summary.query_one(DataTable)
        assert in_view(table, size) and table.virtual_size.width <= table.region.width
        for selector in ("#mastery-session", "#mastery-notice"):
            assert in_view(summary.query_one(selector), size), selector


async def test_under_a_tall_board_hints_and_messages_keep_the_answer_box_in_view() -> None:
    # Deck 004's exercise 4: a 7x7 padded image, its kernel and a 5x5 map fill 80x24.
    app = create_app(
        initial_screen=lambda: QuizScreen(lesson="040-torch-layers", skill="lesson", seed=1)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.query(QuizBoard)
        await pilot.press(*"zzz", "enter")
        await pilot.pause()
        assert in_view(screen.query_one("#quiz-message"), (80, 24))
        assert in_view(screen.query_one("#quiz-answer"), (80, 24))
        await pilot.press("ctrl+t", "ctrl+t")
        await pilot.pause()
        assert in_view(screen.query_one("#quiz-answer"), (80, 24))
        hints = screen.query_one("#quiz-hints")
        assert hints.region.bottom == screen.query_one("#quiz-answer").region.y - 1  # just above
