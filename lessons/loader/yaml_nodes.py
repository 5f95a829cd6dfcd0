"""YAML, safely: PyYAML's safe loader, with limits checked on the nodes before anything is built.

The text is composed into nodes (each with its line and column), the nodes are checked, and only
then are Python values constructed. Refused, each as a :class:`LessonError` at the node:

- nesting deeper than :data:`MAX_DEPTH` (PyYAML's composer recurses, so 600 nested lists would
  otherwise end in ``RecursionError``);
- more than :data:`MAX_NODES` values (aliases counted each time they are used);
- a number written with more than :data:`MAX_NUMBER_CHARS` characters (a 5,000-digit integer
  would otherwise hit Python's limit on integer conversion);
- tags (``!!python/object``), merge keys, keys that are not plain words, duplicate keys.

Control characters (ESC, BEL, CSI, ... but not tab and newline) are removed from every string
the file holds, so no lesson text can drive the terminal it is shown on.
"""

from __future__ import annotations

from typing import Any

import yaml

from lessons.loader.errors import CONTROL_CHARACTERS, LessonError
from lessons.loader.files import position
from lessons.numbers import MAX_CHARS

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_NUMBER_CHARS",
    "at",
    "check_nodes",
    "compose",
    "construct",
    "mapping_get",
]

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings (a lesson's grids nest four levels inside a scene)."""

MAX_NODES = 200_000
"""Most YAML values a file may expand to (aliases counted each time they are used)."""

MAX_NUMBER_CHARS = MAX_CHARS
"""Longest number a lesson file may write as a YAML number: the same bound as a number written
in a grid's text (:data:`lessons.numbers.MAX_CHARS`)."""

_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


class _TooDeep(Exception):
    """Raised inside the composer at the first node nested deeper than :data:`MAX_DEPTH`."""

    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__("too deep")
        self.mark = mark


class _DepthLimit:
    """Composes no deeper than :data:`MAX_DEPTH` (mixed into a loader before its composer)."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self._depth >= MAX_DEPTH:
            event = self.peek_event()  # type: ignore[attr-defined]  # the loader's parser
            raise _TooDeep(getattr(event, "start_mark", None))
        self._depth += 1
        try:
            node: yaml.Node | None = super().compose_node(parent, index)  # type: ignore[misc]
            return node
        finally:
            self._depth -= 1


class _Loader(_DepthLimit, yaml.SafeLoader):
    """PyYAML's safe loader, composing no deeper than :data:`MAX_DEPTH`."""


_CParser: Any = None
try:
    import yaml.cyaml

    _CParser = getattr(yaml.cyaml, "CParser")  # noqa: B009 - libyaml's parser (not in the stub)
except (ImportError, AttributeError):  # PyYAML built without libyaml: the Python parser alone
    pass


class _FastComposer(_DepthLimit, yaml.composer.Composer, yaml.resolver.Resolver):
    """PyYAML's Python composer and safe resolver over libyaml's C parser (when there is one).

    libyaml scans and parses several times faster than PyYAML's Python reader, scanner and
    parser, which were three quarters of loading the lessons; the nodes are still composed in
    Python, by the same composer, so :data:`MAX_DEPTH` holds (libyaml's own composer recurses in
    C). An error here is never reported as it stands: :func:`compose` reads the file again with
    :class:`_Loader`, so every message and position is PyYAML's own, as before.
    """

    def __init__(self, stream: str) -> None:
        _CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
        """A scalar as the Python parser gives it: a plain one has style None (libyaml: "")."""
        node: yaml.ScalarNode = super().compose_scalar_node(anchor)
        if node.style == "":
            node.style = None
        return node


_Fast: type[Any] | None = (
    type("_Fast", (_FastComposer, _CParser), {}) if _CParser is not None else None
)


_BLOCK_END_HINT = (
    " (check the indentation: a '|' block takes its indentation from its first line, "
    "so do not indent that line further than the rest)"
)

PLAIN_WORDS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed here",
        "a second ': ' on one line: put a value that holds ': ' in quotes, or check that this "
        "key is indented like its neighbours",
    ),
    (
        "could not find expected ':'",
        "a line that should be 'key: value' has no ':'; add it, or indent the line as part of "
        "the value above",
    ),
    (
        "expected ',' or ']'",
        "a list in [ ] misses a ',' between two items or its closing ']'",
    ),
    (
        "expected ',' or '}'",
        "a mapping in { } misses a ',' between two entries or its closing '}'",
    ),
    (
        "found undefined alias",
        "'*' starts a YAML alias (a reference to an '&' anchor): put a value that starts with "
        "'*' in quotes",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside a quote or a bracket: close the quote, ']' or '}' opened here",
    ),
    (
        "expected alphabetic or numeric character",
        "'*' or '&' starts a YAML alias or anchor: put a value that starts with it in quotes",
    ),
    (
        "that cannot start any token",
        "this character cannot start a value: put the value in quotes",
    ),
    (
        "expected a comment or a line break",
        "after '|' only a comment may follow on the same line: start the rows on the next line",
    ),
    (
        "expected <block end>, but found '-'",
        "a '- ' item is indented differently from the items before it",
    ),
    (
        "expected <block end>, but found '<block sequence start>'",
        "a '- ' item is indented differently from the items before it",
    ),
    (
        "found duplicate key",
        "the same key appears twice in one mapping",
    ),
)
"""PyYAML's problem texts and what they usually mean, in plain words for a lesson author."""


