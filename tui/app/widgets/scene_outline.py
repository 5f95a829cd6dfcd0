"""The lesson's outline beside a text scene on a wide terminal: where the reader is, what next.

A text scene (and a scene that draws no grid, such as an output-size formula) has only narration.
On a terminal 120 columns or wider the narration keeps a reading measure and this panel takes the
rest of the width: every scene of the lesson, one line each (``▶`` the current one, ``✓`` those
stepped to their end, ``n ›`` the next one, so the marks never rest on colour alone), then a
preview of the next scene (its title and opening narration). A click on a scene's line opens it
(:class:`SceneOutline.Chosen`). :func:`asks_text` words the questions the current scene's quiz
will ask, without their answers, which the lesson screen shows under the narration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Markdown, Static

from tui.terminal_text import printable

__all__ = [
    "OutlineEntry",
    "SceneList",
    "SceneOutline",
    "asks_text",
    "opening",
    "outline_window",
]


@dataclass(frozen=True)
class OutlineEntry:
    """One scene's line in the outline.

    Attributes:
        title: The scene's title (or its kind when it has none), printable.
        kind: The scene's kind (``text``, ``correlate2d``, ...).
    """

    title: str
    kind: str


def outline_window(count: int, current: int, height: int) -> tuple[int, int]:
    """The scenes ``[start, stop)`` shown in ``height`` lines, the current one kept in view.

    When not every scene fits, a line at the top and/or bottom says how many are left out, so
    the window holds fewer scenes than ``height``; the current scene sits a third of the way down
    (what comes next matters more than what was read).

    >>> outline_window(10, 3, 20)
    (0, 10)
    >>> outline_window(29, 0, 10)
    (0, 9)
    >>> outline_window(29, 20, 10)
    (18, 26)
    >>> outline_window(29, 28, 10)
    (20, 29)
    """
    if count <= height:
        return 0, count
    if height < 3:
        return current, min(count, current + 1)
    start = max(0, current - (height - 2) // 3)
    above = 1 if start > 0 else 0  # the "more above" line
    if start + height - above >= count:  # the end is in view: no "more below" line
        return count - (height - 1), count
    return start, start + height - above - 1


class SceneList(Widget, can_focus=False):
    """The scenes, one line each, windowed to the widget's height around the current one."""

    DEFAULT_CSS = """
    SceneList {
        height: auto;
        max-height: 70%;
    }
    SceneList > .outline--current { color: $text-accent; text-style: bold; background: $boost; }
    SceneList > .outline--done { color: $text-muted; }
    SceneList > .outline--next { color: $text; }
    SceneList > .outline--later { color: $text; }
    SceneList > .outline--kind { color: $text-muted; text-style: italic; }
    SceneList > .outline--more { color: $text-muted; text-style: italic; }
    """

    COMPONENT_CLASSES = {
        "outline--current",
        "outline--done",
        "outline--next",
        "outline--later",
        "outline--kind",
        "outline--more",
    }

    def __init__(self, *, id: str | None = None) -> None:
        """An empty list (:meth:`show` fills it)."""
        super().__init__(id=id)
        self.entries: tuple[OutlineEntry, ...] = ()
        self.current = 0
        self.finished: frozenset[int] = frozenset()

    def show(self, entries: Sequence[OutlineEntry], current: int, finished: set[int]) -> None:
        """List ``entries`` with ``current`` (0-based) marked and the ``finished`` ones ticked."""
        entries = tuple(entries)
        resize = len(entries) != len(self.entries)
        self.entries, self.current, self.finished = entries, current, frozenset(finished)
        self.refresh(layout=resize)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """One line a scene (a tall lesson is windowed to the panel's height)."""
        return len(self.entries)

    def visible_scenes(self) -> range:
        """The scenes (0-based) drawn now."""
        start, stop = outline_window(len(self.entries), self.current, self.content_size.height)
        return range(start, stop)

    def _line(self, index: int, width: int) -> Text:
        entry = self.entries[index]
        if index == self.current:
            mark, style = "▶", "outline--current"
        elif index == self.current + 1:
            mark, style = "n ›", "outline--next"
        elif index in self.finished:
            mark, style = "✓", "outline--done"
        else:
            mark, style = "", "outline--later"
        head = f"{mark:>3} {index + 1:>2}  "
        kind = f"  {entry.kind}"
        room = width - cell_len(head)
        title = entry.title
        if cell_len(title) + cell_len(kind) > room:
            kind = ""  # the title first; the kind only where it fits
            if cell_len(title) > room:
                title = _clip(title, room)
        text = Text(no_wrap=True, overflow="crop", end="")
        main = self.get_component_rich_style(style)
        text.append(head + title, main)
        if kind:
            text.append(kind, self.get_component_rich_style("outline--kind"))
        if index == self.current:  # the highlight runs the panel's width
            text.append(" " * max(0, width - text.cell_len), main)
        return text

    def render(self) -> Text:
        """The windowed list, with a line saying how many scenes are above or below."""
        width, height = self.content_size.width, self.content_size.height
        window = self.visible_scenes()
        more = self.get_component_rich_style("outline--more")
        lines: list[Text] = []
        if window.start > 0:
            lines.append(Text(f"      ⋮ {window.start} more above", more, no_wrap=True, end=""))
        lines.extend(self._line(index, width) for index in window)
        below = len(self.entries) - window.stop
        if below > 0:
            lines.append(Text(f"      ⋮ {below} more below", more, no_wrap=True, end=""))
        return Text("\n", end="").join(lines[: max(height, 0)] if height else lines)

    def scene_at(self, y: int) -> int | None:
        """The scene (0-based) on content line ``y``, or None (a "more" line, past the end)."""
        window = self.visible_scenes()
        offset = 1 if window.start > 0 else 0
        index = window.start + y - offset
        return index if y >= offset and index in window else None

    def on_click(self, event: events.Click) -> None:
        """A click on a scene's line asks to open it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scene_at(offset.y)
        if index is not None:
            event.stop()
            self.post_message(SceneOutline.Chosen(index))


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis."""
    if width <= 1:
        return "…"[:width]
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out + "…"


