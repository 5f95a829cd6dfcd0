"""Backward question families: one cell of a gradient, with the mistakes that fit diagnosed.

- ``kernel-grad``: a cell of ∂L/∂k (the inputs under one weight times the output gradients);
- ``input-grad``: a cell of ∂L/∂x (the windows that touched the cell; forgetting the flip is
  diagnosed);
- ``pool-grad``: which cell of a max-pool window gets the window's gradient (ties as torch
  breaks them; routing it to another cell is diagnosed);
- ``relu-grad``: a cell of ReLU's mask (keeping the gradient where x ≤ 0 is diagnosed).

Every answer, worked text and diagnosed value comes from :mod:`engine` (the backward steppers
and :func:`engine.correlate2d`); a generator only picks the numbers. The same seed always gives
the same question.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np

import engine
from engine.display import format_number
from lessons.playback import prepare
from lessons.quiz.model import Choice, Diagnosis, FloatArray, Question, Visual
from lessons.schema import BackwardScene

__all__ = ["input_grad", "kernel_grad", "pool_grad", "relu_grad"]

KEYS = "abcdefgh"


def _n(value: float) -> str:
    return format_number(float(value))


def _cell(row: int, col: int) -> str:
    return f"(row {row + 1}, column {col + 1})"


def _scene(**keys: Any) -> BackwardScene:
    data = {
        key: value.tolist() if isinstance(value, np.ndarray) else value
        for key, value in keys.items()
    }
    return BackwardScene.model_validate({"kind": "backward", **data})


def _ranges(step: engine.Step) -> tuple[range, range]:
    rows, cols = step.window[-2], step.window[-1]
    return range(*rows.indices(rows.stop)), range(*cols.indices(cols.stop))


def _keep(diagnoses: list[Diagnosis], answer: float) -> tuple[Diagnosis, ...]:
    kept: list[Diagnosis] = []
    seen = {round(answer, 9)}
    for diagnosis in diagnoses:
        value = round(float(diagnosis.value), 9)
        if value in seen or not np.isfinite(value):
            continue
        seen.add(value)
        kept.append(diagnosis)
    return tuple(kept)


def _sign(value: float) -> Diagnosis:
    return Diagnosis(
        "sign",
        -value,
        "A sign slip: check each product's sign (a negative gradient times a positive input "
        "is negative).",
    )


def _conv_setup(seed: int) -> tuple[random.Random, FloatArray, FloatArray, FloatArray]:
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    size = rng.randint(4, 5)
    f = rng.choice((2, 3))
    x = nprng.integers(0, 6, size=(size, size)).astype(float)
    k = nprng.integers(-2, 3, size=(f, f)).astype(float)
    while not np.any(k[::-1, ::-1] != k):  # a kernel its flip would not tell apart
        k = nprng.integers(-2, 3, size=(f, f)).astype(float)
    out = size - f + 1
    grad = nprng.integers(-2, 3, size=(out, out)).astype(float)
    return rng, x, k, grad


def kernel_grad(seed: int) -> Question:
    """A cell of the kernel's gradient: ∂L/∂w = Σ (input under w) × ∂L/∂y over the windows."""
    rng, x, k, grad = _conv_setup(seed)
    scene = _scene(layer="correlate2d", wrt="kernel", input=x, kernel=k, grad_out=grad)
    playback = prepare(scene)
    trace, output = playback.trace, playback.output
    assert trace is not None and output is not None
    index = rng.randrange(len(trace))
    step = trace[index]
    out = (int(step.out[0]), int(step.out[1]))
    value = float(step.value)
    rows, cols = _ranges(step)
    f = k.shape[0]
    flipped = (f - 1 - out[0], f - 1 - out[1])
    forward = engine.correlate2d(x, k)
    diagnoses = [
        Diagnosis(
            "inputs-only",
            float(sum(step.inputs)),
            "Each input under the weight counts as much as its window's ∂L/∂y: multiply before "
            f"you add (you added the inputs alone: {_n(sum(step.inputs))}).",
        ),
        Diagnosis(
            "flip",
            float(output[flipped]),
            f"That is ∂L/∂w at {_cell(*flipped)}, the flipped position. The kernel's gradient is "
            "not flipped: weight (i, j) meets the input at offset (i, j) of every window.",
        ),
        Diagnosis(
            "forward",
            float(forward.sum()),
            "That is the sum of the forward outputs; the gradient weights each window by ∂L/∂y.",
        ),
        _sign(value),
    ]
    products = ", ".join(
        f"{_n(v)}*{_n(g)}" for v, g in zip(step.inputs, step.weights or (), strict=False)
    )
    return Question(
        skill="kernel-grad",
        key=f"kernel-grad:{seed}",
        prompt=(
            "A correlation's output got the upstream gradient ∂L/∂y shown as the kernel.\n"
            f"What is ∂L/∂w at {_cell(*out)} of the kernel's gradient?"
        ),
        answer=value,
        answer_text=_n(value),
        worked=step.text,
        hints=(
            f"Weight {_cell(*out)} met rows {rows[0] + 1}–{rows[-1] + 1}, columns "
            f"{cols[0] + 1}–{cols[-1] + 1} of the input, one cell per window (highlighted).",
            f"Input × its window's ∂L/∂y: {products}. Add them up.",
            step.text,
        ),
        diagnoses=_keep(diagnoses, value),
        visual=Visual(playback, out=out, rows=rows, cols=cols, step=step),
        extra={"x": x.tolist(), "k": k.tolist(), "grad": grad.tolist(), "cell": out},
    )


