"""A compositor whose partial updates render only the lines that changed.

Textual's :class:`~textual._compositor.Compositor` answers a partial update (some widgets
refreshed) by rendering every widget that overlaps the bounding box of all the changed regions,
each over its whole visible height, and then keeping only the changed lines. A stepper's step
changes a few rows at the top of the screen (the window's rows of the input and output grids) and
a few lower down (the arithmetic line, the scrub bar), so that box is most of the screen, and each
of some thirty widgets in it walks its cached lines again: that was most of a step's cost.

:class:`LineCompositor` renders each widget only over the runs of lines in which a changed span
meets the widget's columns, and skips a widget that meets none. The cells it writes are the same
as Textual's: every cell of a changed span is still rendered from the widgets that cover it,
front to back (a widget that covers a cell of a span meets that span), and nothing outside the
spans was ever written by a partial update. Full updates (the first frame, a layout, a screenshot)
are Textual's own.

It reads Textual's private compositor attributes (``visible_widgets``, ``cuts``,
``_full_map``), which is why
``textual`` is pinned to a minor version in ``pyproject.toml``;
``tests/tui/test_line_compositor.py`` checks that each partial update writes the cells a full
render shows.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Any, cast

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["LineCompositor", "open_chops", "runs", "use_line_compositor"]


def runs(lines: Sequence[int]) -> Iterator[range]:
    """Sorted line numbers grouped into runs of consecutive lines.

    Args:
        lines: Line numbers, ascending.

    Yields:
        One range per run.

    >>> [(r.start, r.stop) for r in runs([2, 3, 4, 7, 9, 10])]
    [(2, 5), (7, 8), (9, 11)]
    """
    if not lines:
        return
    start = previous = lines[0]
    for y in lines[1:]:
        if y != previous + 1:
            yield range(start, previous + 1)
            start = y
        previous = y
    yield range(start, previous + 1)


def open_chops(
    cuts: Sequence[Sequence[int]], spans: Iterable[tuple[int, int, int]]
) -> dict[int, set[int]]:
    """For each changed line, the chops (by the cut they start at) that meet a changed span.

    Args:
        cuts: Each screen line's cuts: the columns where a widget starts or ends, and the width.
        spans: The changed spans, as ``(y, x1, x2)``.

    Returns:
        The starts of the chops a partial update has to fill, by line.

    >>> {y: sorted(starts) for y, starts in open_chops([[0, 4, 10, 20]], [(0, 5, 12)]).items()}
    {0: [4, 10]}
    """
    chops: dict[int, set[int]] = {}
    for y, x1, x2 in spans:
        line = cuts[y]
        wanted = chops.setdefault(y, set())
        wanted.update(start for start, end in pairwise(line) if start < x2 and end > x1)
    return chops


class LineCompositor(Compositor):
    """A compositor that renders a partial update span by span (see the module's text)."""

    def update_widgets(self, widgets: set[Widget]) -> None:
        """Textual's, except that a repaint of a widget laid out off screen maps nothing again.

        Textual takes a refreshed widget that is not visible for a new one and maps every
        widget again at the next render (most of a millisecond on the playground, whose list
        of windows lies below the fold and changes at each parameter change). A widget already
        in the full map was laid out: it has nothing to paint, and its lines are drawn again
        when a scroll shows it (its refresh marked them). A new widget is not in that map and
        still invalidates it.

        Args:
            widgets: The widgets refreshed since the last update.
        """
        if not self._full_map_invalidated:
            visible = self.visible_widgets
            hidden = [widget for widget in widgets if widget not in visible]
            if hidden and all(widget in self._full_map for widget in hidden):
                widgets = widgets & visible.keys()
        super().update_widgets(widgets)

    def render_partial_update(self) -> ChopsUpdate | None:
        """Render the changed spans, each cell from the front-most widget that covers it.

        Returns:
            The update, or None when nothing changed.
        """
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        spans = list(self._regions_to_spans(update_regions))
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        self._fill_chops(chops, open_chops(cuts, spans))
        chop_ends = [cut_set[1:] for cut_set in cuts]
        return ChopsUpdate(cast("list[dict[int, Strip]]", chops), spans, chop_ends)

    def _fill_chops(
        self, chops: list[dict[int, Strip | None]], wanted: dict[int, set[int]]
    ) -> None:
        """Fill the wanted chops from the widgets, front to back, rendering only what shows.

        A widget renders the changed lines on which it covers a chop still unfilled; once every
        wanted chop is filled, the widgets further back are not asked at all.

        Args:
            chops: Each line's chops by the cut they start at (None: not drawn yet); filled in.
            wanted: The starts of the chops to fill, by line; emptied as they are filled.
        """
        cuts = self.cuts
        remaining = sum(len(starts) for starts in wanted.values())
        lines = sorted(wanted)
        intersection = Region.intersection
        for widget, (region, clip) in self.visible_widgets.items():
            if not remaining:
                break
            x, y, width, height = intersection(region, clip)
            if not (width and height):
                continue
            right = x + width
            shown = [
                line
                for line in lines[bisect_left(lines, y) : bisect_left(lines, y + height)]
                if any(x <= start < right for start in wanted[line])
            ]
            for run in runs(shown):
                strips = widget.render_lines(
                    Region(x - region.x, run.start - region.y, width, len(run))
                )
                for line_y, strip in zip(run, strips, strict=False):
                    chops_line = chops[line_y]
                    line_wanted = wanted[line_y]
                    final_cuts = [cut for cut in cuts[line_y] if right >= cut >= x]
                    pieces = strip.divide([cut - x for cut in final_cuts[1:]])
                    # Painting front to back: the first strip for a cut wins.
                    for cut, piece in zip(final_cuts, pieces, strict=False):
                        if chops_line.get(cut) is None:
                            chops_line[cut] = piece
                            if cut in line_wanted:
                                line_wanted.discard(cut)
                                remaining -= 1


def use_line_compositor(screen: Screen[Any]) -> None:
    """Give a screen a :class:`LineCompositor`, before it is first arranged.

    Args:
        screen: A screen being constructed (call it from ``__init__``).
    """
    screen._compositor = LineCompositor()
