"""The backward question families agree with torch.autograd, and diagnose the mistakes that fit."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lessons.quiz.families import SKILLS, generate

SEEDS = range(40)


def conv_grads(x: np.ndarray, k: np.ndarray, grad: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    xt = torch.tensor(x, requires_grad=True)
    kt = torch.tensor(k, requires_grad=True)
    (F.conv2d(xt[None, None], kt[None, None])[0, 0] * torch.from_numpy(grad)).sum().backward()
    assert xt.grad is not None and kt.grad is not None
    return xt.grad.numpy(), kt.grad.numpy()


def arrays(extra: dict[str, object], *names: str) -> list[np.ndarray]:
    return [np.array(extra[name], dtype=float) for name in names]


def test_the_four_skills_are_registered() -> None:
    assert {"kernel-grad", "input-grad", "pool-grad", "relu-grad"} <= set(SKILLS)


@pytest.mark.parametrize("seed", SEEDS)
def test_kernel_gradient_cell_matches_autograd(seed: int) -> None:
    q = generate("kernel-grad", seed)
    x, k, grad = arrays(q.extra, "x", "k", "grad")
    _, dk = conv_grads(x, k, grad)
    cell = tuple(q.extra["cell"])  # type: ignore[arg-type]
    assert q.answer == dk[cell]
    assert q.check(str(int(dk[cell]))).kind == "right"
    # adding the inputs without the gradients is diagnosed
    summed = sum(
        x[cell[0] + i, cell[1] + j] for i in range(grad.shape[0]) for j in range(grad.shape[1])
    )
    if summed != dk[cell]:
        verdict = q.check(str(int(summed)))
        assert verdict.diagnosis is not None and verdict.diagnosis.name == "inputs-only"


@pytest.mark.parametrize("seed", SEEDS)
def test_input_gradient_cell_matches_autograd_and_the_forgotten_flip_is_diagnosed(
    seed: int,
) -> None:
    q = generate("input-grad", seed)
    x, k, grad = arrays(q.extra, "x", "k", "grad")
    dx, _ = conv_grads(x, k, grad)
    cell = tuple(q.extra["cell"])  # type: ignore[arg-type]
    assert q.answer == dx[cell]
    # forgetting the flip is what the input gradient of a flipped kernel gives
    forgot, _ = conv_grads(x, k[::-1, ::-1].copy(), grad)
    if forgot[cell] != dx[cell]:
        verdict = q.check(str(int(forgot[cell])))
        assert verdict.diagnosis is not None and verdict.diagnosis.name == "flip"


def test_input_gradient_questions_usually_test_the_flip() -> None:
    flips = sum(any(d.name == "flip" for d in generate("input-grad", s).diagnoses) for s in SEEDS)
    assert flips >= len(SEEDS) * 3 // 4


@pytest.mark.parametrize("seed", SEEDS)
def test_max_pool_gradient_goes_where_torch_sends_it(seed: int) -> None:
    q = generate("pool-grad", seed)
    (x,) = arrays(q.extra, "x")
    xt = torch.tensor(x, requires_grad=True)
    F.max_pool2d(xt[None], 2)[0].sum().backward()
    assert xt.grad is not None
    r0, c0 = q.extra["window"]  # type: ignore[misc]
    window = xt.grad.numpy()[r0 : r0 + 2, c0 : c0 + 2]
    (row, col), *_ = zip(*np.nonzero(window), strict=True)
    answer = next(c for c in q.choices if c.key == q.answer)
    assert answer.text.startswith(f"row {r0 + row + 1}, col {c0 + col + 1}:")
    for choice in q.choices:
        if choice.key != q.answer:
            verdict = q.check(choice.key)
            assert verdict.kind == "wrong" and verdict.diagnosis is not None
            if choice.text.split(": ")[1] == answer.text.split(": ")[1]:  # a tie
                assert "ties" in verdict.diagnosis.message and "first" in verdict.diagnosis.message
            else:
                assert verdict.diagnosis.message.startswith("Routed to the wrong cell")


def test_some_pool_questions_have_a_tie() -> None:
    assert any(generate("pool-grad", s).extra["tie"] for s in SEEDS)


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_mask_cell_matches_autograd(seed: int) -> None:
    q = generate("relu-grad", seed)
    x, grad = arrays(q.extra, "x", "grad")
    xt = torch.tensor(x, requires_grad=True)
    (torch.relu(xt) * torch.from_numpy(grad)).sum().backward()
    assert xt.grad is not None
    cell = tuple(q.extra["cell"])  # type: ignore[arg-type]
    assert q.answer == xt.grad.numpy()[cell]
    if x[cell] <= 0:
        verdict = q.check(str(int(grad[cell])))
        assert verdict.diagnosis is not None and verdict.diagnosis.name == "kept-negative"
