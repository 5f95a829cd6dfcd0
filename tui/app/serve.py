"""``cnn-tutor serve``: the tutor in a browser, one app process per visitor, with textual-serve.

textual-serve's :class:`~textual_serve.server.Server` does the work (an aiohttp server, xterm.js in
the page, one Textual process per websocket). This module changes four things, each for the
classroom:

* **One progress store per visitor.** The page asks for a name (``/?student=ada`` skips the
  question); the visitor's app runs with ``--data-dir DATA/students/ada`` and its own settings
  file there, so two students never share a history or a theme.
* **No shell.** textual-serve starts ``command`` with a shell; here the app is started from an
  argument list (:meth:`VisitorService._open_app_process`), in its own session, so the terminal's
  Ctrl-C reaches the server only and the server ends each visitor's process itself.
* **Offline.** The page template is textual-serve's without its Google Fonts link: the font is
  served from textual-serve's own static folder (``serve_templates/app_index.html``).
* **Clean shutdown.** Ctrl-C (or SIGTERM) closes every visitor's websocket, asks each app to quit
  and waits for it; an app that does not exit in :data:`QUIT_GRACE` seconds is terminated.

The URLs in the page are made from the request's own host, so ``--host 0.0.0.0`` works for the
other machines of a classroom (textual-serve would write ``http://0.0.0.0:8000`` into the page).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

__all__ = [
    "QUIT_GRACE",
    "STUDENT_NAME",
    "TutorServer",
    "VisitorService",
    "is_loopback",
    "student_name",
]

log = logging.getLogger("cnn-tutor.serve")

TEMPLATES = Path(__file__).resolve().parent / "serve_templates"
"""The page templates: textual-serve's app page without its CDN font, and the welcome page."""

STUDENT_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
"""A visitor's name, lower-cased: it names a folder, so nothing else is allowed."""

QUIT_GRACE = 10.0
"""Seconds a visitor's app has to quit after the server asks, before it is terminated."""


def student_name(text: str) -> str | None:
    """The visitor's folder name for what they typed, or None when it is not allowed.

    >>> student_name("Ada"), student_name("ada_l-2"), student_name("../etc"), student_name("")
    ('ada', 'ada_l-2', None, None)
    """
    name = text.strip().lower()
    return name if STUDENT_NAME.fullmatch(name) else None


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (``127.0.0.1``, ``::1``, localhost).

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class VisitorService(AppService):
    """One visitor's app process, started from an argument list (no shell) in its own session."""

    def __init__(self, argv: Sequence[str], extra_env: dict[str, str], **kwargs: Any) -> None:
        """Prepare (not start) a visitor's app.

        Args:
            argv: The app's command line (``python -m tui --data-dir ...``).
            extra_env: Variables added to the app's environment (its settings file).
            **kwargs: :class:`~textual_serve.app_service.AppService`'s keyword arguments.
        """
        super().__init__(" ".join(argv), **kwargs)
        self.argv = list(argv)
        self.extra_env = extra_env

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        """Start the app as textual-serve does, but from ``argv`` and in a new session."""
        environment = self._build_environment(width=width, height=height)
        environment.pop("CNN_TUTOR_DATA", None)  # --data-dir names the visitor's folder
        environment.update(self.extra_env)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,  # the terminal's Ctrl-C is the server's to handle
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def process(self) -> asyncio.subprocess.Process | None:
        """The app's process, once started."""
        return self._process


