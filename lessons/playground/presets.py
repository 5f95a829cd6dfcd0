"""Named kernels a learner can pick, each with where it comes from.

Deck 002 prints the 5×5 Gaussian (1/273) and the Sobel pair; deck 000 the vertical and horizontal
edge filters. The rest are the standard image-processing kernels as Wikipedia's "Kernel (image
processing)", "Prewitt operator" and "Discrete Laplace operator" pages print them, and the
emboss kernel as the GIMP manual's "Convolution Matrix" page prints it. A kernel with a fraction in
front (1/9, 1/16, 1/273) is kept as whole numbers with that ``divisor``, as the slides write it.

>>> preset("sobel-x").kernel.tolist()
[[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]
>>> preset("gaussian-5x5").divisor
273
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.types import FloatArray

__all__ = ["PRESETS", "Preset", "preset", "preset_names"]


@dataclass(frozen=True, eq=False)
class Preset:
    """A named kernel.

    Attributes:
        name: What the learner types (``sobel-x``).
        title: What the list shows (``Sobel x``).
        kernel: The weights, (F, G), as whole numbers where the source writes a fraction in front.
        divisor: The fraction's denominator (each sum is divided by it), or None.
        source: Where the numbers come from.
    """

    name: str
    title: str
    kernel: FloatArray
    divisor: int | None
    source: str


def _make(name: str, title: str, rows: list[list[int]], divisor: int | None, source: str) -> Preset:
    kernel = np.array(rows, dtype=np.float64)
    kernel.setflags(write=False)
    return Preset(name, title, kernel, divisor, source)


_WIKI = "Wikipedia, Kernel (image processing)"
PRESETS: tuple[Preset, ...] = (
    _make("identity", "Identity", [[0, 0, 0], [0, 1, 0], [0, 0, 0]], None, _WIKI),
    _make("box-blur", "Box blur", [[1, 1, 1], [1, 1, 1], [1, 1, 1]], 9, _WIKI),
    _make("gaussian-3x3", "Gaussian 3×3", [[1, 2, 1], [2, 4, 2], [1, 2, 1]], 16, _WIKI),
    _make(
        "gaussian-5x5",
        "Gaussian 5×5",
        [
            [1, 4, 7, 4, 1],
            [4, 16, 26, 16, 4],
            [7, 26, 41, 26, 7],
            [4, 16, 26, 16, 4],
            [1, 4, 7, 4, 1],
        ],
        273,
        "deck 002, Convolution with Gaussian Filter (Gaussian Blur)",
    ),
    _make("sharpen", "Sharpen", [[0, -1, 0], [-1, 5, -1], [0, -1, 0]], None, _WIKI),
    _make(
        "sobel-x",
        "Sobel x",
        [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
        None,
        "deck 002, Convolution with Sobel Filter (Gx)",
    ),
    _make(
        "sobel-y",
        "Sobel y",
        [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
        None,
        "deck 002, Convolution with Sobel Filter (Gy)",
    ),
    _make(
        "prewitt-x",
        "Prewitt x",
        [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
        None,
        "Wikipedia, Prewitt operator (Gx)",
    ),
    _make(
        "prewitt-y",
        "Prewitt y",
        [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
        None,
        "Wikipedia, Prewitt operator (Gy)",
    ),
    _make(
        "laplacian",
        "Laplacian",
        [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
        None,
        "Wikipedia, Discrete Laplace operator (5-point stencil)",
    ),
    _make(
        "emboss",
        "Emboss",
        [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
        None,
        "GIMP manual, Convolution Matrix (Emboss)",
    ),
    _make(
        "vertical-edge",
        "Vertical edge (deck 000)",
        [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
        None,
        "deck 000, Vertical Edge Detection",
    ),
    _make(
        "horizontal-edge",
        "Horizontal edge (deck 000)",
        [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
        None,
        "deck 000, Horizontal Edge Detection",
    ),
)
"""Every preset, in the order the playground lists them."""


def preset_names() -> list[str]:
    """The names a learner can type."""
    return [item.name for item in PRESETS]


def preset(name: str) -> Preset:
    """The preset called ``name`` (case and ``_``/space insensitive).

    Raises:
        KeyError: No preset has that name; the message lists them.
    """
    wanted = name.strip().lower().replace("_", "-").replace(" ", "-")
    for item in PRESETS:
        if item.name == wanted:
            return item
    raise KeyError(f"no kernel preset {name!r}; presets: {', '.join(preset_names())}")
