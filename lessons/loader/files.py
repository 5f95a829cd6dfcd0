"""Where lesson files are, and reading one safely: regular files only, bounded, UTF-8 text.

Where lessons come from, in course order (file-name order across all folders):

1. the YAML files shipped in the ``lessons`` package folder;
2. the folders in ``CNN_TUTOR_LESSONS`` (an ``os.pathsep``-separated list);
3. the folders passed as ``extra_dirs`` (the command line's ``--lessons DIR``).

Only a regular file is opened: a FIFO, a device or a socket named as a lesson would block the
reader (or read forever), so it is refused from its ``stat`` before any ``open``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from lessons.loader.errors import LessonError

__all__ = [
    "ENV_VAR",
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "builtin_dir",
    "decode",
    "display_path",
    "is_folder",
    "lesson_dirs",
    "lesson_files",
    "position",
    "read_bytes",
]

ENV_VAR = "CNN_TUTOR_LESSONS"
"""Environment variable with extra lesson folders (``os.pathsep``-separated)."""

MAX_FILE_BYTES = 1_000_000
"""Largest lesson file read (a lesson is a few kilobytes)."""

SUFFIXES = (".yaml", ".yml")
"""File name endings of lesson files."""


def builtin_dir() -> Path:
    """The package folder holding the built-in lessons.

    The folder above this module's (``lessons/loader/``): what
    ``importlib.resources.files("lessons")`` gives for a package on disk, without importing
    ``importlib.resources`` on the app's start-up, nor ``lessons`` from inside it.
    """
    return Path(__file__).resolve().parent.parent


def display_path(path: Path) -> Path:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; False when it cannot be examined (a name too long, ...)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def lesson_dirs(extra_dirs: Sequence[Path | str] = ()) -> list[Path]:
    """The lesson folders: built-in, then ``CNN_TUTOR_LESSONS``, then ``extra_dirs``."""
    dirs = [builtin_dir()]
    env = os.environ.get(ENV_VAR, "")
    dirs += [Path(part) for part in env.split(os.pathsep) if part.strip()]
    dirs += [Path(d) for d in extra_dirs]
    unique: list[Path] = []
    seen: set[str] = set()
    for d in dirs:
        try:
            key = str(d.resolve()) if d.exists() else str(d)
        except OSError:
            key = str(d)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def _is_lesson_file(path: Path) -> bool:
    try:
        return path.suffix in SUFFIXES and path.name[0] != "." and path.is_file()
    except OSError:
        return False


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if _is_lesson_file(p))


def lesson_files(dirs: Iterable[Path]) -> tuple[list[Path], list[LessonError]]:
    """Every lesson file in the folders, in course order (file name, then folder order).

    Returns:
        The files, and an error for each folder that is missing or unreadable.
    """
    found: list[tuple[str, int, Path]] = []
    errors: list[LessonError] = []
    for order, folder in enumerate(dirs):
        try:
            files = _yaml_files(folder)
        except FileNotFoundError:
            errors.append(LessonError(display_path(folder), 1, 1, "lesson folder not found"))
            continue
        except NotADirectoryError:
            errors.append(LessonError(display_path(folder), 1, 1, "not a folder"))
            continue
        except OSError as error:
            message = f"cannot read folder: {_reason(error)}"
            errors.append(LessonError(display_path(folder), 1, 1, message))
            continue
        found += [(p.name, order, p) for p in files]
    found.sort(key=lambda item: (item[0], item[1]))
    return [p for _, _, p in found], errors


def _refuse_irregular(mode: int, shown: Path) -> None:
    if stat.S_ISDIR(mode):
        raise LessonError(shown, 1, 1, "is a folder, not a lesson file")
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device or a socket"
        raise LessonError(shown, 1, 1, f"not a regular file ({kind}): a lesson is a plain file")


def read_bytes(path: Path, shown: Path) -> bytes:
    """The bytes of a lesson file, at most :data:`MAX_FILE_BYTES`.

    Args:
        path: The file.
        shown: How errors name it.

    Raises:
        LessonError: Missing, not a regular file, unreadable (a name too long, no permission),
            or too large.
    """
    try:
        _refuse_irregular(os.stat(path).st_mode, shown)
        # O_NONBLOCK: should the file become a FIFO after the stat, opening it cannot hang
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise LessonError(shown, 1, 1, "file not found") from None
    except OSError as error:
        raise LessonError(shown, 1, 1, f"cannot read: {_reason(error)}") from None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            _refuse_irregular(os.fstat(handle.fileno()).st_mode, shown)
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise LessonError(shown, 1, 1, f"cannot read: {_reason(error)}") from None
    if len(data) > MAX_FILE_BYTES:
        raise LessonError(shown, 1, 1, f"file is larger than {MAX_FILE_BYTES} bytes")
    return data


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def decode(data: bytes, path: Path) -> str:
    """A lesson file's bytes as text: UTF-8 (a byte-order mark is dropped), no NUL bytes.

    Raises:
        LessonError: Binary data, or bytes that are not UTF-8, at the first bad byte.
    """
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        prefix = data[: data.index(b"\x00")].decode("utf-8", "replace")
        line, col = position(prefix, len(prefix))
        raise LessonError(path, line, col, "not a text file: found a NUL byte (binary data?)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        prefix = data[: error.start].decode("utf-8", "replace")
        line, col = position(prefix, len(prefix))
        raise LessonError(
            path, line, col, f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be decoded"
        ) from None
    return text
