"""The lessons' own ``quiz:`` questions, and which question families a lesson practises.

A lesson question (``lessons.schema.QuizQuestion``) is ``{ask, answer}``, ``{ask, cell: [r, c]}``
(the engine computes the answer from the scene's output) or a bare ``{ask}`` on a scene that
computes one number (a parameter count, an output size). ``choices`` make it multiple choice,
``hint`` is the first hint tier and ``explain`` joins the worked answer.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.display import format_number, operand_format
from lessons import calls as lesson_compute
from lessons.answers import output_cell, resolve_answer
from lessons.playback import Playback, prepare
from lessons.quiz.families import KEYS
from lessons.quiz.model import Choice, Diagnosis, Question, Visual

LESSON_SKILL = "lesson"

#: Scene kinds (as the lessons name them) → the question families that practise them.
KIND_SKILLS: dict[str, tuple[str, ...]] = {
    "correlate1d": ("next-cell",),
    "correlate2d": ("next-cell", "same-padding", "edge-filter"),
    "multichannel": ("next-cell", "param-count"),
    "convolve2d": ("kernel-flip", "next-cell"),
    "pad": ("same-padding", "output-size"),
    "output-size": ("output-size", "same-padding"),
    "param-count": ("param-count",),
    "pool1d": ("pooling",),
    "pool2d": ("pooling", "output-size"),
    "pipeline": ("next-cell", "pooling"),
    "backward": ("kernel-grad", "input-grad", "pool-grad", "relu-grad"),
}


def lesson_skills(lesson: Any) -> set[str]:
    """The question families that practise what ``lesson``'s scenes show."""
    skills: set[str] = set()
    for scene in getattr(lesson, "scenes", ()):
        skills.update(KIND_SKILLS.get(str(getattr(scene, "kind", "")), ()))
    return skills


@dataclass(frozen=True)
class LessonItem:
    """Where one lesson question lives."""

    lesson: Any
    scene_index: int
    item_index: int

    @property
    def scene(self) -> Any:
        return self.lesson.scenes[self.scene_index]

    @property
    def item(self) -> Any:
        return self.scene.quiz[self.item_index]

    @property
    def key(self) -> str:
        return f"{LESSON_SKILL}:{self.lesson.id}:{self.scene_index + 1}:{self.item_index + 1}"


def lesson_items(lessons: Sequence[Any]) -> list[LessonItem]:
    """Every ``quiz:`` question of ``lessons``, in course order."""
    return [
        LessonItem(lesson, s, q)
        for lesson in lessons
        for s, scene in enumerate(getattr(lesson, "scenes", ()))
        for q, _ in enumerate(getattr(scene, "quiz", ()) or ())
    ]


def lesson_generator(lessons: Sequence[Any]) -> Callable[[int], Question] | None:
    """A generator over the ``quiz:`` questions of ``lessons`` (seed → one of them), or None."""
    items = lesson_items(lessons)
    if not items:
        return None

    def generate(seed: int) -> Question:
        return lesson_question(random.Random(seed).choice(items))

    return generate


def _playback(scene: Any) -> Playback | None:
    try:
        return prepare(scene)
    except Exception:  # a scene the stepper cannot show still has its question
        return None


#: Scene kind → how to work out a question about it: a hint tier that is not yet the answer.
KIND_HINTS: dict[str, str] = {
    "flatten": "Flatten reads the grid row by row: the first row left to right, then the next.",
    "relu": "ReLU keeps each positive number and turns each negative one into 0.",
    "bias": "The bias is added to every output cell of its filter.",
    "pad": "Padding adds a border of zeros on each side; the numbers inside stay where they are.",
    "correlate1d": "Multiply each weight by the input under it and add the products.",
    "correlate2d": "Multiply each weight by the input under it and add the products.",
    "multichannel": "Correlate each channel with its slice of the kernel, then add the channels.",
    "convolve2d": "Convolution flips the kernel both ways (180°) before sliding it.",
    "pool1d": "Pooling takes the largest (max) or the mean (average) of each window.",
    "pool2d": "Pooling takes the largest (max) or the mean (average) of each window.",
    "gradient-magnitude": "Correlate the window with each kernel to get Gx and Gy, then take "
    "√(Gx² + Gy²).",
    "transposed2d": "A transposed convolution paints each input cell's scaled kernel onto the "
    "output; where copies overlap, they add.",
    "output-size": "Output size = ⌊(N + 2P − F)/S⌋ + 1 along each side.",
    "param-count": "Each filter has F×F×C weights plus one bias; count them for every filter.",
}


def _scene_picture(scene: Any) -> Visual | None:
    """The scene's grid for a question with a written answer: its input alone until answered.

    The output (often the very answer: the flattened row) and the kernel stay hidden while the
    question is open, as for a picture question; None for a scene without a grid to draw.
    """
    playback = _playback(scene)
    if playback is None or playback.input is None or playback.stages:
        return None
    return Visual(playback, out=(0, 0), rows=range(0), cols=range(0), picture=True)


