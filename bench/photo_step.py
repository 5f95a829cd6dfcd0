"""One step of the stepper on a 28×28 input: the engine's step plus a full repaint of the screen.

The tutor runs headless at 120x40 with a lesson screen on a 28×28 input (a 3×3 kernel, padding 1),
and each timed step is what the → key does: ``trace[k]`` from the engine, the board's marks on
every grid, the arithmetic text; then the repaint Textual's update timer would do (layout where
needed, the changed lines drawn, the screen update composed and turned into terminal text).

The reference, measured in the same run and the same way, is a bare Textual app whose screen holds
one Static with the same 28×28 numbers as plain text, updated each step (no engine, no marks).
The script prints the median milliseconds of each and their ratio. Goal: a step ≤ 5 ms.

With ``--photo`` the scene is the 128×128 photograph (``input: {image: camera}``, a 3×3 kernel,
no padding), drawn as numbers and as pictures beside them, and the reference Static holds the
photograph's 128×128 numbers. It also times opening that scene (from ``open_lesson`` to the first
repaint done). Goals: a step ≤ 1.5× the reference, opening ≤ 300 ms.

Usage:
    python bench/photo_step.py [--steps N] [--rounds R] [--photo]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lessons import LoadResult, load_text

GOAL_MS = 5.0
SIZE = (120, 40)
N = 28
PHOTO = False
"""Time the 128×128 photograph scene instead (``--photo``)."""
PHOTO_RATIO = 1.5
PHOTO_OPEN_MS = 300.0


def photo_lessons() -> LoadResult:
    """A lesson with one correlation scene on the shipped 128×128 photograph."""
    text = """\
id: bench-28
title: Bench
deck: {file: 000_2ce6168aac0ff3a0.txt, course: bench}
summary: One 128x128 photograph scene.
scenes:
  - kind: correlate2d
    title: camera
    narration: The cameraman.
    input: {image: camera}
    kernel: [[1, 0, -1], [1, 0, -1], [1, 0, -1]]
"""
    return LoadResult(lessons=[load_text(text, "bench-photo.yaml")])


def reference_numbers() -> np.ndarray[Any, Any]:
    """The numbers the reference Static shows: the 28×28 digits, or the photograph."""
    if PHOTO:
        from lessons.pictures import load_picture

        return load_picture("camera").astype(int)
    return np.random.default_rng(0).integers(0, 10, size=(N, N)).astype(int)


def bench_lessons() -> LoadResult:
    """A lesson with one 28×28 correlation scene (digits 0-9, a vertical-edge kernel, padding 1),
    loaded from YAML text through the loader the tutor itself uses."""
    x = np.random.default_rng(0).integers(0, 10, size=(N, N))
    rows = "\n".join("      " + " ".join(str(v) for v in row) for row in x)
    text = f"""\
id: bench-28
title: Bench
deck: {{file: 000_2ce6168aac0ff3a0.txt, course: bench}}
summary: One 28x28 correlation scene.
scenes:
  - kind: correlate2d
    title: 28x28
    narration: A 28x28 input.
    padding: 1
    input: |
{rows}
    kernel: |
      1 0 -1
      1 0 -1
      1 0 -1
