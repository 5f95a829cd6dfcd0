"""A screen drops a Resize for a size the terminal no longer has (a work-around for Textual 8.2).

Why: when a screen's layout changes its own size, Textual posts the screen a Resize for the size
it was laid out at (``Screen._refresh_layout``). A screen that meets two Resizes of different
sizes in its queue, with other messages between them (so Textual does not merge them), lays
itself out at the first size, posts itself that size again behind the second, lays itself out
at the second, posts that again behind the first, and so on for ever: the app spins at 100 % CPU
in the layout, answers no key and shows a stale size. Fast resizes start it (200x60 <-> 20x8,
a lesson playing, in about 6 sweeps in 100); a screen under another, resized along with it,
most often. A screen always fills the terminal (the app never runs inline), so a Resize whose
size is not the terminal's is stale: dropping it ends the loop, and the next Resize, for the
terminal's size, lays the screen out as it is.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.screen import Screen

_installed = False


def drop_stale_screen_resizes() -> None:
    """Make every screen ignore a Resize for a size other than the terminal's (once per run)."""
    global _installed
    if _installed:
        return
    _installed = True
    post_message = Screen.post_message

    def post_unless_stale(self: Screen[object], message: Message) -> bool:
        if isinstance(message, events.Resize) and is_stale(self, message):
            return False
        return post_message(self, message)

    setattr(Screen, "post_message", post_unless_stale)  # noqa: B010 - a method, not data


def is_stale(screen: Screen[object], resize: events.Resize) -> bool:
    """Whether ``resize`` is for a size the terminal no longer has (never in inline mode)."""
    app = screen.app
    return not app.is_inline and resize.size != app.size
