"""The board's erratum: the slide's known mistake at this scene, beside the correct values.

The note comes first, then each wrong cell (the slide's text, the recomputed one), or, past two
cells, one compact entry per cell, and the shape when the slide prints a wrong one.
"""

from __future__ import annotations

from rich.markup import escape

from lessons.schema import Erratum

__all__ = ["ErratumCellText", "erratum_cells", "erratum_text"]

ErratumCellText = tuple[tuple[int, ...], str, str]
"""One wrong cell: (output index, the slide's text, the correct text)."""


def erratum_cells(erratum: Erratum | None) -> list[ErratumCellText]:
    """The wrong cells of an erratum: (output index, slide's text, correct text)."""
    if erratum is None:
        return []
    return [
        (tuple(int(i) for i in cell.at), str(cell.slide), str(cell.correct))
        for cell in erratum.cells
    ]


def erratum_text(erratum: Erratum | None) -> str:
    """The erratum lines as rich markup: the note, then each wrong value beside the correct one.

    Args:
        erratum: The scene's erratum, or None (no lines).

    Returns:
        ``""`` without an erratum, else one line per wrong value (a compact list past two).
    """
    if erratum is None:
        return ""
    lines = [f"[b $text-warning]Erratum:[/] {escape(str(erratum.note))}"]
    cells = erratum_cells(erratum)
    if len(cells) <= 2:
        for index, slide, correct in cells:
            where = f"cell ({', '.join(str(i + 1) for i in index)})" if index else "the value"
            lines.append(
                f"  {where}: the slide prints [b]{escape(slide)}[/], "
                f"the correct value is [b $text-success]{escape(correct)}[/]"
            )
    else:
        # Each entry is one word, "(2,2):34→-52", so a narrow board wraps between entries only.
        pairs = "  ".join(
            f"({','.join(str(i + 1) for i in index)}):{escape(slide.replace(' ', ''))}→"
            f"[b $text-success]{escape(correct.replace(' ', ''))}[/]"
            for index, slide, correct in cells
        )
        lines.append(f"  (row,column):slide→correct  {pairs}")
    if erratum.shape is not None:
        slide_shape = "×".join(str(n) for n in erratum.shape.slide)
        correct_shape = "×".join(str(n) for n in erratum.shape.correct)
        lines.append(
            f"  shape: the slide prints [b]{slide_shape}[/], "
            f"the correct shape is [b $text-success]{correct_shape}[/]"
        )
    return "\n".join(lines)
