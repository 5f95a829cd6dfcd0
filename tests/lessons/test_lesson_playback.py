"""``lessons.playback.prepare``, quiz answers and ``verify`` on small hand-worked lessons."""

from __future__ import annotations

import math

import pytest
from lesson_helpers import MINIMAL

from lessons import load_text
from lessons.answers import resolve_answer
from lessons.playback import prepare
from lessons.verify import verify_lesson

HEAD = """\
id: t
title: T
deck: {file: 000_2ce6168aac0ff3a0.txt, course: C}
summary: S
scenes:
"""


def one(scene_yaml: str):  # type: ignore[no-untyped-def]
    return load_text(HEAD + scene_yaml, "t.yaml").scenes[0]


def test_playback_fields_for_a_padded_correlation() -> None:
    scene = one(
        "  - kind: correlate2d\n"
        "    input: [[1, 2], [3, 4]]\n"
        "    kernel: [[1, 1], [1, 1]]\n"
        "    padding: 1\n"
        "    narration: 'Step {step} of {steps}: {text} gives {value}.'\n"
    )
    playback = prepare(scene)
    assert playback.pad == ((1, 1), (1, 1))
    assert playback.input is not None and playback.input.shape == (2, 2)
    assert playback.padded is not None and playback.padded.shape == (4, 4)
    assert playback.output is not None and playback.output.tolist() == [
        [1, 3, 2],
        [4, 10, 6],
        [3, 7, 4],
    ]
    assert playback.steps == 9
    assert playback.narration_at(5) == "Step 5 of 9: `1*1 + 1*2 + 1*3 + 1*4 = 10` gives 10."
    assert playback.narration_at(0) == "Step 0 of 9:  gives ."


def test_one_d_padding_and_max_pool_padding_value() -> None:
    scene = one(
        "  - kind: pool1d\n    input: '1 5 2'\n    size: 2\n    stride: 2\n    padding: 1\n"
    )
    playback = prepare(scene)
    assert playback.pad == ((1, 1),)
    assert playback.padded is not None
    assert math.isinf(playback.padded[0]) and playback.padded[0] < 0  # max pooling pads with -inf
    assert playback.output is not None and playback.output.tolist() == [1, 5]


def test_pipeline_stages_chain() -> None:
    scene = one(
        "  - kind: pipeline\n"
        "    input: |\n"
        "      1 0 0 1\n"
        "      0 1 1 0\n"
        "      0 1 1 0\n"
        "      1 0 0 1\n"
        "    stages:\n"
        "      - kind: correlate2d\n"
        "        kernels: [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]\n"
        "        divisor: 2\n"
        "      - kind: relu\n"
        "      - kind: pool2d\n"
        "        size: 2\n"
        "        ceil_mode: true\n"
        "      - kind: vote\n"
        "        labels: [diag, anti]\n"
        "        weights: [[1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0, 0]]\n"
        "        expect: [1, 1]\n"
    )
    playback = prepare(scene)
    kinds = [stage.kind for stage in playback.stages]
    assert kinds == ["correlate2d", "relu", "pool2d", "vote"]
    # worked by hand: the main-diagonal kernel on the 4x4 pattern, /2
    first = playback.stages[0].output
    assert first is not None and first.shape == (2, 3, 3)
    assert first[0].tolist() == [[1, 0.5, 0], [0.5, 1, 0.5], [0, 0.5, 1]]
    pooled = playback.stages[2].output
    assert pooled is not None and pooled.shape == (2, 2, 2)
    assert playback.stages[3].labels == ("diag", "anti")
    assert playback.output is not None and playback.output.tolist() == [1, 1]
    assert verify_lesson(load_text(HEAD + "  - kind: text\n", "x.yaml")).ok


def test_resolve_answers() -> None:
    lesson = load_text(
        MINIMAL.replace(
            "    expect: 0 4\n",
            "    expect: 0 4\n    quiz:\n"
            "      - {ask: 'Second one', cell: [1]}\n"
            "      - {ask: 'Sure', answer: 'yes', choices: ['yes', 'no']}\n",
        ),
        "x.yaml",
    )
    scene = lesson.scenes[0]
    second = resolve_answer(scene, scene.quiz[0])
    assert (second.text, second.value, second.computed) == ("4", 4.0, True)
    sure = resolve_answer(scene, scene.quiz[1])
    assert (sure.text, sure.value, sure.choices) == ("yes", None, ("yes", "no"))
    size = one(
        "  - kind: output-size\n    input_size: [7, 7]\n    kernel_size: 3\n    stride: 3\n"
        "    quiz: [{ask: 'Size'}]\n"
    )
    assert resolve_answer(size, size.quiz[0]).text == "2x2"


@pytest.mark.parametrize(
    ("quiz", "needle"),
    [
        ("[{ask: Q, cell: [1], answer: 5}]", "its answer disagrees with the engine"),
        ("[{ask: Q, cell: [1], choices: ['1', '2'], answer: '1'}]", "not among the choices"),
    ],
)
def test_bad_quiz_claims_fail_the_check(quiz: str, needle: str) -> None:
    text = MINIMAL.replace("    expect: 0 4\n", f"    expect: 0 4\n    quiz: {quiz}\n")
    report = verify_lesson(load_text(text, "x.yaml"))
    assert not report.ok
    assert any(needle in str(f) for f in report.failures), [str(f) for f in report.failures]


def test_blank_cells_are_not_compared() -> None:
    text = MINIMAL.replace("expect: 0 4", "expect: '. 4'")
    assert verify_lesson(load_text(text, "x.yaml")).ok


def test_erratum_with_the_wrong_correction_fails() -> None:
    text = MINIMAL.replace(
        "expect: 0 4",
        "expect: 0 5\n    erratum: {note: n, cells: [{at: [1], slide: 5, correct: 6}]}",
    )
    report = verify_lesson(load_text(text, "x.yaml"))
    assert not report.ok
    assert "does not match" in str(report.failures[0])


def test_shape_mismatch_without_erratum_fails() -> None:
    text = MINIMAL.replace("expect: 0 4", "expect: 0 4 1")
    report = verify_lesson(load_text(text, "x.yaml"))
    assert [(f.cell, f.slide, f.computed) for f in report.failures] == [(None, "3", "1x2")]


def test_param_count_and_output_size_mismatches() -> None:
    params = one(
        "  - kind: param-count\n    kernel_size: [5, 5]\n    in_channels: 3\n    expect: 75\n"
    )
    report = verify_lesson(
        load_text(
            HEAD + "  - kind: param-count\n    kernel_size: [5, 5]\n"
            "    in_channels: 3\n    expect: 75\n",
            "x.yaml",
        )
    )
    assert [(f.slide, f.computed) for f in report.failures] == [("75", "76")]
    assert prepare(params).formula == "5·5·3 + 1 = 76"
