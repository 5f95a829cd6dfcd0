"""Lesson files are parsed by libyaml when PyYAML has it, composed by PyYAML's Python composer:
the same nodes as PyYAML's pure-Python safe loader, the same errors, the same depth limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import lessons.loader.yaml_nodes as yaml_nodes
from lessons import LessonError, load_text
from lessons.loader.files import builtin_dir

FILES = sorted(builtin_dir().glob("*.yaml"))


def shape(node: yaml.Node) -> Any:
    """A node tree as plain data: tags, values, styles and where each node starts."""
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.style, where)
    if isinstance(node, yaml.MappingNode):
        return (node.tag, where, [(shape(k), shape(v)) for k, v in node.value])
    return (node.tag, where, [shape(item) for item in node.value])


def python_nodes(text: str) -> yaml.Node:
    """PyYAML's pure-Python safe loader's nodes: the reference."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        assert node is not None
        return node
    finally:
        loader.dispose()


@pytest.mark.skipif(yaml_nodes._Fast is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_fast_path_composes_the_same_nodes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = yaml_nodes._Fast(text)
    try:
        node = fast.get_single_node()
    finally:
        fast.dispose()
    assert shape(node) == shape(python_nodes(text))


def test_errors_are_pyyamls_own_and_depth_is_bounded() -> None:
    with pytest.raises(LessonError) as error:
        load_text("id: x\ntitle: [unclosed\n", "bad.yaml")
    assert error.value.line == 3 and "YAML syntax error" in str(error.value)
    deep = "[" * (yaml_nodes.MAX_DEPTH + 5) + "]" * (yaml_nodes.MAX_DEPTH + 5)
    with pytest.raises(LessonError) as error:
        load_text(f"id: {deep}\n", "deep.yaml")
    assert f"nests at most {yaml_nodes.MAX_DEPTH} levels" in str(error.value)
