"""One → step of the stepper, as a user waits for it, against a bare app updating one Static.

Two measurements, each a ratio against a reference measured the same way in the same run, over
rounds that alternate between the two (medians with min–max; never the best round):

1. **CPU per step**, in process, headless at 120x40, on a lesson scene of N×N digits (3×3 kernel,
   padding 1) whose narration has ``{step}``/``{steps}``/``{text}`` placeholders, as every real
   lesson's does. One sample is the process CPU time (threads included) of: the → action, then
   everything it leaves queued (messages, mounts, layout, the screen's update turned into
   terminal text, as a real terminal's would be) until no message waits anywhere. N is 8, 28,
   128 and 256; with ``--photo`` also the shipped 128×128 photograph scene (numbers and
   pictures) against the bare app showing the photograph's numbers. The reference is a bare
   app (Header, Static, Footer) whose → updates the Static with a step counter and the N×N
   numbers (cropped to a screenful), timed the same way.
   Goal: a step ≤ 1.5× the reference at every size (a frame at 60 fps is 16.7 ms).
   The steps start once the tutor has settled its heap, a second after the screen opened, as
   a learner reads it first (``tui.app.heap``; ``--no-settle-heap`` stops that settle).
2. **Opening a scene**: wall and CPU time from ``open_lesson`` until the N×N scene's board has
   drawn its first step (everything queued done, as above). Goal at 256²: ≤ 300 ms.
3. **A playground parameter change** on a 28×28 input (stride, padding or dilation flipped
   between 1 and 2, :data:`CHANGES`), at the start of the trace and 150 windows in (where the
   kept window's view pages and the outputs so far are refilled), CPU timed as in 1, against
   the same bare Static update. Goal: ≤ 1.5×.
4. **The → key's latency in a real terminal**: the tutor and the bare app each run in a tmux
   pane of 120x40; the script presses → (``tmux send-keys``) and polls the pane
   (``tmux capture-pane``) until the step counter on the screen changes. At 28² and 256².
   Goal: ≤ 1.5× the bare app's latency.

Usage:
    python bench/step.py                          # 3 rounds of 30 steps, then 3 of 15 keys
    python bench/step.py --steps 60 --rounds 5 --keys 20
    python bench/step.py --sizes 8 28 --no-tmux   # in-process figures only
    python bench/step.py --sizes 128 --photo --no-tmux  # also the shipped photograph scene
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo before bench/

from rounds import median, spread, verdict

GOAL_RATIO = 1.5
GOAL_OPEN_MS = 300.0
SIZE = (120, 40)
SIZES = (8, 28, 128, 256)
CHANGES = (("stride", 0), ("stride", 150), ("padding", 150), ("dilation", 150))
"""The playground's changes timed: the parameter flipped between 1 and 2, and the windows
stepped before the first change."""
TMUX_SIZES = (28, 256)
REF_ROWS, REF_COLS = 34, 39
NARRATION = """\
Lay the 3x3 filter on the top-left corner of the grid, multiply each pair of numbers and
add the nine products. That sum is one output cell. Then slide one column right and
repeat; at the end of a row, go back left and one row down.

Step {step} of {steps}: {text}

With **padding 1** the output has the input's shape: the border windows overlap the zeros.
"""


def digits(n: int) -> np.ndarray:
    """The N×N input of every scene here: digits 0-9 from a fixed seed."""
    return np.random.default_rng(0).integers(0, 10, size=(n, n))


def lesson_text(n: int) -> str:
    """The YAML of a lesson with one N×N correlation scene and a real lesson's narration."""
    rows = "\n".join("      " + " ".join(str(v) for v in row) for row in digits(n))
    narration = "\n".join("      " + line if line else "" for line in NARRATION.splitlines())
    return f"""\
id: bench-{n}
title: Bench {n}x{n}
deck: {{file: 000_2ce6168aac0ff3a0.txt, course: bench}}
summary: One {n}x{n} correlation scene.
scenes:
  - kind: correlate2d
    title: {n}x{n}
    narration: |
{narration}
    padding: 1
    input: |
{rows}
    kernel: |
      1 0 -1
      1 0 -1
      1 0 -1
"""


def reference_text(x: np.ndarray, step: int) -> str:
    """What the bare app's Static shows at a step: the counter and the numbers that fit a screen.

    The grid is cropped to what a 120x40 screen shows (34 rows of 39 numbers), as the tutor's
    board shows a screenful of a big grid: a 256x256 block of text wrapped line by line would make
    the reference slow and the ratio flattering.
    """
    rows = [" ".join(f"{v:2d}" for v in row[:REF_COLS]) for row in x[:REF_ROWS]]
    return f"step {step}/{x.size}\n" + "\n".join(rows)


