"""What the learner sees: a question, feedback on a wrong answer, hints, and the summary.

Fixed seeds, a fixed terminal size, no cursor blink (tests/conftest.py); the app is built through
``create_app`` exactly as ``cnn-tutor quiz`` builds it.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from textual.pilot import Pilot

from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.quiz import QuizScreen

SIZE = (100, 40)


def quiz_app(**screen_kwargs: Any) -> CnnTutorApp:
    app = create_app(initial_screen=lambda: QuizScreen(**screen_kwargs))
    app._lessons = SimpleNamespace(lessons=[], errors=[])  # type: ignore[assignment]
    # A still clock: FSRS due times and the answers' seconds (the Easy rating) never depend on
    # how fast the machine runs the test.
    app.store.clock = lambda: 1_700_000_000.0
    return app


class TestQuizSnapshots:
    def test_question(self, snap_compare: Any) -> None:
        """Deck 000 style: padding and a bias; the window is on the input, the cell is empty."""
        assert snap_compare(quiz_app(skill="next-cell", seed=3), terminal_size=SIZE)

    def test_feedback_on_a_wrong_answer(self, snap_compare: Any) -> None:
        """Forgot the bias: the diagnosis, the answer, and the stepper's board at that step."""

        async def answer_without_bias(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            await pilot.press("-", "4", "enter")  # the sum without the bias -1
            await pilot.pause()

        assert snap_compare(
            quiz_app(skill="next-cell", seed=3), terminal_size=SIZE, run_before=answer_without_bias
        )

    def test_hints(self, snap_compare: Any) -> None:
        """Two hint tiers: which window, then the list of products."""

        async def two_hints(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            await pilot.press("ctrl+t", "ctrl+t")
            await pilot.pause()

        assert snap_compare(
            quiz_app(skill="next-cell", seed=1), terminal_size=SIZE, run_before=two_hints
        )

    def test_summary(self, snap_compare: Any) -> None:
        """Mastery per skill after one right answer and one wrong one."""

        async def answer_twice_then_summary(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            screen = pilot.app.screen
            assert isinstance(screen, QuizScreen) and screen.session is not None
            question = screen.session.question
            assert question is not None
            await pilot.press(*question.answer_text, "enter")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("9", "9", "9", "9", "9", "enter")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()

        assert snap_compare(
            quiz_app(seed=7), terminal_size=SIZE, run_before=answer_twice_then_summary
        )
