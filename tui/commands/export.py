"""``cnn-tutor export``: write a lesson screen as SVG, headlessly.

The screen is drawn by the same app the tutor runs (``tui.app.app.create_app``), in a headless
terminal of the size asked for, at the scene and step asked for. Progress is not touched: the
export runs with a throw-away data folder.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

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
        epilog="example:\n  cnn-tutor export 000-edges --scene 2 --step 5 -o edges.svg",
    )
    parser.add_argument(
        "lesson", metavar="LESSON_ID", help="the lesson's id (see 'cnn-tutor lessons')"
    )
    parser.add_argument(
        "--scene", type=int, default=1, metavar="N", help="scene number, from 1 (default 1)"
    )
    parser.add_argument(
        "--step",
        type=int,
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
        raise CliError(f"--size must look like 120x40 (columns x lines), got {text!r}")
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
    """Fail early, with one line, when ``path`` cannot be written."""
    if path.is_dir():
        raise CliError(f"cannot write {path}: it is a folder")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise CliError(f"cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CliError(f"cannot write {path}: permission denied")


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
    try:
        output.write_text(svg, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}") from None
    print(f"wrote {output} ({size[0]}x{size[1]}, {lesson.id} scene {args.scene} step {args.step})")
    return EXIT_OK
