"""``cnn-tutor serve``: the tutor in a browser, one app process and progress store per visitor."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui.commands._args import shown, whole_number
from tui.commands._help import add_command
from tui.errors import EXIT_FAILED, CliError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

EPILOG = """\
examples:
  cnn-tutor serve                         this machine only: http://127.0.0.1:8000/
  cnn-tutor serve --port 8080 --lessons my-lessons
  cnn-tutor serve --host 0.0.0.0          the classroom's machines too (no login!)

Each student types a name on the first page (or opens /?student=NAME) and gets their own
progress under DATA/students/NAME/, DATA being --data-dir or your user data folder. Ctrl-C
stops the server and closes every student's tutor."""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``serve`` subcommand."""
    parser = add_command(
        subparsers,
        "serve",
        common,
        help="serve the tutor to web browsers (one tutor per visitor)",
        description=(
            "Serve the tutor to web browsers with textual-serve: each visitor gets their own\n"
            "tutor process and their own progress store. By default only this machine can\n"
            "connect; --host with another address lets others in, and the page has no login."
        ),
        epilog=EPILOG,
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default {DEFAULT_HOST}: loopback, this machine only)",
    )
    parser.add_argument(
        "--port",
        type=whole_number(1, 65535),
        default=DEFAULT_PORT,
        help=f"the port (1 to 65535, default {DEFAULT_PORT})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    import ipaddress
    import socket

    from tui.datadir import resolve_data_dir

    host = str(args.host).strip()
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        if host != "localhost":
            try:
                socket.getaddrinfo(host, None)
            except (OSError, UnicodeError):
                raise CliError(f"argument --host: cannot listen on {shown(host)}") from None
    try:
        from tui.app.serve import TutorServer, is_loopback
    except ImportError as error:
        raise CliError(
            f"cnn-tutor serve needs textual-serve ({error}): python -m pip install textual-serve",
            EXIT_FAILED,
        ) from None
    if not is_loopback(host):
        print(
            f"cnn-tutor: warning: listening on {shown(host)}: anyone who can reach this machine "
            "can open the tutor; the page has no login.",
            file=sys.stderr,
            flush=True,
        )
    data_dir = resolve_data_dir(args.data_dir).resolve()
    lesson_dirs = [str(Path(folder)) for folder in args.lesson_dirs]
    server = TutorServer(host=host, port=args.port, data_dir=data_dir, lesson_dirs=lesson_dirs)
    try:
        server.serve()
    except OSError as error:
        raise CliError(
            f"cannot listen on {shown(host)}:{args.port}: {error.strerror or error}", EXIT_FAILED
        ) from None
    print("cnn-tutor serve: stopped", flush=True)
    return 0
