"""Narration text: a scene's markdown with its reconstruction note, and its placeholders filled.

>>> fill_placeholders("Step {step} of {steps}: {text}", step=1, steps=4, value="0",
...                   arithmetic="1*3 + -1*3 = 0", formula="")
'Step 1 of 4: `1*3 + -1*3 = 0`'
"""

from __future__ import annotations

__all__ = ["fill_placeholders", "with_reconstruction_note"]


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


def with_reconstruction_note(narration: str, note: str | None) -> str:
    """A scene's narration, ending with its reconstruction note when the slide lost numbers."""
    if note:
        return f"{narration.rstrip()}\n\n> **Reconstructed:** {note}".lstrip()
    return narration
