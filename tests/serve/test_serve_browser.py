"""``cnn-tutor serve`` in a real browser: headless Chromium driven by Playwright.

The test starts the server on a free loopback port, types a name on its first page, waits for
the home screen, opens deck 000's first worked example (scene 2; scene 1 is text), presses →
three times and reads back the step counter. The page draws the terminal on a canvas, so the text
is read from what the server sends it: an init script keeps every byte the page's websocket
receives, and the page strips the escape sequences. Every request the page makes must go to the
server itself (the page works offline). Ctrl-C (SIGINT) then stops the server, and the
student's app process must be gone.

It skips, saying why, where Playwright or a Chromium is missing (``.ci/run`` installs both where
it can: the ``playwright`` package and Debian's ``chromium``; no browser download).
``SERVE_SCREENSHOT=FILE.png`` keeps the screenshot of step 3 to look at.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serve.helpers import Served, app_processes

pytestmark = pytest.mark.slow

SAFETY_MS = 180_000
"""Playwright's waits: a safety net only; each wait ends as soon as its condition holds."""

KEEP_BYTES = r"""
window.__tty = [];
const Socket = window.WebSocket;
window.WebSocket = class extends Socket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__tty.push(new TextDecoder().decode(new Uint8Array(event.data)));
      }
    });
  }
};
window.__screenText = () => window.__tty.join("")
  .replace(/\x1b\[[0-9;?<>=]*[ -\/]*[@-~]/g, "")
  .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, "");
window.__lastStep = () => {
  const found = [...window.__screenText().matchAll(/step (\d+)\/(\d+)/g)];
  return found.length ? found[found.length - 1][1] : null;
};
"""


def chromium_path() -> str:
    """Debian's Chromium (or ``CHROMIUM`` naming another); skips when there is none."""
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.skip("no Chromium to drive: install Debian's chromium (apt-get install chromium)")


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium, or a skip that says what is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the browser test needs Playwright: pip install playwright"
    )
    executable = chromium_path()
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
            )
        except Exception as error:  # a browser that cannot start here: say why, then skip
            lines = str(error).strip().splitlines() or [repr(error)]
            pytest.skip(f"Chromium at {executable} does not start: {lines[0]}")
        yield chromium
        chromium.close()


def test_a_student_steps_through_deck_000_in_the_browser(
    browser: Any, serve: Callable[..., Served], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new student's scene is a faded example: the third window would ask for a prediction
    # first. This test is about the browser, so the setting turns that off (the app processes
    # inherit the server's environment).
    monkeypatch.setenv("CNN_TUTOR_FADED_EXAMPLES", "0")
    served = serve()
    visitor = served.data / "students" / "ada"
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.add_init_script(KEEP_BYTES)
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(served.url)  # the welcome page: a student types a name
        page.fill("#student", "Ada")
        page.click("button[type=submit]")
        # A new student's store is empty: the first-run welcome ("Start with deck 000", focused)
        # over the home screen, where deck 000's lesson is highlighted; Enter starts it either way.
        page.wait_for_function(
            "() => ['000-convolution', 'Start with deck 000']"
            ".some((text) => window.__screenText().includes(text))",
            timeout=SAFETY_MS,
        )
        page.click("#terminal")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => window.__screenText().includes('Scene 1/14')", timeout=SAFETY_MS
        )
        # Scene 1 is the deck's text introduction (no steps): its first worked example, the 6x6
        # image and the vertical filter (16 steps), is scene 2.
        page.keyboard.press("n")
        page.wait_for_function(
            "() => window.__lastStep() === '0' && window.__screenText().includes('Scene 2/14')",
            timeout=SAFETY_MS,
        )
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("() => window.__lastStep() === '3'", timeout=SAFETY_MS)
        assert "step 3/16" in page.evaluate("window.__screenText()")
        page.screenshot(path=os.environ.get("SERVE_SCREENSHOT") or str(tmp_path / "step-3.png"))
        assert page.url == f"{served.url}?student=Ada"
        # Offline: everything the page loaded came from this server.
        assert requested and all(url.startswith(served.url) for url in requested), requested
        assert (visitor / "progress.db").is_file()  # the student's own store
        assert len(app_processes(visitor)) == 1
    finally:
        served.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        output, _ = served.process.communicate(timeout=120)  # a safety net only
    assert served.process.returncode == 0, output
    assert "visitor ada left" in output
    assert "Traceback" not in output
    assert app_processes(visitor) == []  # Ctrl-C ended the student's app
    with sqlite3.connect(visitor / "progress.db") as db:  # it quit cleanly: its place is saved
        rows = db.execute("SELECT lesson_id, scene, step FROM position").fetchall()
    assert rows == [("000-convolution", 1, 3)]
