"""``cnn-tutor export``: write a lesson screen as SVG, headlessly.

The screen is drawn by the same app the tutor runs (``tui.app.app.create_app``), in a headless
terminal of the size asked for, at the scene and step asked for. Progress is not touched: the
export runs with a throw-away data folder.

The SVG is written to a temporary file beside ``-o`` and renamed over it, so a reader never sees
half a file and a symbolic link at ``-o`` is replaced, not followed: its target is untouched.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Any

from tui.commands._args import integer, shown
from tui.commands._help import add_command
from tui.errors import EXIT_OK, CliError

SIZE_PATTERN = re.compile(r"^\s*(\d+)\s*[x×X]\s*(\d+)\s*$")
MAX_SIZE = (1000, 500)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``export`` subcommand."""
    parser = add_command(
        subparsers,
        "export",
        common,
        help="write a lesson screen as SVG for slides",
        description=(
            "Render one lesson screen headlessly and write it as an SVG file.\n\n"
            "Scenes count from 1, as the tutor's status line shows them. Steps count the\n"
            "windows computed, as the status line does: 0 is the problem before the first\n"
            "window, 1 the first window, and the last step the finished output."
        ),
        epilog="example:\n  cnn-tutor export 000-convolution --scene 3 --step 3 -o stride.svg",
    )
    parser.add_argument(
        "lesson", metavar="LESSON_ID", help="the lesson's id (see 'cnn-tutor lessons')"
    )
    parser.add_argument(
        "--scene", type=integer, default=1, metavar="N", help="scene number, from 1 (default 1)"
    )
    parser.add_argument(
        "--step",
        type=integer,
        default=0,
        metavar="K",
        help="step, from 0 (default 0: before the first)",
    )
    parser.add_argument(
        "--size", default="120x40", metavar="WxH", help="terminal size (default 120x40)"
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE.svg", help="where to write")
    parser.set_defaults(handler=run)


def parse_size(text: str) -> tuple[int, int]:
    """Read ``WxH`` (such as ``120x40``) as (width, height), or raise :class:`CliError`."""
    from tui.app.app import MIN_HEIGHT, MIN_WIDTH

    match = SIZE_PATTERN.match(text)
    if match is None:
        raise CliError(f"--size must look like 120x40 (columns x lines), got '{shown(text)}'")
    width, height = int(match.group(1)), int(match.group(2))
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise CliError(
            f"--size {width}x{height} is too small: the tutor needs at least "
            f"{MIN_WIDTH}x{MIN_HEIGHT}"
        )
    if width > MAX_SIZE[0] or height > MAX_SIZE[1]:
        raise CliError(f"--size {width}x{height} is too large: at most {MAX_SIZE[0]}x{MAX_SIZE[1]}")
    return width, height


def check_output(path: Path) -> None:
    """Fail early, with one line, when ``path`` cannot be written.

    A symbolic link at ``path`` is fine whatever it points to: it is replaced, not followed.
    """
    try:
        mode: int | None = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except NotADirectoryError:
        raise CliError(f"cannot write {shown(path)}: a folder on its way is a file") from None
    except OSError as error:
        raise CliError(f"cannot write {shown(path)}: {error.strerror or error}") from None
    except ValueError:
        raise CliError(f"cannot write {shown(path)}: the path holds a NUL character") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise CliError(f"cannot write {shown(path)}: it is a folder")
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise CliError(f"cannot write {shown(path)}: it is not a regular file")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise CliError(f"cannot write {shown(path)}: folder {shown(parent)} does not exist")
    if not os.access(parent, os.W_OK):
        raise CliError(f"cannot write {shown(path)}: permission denied")


def write_output(path: Path, text: str) -> str:
    """Write ``text`` to ``path`` through a temporary file beside it and an atomic rename.

    Args:
        path: Where the file goes; a symbolic link there is replaced by the file.
        text: The file's content (UTF-8).

    Returns:
        What happened to what was at ``path`` before, for the closing line: ``""`` for a new
        file, ``" (replaced the file there)"`` or ``" (replaced the symbolic link to T; T is
        untouched)"``.

    Raises:
        CliError: When the file could not be written; nothing at ``path`` changed then.
    """
    try:
        before = os.lstat(path)
    except FileNotFoundError:
        before = None
    except OSError as error:
        raise CliError(f"cannot write {shown(path)}: {error.strerror or error}") from None
    note = ""
    if before is not None and stat.S_ISLNK(before.st_mode):
        target = shown(os.readlink(path))
        note = f" (replaced the symbolic link to {target}; its target is untouched)"
    elif before is not None:
        note = " (replaced the file there)"
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # O_EXCL: never write through a file (or link) someone else put at the temporary name
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
            if before is not None and stat.S_ISREG(before.st_mode):
                os.chmod(temporary, stat.S_IMODE(before.st_mode))  # keep the old file's mode
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise CliError(f"cannot write {shown(path)}: {error.strerror or error}") from None
    return note


def render_svg(
    lesson_id: str,
    scene: int,
    step: int,
    size: tuple[int, int],
    *,
    lesson_dirs: Any = (),
    lessons: Any = None,
    title: str | None = None,
) -> str:
    """Render a lesson screen headlessly and return it as SVG (:func:`tui.app.export.render_svg`).

    Raises:
        CliError: When the screen could not be rendered.
    """
    from tui.app.export import render_svg as render

    svg = render(
        lesson_id, scene, step, size, lesson_dirs=lesson_dirs, lessons=lessons, title=title
    )
    if svg is None:
        raise CliError("the screen could not be rendered")
    return svg


def run(args: argparse.Namespace) -> int:
    """Export one lesson screen as SVG."""
    size = parse_size(args.size)
    output = Path(args.output).expanduser()
    check_output(output)

    from lessons import load_all
    from lessons.playback import prepare

    result = load_all(args.lesson_dirs)
    lesson = next((item for item in result.lessons if item.id == args.lesson), None)
    if lesson is None:
        broken = [str(error) for error in result.errors if args.lesson in str(error.path)]
        hint = f" (a file that may hold it is broken: {broken[0]})" if broken else ""
        raise CliError(f"unknown lesson {args.lesson!r}; 'cnn-tutor lessons' lists them{hint}")
    scenes = len(lesson.scenes)
    if not 1 <= args.scene <= scenes:
        raise CliError(
            f"--scene {args.scene} is out of range: lesson {lesson.id} has scenes 1 to {scenes}"
        )
    total = prepare(lesson.scenes[args.scene - 1]).timeline.total
    if not 0 <= args.step <= total:
        raise CliError(
            f"--step {args.step} is out of range: scene {args.scene} of {lesson.id} "
            f"has steps 0 to {total}"
        )
    title = f"{lesson.title} · scene {args.scene} · step {args.step}"
    svg = render_svg(
        lesson.id,
        args.scene - 1,
        args.step,
        size,
        lesson_dirs=args.lesson_dirs,
        lessons=result,
        title=title,
    )
    note = write_output(output, svg)
    print(
        f"wrote {shown(output)} ({size[0]}x{size[1]}, {shown(lesson.id)} scene {args.scene} "
        f"step {args.step}){note}"
    )
    return EXIT_OK
