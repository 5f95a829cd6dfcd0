"""Pilot tests: answering right, wrong and garbage, hints, moving on, and the summary."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from textual.widgets import DataTable, Input, Static

from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.quiz import MasteryScreen, QuizScreen

SIZE = (100, 40)


def quiz_app(**screen_kwargs: object) -> CnnTutorApp:
    """The real app (through the factory) opened on the quiz, with no lessons loaded."""
    app = create_app(initial_screen=lambda: QuizScreen(**screen_kwargs))  # type: ignore[arg-type]
    app._lessons = SimpleNamespace(lessons=[], errors=[])  # type: ignore[assignment]
    return app


def text_of(screen: object, selector: str) -> str:
    widget = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return str(widget.render())


def visible(screen: object, selector: str) -> bool:
    return not screen.query_one(selector).has_class("-empty")  # type: ignore[attr-defined]


async def type_answer(pilot: object, text: str) -> None:
    await pilot.press(*text, "enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_right_answer_is_recorded_and_shows_the_worked_board() -> None:
    app = quiz_app(skill="next-cell", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        question = screen.session.question
        assert question is not None and question.skill == "next-cell"
        # The question's board hides the asked cell: the answer is nowhere on screen yet.
        assert not visible(screen, "#quiz-feedback")
        assert screen.query("#quiz-board")
        await type_answer(pilot, question.answer_text)
        assert visible(screen, "#quiz-feedback")
        assert text_of(screen, "#quiz-verdict").startswith("✓ Right")
        assert screen.query("#quiz-answer-board")
        assert screen.query_one("#quiz-answer", Input).disabled
        (answer,) = app.store.answers()
        assert answer.correct and answer.skill == "next-cell" and answer.hints == 0
        state = app.store.mastery()["next-cell"]
        assert (state.attempts, state.correct, state.streak) == (1, 1, 1)
        assert answer.rating in (3, 4)  # Good, or Easy when answered within 15 s


async def test_wrong_answer_gets_the_answer_and_a_diagnosis() -> None:
    app = quiz_app(skill="next-cell", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        question = screen.session.question
        assert question is not None and question.extra["bias"] != 0  # seed 3 has a bias
        (forgot_bias,) = [d for d in question.diagnoses if d.name == "bias"]
        await type_answer(pilot, f"{forgot_bias.value:g}")
        assert text_of(screen, "#quiz-verdict").startswith("✗ Not quite")
        assert visible(screen, "#quiz-diagnosis")
        assert "bias" in text_of(screen, "#quiz-diagnosis")
        assert question.answer_text in text_of(screen, "#quiz-solution")
        (answer,) = app.store.answers()
        assert not answer.correct and answer.diagnosis == "bias"
        assert answer.rating == 1  # wrong with a diagnosis: Again
        assert app.store.mastery()["next-cell"].streak == 0


async def test_garbage_gets_a_gentle_message_and_another_try() -> None:
    app = quiz_app(skill="output-size", seed=11)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        await type_answer(pilot, "seven-ish")
        assert visible(screen, "#quiz-message")
        assert "not a number" in text_of(screen, "#quiz-message")
        assert not visible(screen, "#quiz-feedback")
        assert not screen.query_one("#quiz-answer", Input).disabled
        assert app.store.answers() == []
        question = screen.session.question
        assert question is not None
        await type_answer(pilot, question.answer_text)
        assert text_of(screen, "#quiz-verdict").startswith("✓ Right")
        assert not visible(screen, "#quiz-message")


async def test_hints_come_in_tiers_and_are_recorded() -> None:
    app = quiz_app(skill="pooling", seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        question = screen.session.question
        assert question is not None
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert text_of(screen, "#quiz-hints").startswith("Hint 1:")
        assert "pools rows" in text_of(screen, "#quiz-hints")  # tier 1: which window
        await type_answer(pilot, "?")  # typing ? asks for a hint too
        assert "Hint 2:" in text_of(screen, "#quiz-hints")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert f"Hint 3: {question.worked}" in text_of(screen, "#quiz-hints")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "No more hints" in text_of(screen, "#quiz-message")
        assert app.store.hints_used("pooling") == 3
        await type_answer(pilot, question.answer_text)
        assert "with 3 hints" in text_of(screen, "#quiz-verdict")
        (answer,) = app.store.answers()
        assert answer.correct and answer.hints == 3
        # A right answer leaning on two or more hints is rated Hard.
        assert answer.rating == 2


async def test_enter_after_feedback_asks_a_new_question() -> None:
    app = quiz_app(seed=21)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        first = screen.session.question
        assert first is not None
        await type_answer(pilot, first.answer_text)
        await pilot.press("enter")
        await pilot.pause()
        second = screen.session.question
        assert second is not None and second.key != first.key
        assert second.skill != first.skill  # equally due skills are interleaved
        assert not visible(screen, "#quiz-feedback")
        assert screen.query_one("#quiz-answer", Input).has_focus


async def test_same_seed_asks_the_same_questions() -> None:
    keys = []
    for _ in range(2):
        app = quiz_app(seed=99)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuizScreen) and screen.session is not None
            asked = [screen.session.question.key]  # type: ignore[union-attr]
            await pilot.press("ctrl+n")
            await pilot.pause()
            asked.append(screen.session.question.key)  # type: ignore[union-attr]
            keys.append(asked)
            app.store.reset()
    assert keys[0] == keys[1]


async def test_summary_lists_mastery_per_skill() -> None:
    app = quiz_app(skill="param-count", seed=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        question = screen.session.question
        assert question is not None
        await type_answer(pilot, question.answer_text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, MasteryScreen)
        table = summary.query_one(DataTable)
        row = table.get_row("param-count")
        state = app.store.mastery()["param-count"]
        assert row[2:4] == [f"{state.stability:.1f} d", "1/1"]
        assert table.row_count >= 7
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_unknown_skill_shows_a_message_not_a_crash() -> None:
    app = quiz_app(skill="juggling")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert "unknown skill 'juggling'" in text_of(screen, "#quiz-prompt")
        assert screen.session is None


@pytest.mark.parametrize("skill", ["edge-filter", "kernel-flip", "same-padding"])
async def test_every_family_can_be_answered_in_the_app(skill: str) -> None:
    app = quiz_app(skill=skill, seed=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        question = screen.session.question
        assert question is not None and question.skill == skill
        answer = str(question.answer) if question.is_choice else question.answer_text
        await type_answer(pilot, answer)
        assert text_of(screen, "#quiz-verdict").startswith("✓ Right")