def lesson_question(entry: LessonItem) -> Question:
    """Turn one lesson question into a :class:`Question` (answers computed by the engine).

    Raises:
        ValueError: When the question has no answer the engine can compute (the loader is meant
            to refuse such a lesson first).
    """
    scene, item = entry.scene, entry.item
    fmt = getattr(scene, "fmt", None)
    hints: list[str] = [item.hint] if item.hint else []
    explain = f"\n{item.explain}" if item.explain else ""
    title = getattr(entry.lesson, "title", entry.lesson.id)
    prompt = f"{title}: {item.ask}"
    common = {"skill": LESSON_SKILL, "key": entry.key, "lesson": entry.lesson.id}

    if item.choices:
        answer_text = item.answer
        if answer_text is None:
            raise ValueError(f"{entry.key}: a choice question needs an answer")
        choices = tuple(Choice(KEYS[i], str(text)) for i, text in enumerate(item.choices))
        key = KEYS[list(item.choices).index(answer_text)]
        hints.append(f"It is one of: {', '.join(str(c) for c in item.choices)}.")
        worked = f"{answer_text}{explain}"
        hints.append(f"The answer is {key}) {answer_text}.")
        return Question(
            prompt=prompt,
            answer=key,
            answer_text=f"{key}) {answer_text}",
            worked=worked,
            hints=tuple(hints[-3:]),
            choices=choices,
            fmt=fmt,
            **common,
        )

    if item.cell is not None:
        output, cell = output_cell(scene, tuple(int(i) for i in item.cell))
        value = float(output[cell])
        playback = _playback(scene)
        visual: Visual | None = None
        worked = format_number(value, fmt)
        diagnoses: list[Diagnosis] = []
        trace = playback.trace if playback is not None else None
        per_cell = trace is not None and trace.kind != "transposed"  # one step per output cell
        if playback is not None and trace is not None and per_cell:
            per_cell = trace.output_shape == output.shape
        if playback is not None and trace is not None and per_cell:
            step = trace[int(np.ravel_multi_index(cell, output.shape))]
            worked = step.text
            spatial = tuple(step.window[-2:])
            rows = range(*spatial[0].indices(10**6)) if len(spatial) == 2 else range(1)
            cols = range(*spatial[-1].indices(10**6))
            out2 = (cell[-2], cell[-1]) if len(cell) >= 2 else (0, cell[0])
            visual = Visual(playback, out=out2, rows=rows, cols=cols, step=step)
            operands = operand_format(fmt)  # 1*-1, never 1.00*-1.00
            products = ", ".join(
                f"{format_number(w, operands)}*{format_number(i, operands)}"
                for w, i in zip(step.weights or (), step.inputs, strict=False)
            )
            where = (
                f"Output cell {out2[0] + 1}, {out2[1] + 1} is the window highlighted on the input."
            )
            hints = [f"{hints[0]} {where}" if hints else where]
            if products:
                hints.append(f"Weight × input: {products}. Add them up.")
            for delta in ((0, -1), (0, 1), (-1, 0), (1, 0)):
                neighbour = tuple(
                    c + d for c, d in zip(cell, (0,) * (len(cell) - 2) + delta, strict=False)
                )
                if all(0 <= n < s for n, s in zip(neighbour, output.shape, strict=False)):
                    diagnoses.append(
                        Diagnosis(
                            "window",
                            float(output[neighbour]),
                            "That is a neighbouring cell's value: check which window this "
                            "cell uses.",
                        )
                    )
        diagnoses.append(Diagnosis("sign", -value, "A sign slip: check each product's sign."))
        hints.append(worked)
        return Question(
            prompt=prompt,
            answer=value,
            answer_text=format_number(value, fmt),
            worked=worked + explain,
            hints=tuple(hints[-3:]),
            fmt=fmt,
            diagnoses=tuple(d for d in diagnoses if d.value != value),
            visual=visual,
            **common,
        )

    if item.answer is not None:
        text = str(item.answer)
        picture = _scene_picture(scene)
        how = KIND_HINTS.get(str(getattr(scene, "kind", "")))
        if how:
            hints.append(how + (" The scene's input is drawn above." if picture else ""))
        hints.append(f"The answer is {text}.")
        number = resolve_answer(scene, item).value
        if number is None:
            return Question(
                prompt=prompt,
                answer=text,
                answer_text=text,
                worked=text + explain,
                hints=tuple(hints[-3:]),
                fmt=fmt,
                visual=picture,
                extra={"text": True},
                **common,
            )
        return Question(
            prompt=prompt,
            answer=number,
            answer_text=text,
            worked=text + explain,
            hints=tuple(hints[-3:]),
            fmt=fmt,
            visual=picture,
            **common,
        )

    kind = getattr(scene, "kind", "")
    if kind not in ("param-count", "output-size"):
        raise ValueError(f"{entry.key}: the question has no answer and its scene computes none")
    answer = resolve_answer(scene, item)
    if kind == "param-count":
        value = float(answer.text)
        worked = lesson_compute.param_count_text(scene)
        hints.append("Each filter has F×F×C weights plus one bias; count them for every filter.")
        hints.append(worked)
        return Question(
            prompt=prompt,
            answer=value,
            answer_text=format_number(value, fmt),
            worked=worked + explain,
            hints=tuple(hints[-3:]),
            fmt=fmt,
            **common,
        )
    if kind == "output-size":
        shape = tuple(int(n) for n in answer.text.split("x"))
        worked = lesson_compute.output_size_text(scene)
        hints.append("Output size = ⌊(N + 2P − F)/S⌋ + 1 along each side.")
        hints.append(worked)
        if len(shape) == 1:
            return Question(
                prompt=prompt,
                answer=float(shape[0]),
                answer_text=str(shape[0]),
                worked=worked + explain,
                hints=tuple(hints[-3:]),
                fmt=fmt,
                **common,
            )
        text = "x".join(str(n) for n in shape)
        return Question(
            prompt=prompt + f" (write it like {'x'.join('N' * len(shape))})",
            answer=text,
            answer_text=text,
            worked=worked + explain,
            hints=tuple(hints[-3:]),
            fmt=fmt,
            extra={"text": True},
            **common,
        )
    raise ValueError(f"{entry.key}: the question has no answer and its scene computes none")


__all__ = [
    "KIND_SKILLS",
    "LESSON_SKILL",
    "LessonItem",
    "lesson_generator",
    "lesson_items",
    "lesson_question",
    "lesson_skills",
]
