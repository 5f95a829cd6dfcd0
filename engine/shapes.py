"""Convolution arithmetic: output sizes, "same" and "full" padding, transposed sizes, parameters.

The formulas of the conv-arithmetic lesson, one spatial axis at a time, with torch's meaning:

- output size: ⌊(n + 2p − d(f−1) − 1)/s⌋ + 1, which is (n + 2p − f)/s + 1 when d = 1;
- transposed output size: (n − 1)s − 2p + d(f−1) + output_padding + 1;
- "same" padding: d(f−1) cells in all, the extra one after (bottom/right), stride 1 only;
- "full" padding: d(f−1) on each side, so every overlap of kernel and input is visited.

>>> output_size(6, 3), output_size(6, 3, stride=2), output_size(7, 3, padding=1)
(4, 2, 7)
>>> transposed_output_size(2, 3, stride=2)
5
"""

from __future__ import annotations

from engine.errors import ArgumentError
from engine.types import IntOrPair, IntPair
from engine.validate import describe, flag, int_pair, nonnegative_int, positive_int

__all__ = [
    "conv_params",
    "dense_params",
    "full_padding",
    "output_size",
    "output_size_formula",
    "same_padding",
    "transposed_output_size",
]


def _sides(padding: object, n: int, f: int, stride: int, dilation: int) -> IntPair:
    """Padding for one axis as ``(before, after)``."""
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0
        if padding == "same":
            if stride != 1:
                raise ArgumentError(
                    "padding", f"padding 'same' needs stride 1, got stride {stride}"
                )
            return same_padding(f, dilation=dilation)
        raise ArgumentError(
            "padding",
            "padding must be a non-negative integer, a pair, 'valid' or 'same', "
            f"got {describe(padding)}",
        )
    if isinstance(padding, (tuple, list)):
        return int_pair(padding, "padding", positive=False)
    p = nonnegative_int(padding, "padding")
    return p, p


def _fit_message(n: int, f: int, dilation: int, padding: object) -> str:
    span = dilation * (f - 1) + 1
    kernel = (
        f"kernel {f}" if dilation == 1 else f"kernel {f} with dilation {dilation} (spans {span})"
    )
    return f"{kernel} does not fit input {n} with padding {describe(padding)}"


def _checked(
    n: object, f: object, stride: object, padding: object, dilation: object, ceil_mode: object
) -> tuple[int, int, int, int, bool, IntPair]:
    """:func:`output_size`'s arguments checked: ``(n, f, stride, dilation, ceil_mode, sides)``."""
    n = positive_int(n, "input size", "n")
    f = positive_int(f, "kernel size", "f")
    stride = positive_int(stride, "stride")
    dilation = positive_int(dilation, "dilation")
    ceil_mode = flag(ceil_mode, "ceil_mode")
    return n, f, stride, dilation, ceil_mode, _sides(padding, n, f, stride, dilation)