def input_grad(seed: int) -> Question:
    """A cell of the input's gradient: the windows that touched it, each weight × ∂L/∂y."""
    rng, x, k, grad = _conv_setup(seed + 7919)
    scene = _scene(layer="correlate2d", wrt="input", input=x, kernel=k, grad_out=grad)
    playback = prepare(scene)
    trace, output = playback.trace, playback.output
    assert trace is not None and output is not None
    # ask about a cell that two windows or more touched, where forgetting the flip shows
    f = k.shape[0]
    unflipped_all = engine.correlate2d(engine.pad(grad, f - 1), k)
    candidates = [
        i
        for i, step in enumerate(trace)
        if "(windows" in step.text and unflipped_all[step.out] != step.value
    ]
    index = rng.choice(candidates or list(range(len(trace))))
    step = trace[index]
    out = (int(step.out[0]), int(step.out[1]))
    value = float(step.value)
    rows, cols = _ranges(step)
    unflipped = float(unflipped_all[out])
    diagnoses = [
        Diagnosis(
            "flip",
            unflipped,
            "Forgot the flip? The input gradient is ∂L/∂y, padded, correlated with the kernel "
            f"*flipped* (a true convolution); with the kernel as it is you get {_n(unflipped)}.",
        ),
        _sign(value),
    ]
    if out[0] < grad.shape[0] and out[1] < grad.shape[1]:
        diagnoses.append(
            Diagnosis(
                "one-window",
                float(k[0, 0] * grad[out]),
                "A cell gets a share from every window that touched it, not only from the window "
                "whose corner it is.",
            )
        )
    return Question(
        skill="input-grad",
        key=f"input-grad:{seed}",
        prompt=(
            "The upstream gradient ∂L/∂y is spread and padded; the flipped kernel slides over it.\n"
            f"What is ∂L/∂x at {_cell(*out)} of the input's gradient?"
        ),
        answer=value,
        answer_text=_n(value),
        worked=step.text,
        hints=(
            f"The windows that touched input cell {_cell(*out)} each put one weight on it; "
            "under the flipped kernel they are the highlighted cells.",
            "Weight × that window's ∂L/∂y, for each window that touched the cell; add them up.",
            step.text,
        ),
        diagnoses=_keep(diagnoses, value),
        visual=Visual(playback, out=out, rows=rows, cols=cols, step=step),
        extra={"x": x.tolist(), "k": k.tolist(), "grad": grad.tolist(), "cell": out},
    )


