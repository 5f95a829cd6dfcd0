"""Fixtures shared by every test: an isolated data dir and no cursor blink."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


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
