"""The playback of a ``backward`` scene: the gradient grid filling cell by cell.

The board draws a backward scene like a forward one: the array the steps' windows slice as the
input, what meets the window as the kernel, the gradient as the output, the step text as the
arithmetic line, and the rule of the gradient as the formula line. The titles name the arrays:

==========  =======================  ===================  ======
wrt         input panel              kernel panel         output
==========  =======================  ===================  ======
kernel      input x                  ∂L/∂y                ∂L/∂k
input       ∂L/∂y, spread + padded   kernel, flipped      ∂L/∂x
bias        ∂L/∂y                    (none)               ∂L/∂b
pool2d      input x (padded)         ∂L/∂y                ∂L/∂x
relu        input x                  ∂L/∂y                ∂L/∂x
==========  =======================  ===================  ======
"""

from __future__ import annotations

from engine.display import operand_format
from engine.types import FloatArray
from lessons import backward_calls
from lessons.arrays import ExpectGrid
from lessons.calls import compute
from lessons.playback.model import Playback
from lessons.playback.narration import with_reconstruction_note
from lessons.schema import BackwardScene

__all__ = ["RULES", "backward_playback", "backward_titles"]

RULES = {
    "kernel": "∂L/∂k = x ⋆ ∂L/∂y: each weight's inputs times the output gradients",
    "input": "∂L/∂x = ∂L/∂y, padded, ⋆ the flipped kernel: a full convolution",
    "bias": "∂L/∂b = Σ ∂L/∂y: every output had the bias added once",
    "max": "max pooling routes each ∂L/∂y to its window's winner; the rest get 0",
    "avg": "average pooling spreads each ∂L/∂y evenly over its window",
    "relu": "∂L/∂x = ∂L/∂y where x > 0, else 0: ReLU's mask",
}
"""The formula line of each backward scene (by ``wrt``, pooling mode, or ``relu``)."""


def _rule(scene: BackwardScene) -> str:
    if scene.layer == "relu":
        return RULES["relu"]
    if scene.layer == "pool2d":
        return RULES[scene.mode]
    return RULES[scene.wrt]


def backward_titles(scene: BackwardScene) -> tuple[str, ...]:
    """The input, kernel and output panels' titles (and the sign between input and kernel)."""
    if scene.layer == "relu":
        return "input x", "∂L/∂y", "∂L/∂x", " , "
    if scene.layer == "pool2d":
        return "input x", "∂L/∂y", "∂L/∂x", " , "
    if scene.wrt == "kernel":
        return "input x", "∂L/∂y", "∂L/∂k"
    if scene.wrt == "bias":
        return "∂L/∂y", "", "∂L/∂b"
    return "∂L/∂y, spread + padded", "kernel, flipped", "∂L/∂x"


def _expect_of(expect: ExpectGrid | None, output: FloatArray) -> ExpectGrid | None:
    """The stated gradient, shaped like the computed one where only length-1 axes differ."""
    if expect is None or expect.shape == output.shape:
        return expect
    if [n for n in expect.shape if n != 1] == [n for n in output.shape if n != 1]:
        return ExpectGrid(output.shape, expect.cells)
    return expect


def backward_playback(scene: BackwardScene) -> Playback:
    """Bind a backward scene to the engine: its canvas, steps and gradient.

    Args:
        scene: A backward scene of a loaded lesson.
    """
    fmt = scene.fmt
    drawn = backward_calls.canvas(scene)
    shown = scene.input if scene.layer != "correlate2d" or scene.wrt == "kernel" else scene.grad_out
    output = compute(scene)
    return Playback(
        kind=scene.kind,
        title=scene.title,
        input=shown,
        padded=drawn.array,
        pad=drawn.pad,
        kernel=drawn.kernel,
        output=output,
        trace=backward_calls.trace(scene, fmt),
        fmt=fmt,
        input_fmt=operand_format(fmt),
        kernel_fmt=operand_format(fmt),
        formula=_rule(scene),
        expect=_expect_of(scene.expect, output),
        erratum=scene.erratum,
        titles=backward_titles(scene),
        narration=with_reconstruction_note(scene.narration, scene.reconstructed),
    )
