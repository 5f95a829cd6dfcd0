"""Lesson narration (Markdown) as plain text, for ``--plain`` transcripts and screen readers.

A screen reader reads ``**vertical edge**`` as "star star vertical edge star star", and a script
grepping a transcript should not meet backticks. The narration is parsed with markdown-it-py (the
CommonMark parser Rich and Textual already use, so emphasis is read exactly as the app's Markdown
widget reads it) and written back as its text: emphasis and code marks dropped, list items as
``- item``, a link as ``text (address)``, block quotes and headings as their text, paragraphs
separated by a blank line. Line breaks inside a paragraph are kept where the lesson file has them.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["plain_markdown"]

_PARSER = MarkdownIt("commonmark")


def _inline(children: list[Token]) -> str:
    parts: list[str] = []
    links: list[str] = []
    for token in children:
        if token.type in ("text", "code_inline", "html_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "image":
            parts.append(token.content or str(token.attrs.get("alt", "")))
        elif token.type == "link_open":
            links.append(str(token.attrs.get("href", "")))
        elif token.type == "link_close" and links:
            href = links.pop()
            if href:
                parts.append(f" ({href})")
    return "".join(parts)


def plain_markdown(text: str) -> str:
    """The text of a Markdown narration without its markup.

    Args:
        text: CommonMark, as lesson narrations are written.

    Returns:
        Plain lines; blocks separated by one blank line.

    >>> plain_markdown("Its left column is `1`: a **vertical edge** detector.")
    'Its left column is 1: a vertical edge detector.'
    >>> print(plain_markdown("Sums:\\n\\n* **∂L/∂w** of windows;\\n* *∂L/∂b*.\\n\\n> **Note:** see [CS231n](https://cs231n.github.io)."))
    Sums:
    <BLANKLINE>
    - ∂L/∂w of windows;
    - ∂L/∂b.
    <BLANKLINE>
    Note: see CS231n (https://cs231n.github.io).
    """
    blocks: list[str] = []
    prefix: list[str] = []
    for token in _PARSER.parse(text):
        if token.type == "list_item_open":
            prefix.append("- ")
        elif token.type == "list_item_close" and prefix:
            prefix.pop()
        elif token.type == "inline":
            body = _inline(token.children or [])
            if prefix:
                lead = "  " * (len(prefix) - 1) + "- "
                body = lead + body.replace("\n", "\n" + " " * len(lead))
                if blocks and blocks[-1].lstrip().startswith("- "):
                    blocks[-1] += "\n" + body  # list items stay together, one per line
                    continue
            blocks.append(body)
        elif token.type in ("fence", "code_block"):
            blocks.append(
                "\n".join("    " + line for line in token.content.rstrip("\n").split("\n"))
            )
    return "\n\n".join(block for block in blocks if block.strip())
