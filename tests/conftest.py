"""Fixtures shared by every test: an isolated data dir, no cursor blink, Hypothesis profiles.

Hypothesis profiles (``HYPOTHESIS_PROFILE=ci|dev`` overrides the choice):

- ``ci``, chosen when ``CI`` is set: derandomized (the same examples on every run, so a red run is
  the code's fault, not the dice's), no example database, and the reproduction blob printed.
- ``dev`` otherwise: random examples, remembered in the local database, and more of them where a
  test does not set its own count, so local runs explore wider than CI.

Neither has a deadline or the timing health checks: a busy machine must not turn a test red.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parent.parent

# Both start from Hypothesis' own defaults, whichever profile is loaded when this runs.
_DEFAULT = settings.get_profile("default")
settings.register_profile(
    "ci",
    _DEFAULT,
    derandomize=True,
    database=None,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", _DEFAULT, max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def hypothesis_profile(environ: dict[str, str] | os._Environ[str]) -> str:
    """The profile to load: ``HYPOTHESIS_PROFILE`` if set, else ``ci`` under CI, else ``dev``."""
    chosen = environ.get("HYPOTHESIS_PROFILE")
    if chosen:
        return chosen
    return "ci" if environ.get("CI", "").lower() not in ("", "0", "false") else "dev"


settings.load_profile(hypothesis_profile(os.environ))


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every user folder at a temporary path so no test touches a real home."""
    home = tmp_path_factory.mktemp("home")
    data = home / "cnn-tutor-data"
    monkeypatch.setenv("CNN_TUTOR_DATA", str(data))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("CNN_TUTOR_LESSONS", raising=False)
    for name in list(os.environ):  # a developer's own settings must not reach a test
        if name.startswith("CNN_TUTOR_") and name not in ("CNN_TUTOR_DATA",):
            monkeypatch.delenv(name)
    return data


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Stop text cursors blinking so Textual snapshots never catch a half-blink."""
    from textual.reactive import reactive
    from textual.widgets import Input, TextArea

    for widget_class in (Input, TextArea):
        still: reactive[bool] = reactive(False, init=False)
        still.__set_name__(widget_class, "cursor_blink")
        monkeypatch.setattr(widget_class, "cursor_blink", still)
    yield
