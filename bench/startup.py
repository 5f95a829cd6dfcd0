"""Time to the first painted frame: cnn-tutor against a bare Textual app, in the same run.

Each program runs in its own pseudo-terminal (120x40). The clock starts just before the process is
spawned and stops when the program has written visible text after switching to the alternate screen,
which Textual does once, when it paints its first frame. Runs alternate between the two programs so
that drift in machine load hits both alike. Prints the medians and the ratio; the goal is <= 1.3.

Usage:
    python bench/startup.py [--runs N] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ALT_SCREEN = b"\x1b[?1049h"
ANSI = re.compile(
    rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])"
)
GOAL = 1.3


def first_paint_seconds(
    argv: list[str], timeout: float, size: tuple[int, int] = (40, 120)
) -> float:
    """Spawn ``argv`` in a pseudo-terminal and return the seconds until its first painted frame.

    Args:
        argv: The command line to run.
        timeout: Give up after this many seconds.
        size: The terminal's (rows, columns).

    Returns:
        Seconds from spawn to the first visible text on the alternate screen.
    """
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(size[1]), LINES=str(size[0]))
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
                if visible.strip():
                    return time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each program (default 7)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before giving up")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")

    tutor = shutil.which("cnn-tutor") or str(Path(sys.executable).with_name("cnn-tutor"))
    if not Path(tutor).exists():
        parser.error("cnn-tutor is not installed here: run 'python -m pip install -e .' first")
    programs = {
        "bare Textual app": [sys.executable, str(HERE / "bare_app.py")],
        "cnn-tutor": [tutor],
    }
    # One warm-up run each, so the first measured run does not pay for a cold file cache.
    for argv in programs.values():
        first_paint_seconds(argv, args.timeout)
    times: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(args.runs):
        for name, argv in programs.items():
            times[name].append(first_paint_seconds(argv, args.timeout))

    for name, samples in times.items():
        print(f"{name:>17}: median {statistics.median(samples) * 1000:7.1f} ms  (n={len(samples)})")
    ratio = statistics.median(times["cnn-tutor"]) / statistics.median(times["bare Textual app"])
    verdict = "ok" if ratio <= GOAL else "over goal"
    print(f"first-frame ratio cnn-tutor / bare: {ratio:.2f}  (goal <= {GOAL}: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
