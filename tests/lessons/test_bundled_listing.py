"""The listing of the built-in lessons shipped for a first start: current, and never misapplied."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from lessons import load_paths
from lessons.listing import (
    BUNDLED_FILE,
    listing_of,
    read_bundled_listing,
)
from lessons.loader import files
from tui import __version__

BUILTIN = Path(__file__).resolve().parents[2] / "lessons"
LESSON = "000-convolution.yaml"


def test_the_shipped_listing_is_current() -> None:
    """Recomputed from the built-in lessons: the same JSON (else a lesson was edited, or the
    version changed, without writing the listing again)."""
    from lessons.listing import bundled_listing_data

    shipped = json.loads((BUILTIN / BUNDLED_FILE).read_text("utf-8"))
    assert shipped == bundled_listing_data(__version__), (
        f"lessons/{BUNDLED_FILE} is stale: run python scripts/write_bundled_listing.py"
    )


def test_the_shipped_listing_lists_the_loaded_built_in_lessons() -> None:
    result = load_paths([BUILTIN])
    assert not result.errors
    listing = read_bundled_listing([], __version__)
    assert listing == listing_of(result.lessons, ())
    assert listing is not None
    assert listing.lessons[0].id == "000-convolution"
    assert len(listing.lessons) == len(list(BUILTIN.glob("*.yaml")))


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in folder (lessons, shipped listing) standing in for it."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    for path in [*BUILTIN.glob("*.yaml"), BUILTIN / BUNDLED_FILE]:
        shutil.copy2(path, folder / path.name)
    monkeypatch.setattr(files, "builtin_dir", lambda: folder)
    return folder


def test_a_copy_with_its_own_times_is_listed(copy: Path) -> None:
    """The key is the files' content: another install's modification times do not matter."""
    lesson = copy / LESSON
    info = lesson.stat()
    os.utime(lesson, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    result = load_paths([copy])
    assert read_bundled_listing([], __version__) == listing_of(result.lessons, ())


def test_an_edit_that_keeps_size_and_time_is_not_listed(copy: Path) -> None:
    lesson = copy / LESSON
    info = lesson.stat()
    text = lesson.read_bytes()
    edited = text.replace(b'title: "Convolution,', b'title: "Convolutiom,', 1)
    assert edited != text and len(edited) == len(text)
    lesson.write_bytes(edited)
    os.utime(lesson, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert read_bundled_listing([], __version__) is None


def test_an_added_or_removed_file_is_not_listed(copy: Path) -> None:
    shutil.copy(copy / LESSON, copy / "500-another.yaml")
    assert read_bundled_listing([], __version__) is None
    (copy / "500-another.yaml").unlink()
    assert read_bundled_listing([], __version__) is not None
    (copy / LESSON).unlink()
    assert read_bundled_listing([], __version__) is None


def test_another_version_is_not_listed(copy: Path) -> None:
    assert read_bundled_listing([], __version__) is not None
    assert read_bundled_listing([], __version__ + ".1") is None


def test_another_lesson_folder_is_not_listed(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    assert read_bundled_listing([mine], __version__) is None
    monkeypatch.setenv(files.ENV_VAR, os.fspath(mine))
    assert read_bundled_listing([], __version__) is None
    # the built-in folder named again is no other folder
    monkeypatch.delenv(files.ENV_VAR)
    assert read_bundled_listing([copy], __version__) is not None


@pytest.mark.parametrize("text", [b"", b"{", b"\x80 not utf-8", b"[]", b'{"key": 1}'])
def test_a_corrupt_shipped_file_is_ignored(copy: Path, text: bytes) -> None:
    (copy / BUNDLED_FILE).write_bytes(text)
    assert read_bundled_listing([], __version__) is None


def test_a_missing_shipped_file_is_ignored(copy: Path) -> None:
    (copy / BUNDLED_FILE).unlink()
    assert read_bundled_listing([], __version__) is None


def test_a_shipped_listing_with_error_lines_is_ignored(copy: Path) -> None:
    """Error lines name files relative to the working folder they were made in."""
    path = copy / BUNDLED_FILE
    data = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**data, "errors": ["lessons/x.yaml:1:1: broken"]}), "utf-8")
    assert read_bundled_listing([], __version__) is None


def test_a_shipped_listing_with_wrong_types_is_ignored(copy: Path) -> None:
    path = copy / BUNDLED_FILE
    data = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**data, "lessons": [{"id": 5}]}), "utf-8")
    assert read_bundled_listing([], __version__) is None
