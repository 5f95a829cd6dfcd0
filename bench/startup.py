"""Start-up as a user waits for it: cnn-tutor against a bare Textual app, in the same run.

Each program runs in its own pseudo-terminal (120x40). The clock starts just before the process is
spawned and stops when the program's screen shows what is waited for:

* **first frame**: visible text after the switch to the alternate screen (Textual switches once,
  when it paints its first frame), for the tutor and for a bare app (Header, Static, Footer:
  ``bench/bare_app.py``);
* **lessons listed**: the home screen's list (its ``✎ Quiz`` entry, built with the lessons in
  place of "Loading lessons…"): the home screen is usable. Measured twice: on a first start
  (a fresh data folder) and on a later one (**listing saved**: a data folder where an earlier
  start saved the lessons' listing, ``lessons-listing.json``, as every start after the first
  finds it);
* **training ready**: ``cnn-tutor train``'s panel saying ``ready: press space to train`` (torch
  imported, the data set and the model built).

The project's modules are compiled to bytecode first, as pip leaves an installed package (this
machine sets ``PYTHONDONTWRITEBYTECODE``, so an editable checkout compiled each module at every
start: first frame 1.28, listed 1.51 and 1.61 that way); ``--no-bytecode`` removes the bytecode
and times that case.

Runs alternate between the programs so that drift in machine load hits them alike; each figure is
the median with min–max, and each is divided by the bare app's first frame. Goals: first frame
<= 1.3, lessons listed <= 1.5 (the training panel's figure is printed for the record).

Usage:
    python bench/startup.py            # 7 alternating runs of each program
    python bench/startup.py --runs 15  # more runs, steadier median
    python bench/startup.py --no-bytecode  # a fresh checkout, compiling at every start
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(1, str(HERE))

from rounds import median, spread, verdict  # noqa: E402

ALT_SCREEN = b"\x1b[?1049h"
ANSI = re.compile(
    rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])"
)
GOAL = 1.3
GOAL_LISTED = 1.5
LISTED = "✎ Quiz".encode()
READY = b"ready: press space to train"


def first_frame(visible: bytes) -> bool:
    """Anything visible: the first frame is painted."""
    return bool(visible.strip())


def lessons_listed(visible: bytes) -> bool:
    """The home screen's list: its Quiz entry is written with the lessons, in place of
    "Loading lessons…"."""
    return LISTED in visible


def training_ready(visible: bytes) -> bool:
    """The training panel's "ready" line."""
    return READY in visible


def seconds_until(
    argv: list[str],
    timeout: float,
    shown: Callable[[bytes], bool] = first_frame,
    size: tuple[int, int] = (40, 120),
    data: str | None = None,
) -> float:
    """Spawn ``argv`` in a pseudo-terminal and return the seconds until its screen shows a thing.

    Args:
        argv: The command line to run.
        timeout: Give up after this many seconds.
        shown: Given the visible text written so far on the alternate screen (escape sequences
            removed), whether what is waited for is on the screen.
        size: The terminal's (rows, columns).
        data: The data folder to use and keep; None: a fresh one, removed afterwards.

    Returns:
        Seconds from spawn until ``shown`` holds.
    """
    keep = data is not None
    if data is None:
        data = tempfile.mkdtemp(prefix="cnn-tutor-bench-")  # a fresh progress.db, never the user's
    env = dict(
        os.environ,
        TERM="xterm-256color",
        COLUMNS=str(size[1]),
        LINES=str(size[0]),
        CNN_TUTOR_DATA=data,
    )
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        try:
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    buffer = b""
    try:
        while True:
            remaining = timeout - (time.perf_counter() - start)
            if remaining <= 0:
                raise TimeoutError(f"{' '.join(argv)}: no frame within {timeout:.0f} s")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError as error:  # the child exited
                raise RuntimeError(
                    f"{' '.join(argv)} exited before painting: {buffer[-300:]!r}"
                ) from error
            buffer += chunk
            at = buffer.find(ALT_SCREEN)
            if at >= 0:
                visible = ANSI.sub(b"", buffer[at + len(ALT_SCREEN) :])
                if shown(visible):
                    return time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
        if not keep:
            shutil.rmtree(data, ignore_errors=True)