def make_reference(n: int, numbers: np.ndarray | None = None) -> Any:
    """A bare app whose → (and l) updates one Static with the N×N numbers and a step counter.

    Args:
        n: The size of the seeded digits shown.
        numbers: Other numbers to show instead (the photograph's), shape (H, W).
    """
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    x = (digits(n) if numbers is None else numbers).astype(int)

    class Reference(App[None]):
        BINDINGS = [("right,l", "next_step", "Next"), ("q", "quit", "Quit")]

        def __init__(self) -> None:
            super().__init__()
            self.step = 0

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(reference_text(x, 0), id="grid")
            yield Footer()

        def action_next_step(self) -> None:
            self.step += 1
            self.query_one("#grid", Static).update(reference_text(x, self.step))

    return Reference()


def make_tutor(n: int, data_dir: str) -> Any:
    """The tutor opened on the bench lesson of size N, as ``cnn-tutor`` builds it."""
    from lessons import LoadResult, load_text
    from tui.app.app import create_app

    lessons = LoadResult(lessons=[load_text(lesson_text(n), f"bench-{n}.yaml")])
    return create_app(
        lessons=lessons, data_dir=data_dir, open_lesson=(f"bench-{n}", 0, 0), fading=False
    )


PHOTO_LESSON, PHOTO_SCENE = "060-photographs", 1
"""The shipped photograph scene timed with ``--photo``: deck 000's vertical-edge filter on the
128×128 cameraman (numbers and pictures)."""


def photo_numbers() -> np.ndarray:
    """The photograph's 128×128 grey levels, as the scene's input shows them."""
    from lessons.pictures import load_picture

    return load_picture("camera")


def make_photo_tutor(data_dir: str) -> Any:
    """The tutor opened on the shipped photograph scene, as ``cnn-tutor step`` opens it."""
    from tui.app.app import create_app

    return create_app(data_dir=data_dir, open_lesson=(PHOTO_LESSON, PHOTO_SCENE, 0), fading=False)


def install_display(app: Any) -> None:
    """Make the headless app turn each screen update into terminal text, as a real terminal app
    does (headless Textual skips that step)."""
    from textual._compositor import CompositorUpdate

    def display(screen: Any, renderable: Any) -> None:
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)

    app._display = display


def queues_empty(app: Any) -> bool:
    """Whether the app, the screen and every widget on it have no message waiting."""
    pumps = [app, *app.screen.walk_children(with_self=True)]
    return all(pump._message_queue.empty() for pump in pumps)


LIVE_ON = {"Timer._run_timer", "MessagePump._process_messages"}
"""Coroutines of tasks that outlive a step by design."""


def busy_tasks(idle: set[asyncio.Task[Any]]) -> list[asyncio.Task[Any]]:
    """Tasks started since ``idle`` was taken that are still running, leaving out the ones that
    live on by design: timers (the position's save, 0.5 s later) and new widgets' message loops."""
    return [
        task
        for task in asyncio.all_tasks()
        if task not in idle
        and not task.done()
        and task is not asyncio.current_task()
        and getattr(task.get_coro(), "__qualname__", "") not in LIVE_ON
    ]


async def settle(app: Any, idle: set[asyncio.Task[Any]]) -> None:
    """Run the event loop until everything a step queued is done, then repaint.

    Not ``pilot.pause()``: that posts a callback to every widget and waits for each, work that
    grows with the widget count and that a real terminal never does. Here the loop runs until no
    message is waiting anywhere and every task the step started (a Markdown update parsing in a
    thread and mounting its blocks, say) is done; then the screen's update (layout, the changed
    lines drawn, turned into terminal text) is done now rather than on its timer, and the loop
    runs again until nothing is waiting. While only tasks are pending (a thread parsing, say) it
    waits a millisecond at a time instead of spinning, so its own checks cost next to nothing.
    Bounded: a step that never settles is an error.
    """
    for _ in range(1_000_000):
        await asyncio.sleep(0)
        if not _polled(queues_empty, app):
            continue  # work is waiting: run it
        if _polled(busy_tasks, idle):
            await asyncio.sleep(0.001)  # a thread or a mount is under way: wait without spinning
            continue
        app.screen._on_timer_update()
        await asyncio.sleep(0)
        if _polled(queues_empty, app) and not _polled(busy_tasks, idle):
            return
    raise RuntimeError("the app never settled after a step")


