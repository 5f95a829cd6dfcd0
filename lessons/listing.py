"""The home screen's list of lessons, cached as JSON so the list shows before the lessons load.

Loading every lesson (the YAML, the pydantic schema, the engine's check of every scene) takes most
of a second; listing them needs only each lesson's id, title, summary, deck and prerequisites and
each broken file's one-line error. :func:`save_listing` writes those to a JSON file after a load,
with the key they were made under; :func:`read_listing` gives them back while the key still holds:

- every lesson file found, each with its size and modification time (an edited, added or removed
  file changes it);
- the working folder (errors name files relative to it) and the package's version.

The file is only ever read as JSON, never unpickled or evaluated; anything unexpected in it (a
torn write, an edit, another format) makes :func:`read_listing` return None, and deleting it is
always safe. The app still loads the lessons in full right after listing them (to open one, the
full lesson is needed), so a listing is never the last word: the list is rebuilt from the loaded
lessons, which are the same unless a picture a lesson reads changed since.

On a first start the data folder holds no listing yet: the package ships one of its built-in
lessons beside them (:data:`BUNDLED_FILE`, written by ``python scripts/write_bundled_listing.py``;
a test fails when it is stale). Its key is each built-in lesson file's name and SHA-256 (their
modification times differ from one install to the next) and the version;
:func:`read_bundled_listing` gives it back only when the built-in folder is the only lesson folder
(no ``--lessons DIR``, no ``CNN_TUTOR_LESSONS``) and every file's content is still the one it was
made from. It holds no error lines (the built-in lessons load cleanly; one that carries some is
ignored, since errors name files relative to a working folder).

This module imports neither the schema nor NumPy (only :mod:`lessons.loader.files`), so reading a
listing, or hashing the built-in lessons (some 130 kB) to check the shipped one, costs a few
milliseconds.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessons.loader.errors import LessonError
from lessons.loader.files import builtin_dir, lesson_dirs, lesson_files, read_bytes

__all__ = [
    "BUNDLED_FILE",
    "LISTING_FILE",
    "ListedDeck",
    "ListedLesson",
    "Listing",
    "bundled_key",
    "bundled_listing_data",
    "listing_key",
    "listing_of",
    "read_bundled_listing",
    "read_listing",
    "save_listing",
    "write_bundled_listing",
]

LISTING_FILE = "lessons-listing.json"
"""The listing's file name in the data folder."""

BUNDLED_FILE = "bundled-listing.json"
"""The shipped listing of the built-in lessons: its file name in the built-in lesson folder."""

_FORMAT = 1
"""The JSON layout's version; another one is ignored."""


@dataclass(frozen=True)
class ListedDeck:
    """A lesson's deck as the list groups it (see :class:`lessons.schema.DeckRef`)."""

    file: str | None
    course: str


@dataclass(frozen=True)
class ListedLesson:
    """What the home screen shows of a lesson (the same attribute names as a ``Lesson``)."""

    id: str
    title: str
    summary: str
    deck: ListedDeck | None
    prerequisites: tuple[str, ...]
    scene_count: int


@dataclass(frozen=True)
class Listing:
    """Every lesson in course order and every broken file's error line, as a load found them.

    ``lessons`` and ``errors`` stand in for a ``LoadResult``'s until the lessons are loaded.
    """

    lessons: tuple[ListedLesson, ...]
    errors: tuple[str, ...]


def listing_key(extra_dirs: Sequence[Path | str], version: str) -> dict[str, Any]:
    """What a listing is valid for: the lesson files (path, size, mtime), folder and version.

    Args:
        extra_dirs: The lesson folders given besides the built-in one (``--lessons DIR``).
        version: The app's version (another version may read lessons differently).
    """
    files, errors = lesson_files(lesson_dirs(extra_dirs))
    stats: list[list[Any]] = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            stats.append([os.fspath(path), -1, -1])
        else:
            stats.append([os.fspath(path), info.st_size, info.st_mtime_ns])
    return {
        "format": _FORMAT,
        "version": version,
        "cwd": os.getcwd(),
        "files": stats,
        "folder_errors": [str(error) for error in errors],
    }


def listing_of(lessons: Sequence[Any], errors: Sequence[object]) -> Listing:
    """The listing of loaded lessons (``Lesson`` records) and errors (their one-line text)."""
    return Listing(
        lessons=tuple(
            ListedLesson(
                id=lesson.id,
                title=lesson.title,
                summary=lesson.summary,
                deck=None
                if lesson.deck is None
                else ListedDeck(file=lesson.deck.file, course=lesson.deck.course),
                prerequisites=tuple(lesson.prerequisites),
                scene_count=len(lesson.scenes),
            )
            for lesson in lessons
        ),
        errors=tuple(str(error) for error in errors),
    )


