"""The lessons' listing saved for the next start: the same lessons, or None when stale."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from lessons import load_all
from lessons.listing import (
    Listing,
    listing_key,
    listing_of,
    read_listing,
    save_listing,
)

BUILTIN = Path(__file__).resolve().parents[2] / "lessons"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A lesson folder of one's own, holding a copy of a built-in lesson."""
    mine = tmp_path / "mine"
    mine.mkdir()
    text = (BUILTIN / "000-convolution.yaml").read_text("utf-8")
    (mine / "500-copy.yaml").write_text(text.replace("id: 000-convolution", "id: 500-copy", 1))
    return mine


def saved(tmp_path: Path, folder: Path) -> tuple[Path, Listing]:
    """Load the built-in lessons and ``folder``'s, and save their listing; (its path, it)."""
    key = listing_key([folder], "1.0")
    result = load_all([folder])
    listing = listing_of(result.lessons, result.errors)
    path = tmp_path / "data" / "lessons-listing.json"
    save_listing(path, listing, key)
    return path, listing


def test_a_hit_gives_back_the_loaded_lessons(tmp_path: Path, folder: Path) -> None:
    path, listing = saved(tmp_path, folder)
    again = read_listing(path, listing_key([folder], "1.0"))
    assert again == listing
    result = load_all([folder])
    assert again is not None
    assert [entry.id for entry in again.lessons] == [lesson.id for lesson in result.lessons]
    assert "500-copy" in {entry.id for entry in again.lessons}
    for entry, lesson in zip(again.lessons, result.lessons, strict=True):
        assert entry.title == lesson.title
        assert entry.summary == lesson.summary
        assert entry.prerequisites == tuple(lesson.prerequisites)
        assert entry.scene_count == len(lesson.scenes)
        if lesson.deck is None:
            assert entry.deck is None
        else:
            assert entry.deck is not None
            assert (entry.deck.file, entry.deck.course) == (lesson.deck.file, lesson.deck.course)


def test_it_is_plain_json(tmp_path: Path, folder: Path) -> None:
    path, listing = saved(tmp_path, folder)
    data = json.loads(path.read_text("utf-8"))
    assert [entry["id"] for entry in data["lessons"]] == [entry.id for entry in listing.lessons]


def test_broken_files_are_listed_with_their_error_line(tmp_path: Path, folder: Path) -> None:
    (folder / "600-broken.yaml").write_text("id: 600-broken\ntitle: [unclosed\n")
    path, _ = saved(tmp_path, folder)
    again = read_listing(path, listing_key([folder], "1.0"))
    assert again is not None
    assert [line for line in again.errors if "600-broken.yaml:" in line]
    assert again.errors == tuple(str(error) for error in load_all([folder]).errors)


def test_an_edited_file_makes_it_stale(tmp_path: Path, folder: Path) -> None:
    path, _ = saved(tmp_path, folder)
    lesson = folder / "500-copy.yaml"
    lesson.write_text(lesson.read_text("utf-8").replace("title: ", "title: Edited ", 1))
    assert read_listing(path, listing_key([folder], "1.0")) is None


def test_a_touched_file_makes_it_stale(tmp_path: Path, folder: Path) -> None:
    """Same size, another modification time (an edit that kept the length)."""
    path, _ = saved(tmp_path, folder)
    lesson = folder / "500-copy.yaml"
    info = lesson.stat()
    os.utime(lesson, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    assert read_listing(path, listing_key([folder], "1.0")) is None


def test_an_added_or_removed_file_makes_it_stale(tmp_path: Path, folder: Path) -> None:
    path, _ = saved(tmp_path, folder)
    shutil.copy(folder / "500-copy.yaml", folder / "510-another.yaml")
    assert read_listing(path, listing_key([folder], "1.0")) is None
    (folder / "510-another.yaml").unlink()
    assert read_listing(path, listing_key([folder], "1.0")) is not None
    (folder / "500-copy.yaml").unlink()
    assert read_listing(path, listing_key([folder], "1.0")) is None


def test_another_version_makes_it_stale(tmp_path: Path, folder: Path) -> None:
    path, _ = saved(tmp_path, folder)
    assert read_listing(path, listing_key([folder], "1.1")) is None


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"{",  # torn
        b"\x80\x81 not utf-8",
        b"[]",
        b'{"key": 1}',
        b"[" * 100_000,  # nested past the JSON reader's recursion limit
    ],
)
def test_a_corrupt_file_is_ignored(tmp_path: Path, folder: Path, text: bytes) -> None:
    path, _ = saved(tmp_path, folder)
    path.write_bytes(text)
    assert read_listing(path, listing_key([folder], "1.0")) is None


def test_a_listing_with_wrong_types_under_the_right_key_is_ignored(
    tmp_path: Path, folder: Path
) -> None:
    path, _ = saved(tmp_path, folder)
    data = json.loads(path.read_text("utf-8"))
    for broken in (
        {"lessons": "not a list"},
        {"lessons": [{"id": 5}]},
        {"lessons": [{**data["lessons"][0], "scene_count": "3"}]},
        {"lessons": [{**data["lessons"][0], "deck": ["not", "a", "mapping"]}]},
        {"errors": [None]},
    ):
        path.write_text(json.dumps({**data, **broken}), "utf-8")
        assert read_listing(path, listing_key([folder], "1.0")) is None


def test_a_missing_file_is_no_listing(tmp_path: Path, folder: Path) -> None:
    assert read_listing(tmp_path / "nothing.json", listing_key([folder], "1.0")) is None
