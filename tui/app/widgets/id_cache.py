"""Widgets found by id under a root, kept while they stay attached.

``query_one("#id")`` walks every node under its root and matches each against the selector: a
playground change made a dozen such lookups on a screen of some eighty widgets, a tenth of what
the change cost. :class:`IdCache` looks a widget up once and hands it back while it is still
attached with that id; one that was removed (a board recomposed, a stage remounted) is looked up
again.
"""

from __future__ import annotations

from typing import TypeVar

from textual.css.query import NoMatches, WrongType
from textual.dom import DOMNode
from textual.widget import Widget

__all__ = ["IdCache"]

W = TypeVar("W", bound=Widget)


class IdCache:
    """Look widgets up by id under ``root``, once each while they stay attached."""

    def __init__(self, root: DOMNode) -> None:
        self._root = root
        self._found: dict[str, Widget] = {}

    def one(self, id: str, kind: type[W]) -> W:
        """The widget with this id under the root (as ``root.query_one(f"#{id}", kind)``).

        Raises:
            textual.css.query.NoMatches: No widget has that id.
            textual.css.query.WrongType: It is not a ``kind``.
        """
        widget = self._found.get(id)
        if widget is None or widget.id != id or not widget.is_attached:
            widget = self._root.query_one(f"#{id}", kind)
            self._found[id] = widget
        if not isinstance(widget, kind):
            return self._root.query_one(f"#{id}", kind)  # raises WrongType, as query_one does
        return widget

    def maybe(self, id: str, kind: type[W]) -> W | None:
        """The widget with this id under the root, or None (none, or not a ``kind``)."""
        try:
            return self.one(id, kind)
        except (NoMatches, WrongType):
            return None

    def clear(self) -> None:
        """Forget every widget (the root is recomposing its children)."""
        self._found.clear()