"""
    return LoadResult(lessons=[load_text(text, "bench-28.yaml")])


def install_display(app: Any) -> None:
    """Make the headless app turn each screen update into terminal text, as a real terminal app
    does (headless Textual skips that step)."""
    from textual._compositor import CompositorUpdate

    def display(screen: Any, renderable: Any) -> None:
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)

    app._display = display


def repaint(app: Any) -> None:
    """Do now what the screen's update timer would do next: lay out what needs it, then draw
    the widgets that changed and compose the screen update (Textual's own code path)."""
    app.screen._on_timer_update()


async def time_tutor(steps: int) -> list[float]:
    """Milliseconds per step of the tutor's lesson screen."""
    import tui.app.screens.lesson as lesson_screen
    from tui.app.app import create_app

    app = create_app(lessons=photo_lessons() if PHOTO else bench_lessons(), fading=False)
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("bench-28")
        await pilot.pause()
        install_display(app)
        screen = app.screen
        assert isinstance(screen, lesson_screen.LessonScreen)
        repaint(app)
        for _ in range(steps):
            start = time.perf_counter()
            screen.step = screen.step + 1
            repaint(app)
            samples.append((time.perf_counter() - start) * 1000)
            await pilot.pause()  # let the event loop settle between steps (not timed)
        if screen.step != steps:
            raise RuntimeError(f"expected step {steps}, got {screen.step}")
    return samples


async def time_reference(steps: int) -> list[float]:
    """Milliseconds per update of a bare app showing the same 28×28 numbers as text."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    x = reference_numbers()

    class Reference(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(id="grid")
            yield Footer()

    def text(step: int) -> str:
        rows = [" ".join(f"{v:3d}" if PHOTO else f"{v:2d}" for v in row) for row in x]
        return "\n".join(rows) + f"\nstep {step}"

    app = Reference()
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        grid = app.query_one("#grid", Static)
        grid.update(text(0))
        await pilot.pause()
        install_display(app)
        repaint(app)
        for step in range(1, steps + 1):
            start = time.perf_counter()
            grid.update(text(step))
            repaint(app)
            samples.append((time.perf_counter() - start) * 1000)
            await pilot.pause()
    return samples


async def time_open(_: int) -> list[float]:
    """Milliseconds from ``open_lesson`` to the photograph scene's first repaint done."""
    import tui.app.screens.lesson as lesson_screen
    from tui.app.app import create_app

    app = create_app(lessons=photo_lessons(), fading=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        install_display(app)
        start = time.perf_counter()
        app.open_lesson("bench-28")
        while not isinstance(app.screen, lesson_screen.LessonScreen):
            await pilot.pause(0)
        screen = app.screen
        while screen.board is None or not screen.board.is_mounted:
            await pilot.pause(0)
        repaint(app)
        return [(time.perf_counter() - start) * 1000]


def run(measure: Callable[[int], Any], steps: int) -> list[float]:
    result: list[float] = asyncio.run(measure(steps))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60, help="steps timed per round (default 60)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--photo", action="store_true", help="the 128x128 photograph scene")
    args = parser.parse_args()
    global PHOTO
    PHOTO = args.photo
    if args.steps < 1 or args.rounds < 1:
        parser.error("--steps and --rounds must be at least 1")
    tutor: list[float] = []
    reference: list[float] = []
    for _ in range(args.rounds):  # alternate, so drift in machine load hits both alike
        reference += run(time_reference, args.steps)
        tutor += run(time_tutor, args.steps)
    tutor_ms = statistics.median(tutor)
    reference_ms = statistics.median(reference)
    print(f"  bare Static update + repaint: median {reference_ms:6.2f} ms  (n={len(reference)})")
    print(f"tutor step (engine + repaint): median {tutor_ms:6.2f} ms  (n={len(tutor)})")
    print(f"ratio tutor / bare: {tutor_ms / reference_ms:.2f}")
    if PHOTO:
        opens = [run(time_open, 1)[0] for _ in range(args.rounds)]
        open_ms = statistics.median(opens)
        ratio = tutor_ms / reference_ms
        verdict = "ok" if ratio <= PHOTO_RATIO else "over goal"
        goal = f"goal <= {PHOTO_RATIO}: {verdict}"
        print(f"one step on the 128x128 photo: ratio {ratio:.2f} ({goal})")
        spread = max(opens) - min(opens)
        verdict = "ok" if open_ms <= PHOTO_OPEN_MS else "over goal"
        print(
            f"opening the photo scene: median {open_ms:.0f} ms, spread {spread:.0f} ms over "
            f"{len(opens)} (goal <= {PHOTO_OPEN_MS:g} ms: {verdict})"
        )
        return 0
    verdict = "ok" if tutor_ms <= GOAL_MS else "over goal"
    print(f"one step on 28x28: {tutor_ms:.2f} ms (goal <= {GOAL_MS:g} ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