def _listing_data(listing: Listing, key: dict[str, Any]) -> dict[str, Any]:
    """``listing`` under ``key`` as the JSON value :func:`read_listing` reads back."""
    return {
        "key": key,
        "lessons": [
            {
                "id": lesson.id,
                "title": lesson.title,
                "summary": lesson.summary,
                "deck": None
                if lesson.deck is None
                else {"file": lesson.deck.file, "course": lesson.deck.course},
                "prerequisites": list(lesson.prerequisites),
                "scene_count": lesson.scene_count,
            }
            for lesson in listing.lessons
        ],
        "errors": list(listing.errors),
    }


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def save_listing(path: Path, listing: Listing, key: dict[str, Any]) -> None:
    """Write ``listing`` under ``key`` to ``path`` (atomically: a temporary file, then renamed).

    Raises:
        OSError: The folder cannot be written (the caller carries on without a listing).
    """
    _write_atomically(path, json.dumps(_listing_data(listing, key), ensure_ascii=False))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _lesson(entry: object) -> ListedLesson:
    if not isinstance(entry, dict):
        raise ValueError("not a mapping")
    deck = entry["deck"]
    listed_deck = None
    if deck is not None:
        if not isinstance(deck, dict):
            raise ValueError("deck is not a mapping")
        file = deck["file"]
        listed_deck = ListedDeck(
            file=None if file is None else _text(file), course=_text(deck["course"])
        )
    prerequisites = entry["prerequisites"]
    if not isinstance(prerequisites, list):
        raise ValueError("prerequisites is not a list")
    count = entry["scene_count"]
    if not isinstance(count, int) or isinstance(count, bool):
        raise ValueError("scene_count is not a whole number")
    return ListedLesson(
        scene_count=count,
        id=_text(entry["id"]),
        title=_text(entry["title"]),
        summary=_text(entry["summary"]),
        deck=listed_deck,
        prerequisites=tuple(_text(item) for item in prerequisites),
    )


def read_listing(path: Path, key: dict[str, Any]) -> Listing | None:
    """The listing saved at ``path`` if it was saved under ``key``; None otherwise.

    None as well for a missing, unreadable or malformed file: a listing is only a head start.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        lessons, errors = data["lessons"], data["errors"]
        if not isinstance(lessons, list) or not isinstance(errors, list):
            return None
        return Listing(
            lessons=tuple(_lesson(entry) for entry in lessons),
            errors=tuple(_text(error) for error in errors),
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        return None


def bundled_key(folder: Path, version: str) -> dict[str, Any] | None:
    """What the shipped listing is valid for: each lesson file's name and SHA-256, and the version.

    Args:
        folder: The built-in lesson folder.
        version: The app's version.

    Returns:
        The key; None when the folder or one of its lesson files cannot be read.
    """
    files, errors = lesson_files([folder])
    if errors:
        return None
    digests: list[list[str]] = []
    for path in files:
        try:
            data = read_bytes(path, path)
        except LessonError:
            return None
        digests.append([path.name, hashlib.sha256(data).hexdigest()])
    return {"format": _FORMAT, "kind": "bundled", "version": version, "files": digests}


def read_bundled_listing(extra_dirs: Sequence[Path | str], version: str) -> Listing | None:
    """The shipped listing of the built-in lessons, when it is theirs and they are all there is.

    Args:
        extra_dirs: The lesson folders given besides the built-in one (``--lessons DIR``).
        version: The app's version.

    Returns:
        The listing; None when another lesson folder is in use (``extra_dirs`` or
        ``CNN_TUTOR_LESSONS``), a built-in lesson file's content or the version differs from the
        ones it was made from, or the shipped file is missing, malformed or lists errors.
    """
    dirs = lesson_dirs(extra_dirs)
    if len(dirs) != 1:
        return None
    key = bundled_key(dirs[0], version)
    if key is None:
        return None
    listing = read_listing(dirs[0] / BUNDLED_FILE, key)
    if listing is None or listing.errors:
        return None
    return listing


def bundled_listing_data(version: str) -> dict[str, Any]:
    """The shipped listing as it should be: the built-in lessons loaded, under their key.

    Loads the lessons (the schema and the engine): for :func:`write_bundled_listing` and the test
    that finds the shipped file stale, never on the app's start-up path.

    Raises:
        ValueError: A built-in lesson does not load (its error line), or a file cannot be read.
    """
    from lessons.loader.reading import load_paths

    folder = builtin_dir()
    key = bundled_key(folder, version)  # before loading: an edit meanwhile makes it stale
    if key is None:
        raise ValueError(f"{folder}: the built-in lesson files cannot be read")
    result = load_paths([folder])
    if result.errors:
        raise ValueError(f"a built-in lesson does not load: {result.errors[0]}")
    return _listing_data(listing_of(result.lessons, ()), key)


def write_bundled_listing(version: str) -> Path:
    """Write the shipped listing (:data:`BUNDLED_FILE`) into the built-in lesson folder.

    Returns:
        The file written.

    Raises:
        ValueError: A built-in lesson does not load.
        OSError: The folder cannot be written.
    """
    path = builtin_dir() / BUNDLED_FILE
    text = json.dumps(bundled_listing_data(version), ensure_ascii=False, indent=1)
    _write_atomically(path, text + "\n")
    return path
