"""Home (filter, Enter, broken files, quiz and training entries) and ``cnn-tutor export``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, OptionList

from lessons import load_paths
from tui.app.app import create_app
from tui.app.screens.home import HomeScreen
from tui.app.screens.lesson import LessonScreen
from tui.app.svg_cells import screen_lines
from tui.cli import main

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "lesson_files"
SIZE = (100, 30)


def fixture_app(**kwargs: object) -> object:
    return create_app(lessons=load_paths([FIXTURES, FIXTURES / "broken"]), **kwargs)  # type: ignore[arg-type]


def option_ids(app: object) -> list[str]:
    option_list = app.screen.query_one("#home-list", OptionList)  # type: ignore[attr-defined]
    return [option.id or "" for option in option_list.options]


async def test_home_lists_quiz_training_broken_files_and_lessons_by_deck() -> None:
    app = fixture_app()
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        ids = [i for i in option_ids(app) if i]
        assert ids == [
            "next",
            "quiz",
            "review",
            "training",
            "playground",
            "broken:0",
            "lesson:fixture-edges",
        ]
        option_list = app.screen.query_one("#home-list", OptionList)  # type: ignore[attr-defined]
        headings = [str(o.prompt) for o in option_list.options if o.disabled]
        assert headings == ["Broken lesson files", "Deck 000 · CS344 Deep Learning"]


async def test_slash_filters_and_enter_opens_the_match() -> None:
    app = create_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()

        async def until(condition: object) -> None:
            """Pause until ``condition()`` holds: a bounded count of pauses, no clock."""
            for _ in range(2000):
                if condition():  # type: ignore[operator]
                    return
                await pilot.pause()
            raise AssertionError("the home screen never got there")

        def lessons_listed() -> list[str]:
            return [i for i in option_ids(app) if i.startswith("lesson:")]

        # The worker's result reaches the list a message later: on a busy machine, after a pause.
        await until(lambda: len(lessons_listed()) == len(app.lessons.lessons))
        everything = lessons_listed()
        assert len(everything) == len(app.lessons.lessons) > 1
        await pilot.press("slash", *"toy convnet")
        await until(lambda: [i for i in option_ids(app) if i] == ["lesson:030-xo"])
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, LessonScreen))
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "030-xo"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert [i for i in option_ids(app) if i.startswith("lesson:")] == everything


async def lessons_listed(app: object, pilot: object) -> None:
    """Wait until home lists the lessons (the load starts after the first frame, so a
    ``wait_for_complete`` right away can return before its worker even exists)."""
    for _ in range(2000):  # a safety net, counted in pauses
        if any(i.startswith("lesson:") for i in option_ids(app)):
            return
        await pilot.pause()  # type: ignore[attr-defined]
    raise AssertionError("the lessons were never listed")


def send_in_one_burst(app: object, keys: list[tuple[str, str | None]]) -> None:
    """Queue key events the way a terminal delivers a fast paste: all before the app reads one."""
    driver = app._driver  # type: ignore[attr-defined]
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(app)  # type: ignore[arg-type]
        driver.send_message(event)


async def test_keys_typed_in_one_burst_after_slash_all_reach_the_filter() -> None:
    """``/xo⏎`` typed faster than the app reads: no key lost, the match opens, not lesson one."""
    app = create_app()
    async with app.run_test(size=SIZE) as pilot:
        await lessons_listed(app, pilot)
        keys = [("slash", "/"), *((c, c) for c in "toy convnet"), ("enter", "\r")]
        send_in_one_burst(app, [(k if k != " " else "space", c) for k, c in keys])
        for _ in range(200):  # a safety net; each pause lets the queued keys be handled
            if isinstance(app.screen, LessonScreen):
                break
            await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "030-xo"
        await pilot.press("escape")
        for _ in range(200):  # a safety net: until home is back
            if isinstance(app.screen, HomeScreen):
                break
            await pilot.pause()
        # Back home the filter is cleared, hidden and unfocused: the next "/" filters again
        # (it used to keep "toy convnet" and the focus, and "/xo" gave "toy convnet/xo").
        box = app.screen.query_one("#filter", Input)
        assert box.value == "" and box.has_class("-hidden")
        assert app.focused is app.screen.query_one("#home-list", OptionList)
        send_in_one_burst(app, [("slash", "/"), ("x", "x"), ("o", "o")])
        for _ in range(200):
            if box.value == "xo":
                break
            await pilot.pause()
        assert box.value == "xo" and app.focused is box


@pytest.mark.parametrize("text", ["/toy convnet\r", "toy convnet\n"])
async def test_a_paste_on_the_list_filters_and_a_newline_opens_the_match(text: str) -> None:
    app = create_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app._driver.send_message(events.Paste(text))  # type: ignore[union-attr]
        for _ in range(200):  # a safety net; each pause lets the paste be handled
            if isinstance(app.screen, LessonScreen):
                break
            await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "030-xo"


async def test_a_slash_typed_in_the_filter_is_text() -> None:
    app = fixture_app()
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("slash", "a", "slash", "b")
        box = app.screen.query_one("#filter", Input)  # type: ignore[attr-defined]
        assert app.focused is box and box.value == "a/b"  # type: ignore[attr-defined]


async def test_enter_on_a_lesson_opens_it_and_marks_it_seen() -> None:
    app = fixture_app()
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        option_list = app.screen.query_one("#home-list", OptionList)  # type: ignore[attr-defined]
        assert option_list.highlighted_option.id == "lesson:fixture-edges"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert app.store.lesson_status() == {"fixture-edges": "seen"}  # type: ignore[attr-defined]
        prompt = str(option_list.get_option("lesson:fixture-edges").prompt)
        assert "● seen" in prompt


async def test_enter_on_a_broken_file_shows_its_error() -> None:
    app = fixture_app()
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        option_list = app.screen.query_one("#home-list", OptionList)  # type: ignore[attr-defined]
        option_list.highlighted = option_list.get_option_index("broken:0")
        await pilot.press("enter")
        await pilot.pause()
        messages = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert any("200-fixture-broken.yaml:13:7: kernel row 2 has 1 number" in m for m in messages)
        assert isinstance(app.screen, HomeScreen)  # type: ignore[attr-defined]


async def test_quiz_entry_opens_the_quiz() -> None:
    from tui.app.screens.quiz import QuizScreen

    app = fixture_app()
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        option_list = app.screen.query_one("#home-list", OptionList)  # type: ignore[attr-defined]
        option_list.highlighted = option_list.get_option_index("quiz")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)  # type: ignore[attr-defined]


async def test_training_entry_explains_when_the_panel_cannot_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "tui.app.screens.training", None)  # importing it now fails
    app = fixture_app()
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        option_list = app.screen.query_one("#home-list", OptionList)  # type: ignore[attr-defined]
        option_list.highlighted = option_list.get_option_index("training")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # type: ignore[attr-defined]
        messages = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert any(m.startswith("The training panel is not available") for m in messages)


# --------------------------------------------------------------------------------- export
def export(*args: str) -> int:
    return main(["export", "--lessons", str(FIXTURES), *args])


def test_export_writes_the_screen_as_svg(tmp_path: Path) -> None:
    out = tmp_path / "edges.svg"
    assert export("fixture-edges", "--step", "1", "--size", "100x30", "-o", str(out)) == 0
    raw = out.read_text(encoding="utf-8")
    assert raw.startswith("<svg")
    svg = "\n".join(screen_lines(raw))  # each glyph sits in its own cell: read the lines back
    # Deck 000's first window, as the slide writes it.
    assert "1*3 + 0*7 + -1*9 + 1*8 + 0*1 + -1*3 + 1*7 + 0*4 + -1*6 = 0" in svg
    assert "Scene 1/4: The vertical filter" in svg


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-lesson"], "unknown lesson 'no-such-lesson'"),
        (["fixture-edges", "--scene", "5"], "--scene 5 is out of range: lesson fixture-edges has "),
        (["fixture-edges", "--scene", "0"], "--scene 0 is out of range"),
        (["fixture-edges", "--step", "17"], "--step 17 is out of range: scene 1 of fixture-edges"),
        (["fixture-edges", "--step", "-1"], "--step -1 is out of range"),
        (["fixture-edges", "--size", "big"], "--size must look like 120x40"),
        (["fixture-edges", "--size", "30x8"], "--size 30x8 is too small"),
    ],
)
def test_export_refuses_bad_input_with_one_line(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.svg"
    assert export(*args, "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("where", ["missing-folder/x.svg", "."])
def test_export_refuses_a_path_it_cannot_write(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / where
    assert export("fixture-edges", "-o", str(target)) == 2
    assert f"cannot write {target}" in capsys.readouterr().err