def plain_words(problem: str, line_text: str = "") -> str | None:
    """What a PyYAML problem usually means for a lesson author, or None.

    Args:
        problem: PyYAML's problem text (``mapping values are not allowed here``).
        line_text: The line of the file where it happened (a value that starts with ``[`` but
            goes on after its ``]`` gets its own words).
    """
    value = line_text.split(":", 1)[1].strip() if ":" in line_text else line_text.strip()
    if "expected <block end>" in problem and value[:1] in ("[", "{"):
        closer = "]" if value[0] == "[" else "}"
        if not value.endswith(closer):
            return (
                f"a value that starts with '{value[0]}' is read as a "
                f"{'list' if closer == ']' else 'mapping'} and must end with '{closer}': put "
                "the whole value in quotes"
            )
    for known, words in PLAIN_WORDS:
        if known in problem:
            return words
    return None


def _yaml_message(error: yaml.MarkedYAMLError, text: str = "") -> str:
    message = _pyyaml_message(error)
    mark = error.problem_mark or error.context_mark
    lines = text.split("\n")
    line_text = lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""
    words = plain_words(error.problem or "", line_text)
    if words is not None and words.startswith("a value that starts with"):
        message = message.replace(_BLOCK_END_HINT, "")  # not the indentation, this time
    if words is not None and not message.startswith("a lesson file holds one"):
        message += f"; in plain words: {words}"
    return message


def _pyyaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "invalid YAML"
    if "\\t" in problem or "'\\t'" in problem or "\t" in problem:
        problem += " (YAML indents with spaces, not tabs)"
    if "expected <block end>" in problem:
        problem += _BLOCK_END_HINT
    if "expected a single document" in f"{problem} {error.context or ''}":
        return "a lesson file holds one YAML document, but a second one starts here"
    message = f"YAML syntax error: {problem}"
    if error.context and error.context_mark is not None:
        message += f" ({error.context} at line {error.context_mark.line + 1})"
    return message


def compose(text: str, path: Any) -> yaml.Node | None:
    """The file's node tree (None for an empty file).

    Raises:
        LessonError: A syntax error, a character YAML does not allow, or nesting too deep.
    """
    if _Fast is not None:
        try:
            fast = _Fast(text)
            try:
                node: yaml.Node | None = fast.get_single_node()
                return node
            finally:
                fast.dispose()
        except (yaml.YAMLError, _TooDeep, ValueError, TypeError):
            pass  # read it again below, for PyYAML's own message and position
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        line, col = position(text, error.position)
        char = f"U+{error.character:04X}" if isinstance(error.character, int) else "a character"
        raise LessonError(
            path, line, col, f"not a text file: {char} is a control character YAML does not allow"
        ) from None
    try:
        return loader.get_single_node()
    except _TooDeep as error:
        mark = error.mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise LessonError(
            path, line, col, f"nested too deeply: a lesson file nests at most {MAX_DEPTH} levels"
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise LessonError(path, line, col, _yaml_message(error, text)) from None
    except yaml.YAMLError as error:
        raise LessonError(path, 1, 1, f"YAML error: {error}") from None
    finally:
        loader.dispose()


def at(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column where a node starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def mapping_get(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) pair of a mapping node's ``key``, or None."""
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _check_scalar(node: yaml.ScalarNode, path: Any) -> None:
    if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
        line, col = at(node)
        raise LessonError(
            path,
            line,
            col,
            f"number {node.value[:12]}... is {len(node.value)} characters long; a lesson "
            f"number has at most {MAX_NUMBER_CHARS}",
        )


def _check_mapping(node: yaml.MappingNode, path: Any, stack: list[yaml.Node]) -> None:
    seen: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if key.tag == "tag:yaml.org,2002:merge" or key.tag not in _SAFE_TAGS:
            line, col = at(key)
            raise LessonError(path, line, col, "merge keys (<<) and tagged keys are not allowed")
        if (
            not isinstance(key, yaml.ScalarNode)
            or key.tag != "tag:yaml.org,2002:str"
            or CONTROL_CHARACTERS.search(key.value)
        ):
            line, col = at(key)
            raise LessonError(path, line, col, "keys must be plain words such as 'kernel'")
        if key.value in seen:
            line, col = at(key)
            first = seen[key.value].start_mark.line + 1
            raise LessonError(
                path, line, col, f"duplicate key '{key.value}' (first given on line {first})"
            )
        seen[key.value] = key
        stack.append(value)


def check_nodes(root: yaml.Node, path: Any) -> None:
    """Refuse unsafe tags, non-text keys, duplicate keys, long numbers and alias bombs.

    Raises:
        LessonError: At the first offending node.
    """
    count = 0
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_NODES:
            line, col = at(node)
            raise LessonError(
                path, line, col, f"too many values: the file expands to more than {MAX_NODES}"
            )
        if node.tag not in _SAFE_TAGS:
            line, col = at(node)
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise LessonError(
                path,
                line,
                col,
                f"tag {tag} is not allowed: lesson files hold plain numbers, text, lists and "
                "mappings",
            )
        if isinstance(node, yaml.ScalarNode):
            _check_scalar(node, path)
        elif isinstance(node, yaml.MappingNode):
            _check_mapping(node, path, stack)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _without_controls(value: Any) -> Any:
    """``value`` with control characters removed from every string in it (keys included)."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, list):
        return [_without_controls(item) for item in value]
    if isinstance(value, dict):
        return {_without_controls(k): _without_controls(v) for k, v in value.items()}
    return value


def construct(root: yaml.Node, text: str) -> Any:
    """The Python values of a checked node tree, control characters removed from its strings."""
    loader = _Loader(text)
    try:
        return _without_controls(loader.construct_document(root))
    finally:
        loader.dispose()
