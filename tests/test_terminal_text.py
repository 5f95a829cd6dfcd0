"""Escape sequences and markup from lesson files never reach the terminal or the markup parser.

Issue 16: a lesson file's ESC/BEL/OSC bytes reached the terminal raw through ``cnn-tutor lessons``,
``check`` and their error texts, and a ``[/]`` in a lesson's error or in the data folder's path
killed the app at start-up (``MarkupError``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons import LoadResult
from tui.app.svg_cells import screen_lines
from tui.cli import main
from tui.terminal_text import has_control, one_line, printable

MINIMAL = """\
id: mini
title: Mini
deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344}
summary: A tiny lesson.
scenes:
  - kind: correlate2d
    input: |
      3 7 9 1
      8 1 3 3
      7 4 6 4
    kernel: |
      1 0 -1
      1 0 -1
      1 0 -1
    expect: 0 4
"""
"""A valid lesson (tests/lessons/lesson_helpers.py's), edited into hostile ones below."""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


OSC_TITLE = "Edges\x1b]0;pwned\x07\x1b[2J"
"""A title that, printed raw, retitles the terminal (OSC 0) and clears the screen (CSI 2J)."""

SHOWN_TITLE = "Edges\\x1b]0;pwned\\x07\\x1b[2J"
"""The same title as it must be shown: each control character as its escape."""


def raw_controls(text: str) -> list[str]:
    """The control characters in ``text`` other than newline and tab, by code point."""
    return [f"U+{ord(c):04X}" for c in text if has_control(c)]


# ----------------------------------------------------------------------------- printable
@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text", "plain text"),
        ("two\nlines\tand a tab", "two\nlines\tand a tab"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("bell\x07", "bell\\x07"),
        ("\x00nul", "\\x00nul"),
        ("over\rwrite", "over\\rwrite"),
        ("del\x7f", "del\\x7f"),
        ("c1 csi\x9b2J", "c1 csi\\x9b2J"),  # the one-byte C1 CSI
        ("osc\x9d0;x\x9c", "osc\\x9d0;x\\x9c"),
        ("bidi \u202eevil", "bidi \\u202eevil"),  # right-to-left override ("Trojan source")
        ("kept: ✓ · − 7/9 ±", "kept: ✓ · − 7/9 ±"),
    ],
)
def test_printable_escapes_every_control_character_but_newline_and_tab(
    text: str, shown: str
) -> None:
    assert printable(text) == shown
    assert not raw_controls(printable(text))


def test_one_line_escapes_newlines_and_tabs_too() -> None:
    assert one_line("a\nb\tc\r") == "a\\nb\\tc\\r"


def test_every_c0_and_c1_character_is_escaped() -> None:
    controls = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n\t")
    shown = printable(controls)
    assert shown.isprintable()
    assert len(controls) == 32 - 2 + 33


# ----------------------------------------------------------------------------- the CLI
@pytest.fixture
def hostile_lessons(tmp_path: Path) -> Path:
    """A lesson titled with an OSC sequence; a broken one whose error quotes ESC, BEL and [/]."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    title = OSC_TITLE.replace("\x1b", "\\e").replace("\x07", "\\a")  # YAML's escapes
    write(folder, "500-osc.yaml", MINIMAL.replace("title: Mini", f'title: "{title}"'))
    write(
        folder,
        "501-bad.yaml",
        MINIMAL.replace("id: mini", "id: bad").replace(
            "kind: correlate2d", 'kind: "corr\\e]0;x\\a[/]"'
        ),
    )
    return folder


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_lessons_prints_a_hostile_title_and_error_escaped(
    hostile_lessons: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["lessons", "--lessons", str(hostile_lessons)], capsys)
    assert code == 1  # one broken file
    assert not raw_controls(out + err)
    row = next(line for line in out.splitlines() if line.startswith("mini "))
    assert "Edges" in row and "\x1b" not in row
    assert any("501-bad.yaml" in line and "corr" in line for line in out.splitlines())


def test_check_prints_a_hostile_title_and_error_escaped(
    hostile_lessons: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", str(hostile_lessons)], capsys)
    assert code == 1
    assert not raw_controls(out + err)
    assert "mini: ok" in out
    assert any("501-bad.yaml" in line and "corr" in line for line in out.splitlines())


def test_the_cli_escapes_even_what_the_loader_lets_through(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever the loader strips, the command line escapes: a title as loaded, raw ESC in it."""
    import lessons
    from lessons import load_text

    lesson = load_text(MINIMAL, tmp_path / "mini.yaml").model_copy(
        update={"title": OSC_TITLE, "id": "mini\x1b[2J"}
    )
    monkeypatch.setattr(lessons, "load_all", lambda *_: LoadResult(lessons=[lesson], errors=[]))
    code, out, err = run(["lessons"], capsys)
    assert code == 0
    assert not raw_controls(out + err)
    assert SHOWN_TITLE in out and "mini\\x1b[2J" in out
    code, out, err = run(["check"], capsys)
    assert not raw_controls(out + err)
    assert "mini\\x1b[2J: ok" in out


