"""``cnn-tutor serve`` without a browser: the pages, the offline check, one store per student,
loopback by default, the warning for other addresses, Ctrl-C, and the help's examples."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.serve.helpers import REPO, Served, app_processes, free_port
from tui.app.serve import is_loopback, student_name
from tui.cli import main
from tui.commands import serve as serve_command

pytestmark = pytest.mark.slow


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:  # a loopback URL the test made
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def stop(served: Served) -> str:
    served.process.send_signal(signal.SIGINT)
    output, _ = served.process.communicate(timeout=120)  # a safety net only
    assert served.process.returncode == 0, output
    return served.banner + output


def test_banner_says_loopback_only(serve: Callable[..., Served]) -> None:
    served = serve()
    assert served.banner.splitlines()[0] == f"cnn-tutor serve: open {served.url} in a browser"
    assert "Listening on loopback only" in served.banner
    assert "warning" not in served.banner
    stop(served)


def test_pages_load_nothing_from_elsewhere(serve: Callable[..., Served]) -> None:
    served = serve()
    try:
        status, welcome = get(served.url)
        assert status == 200 and 'name="student"' in welcome
        status, page = get(f"{served.url}?student=ada")
        assert status == 200
        assert f"ws://127.0.0.1:{served.port}/ws/ada" in page
        for html in (welcome, page):
            assert "googleapis" not in html
            references = re.findall(r"""(?:src|href)\s*=\s*"([^"]+)"|url\("([^"]+)"\)""", html)
            paths = [a or b for a, b in references]
            assert paths, "the page loads its script, style sheet and font"
            for path in paths:
                assert path.startswith("/static/"), path  # this server, never another host
                assert get(served.url.rstrip("/") + path)[0] == 200, path
        assert "/static/fonts/RobotoMono-VariableFont_wght.ttf" in page
        assert "/static/js/textual.js" in page
    finally:
        stop(served)


@pytest.mark.parametrize("name", ["../etc", "a b", "x" * 33, "-dash", ""])
def test_a_name_that_cannot_be_a_folder_is_refused(serve: Callable[..., Served], name: str) -> None:
    served = serve()
    try:
        status, page = get(f"{served.url}?student={urllib.request.quote(name)}")
        assert status == 400
        assert "Use letters, digits, - and _ only" in page
        assert not (served.data / "students").exists()
    finally:
        stop(served)


def test_student_names() -> None:
    assert student_name("Ada") == "ada"  # one folder, whatever the case typed
    assert student_name(" bob-2 ") == "bob-2"
    assert student_name("..") is None
    assert student_name("a/b") is None
    assert is_loopback("::1") and is_loopback("127.0.0.2") and not is_loopback("192.168.1.10")


async def first_screen(url: str) -> int:
    """Connect as a page does and count the bytes of the first screen (the app is running)."""
    import aiohttp

    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        received = 0
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                received += len(message.data)
                shown = bytes(message.data).decode("utf-8", "replace")
                if "000-convolution" in shown or "Start with deck 000" in shown:
                    return received
        return received


def test_two_students_get_two_stores_and_ctrl_c_ends_both(
    serve: Callable[..., Served],
) -> None:
    served = serve()
    base = f"ws://127.0.0.1:{served.port}/ws"
    ada, bob = served.data / "students" / "ada", served.data / "students" / "bob"

    async def both() -> None:
        import aiohttp

        async with aiohttp.ClientSession() as session:
            sockets = [
                await session.ws_connect(f"{base}/{name}?width=100&height=30")
                for name in ("ada", "bob")
            ]
            # each page gets its own tutor: a new student's empty store opens on the first-run
            # welcome, over the home screen
            shown = ("000-convolution", "Start with deck 000")
            for ws in sockets:
                text = ""
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        text += bytes(message.data).decode("utf-8", "replace")
                        if any(part in text for part in shown):
                            break
                assert any(part in text for part in shown)
            assert len(app_processes(ada)) == 1
            assert len(app_processes(bob)) == 1
            served.process.send_signal(signal.SIGINT)  # Ctrl-C with both pages open
            for ws in sockets:
                async for _ in ws:  # the server closes each page
                    pass
                assert ws.closed

    asyncio.run(both())
    output, _ = served.process.communicate(timeout=120)  # a safety net only
    assert served.process.returncode == 0, output
    assert "visitor ada left" in output and "visitor bob left" in output
    assert "Traceback" not in output
    assert app_processes(ada) == [] and app_processes(bob) == []
    assert (ada / "progress.db").is_file() and (bob / "progress.db").is_file()


def test_another_address_warns_that_there_is_no_login(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tui.app import serve as serve_module

    seen: list[tuple[str, int]] = []
    monkeypatch.setattr(
        serve_module.TutorServer, "serve", lambda self: seen.append((self.host, self.port))
    )
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123", "--data-dir", str(tmp_path)]) == 0
    assert seen == [("0.0.0.0", 8123)]
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "warning: listening on 0.0.0.0: anyone who can reach this machine" in err
    assert "no login" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "0"], "argument --port"),
        (["--port", "70000"], "argument --port"),
        (["--host", "no such host.invalid"], "argument --host: cannot listen on"),
    ],
)
def test_bad_arguments_are_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(["serve", *args])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "tui", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        )
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith(f"cnn-tutor: error: cannot listen on 127.0.0.1:{port}:")
    )
    assert "Traceback" not in done.stderr


def test_help_examples_run(tmp_path: Path) -> None:
    """Each example of ``serve --help`` starts a server (on a free port) that Ctrl-C stops."""
    examples = [
        line.split("  ")[1].strip() if line.startswith("  ") else ""
        for line in serve_command.EPILOG.splitlines()
    ]
    commands = [shlex.split(e) for e in examples if e.startswith("cnn-tutor serve")]
    assert len(commands) == 3
    (tmp_path / "my-lessons").mkdir()
    for command in commands:
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", *command[1:], "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=120)  # a safety net only
        assert process.returncode == 0, "".join(lines) + rest
        assert any(f":{port}/ in a browser" in line for line in lines), lines