POLLING = [0.0]
"""CPU seconds :func:`settle` spent in its own checks (walking every widget's queue, listing the
tasks): work of the benchmark, not of the app, and it grows with the widget count, so each
sample leaves it out (:func:`sample_ms`)."""


def _polled(check: Any, arg: Any) -> Any:
    """``check(arg)``, its CPU time added to :data:`POLLING`."""
    start = time.process_time()
    try:
        return check(arg)
    finally:
        POLLING[0] += time.process_time() - start


SETTLE_HEAP = [True]
"""False with ``--no-settle-heap``: the app's heap settle (``tui.app.heap``) is stopped."""


async def reading(app: Any) -> None:
    """Wait as a learner reads a screen that has just opened: the app settles its heap a second
    in (one full collection, then what is alive is frozen: ``tui.app.heap``). With
    ``--no-settle-heap`` the settle is stopped instead, and the collector runs as Python's
    defaults have it. Bounded."""
    if not SETTLE_HEAP[0]:
        if app._heap_timer is not None:
            app._heap_timer.stop()
        return
    for _ in range(6000):
        if app.heap_settled:
            return
        await asyncio.sleep(0.01)
    raise RuntimeError("the app never settled its heap")


def fresh_heap() -> None:
    """Collect what the apps of earlier rounds left (this process runs many; a user's runs
    one), so that no round pays for the garbage of another. Before each app, untimed."""
    gc.unfreeze()
    gc.collect()


def sample_ms(start: float, polling: float) -> float:
    """CPU milliseconds since ``start``, less the polling done since ``polling`` was read."""
    return (time.process_time() - start - (POLLING[0] - polling)) * 1000


async def cpu_per_step(app: Any, steps: int, *, tutor: bool) -> list[float]:
    """CPU milliseconds of each of ``steps`` → steps, everything the step queues included."""
    samples: list[float] = []
    fresh_heap()
    async with app.run_test(size=SIZE) as pilot:
        if tutor:
            from tui.app.screens.lesson import LessonScreen

            for _ in range(1000):  # wait for the lesson screen and its board (bounded)
                await pilot.pause()
                screen = app.screen
                board = screen.board if isinstance(screen, LessonScreen) else None
                if board is not None and board.is_mounted:
                    break
            else:
                raise RuntimeError("the lesson screen never opened")
            action = app.screen.action_next_step
        else:
            action = app.action_next_step
        await pilot.pause()
        install_display(app)
        app.screen._on_timer_update()
        await pilot.pause()
        if tutor:
            await reading(app)
        for _ in range(steps):
            idle = set(asyncio.all_tasks())
            start, polling = time.process_time(), POLLING[0]
            action()
            await settle(app, idle)
            samples.append(sample_ms(start, polling))
        if tutor and app.screen.step != steps:
            raise RuntimeError(f"expected step {steps}, got {app.screen.step}")
    return samples


async def open_scene(n: int, data_dir: str) -> tuple[float, float]:
    """Seconds (wall, process CPU) from opening the N×N lesson until its board is drawn."""
    from lessons import LoadResult, load_text
    from tui.app.app import create_app
    from tui.app.screens.lesson import LessonScreen

    lessons = LoadResult(lessons=[load_text(lesson_text(n), f"bench-{n}.yaml")])
    app = create_app(lessons=lessons, data_dir=data_dir, fading=False)
    fresh_heap()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        install_display(app)
        idle = set(asyncio.all_tasks())
        wall, cpu = time.perf_counter(), time.process_time()
        app.open_lesson(f"bench-{n}")
        for _ in range(1000):  # bounded: settle until the board has drawn its first step
            await settle(app, idle)
            screen = app.screen
            board = screen.board if isinstance(screen, LessonScreen) else None
            if board is not None and board.is_mounted and board._ready:
                break
        else:
            raise RuntimeError("the lesson never opened")
        return time.perf_counter() - wall, time.process_time() - cpu