class SceneOutline(Vertical, can_focus=False):
    """The outline panel: the lesson's scenes, then the keys that move between them."""

    DEFAULT_CSS = """
    SceneOutline {
        height: 100%;
        border: round $primary-muted;
        border-title-color: $text-primary;
        padding: 0 1;
    }
    SceneOutline #outline-next {
        height: auto;
        margin-top: 1;
        padding: 0 0 0 1;
        border-left: outer $primary-muted;
    }
    SceneOutline #outline-next.-empty { display: none; }
    SceneOutline #outline-next-title { text-style: bold; color: $text-primary; }
    SceneOutline #outline-next-text { margin: 0; padding: 0; background: transparent; }
    SceneOutline #outline-next-text > MarkdownParagraph { margin: 0; }
    SceneOutline #outline-keys {
        dock: bottom;
        height: auto;
        color: $text-muted;
    }
    """

    class Chosen(Message):
        """A scene's line was clicked.

        Attributes:
            scene: The scene (0-based).
        """

        def __init__(self, scene: int) -> None:
            super().__init__()
            self.scene = scene

    def compose(self) -> ComposeResult:
        yield SceneList(id="outline-scenes")
        with Vertical(id="outline-next", classes="-empty"):
            yield Static("", id="outline-next-title", markup=False)
            yield Markdown("", id="outline-next-text")
        yield Static(
            "n next · p previous · click to open",
            id="outline-keys",
            markup=False,
        )

    def show(
        self,
        entries: Sequence[OutlineEntry],
        current: int,
        finished: set[int],
        coming: str = "",
    ) -> None:
        """Mark ``current`` (0-based) among ``entries``, the ``finished`` ones ticked.

        Args:
            entries: The lesson's scenes.
            current: The scene shown.
            finished: The scenes stepped to their end.
            coming: The next scene's opening narration (markdown), "" for none (the last).
        """
        self.border_title = f"This lesson: {len(entries)} scenes"
        self.query_one(SceneList).show(entries, current, finished)
        box = self.query_one("#outline-next", Vertical)
        following = current + 1
        if following < len(entries) and coming:
            entry = entries[following]
            title = f"Next (n): scene {following + 1}, {entry.title}"
            self.query_one("#outline-next-title", Static).update(title)
            self.query_one("#outline-next-text", Markdown).update(printable(coming))
        box.set_class(following >= len(entries) or not coming, "-empty")


def opening(narration: str, limit: int = 320) -> str:
    """A scene's narration cut to its opening: whole paragraphs without placeholders, up to
    ``limit`` characters (at least the first sentence), for the outline's "Next" preview.

    >>> opening("Lay the filter on the corner. Then slide.\\n\\nStep {step} of {steps}.")
    'Lay the filter on the corner. Then slide.'
    >>> opening("One. Two. Three.", limit=8)
    'One. …'
    """
    kept: list[str] = []
    size = 0
    for paragraph in (p.strip() for p in narration.split("\n\n")):
        if not paragraph or "{" in paragraph:
            continue
        if size + len(paragraph) > limit:
            if not kept:
                sentences = paragraph.split(". ")
                cut = sentences[0] + "."
                for sentence in sentences[1:]:
                    if len(cut) + len(sentence) + 2 > limit:
                        break
                    cut += " " + sentence.rstrip(".") + "."
                kept.append(cut + " …")
            break
        kept.append(paragraph)
        size += len(paragraph)
    return "\n\n".join(kept)


def asks_text(asks: Sequence[str]) -> Text:
    """The questions a scene's quiz will ask, without their answers, to read with the scene."""
    head = Text("Ask yourself (the quiz asks these later):", style="bold")
    return Text("\n", end="").join([head] + [Text(f"• {printable(a).strip()}") for a in asks])
