"""Fixtures for the app's tests: apps built through ``create_app``, with fake or real lessons."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import tui_fakes as fakes

from tui.app.app import CnnTutorApp, create_app


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., CnnTutorApp]:
    """Build the app through the factory, holding one fake lesson with every kind of scene.

    The fake lesson's scenes come ready-prepared (their numbers from the real engine), so the
    stepper can be tested whatever the lesson files hold today.
    """
    import tui.app.screens.lesson as lesson_screen

    monkeypatch.setattr(lesson_screen, "prepare_scene", lambda scene: scene.playback)

    def build(**kwargs: object) -> CnnTutorApp:
        lessons = fakes.FakeLoadResult([fakes.every_fake_lesson()])
        return create_app(lessons=lessons, **kwargs)  # type: ignore[arg-type]

    return build
