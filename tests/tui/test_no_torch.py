"""The app never imports torch before the training panel opens (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

SCRIPT = """
import asyncio, json, sys
sys.path.insert(0, {here!r})
from stepper_lesson import LESSON_ID, stepper_lessons
from tui.app.app import create_app

seen = {{}}

async def main():
    app = create_app(lessons=stepper_lessons())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        seen["home"] = "torch" in sys.modules
        app.open_lesson(LESSON_ID)
        await pilot.pause()
        await pilot.press("right", "right", "space")
        await pilot.pause(0.2)
        await pilot.press("n", "n", "question_mark")
        await pilot.pause()
        await pilot.press("escape", "ctrl+p")
        await pilot.pause(0.2)
        await pilot.press("escape", "escape")
        await pilot.pause()
        seen["lessons, help, palette"] = "torch" in sys.modules
        app.open_quiz()
        await pilot.pause()
        seen["quiz"] = "torch" in sys.modules

asyncio.run(main())
print(json.dumps(seen))
"""


def test_torch_stays_out_until_the_training_panel_opens() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(here=str(HERE))],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"home": False, "lessons, help, palette": False, "quiz": False}
