"""How much the engine will do for one call, checked before anything is allocated.

The engine is a teaching tool: its arrays are pictures and feature maps, not data sets. A call whose
arguments imply more than these limits (a padding of ten million, a 200x200 kernel at every cell of
a "same" convolution) is refused with an :class:`~engine.errors.ArgumentError` that names the
argument at fault and the limit, instead of asking NumPy for gigabytes:

- :data:`MAX_CELLS`: every integer size, stride, padding or dilation, and every array the engine
  makes (the padded input, the windows it copies, a transposed convolution's canvas, the output).
- :data:`MAX_WORK`: the multiply-adds (or, for pooling, the window reads) of one call, about a
  second of NumPy.
- :data:`MAX_CORRELATION_WORK`: the multiply-adds of one vectorized correlation (``correlate1d``,
  ``correlate2d``, ``convolve2d``), whose work is BLAS matrix products: about a second of those.
- :data:`MAX_STEP_TERMS`: the terms one stepper step writes out (its text lists every one).

>>> check_cells(2**26, "padding", "the padded input")
>>> check_cells(2**26 + 1, "padding", "the padded input")
Traceback (most recent call last):
...
engine.errors.ArgumentError: the padded input would take 67108865 cells, over the engine's limit \
of 2**26 = 67108864 cells
"""

from __future__ import annotations

from engine.errors import ArgumentError

__all__ = [
    "MAX_CELLS",
    "MAX_CORRELATION_WORK",
    "MAX_STEP_TERMS",
    "MAX_WORK",
    "check_cells",
    "check_step_terms",
    "check_work",
]

MAX_CELLS = 2**26
"""At most 67,108,864 cells (512 MiB of float64) in any array the engine makes, and in any integer
argument (no axis can be longer than that)."""

MAX_WORK = 2**30
"""At most 1,073,741,824 multiply-adds (or window reads) in one call."""

MAX_CORRELATION_WORK = 2**34
"""At most 17,179,869,184 multiply-adds in one vectorized correlation: 16 kernels 3x7x7 over a
2048x2048 photograph (9.8e9) is computed; the stepping, the backward pass and the lessons keep
their smaller limits (:data:`MAX_WORK`, and ``lessons.calls``'s own)."""


MAX_STEP_TERMS = 2**16
"""At most 65,536 terms in one step of a ``trace_*`` stepper."""


def check_cells(cells: int, argument: str, what: str) -> None:
    """Refuse an array of more than :data:`MAX_CELLS` cells.

    Args:
        cells: The number of cells the array would have.
        argument: The parameter to blame (``"padding"``, ``"k"``, ...).
        what: The array, as the message names it: ``"the padded input 8196x8196"``.

    Raises:
        ArgumentError: "... would take N cells, over the engine's limit of 2**26 = 67108864 cells".
    """
    if cells > MAX_CELLS:
        raise ArgumentError(
            argument,
            f"{what} would take {cells} cells, "
            f"over the engine's limit of 2**26 = {MAX_CELLS} cells",
        )


def check_work(
    work: int, argument: str, what: str, unit: str = "multiply-adds", limit: int = MAX_WORK
) -> None:
    """Refuse a call of more than ``limit`` multiply-adds or window reads.

    Args:
        work: The operations the call would take.
        argument: The parameter to blame.
        what: What takes them: ``"kernel 3x3 at 1000000 positions"``.
        unit: What is counted: ``"multiply-adds"`` or ``"window reads"``.
        limit: :data:`MAX_WORK`, or :data:`MAX_CORRELATION_WORK` for a vectorized correlation.

    Raises:
        ArgumentError: "... would take N multiply-adds, over the engine's limit of 2**30 = ...".

    >>> check_work(2**34, "k", "kernel 3x3", limit=MAX_CORRELATION_WORK)
    >>> check_work(2**34 + 1, "k", "kernel 3x3", limit=MAX_CORRELATION_WORK)
    Traceback (most recent call last):
    ...
    engine.errors.ArgumentError: kernel 3x3 would take 17179869185 multiply-adds, over the \
engine's limit of 2**34 = 17179869184
    """
    if work > limit:
        power = limit.bit_length() - 1  # the limits are powers of two, written as the docs do
        named = f"2**{power}" if limit == 2**power else str(limit)
        raise ArgumentError(
            argument,
            f"{what} would take {work} {unit}, over the engine's limit of {named} = {limit}",
        )


def check_step_terms(terms: int, argument: str, what: str) -> None:
    """Refuse a stepper whose every step would write more than :data:`MAX_STEP_TERMS` terms.

    Raises:
        ArgumentError: "a step of ... would write N terms, over the stepper's limit of 2**16 ...".
    """
    if terms > MAX_STEP_TERMS:
        raise ArgumentError(
            argument,
            f"a step of {what} would write {terms} terms, over the stepper's limit of "
            f"2**16 = {MAX_STEP_TERMS} per step",
        )
