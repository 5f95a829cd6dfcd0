"""The settings in the app: keymap remapping (keys, footer, help), theme persistence, motion."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from stepper_lesson import LESSON_ID
from textual.widgets._footer import FooterKey

from tui.app.app import CnnTutorApp, all_bindings
from tui.app.screens.help import HelpScreen
from tui.app.screens.lesson import SPEEDS, LessonScreen
from tui.settings import load_settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

AppFactory = Callable[..., CnnTutorApp]
SIZE = (100, 30)


def settings_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def until(pilot: object, condition: Callable[[], bool], limit: int = 5000) -> None:
    """Wait for ``condition`` by pausing the pilot (a bounded count of pauses, no clock)."""
    for _ in range(limit):
        if condition():
            return
        await pilot.pause()  # type: ignore[attr-defined]
    raise AssertionError("the condition never held")


async def open_stepper(app: CnnTutorApp, pilot: object) -> LessonScreen:
    app.open_lesson(LESSON_ID)
    await until(pilot, lambda: isinstance(app.screen, LessonScreen))
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    await until(pilot, lambda: screen.board is not None and bool(screen.board.output_grids))
    return screen


def test_every_binding_has_a_unique_id() -> None:
    bindings = all_bindings()
    ids = [binding.id for binding in bindings]
    assert None not in ids
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


async def test_keymap_remaps_the_stepper_keys_footer_and_help(
    stepper_app: AppFactory, tmp_path: Path
) -> None:
    path = settings_file(tmp_path, '[keymap]\nlesson.next_step = "j"\nlesson.prev_step = "k"\n')
    app = stepper_app(settings=load_settings(path, environ={}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stepper(app, pilot)
        assert screen.step == 0
        await pilot.press("j", "j", "j")
        await until(pilot, lambda: screen.step == 3)
        await pilot.press("right")  # remapped away: the old key does nothing now
        await pilot.press("k")
        await until(pilot, lambda: screen.step == 2)
        await pilot.pause()
        footer_keys = {key.action: key.key_display for key in screen.query(FooterKey)}
        assert footer_keys["next_step"] == "j"
        assert footer_keys["prev_step"] == "k"
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        await pilot.pause()
        lesson_section = help_screen.text.split("\n\n")[0]
        rows = dict(
            reversed(re.split(r"\s{2,}", line.strip(), maxsplit=1))
            for line in lesson_section.splitlines()[1:]
        )
        assert rows["Next step"] == "j"
        assert rows["Previous step"] == "k"
        assert rows["Play or pause the animation"] == "space"  # not remapped: as before


async def test_unknown_binding_id_is_a_notice_with_file_and_line(
    stepper_app: AppFactory, tmp_path: Path
) -> None:
    path = settings_file(tmp_path, '[keymap]\nlesson.next_step = "j"\nlesson.nope = "x"\n')
    app = stepper_app(settings=load_settings(path, environ={}))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app._notifications))
        texts = [n.message for n in app._notifications]
        assert f"{path}:3: no key has the id 'lesson.nope' (the README lists the ids)" in texts
        assert app.keymap == {"lesson.next_step": "j"}


async def test_broken_settings_file_is_a_notice_and_the_defaults(
    stepper_app: AppFactory, tmp_path: Path
) -> None:
    path = settings_file(tmp_path, "theme = = nord\n")
    app = stepper_app(settings=load_settings(path, environ={}))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app._notifications))
        (notice,) = [n.message for n in app._notifications]
        assert notice.startswith(f"{path}:1:")
        assert app.theme == "textual-dark"


async def test_theme_is_applied_and_a_picked_theme_is_remembered(
    stepper_app: AppFactory, tmp_path: Path
) -> None:
    path = settings_file(tmp_path, 'theme = "nord"\nspeed = 4\n')
    app = stepper_app(settings=load_settings(path, environ={}))
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "nord"
        app.theme = "ansi-dark"  # what the palette's theme picker does
        await pilot.pause()
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved == {"theme": "ansi-dark", "speed": 4}
    again = stepper_app(settings=load_settings(path, environ={}))  # the next start
    async with again.run_test(size=SIZE):
        assert again.theme == "ansi-dark"


async def test_theme_picker_lists_every_builtin_theme(stepper_app: AppFactory) -> None:
    from textual.theme import BUILTIN_THEMES

    app = stepper_app()
    async with app.run_test(size=SIZE):
        assert set(BUILTIN_THEMES) <= set(app.available_themes)
        assert {"ansi-dark", "ansi-light"} <= set(app.available_themes)


async def test_unknown_theme_is_a_notice(stepper_app: AppFactory, tmp_path: Path) -> None:
    path = settings_file(tmp_path, 'speed = 2\ntheme = "chartreuse"\n')
    app = stepper_app(settings=load_settings(path, environ={}))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app._notifications))
        texts = [n.message for n in app._notifications]
        assert texts == [f"{path}:2: no theme named 'chartreuse' (ctrl+p, Theme, lists them)"]
        assert app.theme == "textual-dark"


async def test_speed_and_predict_settings_start_the_stepper(
    stepper_app: AppFactory, tmp_path: Path
) -> None:
    path = settings_file(tmp_path, "speed = 4\npredict = true\n")
    app = stepper_app(settings=load_settings(path, environ={}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stepper(app, pilot)
        assert SPEEDS[screen.speed] == 4.0
        assert screen.predicting is True


@pytest.mark.parametrize("how", ["setting", "environment"])
async def test_reduced_motion_plays_without_animated_transitions(
    stepper_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how == "setting":
        settings = load_settings(settings_file(tmp_path, "reduced_motion = true\n"), environ={})
    else:
        monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
        monkeypatch.setattr("textual.constants.TEXTUAL_ANIMATIONS", "none")
        settings = load_settings(tmp_path / "none.toml", environ={})
    app = stepper_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        assert app.animation_level == "none"
        assert app.reduced_motion
        assert app.fading is False  # the fades are transitions too
        screen = await open_stepper(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: screen.step >= 2)  # play still advances
        assert not app.animator.is_being_animated(screen, "scroll_y")


@pytest.mark.parametrize(("numbers", "expected"), [("lesson", "0.77"), ("fraction", "7/9")])
async def test_numbers_setting_writes_the_board_cells(
    tmp_path: Path, numbers: str, expected: str
) -> None:
    """Deck 003's X map: (sum of nine ±1 products)/9, which the deck truncates to 0.77."""
    from tui.app.app import create_app

    settings = load_settings(settings_file(tmp_path, f'numbers = "{numbers}"\n'), environ={})
    app = create_app(open_lesson=("030-xo", 3, 10_000), settings=settings)  # clamped: all 49
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LessonScreen))
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await until(pilot, lambda: screen.board is not None and bool(screen.board.output_grids))
        board = screen.board
        assert board is not None
        texts = {board.formats.format(float(v)) for v in board.output_grids[0].values.flat}
        assert expected in texts
        assert board.formats.format(7 / 9) == expected


