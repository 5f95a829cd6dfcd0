"""Question families: templates with small random arrays and parameters, seeded.

Each family is a skill. A generator takes a seed and returns a :class:`~lessons.quiz.model.Question`
whose answer, worked arithmetic, hints and diagnoses all come from :mod:`engine`: the generator
only picks the numbers. The same seed always gives the same question.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from engine import (
    conv_params,
    convolve2d,
    correlate2d,
    dense_params,
    output_size,
    output_size_formula,
    pad,
    trace_correlate2d,
    trace_pool2d,
)
from engine.display import NumberFormat, format_number
from lessons.playback import correlation, picture
from lessons.playback import pooling as pool_playback
from lessons.quiz import backward_families as backward
from lessons.quiz.model import Choice, Diagnosis, FloatArray, Question, Visual

TRUNCATE_2 = NumberFormat(2, "truncate")
KEYS = "abcdefgh"


@dataclass(frozen=True)
class Skill:
    """A question family.

    Attributes:
        name: The skill's name, as ``--skill`` takes it.
        title: A short title for the summary.
        description: One line on what it practises.
        generate: Seed → question.
    """

    name: str
    title: str
    description: str
    generate: Callable[[int], Question]


def article(number: int) -> str:
    """``a`` or ``an`` before a number as it is read aloud: an 8, an 11, an 18, an 80, a 6.

    >>> [f"{article(n)} {n}" for n in (6, 8, 11, 18, 28, 80, 100, 800, 11000)]
    ['a 6', 'an 8', 'an 11', 'an 18', 'a 28', 'an 80', 'a 100', 'an 800', 'an 11000']
    """
    digits = str(abs(int(number)))
    lead = int(digits[: len(digits) % 3 or 3])  # the group read first: 11 of 11000
    spoken_with_vowel = lead in (8, 11, 18) or 80 <= lead <= 89 or 800 <= lead <= 899
    return "an" if spoken_with_vowel else "a"


def _n(value: float, fmt: NumberFormat | None = None) -> str:
    return format_number(float(value), fmt)


def _cell(row: int, col: int) -> str:
    """Name an output cell for people: rows and columns count from 1."""
    return f"(row {row + 1}, column {col + 1})"


def _span(r: range) -> str:
    first, last = r[0] + 1, r[-1] + 1
    return f"{first}" if first == last else f"{first}–{last}"


def _window_ranges(step: object) -> tuple[range, range]:
    rows, cols = step.window[-2], step.window[-1]  # type: ignore[attr-defined]
    return (
        range(rows.start, rows.stop, rows.step or 1),
        range(cols.start, cols.stop, cols.step or 1),
    )


def _keep(diagnoses: Sequence[Diagnosis], answer: float) -> tuple[Diagnosis, ...]:
    """Drop diagnoses that coincide with the answer or with an earlier, more specific one."""
    kept: list[Diagnosis] = []
    seen = {round(answer, 9)}
    for diagnosis in diagnoses:
        value = round(float(diagnosis.value), 9)
        if value in seen or not np.isfinite(value):
            continue
        seen.add(value)
        kept.append(diagnosis)
    return tuple(kept)


# --------------------------------------------------------------------------- next output cell

CLASSIC_KERNELS: tuple[tuple[tuple[int, ...], ...], ...] = (
    ((1, 0, -1), (1, 0, -1), (1, 0, -1)),  # deck 000: vertical edges
    ((1, 1, 1), (0, 0, 0), (-1, -1, -1)),  # deck 000: horizontal edges
    ((1, -1, -1), (-1, 1, -1), (-1, -1, 1)),  # deck 003: the "\" feature
    ((-1, -1, 1), (-1, 1, -1), (1, -1, -1)),  # deck 003: the "/" feature
)


def next_cell(seed: int) -> Question:
    """Next output cell: the grid shows the window; type the value it produces.

    Two styles, as the decks have them: deck 000's integer images with an edge kernel (some with a
    bias, stride 2 or zero padding), and deck 003's ±1 images whose sum is divided by the number of
    pixels, truncated to two decimals (7/9 → 0.77).
    """
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    deck003 = rng.random() < 0.3
    size = rng.randint(5, 7)
    fmt: NumberFormat | None = None
    divisor: float | None = None
    bias = 0.0
    if deck003:
        x = nprng.choice([-1.0, 1.0], size=(size, size))
        k = np.array(CLASSIC_KERNELS[rng.choice((2, 3))], dtype=float)
        stride, padding = 1, 0
        divisor = float(k.size)
        fmt = TRUNCATE_2
    else:
        x = nprng.integers(0, 10, size=(size, size)).astype(float)
        if rng.random() < 0.5:
            k = np.array(CLASSIC_KERNELS[rng.randrange(len(CLASSIC_KERNELS))], dtype=float)
        else:
            f = rng.choice((2, 3, 3))
            k = nprng.integers(-2, 3, size=(f, f)).astype(float)
        stride = rng.choice((1, 1, 2))
        padding = rng.choice((0, 0, 1))
        if rng.random() < 0.35:
            bias = float(rng.choice((-3, -2, -1, 1, 2, 3)))
    args: dict[str, Any] = {
        "stride": stride,
        "padding": padding,
        "bias": bias,
        "divisor": divisor,
    }
    playback = correlation(x, k, fmt=fmt, **args)
    trace, output = playback.trace, playback.output
    assert trace is not None and output is not None
    index = rng.randrange(len(trace))
    step = trace[index]
    out = (int(step.out[-2]), int(step.out[-1]))
    rows, cols = _window_ranges(step)
    value = float(step.value)

    diagnoses: list[Diagnosis] = []
    if bias:
        plain = trace_correlate2d(x, k, **{**args, "bias": 0.0})[index].value
        diagnoses.append(
            Diagnosis(
                "bias",
                plain,
                f"Forgot the bias? Without + {_n(bias)} the window gives {_n(plain, fmt)}.",
            )
        )
    if divisor:
        summed = trace_correlate2d(x, k, **{**args, "divisor": None})[index].value
        diagnoses.append(
            Diagnosis(
                "divisor",
                summed,
                f"Forgot to divide by {_n(divisor)}? The products add up to {_n(summed)}; "
                f"divided by the {_n(divisor)} pixels of the feature that is {_n(value, fmt)}.",
            )
        )
    touches_pad = padding and (
        rows[0] < padding
        or rows[-1] >= padding + size
        or cols[0] < padding
        or cols[-1] >= padding + size
    )
    if touches_pad:
        for label, mistaken in (
            ("ones", pad(x, padding, value=1.0)),
            ("copies of the edge", np.pad(x, padding, mode="edge")),
        ):
            wrong = correlate2d(mistaken, k, **{**args, "padding": 0})[out]
            diagnoses.append(
                Diagnosis(
                    "padding",
                    float(wrong),
                    f"The padding cells are zeros. Reading them as {label} gives {_n(wrong, fmt)}.",
                )
            )
    for dr, dc in ((0, -1), (0, 1), (-1, 0), (1, 0), (out[1] - out[0], out[0] - out[1])):
        r, c = out[0] + dr, out[1] + dc
        if (dr, dc) != (0, 0) and 0 <= r < output.shape[0] and 0 <= c < output.shape[1]:
            diagnoses.append(
                Diagnosis(
                    "window",
                    float(output[r, c]),
                    f"That is the value of output cell {_cell(r, c)}: you used the wrong window. "
                    f"Cell {_cell(*out)} uses rows {_span(rows)} and columns {_span(cols)} "
                    "of the padded input.",
                )
            )
    sign_message = (
        "A sign slip: check each product's sign (a negative weight times a positive input "
        "is negative)."
    )
    diagnoses.append(Diagnosis("sign", -value, sign_message))
    scale = divisor or 1.0
    for weight, term in zip(step.weights or (), step.terms, strict=False):
        if term and weight < 0:  # the product most often written with the wrong sign
            diagnoses.append(Diagnosis("sign", value - 2 * float(term) / scale, sign_message))

    extras = []
    if stride != 1:
        extras.append(f"stride {stride}")
    if padding:
        extras.append(f"zero padding {padding}")
    if bias:
        extras.append(f"bias {_n(bias)}")
    setting = f" ({', '.join(extras)})" if extras else ""
    prompt = f"Correlate the input with the kernel{setting}."
    if divisor:
        prompt += f" Then divide by the number of pixels in the feature, {_n(divisor)}."
    prompt += f"\nWhat is output cell {_cell(*out)}?"
    if fmt is not None:
        prompt += " (The lesson cuts to two decimals: 7/9 shows as 0.77; 7/9 itself is fine.)"

    products = ", ".join(
        f"{_n(w)}*{_n(i)}" for w, i in zip(step.weights or (), step.inputs or (), strict=False)
    )
    tail = []
    if bias:
        tail.append(f"then add the bias {_n(bias)}")
    if divisor:
        tail.append(f"then divide by {_n(divisor)}")
    hint2 = f"Weight × input, cell by cell: {products}. Add them up"
    hint2 += (", " + ", ".join(tail) if tail else "") + "."
    hints = (
        f"Output cell {_cell(*out)} uses the window at rows {_span(rows)}, columns {_span(cols)} "
        f"of the {'padded ' if padding else ''}input (highlighted).",
        hint2,
        step.text,
    )
    return Question(
        skill="next-cell",
        key=f"next-cell:{seed}",
        extra={"stride": stride, "padding": padding, "bias": bias, "divisor": divisor},
        prompt=prompt,
        answer=value,
        answer_text=_n(value, fmt),
        worked=step.text,
        hints=hints,
        fmt=fmt,
        diagnoses=_keep(diagnoses, value),
        visual=Visual(playback, out=out, rows=rows, cols=cols, step=step),
    )


# --------------------------------------------------------------------------- output size


def output_size_question(seed: int) -> Question:
    """Output size for (N, F, S, P, dilation): floor cases, and ceil-mode pooling."""
    rng = random.Random(seed)
    pooling = rng.random() < 0.3
    while True:
        if pooling:
            n = rng.randint(4, 15)
            f = rng.choice((2, 3))
            s = rng.choice((2, 2, 3))
            p = rng.choice((0, 0, 1)) if f == 3 else 0
            d = 1
            ceil_mode = rng.random() < 0.6
        else:
            n = rng.choice((5, 6, 7, 8, 9, 10, 12, 14, 16, 28, 32))
            f = rng.choice((1, 2, 3, 3, 5, 7))
            s = rng.choice((1, 1, 2, 2, 3))
            p = rng.choice((0, 0, 1, 2))
            p = p if p < f else 0
            d = 2 if rng.random() < 0.15 else 1
            ceil_mode = False
        if n + 2 * p < d * (f - 1) + 1:
            continue
        break
    answer = float(output_size(n, f, stride=s, padding=p, dilation=d, ceil_mode=ceil_mode))
    worked = output_size_formula(n, f, stride=s, padding=p, dilation=d, ceil_mode=ceil_mode)

    def size(**change: int | bool) -> float:
        params: dict[str, int | bool] = {
            "stride": s,
            "padding": p,
            "dilation": d,
            "ceil_mode": ceil_mode,
        }
        params.update(change)
        try:
            return float(output_size(n, f, **params))  # type: ignore[arg-type]
        except ValueError:
            return float("nan")

    diagnoses: list[Diagnosis] = []
    if p:
        diagnoses.append(
            Diagnosis(
                "padding",
                size(padding=0),
                f"Forgot the padding? It adds {p} on each side: N + 2P = {n + 2 * p}.",
            )
        )
    if d > 1:
        diagnoses.append(
            Diagnosis(
                "dilation",
                size(dilation=1),
                f"With dilation {d} the kernel spans {d}·({f} − 1) + 1 = {d * (f - 1) + 1} cells.",
            )
        )
    if ceil_mode:
        diagnoses.append(
            Diagnosis(
                "floor",
                size(ceil_mode=False),
                "With ceil_mode=True the division rounds up: a last, partial window that starts "
                "inside the input still counts.",
            )
        )
    else:
        diagnoses.append(
            Diagnosis(
                "ceil",
                size(ceil_mode=True),
                "The division rounds down (floor): a window that would hang over the edge "
                "is not computed.",
            )
        )
    room = n + 2 * p - d * (f - 1) - 1
    if room % s:
        diagnoses.append(
            Diagnosis(
                "fraction",
                room / s + 1,
                f"The stride does not divide {room} evenly: take the floor of {room}/{s}, "
                "then add 1.",
            )
        )
    steps = f"⌈{room}/{s}⌉" if ceil_mode else f"⌊{room}/{s}⌋"
    diagnoses += [
        Diagnosis(
            "off-by-one",
            answer - 1,
            f"One too low: {steps} counts the steps the window can take after the first; "
            "add 1 for the first window itself.",
        ),
        Diagnosis(
            "off-by-one",
            answer + 1,
            f"One too high: {steps} + 1 already counts the first window, so there is nothing "
            "more to add. Count the window positions: the first one, then one per step.",
        ),
    ]
    if pooling:
        kind = "max" if rng.random() < 0.5 else "average"
        what = f"{article(f).title()} {f}×{f} {kind} pool with stride {s}"
        what += f" and padding {p}" if p else ""
        what += ", ceil_mode=True," if ceil_mode else ""
        what += f" slides over {article(n)} {n}×{n} input."
    else:
        what = (
            f"{article(f).title()} {f}×{f} filter slides over {article(n)} {n}×{n} input "
            f"with stride {s}, padding {p}"
        )
        what += f" and dilation {d}." if d > 1 else "."
    symbols = "⌈(N + 2P − F)/S⌉ + 1" if ceil_mode else "⌊(N + 2P − F)/S⌋ + 1"
    if d > 1:
        symbols = "⌊(N + 2P − d(F − 1) − 1)/S⌋ + 1"
    hint1 = f"Output size = {symbols}."
    if ceil_mode:
        hint1 += " (torch drops the last window if it would start in the right padding.)"
    return Question(
        skill="output-size",
        key=f"output-size:{seed}",
        extra={
            "n": n,
            "f": f,
            "stride": s,
            "padding": p,
            "dilation": d,
            "ceil_mode": ceil_mode,
            "pooling": pooling,
        },
        prompt=f"{what}\nHow many output cells along each side?",
        answer=answer,
        answer_text=_n(answer),
        worked=worked,
        hints=(hint1, worked.rsplit(" = ", 1)[0], worked),
        diagnoses=_keep(diagnoses, answer),
    )


# --------------------------------------------------------------------------- parameter count


def param_count(seed: int) -> Question:
    """Parameter count: K filters of F×F×C plus K biases; fully connected layers; pooling (0)."""
    rng = random.Random(seed)
    kind = rng.choices(("conv", "fc", "pool"), weights=(6, 3, 1))[0]
    diagnoses: list[Diagnosis] = []
    params: dict[str, object] = {"kind": kind}
    if kind == "conv":
        n = rng.choice((7, 28, 32, 64))
        c = rng.choice((1, 3, 3, 6, 16, 32))
        k = rng.choice((4, 6, 8, 10, 16, 32, 64))
        f = rng.choice((1, 3, 3, 5, 5, 7))
        s = rng.choice((1, 1, 2))
        p = rng.choice((0, (f - 1) // 2))
        answer = float(conv_params(c, k, f))
        params.update(in_channels=c, filters=k, size=f)
        prompt = (
            f"Input volume {n}×{n}×{c}. A conv layer has {k} {f}×{f} filters with stride {s}, "
            f"pad {p}.\nHow many parameters (weights and biases) does it have?"
        )
        per = f * f * c + 1
        worked = f"each filter has {f}*{f}*{c} + 1 = {per} params (+1 for bias) ⇒ {per}*{k} = "
        worked += _n(answer)
        hints = (
            "Each filter has F×F×C weights plus 1 bias, and there are K filters. "
            "Stride and padding change the output size, not the parameters.",
            f"({f}·{f}·{c} + 1) · {k}",
            worked,
        )
        diagnoses += [
            Diagnosis(
                "bias",
                float(conv_params(c, k, f, bias=False)),
                f"Forgot the biases? Each of the {k} filters has one: add {k}.",
            ),
            Diagnosis(
                "channels",
                float(conv_params(1, k, f)),
                f"Forgot the channels? Each filter is {f}×{f}×{c}: it spans all {c} input "
                "channels.",
            ),
            Diagnosis(
                "one-bias",
                float(conv_params(c, k, f, bias=False) + 1),
                f"One bias per filter, not one per layer: {k} biases.",
            ),
        ]
    elif kind == "fc":
        c = rng.choice((2, 4, 8, 16))
        h = rng.choice((2, 3, 4, 5, 7))
        units = rng.choice((2, 10, 32, 64, 120))
        inputs = c * h * h
        answer = float(dense_params(inputs, units))
        params.update(inputs=inputs, units=units)
        prompt = (
            f"A {h}×{h}×{c} volume is flattened into a fully connected layer of {units} units.\n"
            "How many parameters (weights and biases) does the layer have?"
        )
        worked = f"{h}*{h}*{c} = {inputs} inputs ⇒ ({inputs} + 1)*{units} = {_n(answer)}"
        hints = (
            "Every unit has one weight per input plus a bias. Flattening keeps every number: "
            "inputs = H×W×C.",
            f"({h}·{h}·{c} + 1) · {units}",
            worked,
        )
        diagnoses += [
            Diagnosis(
                "bias",
                float(dense_params(inputs, units, bias=False)),
                f"Forgot the biases? Each of the {units} units has one.",
            ),
            Diagnosis(
                "flatten",
                float(dense_params(h * h, units)),
                f"Flattening keeps all {c} channels: {h}·{h}·{c} = {inputs} inputs.",
            ),
        ]
    else:
        f = rng.choice((2, 3))
        answer = 0.0  # pooling has no weights and no bias
        prompt = f"A {f}×{f} max-pooling layer with stride {f}.\nHow many parameters does it learn?"
        worked = "Pooling only takes the max (or average) of each window: 0 parameters."
        hints = (
            "What would pooling need to learn? It has no weights and no bias.",
            "max(window) or avg(window): nothing to learn.",
            worked,
        )
    return Question(
        skill="param-count",
        key=f"param-count:{seed}",
        extra=params,
        prompt=prompt,
        answer=answer,
        answer_text=_n(answer),
        worked=worked,
        hints=hints,
        diagnoses=_keep(diagnoses, answer),
    )


# --------------------------------------------------------------------------- pooling

_POSITIONS = {
    (2, 2): ("top-left", "top-right", "bottom-left", "bottom-right"),
}


def _position_name(dr: int, dc: int, f: int) -> str:
    if f == 2:
        return _POSITIONS[(2, 2)][dr * 2 + dc]
    vertical = ("top", "middle", "bottom")[dr]
    horizontal = ("left", "centre", "right")[dc]
    return "centre" if (dr, dc) == (1, 1) else f"{vertical}-{horizontal}"


def pooling(seed: int) -> Question:
    """Pooling: the pooled value (max or average, fractions welcome) and which cell wins."""
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    variant = rng.choice(("max", "avg", "avg", "winner"))
    f = 3 if variant == "avg" and rng.random() < 0.3 else 2
    padding = 1 if f == 3 and rng.random() < 0.5 else 0
    stride = f if not padding else 2
    size = rng.choice((4, 6)) if f == 2 else rng.choice((5, 6))
    while True:
        x = nprng.integers(0, 10, size=(size, size)).astype(float)
        mode: Literal["max", "avg"] = "avg" if variant == "avg" else "max"
        playback = pool_playback(x, f, stride=stride, mode=mode, padding=padding)
        trace = playback.trace
        assert trace is not None
        index = rng.randrange(len(trace))
        step = trace[index]
        window_values = sorted(step.terms)
        if variant != "winner" or window_values[-1] != window_values[-2]:
            break
    out = (int(step.out[-2]), int(step.out[-1]))
    output, padded = playback.output, playback.padded
    assert output is not None and padded is not None
    rows, cols = _window_ranges(step)
    value = float(step.value)
    visual = Visual(
        playback,
        out=out,
        rows=rows,
        cols=cols,
        step=step,
        winner=(int(step.winner[-2]), int(step.winner[-1])) if step.winner is not None else None,
    )
    hint1 = (
        f"Output cell {_cell(*out)} pools rows {_span(rows)}, columns {_span(cols)}"
        f"{' of the padded input' if padding else ''} (highlighted)."
    )
    values = ", ".join(_n(t) for t in step.terms)
    setting = f"{f}×{f} {'max' if mode == 'max' else 'average'} pooling with stride {stride}"
    if padding:
        setting += f" and zero padding {padding} (count_include_pad, as PyTorch does)"
    if variant == "winner":
        choices = []
        answer_key = ""
        for position, (r, c) in enumerate((r, c) for r in rows for c in cols):
            key = KEYS[position]
            name = _position_name(r - rows[0], c - cols[0], f)
            choices.append(Choice(key, f"{name}: {_n(padded[r, c])}"))
            if step.winner is not None and (r, c) == tuple(step.winner[-2:]):
                answer_key = key
        winner_choice = next(c for c in choices if c.key == answer_key)
        wrong = tuple(
            Diagnosis(
                f"choice:{c.key}",
                float("nan"),
                f"Max pooling keeps the largest value in the window: {_n(value)}, not "
                f"{c.text.split(': ')[1]}.",
            )
            for c in choices
            if c.key != answer_key
        )
        return Question(
            skill="pooling",
            key=f"pooling:{seed}",
            extra={"size": f, "stride": stride, "padding": padding, "mode": mode},
            prompt=f"{setting}.\nWhich cell of the window for output {_cell(*out)} wins?",
            answer=answer_key,
            answer_text=f"{answer_key}) {winner_choice.text}",
            worked=step.text,
            hints=(hint1, f"The window holds {values}.", f"{step.text}: {winner_choice.text}"),
            choices=tuple(choices),
            diagnoses=wrong,
            visual=visual,
        )
    diagnoses: list[Diagnosis] = []
    other: Literal["max", "avg"] = "max" if mode == "avg" else "avg"
    other_value = trace_pool2d(x, f, stride=stride, mode=other, padding=padding)[index].value
    diagnoses.append(
        Diagnosis(
            "mode",
            float(other_value),
            f"That is the {'maximum' if other == 'max' else 'average'}; this layer takes the "
            f"{'maximum' if mode == 'max' else 'average'}.",
        )
    )
    if mode == "avg":
        total = float(sum(step.terms))
        count = len(step.terms)
        diagnoses.append(
            Diagnosis(
                "divisor",
                total,
                f"Forgot to divide? The window adds up to {_n(total)}; average = "
                f"{_n(total)}/{count}.",
            )
        )
        real = [
            padded[r, c]
            for r in rows
            for c in cols
            if padding <= r < padding + size and padding <= c < padding + size
        ]
        if len(real) != count:
            diagnoses.append(
                Diagnosis(
                    "padding",
                    total / len(real),
                    f"PyTorch's avg pooling counts the padded zeros (count_include_pad): divide "
                    f"by {count}, not by the {len(real)} real cells.",
                )
            )
    for dr, dc in ((0, -1), (0, 1), (-1, 0), (1, 0)):
        r, c = out[0] + dr, out[1] + dc
        if 0 <= r < output.shape[0] and 0 <= c < output.shape[1]:
            diagnoses.append(
                Diagnosis(
                    "window",
                    float(output[r, c]),
                    f"That is output cell {_cell(r, c)}: you pooled the wrong window. Cell "
                    f"{_cell(*out)} covers rows {_span(rows)} and columns {_span(cols)}.",
                )
            )
    tier2 = f"The window holds {values}."
    if mode == "avg":
        tier2 += f" Add them and divide by {len(step.terms)}."
    prompt = f"{setting}.\nWhat is output cell {_cell(*out)}?"
    if mode == "avg":
        prompt += " (A fraction such as 9/4 is fine.)"
    return Question(
        skill="pooling",
        key=f"pooling:{seed}",
        extra={"size": f, "stride": stride, "padding": padding, "mode": mode},
        prompt=prompt,
        answer=value,
        answer_text=_n(value),
        worked=step.text,
        hints=(hint1, tier2, step.text),
        diagnoses=_keep(diagnoses, value),
        visual=visual,
    )


# --------------------------------------------------------------------------- concepts


def same_padding_question(seed: int) -> Question:
    """The padding "same" needs: (F − 1)/2 on each side at stride 1 (d(F − 1)/2 with dilation)."""
    rng = random.Random(seed)
    f = rng.choice((1, 3, 3, 5, 5, 7, 9))
    d = 2 if f > 1 and rng.random() < 0.2 else 1
    n = rng.choice([m for m in (6, 7, 8, 28, 32, 64) if m >= d * (f - 1) + 1])
    candidates = [p for p in range(0, d * f + 1) if output_size(n, f, padding=p, dilation=d) == n]
    answer = float(candidates[0])
    dilation = f" and dilation {d}" if d > 1 else ""
    prompt = (
        f"{article(f).title()} {f}×{f} filter{dilation} slides with stride 1 over "
        f"{article(n)} {n}×{n} input.\n"
        f"How many zeros of padding on each side keep the output {n}×{n} ('same')?"
    )
    span = d * (f - 1) + 1
    worked = (
        f"P = {'d·' if d > 1 else ''}(F − 1)/2 = {f'{d}·' if d > 1 else ''}({f} − 1)/2 = "
        f"{_n(answer)}; check: {output_size_formula(n, f, padding=int(answer), dilation=d)}"
    )
    diagnoses = [
        Diagnosis(
            "total",
            2 * answer,
            f"That is the total padding; it is split between both sides: {_n(answer)} on each.",
        )
    ]
    for delta in (-1, 1):
        p = int(answer) + delta
        if p >= 0:
            got = output_size(n, f, padding=p, dilation=d)
            side = "too high" if delta > 0 else "too low"
            change = "grows" if delta > 0 else "shrinks"
            diagnoses.append(
                Diagnosis(
                    "off-by-one",
                    float(p),
                    f"One {side}: with padding {p} the output {change} to {got}×{got}, "
                    f"not {n}×{n}.",
                )
            )
    return Question(
        skill="same-padding",
        key=f"same-padding:{seed}",
        extra={"n": n, "f": f, "dilation": d},
        prompt=prompt,
        answer=answer,
        answer_text=_n(answer),
        worked=worked,
        hints=(
            f"The kernel covers {span} cells; at stride 1 the output loses {span - 1} of them "
            "unless padding gives them back.",
            f"Split the {span - 1} lost cells between the two sides.",
            worked,
        ),
        diagnoses=_keep(diagnoses, answer),
    )


EDGE_FILTERS: tuple[tuple[str, tuple[tuple[int, ...], ...], str], ...] = (
    ("vertical", ((1, 0, -1), (1, 0, -1), (1, 0, -1)), "compares left with right"),
    ("horizontal", ((1, 1, 1), (0, 0, 0), (-1, -1, -1)), "compares top with bottom"),
    ("diagonal", ((0, 1, 1), (-1, 0, 1), (-1, -1, 0)), "compares corner with corner"),
    ("laplacian", ((0, 1, 0), (1, -4, 1), (0, 1, 0)), "compares the centre with its neighbours"),
)


def _kernel_text(kernel: Any) -> str:
    return " / ".join(" ".join(f"{_n(v):>2}" for v in row) for row in kernel)


def edge_filter(seed: int) -> Question:
    """Which filter finds vertical or horizontal edges (deck 000's edge detection)."""
    rng = random.Random(seed)
    size = rng.randint(6, 8)
    cut = rng.randint(2, size - 2)
    bright, dark = rng.choice(((20, 0), (10, 0), (9, 1), (5, 0)))
    if rng.random() < 0.5:
        bright, dark = dark, bright
    vertical = rng.random() < 0.5
    x = np.full((size, size), float(dark))
    if vertical:
        x[:, :cut] = bright
    else:
        x[:cut, :] = bright
    picks = list(EDGE_FILTERS[:2]) + rng.sample(EDGE_FILTERS[2:], rng.randint(1, 2))
    rng.shuffle(picks)
    strength = []
    for _, kernel, _ in picks:
        response = correlate2d(x, np.array(kernel, dtype=float))
        strength.append(float(np.max(np.abs(response))))
    best = int(np.argmax(strength))
    if sorted(strength)[-1] == sorted(strength)[-2]:  # pragma: no cover - the filters differ
        raise RuntimeError("edge filters tie")
    choices = tuple(
        Choice(
            KEYS[i], f"{_kernel_text(kernel)}", tuple(tuple(float(v) for v in r) for r in kernel)
        )
        for i, (_, kernel, _) in enumerate(picks)
    )
    answer_key = KEYS[best]
    diagnoses = tuple(
        Diagnosis(
            f"choice:{KEYS[i]}",
            strength[i],
            f"That filter {what}: its strongest response here is {_n(strength[i])}, "
            f"while {answer_key}) reaches {_n(strength[best])}.",
        )
        for i, (_, _, what) in enumerate(picks)
        if i != best
    )
    kind = "vertical" if vertical else "horizontal"
    _, best_kernel, best_what = picks[best]
    worked = (
        f"The edge is {kind}. Filter {answer_key}) {best_what}: across the edge it gives "
        f"{_n(strength[best])}; on flat regions 0."
    )
    return Question(
        skill="edge-filter",
        key=f"edge-filter:{seed}",
        prompt="Which filter responds most strongly to the edge in this image?",
        answer=answer_key,
        answer_text=f"{answer_key}) {_kernel_text(best_kernel)}",
        worked=worked,
        hints=(
            f"Is the edge in this image vertical or horizontal? Here it is {kind}.",
            "A filter that subtracts one side from the other gives 0 on flat regions and a big "
            f"value where the sides differ: you want one that {best_what}.",
            worked,
        ),
        choices=choices,
        diagnoses=diagnoses,
        visual=Visual(
            picture(x, np.array(best_kernel, dtype=float)),
            out=(0, 0),
            rows=range(0),
            cols=range(0),
            picture=True,
        ),
        extra={"edge": kind},
    )


def _distinct_kernel(rng: random.Random, f: int) -> FloatArray:
    values = rng.sample(range(-4, 10), f * f)
    return np.array(values, dtype=float).reshape(f, f)


def kernel_flip(seed: int) -> Question:
    """The kernel flip between convolution and correlation.

    Either "which kernel makes correlate2d equal convolve2d with K" (a choice), or a cell of a
    true convolution (numeric: forgetting the flip gives the correlation's value).
    """
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    f = rng.choice((2, 3))
    k = _distinct_kernel(rng, f)
    if rng.random() < 0.5:
        probe = nprng.integers(-5, 6, size=(f + 3, f + 3)).astype(float)
        target = convolve2d(probe, k)
        others = [
            ("flipped left–right only", np.fliplr(k)),
            ("flipped top–bottom only", np.flipud(k)),
            ("unchanged", k.copy()),
            ("transposed", k.T.copy()),
        ]
        candidates = [("rotated 180° (flip both ways)", np.flip(k))]
        candidates += rng.sample(others, rng.randint(2, 4))
        rng.shuffle(candidates)
        matches = [np.allclose(correlate2d(probe, c), target) for _, c in candidates]
        if sum(matches) != 1:  # pragma: no cover - distinct values make exactly one match
            raise RuntimeError("flip candidates ambiguous")
        best = matches.index(True)
        choices = tuple(
            Choice(KEYS[i], _kernel_text(c), tuple(tuple(float(v) for v in r) for r in c))
            for i, (_, c) in enumerate(candidates)
        )
        answer_key = KEYS[best]
        worked = (
            "Convolution rotates the kernel 180° (flips rows and columns), then slides it like "
            f"correlation: {_kernel_text(k)} becomes {_kernel_text(np.flip(k))}."
        )
        diagnoses = tuple(
            Diagnosis(
                f"choice:{KEYS[i]}",
                float("nan"),
                f"That kernel is {label}; convolution flips both ways (rotates 180°).",
            )
            for i, (label, _) in enumerate(candidates)
            if i != best
        )
        return Question(
            skill="kernel-flip",
            key=f"kernel-flip:{seed}",
            extra={"kernel": k},
            prompt=(
                f"conv2d in PyTorch computes cross-correlation. A true convolution with the "
                f"kernel {_kernel_text(k)} equals a correlation with which kernel?"
            ),
            answer=answer_key,
            answer_text=f"{answer_key}) {_kernel_text(np.flip(k))}",
            worked=worked,
            hints=(
                "Convolution flips the kernel before sliding it; correlation does not.",
                "The flip is in both directions: the top-left weight ends bottom-right.",
                worked,
            ),
            choices=choices,
            diagnoses=diagnoses,
        )
    size = f + rng.randint(1, 2)
    x = nprng.integers(0, 10, size=(size, size)).astype(float)
    flipped = np.flip(k)
    playback = correlation(x, k, convolve=True)
    trace, output = playback.trace, playback.output
    assert trace is not None and output is not None
    index = rng.randrange(len(trace))
    step = trace[index]
    out = (int(step.out[-2]), int(step.out[-1]))
    value = float(output[out])
    correlated = float(correlate2d(x, k)[out])
    rows, cols = _window_ranges(step)
    products = ", ".join(
        f"{_n(w)}*{_n(i)}" for w, i in zip(step.weights or (), step.inputs or (), strict=False)
    )
    numeric_diagnoses = [
        Diagnosis(
            "flip",
            correlated,
            f"That is the correlation (no flip). Convolution uses the kernel rotated 180°: "
            f"{_kernel_text(flipped)}.",
        ),
        Diagnosis("sign", -value, "A sign slip: check the signs of the products."),
    ]
    return Question(
        skill="kernel-flip",
        key=f"kernel-flip:{seed}",
        extra={"kernel": k},
        prompt=(
            "Convolve the input with the kernel shown: a true convolution (the kernel flipped), "
            "no padding, stride 1.\n"
            f"What is output cell {_cell(*out)}?"
        ),
        answer=value,
        answer_text=_n(value),
        worked=step.text,
        hints=(
            f"Rotate the kernel 180° first: {_kernel_text(flipped)}. Then use the window at rows "
            f"{_span(rows)}, columns {_span(cols)}.",
            f"Flipped weight × input: {products}. Add them up.",
            step.text,
        ),
        diagnoses=_keep(numeric_diagnoses, value),
        visual=Visual(playback, out=out, rows=rows, cols=cols, step=step),
    )


SKILLS: dict[str, Skill] = {
    skill.name: skill
    for skill in (
        Skill("next-cell", "Next output cell", "the value one window produces", next_cell),
        Skill(
            "output-size",
            "Output size",
            "⌊(N + 2P − F)/S⌋ + 1, floors, dilation, ceil-mode pooling",
            output_size_question,
        ),
        Skill(
            "param-count", "Parameter count", "K·(F·F·C + 1), fully connected layers", param_count
        ),
        Skill("pooling", "Pooling", "max and average pooling, which cell wins", pooling),
        Skill(
            "same-padding",
            "'Same' padding",
            "the padding that keeps the size",
            same_padding_question,
        ),
        Skill("edge-filter", "Edge filters", "which filter finds which edge", edge_filter),
        Skill("kernel-flip", "Kernel flip", "convolution vs cross-correlation", kernel_flip),
        Skill("kernel-grad", "Kernel gradient", "∂L/∂w: inputs times ∂L/∂y", backward.kernel_grad),
        Skill("input-grad", "Input gradient", "∂L/∂x: the flipped kernel", backward.input_grad),
        Skill("pool-grad", "Max-pool gradient", "which cell gets it", backward.pool_grad),
        Skill("relu-grad", "ReLU gradient", "the mask, 0 at x ≤ 0", backward.relu_grad),
    )
}


def generate(skill: str, seed: int) -> Question:
    """Generate the question of ``skill`` for ``seed``.

    Raises:
        KeyError: For an unknown skill.
    """
    return SKILLS[skill].generate(seed)


__all__ = ["SKILLS", "Skill", "generate"]
