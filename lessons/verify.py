"""Recompute every ``expect`` of a lesson with the engine and compare it with the slide.

A cell matches when the slide's number equals the computed value written with the scene's display
rule (deck 003's ``0.77`` is 7/9 truncated to two decimals; ``1.00`` and ``1`` are the same
number). A mismatch the lesson marks in its ``erratum`` (with the slide's and the corrected value)
is reported as an erratum, not a failure. An erratum entry that no longer matches a mismatch, a
quiz cell outside the output, or a quiz answer the engine disagrees with is a failure too.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from engine import NumberFormat, format_number
from engine.types import FloatArray
from lessons.answers import AnswerError, resolve_answer
from lessons.arrays import ExpectGrid, parse_number_text, shape_text
from lessons.calls import compute, network_rows, output_shape, param_count
from lessons.hints import cause_of, missing_line
from lessons.loader.cells import cell_position, key_position, scene_node
from lessons.loader.errors import LessonError
from lessons.loader.files import decode, read_bytes
from lessons.loader.yaml_nodes import at, mapping_get
from lessons.schema import (
    Erratum,
    Lesson,
    NetworkScene,
    OutputSizeScene,
    ParamCountScene,
    PipelineScene,
)

__all__ = [
    "Finding",
    "LessonReport",
    "cell_words",
    "place_findings",
    "verify_lesson",
    "verify_scene",
]


def cell_words(cell: tuple[int, ...]) -> str:
    """A 0-based output index in the words people count with, from 1.

    >>> cell_words((1, 0)), cell_words((2,)), cell_words((0, 1, 2)), cell_words(())
    ('row 2, column 1', 'column 3', 'channel 1, row 2, column 3', 'value')
    """
    if not cell:
        return "value"
    names = ("row", "column") if len(cell) >= 2 else ("column",)
    prefix = [f"channel {cell[0] + 1}"] if len(cell) == 3 else []
    if len(cell) > 3:
        return "cell (" + ", ".join(str(i + 1) for i in cell) + ")"
    return ", ".join([*prefix, *(f"{n} {i + 1}" for n, i in zip(names, cell[-2:], strict=False))])


@dataclass(frozen=True)
class Finding:
    """One disagreement between a slide and the engine (or a problem with the lesson's claims).

    Attributes:
        scene: 1-based scene number.
        scene_title: The scene's title (or its kind).
        stage: 1-based pipeline stage, or None.
        cell: The output cell (``(1, 0)``), ``()`` for a single number, None for a shape.
        slide: What the slide prints.
        computed: What the engine computes, written with the scene's display rule.
        erratum: True when the lesson marks this as a known erratum (not a failure).
        note: The erratum's note, or an explanation of the problem.
        line: The 1-based line of the file where the cell (or key) is written, or None.
        column: Its 1-based column, or None.
        hint: The likely cause ("the output matches if the kernel is transposed"), or "".
    """

    scene: int
    scene_title: str
    stage: int | None
    cell: tuple[int, ...] | None
    slide: str
    computed: str
    erratum: bool
    note: str = ""
    line: int | None = None
    column: int | None = None
    hint: str = ""

    @property
    def note_only(self) -> bool:
        """A marked erratum about the slide's text, with no number to compare."""
        return self.erratum and self.cell is None and not self.slide and not self.computed

    def where(self) -> str:
        """``scene 3 "Same padding", stage 2, row 1, column 2`` (every count from 1)."""
        text = f'scene {self.scene} "{self.scene_title}"'
        if self.stage is not None:
            text += f", stage {self.stage}"
        if self.cell is None and (self.slide or self.computed):
            text += ", shape"
        elif self.cell:
            text += f", {cell_words(self.cell)}"
        return text

    def __str__(self) -> str:
        if self.note_only:
            return f"{self.where()}: {self.note}"
        if self.erratum:
            return f"{self.where()}: slide {self.slide}, correct {self.computed} ({self.note})"
        text = f"{self.where()}: slide {self.slide}, computed {self.computed}"
        return f"{text} ({self.note})" if self.note else text


@dataclass
class LessonReport:
    """What :func:`verify_lesson` found.

    Attributes:
        lesson: The lesson checked.
        findings: Every mismatch, marked errata included, in scene order.
    """

    lesson: Lesson
    findings: list[Finding] = field(default_factory=list)

    @property
    def failures(self) -> list[Finding]:
        """Mismatches the lesson does not explain."""
        return [f for f in self.findings if not f.erratum]

    @property
    def errata(self) -> list[Finding]:
        """Mismatches the lesson marks as known errata."""
        return [f for f in self.findings if f.erratum and not f.note_only]

    @property
    def notes(self) -> list[Finding]:
        """Errata with only a note (a wrong formula or wording on the slide, no number)."""
        return [f for f in self.findings if f.note_only]

    @property
    def ok(self) -> bool:
        """True when every ``expect`` matches, apart from marked errata."""
        return not self.failures


def _same(slide_text: str, computed: float, fmt: NumberFormat) -> tuple[bool, str]:
    shown = format_number(computed, fmt)
    slide = parse_number_text(slide_text)
    mine = parse_number_text(shown)
    if mine is None:  # nan or inf cannot be written as a fraction
        return False, shown
    return slide is not None and slide == mine, shown


def _equal_text(a: str, b: str) -> bool:
    x, y = parse_number_text(a), parse_number_text(b)
    return x is not None and x == y if x is not None else a.strip() == b.strip()


class _Context:
    """Collects findings for one scene (or stage)."""

    def __init__(self, scene: int, title: str, stage: int | None, erratum: Erratum | None) -> None:
        self.scene = scene
        self.title = title
        self.stage = stage
        self.erratum = erratum
        self.used: set[tuple[int, ...] | None] = set()
        self.findings: list[Finding] = []

    def add(
        self, cell: tuple[int, ...] | None, slide: str, computed: str, *, note: str = ""
    ) -> None:
        """Record a mismatch, as an erratum if the lesson marks it (with matching values)."""
        marked = False
        why = note
        if self.erratum is not None:
            if cell is None and self.erratum.shape is not None:
                marked = True
            elif cell is not None and (entry := self.erratum.cell(cell)) is not None:
                self.used.add(cell)
                if _equal_text(entry.slide, slide) and _equal_text(entry.correct, computed):
                    marked = True
                else:
                    why = (
                        f"the erratum says slide {entry.slide}, correct {entry.correct}; "
                        "it does not match"
                    )
            if marked:
                self.used.add(cell)
                why = self.erratum.note
        self.findings.append(
            Finding(self.scene, self.title, self.stage, cell, slide, computed, marked, why)
        )

    def shape_mismatch(self, slide: tuple[int, ...], computed: tuple[int, ...]) -> bool:
        """Record that the slide's output shape differs from the computed one.

        Returns:
            True when the lesson's shape erratum says exactly this (its cells can be compared).
        """
        fix = self.erratum.shape if self.erratum is not None else None
        if fix is not None and (tuple(fix.slide) != slide or tuple(fix.correct) != computed):
            self.used.add(None)
            self.problem(
                None,
                shape_text(slide),
                shape_text(computed),
                f"the erratum says slide {shape_text(fix.slide)}, correct "
                f"{shape_text(fix.correct)}; it does not match",
            )
            return False
        self.add(None, shape_text(slide), shape_text(computed))
        return fix is not None

    def problem(self, cell: tuple[int, ...] | None, slide: str, computed: str, note: str) -> None:
        """Record a failure that is not a cell mismatch (a stale erratum, a bad quiz cell)."""
        self.findings.append(
            Finding(self.scene, self.title, self.stage, cell, slide, computed, False, note)
        )

    def finish(self) -> list[Finding]:
        """The findings, plus a failure for each erratum entry that matched nothing.

        An erratum with only a note (the slide's formula or wording is wrong, no number to
        compare) is listed as a marked erratum.
        """
        if self.erratum is not None and not self.erratum.cells and self.erratum.shape is None:
            self.findings.append(
                Finding(self.scene, self.title, self.stage, None, "", "", True, self.erratum.note)
            )
        if self.erratum is not None:
            for entry in self.erratum.cells:
                if tuple(entry.at) not in self.used:
                    self.problem(
                        tuple(entry.at),
                        entry.slide,
                        entry.correct,
                        "erratum entry, but the slide's value here matches the computation "
                        "(or the cell is not in expect)",
                    )
            if self.erratum.shape is not None and None not in self.used:
                shape = self.erratum.shape
                self.problem(
                    None,
                    shape_text(shape.slide),
                    shape_text(shape.correct),
                    "shape erratum, but the expected shape matches the computation",
                )
        return self.findings


def _squeezed(shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(n for n in shape if n != 1)


def _matches(expect: ExpectGrid, output: FloatArray, fmt: NumberFormat) -> bool:
    """True when ``output`` matches ``expect`` in shape and in every printed cell."""
    scratch = _Context(0, "", None, None)
    _compare_grid(scratch, expect, output, fmt)
    return not scratch.findings


def _explain(
    ctx: _Context, item: Any, x: FloatArray, expect: ExpectGrid, output: FloatArray, fmt: Any
) -> None:
    """Put the likely cause of a scene's failures on its first failure."""
    first = next((i for i, f in enumerate(ctx.findings) if not f.erratum), None)
    if first is None:
        return
    grid = expect.squeezed_to(output.ndim) if len(expect.shape) > output.ndim else expect
    hint = missing_line(grid, output, x, fmt) if grid.shape != output.shape else None
    if hint is None:
        hint = cause_of(item, x, lambda candidate: _matches(expect, candidate, fmt))
    if hint is not None:
        ctx.findings[first] = replace(ctx.findings[first], hint=hint)


def _size_hint(ctx: _Context, scene: OutputSizeScene) -> None:
    """Say so when an output-size scene matches as a 3-D layer (three numbers read as H, W, C)."""
    if not ctx.findings or ctx.findings[-1].erratum or scene.dims is not None:
        return
    if len(scene.input_size) != 3:
        return
    try:
        as_3d = output_shape(scene.model_copy(update={"dims": 3}))
    except ValueError:
        return
    if scene.expect is not None and as_3d == tuple(scene.expect):
        ctx.findings[-1] = replace(
            ctx.findings[-1],
            hint="the output matches if the layer is 3-D: add dims: 3 (without it, three "
            "numbers are read as [H, W, C])",
        )


def _compare_grid(ctx: _Context, expect: ExpectGrid, output: FloatArray, fmt: NumberFormat) -> None:
    grid = expect.squeezed_to(output.ndim) if len(expect.shape) > output.ndim else expect
    if grid.shape != output.shape and _squeezed(grid.shape) == _squeezed(output.shape):
        output = output.reshape(grid.shape)  # a single number for a 1x1 output, a row for 1xN
    if grid.shape != output.shape:
        vouched = ctx.shape_mismatch(grid.shape, output.shape)
        if not vouched or len(grid.shape) != output.ndim:
            return
    for index in grid.indices():
        text = grid.text_at(index)
        if text is None:
            continue
        if any(i >= n for i, n in zip(index, output.shape, strict=True)):
            continue  # a row the slide prints but the true output lacks (shape erratum)
        same, shown = _same(text, float(output[index]), fmt)
        if not same:
            ctx.add(index, text, shown)


def _quiz(ctx: _Context, scene: Any) -> None:
    for number, question in enumerate(scene.quiz, start=1):
        try:
            answer = resolve_answer(scene, question)
        except AnswerError as error:
            ctx.problem((), "", "", f"quiz question {number}: {error}")
            continue
        if (
            question.cell is not None
            and question.answer is not None
            and not _equal_text(question.answer, answer.text)
        ):
            ctx.problem(
                tuple(question.cell),
                question.answer,
                answer.text,
                f"quiz question {number}: its answer disagrees with the engine",
            )
        if question.choices is not None and not any(
            _equal_text(choice, answer.text) for choice in question.choices
        ):
            ctx.problem(
                (),
                ", ".join(question.choices),
                answer.text,
                f"quiz question {number}: the answer is not among the choices",
            )


def verify_scene(scene: Any, number: int = 1) -> list[Finding]:
    """Recompute one scene's ``expect`` (and its stages' and quiz cells).

    Args:
        scene: The scene.
        number: Its 1-based position in the lesson, for the report.
    """
    title = scene.title or scene.kind
    ctx = _Context(number, title, None, scene.erratum)
    fmt: NumberFormat = scene.fmt
    if isinstance(scene, OutputSizeScene):
        if scene.expect is not None and tuple(scene.expect) != (computed := output_shape(scene)):
            ctx.shape_mismatch(tuple(scene.expect), computed)
            _size_hint(ctx, scene)
    elif isinstance(scene, ParamCountScene):
        if scene.expect is not None and scene.expect != (count := param_count(scene)):
            ctx.add((), str(scene.expect), str(count))
    elif isinstance(scene, NetworkScene):
        rows = network_rows(scene)
        for row, layer in zip(rows, scene.layers, strict=True):
            if layer.params is not None and layer.params != row.params:
                ctx.problem((), str(layer.params), str(row.params), f"layer {row.number} "
                            f"({row.name}): parameters")  # fmt: skip
            shown = tuple(layer.size) if layer.size is not None else None
            if (
                shown is not None
                and row.shape is not None
                and _squeezed(shown) != _squeezed(row.shape)
            ):
                ctx.problem((), shape_text(shown), shape_text(row.shape),
                            f"layer {row.number} ({row.name}): output size")  # fmt: skip
        total = sum(row.params for row in rows)
        if scene.expect is not None and scene.expect != total:
            ctx.add((), str(scene.expect), str(total), note="total parameters")
    elif isinstance(scene, PipelineScene):
        findings: list[Finding] = []
        x: FloatArray = scene.input
        for index, stage in enumerate(scene.stages, start=1):
            before, x = x, compute(stage, x)
            stage_ctx = _Context(number, title, index, stage.erratum)
            stage_fmt = stage.fmt if stage.display is not None else fmt
            if stage.expect is not None:
                _compare_grid(stage_ctx, stage.expect, x, stage_fmt)
                _explain(stage_ctx, stage, before, stage.expect, x, stage_fmt)
            findings += stage_ctx.finish()
        if scene.expect is not None:
            _compare_grid(ctx, scene.expect, x, fmt)
        _quiz(ctx, scene)
        return findings + ctx.finish()
    elif scene.kind != "text":
        expect = getattr(scene, "expect", None)
        if expect is not None:
            output = compute(scene, scene.input)
            _compare_grid(ctx, expect, output, fmt)
            _explain(ctx, scene, scene.input, expect, output, fmt)
    _quiz(ctx, scene)
    return ctx.finish()


def _placed(finding: Finding, root: Any, text: str) -> Finding:
    """The finding with the line and column of its cell (or key) in the file."""
    node = scene_node(root, finding.scene - 1, None if finding.stage is None else finding.stage - 1)
    if node is None:
        return finding
    note = finding.note
    if note.startswith("layer ") and isinstance(node, yaml.MappingNode):
        layers = mapping_get(node, "layers")
        number = int(note.split()[1])
        items = layers[1].value if layers is not None else []
        if isinstance(items, list) and 0 < number <= len(items):
            key = "params" if note.endswith("parameters") else "size"
            where = key_position(items[number - 1], key)
            if where is not None:
                return replace(finding, line=where[0], column=where[1])
    if note.startswith("quiz question") or (
        note.startswith("erratum entry") and not finding.erratum
    ):
        key = "quiz" if note.startswith("quiz") else "erratum"
        where = key_position(node, key)
    else:
        pair = mapping_get(node, "expect") if isinstance(node, yaml.MappingNode) else None
        if pair is None:
            where = at(node)
        elif finding.cell is None:
            where = at(pair[0])
        else:
            where = cell_position(pair[1], finding.cell, text)
    if where is None:
        return finding
    return replace(finding, line=where[0], column=where[1])


def verify_lesson(lesson: Lesson, text: str | None = None) -> LessonReport:
    """Recompute every scene of a lesson; place each finding at its line in the file.

    Args:
        lesson: The lesson (loaded by :mod:`lessons.loader`).
        text: The file's text; read from ``lesson.source`` when None (no positions if unreadable).
    """
    report = LessonReport(lesson)
    for number, scene in enumerate(lesson.scenes, start=1):
        report.findings += verify_scene(scene, number)
    if report.findings and text is None and lesson.source is not None:
        try:  # through the loader's reader: a regular file, bounded in size, UTF-8
            text = decode(read_bytes(lesson.source, lesson.source), lesson.source)
        except LessonError:
            text = None
    if report.findings and text is not None:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            root = None
        if root is not None:
            report.findings = place_findings(report.findings, root, text)
    return report


def place_findings(findings: list[Finding], root: Any, text: str) -> list[Finding]:
    """The findings, each with the line and column of its cell (or key) in the file.

    Args:
        findings: Findings of the lesson's scenes.
        root: The file's YAML node tree.
        text: The file's text.
    """
    return [_placed(f, root, text) for f in findings]
