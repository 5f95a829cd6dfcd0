"""Update a line of text without a layout pass when its size stays the same.

``Static.update`` lays the whole screen out again (a full reflow), which is most of a stepper
step's cost; the arithmetic line, the status line and the narration's step line keep their size
from one step to the next nearly always. :func:`update_line` measures the new text at the
widget's width and asks for a layout only when its height (or, for a widget sized to its text,
its width) would change.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

__all__ = ["fits_as_before", "set_text", "update_line"]


def fits_as_before(widget: Static, content: Content) -> bool:
    """Whether ``content`` takes the same cells as the widget's text now.

    Args:
        widget: A mounted, laid-out Static.
        content: The text it would show.

    Returns:
        False when the widget is not laid out yet, hidden, or the text would change its height
        (or its width, where the width follows the text).
    """
    size = widget.content_size
    if not widget.is_mounted or not widget.display or size.width <= 0 or size.height <= 0:
        return False
    if widget.styles.height is not None and not widget.styles.height.is_auto:
        return True  # a fixed height: the text never moves anything else
    auto_width = widget.styles.width is not None and widget.styles.width.is_auto
    if auto_width:
        lines = content.split("\n")
        return len(lines) == size.height and max(line.cell_length for line in lines) == size.width
    return len(content.wrap(size.width)) == size.height


def update_line(widget: Static, text: str | Content) -> None:
    """``widget.update(text)``, without a layout pass when the text takes the same cells.

    Args:
        widget: A Static; plain-text ones (``markup=False``) and markup ones both work: a string
            is measured as the widget will draw it.
        text: The new text.
    """
    if isinstance(text, Content):
        content = text
    elif widget._render_markup:  # as Static.update will read it
        content = Content.from_markup(text)
    else:
        content = Content(text)
    widget.update(text, layout=not fits_as_before(widget, content))


def set_text(widget: Static, text: str | Content) -> None:
    """:func:`update_line`, and nothing at all when the widget shows ``text`` already.

    A playground change or a step rewrites lines that mostly stay the same (the formula, the
    legend, the edge note): each ``update`` repaints, and most ask for a layout.

    Args:
        widget: A Static.
        text: The new text.
    """
    if isinstance(widget.content, (str, Content)) and widget.content == text:
        return
    update_line(widget, text)
