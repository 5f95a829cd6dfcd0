"""Every generated question's answer equals an independent recomputation (torch, or the slides)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.quiz.families import SKILLS, generate
from lessons.quiz.model import Question

SEEDS = st.integers(min_value=0, max_value=2**31 - 1)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def t(array: np.ndarray) -> torch.Tensor:
    return torch.tensor(np.asarray(array), dtype=torch.float64)


def torch_correlate(x: np.ndarray, k: np.ndarray, **kw: object) -> np.ndarray:
    out = F.conv2d(t(x)[None, None], t(k)[None, None], **kw)  # type: ignore[arg-type]
    return out[0, 0].numpy()


def choice_grid(question: Question, key: str) -> np.ndarray:
    (choice,) = [c for c in question.choices if c.key == key]
    assert choice.grid is not None
    return np.array(choice.grid)


@FAST
@given(seed=SEEDS)
def test_next_cell_answer_matches_torch(seed: int) -> None:
    q = generate("next-cell", seed)
    v, e = q.visual, q.extra
    assert v is not None and v.kernel is not None
    full = torch_correlate(v.input, v.kernel, stride=e["stride"], padding=e["padding"]) + e["bias"]
    if e["divisor"]:
        full = full / e["divisor"]
    assert q.answer == pytest.approx(full[v.out])
    # The highlighted window is the one torch used for that cell.
    s, p = e["stride"], e["padding"]
    assert v.rows[0] == v.out[0] * s and v.cols[0] == v.out[1] * s
    assert v.padded.shape == (v.input.shape[0] + 2 * p, v.input.shape[1] + 2 * p)
    assert q.check(q.answer_text).right
    assert q.hints[-1] == q.worked and q.worked.endswith(q.answer_text)


def torch_length(e: dict[str, object]) -> int:
    n, f = int(e["n"]), int(e["f"])  # type: ignore[call-overload]
    signal = torch.zeros(1, 1, n, dtype=torch.float64)
    if e["pooling"]:
        out = F.max_pool1d(
            signal, f, stride=e["stride"], padding=e["padding"], ceil_mode=e["ceil_mode"]
        )
    else:
        weight = torch.zeros(1, 1, f, dtype=torch.float64)
        out = F.conv1d(
            signal, weight, stride=e["stride"], padding=e["padding"], dilation=e["dilation"]
        )  # type: ignore[arg-type]
    return int(out.shape[-1])


@FAST
@given(seed=SEEDS)
def test_output_size_matches_torch(seed: int) -> None:
    q = generate("output-size", seed)
    assert q.answer == torch_length(q.extra)
    assert q.worked.endswith(f"= {q.answer_text}")


@FAST
@given(seed=SEEDS)
def test_param_count_matches_torch_layers(seed: int) -> None:
    q = generate("param-count", seed)
    e = q.extra
    if e["kind"] == "conv":
        layer: torch.nn.Module = torch.nn.Conv2d(e["in_channels"], e["filters"], e["size"])
    elif e["kind"] == "fc":
        layer = torch.nn.Linear(e["inputs"], e["units"])
    else:
        layer = torch.nn.MaxPool2d(2)
    assert q.answer == sum(p.numel() for p in layer.parameters())


@FAST
@given(seed=SEEDS)
def test_pooling_matches_torch(seed: int) -> None:
    q = generate("pooling", seed)
    v, e = q.visual, q.extra
    assert v is not None
    pool = F.max_pool2d if e["mode"] == "max" else F.avg_pool2d
    full = pool(t(v.input)[None, None], e["size"], stride=e["stride"], padding=e["padding"])[0, 0]
    expected = float(full[v.out])
    if q.is_choice:
        # "Which cell wins": the chosen cell holds the window's maximum, and it is unique.
        window = v.padded[v.rows[0] : v.rows[-1] + 1, v.cols[0] : v.cols[-1] + 1]
        assert np.count_nonzero(window == expected) == 1
        (choice,) = [c for c in q.choices if c.key == q.answer]
        assert choice.text.endswith(f": {int(expected)}")
        assert v.winner is not None and v.padded[v.winner] == expected
    else:
        assert q.answer == pytest.approx(expected)
        assert q.check(q.answer_text).right


@FAST
@given(seed=SEEDS)
def test_same_padding_keeps_the_size_in_torch(seed: int) -> None:
    q = generate("same-padding", seed)
    e = q.extra
    e_pad = int(q.answer)
    extra = {"n": e["n"], "f": e["f"], "dilation": e["dilation"], "pooling": False}
    assert torch_length({**extra, "stride": 1, "padding": e_pad, "ceil_mode": False}) == e["n"]
    if e_pad > 0:  # and it is the smallest such padding
        assert (
            torch_length({**extra, "stride": 1, "padding": e_pad - 1, "ceil_mode": False}) < e["n"]
        )


@FAST
@given(seed=SEEDS)
def test_edge_filter_answer_has_the_strongest_torch_response(seed: int) -> None:
    q = generate("edge-filter", seed)
    assert q.visual is not None
    image = q.visual.input
    strengths = {
        c.key: float(np.abs(torch_correlate(image, np.array(c.grid))).max()) for c in q.choices
    }
    assert max(strengths, key=strengths.__getitem__) == q.answer
    # ...and it is the textbook filter for that edge (deck 000).
    textbook = {"vertical": [[1, 0, -1]] * 3, "horizontal": [[1, 1, 1], [0, 0, 0], [-1, -1, -1]]}
    assert choice_grid(q, str(q.answer)).tolist() == textbook[q.extra["edge"]]


@FAST
@given(seed=SEEDS)
def test_kernel_flip_matches_torch(seed: int) -> None:
    q = generate("kernel-flip", seed)
    k = q.extra["kernel"]
    if q.is_choice:
        rng = np.random.default_rng(seed)
        probe = rng.normal(size=(6, 6))
        # torch's conv2d is correlation; a true convolution correlates with the flipped kernel.
        convolution = torch_correlate(probe, np.flip(k).copy())
        for c in q.choices:
            same = np.allclose(torch_correlate(probe, choice_grid(q, c.key)), convolution)
            assert same == (c.key == q.answer)
    else:
        assert q.visual is not None
        full = torch_correlate(q.visual.input, np.flip(k).copy())
        assert q.answer == pytest.approx(full[q.visual.out])
        # Forgetting the flip gives the correlation, and that is diagnosed.
        forgot = torch_correlate(q.visual.input, k)[q.visual.out]
        if forgot != q.answer:
            verdict = q.check(str(int(forgot)))
            assert verdict.diagnosis is not None and verdict.diagnosis.name == "flip"


@pytest.mark.parametrize("skill", sorted(SKILLS))
def test_same_seed_same_question_and_seeds_vary(skill: str) -> None:
    a, b = generate(skill, 1234), generate(skill, 1234)
    assert (a.prompt, a.answer, a.worked, a.hints) == (b.prompt, b.answer, b.worked, b.hints)
    prompts = {
        generate(skill, seed).prompt + str(generate(skill, seed).answer) for seed in range(8)
    }
    assert len(prompts) > 1


@pytest.mark.parametrize("skill", sorted(SKILLS))
def test_every_question_has_three_hint_tiers_ending_in_the_answer(skill: str) -> None:
    for seed in range(10):
        q = generate(skill, seed)
        assert len(q.hints) == 3
        assert all(h.strip() for h in q.hints)
        assert q.hints[-1] == q.worked or q.answer_text.split(") ")[-1] in q.hints[-1]
        for d in q.diagnoses:
            if not q.is_choice:
                assert not math.isclose(d.value, float(q.answer))  # a diagnosis is never the answer


def test_deck002_parameter_example() -> None:
    """Deck 002: 10 5x5 filters on 32x32x3 → 5*5*3 + 1 = 76 params each, 760 in all."""
    for seed in range(400):
        q = generate("param-count", seed)
        e = q.extra
        if e.get("in_channels") == 3 and e.get("filters") == 10 and e.get("size") == 5:
            assert q.answer == 760
            assert "5*5*3 + 1 = 76" in q.worked
            return
    pytest.skip("no seed in range produced deck 002's layer")
