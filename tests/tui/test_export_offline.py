"""``cnn-tutor export`` SVGs render the same with any font: every glyph in its own cell."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tui.app.svg_cells import place_glyphs, screen_lines
from tui.cli import main

CELL = 12.2
"""Rich's cell width for its 20px font: 0.61 em."""


def _export(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "screen.svg"
    assert main(["export", *args, "--size", "80x24", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_no_text_starts_with_a_blank_and_every_glyph_sits_on_a_cell(tmp_path: Path) -> None:
    # Deck 000 scene 3: narration "The **stride** is how far ..." (a styled span, then " is").
    svg = _export(tmp_path, "000-convolution", "--scene", "3", "--step", "3")
    bodies = re.findall(r"<text [^>]*>(.*?)</text>", svg)
    assert bodies
    # A text element's leading blank is what an offline renderer drops ("strideis").
    assert not [b for b in bodies if re.match(r"(&#160;| )", b)]
    xs = [float(x) for x in re.findall(r'<tspan x="([-\d.]+)"', svg)]
    assert len(xs) > 500  # one per visible character
    offsets = {round(x / CELL, 3) % 1 for x in xs}
    assert offsets == {0.0}
    assert "DejaVu Sans Mono" in svg  # a font found offline comes before monospace


def test_the_words_around_a_styled_span_keep_their_spaces(tmp_path: Path) -> None:
    svg = _export(tmp_path, "000-convolution", "--scene", "3", "--step", "3")
    texts = screen_lines(svg)  # the lines rebuilt from the glyphs' cells
    assert any("The stride is how far" in line for line in texts), texts


def test_place_glyphs_puts_wide_characters_on_two_cells() -> None:
    svg = '<text class="r" x="0" y="1" textLength="48.8" clip-path="u">a界b</text>'
    assert re.findall(r'x="([\d.]+)"', place_glyphs(svg)) == ["0", "12.2", "36.6"]


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert is not installed")
def test_rsvg_convert_renders_the_export(tmp_path: Path) -> None:
    _export(tmp_path, "000-convolution", "--scene", "3", "--step", "3")
    png = tmp_path / "screen.png"
    done = subprocess.run(
        ["rsvg-convert", "-o", str(png), str(tmp_path / "screen.svg")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert png.stat().st_size > 1000
