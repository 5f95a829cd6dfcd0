"""The playground's torch scripts compute what the engine computes (torch imported here)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lessons.playground import PlaygroundError, PlayState
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
