"""Follow a step in the narration by rewriting only the paragraphs whose text changed.

A lesson's narration is Markdown with ``{step}`` and ``{text}`` placeholders, so its text changes
at every step. ``Markdown.update`` re-parses the whole document in a thread and mounts every block
again (three layout passes); a step only changes the line its placeholders are in. When the new
text has the same lines as the old except inside top-level paragraphs, :func:`patch_paragraphs`
gives those paragraphs their new inline content in place, as ``Markdown`` itself would draw it
(the same parser, the same ``code_inline``/``strong``/``em`` styles).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from tui.app.widgets.line_update import fits_as_before

__all__ = ["patch_paragraphs"]

_PARSER = MarkdownIt("gfm-like")


def patch_paragraphs(markdown: Markdown, old: str, new: str) -> bool:
    """Rewrite in place the paragraphs of ``markdown`` (showing ``old``) that differ in ``new``.

    Args:
        markdown: The mounted Markdown widget, last updated with ``old``.
        old: The text it shows.
        new: The text it should show.

    Returns:
        True when done; False when the change is more than paragraph text (lines added or
        removed, a change outside a top-level paragraph, a paragraph that stops being one):
        then nothing was changed and the caller updates the whole document.
    """
    if markdown.source != old:
        return False
    old_lines = old.splitlines()
    new_lines = new.splitlines()
    if len(old_lines) != len(new_lines):
        return False
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    if not changed:
        return True
    paragraphs = [
        block
        for block in markdown.children
        if isinstance(block, MarkdownBlock)
        and block.name == "paragraph_open"  # a paragraph block is named for its token
        and block.source_range[1] > block.source_range[0]
    ]
    plans: list[tuple[MarkdownBlock, Token]] = []
    for line in changed:
        block = next((b for b in paragraphs if b.source_range[0] <= line < b.source_range[1]), None)
        if block is None:
            return False
        if any(planned is block for planned, _ in plans):
            continue
        start, end = block.source_range
        tokens = _PARSER.parse("\n".join(new_lines[start:end]))
        kinds = [token.type for token in tokens]
        if kinds != ["paragraph_open", "inline", "paragraph_close"]:
            return False
        plans.append((block, tokens[1]))
    for block, inline in plans:
        # what build_from_token does, without a layout pass when the paragraph keeps its size
        content = block._token_to_content(inline)
        block._inline_token = inline
        block._content = content
        block.update(content, layout=not fits_as_before(block, content))
    markdown._markdown = new  # what ``source`` returns; Markdown.update sets the same
    return True
