"""Quiz screens: one question at a time, and the mastery summary.

:class:`QuizScreen` asks, takes the answer in an :class:`~textual.widgets.Input`, hands out hints
in tiers, and then shows right or wrong, the diagnosis of a wrong number, and the correct answer
with its worked arithmetic in the same grid view the stepper shows. :class:`MasteryScreen` lists
mastery per skill. All the logic lives in :class:`~lessons.quiz.session.QuizSession`.
"""

from __future__ import annotations

import random
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from lessons.quiz.catalog import SelectionError, quiz_sources, skill_titles
from lessons.quiz.model import Question, Verdict
from lessons.quiz.session import HINT_WORDS, QuizSession
from tui.app.navigation import tutor
from tui.app.widgets.grid import GridView
from tui.app.widgets.quiz_board import QuizBoard


def _lessons_of(app: Any) -> list[Any]:
    """The app's loaded lessons; none when they cannot be loaded (the families still work)."""
    try:
        lessons = getattr(app, "lessons", None)
    except Exception:  # a broken lesson package must not take the quiz down with it
        return []
    return list(getattr(lessons, "lessons", None) or [])


class QuizScreen(Screen[None]):
    """Self-paced practice: one question at a time, answers computed by the engine."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding(
            "ctrl+t",
            "hint",
            "Hint",
            priority=True,
            tooltip="Show the next hint tier",
            id="quiz.hint",
        ),
        Binding(
            "ctrl+n",
            "next_question",
            "Next",
            priority=True,
            tooltip="Next question (or skip)",
            id="quiz.next_question",
        ),
        Binding(
            "ctrl+s",
            "summary",
            "Mastery",
            priority=True,
            tooltip="Mastery per skill (summary)",
            id="quiz.summary",
        ),
        Binding(
            "escape", "back", "Back", key_display="esc", tooltip="Leave the quiz", id="quiz.back"
        ),
    ]

    def __init__(
        self,
        *,
        lesson: str | None = None,
        skill: str | None = None,
        seed: int | None = None,
        review: bool = False,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        """Open a quiz.

        Args:
            lesson: Only this lesson's questions and the families its scenes practise.
            skill: Only this skill.
            seed: Make the questions reproducible (None: a fresh random sequence).
            review: An interleaved review of the skills due (until none is), where mastery is
                earned.
            name: The screen's name.
            id: The screen's id.
        """
        super().__init__(name=name, id=id)
        self.lesson = lesson
        self.skill = skill
        self.seed = seed
        self.review = review
        self.session: QuizSession | None = None

    # ------------------------------------------------------------------ composing
    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="quiz-body"):
            yield Static("", id="quiz-meta", markup=False)
            yield Static("", id="quiz-prompt", markup=False)
            yield Vertical(id="quiz-visual")
            yield Horizontal(id="quiz-choices")
            yield Static("", id="quiz-hints", markup=False, classes="-empty")
            yield Input(placeholder="", id="quiz-answer")
            yield Static("", id="quiz-message", markup=False, classes="-empty")
            with Vertical(id="quiz-feedback", classes="-empty"):
                yield Static("", id="quiz-verdict", markup=False)
                yield Static("", id="quiz-diagnosis", markup=False, classes="-empty")
                yield Static("", id="quiz-solution", markup=False)
                yield Vertical(id="quiz-worked")
                yield Static(
                    "Enter or ctrl+n: next question · ctrl+s: mastery · esc: back",
                    id="quiz-next",
                    markup=False,
                )
        yield Footer()

    async def on_mount(self) -> None:
        """Build the session and ask the first question."""
        self.title = "Review" if self.review else "Quiz"
        try:
            sources = quiz_sources(_lessons_of(self.app), lesson=self.lesson, skill=self.skill)
        except SelectionError as error:
            self._show_prompt(f"No quiz: {error}.")
            self.query_one("#quiz-answer", Input).display = False
            return
        seed = self.seed if self.seed is not None else random.randrange(2**31)
        store = tutor(self.app).store
        self.session = QuizSession(store, sources, seed=seed, review=self.review)
        await self.ask()

    # ------------------------------------------------------------------ asking
    async def ask(self) -> None:
        """Draw the next question and show it.

        The old board goes before the new one mounts (awaited): both carry the same id.
        """
        if self.session is None:
            return
        if self.session.finished:
            await self._review_done()
            return
        question = self.session.next_question()
        self._show_prompt(question.prompt)
        self._update_meta()
        visual = self.query_one("#quiz-visual", Vertical)
        await visual.remove_children()
        await self.query_one("#quiz-worked", Vertical).remove_children()
        if question.visual is not None:
            await visual.mount(QuizBoard(question, hide_answer=True, id="quiz-board"))
        choices = self.query_one("#quiz-choices", Horizontal)
        await choices.remove_children()
        choices.set_class(not question.choices, "-empty")
        await choices.mount_all([self._choice_widget(question, c) for c in question.choices])
        self._set_hints([])
        self._message(None)
        self.query_one("#quiz-feedback").add_class("-empty")
        answer = self.query_one("#quiz-answer", Input)
        answer.value = ""
        answer.disabled = False
        keys = ", ".join(c.key for c in question.choices)
        answer.placeholder = (
            f"type the letter: {keys}" if question.is_choice else "your answer: -7, 0.55 or 7/9"
        )
        answer.placeholder += "   (? + Enter for a hint)"
        answer.focus()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)

    async def _review_done(self) -> None:
        """Nothing is due any more: say so, with the session's counts."""
        assert self.session is not None
        tally = self.session.tally
        self.session.question = None
        await self.query_one("#quiz-visual", Vertical).remove_children()
        await self.query_one("#quiz-choices", Horizontal).remove_children()
        self.query_one("#quiz-feedback").add_class("-empty")
        self._set_hints([])
        self._message(None)
        if tally.answered:
            done = f"Review done: {tally.right} right of {tally.answered}. Nothing else is due."
        else:
            done = "Nothing is due for review now. Practise with Quiz, or come back later."
        self._show_prompt(done + "\nctrl+s: mastery · esc: back")
        self.query_one("#quiz-meta", Static).update("Review")
        answer = self.query_one("#quiz-answer", Input)
        answer.display = False

    def _choice_widget(self, question: Question, choice: Any) -> Vertical:
        children: list[Any] = [Label(f"{choice.key})", classes="choice-key", markup=False)]
        if choice.grid is not None:
            children.append(GridView(choice.grid, heat=False, classes="choice-grid"))
        else:
            children.append(Label(choice.text, classes="choice-text", markup=False))
        return Vertical(*children, classes="choice")

    def _show_prompt(self, text: str) -> None:
        self.query_one("#quiz-prompt", Static).update(text)

    def _update_meta(self) -> None:
        session = self.session
        if session is None or session.question is None:
            return
        question = session.question
        title = skill_titles().get(question.skill, question.skill)
        tally = session.tally
        from lessons.quiz.mastery import due_text, recall_text

        store = session.store
        state = store.mastery().get(question.skill)
        if state is None:
            known = "new skill"
        else:
            now = store.clock()
            recall = recall_text(state.retrievability(now), state.retrievability(now + 86400.0))
            known = f"{recall}, due {due_text(state.due, now)}"
            known += " · mastered" if state.mastered else ""
        mode = "Review · " if session.review else ""
        text = f"{mode}{title} · {known} · this session: {tally.right} right of {tally.answered}"
        self.query_one("#quiz-meta", Static).update(text)

    def _set_hints(self, hints: list[str]) -> None:
        widget = self.query_one("#quiz-hints", Static)
        widget.update("\n".join(f"Hint {i + 1}: {h}" for i, h in enumerate(hints)))
        widget.set_class(not hints, "-empty")
        if hints:
            self._keep_answer_in_view()

    def _message(self, text: str | None) -> None:
        widget = self.query_one("#quiz-message", Static)
        widget.update(text or "")
        widget.set_class(not text, "-empty")
        if text:
            self._keep_answer_in_view()

    def _keep_answer_in_view(self) -> None:
        """Scroll (after the layout) so the answer box and the message under it show.

        A hint above the box pushes it down, and the message sits below it: under a tall board
        on a short terminal either would land out of view.
        """
        message = self.query_one("#quiz-message", Static)
        answer = self.query_one("#quiz-answer", Input)
        target = answer if message.has_class("-empty") else message

        def reveal() -> None:
            if not answer.disabled:
                target.scroll_visible(animate=False)

        self.call_after_refresh(reveal)

    # ------------------------------------------------------------------ actions
    def action_hint(self) -> None:
        """Show the next hint tier (recorded in the store)."""
        session = self.session
        if session is None or session.question is None or session.answered:
            return
        if session.hint() is None:
            self._message("No more hints: the last one was the answer itself.")
            return
        self._set_hints(list(session.question.hints[: session.hints_shown]))
        self._message(None)

    @on(Input.Submitted, "#quiz-answer")
    async def submit(self, event: Input.Submitted) -> None:
        """Judge what was typed (``?`` asks for a hint)."""
        event.stop()
        session = self.session
        if session is None or session.answered:
            return
        text = event.value
        if text.strip().lower() in HINT_WORDS:
            event.input.value = ""
            self.action_hint()
            return
        verdict = session.answer(text)
        if verdict.kind == "invalid":
            self._message(verdict.message)
            event.input.value = ""
            return
        await self.show_feedback(verdict)

    async def show_feedback(self, verdict: Verdict) -> None:
        """Show right or wrong, the diagnosis, and the worked answer in the stepper's view."""
        session = self.session
        assert session is not None and session.question is not None
        question = session.question
        self._message(None)
        answer = self.query_one("#quiz-answer", Input)
        answer.disabled = True
        feedback = self.query_one("#quiz-feedback")
        feedback.remove_class("-empty")
        feedback.set_class(verdict.right, "-right")
        feedback.set_class(not verdict.right, "-wrong")
        if verdict.right:
            used = f" (with {session.hints_shown} hint{'s' * (session.hints_shown != 1)})"
            line = "✓ Right!" + (used if session.hints_shown else "")
        else:
            line = f"✗ Not quite: you answered {verdict.given}."
        self.query_one("#quiz-verdict", Static).update(line)
        diagnosis = self.query_one("#quiz-diagnosis", Static)
        diagnosis.update(verdict.diagnosis.message if verdict.diagnosis else "")
        diagnosis.set_class(verdict.diagnosis is None, "-empty")
        solution = f"Answer: {question.answer_text}"
        if question.visual is None or question.visual.trace is None:
            solution += f"\n{question.worked}"  # a board with a trace writes the arithmetic
        self.query_one("#quiz-solution", Static).update(solution)
        worked = self.query_one("#quiz-worked", Vertical)
        await worked.remove_children()
        if question.visual is not None:
            await self.query_one("#quiz-visual", Vertical).remove_children()
            await worked.mount(QuizBoard(question, hide_answer=False, id="quiz-answer-board"))
        self._update_meta()
        self.set_focus(None)
        self.call_after_refresh(
            self.query_one("#quiz-body", VerticalScroll).scroll_end, animate=False
        )

    async def action_next_question(self) -> None:
        """Ask the next question (an open one is skipped, not recorded)."""
        await self.ask()

    async def key_enter(self, event: events.Key) -> None:
        """Enter after the feedback moves on.

        The key stops here: left to bubble, the app would look for an ``enter`` binding after
        :meth:`ask` has focused the new question's input, and submit it empty.
        """
        if self.session is not None and self.session.answered:
            event.stop()
            event.prevent_default()
            await self.ask()

    def action_summary(self) -> None:
        """Open the mastery summary."""
        tally = self.session.tally if self.session is not None else None
        self.app.push_screen(MasteryScreen(tally=tally))

    def action_back(self) -> None:
        """Leave the quiz."""
        self.dismiss(None)