class TutorServer(Server):
    """textual-serve's server with a welcome page, a store per visitor and a clean shutdown."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        data_dir: Path,
        lesson_dirs: Sequence[str] = (),
        python: str = sys.executable,
    ) -> None:
        """Make the server (it listens only once :meth:`serve` runs).

        Args:
            host: The address to listen on.
            port: The port.
            data_dir: The folder that holds ``students/NAME/`` per visitor.
            lesson_dirs: Extra lesson folders (``--lessons``), passed to every visitor's app.
            python: The Python that runs each visitor's app.
        """
        super().__init__(
            "cnn-tutor",
            host=host,
            port=port,
            title="cnn-tutor",
            templates_path=TEMPLATES,
        )
        self.data_dir = data_dir
        self.lesson_dirs = [os.fspath(Path(d).resolve()) for d in lesson_dirs]
        self.python = python
        self.services: set[VisitorService] = set()
        self.sockets: set[web.WebSocketResponse] = set()

    # ------------------------------------------------------------------ visitors
    def visitor_dir(self, name: str) -> Path:
        """The folder of a visitor's ``progress.db`` and ``config.toml``."""
        return self.data_dir / "students" / name

    def visitor_argv(self, name: str) -> list[str]:
        """The command line of a visitor's app."""
        argv = [self.python, "-m", "tui", "--data-dir", os.fspath(self.visitor_dir(name))]
        for folder in self.lesson_dirs:
            argv += ["--lessons", folder]
        return argv

    # ------------------------------------------------------------------ routes
    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{student}", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The welcome page (a name to type), or the tutor for ``?student=NAME``."""
        typed = request.query.get("student")
        static_url = "/static/"
        if typed is None:
            return aiohttp_jinja2.render_template(
                "welcome.html", request, {"static_url": static_url, "student": "", "error": ""}
            )
        name = student_name(typed)
        if name is None:
            return aiohttp_jinja2.render_template(
                "welcome.html",
                request,
                {
                    "static_url": static_url,
                    "student": typed[:32],
                    "error": "Use letters, digits, - and _ only, up to 32, starting with a "
                    "letter or digit.",
                },
                status=400,
            )
        scheme = "wss" if request.secure else "ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{scheme}://{request.host}/ws/{name}",
            "config": {"static": {"url": static_url}},
            "application": {"name": f"cnn-tutor: {name}"},
            "ping_url": "",
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One visitor's app, for as long as their page is open."""
        name = student_name(request.match_info["student"])
        if name is None:
            raise web.HTTPBadRequest(text="not a student name")
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        websocket = web.WebSocketResponse(heartbeat=15)
        service: VisitorService | None = None
        try:
            await websocket.prepare(request)
            self.sockets.add(websocket)
            folder = self.visitor_dir(name)
            folder.mkdir(parents=True, exist_ok=True)
            service = VisitorService(
                self.visitor_argv(name),
                {"CNN_TUTOR_CONFIG": os.fspath(folder / "config.toml")},
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.services.add(service)
            log.info("visitor %s connected", name)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # textual-serve logs and carries on; so does this
            log.exception(error)
        finally:
            self.sockets.discard(websocket)
            if service is not None:
                await self._end(service)
                self.services.discard(service)
                log.info("visitor %s left", name)
        return websocket

    async def _end(self, service: VisitorService) -> None:
        """Ask the app to quit, wait for it, and terminate it if it will not."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(service.stop(), QUIT_GRACE)
        process = service.process
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), QUIT_GRACE)
        except asyncio.TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

    # ------------------------------------------------------------------ lifecycle
    def serve(self, debug: bool = False) -> None:
        """Listen until Ctrl-C or SIGTERM (textual-serve's loop, announcing once it listens).

        Raises:
            OSError: The address cannot be listened on (a port in use, say).
        """
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        with contextlib.suppress(NotImplementedError):  # Windows has no signal handlers
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        try:
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda *_: self.announce(),  # called once the socket is listening
            )
        finally:
            with contextlib.suppress(Exception):
                loop.close()

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: textual-serve prints its logo here, before the socket listens."""

    def announce(self) -> None:
        """Say where the tutor is and how to stop it."""
        shown_host = f"[{self.host}]" if ":" in self.host else self.host
        url = f"http://{shown_host}:{self.port}/"
        print(f"cnn-tutor serve: open {url} in a browser", flush=True)
        if is_loopback(self.host):
            print(
                "Listening on loopback only: only this machine can open it "
                "(--host 0.0.0.0 lets a classroom in).",
                flush=True,
            )
        print(f"Progress: one store per student name under {self.data_dir / 'students'}")
        print("Press Ctrl-C to stop (every visitor's tutor is closed).", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every visitor's page and wait for their apps to quit."""
        if self.services:
            print(f"Closing {len(self.services)} visitor(s)...", flush=True)
        for websocket in list(self.sockets):
            with contextlib.suppress(Exception):
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")
        await asyncio.gather(*(self._end(service) for service in list(self.services)))
        self.services.clear()

    def initialize_logging(self) -> None:
        """Visitors coming and going, one plain line each."""
        logging.basicConfig(level="INFO", format="%(message)s")
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
