"""Fixtures for the ``cnn-tutor serve`` tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.serve.helpers import Served, start


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start servers; each is stopped (SIGKILL if the test did not stop it) at the end."""
    started: list[Served] = []

    def run(*extra: str) -> Served:
        served = start(tmp_path / "data", *extra)
        started.append(served)
        return served

    yield run
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.communicate()