class MasteryScreen(Screen[None]):
    """Per skill: FSRS recall and stability, right answers, hints, when each skill is due."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding(
            "escape,q", "back", "Back", key_display="esc", tooltip="Back", id="quiz_summary.back"
        )
    ]

    def __init__(
        self, *, tally: Any = None, now: float | None = None, name: str | None = None
    ) -> None:
        """Make the summary.

        Args:
            tally: This session's counts (:class:`~lessons.quiz.session.Tally`), or None.
            now: The time "due" is measured from (tests fix it); None: the store's clock.
            name: The screen's name.
        """
        super().__init__(name=name)
        self.tally = tally
        self.now = now

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="mastery-body"):
            yield Static("", id="mastery-session", markup=False)
            yield DataTable(id="mastery-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="mastery-notice", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table from the store."""
        from lessons.quiz.mastery import bar, mastery_rows

        self.title = "Mastery"
        store = tutor(self.app).store
        table = self.query_one(DataTable)
        table.add_columns("skill", "recall", "stability", "right", "hints", "due")
        for row in mastery_rows(store, now=self.now):
            table.add_row(
                row.title + (" ✓" if row.mastered else ""),
                f"{bar(row.retrievability)} {row.retrievability:>4.0%}",
                f"{row.stability:.1f} d" if row.stability is not None else "-",
                f"{row.correct}/{row.attempts}",
                str(row.hints),
                row.due,
                key=row.skill,
            )
        if self.tally is not None:
            text = (
                f"This session: {self.tally.right} right, {self.tally.wrong} wrong, "
                f"{self.tally.hints} hints."
            )
        else:
            text = (
                "Recall is FSRS's chance you remember a skill now; a skill is mastered (✓) "
                "through a right answer without hints in a mixed review."
            )
        self.query_one("#mastery-session", Static).update(text)
        saved = "Saved in progress.db" if store.path is not None else "Kept in memory only"
        notice = store.notice or f"{saved}; `cnn-tutor progress` prints this table too."
        self.query_one("#mastery-notice", Static).update(notice)

    def action_back(self) -> None:
        """Back to the quiz."""
        self.dismiss(None)


__all__ = ["MasteryScreen", "QuizScreen"]
