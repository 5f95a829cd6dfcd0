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

This module imports neither the schema nor NumPy (only :mod:`lessons.loader.files`), so reading a
listing costs a few milliseconds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessons.loader.files import lesson_dirs, lesson_files

__all__ = [
    "LISTING_FILE",
    "ListedDeck",
    "ListedLesson",
    "Listing",
    "listing_key",
    "listing_of",
    "read_listing",
    "save_listing",
]

LISTING_FILE = "lessons-listing.json"
"""The listing's file name in the data folder."""

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


def save_listing(path: Path, listing: Listing, key: dict[str, Any]) -> None:
    """Write ``listing`` under ``key`` to ``path`` (atomically: a temporary file, then renamed).

    Raises:
        OSError: The folder cannot be written (the caller carries on without a listing).
    """
    data = {
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
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


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
