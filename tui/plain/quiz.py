"""``cnn-tutor quiz --plain``: the quiz as plain lines, answers read from standard input.

Each question is written with its grids as text (the window in brackets), then ``Your answer``;
each line read is an answer, ``?`` (or ``h``, ``hint``) the next hint tier, ``q`` the end. A
wrong answer gets its diagnosis, every answer the worked solution, and the session ends with a
summary at ``q`` or at the end of input. Every answer is committed to ``progress.db`` before its
feedback is written, so a session killed midway loses no answer it has shown feedback for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from lessons.quiz.catalog import skill_titles
from lessons.quiz.mastery import due_text, recall_text
from lessons.quiz.model import Question, Verdict, Visual
from lessons.quiz.session import HINT_WORDS, QuizSession
from tui.plain.grids import titled_grids
from tui.terminal_text import printable

DAY = 86400.0  # seconds

__all__ = ["QUIT_WORDS", "feedback_lines", "question_lines", "run_plain_quiz", "visual_lines"]

QUIT_WORDS = {"q", "quit", "exit"}
"""Typing one of these ends the session (as the end of input does)."""


def visual_lines(visual: Visual, *, answered: bool) -> list[str]:
    """What the grid view shows, as text: the input (window bracketed), the kernel.

    Args:
        visual: The question's picture.
        answered: After the answer a picture question also shows its filter's response.
    """
    playback = visual.playback
    fmt = playback.input_fmt
    lines: list[str] = []
    if playback.input is None:
        return lines
    padded = visual.padded if visual.playback.padded is not None else visual.input
    window = (visual.rows, visual.cols) if len(visual.rows) and len(visual.cols) else None
    pads = any(any(side) for side in visual.pad) if visual.pad else False
    title = "Input, padded" if pads else "Input"
    if visual.picture:
        lines += titled_grids("Image", visual.input, fmt=fmt)
    else:
        lines += titled_grids(title, padded, fmt=fmt, window=window)
    kernel = playback.kernel
    if kernel is not None and (answered or not visual.picture):
        lines += titled_grids("Kernel", kernel, fmt=playback.kernel_fmt)
    if answered and visual.picture and playback.output is not None:
        lines += titled_grids("Response", playback.output, fmt=playback.fmt)
    return lines


def question_lines(question: Question, number: int) -> list[str]:
    """Question ``number`` (1-based) as lines: title, prompt, grids, choices, how to answer."""
    title = skill_titles().get(question.skill, question.skill)
    lines = [f"Question {number} ({title}):", *question.prompt.splitlines()]
    if question.visual is not None:
        lines += visual_lines(question.visual, answered=False)
    lines += [f"{c.key}) {c.text}" for c in question.choices]
    how = "the letter" if question.is_choice else "a number such as -7, 0.55 or 7/9"
    if question.extra.get("text"):
        how = "your answer"
    lines.append(f"Your answer ({how}; ? for a hint, q to stop):")
    return [printable(line) for line in lines]


def feedback_lines(question: Question, verdict: Verdict, hints: int) -> list[str]:
    """Right or wrong, the diagnosis, the answer and its worked arithmetic."""
    if verdict.right:
        used = f" (with {hints} hint{'s' * (hints != 1)})" if hints else ""
        lines = [f"Right!{used}"]
    else:
        lines = [f"Not quite: you answered {verdict.given}."]
        if verdict.diagnosis is not None:
            lines.append(verdict.diagnosis.message)
    lines.append(f"Answer: {question.answer_text}")
    lines += [f"Worked: {line}" for line in question.worked.splitlines() if line.strip()]
    if question.visual is not None and question.visual.picture:
        lines += visual_lines(question.visual, answered=True)
    return [printable(line) for line in lines]


def _write(out: IO[str], lines: Iterable[str]) -> None:
    for line in lines:
        out.write(line + "\n")
    out.flush()


def summary_lines(session: QuizSession) -> list[str]:
    """The closing summary: this session's counts, then each skill asked, as FSRS has it now."""
    tally = session.tally
    lines = [
        f"Session: {tally.right} right, {tally.wrong} wrong, {tally.hints} hints "
        f"({tally.answered} answered)."
    ]
    store = session.store
    now = store.clock()
    known = store.mastery()
    titles = skill_titles()
    for skill in session.asked:
        state = known.get(skill)
        if state is None:
            continue
        mastered = ", mastered" if state.mastered else ""
        lines.append(
            f"{titles.get(skill, skill)}: "
            f"{recall_text(state.retrievability(now), state.retrievability(now + DAY))}, "
            f"due {due_text(state.due, now)}, {state.attempts} reviews{mastered}."
        )
    return [printable(line) for line in lines]


def run_plain_quiz(session: QuizSession, stdin: IO[str], stdout: IO[str], store: Any) -> int:
    """Ask questions until ``q``, the end of input, or (a review) nothing left due.

    Args:
        session: The quiz session (its store is ``store``).
        stdin: Where answers are read, one a line.
        stdout: Where the questions and feedback go.
        store: The progress store; flushed after each answer so it is committed first.

    Returns:
        The exit code (0).
    """
    number = 0
    while True:
        if session.finished:
            _write(stdout, ["Nothing else is due for review."])
            break
        number += 1
        question = session.next_question()
        _write(stdout, ["", *question_lines(question, number)])
        stopped = False
        while not session.answered:
            line = stdin.readline()
            if not line or line.strip().lower() in QUIT_WORDS:
                stopped = True
                break
            text = line.strip()
            if text.lower() in HINT_WORDS:
                hint = session.hint()
                if hint is None:
                    _write(stdout, ["No more hints: the last one was the answer itself."])
                else:
                    _write(stdout, [printable(f"Hint {session.hints_shown}: {hint}")])
                continue
            verdict = session.answer(text)
            if verdict.kind == "invalid":
                _write(stdout, [printable(verdict.message or "That is not an answer."), "Again:"])
                continue
            store.flush()  # committed before the learner is told
            _write(stdout, feedback_lines(question, verdict, session.hints_shown))
        if stopped:
            break
    _write(stdout, ["", *summary_lines(session)])
    return 0