async def cpu_per_change(steps: int, at: int = 0, parameter: str = "stride") -> list[float]:
    """CPU milliseconds of each playground parameter change on a 28×28 input (``parameter``
    1 ↔ 2): the engine's recompute, the board refilled, the layout and the repaint, all it
    queues.

    Args:
        steps: Changes timed.
        at: Windows stepped before the first change (0: at the start; 150 windows in, the
            change keeps the current window, whose view pages, and refills the outputs so far).
        parameter: ``stride``, ``padding`` or ``dilation``.
    """
    from lessons.playground import PlayState
    from tui.app.app import create_app
    from tui.app.screens.playground import PlaygroundScreen

    x = digits(28).astype(float)
    built = PlayState(x, np.array([[1.0, 0, -1]] * 3), padding=1).build()
    app = create_app(initial_screen=lambda: PlaygroundScreen(built))  # type: ignore[arg-type,return-value]
    samples: list[float] = []
    fresh_heap()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(1000):  # wait for the playground (bounded)
            await pilot.pause()
            if isinstance(app.screen, PlaygroundScreen):
                break
        else:
            raise RuntimeError("the playground never opened")
        await pilot.pause()
        install_display(app)
        app.screen._on_timer_update()
        await pilot.pause()
        await reading(app)
        screen = app.screen
        for _ in range(at):
            screen.action_next_step()
        idle = set(asyncio.all_tasks())
        await settle(app, idle)
        for i in range(steps):
            idle = set(asyncio.all_tasks())
            start, polling = time.process_time(), POLLING[0]
            screen.change(**{parameter: 2 if i % 2 == 0 else 1})
            await settle(app, idle)
            samples.append(sample_ms(start, polling))
    return samples


# ------------------------------------------------------------------------------ tmux latency
STEP_RE = re.compile(r"step (\d+)/")


