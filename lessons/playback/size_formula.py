"""The output-size formula of a windowed call, with its numbers, worked out once per playback.

The padding is the one the engine resolved for the trace (``trace.padding``: ``same`` already
turned into numbers), the window and stride the ones the call gave the engine.

>>> size_formula((6, 6), (3, 3), stride=(2, 2), dilation=(1, 1), sides=((0, 0), (0, 0)))
'⌊(6 + 2·0 − 3)/2⌋ + 1 = 2'
>>> size_formula((4, 5), (3, 3), stride=(1, 1), dilation=(1, 1), sides=((0, 0), (0, 0)))
'rows: ⌊(4 + 2·0 − 3)/1⌋ + 1 = 2; columns: ⌊(5 + 2·0 − 3)/1⌋ + 1 = 3'
"""

from __future__ import annotations

from collections.abc import Sequence

import engine
from engine.types import SidePadding

__all__ = ["size_formula"]


def size_formula(
    spatial: Sequence[int],
    window: Sequence[int],
    *,
    stride: Sequence[int],
    dilation: Sequence[int],
    sides: SidePadding,
    ceil_mode: bool = False,
) -> str | None:
    """``engine.output_size_formula`` for each spatial axis: one text, or rows and columns.

    Args:
        spatial: The input's spatial sizes, (L,) or (H, W).
        window: The kernel's (or pooling window's) size per axis.
        stride: The stride per axis.
        dilation: The dilation per axis (1 for pooling).
        sides: The resolved padding per axis, ``((top, bottom), (left, right))`` or
            ``((left, right),)``.
        ceil_mode: Pooling's ceil mode.

    Returns:
        The formula, ``rows: ...; columns: ...`` when the two axes differ, or None when the
        engine refuses the numbers.
    """
    texts = []
    for n, f, s, d, side in zip(spatial, window, stride, dilation, sides, strict=True):
        try:
            texts.append(
                engine.output_size_formula(
                    n, f, stride=s, padding=side, dilation=d, ceil_mode=ceil_mode
                )
            )
        except ValueError:
            return None
    if len(texts) == 2 and texts[0] != texts[1]:
        return f"rows: {texts[0]}; columns: {texts[1]}"
    return texts[0] if texts else None
