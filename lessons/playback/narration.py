"""Narration text: a scene's markdown with its reconstruction note, and its placeholders filled.

>>> fill_placeholders("Step {step} of {steps}: {text}", step=1, steps=4, value="0",
...                   arithmetic="1*3 + -1*3 = 0", formula="")
'Step 1 of 4: `1*3 + -1*3 = 0`'
"""

from __future__ import annotations

import re

__all__ = ["fill_placeholders", "with_reconstruction_note", "without_arithmetic"]


def fill_placeholders(
    text: str, *, step: int, steps: int, value: str, arithmetic: str | None, formula: str
) -> str:
    """Replace ``{step}``, ``{steps}``, ``{value}``, ``{text}`` and ``{formula}`` in ``text``.

    Args:
        text: The narration markdown.
        step: The step number (0: before the first window).
        steps: The step count.
        value: The current window's value, written with the scene's rule ("" before a window).
        arithmetic: The current window's arithmetic, written in backticks as code; None: empty.
        formula: The scene's formula ("" when it has none).

    Returns:
        The text; other braces are left alone.
    """
    values = {
        "{step}": str(step),
        "{steps}": str(steps),
        "{value}": value,
        "{text}": f"`{arithmetic}`" if arithmetic is not None else "",
        "{formula}": formula,
    }
    for key, filled in values.items():
        text = text.replace(key, filled)
    return text


_NOTE_MARK = re.compile(r"^\s*(>\s*)?[*_]{1,2}reconstructed:?[*_]{0,2}:?", re.IGNORECASE)


def with_reconstruction_note(narration: str, note: str | None) -> str:
    """A scene's narration, ending with its reconstruction note when the slide lost numbers.

    The note is said once: a paragraph of the narration that already starts with
    ``*Reconstructed:*`` gives way to the scene's ``reconstructed`` note.

    >>> print(with_reconstruction_note("Sum.\\n\\n*Reconstructed:* a 1 restored.", "The ninth 1."))
    Sum.
    <BLANKLINE>
    > **Reconstructed:** The ninth 1.
    """
    if not note:
        return narration
    paragraphs = re.split(r"\n\s*\n", narration.strip())
    kept = "\n\n".join(p for p in paragraphs if not _NOTE_MARK.match(p))
    return f"{kept}\n\n> **Reconstructed:** {note}".lstrip()


_STEP_LINE = re.compile(r"^\s*(Step \{step\} of \{steps\}[^{}\n]*:\s*)?\{text\}\s*$")


def without_arithmetic(text: str) -> str:
    """A narration template for a screen that prints the step's arithmetic under the grids.

    The arithmetic is said once, on the board: a paragraph that only prints it (``Step {step}
    of {steps}: {text}``, or ``{text}`` alone) is left out, and a ``{text}`` inside a sentence
    is dropped (a colon before it becomes a full stop).

    >>> without_arithmetic("Stride 2.\\n\\nStep {step} of {steps}: {text}\\n\\nFour windows.")
    'Stride 2.\\n\\nFour windows.'
    >>> without_arithmetic("The vertical filter: {text}")
    'The vertical filter.'
    >>> without_arithmetic("Every product is 1, so the sum is 9 and\\n\\n{text}")
    'Every product is 1, so the sum is 9 (the arithmetic under the grids).'
    """
    if "{text}" not in text:
        return text
    paragraphs = re.split(r"\n\s*\n", text)
    kept: list[str] = []
    for paragraph in paragraphs:
        if not _STEP_LINE.match(paragraph):
            kept.append(paragraph)
        elif kept and kept[-1].rstrip()[-1:].isalnum():  # "... so the sum is 9 and" + {text}
            sentence = re.sub(r"\s+(and|or|so|then|gives|is)$", "", kept[-1].rstrip())
            kept[-1] = f"{sentence} (the arithmetic under the grids)."
    joined = "\n\n".join(kept)
    joined = re.sub(r":\s*\{text\}", ".", joined)
    return joined.replace(" {text}", "").replace("{text}", "")
