"""Helpers for the ``cnn-tutor serve`` tests: a server on a free port, its apps' processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_processes(visitor_dir: Path) -> list[int]:
    """The pids of the apps serving the visitor whose folder this is (read from /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        pytest.skip("counting the visitors' processes needs /proc")
    needle = os.fsencode(os.fspath(visitor_dir))
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in argv and b"--data-dir" in argv and state != "Z":
            found.append(int(entry.name))
    return found


class Served:
    """A running ``cnn-tutor serve`` and what it printed first."""

    def __init__(self, process: subprocess.Popen[str], port: int, data: Path, banner: str):
        self.process = process
        self.port = port
        self.data = data
        self.banner = banner

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


def start(data: Path, *extra: str, port: int | None = None) -> Served:
    """Start the server and read its lines up to "Press Ctrl-C" (it is listening by then)."""
    port = free_port() if port is None else port
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui",
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(data),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert process.stdout is not None
    banner = []
    for line in process.stdout:
        banner.append(line)
        if line.startswith("Press Ctrl-C"):
            break
    return Served(process, port, data, "".join(banner))
