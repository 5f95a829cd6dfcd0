"""Fixtures for the app's tests: apps built through ``create_app``, with a test lesson."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from stepper_lesson import stepper_lessons

from tui.app.app import CnnTutorApp, create_app


@pytest.fixture
def stepper_app() -> Callable[..., CnnTutorApp]:
    """Build the app through the factory, holding the stepper's test lesson (one scene of each
    shape the board draws, loaded from YAML as the tutor loads lessons), whatever the lesson files
    hold today."""

    def build(**kwargs: object) -> CnnTutorApp:
        kwargs.setdefault("fading", False)  # the keys as pressed; fading has its own tests
        return create_app(lessons=stepper_lessons(), **kwargs)  # type: ignore[arg-type]

    return build