def pool_grad(seed: int) -> Question:
    """Which cell of a max-pool window gets the window's gradient (the first largest wins)."""
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    size = rng.choice((4, 6))
    x = nprng.integers(0, 10, size=(size, size)).astype(float)
    out_size = size // 2
    target = (rng.randrange(out_size), rng.randrange(out_size))
    r0, c0 = 2 * target[0], 2 * target[1]
    tie = rng.random() < 0.35
    if tie:  # two cells share the window's largest value: torch routes to the first
        cells = [(r0 + a, c0 + b) for a in range(2) for b in range(2)]
        first, second = sorted(rng.sample(cells, 2))
        top = max(x[r0 : r0 + 2, c0 : c0 + 2].max(), 1.0)
        x[first] = x[second] = top
    grad = nprng.integers(1, 6, size=(out_size, out_size)).astype(float)
    scene = _scene(layer="pool2d", size=2, input=x, grad_out=grad)
    playback = prepare(scene)
    trace = playback.trace
    assert trace is not None
    winner_step = None
    cells = [(r0 + a, c0 + b) for a in range(2) for b in range(2)]
    for cell in cells:
        step = trace[cell[0] * size + cell[1]]
        if step.value:
            winner_step = step
    assert winner_step is not None
    winner = (int(winner_step.out[0]), int(winner_step.out[1]))
    g = grad[target]
    choices = []
    answer_key = ""
    diagnoses: list[Diagnosis] = []
    largest = x[r0 : r0 + 2, c0 : c0 + 2].max()
    for position, cell in enumerate(cells):
        key = KEYS[position]
        choices.append(Choice(key, f"row {cell[0] + 1}, col {cell[1] + 1}: {_n(x[cell])}"))
        if cell == winner:
            answer_key = key
            continue
        if x[cell] == largest:
            message = (
                f"x{_cell(*cell)} ties for the largest value, but torch gives the gradient to the "
                f"first largest cell in reading order, x{_cell(*winner)}."
            )
        else:
            message = (
                f"Routed to the wrong cell: max pooling sends the window's ∂L/∂y = {_n(g)} to its "
                f"largest cell, x{_cell(*winner)} = {_n(largest)}; the others get 0."
            )
        diagnoses.append(Diagnosis(f"choice:{key}", float("nan"), message))
    rows, cols = range(r0, r0 + 2), range(c0, c0 + 2)
    return Question(
        skill="pool-grad",
        key=f"pool-grad:{seed}",
        prompt=(
            "2×2 max pooling, stride 2. The window for output "
            f"{_cell(*target)} got ∂L/∂y = {_n(g)}.\nWhich input cell receives it?"
        ),
        answer=answer_key,
        answer_text=f"{answer_key}) {choices[KEYS.index(answer_key)].text}",
        worked=winner_step.text,
        hints=(
            f"Output {_cell(*target)} pooled rows {r0 + 1}–{r0 + 2}, columns {c0 + 1}–{c0 + 2}.",
            "Only the cell that won the forward pass reached the output; "
            "on a tie the first in reading order won.",
            f"{winner_step.text}: {choices[KEYS.index(answer_key)].text}",
        ),
        choices=tuple(choices),
        diagnoses=tuple(diagnoses),
        visual=Visual(playback, out=winner, rows=rows, cols=cols, step=winner_step, winner=winner),
        extra={"x": x.tolist(), "window": (r0, c0), "tie": tie},
    )


def relu_grad(seed: int) -> Question:
    """A cell of ReLU's mask: ∂L/∂y where x > 0, else 0 (0 at exactly 0, as torch)."""
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    shape = (rng.randint(2, 4), rng.randint(4, 6))
    x = nprng.integers(-4, 5, size=shape).astype(float)
    grad = nprng.integers(1, 8, size=shape).astype(float) * nprng.choice([-1.0, 1.0], size=shape)
    cell = (rng.randrange(shape[0]), rng.randrange(shape[1]))
    if rng.random() < 0.6:  # most often ask where the gradient stops (x ≤ 0)
        x[cell] = float(rng.choice((-3, -2, -1, 0)))
    scene = _scene(layer="relu", input=x, grad_out=grad)
    playback = prepare(scene)
    trace = playback.trace
    assert trace is not None
    step = trace[cell[0] * shape[1] + cell[1]]
    value = float(step.value)
    g = float(grad[cell])
    diagnoses = [
        Diagnosis(
            "kept-negative",
            g,
            f"Kept the gradient through ReLU where x = {_n(x[cell])} ≤ 0? ReLU's slope there is 0"
            + (" (at exactly 0 torch takes 0 too)" if x[cell] == 0 else "")
            + ", so the gradient stops.",
        ),
        Diagnosis(
            "times-x",
            g * float(x[cell]),
            "The mask multiplies ∂L/∂y by ReLU's slope, 1 or 0, not by x itself.",
        ),
        Diagnosis(
            "forward",
            max(0.0, float(x[cell])),
            "That is ReLU's output max(0, x); the question asks for the gradient.",
        ),
    ]
    return Question(
        skill="relu-grad",
        key=f"relu-grad:{seed}",
        prompt=(f"ReLU's input x is drawn, ∂L/∂y beside it.\nWhat is ∂L/∂x at {_cell(*cell)}?"),
        answer=value,
        answer_text=_n(value),
        worked=step.text,
        hints=(
            f"Look at x at {_cell(*cell)}: is it above 0?",
            "ReLU passes ∂L/∂y where x > 0 and sends 0 elsewhere (x = 0 included).",
            step.text,
        ),
        diagnoses=_keep(diagnoses, value),
        visual=Visual(
            playback,
            out=cell,
            rows=range(cell[0], cell[0] + 1),
            cols=range(cell[1], cell[1] + 1),
            step=step,
        ),
        extra={"x": x.tolist(), "grad": grad.tolist(), "cell": cell},
    )