def test_readme_lists_every_binding_id() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [b.id for b in all_bindings() if f"`{b.id}`" not in readme]
    assert missing == []


async def test_fading_setting(stepper_app: AppFactory, tmp_path: Path) -> None:
    on = stepper_app(settings=load_settings(tmp_path / "none.toml", environ={}))
    off = stepper_app(settings=load_settings(settings_file(tmp_path, "fading = false\n"), {}))
    assert on.fading is True and off.fading is False


async def test_the_palettes_theme_picker_changes_and_remembers_the_theme(
    stepper_app: AppFactory, tmp_path: Path
) -> None:
    from textual.command import CommandList, CommandPalette

    path = tmp_path / "config.toml"
    app = stepper_app(settings=load_settings(path, environ={}))

    def offers(text: str) -> bool:
        palette = app.screen
        if not isinstance(palette, CommandPalette):
            return False
        option = palette.query_one(CommandList).highlighted_option
        return option is not None and text in str(option.prompt)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"theme")
        await until(pilot, lambda: offers("Theme"))
        await pilot.press("enter")  # the theme picker: every theme, by name
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"ansi-light")
        await until(pilot, lambda: offers("ansi-light"))
        await pilot.press("enter")
        await until(pilot, lambda: app.theme == "ansi-light")
    assert load_settings(path, environ={}).settings.theme == "ansi-light"
