"""Real grayscale photographs for the lessons: the shipped ones by name, or a user's PNG or JPEG.

Shipped (see ``SOURCES.md`` beside this file for each one's source and licence):

- ``camera``: 128x128, the cameraman on a lawn (CC0, Lav Varshney);
- ``astronaut``: 64x64, Eileen Collins (NASA, public domain);
- ``chelsea``: 96x96, a cat's face (CC0, Stefan van der Walt).

A path is read with Pillow, converted to 8-bit grayscale (ITU-R 601 luma) and, when larger than
``max_side`` on either side, shrunk to fit with Lanczos resampling, keeping its aspect ratio.
Every picture comes back as float64 pixels 0 to 255, shape (H, W).
"""

from __future__ import annotations

import warnings
from importlib import resources
from pathlib import Path

import numpy as np

from engine.types import FloatArray

SHIPPED: dict[str, str] = {
    "camera": "the cameraman (128x128, CC0)",
    "astronaut": "astronaut Eileen Collins (64x64, NASA, public domain)",
    "chelsea": "Chelsea the cat (96x96, CC0)",
}
"""The shipped photographs and a line about each."""

MAX_SIDE = 128
"""A loaded file is shrunk to at most this many pixels on its longer side."""

MAX_FILE_PIXELS = 50_000_000
"""Larger files are refused before they are decoded (Pillow's decompression-bomb guard)."""


class PictureError(ValueError):
    """A picture that cannot be used: one line naming the file or name and what is wrong."""


_REPLACEMENT: list[str] = []


def use_instead(source: str | Path | None) -> None:
    """Draw ``source`` wherever a lesson asks for a photograph (``--image``); None undoes it.

    Args:
        source: A shipped name or an image path, checked by loading it once.

    Raises:
        PictureError: The picture cannot be loaded.
    """
    _REPLACEMENT.clear()
    if source is not None:
        load_picture(source)
        _REPLACEMENT.append(str(source))


def replacement() -> str | None:
    """The picture ``--image`` asked for, or None."""
    return _REPLACEMENT[0] if _REPLACEMENT else None


def picture_names() -> tuple[str, ...]:
    """The shipped photographs' names, e.g. ``camera``."""
    return tuple(SHIPPED)


def load_picture(source: str | Path, *, max_side: int = MAX_SIDE) -> FloatArray:
    """A shipped photograph by name, or an image file by path, as grayscale pixels.

    Args:
        source: A name from :data:`SHIPPED`, or the path of a PNG or JPEG (any format Pillow
            reads).
        max_side: Shrink a file larger than this on either side to fit (shipped photographs are
            already small and are never resized).

    Returns:
        A read-only float64 array of pixels 0..255, shape (H, W).

    Raises:
        PictureError: An unknown name, a missing, unreadable or too large file.
    """
    name = str(source)
    if name in SHIPPED:
        data = resources.files("lessons.pictures").joinpath(f"{name}.png")
        with resources.as_file(data) as path:
            return _read(path, name, max_side=None)
    path = Path(name).expanduser()
    if not path.suffix and not path.exists():
        raise PictureError(
            f"no picture named {name!r}: use one of {', '.join(SHIPPED)} or a PNG/JPEG path"
        )
    if not path.is_file():
        raise PictureError(f"{name}: no such image file")
    return _read(path, name, max_side=max_side)


def _read(path: Path, label: str, *, max_side: int | None) -> FloatArray:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_FILE_PIXELS:
                    raise PictureError(
                        f"{label}: {width}x{height} pixels is too large "
                        f"(at most {MAX_FILE_PIXELS:,} pixels)"
                    )
                gray = image.convert("L")
                if max_side is not None and max(width, height) > max_side:
                    scale = max_side / max(width, height)
                    size = (max(1, round(width * scale)), max(1, round(height * scale)))
                    gray = gray.resize(size, Image.Resampling.LANCZOS)
                pixels = np.asarray(gray, dtype=np.float64)
    except PictureError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError(f"{label}: not an image Pillow can read (PNG or JPEG)") from None
    except OSError as error:
        raise PictureError(f"{label}: cannot read the image ({error})") from None
    pixels = np.ascontiguousarray(pixels)
    pixels.setflags(write=False)
    return pixels


__all__ = [
    "MAX_SIDE",
    "SHIPPED",
    "PictureError",
    "load_picture",
    "picture_names",
    "replacement",
    "use_instead",
]
