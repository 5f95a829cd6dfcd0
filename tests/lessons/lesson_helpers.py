"""Shared bits for the lesson tests: a minimal valid lesson and a writer for lesson files."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LESSONS_DIR = REPO / "lessons"
SEEDS = REPO.parent / "shared" / "seeds"

MINIMAL = """\
id: mini
title: Mini
deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344}
summary: A tiny lesson.
scenes:
  - kind: correlate2d
    input: |
      3 7 9 1
      8 1 3 3
      7 4 6 4
    kernel: |
      1 0 -1
      1 0 -1
      1 0 -1
    expect: 0 4
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a lesson file and return its path."""
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