def test_an_argument_with_escapes_is_quoted_escaped_in_the_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["lessons", "--bogus\x1b]0;x\x07"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert not raw_controls(err) and err.count("\n") == 1
    assert "--bogus\\x1b]0;x\\x07" in err
    code, _, err = run(["check", "missing\x1b[2J.yaml"], capsys)
    assert code == 2 and not raw_controls(err) and "missing\\x1b[2J.yaml" in err


# ----------------------------------------------------------------------------- the app
SIZE = (120, 40)
"""The app tests run with ``notifications=True``: run_test leaves toasts out by default, and
a toast is where a notice's markup is parsed."""


def markup_lessons(folder: Path) -> Path:
    """A lesson whose title, summary and scene title hold markup and an OSC sequence."""
    folder.mkdir(exist_ok=True)
    title = OSC_TITLE.replace("\x1b", "\\e").replace("\x07", "\\a")
    text = (
        MINIMAL.replace("title: Mini", f'title: "{title} [/] [bold]x"')
        .replace("summary: A tiny lesson.", 'summary: "Sum [/] mary"')
        .replace("    expect: 0 4", '    title: "scene [/] one"\n    expect: 0 4')
    )
    write(folder, "500-markup.yaml", text)
    write(
        folder,
        "501-bad.yaml",
        MINIMAL.replace("id: mini", "id: bad").replace("expect: 0 4", 'expect: "0 [/]"'),
    )
    return folder


def raw_lessons(folder: Path) -> LoadResult:
    """:func:`markup_lessons` as loaded, with the raw ESC and BEL put back in the title.

    The loader may strip control characters; the app must be safe regardless, so these tests
    hand it the title raw.
    """
    from lessons import load_paths

    result = load_paths([markup_lessons(folder)])
    lesson = result.lessons[0].model_copy(update={"title": f"{OSC_TITLE} [/] [bold]x"})
    return LoadResult(lessons=[lesson], errors=result.errors)


async def test_a_data_folder_with_markup_in_its_path_starts_the_app(tmp_path: Path) -> None:
    """The store's notice quotes the path; shown as markup, ``[/]`` raised MarkupError."""
    from tui.app.app import create_app
    from tui.app.screens.home import HomeScreen

    (tmp_path / "file[").mkdir()
    blocker = tmp_path / "file[/]"  # "[/]" holds a slash: the file "]" in the folder "file["
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    app = create_app(data_dir=blocker / "data")  # cannot be created: in memory, with a notice
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        for _ in range(50):  # the notice comes after the first frame; a safety net
            if app._notifications:
                break
            await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("[/]" in message for message in messages)


async def test_markup_and_escapes_in_lesson_files_are_shown_as_text(tmp_path: Path) -> None:
    """A broken lesson quoting ``[/]``, and a title with markup and an OSC sequence."""
    from textual.widgets import OptionList, Static

    from tui.app.app import create_app
    from tui.app.screens.home import HomeScreen
    from tui.app.screens.lesson import LessonScreen

    app = create_app(lessons=raw_lessons(tmp_path / "lessons"), data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        options = home.query_one("#home-list", OptionList)
        prompts = [str(option.prompt) for option in options.options]
        assert any("501-bad.yaml" in p and "[/]" in p for p in prompts)
        assert any(SHOWN_TITLE in p and "[/] [bold]x" in p for p in prompts)
        assert not any(raw_controls(p) for p in prompts)

        # the broken file's entry: its error as a notice, [/] and all
        options.highlighted = next(
            i for i, o in enumerate(options.options) if (o.id or "").startswith("broken:")
        )
        await pilot.press("enter")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("'[/]' is not a number" in m for m in messages)

        # the lesson: highlighted (its summary shows), then opened
        options.highlighted = options.get_option_index("lesson:mini")
        await pilot.pause()
        assert "Sum [/] mary" in str(home.query_one("#home-summary", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        lesson = app.screen
        assert isinstance(lesson, LessonScreen)
        assert lesson.title == f"{SHOWN_TITLE} [/] [bold]x"  # escaped: no OSC to the terminal
        status = str(lesson.query_one("#status-scene", Static).render())
        assert status == "Scene 1/1: scene [/] one"
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot and "\x07" not in screenshot
        # Each glyph sits in its own cell in the SVG: read the screen's lines back.
        shown = "\n".join(screen_lines(screenshot))
        assert "Edges\\x1b]0;pwned" in shown


async def test_the_palette_shows_a_title_with_markup_as_text(tmp_path: Path) -> None:
    """The command palette reads its prompts as markup: a title's ``[bold]`` vanished and its
    scene title's ``[/]`` with it, and the title's ESC bytes were drawn raw."""
    from textual.command import CommandList, CommandPalette

    from tui.app.app import create_app

    app = create_app(lessons=raw_lessons(tmp_path / "lessons"), data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        await pilot.press(*"edges")

        def prompts() -> list[str]:
            return [str(option.prompt) for option in commands.options]

        for _ in range(200):  # the palette searches in a worker; a safety net
            await pilot.pause()
            if any(p.startswith("Jump to scene: Edges") for p in prompts()):
                break
        lesson = next(p for p in prompts() if p.startswith("Jump to lesson: Edges"))
        scene = next(p for p in prompts() if p.startswith("Jump to scene: Edges"))
        assert lesson.startswith(f"Jump to lesson: {SHOWN_TITLE} [/] [bold]x")
        assert "› 1. scene [/] one" in scene
        assert not any(raw_controls(p) for p in prompts())
