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

It reads Textual's private compositor attributes (``visible_widgets``, ``cuts``), which is why
``textual`` is pinned to a minor version in ``pyproject.toml``;
``tests/tui/test_line_compositor.py`` checks that each partial update writes the cells a full
render shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip

__all__ = ["LineCompositor", "span_runs", "use_line_compositor"]


def span_runs(
    spans: Mapping[int, list[tuple[int, int]]], top: int, bottom: int, left: int, right: int
) -> Iterator[range]:
    """The runs of consecutive lines in which a changed span meets a widget's columns.

    Args:
        spans: For each changed screen line, its changed column ranges ``(x1, x2)``.
        top: The widget's first visible line (inclusive).
        bottom: The line after its last.
        left: Its first visible column (inclusive).
        right: The column after its last.

    Yields:
        Ranges of consecutive lines the widget must render.

    >>> spans = {2: [(0, 5)], 3: [(0, 5)], 4: [(40, 50)], 7: [(0, 80)]}
    >>> [(r.start, r.stop) for r in span_runs(spans, 0, 10, 0, 10)]
    [(2, 4), (7, 8)]
    >>> [(r.start, r.stop) for r in span_runs(spans, 0, 10, 45, 60)]
    [(4, 5), (7, 8)]
    """
    start: int | None = None
    for y in range(top, bottom):
        if any(x1 < right and left < x2 for x1, x2 in spans.get(y, ())):
            if start is None:
                start = y
        elif start is not None:
            yield range(start, y)
            start = None
    if start is not None:
        yield range(start, bottom)


class LineCompositor(Compositor):
    """A compositor that renders a partial update line by line (see the module's text)."""

    def render_partial_update(self) -> ChopsUpdate | None:
        """Render the changed spans, asking each widget only for the lines it has in them.

        Returns:
            The update, or None when nothing changed.
        """
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        crop = Region.from_union(list(update_regions)).intersection(self.size.region)
        spans = list(self._regions_to_spans(update_regions))
        by_line: dict[int, list[tuple[int, int]]] = {}
        for y, x1, x2 in spans:
            by_line.setdefault(y, []).append((x1, x2))
        chops = self._span_chops(crop, by_line)
        chop_ends = [cut_set[1:] for cut_set in self.cuts]
        return ChopsUpdate(chops, spans, chop_ends)

    def _span_chops(
        self, crop: Region, spans: Mapping[int, list[tuple[int, int]]]
    ) -> Sequence[Mapping[int, Strip]]:
        """The chops of the changed lines: for each line, its strips keyed by the cut they start at.

        Args:
            crop: The region that surrounds every change.
            spans: For each changed line, its changed column ranges.

        Returns:
            One mapping per screen line (empty-valued for the lines that did not change).
        """
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for render_region, strips in self._span_renders(crop, spans):
            render_x = render_region.x
            first_cut, last_cut = render_region.column_span
            for y, strip in zip(render_region.line_range, strips, strict=False):
                chops_line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                cut_strips = strip.divide([cut - render_x for cut in final_cuts[1:]])
                # Painting front to back: the first strip for a cut wins.
                for cut, cut_strip in zip(final_cuts, cut_strips, strict=False):
                    if chops_line.get(cut) is None:
                        chops_line[cut] = cut_strip
        return cast("Sequence[Mapping[int, Strip]]", chops)

    def _span_renders(
        self, crop: Region, spans: Mapping[int, list[tuple[int, int]]]
    ) -> Iterable[tuple[Region, list[Strip]]]:
        """Each widget's strips for the runs of changed lines it meets, front to back.

        Args:
            crop: The region that surrounds every change.
            spans: For each changed line, its changed column ranges.

        Yields:
            The screen region of a run and the widget's strips for it.
        """
        intersection = Region.intersection
        overlaps = crop.overlaps
        for widget, (region, clip) in self.visible_widgets.items():
            if not overlaps(clip):
                continue
            x, y, width, height = intersection(region, clip)
            if not (width and height):
                continue
            top, bottom = max(y, crop.y), min(y + height, crop.bottom)
            for run in span_runs(spans, top, bottom, x, x + width):
                yield (
                    Region(x, run.start, width, len(run)),
                    widget.render_lines(
                        Region(x - region.x, run.start - region.y, width, len(run))
                    ),
                )


def use_line_compositor(screen: Screen[Any]) -> None:
    """Give a screen a :class:`LineCompositor`, before it is first arranged.

    Args:
        screen: A screen being constructed (call it from ``__init__``).
    """
    screen._compositor = LineCompositor()
