"""Lesson 050 (backpropagation, stepped) and the ``backward`` scene kind.

Every gradient the lesson states is recomputed here with torch.autograd, through the whole X/O
network and through the SGD steps that find the hidden kernel, never with the engine under test.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from lesson_helpers import LESSONS_DIR

from lessons import LessonError, load_file, load_text
from lessons.calls import compute
from lessons.playback import prepare
from lessons.schema import BackwardScene
from lessons.verify import verify_lesson

LESSON = load_file(LESSONS_DIR / "050-backprop.yaml")

X_IMAGE = np.array(
    [[-1] * 9]
    + [[-1 if j not in (i, 8 - i) else 1 for j in range(9)] for i in range(1, 8)]
    + [[-1] * 9],
    dtype=float,
)
FEATURES = np.array(
    [
        [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]],
        [[1, -1, 1], [-1, 1, -1], [1, -1, 1]],
        [[-1, -1, 1], [-1, 1, -1], [1, -1, -1]],
    ],
    dtype=float,
)
VOTES = np.array(  # lesson 030's hand-picked vote weights: X's row, O's row
    [[1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0], [0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1]], dtype=float
)
EDGE = np.array([[1, 0, -1]] * 3, dtype=float)


def scenes(title_part: str) -> list[Any]:
    return [s for s in LESSON.scenes if s.title is not None and title_part in s.title]


def backward(title_part: str) -> BackwardScene:
    (scene,) = scenes(title_part)
    assert isinstance(scene, BackwardScene)
    return scene


def test_the_lesson_is_beyond_the_decks_after_040_and_checks_clean() -> None:
    assert LESSON.deck.file is None and LESSON.deck.course == "Beyond the decks"
    assert sorted(p.name for p in LESSONS_DIR.glob("*.yaml")).index("050-backprop.yaml") > 4
    report = verify_lesson(LESSON)
    assert report.ok, [str(f) for f in report.findings]
    assert not report.findings
    assert sum(isinstance(s, BackwardScene) for s in LESSON.scenes) >= 12


def test_deck000_gradients_match_autograd() -> None:
    scene = backward("kernel's gradient on deck 000")
    x = torch.tensor(scene.input, requires_grad=True)
    k = torch.tensor(scene.kernel, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x[None, None], k[None, None], b)[0, 0]
    (y * torch.from_numpy(np.array(scene.grad_out))).sum().backward()
    assert x.grad is not None and k.grad is not None and b.grad is not None
    np.testing.assert_array_equal(compute(scene), k.grad.numpy())
    np.testing.assert_array_equal(compute(backward("flipped kernel")), x.grad.numpy())
    np.testing.assert_array_equal(compute(backward("bias's gradient")), b.grad.numpy())


def test_the_xo_network_backwards_matches_autograd_end_to_end() -> None:
    k = torch.tensor(FEATURES, requires_grad=True)
    conv = F.conv2d(torch.tensor(X_IMAGE)[None, None], k[:, None])[0] / 9
    conv.retain_grad()
    relu = torch.relu(conv)
    relu.retain_grad()
    pooled = F.max_pool2d(relu[None], 2, 2, ceil_mode=True)[0]
    pooled.retain_grad()
    again = F.max_pool2d(pooled[None], 2, 2)[0]
    again.retain_grad()
    scores = torch.from_numpy(VOTES) @ again.reshape(-1) / 5
    loss = scores[1] - scores[0]  # the lesson's loss: score(O) - score(X)
    loss.backward()
    grads = [t.grad for t in (again, pooled, relu, conv, k)]
    assert all(g is not None for g in grads)
    d_again, d_pooled, d_relu, d_conv, d_k = (g.numpy() for g in grads if g is not None)

    second = backward("second pooling")
    np.testing.assert_allclose(second.input, pooled.detach().numpy(), atol=1e-15)
    np.testing.assert_allclose(second.grad_out, d_again, atol=1e-15)
    np.testing.assert_allclose(compute(second), d_pooled, atol=1e-15)
    first = backward("first pooling")
    np.testing.assert_allclose(first.input, relu.detach().numpy(), atol=1e-15)
    np.testing.assert_allclose(first.grad_out, d_pooled, atol=1e-15)
    np.testing.assert_allclose(compute(first), d_relu, atol=1e-15)
    through = backward("Back through ReLU")
    np.testing.assert_allclose(through.input, conv.detach().numpy(), atol=1e-15)
    np.testing.assert_allclose(compute(through), d_conv, atol=1e-15)
    weights = scenes("Into the weights")
    assert len(weights) == 3
    for feature, scene in enumerate(weights):
        np.testing.assert_array_equal(scene.kernel, FEATURES[feature])
        np.testing.assert_allclose(scene.grad_out, d_conv[feature], atol=1e-15)
        np.testing.assert_allclose(compute(scene), d_k[feature], atol=1e-15)


def _conv(x: np.ndarray, k: np.ndarray) -> torch.Tensor:
    return F.conv2d(torch.tensor(x)[None, None], torch.tensor(k)[None, None])[0, 0]


def test_sgd_finds_the_hidden_kernel_and_the_stated_losses_fall() -> None:
    steps = scenes("SGD step")
    assert len(steps) == 3
    pairs = [np.array(s.input) for s in steps]

    def total(kernel: np.ndarray) -> float:
        return sum(float(0.5 * ((_conv(x, kernel) - _conv(x, EDGE)) ** 2).sum()) for x in pairs)

    kernel = np.zeros((3, 3))
    losses = [total(kernel)]
    for scene in steps:
        assert scene.lr == 0.025
        np.testing.assert_allclose(scene.kernel, kernel, atol=1e-12)
        k = torch.tensor(kernel, requires_grad=True)
        x = np.array(scene.input)
        prediction = F.conv2d(torch.tensor(x)[None, None], k[None, None])[0, 0]
        loss = 0.5 * ((prediction - _conv(x, EDGE)) ** 2).sum()
        loss.backward()
        assert k.grad is not None
        np.testing.assert_allclose(
            scene.grad_out, (prediction - _conv(x, EDGE)).detach(), atol=1e-12
        )
        np.testing.assert_allclose(compute(scene), k.grad.numpy(), atol=1e-12)
        kernel = kernel - 0.025 * k.grad.numpy()
        losses.append(total(kernel))
        assert f"three pairs it is now **{round(losses[-1], 10)!r}**" in scene.narration
    assert losses == sorted(losses, reverse=True) and losses[0] == 49
    # the closing claim: 500 more steps, cycling through the pairs, land within 0.01 of the filter
    for i in range(500):
        x = pairs[i % 3]
        k = torch.tensor(kernel, requires_grad=True)
        (
            0.5
            * (
                (F.conv2d(torch.tensor(x)[None, None], k[None, None])[0, 0] - _conv(x, EDGE)) ** 2
            ).sum()
        ).backward()
        assert k.grad is not None
        kernel = kernel - 0.025 * k.grad.numpy()
    assert np.abs(kernel - EDGE).max() < 0.01
    assert total(kernel) < 1e-4


def test_sgd_steps_narrate_each_update() -> None:
    step = prepare(scenes("SGD step 1")[0]).trace
    assert step is not None
    assert step[1].text.endswith("= 12; w₁₂ ← 0 − 0.025·12 = -0.3")


def test_every_backward_scene_steps_to_its_gradient() -> None:
    for scene in LESSON.scenes:
        if not isinstance(scene, BackwardScene):
            continue
        playback = prepare(scene)
        assert playback.trace is not None and playback.output is not None
        assert len(playback.trace) == playback.output.size
        got = np.zeros(playback.output.shape)
        for step in playback.trace:
            got[step.out] = step.value
            assert step.text.startswith("∂L/∂")
        np.testing.assert_allclose(got, playback.output, atol=1e-12)
        assert playback.titles and playback.formula


BASE = """\
id: bw
title: Backward
deck: {course: Beyond the decks}
summary: One backward scene.
scenes:
  - kind: backward
