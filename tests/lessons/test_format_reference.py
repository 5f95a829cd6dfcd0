"""The format reference (``cnn-tutor format``), the example file per kind, and ``cnn-tutor new``.

The reference is generated from the schema; these tests hold it to the schema's own answer of
which kinds it accepts (pydantic's discriminator error lists them), to every key of every model,
and to ``docs/format.md``.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from lesson_helpers import LESSONS_DIR, REPO
from pydantic import TypeAdapter, ValidationError

from lessons import load_file, load_text
from lessons.reference import (
    RECORDS,
    example_text,
    kind_doc,
    kinds,
    render_markdown,
    render_text,
    stage_kinds,
)
from lessons.schema import Scene, Stage
from lessons.verify import verify_lesson
from tui.cli import main
from tui.commands import format_cmd, new_cmd

EXAMPLES = LESSONS_DIR / "examples"


def _accepted_tags(adapter: TypeAdapter[object]) -> set[str]:
    """The kinds the schema itself accepts: pydantic names them when a tag is unknown."""
    with pytest.raises(ValidationError) as info:
        adapter.validate_python({"kind": "no-such-kind"})
    message = info.value.errors()[0]["ctx"]["expected_tags"]
    return set(re.findall(r"'([^']+)'", message))


def test_the_reference_lists_every_kind_the_schema_accepts() -> None:
    scene_tags = _accepted_tags(TypeAdapter(Scene))
    stage_tags = _accepted_tags(TypeAdapter(Stage))
    assert set(kinds()) == scene_tags | stage_tags
    assert set(stage_kinds()) == stage_tags
    text, markdown = render_text(), render_markdown()
    for kind in scene_tags | stage_tags:
        assert re.search(rf"^kind: {re.escape(kind)}[: ]", text, re.M), kind
        assert f"## `{kind}`" in markdown


def test_every_key_of_every_kind_and_record_has_a_type_default_meaning_and_example() -> None:
    for kind in kinds():
        doc = kind_doc(kind)
        assert doc.summary, kind
        for key in doc.keys:
            assert key.type and key.description and key.example, (kind, key)
            assert key.example.startswith(f"{key.key}:"), (kind, key.example)
            assert key.required or key.default, (kind, key)
    text = render_text()
    for model in RECORDS:
        for name, field in model.model_fields.items():
            if field.exclude is True:
                continue
            alias = field.validation_alias
            key = alias if isinstance(alias, str) else name
            assert re.search(rf"^  {key} ", text, re.M), (model.__name__, key)


def test_each_example_parses_as_yaml_as_the_reference_shows_it() -> None:
    """Each one-line example is valid YAML giving its own key (a bad example would mislead)."""
    for kind in kinds():
        for key in kind_doc(kind).keys:
            value = yaml.safe_load(key.example)
            assert isinstance(value, dict) and list(value) == [key.key], key.example


def test_the_reference_marks_required_keys_and_defaults_from_the_schema() -> None:
    pool = {key.key: key for key in kind_doc("pool2d").keys}
    assert pool["size"].required and not pool["mode"].required
    assert pool["mode"].default == "max" and pool["ceil_mode"].default == "false"
    assert "counts rows, columns" in render_text()  # the index base, said once


def test_docs_page_is_the_generated_reference() -> None:
    page = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    assert page == render_markdown(), "run: cnn-tutor format --markdown > docs/format.md"


@pytest.mark.parametrize("kind", kinds())
def test_every_kind_has_an_example_file_that_checks_ok(kind: str) -> None:
    path = EXAMPLES / f"{kind}.yaml"
    assert path.is_file(), f"add lessons/examples/{kind}.yaml"
    lesson = load_file(path)
    report = verify_lesson(lesson)
    assert report.ok and not report.findings, [str(f) for f in report.findings]
    used = {scene.kind for scene in lesson.scenes}
    used |= {s.kind for scene in lesson.scenes for s in getattr(scene, "stages", ())}
    assert kind in used
    assert lesson.deck is None and lesson.citation is not None  # beyond the decks, cited


def test_format_kind_prints_its_keys_and_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["format", "pool2d"]) == 0
    out = capsys.readouterr().out
    assert "ceil_mode" in out and "Example (lessons/examples/pool2d.yaml)" in out
    assert example_text("pool2d") is not None and example_text("pool2d") in out  # type: ignore[operator]


def test_format_refuses_an_unknown_kind_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["format", "pool3d"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown kind 'pool3d'" in err and "pool2d" in err


@pytest.mark.parametrize("kind", kinds())
def test_new_writes_a_skeleton_that_checks_ok(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "015-mine.yaml"
    assert main(["new", "015-mine", "--kind", kind, "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# 015-mine") and "\nid: 015-mine" in text
    lesson = load_text(text, target)
    assert lesson.id == "015-mine" and verify_lesson(lesson).ok
    capsys.readouterr()
    assert main(["check", str(target)]) == 0


def test_new_never_overwrites_and_refuses_bad_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "a-lesson"]) == 0
    assert (tmp_path / "a-lesson.yaml").is_file()
    before = (tmp_path / "a-lesson.yaml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["new", "a-lesson", "--kind", "relu"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "a-lesson.yaml").read_text(encoding="utf-8") == before
    (tmp_path / "link.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert main(["new", "x", "-o", "link.yaml"]) == 2
    assert not (tmp_path / "nowhere.yaml").exists()
    assert main(["new", "a-lesson", "--kind", "relu", "--force"]) == 0
    assert "kind: relu" in (tmp_path / "a-lesson.yaml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["new", "../escape"]) == 2
    assert "lesson id '../escape'" in capsys.readouterr().err
    assert main(["new", "x", "--kind", "pool3d"]) == 2


def _help_examples(epilog: str) -> list[list[str]]:
    lines = epilog.split("\n\n", 1)[0].splitlines()[1:]
    return [shlex.split(line.split("  ", 2)[1]) for line in lines if line.strip()]


@pytest.mark.parametrize("module", [format_cmd, new_cmd])
def test_help_examples_run(
    module: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    examples = _help_examples(str(module.EPILOG))  # type: ignore[attr-defined]
    assert examples
    for argv in examples:
        assert argv[0] == "cnn-tutor"
        args = [a.replace("/tmp/", f"{tmp_path}/") for a in argv[1:]]
        assert main(args) == 0, argv
    capsys.readouterr()