SAVE_LISTING = """
from tui.app.app import create_app

app = create_app()
app.lessons  # loads the lessons and saves their listing
app.store.close()  # and progress.db, as any start leaves it
"""


def prepare_saved(data: str, argv: list[str]) -> None:
    """Leave in ``data`` what a start leaves there: the lessons' listing and ``progress.db``.

    A measured run never does: it is stopped once the lessons are listed (from the listing
    shipped with them), before their load saves one.
    """
    env = dict(os.environ, CNN_TUTOR_DATA=data)
    subprocess.run([argv[0], "-c", SAVE_LISTING], env=env, check=True)
    if not (Path(data) / "lessons-listing.json").exists():
        raise RuntimeError(f"{data}: the app saved no lessons-listing.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each program (default 7)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before giving up")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="remove the project's bytecode first, as in a fresh checkout (with "
        "PYTHONDONTWRITEBYTECODE each module is then compiled at every start; an installed "
        "package has its bytecode)",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")

    # this checkout's code (the cnn-tutor script may run another checkout's editable install)
    os.chdir(HERE.parent)
    if args.no_bytecode:  # as a fresh checkout: no bytecode to read
        for package in ("engine", "lessons", "tui"):
            for cache in (HERE.parent / package).rglob("__pycache__"):
                shutil.rmtree(cache, ignore_errors=True)
    else:
        # As pip leaves an installed package: its modules compiled. Python reads the bytecode
        # even where PYTHONDONTWRITEBYTECODE keeps it from writing any (this machine sets it,
        # and an editable install was compiling some 150 modules at every start).
        for package in ("engine", "lessons", "tui"):
            compileall.compile_dir(HERE.parent / package, quiet=1)
    compiled = "removed (--no-bytecode)" if args.no_bytecode else "compiled"
    print(f"project bytecode: {compiled}")
    tutor = [sys.executable, "-m", "tui"]
    bare = [sys.executable, str(HERE / "bare_app.py")]
    saved = tempfile.mkdtemp(prefix="cnn-tutor-bench-saved-")  # holds the saved listing
    figures: dict[str, tuple[list[str], Callable[[bytes], bool], str | None]] = {
        "bare app, first frame": (bare, first_frame, None),
        "cnn-tutor, first frame": (tutor, first_frame, None),
        "cnn-tutor, lessons listed": (tutor, lessons_listed, None),
        "lessons listed, listing saved": (tutor, lessons_listed, saved),
        "cnn-tutor train, panel ready": ([*tutor, "train"], training_ready, None),
    }
    # One warm-up run each, so the first measured run does not pay for a cold file cache.
    try:
        prepare_saved(saved, tutor)
        for argv, shown, data in figures.values():
            seconds_until(argv, args.timeout, shown, data=data)
        times: dict[str, list[float]] = {name: [] for name in figures}
        for _ in range(args.runs):
            for name, (argv, shown, data) in figures.items():
                times[name].append(seconds_until(argv, args.timeout, shown, data=data))
    finally:
        shutil.rmtree(saved, ignore_errors=True)

    reference = median(times["bare app, first frame"])
    goals = {
        "cnn-tutor, first frame": GOAL,
        "cnn-tutor, lessons listed": GOAL_LISTED,
        "lessons listed, listing saved": GOAL_LISTED,
    }
    for name, samples in times.items():
        print(f"{name:>29}: {spread(samples, scale=1000, unit='ms', digits=1)}")
    for name, samples in times.items():
        if name == "bare app, first frame":
            continue
        ratio = median(samples) / reference
        goal = goals.get(name)
        note = f"  (goal <= {goal}: {verdict(ratio, goal)})" if goal else ""
        print(f"{name:>29} / bare first frame: {ratio:.2f}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
