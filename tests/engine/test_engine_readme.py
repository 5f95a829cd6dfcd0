"""The README's "Use the engine from Python" example runs and prints what it shows."""

from __future__ import annotations

import doctest
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_engine_example_runs() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Use the engine from Python")
    end = text.index("\n## ", start + 1)
    section = text[start:end]
    test = doctest.DocTestParser().get_doctest(section, {}, "README", str(README), 0)
    assert len(test.examples) >= 8
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