class Pane:
    """One program in a detached tmux session of its own (its own socket), 120x40."""

    def __init__(self, argv: list[str], socket: str) -> None:
        self.socket = socket
        self.base = ["tmux", "-L", socket]
        path = os.environ.get("PYTHONPATH", "")
        env_args = ["-e", f"PYTHONPATH={path}", "-e", "TERM=xterm-256color"]
        subprocess.run(
            [
                *self.base,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                str(SIZE[0]),
                "-y",
                str(SIZE[1]),
                *env_args,
                "-s",
                "bench",
                " ".join(argv),
            ],
            check=True,
        )

    def screen(self) -> str:
        result = subprocess.run(
            [*self.base, "capture-pane", "-p", "-t", "bench"], capture_output=True, text=True
        )
        return result.stdout

    def step(self) -> int | None:
        match = STEP_RE.search(self.screen())
        return int(match.group(1)) if match else None

    def wait_step(self, timeout: float = 60.0) -> int:
        """Poll until a step counter shows; the clock here only gives up on a hung program."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            value = self.step()
            if value is not None:
                return value
            time.sleep(0.01)
        raise TimeoutError(f"no step counter on screen:\n{self.screen()}")

    def key_latency(self) -> float:
        """Seconds from pressing → until the step counter on screen changes."""
        before = self.wait_step()
        start = time.perf_counter()
        subprocess.run([*self.base, "send-keys", "-t", "bench", "Right"], check=True)
        while True:
            value = self.step()
            if value is not None and value != before:
                return time.perf_counter() - start
            if time.perf_counter() - start > 60:
                raise TimeoutError("the step counter never changed")

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)


def serve(kind: str, n: int) -> None:
    """Run the tutor or the bare app of size N in this terminal (what the tmux panes run)."""
    if kind == "tutor":
        with tempfile.TemporaryDirectory() as data_dir:
            make_tutor(n, data_dir).run()
    else:
        make_reference(n).run()


def tmux_latency(n: int, keys: int, rounds: int) -> tuple[list[float], list[float]]:
    """The → key's latency in tmux, tutor and bare app, ``keys`` presses per round."""
    script = str(Path(__file__).resolve())
    tutor: list[float] = []
    bare: list[float] = []
    for _ in range(rounds):
        for kind, samples in (("bare", bare), ("tutor", tutor)):
            argv = [sys.executable, script, "--serve", kind, str(n)]
            pane = Pane(argv, f"bench-{os.getpid()}-{kind}")
            try:
                pane.wait_step()
                time.sleep(0.5)  # let start-up work settle before the first key (not timed)
                for _ in range(keys):
                    samples.append(pane.key_latency())
            finally:
                pane.close()
    return tutor, bare


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", type=int, default=30, help="steps timed per round (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--keys", type=int, default=15, help="tmux keys per round (default 15)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="input sizes N")
    parser.add_argument("--no-tmux", action="store_true", help="skip the terminal latency")
    parser.add_argument(
        "--no-settle-heap",
        action="store_true",
        help="stop the app's heap settle (tui.app.heap): the collector as Python's defaults run it",
    )
    parser.add_argument(
        "--photo",
        action="store_true",
        help="also time a step of the shipped 128x128 photograph scene (issue 15)",
    )
    parser.add_argument("--serve", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    SETTLE_HEAP[0] = not args.no_settle_heap
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return 0
    if min(args.steps, args.rounds, args.keys, *args.sizes) < 1:
        parser.error("--steps, --rounds, --keys and --sizes must be at least 1")

    rounds = f"{args.rounds} rounds x {args.steps} steps"
    print(f"1. CPU per → step, headless {SIZE[0]}x{SIZE[1]}, {rounds}")
    for n in args.sizes:
        tutor: list[float] = []
        bare: list[float] = []
        with tempfile.TemporaryDirectory() as data_dir:
            for _ in range(args.rounds):
                bare += asyncio.run(cpu_per_step(make_reference(n), args.steps, tutor=False))
                tutor += asyncio.run(cpu_per_step(make_tutor(n, data_dir), args.steps, tutor=True))
        ratio = median(tutor) / median(bare)
        print(f"   {n}x{n}: bare Static {spread(bare)}")
        print(f"   {n}x{n}: tutor step  {spread(tutor)}")
        print(f"   {n}x{n}: ratio {ratio:.2f} (goal <= {GOAL_RATIO}: {verdict(ratio, GOAL_RATIO)})")

    if args.photo:
        tutor, bare = [], []
        camera = photo_numbers()
        with tempfile.TemporaryDirectory() as data_dir:
            for _ in range(args.rounds):
                bare += asyncio.run(
                    cpu_per_step(make_reference(0, camera), args.steps, tutor=False)
                )
                tutor += asyncio.run(
                    cpu_per_step(make_photo_tutor(data_dir), args.steps, tutor=True)
                )
        ratio = median(tutor) / median(bare)
        print(
            f"   photograph 128x128 ({PHOTO_LESSON} scene {PHOTO_SCENE + 1}, numbers and pictures):"
        )
        print(f"     bare Static {spread(bare)}")
        print(f"     tutor step  {spread(tutor)}")
        print(f"     ratio {ratio:.2f} (goal <= {GOAL_RATIO}: {verdict(ratio, GOAL_RATIO)})")

    print(f"2. opening an NxN scene until its board is drawn, {args.rounds} rounds")
    with tempfile.TemporaryDirectory() as data_dir:
        for n in args.sizes:
            walls: list[float] = []
            cpus: list[float] = []
            for _ in range(args.rounds):
                wall, cpu = asyncio.run(open_scene(n, data_dir))
                walls.append(wall)
                cpus.append(cpu)
            goal = f" (goal <= {GOAL_OPEN_MS:g} ms: {verdict(median(walls) * 1000, GOAL_OPEN_MS)})"
            print(
                f"   {n}x{n}: wall {spread(walls, scale=1000)}; CPU {spread(cpus, scale=1000)}"
                + (goal if n == 256 else "")
            )

    print(f"3. a playground parameter change on 28x28 (1 <-> 2), {rounds}")
    bare = []
    changes: dict[tuple[str, int], list[float]] = {change: [] for change in CHANGES}
    for _ in range(args.rounds):
        bare += asyncio.run(cpu_per_step(make_reference(28), args.steps, tutor=False))
        for parameter, at in CHANGES:
            changes[parameter, at] += asyncio.run(cpu_per_change(args.steps, at, parameter))
    print(f"   28x28: bare Static {spread(bare)}")
    for (parameter, at), samples in changes.items():
        ratio = median(samples) / median(bare)
        where = parameter + (" at the start" if at == 0 else f" {at} windows in")
        print(f"   28x28, {where}: playground {spread(samples)}")
        verdict_text = verdict(ratio, GOAL_RATIO)
        print(f"   28x28, {where}: ratio {ratio:.2f} (goal <= {GOAL_RATIO}: {verdict_text})")

    if args.no_tmux:
        return 0
    if shutil.which("tmux") is None:
        print("4. skipped: tmux is not installed")
        return 0
    print(f"4. → key latency in tmux {SIZE[0]}x{SIZE[1]}, {args.rounds} rounds x {args.keys} keys")
    for n in TMUX_SIZES:
        tutor, bare = tmux_latency(n, args.keys, args.rounds)
        ratio = median(tutor) / median(bare)
        print(f"   {n}x{n}: bare app key {spread(bare, scale=1000)}")
        print(f"   {n}x{n}: tutor key    {spread(tutor, scale=1000)}")
        print(f"   {n}x{n}: ratio {ratio:.2f} (goal <= {GOAL_RATIO}: {verdict(ratio, GOAL_RATIO)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
