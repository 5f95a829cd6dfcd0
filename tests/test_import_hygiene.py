"""The core stays importable without the TUI, and torch stays out until training."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def modules_after_import(statement: str) -> set[str]:
    """Run ``statement`` in a fresh interpreter and return the top-level modules it loaded."""
    report = "import json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    code = f"{statement}\n{report}"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("package", ["engine", "lessons"])
def test_core_packages_never_load_ui_or_torch(package: str) -> None:
    loaded = modules_after_import(f"import {package}; import {package}.__init__")
    assert package in loaded
    assert not loaded & {"textual", "rich", "torch"}


def test_app_module_leaves_torch_out() -> None:
    loaded = modules_after_import("import tui.app.app; tui.app.app.create_app()")
    assert "textual" in loaded
    assert "torch" not in loaded


def test_cli_help_leaves_textual_and_torch_out() -> None:
    loaded = modules_after_import("import tui.cli; tui.cli.build_parser().format_help()")
    assert not loaded & {"textual", "torch"}
