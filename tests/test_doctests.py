"""Every docstring example in the packages runs and prints what it shows.

The examples are documentation a reader copies; one that no longer holds misleads. (The engine's
modules are also run by tests/engine/test_engine_shapes.py with their own flags.)
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import engine
import lessons
import tui

MODULES = sorted(
    info.name
    for package in (engine, lessons, tui)
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
    if not info.name.endswith("__main__")  # running it would start the app
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, report=False
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} fail"


def test_the_examples_are_found() -> None:
    attempted = sum(
        doctest.testmod(importlib.import_module(name), report=False).attempted
        for name in ("tui.plain.markdown_text", "lessons.playback.narration")
    )
    assert attempted >= 5
