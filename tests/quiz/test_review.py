"""Interleaved review: home says what is due, Review mixes the due skills, and only a review
makes a skill mastered."""

from __future__ import annotations

from types import SimpleNamespace

from textual.widgets import OptionList, Static

from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.home import REVIEW
from tui.app.screens.quiz import QuizScreen

SIZE = (100, 40)
DAY = 86400.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def app_with_history(clock: Clock) -> CnnTutorApp:
    """Two skills practised three days ago (right at once: Easy), so both are due now."""
    app = create_app()
    app._lessons = SimpleNamespace(lessons=[], errors=[])  # type: ignore[assignment]
    app.store.clock = clock
    for skill in ("pooling", "output-size"):
        app.store.record_answer(skill, f"{skill}:0", "1", True, seconds=2.0)
    clock.now += 30 * DAY
    return app


async def test_home_says_what_is_due_and_review_mixes_the_due_skills() -> None:
    clock = Clock()
    app = app_with_history(clock)
    assert set(app.store.due()) == {"pooling", "output-size"}
    assert not any(state.mastered for state in app.store.mastery().values())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home_list = app.screen.query_one("#home-list", OptionList)
        review = str(home_list.get_option(REVIEW).prompt)
        assert "2 skills due" in review and "Pooling" in review and "Output size" in review
        home_list.highlighted = home_list.get_option_index(REVIEW)
        await pilot.press("enter")
        for _ in range(500):
            if isinstance(app.screen, QuizScreen) and app.screen.session is not None:
                break
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.review and screen.session is not None
        asked = []
        for _ in range(2):
            question = screen.session.question
            assert question is not None
            asked.append(question.skill)
            answer = str(question.answer) if question.is_choice else question.answer_text
            await pilot.press(*answer, "enter")
            await pilot.pause()
            assert screen.session.answered
            await pilot.press("enter")
            await pilot.pause()
        assert sorted(asked) == ["output-size", "pooling"]  # one of each, not one skill twice
        prompt = str(screen.query_one("#quiz-prompt", Static).render())
        assert "Review done: 2 right of 2" in prompt
        assert app.store.due() == []
        known = app.store.mastery()
        assert known["pooling"].mastered and known["output-size"].mastered
        assert all(a.review for a in app.store.answers()[2:])


async def test_practice_outside_a_review_never_masters() -> None:
    clock = Clock()
    app = app_with_history(clock)
    app._initial_screen = lambda: QuizScreen(skill="pooling", seed=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        question = screen.session.question
        assert question is not None
        answer = str(question.answer) if question.is_choice else question.answer_text
        await pilot.press(*answer, "enter")
        await pilot.pause()
        assert screen.session.verdict is not None and screen.session.verdict.right
        assert not app.store.mastery()["pooling"].mastered
