"""Bugs a new user hit in the quiz: the off-by-one advice, Enter on the feedback."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from textual.widgets import Input, Static

from engine import output_size, same_padding
from lessons.quiz.families import output_size_question, same_padding_question
from lessons.quiz.model import Question
from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.quiz import QuizScreen

SIZE = (100, 40)


def _off_by_one(question: Question, delta: int) -> str:
    """The diagnosis message for an answer ``delta`` away from the right one."""
    assert isinstance(question.answer, float)
    verdict = question.check(f"{question.answer + delta:g}")
    assert verdict.kind == "wrong" and verdict.diagnosis is not None
    return verdict.diagnosis.message


def test_output_size_seed_3_one_too_high_is_not_told_to_add_one() -> None:
    """The reported case: ``quiz --skill output-size --seed 3``, answered one too high."""
    question = output_size_question(3)
    high = _off_by_one(question, +1)
    assert "add 1" not in high.lower()
    assert "too high" in high or "too many" in high
    low = _off_by_one(question, -1)
    assert "add 1" in low.lower()


@pytest.mark.parametrize("seed", range(40))
def test_output_size_off_by_one_from_both_sides(seed: int) -> None:
    """One too high and one too low get different, matching advice, whichever else fits."""
    question = output_size_question(seed)
    extra = question.extra
    truth = output_size(
        extra["n"],
        extra["f"],
        stride=extra["stride"],
        padding=extra["padding"],
        dilation=extra["dilation"],
        ceil_mode=extra["ceil_mode"],
    )
    assert question.answer == truth
    by_value = {d.value: d for d in question.diagnoses}
    if truth + 1 in by_value and by_value[truth + 1].name == "off-by-one":
        assert "too high" in by_value[truth + 1].message
        assert "add 1" not in by_value[truth + 1].message.lower()
    if truth - 1 in by_value and by_value[truth - 1].name == "off-by-one":
        assert "too low" in by_value[truth - 1].message
        assert "add 1" in by_value[truth - 1].message.lower()


@pytest.mark.parametrize("seed", range(40))
def test_same_padding_off_by_one_from_both_sides(seed: int) -> None:
    """'Same' padding one too high makes the output bigger, one too low smaller."""
    question = same_padding_question(seed)
    n, f, d = question.extra["n"], question.extra["f"], question.extra["dilation"]
    p = same_padding(f, dilation=d)[0]  # f is odd here: the same on both sides
    assert question.answer == p
    for diagnosis in question.diagnoses:
        if diagnosis.name != "off-by-one":
            continue
        size = output_size(n, f, padding=int(diagnosis.value), dilation=d)
        if diagnosis.value > p:
            assert size > n and "too high" in diagnosis.message
        else:
            assert size < n and "too low" in diagnosis.message
        assert f"{size}×{size}" in diagnosis.message


def _quiz_app(**kwargs: object) -> CnnTutorApp:
    app = create_app(initial_screen=lambda: QuizScreen(**kwargs))  # type: ignore[arg-type]
    app._lessons = SimpleNamespace(lessons=[], errors=[])  # type: ignore[assignment]
    return app


@pytest.mark.parametrize("seed", [3, 21])
async def test_enter_on_the_feedback_opens_a_clean_question(seed: int) -> None:
    """Enter moves on without the same key press being read as an empty answer."""
    app = _quiz_app(skill="output-size", seed=seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        for _ in range(3):  # the report saw it three times in a row
            question = screen.session.question
            assert question is not None
            await pilot.press(*question.answer_text, "enter")
            await pilot.pause()
            assert screen.session.answered
            await pilot.press("enter")
            await pilot.pause()
            assert not screen.session.answered
            assert screen.session.question is not question
            message = screen.query_one("#quiz-message", Static)
            assert message.has_class("-empty"), str(message.render())
            assert screen.query_one("#quiz-answer", Input).has_focus


def _flatten_question() -> Question:
    from lessons import load_all
    from lessons.quiz.lesson_questions import lesson_items, lesson_question

    (item,) = [
        i
        for i in lesson_items(load_all().lessons)
        if "flattened row" in str(i.item.ask) and i.lesson.id == "040-torch-layers"
    ]
    return lesson_question(item)


def test_a_written_answer_question_shows_its_grid_and_a_hint_before_the_answer() -> None:
    """The flatten question ("which number comes third?") had no grid; its hint was the answer."""
    question = _flatten_question()
    assert question.answer == 3.0
    assert question.visual is not None and question.visual.picture
    assert question.visual.input.tolist() == [[2, 4], [3, 1], [3, 4]]  # the slide's 3x2 grid
    assert len(question.hints) >= 2
    assert "3" not in question.hints[0]  # the first tier helps without giving it away
    assert "row by row" in question.hints[0]
    assert question.hints[-1] == "The answer is 3."


async def test_the_flatten_question_draws_the_input_without_the_flattened_row() -> None:
    from lessons import load_all
    from lessons.quiz.lesson_questions import lesson_items, lesson_question

    app = create_app(initial_screen=lambda: QuizScreen(lesson="040-torch-layers", seed=0))
    lessons = load_all()
    app._lessons = lessons  # type: ignore[assignment]
    (item,) = [i for i in lesson_items(lessons.lessons) if "flattened row" in str(i.item.ask)]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        screen.session.sources = {"lesson": lambda seed: lesson_question(item)}
        await screen.ask()
        await pilot.pause()
        board = screen.query_one("#quiz-board")
        assert board.input_grids and not board.output_grids  # type: ignore[attr-defined]
        await pilot.press("3", "enter")
        await pilot.pause()
        answered = screen.query_one("#quiz-answer-board")
        assert answered.output_grids  # type: ignore[attr-defined]


async def test_every_written_answer_question_with_a_grid_can_be_drawn() -> None:
    """Each lesson question that now shows its scene's grid mounts both boards without error."""
    from lessons import load_all
    from lessons.quiz.lesson_questions import lesson_items, lesson_question
    from tui.app.widgets.quiz_board import QuizBoard

    lessons = load_all()
    pictures = [
        q
        for q in (lesson_question(i) for i in lesson_items(lessons.lessons))
        if q.visual is not None and q.visual.picture
    ]
    assert len(pictures) >= 10
    app = _quiz_app(skill="pooling", seed=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        host = app.screen.query_one("#quiz-worked")
        for question in pictures:
            await host.remove_children()
            await host.mount(QuizBoard(question, hide_answer=True))
            await host.mount(QuizBoard(question, hide_answer=False))
            await pilot.pause()
            hidden, shown = host.query(QuizBoard)
            assert shown.output_grids, question.key
            assert hidden.input_grids and not hidden.output_grids, question.key
