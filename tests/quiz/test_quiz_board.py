"""The quiz's board draws every kind of question, and hides the answer until it is given."""

from __future__ import annotations

from typing import Any

import numpy as np
from textual.app import App, ComposeResult
from textual.containers import Vertical

from lessons import load_all
from lessons.quiz.families import SKILLS, generate
from lessons.quiz.lesson_questions import lesson_items, lesson_question
from lessons.quiz.model import Question
from tui.app.widgets.code_lines import CodeLines
from tui.app.widgets.quiz_board import QuizBoard


def representatives() -> list[Question]:
    """One question per (kind, input axes, output axes): every shape of board the quiz draws."""
    questions = [generate(skill, seed) for skill in SKILLS for seed in range(3)]
    questions += [lesson_question(item) for item in lesson_items(load_all().lessons)]
    chosen: dict[tuple[str, int, int], Question] = {}
    for q in questions:
        v = q.visual
        if v is None:
            continue
        outputs = np.asarray(v.output).ndim if v.output is not None else 0
        chosen.setdefault((v.kind, np.asarray(v.input).ndim, outputs), q)
    return list(chosen.values())


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Vertical(id="host")


async def test_board_hides_then_shows_the_answer() -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        host = app.query_one("#host")
        for question in representatives():
            hidden = QuizBoard(question, hide_answer=True)
            await host.mount(hidden)
            await pilot.pause()
            assert str(hidden.query_one("#arithmetic", CodeLines).render()) == "", question.key
            step: Any = question.visual.step  # type: ignore[union-attr]
            if step is not None and hidden.output_grids:
                # The asked cell (and every later one) is still empty, and no winner is marked.
                filled = [g.filled for g in hidden.output_grids]
                assert sum(f or 0 for f in filled) == step.index, question.key
                assert all(g.winner is None for g in hidden.input_grids), question.key
            await hidden.remove()
            shown = QuizBoard(question, hide_answer=False)
            await host.mount(shown)
            await pilot.pause()
            if step is not None:
                text = str(shown.query_one("#arithmetic", CodeLines).render())
                assert text == step.text, question.key
            await shown.remove()