"""


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        (
            "    layer: correlate2d\n    input: [[1, 2, 3], [4, 5, 6]]\n    kernel: [[1, 1]]\n"
            "    grad_out: [[1, 1, 1]]\n",
            "grad_out",
            "grad_out is 1x3, the forward output is 2x2",
        ),
        (
            "    layer: pool2d\n    size: 2\n    wrt: kernel\n    input: [[1, 2], [3, 4]]\n"
            "    grad_out: [[1]]\n",
            "wrt",
            "a pool2d layer has no kernel",
        ),
        (
            "    layer: correlate2d\n    input: [[1, 2], [3, 4]]\n    grad_out: [[1]]\n",
            "layer",
            "a correlate2d layer needs 'kernel'",
        ),
        (
            "    layer: relu\n    input: [[1, 2]]\n    grad_out: [[1, 2]]\n    size: 2\n",
            "size",
            "'size' is not a key of a relu layer",
        ),
    ],
)
def test_a_bad_backward_scene_is_one_line_at_its_key(body: str, where: str, message: str) -> None:
    with pytest.raises(LessonError) as raised:
        load_text(BASE + body, "bw.yaml")
    text = str(raised.value)
    assert message in text
    assert "\n" not in text.strip()
    if where:
        line = next(n for n, row in enumerate((BASE + body).splitlines(), 1) if f" {where}:" in row)
        assert f"bw.yaml:{line}:" in text


def test_check_flags_a_wrong_stated_gradient() -> None:
    text = BASE + (
        "    layer: correlate2d\n    wrt: kernel\n    input: [[1, 2], [3, 4]]\n"
        "    kernel: [[1]]\n    grad_out: [[1, 0], [0, 1]]\n    expect: [[6]]\n"
    )
    report = verify_lesson(load_text(text, "bw.yaml"))
    assert not report.ok
    assert [str(f) for f in report.failures] == [
        'scene 1 "backward", row 1, column 1: slide 6, computed 5'
    ]


def test_the_readme_backward_example_checks_clean() -> None:
    readme = (LESSONS_DIR.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("- kind: backward")
    block = readme[start : readme.index("```", start)]
    text = BASE.replace("  - kind: backward\n", "") + "\n".join(
        "  " + line for line in block.splitlines()
    )
    lesson = load_text(text, "readme.yaml")
    report = verify_lesson(lesson)
    assert report.ok and not report.findings
    scene = lesson.scenes[0]
    assert isinstance(scene, BackwardScene) and scene.expect is not None
    x = torch.tensor(scene.input, requires_grad=True)
    k = torch.tensor(scene.kernel, requires_grad=True)
    (F.conv2d(x[None, None], k[None, None])[0, 0] * torch.tensor(scene.grad_out)).sum().backward()
    assert k.grad is not None
    np.testing.assert_array_equal(compute(scene), k.grad.numpy())
