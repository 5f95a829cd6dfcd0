"""Where in a lesson file a scene's ``expect`` cell (or any of its keys) is written.

``cnn-tutor check`` names the file:line:column of each mismatching cell. An ``expect`` may be a
block of rows (``|``), one line of numbers, nested lists, or a list of blocks (one per channel),
so the cell index is followed through the sequence nodes, then through the rows and numbers of
the text; a length-1 leading axis the comparison squeezed away is skipped.
"""

from __future__ import annotations

import yaml

from lessons.loader.yaml_nodes import at, mapping_get

__all__ = ["cell_position", "key_position", "scene_node"]


def scene_node(root: yaml.Node, scene: int, stage: int | None = None) -> yaml.Node | None:
    """The mapping node of a scene (0-based ``scene``) or of one of its stages (0-based)."""
    if not isinstance(root, yaml.MappingNode):
        return None
    pair = mapping_get(root, "scenes")
    if pair is None or not isinstance(pair[1], yaml.SequenceNode):
        return None
    scenes = pair[1].value
    if not 0 <= scene < len(scenes):
        return None
    node: yaml.Node = scenes[scene]
    if stage is not None:
        stages = mapping_get(node, "stages") if isinstance(node, yaml.MappingNode) else None
        if stages is None or not isinstance(stages[1], yaml.SequenceNode):
            return None
        if not 0 <= stage < len(stages[1].value):
            return None
        node = stages[1].value[stage]
    return node


def key_position(node: yaml.Node | None, key: str) -> tuple[int, int] | None:
    """The 1-based line and column of ``key`` in a mapping node, or of the node if it lacks it."""
    if node is None:
        return None
    pair = mapping_get(node, key) if isinstance(node, yaml.MappingNode) else None
    return at(pair[0]) if pair is not None else at(node)


def _rows(node: yaml.ScalarNode, lines: list[str]) -> list[tuple[int, int, str]]:
    """The non-blank rows of a text value: (0-based line, 0-based column, text) each."""
    start = node.start_mark
    if node.style in ("|", ">"):
        found = []
        for number in range(start.line + 1, min(node.end_mark.line + 1, len(lines))):
            text = lines[number]
            if text.strip():
                found.append((number, len(text) - len(text.lstrip()), text.strip()))
        return found
    quote = 1 if node.style in ("'", '"') else 0
    return [(start.line, start.column + quote, str(node.value))]


def _dims(node: yaml.Node, lines: list[str]) -> int:
    if isinstance(node, yaml.SequenceNode):
        return 1 + (_dims(node.value[0], lines) if node.value else 0)
    if isinstance(node, yaml.ScalarNode):
        rows = _rows(node, lines)
        if len(rows) > 1:
            return 2
        return 1 if rows and len(rows[0][2].replace(",", " ").split()) > 1 else 0
    return 0


def _token_column(text: str, column: int, index: int) -> int:
    """The 0-based column of the ``index``-th number in a row that starts at ``column``."""
    offset, count = 0, -1
    for number, token in enumerate(text.replace(",", " ").split(" ")):
        del number
        if token:
            count += 1
            if count == index:
                return column + offset
        offset += len(token) + 1
    return column


def cell_position(node: yaml.Node | None, index: tuple[int, ...], text: str) -> tuple[int, int]:
    """The 1-based line and column where cell ``index`` of the grid at ``node`` is written.

    Args:
        node: The ``expect`` value's node.
        index: The cell, 0-based (as the engine indexes the output).
        text: The file's text (for the rows of a ``|`` block).
    """
    if node is None:
        return 1, 1
    lines = text.split("\n")
    rest = list(index)
    while len(rest) > _dims(node, lines) and rest and rest[0] == 0:
        rest.pop(0)  # a length-1 axis squeezed away in the comparison
    while isinstance(node, yaml.SequenceNode) and rest:
        position = rest.pop(0)
        if not 0 <= position < len(node.value):
            return at(node)
        node = node.value[position]
        while len(rest) > _dims(node, lines) and rest and rest[0] == 0:
            rest.pop(0)
    if not isinstance(node, yaml.ScalarNode):
        return at(node)
    rows = _rows(node, lines)
    row = rest[-2] if len(rest) >= 2 else 0
    column = rest[-1] if rest else 0
    if not 0 <= row < len(rows):
        return at(node)
    line, start, row_text = rows[row]
    if node.style not in ("|", ">"):
        return line + 1, start + 1 + (_token_column(row_text, 0, column) if rest else 0)
    return line + 1, _token_column(row_text, start, column) + 1
