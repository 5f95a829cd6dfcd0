"""The import rules, read from the source: every ``import`` statement of every module counts.

Three rules hold the layout together (README, "Layout"):

1. no import cycle between the project's modules;
2. ``textual`` and ``rich`` are imported only under ``tui/app/``;
3. ``torch`` is imported only under ``tui/training/``;

and data flows one way: ``engine`` imports neither ``lessons`` nor ``tui``, and ``lessons`` does
not import ``tui``. Function-local imports (the lazy ones that keep start-up fast) and
``TYPE_CHECKING`` imports count like any other, so a cycle cannot hide behind a late import.
The same rules are stated as import-linter contracts in ``pyproject.toml``, which
:func:`test_import_linter_contracts_hold` runs.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("engine", "lessons", "tui")


def module_files() -> dict[str, Path]:
    """Every project module by dotted name (a package by its ``__init__``)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = module_files()


def imported_names(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """(module imported, line) for every import statement in the file, nested ones included."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:  # ``from pkg import submodule`` imports the submodule
                submodule = f"{target}.{alias.name}"
                yield (submodule if submodule in MODULES else target), node.lineno


def internal_target(name: str) -> str | None:
    """The project module an imported name refers to (the longest known prefix), if any."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in MODULES:
            return candidate
    return None


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        edges = {internal_target(name) for name, _ in imported_names(module, path)}
        graph[module] = {target for target in edges if target and target != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path ``[a, b, ..., a]``, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(graph):
        if state.get(root):
            continue
        path: list[str] = [root]
        stack: list[Iterator[str]] = [iter(sorted(graph[root]))]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return None


def test_the_reader_finds_function_local_and_relative_imports(tmp_path: Path) -> None:
    source = tmp_path / "mod.py"
    source.write_text(
        "import os\n"
        "def f():\n"
        "    from lessons.playback import prepare\n"
        "    if True:\n"
        "        import textual.app\n"
        "from . import export\n"
    )
    names = {name for name, _ in imported_names("tui.commands.mod", source)}
    # ``prepare`` is a function, so the import is of lessons.playback; ``export`` is a module.
    assert {"os", "lessons.playback", "textual.app", "tui.commands.export"} <= names
    assert internal_target("lessons.playback.prepare") == "lessons.playback"


def test_the_cycle_finder_sees_a_cycle_through_three_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def offenders(external: tuple[str, ...], allowed: str) -> list[str]:
    """``file:line imports name`` for each import of ``external`` outside package ``allowed``."""
    found = []
    for module, path in MODULES.items():
        if module == allowed or module.startswith(allowed + "."):
            continue
        for name, line in imported_names(module, path):
            if name.split(".")[0] in external:
                found.append(f"{path.relative_to(REPO)}:{line} imports {name}")
    return sorted(set(found))


def test_textual_and_rich_only_under_tui_app() -> None:
    assert offenders(("textual", "rich", "textual_plotext", "plotext"), "tui.app") == []


def test_the_web_server_only_under_tui_app() -> None:
    """textual-serve (which imports rich) and its aiohttp serve the app: ``tui/app/serve.py``."""
    assert offenders(("textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"), "tui.app") == []


def test_torch_only_under_tui_training() -> None:
    assert offenders(("torch",), "tui.training") == []


@pytest.mark.parametrize(
    ("lower", "upper"), [("engine", "lessons"), ("engine", "tui"), ("lessons", "tui")]
)
def test_data_flows_one_way(lower: str, upper: str) -> None:
    upward = [
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        if module.split(".")[0] == lower
        for target in targets
        if target.split(".")[0] == upper
    ]
    assert upward == []


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter is not installed")
def test_import_linter_contracts_hold() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
