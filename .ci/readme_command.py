"""Print the README's set-up command named by a marker: ``<!-- command: NAME -->``.

The marker comment stands on the line before a fenced code block; the block holds
the command. CI runs the ``test`` command exactly as the README shows it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def readme_command(name: str, readme: Path) -> str:
    """Return the command in the fenced block after ``<!-- command: name -->``."""
    text = readme.read_text(encoding="utf-8")
    pattern = rf"<!-- command: {re.escape(name)} -->\s*```[a-z]*\n(.*?)\n```"
    match = re.search(pattern, text, flags=re.DOTALL)
    if match is None:
        raise SystemExit(f"{readme}: no '<!-- command: {name} -->' block")
    return match.group(1).strip()


if __name__ == "__main__":
    print(readme_command(sys.argv[1], Path(sys.argv[2])))