def output_size(
    n: int,
    f: int,
    *,
    stride: int = 1,
    padding: int | tuple[int, int] | str = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """Number of window positions along one axis, with torch's rule.

    ⌊(n + 2p − d(f−1) − 1)/s⌋ + 1. With ``ceil_mode`` the floor becomes a ceiling, but (as in
    torch's pooling) the last window must start inside the input or the left padding.

    Args:
        n: Input length.
        f: Kernel (or pool window) length.
        stride: Step between windows.
        padding: Cells added on each side, ``(before, after)``, ``"valid"`` or ``"same"``.
        dilation: Spacing between kernel taps; the kernel spans d(f−1) + 1 cells.
        ceil_mode: Round up instead of down (pooling's ``ceil_mode``).

    Returns:
        The output length, at least 1.

    Raises:
        ArgumentError: A parameter is out of range or the kernel does not fit the padded input.

    >>> output_size(6, 2, stride=2), output_size(5, 2, stride=2)
    (3, 2)
    >>> output_size(5, 2, stride=2, ceil_mode=True)
    3
    >>> output_size(7, 3, dilation=2), output_size(4, 3, padding="same")
    (3, 4)
    """
    n, f, stride, dilation, ceil_mode, (before, after) = _checked(
        n, f, stride, padding, dilation, ceil_mode
    )
    span = dilation * (f - 1) + 1
    room = n + before + after - span
    if room < 0:
        blamed = "dilation" if dilation > 1 and n + before + after >= f else "f"
        raise ArgumentError(blamed, _fit_message(n, f, dilation, padding))
    if not ceil_mode:
        return room // stride + 1
    size = -(-room // stride) + 1
    if (size - 1) * stride >= n + before:
        size -= 1
    return size


def transposed_output_size(
    n: int,
    f: int,
    *,
    stride: int = 1,
    padding: int = 0,
    output_padding: int = 0,
    dilation: int = 1,
) -> int:
    """Output length of a transposed convolution (torch's ``conv_transpose``) along one axis.

    (n − 1)s − 2p + d(f−1) + output_padding + 1: the input cells are spread ``stride`` apart, each
    paints a kernel-sized patch, and ``padding`` cells are cropped from each side.

    Args:
        n: Input length.
        f: Kernel length.
        stride: Spacing of the input cells in the output.
        padding: Cells cropped from each side of the output.
        output_padding: Extra cells added on one side (to pick among the sizes a strided convolution
            maps to the same length); must be smaller than the stride or the dilation.
        dilation: Spacing between kernel taps.

    Returns:
        The output length.

    Raises:
        ArgumentError: A parameter is out of range or the result would be empty.

    >>> transposed_output_size(4, 3), transposed_output_size(2, 3, stride=2, padding=1)
    (6, 3)
    >>> transposed_output_size(2, 3, stride=2, padding=1, output_padding=1)
    4
    """
    n = positive_int(n, "input size", "n")
    f = positive_int(f, "kernel size", "f")
    stride = positive_int(stride, "stride")
    dilation = positive_int(dilation, "dilation")
    padding = nonnegative_int(padding, "padding")
    output_padding = nonnegative_int(output_padding, "output_padding")
    if output_padding >= max(stride, dilation):
        raise ArgumentError(
            "output_padding",
            f"output_padding must be smaller than the stride or the dilation, got output_padding "
            f"{output_padding} with stride {stride} and dilation {dilation}",
        )
    size = (n - 1) * stride - 2 * padding + dilation * (f - 1) + output_padding + 1
    if size < 1:
        raise ArgumentError(
            "padding",
            f"transposed output of input {n} with kernel {f}, stride {stride} and padding "
            f"{padding} would have size {size}",
        )
    return size


def same_padding(f: int, *, dilation: int = 1) -> IntPair:
    """``(before, after)`` padding that keeps the size at stride 1, as torch's ``padding="same"``.

    The kernel spans d(f−1) + 1 cells, so d(f−1) padding cells are needed; when that is odd the
    extra cell goes after (bottom or right).

    >>> same_padding(3), same_padding(4), same_padding(3, dilation=2)
    ((1, 1), (1, 2), (2, 2))
    """
    f = positive_int(f, "kernel size", "f")
    dilation = positive_int(dilation, "dilation")
    total = dilation * (f - 1)
    return total // 2, total - total // 2


def full_padding(f: int, *, dilation: int = 1) -> int:
    """Padding on each side for a "full" convolution: every partial overlap becomes an output cell.

    The output then has n + d(f−1) cells at stride 1.

    >>> full_padding(3), output_size(5, 3, padding=full_padding(3))
    (2, 7)
    """
    f = positive_int(f, "kernel size", "f")
    dilation = positive_int(dilation, "dilation")
    return dilation * (f - 1)


def output_size_formula(
    n: int,
    f: int,
    *,
    stride: int = 1,
    padding: int | tuple[int, int] | str = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> str:
    """The output-size formula with the numbers substituted, as a lesson writes it.

    Same arguments as :func:`output_size`; ``"same"`` and ``"valid"`` are written as their numbers.

    >>> output_size_formula(6, 3, stride=2)
    '⌊(6 + 2·0 − 3)/2⌋ + 1 = 2'
    >>> output_size_formula(7, 3, padding=(1, 2), dilation=2)
    '⌊(7 + 1 + 2 − 2·(3 − 1) − 1)/1⌋ + 1 = 6'
    >>> output_size_formula(5, 2, stride=2, ceil_mode=True)
    '⌈(5 + 2·0 − 2)/2⌉ + 1 = 3'
    """
    size = output_size(n, f, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    n, f, stride, dilation, ceil_mode, (before, after) = _checked(
        n, f, stride, padding, dilation, ceil_mode
    )
    pad_text = f"2·{before}" if before == after else f"{before} + {after}"
    kernel_text = f"{f}" if dilation == 1 else f"{dilation}·({f} − 1) − 1"
    left, right = ("⌈", "⌉") if ceil_mode else ("⌊", "⌋")
    text = f"{left}({n} + {pad_text} − {kernel_text})/{stride}{right} + 1"
    room = n + before + after - (dilation * (f - 1) + 1)
    if ceil_mode and -(-room // stride) + 1 != size:
        text += " − 1"
    return f"{text} = {size}"


def conv_params(
    in_channels: int, out_channels: int, kernel_size: IntOrPair, *, bias: bool = True
) -> int:
    """Learnable parameters of a 2-D convolution layer: (C·F·G + 1)·K with a bias, C·F·G·K without.

    >>> conv_params(3, 10, 5)  # deck 001: 5*5*3 + 1 = 76 per filter, 76*10 = 760
    760
    """
    c = positive_int(in_channels, "in_channels")
    k = positive_int(out_channels, "out_channels")
    f, g = int_pair(kernel_size, "kernel_size", positive=True)
    return (c * f * g + (1 if flag(bias, "bias") else 0)) * k


def dense_params(inputs: int, outputs: int, *, bias: bool = True) -> int:
    """Learnable parameters of a fully connected layer: (inputs + 1)·outputs with a bias.

    >>> dense_params(10, 10)  # deck 001: 10 × 11 = 110
    110
    """
    i = positive_int(inputs, "inputs")
    o = positive_int(outputs, "outputs")
    return (i + (1 if flag(bias, "bias") else 0)) * o
