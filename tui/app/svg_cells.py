"""Make a screen's SVG render the same with any font: every glyph placed in its own terminal cell.

Rich writes a screen as SVG with one ``<text>`` per styled span, laid out by a web font (Fira
Code, fetched from a CDN). Offline, with another monospace font, a viewer such as
``rsvg-convert`` lays each span out with that font's glyph widths: a span's leading space is
dropped ("a *different* grid" shows as "differentgrid") and columns drift off the cells around
them. Here each visible character gets its own ``<tspan x=...>`` at its cell's left edge, spaces
are not written at all (the background rectangles already paint them), and the font list falls
back to monospace fonts found on most systems. The result depends on no glyph width.
"""

from __future__ import annotations

import html
import re
import unicodedata
from xml.sax.saxutils import escape

__all__ = ["FONT_STACK", "cell_width_of", "place_glyphs", "screen_lines"]

FONT_STACK = (
    '"Fira Code", "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", "Courier New", monospace'
)
"""The fonts a viewer may use, in order; every one is monospace."""

_TEXT = re.compile(
    r'<text class="(?P<cls>[^"]*)" x="(?P<x>[-\d.]+)" y="(?P<y>[-\d.]+)" '
    r'textLength="(?P<length>[-\d.]+)" clip-path="(?P<clip>[^"]*)">(?P<body>[^<]*)</text>'
)
_FONT_FAMILY = re.compile(r"font-family: Fira Code, monospace;")
_BLANK = {" ", "\u00a0"}


def cell_width_of(char: str) -> int:
    """The terminal cells a character takes: 2 for wide (East Asian) ones, 0 for combining."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _place(match: re.Match[str]) -> str:
    text = html.unescape(match.group("body"))
    cells = sum(cell_width_of(char) for char in text)
    if not cells:
        return ""
    x = float(match.group("x"))
    cell = float(match.group("length")) / cells
    spans: list[str] = []
    column = 0
    for char in text:
        width = cell_width_of(char)
        if char not in _BLANK:
            left = round(x + column * cell, 2)
            spans.append(f'<tspan x="{left:g}">{escape(char)}</tspan>')
        column += width
    if not spans:
        return ""
    return (
        f'<text class="{match.group("cls")}" y="{match.group("y")}" '
        f'clip-path="{match.group("clip")}">{"".join(spans)}</text>'
    )


def place_glyphs(svg: str) -> str:
    """Rewrite a Rich SVG so each visible character sits at its own cell's x.

    Args:
        svg: An SVG as ``Console.export_svg`` (``App.export_screenshot``) writes it.

    Returns:
        The same picture, with one ``<tspan>`` per non-blank character and a font list that
        falls back to common monospace fonts.

    >>> svg = ('<text class="r1" x="10" y="20" textLength="36.6" clip-path="url(#c)">'
    ...        '&#160;is</text>')
    >>> print(place_glyphs(svg).replace("><", ">\\n<"))
    <text class="r1" y="20" clip-path="url(#c)">
    <tspan x="22.2">i</tspan>
    <tspan x="34.4">s</tspan>
    </text>
    """
    svg = _FONT_FAMILY.sub(f"font-family: {FONT_STACK};", svg)
    return _TEXT.sub(_place, svg)


_LINE = re.compile(r'<text [^>]*?y="(?P<y>[-\d.]+)"[^>]*>(?P<body>.*?)</text>')
_GLYPH = re.compile(r'<tspan x="(?P<x>[-\d.]+)">(?P<char>[^<]*)</tspan>')


def screen_lines(svg: str, cell: float = 12.2) -> list[str]:
    """The screen's text, line by line, read back from an SVG :func:`place_glyphs` wrote.

    Args:
        svg: The SVG.
        cell: A cell's width in the SVG's units (Rich's 20px font: 12.2).

    >>> screen_lines('<text class="r" y="5" clip-path="c"><tspan x="0">a</tspan>'
    ...              '<tspan x="24.4">b</tspan></text>')
    ['a b']
    """
    rows: dict[float, dict[int, str]] = {}
    for line in _LINE.finditer(svg):
        cells = rows.setdefault(float(line.group("y")), {})
        for glyph in _GLYPH.finditer(line.group("body")):
            cells[round(float(glyph.group("x")) / cell)] = html.unescape(glyph.group("char"))
    return [
        "".join(cells.get(i, " ") for i in range(max(cells) + 1)) if cells else ""
        for _, cells in sorted(rows.items())
    ]
