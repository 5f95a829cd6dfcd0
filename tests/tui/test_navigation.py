"""The typed way screens reach the app: cheap, complete, and refusing a stranger app."""

from __future__ import annotations

import pytest
from textual.app import App

from tui.app.app import create_app
from tui.app.navigation import TUTOR_MEMBERS, Tutor, tutor


def test_tutor_loads_nothing_the_first_frame_does_not_need() -> None:
    app = create_app()
    assert tutor(app) is app
    # An isinstance() against a runtime-checkable protocol called these properties, loading every
    # lesson and opening progress.db before home painted (first frame 3.5x a bare app).
    assert not app.lessons_loaded
    assert app._store is None


def test_the_checked_members_are_the_protocols() -> None:
    declared = {name for name in vars(Tutor) if not name.startswith("_")}
    assert set(TUTOR_MEMBERS) == declared


def test_another_app_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="App is not the cnn-tutor app"):
        tutor(App())
