"""The playground's torch scripts compute what the engine computes (torch imported here)."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lessons.playground import PlaygroundError, PlayState, torch_script
from tui.training.playground_check import largest_difference, torch_output

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def states(draw: st.DrawFn) -> PlayState:
    op = draw(
        st.sampled_from(
            ["correlate", "convolve", "transposed", "max-pool", "avg-pool", "relu", "bias"]
        )
    )
    rows, cols = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    channels = draw(st.sampled_from([0, 0, 2])) if op in ("correlate", "max-pool") else 0
    shape = (channels, rows, cols) if channels else (rows, cols)
    x = (
        np.array(
            draw(
                st.lists(
                    st.integers(-9, 9), min_size=int(np.prod(shape)), max_size=int(np.prod(shape))
                )
            )
        )
        .reshape(shape)
        .astype(float)
    )
    f, g = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kshape = (channels, f, g) if channels else (f, g)
    k = (
        np.array(
            draw(
                st.lists(
                    st.integers(-3, 3), min_size=int(np.prod(kshape)), max_size=int(np.prod(kshape))
                )
            )
        )
        .reshape(kshape)
        .astype(float)
    )
    stride = draw(st.sampled_from([1, 2, [1, 2]]))
    if op in ("correlate", "convolve"):
        padding = draw(st.sampled_from([0, 1, [1, 0], [[1, 0], [0, 2]], "valid", "full"]))
    elif op == "transposed":
        padding = draw(st.sampled_from([0, 1]))
    else:
        padding = draw(st.sampled_from([0, 1, [0, 1], [[1, 0], [0, 1]], [[0, 1], [1, 1]]]))
    return PlayState(
        input=x,
        kernel=k,
        op=op,
        stride=stride,
        padding=padding,
        dilation=draw(st.sampled_from([1, 2])) if op != "transposed" else 1,
        bias=draw(st.sampled_from([0, 1, -2.5])),
        divisor=draw(st.sampled_from([None, None, 4])) if op in ("correlate", "convolve") else None,
        size=draw(st.sampled_from([1, 2, 3, [2, 1]])),
        pool_stride=draw(st.sampled_from([None, 1, 2])),
        ceil_mode=draw(st.booleans()),
        count_include_pad=draw(st.booleans()),
        zero_pad=op == "max-pool" and draw(st.booleans()),
    )


@SETTINGS
@given(states())
def test_torch_script_equals_the_engine(state: PlayState) -> None:
    try:
        built = state.build()
    except PlaygroundError:
        assume(False)
        return
    theirs = torch_output(built)
    assert theirs.shape == built.output.shape
    np.testing.assert_allclose(theirs, built.output, rtol=1e-10, atol=1e-9)


@SETTINGS
@given(states())
def test_module_form_script_equals_the_engine(state: PlayState) -> None:
    """nn.Conv2d / nn.MaxPool2d / ... with the weights set compute the engine's output."""
    try:
        built = state.build()
    except PlaygroundError:
        assume(False)
        return
    script = torch_script(built, module=True)
    assert not re.search(r"F\.(conv\w*|\w+_pool\dd|relu)\(", script)  # modules only
    theirs = torch_output(built, module=True)
    assert theirs.shape == built.output.shape
    np.testing.assert_allclose(theirs, built.output, rtol=1e-10, atol=1e-9)


def test_module_form_sets_the_playgrounds_kernel_and_bias() -> None:
    """The script's nn.Conv2d holds deck 000's filter and the bias, not random weights."""
    import torch

    built = PlayState.example().replace(bias=2, stride=2).build()
    script = torch_script(built, module=True)
    assert "nn.Conv2d(1, 1, (3, 3), stride=2, padding=(1, 1), dilation=1" in script
    namespace: dict[str, object] = {}
    exec(compile(script.replace("print(", "(lambda *a: None)("), "s", "exec"), namespace)
    conv = namespace["conv"]
    assert isinstance(conv, torch.nn.Conv2d)
    want = np.array([[1.0, 0.0, -1.0]] * 3)  # deck 000's vertical-edge filter
    np.testing.assert_array_equal(conv.weight.detach().numpy()[0, 0], want)
    assert conv.bias is not None and conv.bias.item() == 2
    # an independent reference: torch's own functional call with the same numbers
    x = torch.tensor(PlayState.example().input)[None, None]
    w = torch.tensor(want)[None, None]
    ref = torch.nn.functional.conv2d(x, w, torch.tensor([2.0], dtype=torch.float64), 2, 1)
    np.testing.assert_array_equal(built.output, ref[0, 0].numpy())
    assert largest_difference(built, module=True) == 0


def test_largest_difference_is_zero_on_deck_000() -> None:
    assert largest_difference(PlayState.example().build()) < 1e-12


def test_stacked_layers_torch_script_equals_the_engine() -> None:
    from lessons.playground.layers import Layer

    layers = (
        Layer("relu"),
        Layer("max-pool", size=2, stride=1, padding=1),
        Layer("correlate", kernel=np.array([[1.0, -2.0], [0.5, 3.0]]), stride=2, bias=1),
    )
    for stack in (layers[:1], layers[:2], layers[1:]):
        built = PlayState.example().replace(layers=stack).build()
        assert largest_difference(built) < 1e-12
        assert largest_difference(built, module=True) < 1e-12


def test_zero_padding_script_is_f_pad_then_max_pool2d_and_agrees() -> None:
    """Max pooling over zeros: the script pads explicitly (max_pool2d's own padding is -inf)."""
    import torch
    import torch.nn.functional as F

    x = -np.arange(1.0, 17.0).reshape(4, 4)
    for ceil in (False, True):
        state = PlayState(x, op="max-pool", size=3, pool_stride=2, padding=1, ceil_mode=ceil)
        zero = state.replace(zero_pad=True).build()
        script = torch_script(zero)
        assert "F.pad(x, (1, 1, 1, 1))" in script and "padding=" not in script
        t = torch.from_numpy(x)[None, None]
        want = F.max_pool2d(F.pad(t, (1, 1, 1, 1)), 3, 2, ceil_mode=ceil)[0, 0].numpy()
        shape = zero.output.shape
        np.testing.assert_array_equal(torch_output(zero), want[: shape[0], : shape[1]])
        np.testing.assert_array_equal(zero.output, want[: shape[0], : shape[1]])
        minus_inf = state.build()
        np.testing.assert_array_equal(
            torch_output(minus_inf), F.max_pool2d(t, 3, 2, 1, ceil_mode=ceil)[0, 0].numpy()
        )
        assert (zero.output != minus_inf.output).any()  # the corners see the zeros
