"""The quiz's logic and the progress store work without the UI (and without torch)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_quiz_core_and_commands_never_load_textual_or_torch() -> None:
    statement = (
        "import tui.progress.store, lessons.quiz.answers, lessons.quiz.families, "
        "lessons.quiz.session, lessons.quiz.catalog, lessons.quiz.lesson_questions, "
        "lessons.quiz.mastery, tui.commands.progress; "
        "lessons.quiz.families.generate('next-cell', 1)"
    )
    report = "import json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run(
        [sys.executable, "-c", f"{statement}\n{report}"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "engine" in loaded
    assert not loaded & {"textual", "rich", "torch"}
