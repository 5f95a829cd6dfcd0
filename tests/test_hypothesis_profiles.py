"""The Hypothesis profiles ``tests/conftest.py`` loads: derandomized under CI, never a deadline."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings


def shared_conftest() -> ModuleType:
    """``tests/conftest.py`` loaded by its path (``conftest`` alone would name several files)."""
    path = Path(__file__).resolve().parent / "conftest.py"
    spec = importlib.util.spec_from_file_location("shared_conftest", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "dev"),
        ({"CI": "true"}, "ci"),
        ({"CI": "1"}, "ci"),
        ({"CI": "false"}, "dev"),
        ({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}, "dev"),
        ({"HYPOTHESIS_PROFILE": "ci"}, "ci"),
    ],
)
def test_the_profile_follows_ci_and_the_override(environ: dict[str, str], expected: str) -> None:
    assert shared_conftest().hypothesis_profile(environ) == expected


def test_ci_is_derandomized_and_neither_profile_has_a_deadline() -> None:
    ci, dev = settings.get_profile("ci"), settings.get_profile("dev")
    assert ci.derandomize and ci.print_blob and ci.database is None
    assert not dev.derandomize and dev.max_examples > settings.get_profile("default").max_examples
    for profile in (ci, dev, settings.default):
        assert profile.deadline is None
        assert HealthCheck.too_slow in profile.suppress_health_check
