"""The settings loader: good, broken and missing files, the environment, ``cnn-tutor config``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.settings import Settings, config_path, load_settings, render_settings, save_theme

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "nothing.toml", environ={})
    assert loaded.settings == Settings()
    assert not loaded.exists
    assert loaded.problems == ()
    assert set(loaded.sources.values()) == {"default"}


def test_good_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'theme = "nord"\nspeed = 4\nnumbers = "fraction"\npredict = true\n'
        "reduced_motion = true\nfading = false\n\n[keymap]\n"
        'lesson.next_step = "j,right"\n"lesson.prev_step" = "k"\n',
    )
    loaded = load_settings(path, environ={})
    assert loaded.problems == ()
    assert loaded.settings == Settings(
        theme="nord",
        speed=4.0,
        numbers="fraction",
        predict=True,
        reduced_motion=True,
        fading=False,
        keymap=(("lesson.next_step", "j,right"), ("lesson.prev_step", "k")),
    )
    assert loaded.sources["theme"] == "file"
    assert loaded.sources["keymap.lesson.next_step"] == "file"
    assert loaded.lines["keymap.lesson.prev_step"] == 10


def test_syntax_error_is_one_line_with_file_and_line_and_the_defaults_are_used(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, 'theme = "nord"\nspeed = 2\nthis is not toml\n')
    loaded = load_settings(path, environ={})
    assert loaded.settings == Settings()
    (problem,) = loaded.problems
    assert problem.startswith(f"{path}:3:")
    assert "\n" not in problem
    assert problem.endswith("using the defaults")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('speed = "fast"', "speed must be a number of steps per second from 0.25 to 16"),
        ("speed = 1000", "speed must be a number"),
        ("speed = nan", "speed must be a number"),
        ("predict = 1", "predict must be true or false"),
        ('numbers = "roman"', "numbers must be one of 'lesson', 'fraction'"),
        ('theme = "no/such theme"', "theme must be a theme name"),
        ("colour = 3", "unknown setting 'colour'"),
    ],
)
def test_a_bad_value_names_file_line_and_key_and_only_that_key_falls_back(
    tmp_path: Path, line: str, message: str
) -> None:
    path = write(tmp_path, f"fading = false\n{line}\n")
    loaded = load_settings(path, environ={})
    (problem,) = loaded.problems
    assert problem.startswith(f"{path}:2: ")
    assert message in problem
    assert loaded.settings.fading is False  # the good line is kept
    assert loaded.settings.speed == Settings().speed
    assert loaded.settings.theme == Settings().theme


def test_bad_keymap_entries(tmp_path: Path) -> None:
    path = write(tmp_path, '[keymap]\nlesson.next_step = 3\nlesson.back = "esc;rm -rf"\n')
    loaded = load_settings(path, environ={})
    assert [p.split(": ")[0] for p in loaded.problems] == [f"{path}:2", f"{path}:3"]
    assert loaded.settings.keymap == ()


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\nspeed = 4\n[keymap]\nlesson.next_step = "j"\n')
    loaded = load_settings(
        path,
        environ={
            "CNN_TUTOR_THEME": "gruvbox",
            "CNN_TUTOR_REDUCED_MOTION": "1",
            "CNN_TUTOR_SPEED": "fast",
            "CNN_TUTOR_KEYMAP": "lesson.next_step=x;lesson.back=b",
        },
    )
    settings = loaded.settings
    assert settings.theme == "gruvbox"
    assert settings.reduced_motion is True
    assert settings.speed == 4.0  # the environment's value was bad: the file's is kept
    assert loaded.problems == (
        "CNN_TUTOR_SPEED='fast': speed must be a number of steps per second from 0.25 to 16; "
        "ignored",
    )
    assert settings.keymap_dict == {"lesson.next_step": "x", "lesson.back": "b"}
    assert loaded.sources["theme"] == "env"
    assert loaded.sources["speed"] == "file"


def test_config_path_is_in_the_platformdirs_config_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CNN_TUTOR_CONFIG", raising=False)
    from platformdirs import user_config_dir

    assert config_path() == Path(user_config_dir("cnn-tutor", appauthor=False)) / "config.toml"
    assert config_path({"CNN_TUTOR_CONFIG": str(tmp_path / "x.toml")}) == tmp_path / "x.toml"


def test_save_theme_keeps_every_other_line(tmp_path: Path) -> None:
    path = write(tmp_path, '# mine\nspeed = 2\n\n[keymap]\nlesson.next_step = "j"\n')
    save_theme(path, "nord")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# mine\nspeed = 2\n")
    assert tomllib.loads(text) == {
        "speed": 2,
        "theme": "nord",
        "keymap": {"lesson": {"next_step": "j"}},
    }
    save_theme(path, "gruvbox")
    assert tomllib.loads(path.read_text(encoding="utf-8"))["theme"] == "gruvbox"
    assert path.read_text(encoding="utf-8").count("theme =") == 1


def test_save_theme_creates_the_file_and_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "config.toml"
    save_theme(path, "ansi-dark")
    assert load_settings(path, environ={}).settings.theme == "ansi-dark"


def test_rendered_settings_are_toml_that_reads_back(tmp_path: Path) -> None:
    path = write(tmp_path, 'speed = 0.5\nfading = false\n[keymap]\nlesson.back = "b"\n')
    loaded = load_settings(path, environ={})
    again = tmp_path / "again.toml"
    again.write_text(render_settings(loaded), encoding="utf-8")
    assert load_settings(again, environ={}).settings == loaded.settings


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, check=False
    )


def test_config_command_prints_path_values_and_problems(tmp_path: Path) -> None:
    import os

    path = write(tmp_path, 'theme = "nord"\nspeed = "fast"\n')
    env = {**os.environ, "CNN_TUTOR_CONFIG": str(path), "CNN_TUTOR_PREDICT": "yes"}
    done = cli("config", env=env)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == f"# {path}"
    assert 'theme          = "nord"' in done.stdout
    assert "predict        = true" in done.stdout and "# env" in done.stdout
    assert done.stderr.strip().startswith(f"cnn-tutor: {path}:2: speed must be")
    assert "Traceback" not in done.stderr


def test_config_edit_opens_the_editor_on_a_new_file(tmp_path: Path) -> None:
    import os

    path = tmp_path / "new" / "config.toml"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text('speed = 8\\n' + p.read_text())\n",
        encoding="utf-8",
    )
    env = {**os.environ, "CNN_TUTOR_CONFIG": str(path), "EDITOR": f"{sys.executable} {editor}"}
    env.pop("VISUAL", None)
    done = cli("config", "--edit", env=env)
    assert done.returncode == 0, done.stderr
    assert "speed          = 8.0" in done.stdout
    assert "# reduced_motion = false" in path.read_text(encoding="utf-8")  # the template


def test_config_edit_without_an_editor_is_one_line(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "CNN_TUTOR_CONFIG": str(tmp_path / "c.toml")}
    env.pop("VISUAL", None)
    env.pop("EDITOR", None)
    done = cli("config", "--edit", env=env)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "set $EDITOR" in done.stderr


def test_config_command_names_an_unknown_binding_id(tmp_path: Path) -> None:
    import os

    path = write(tmp_path, '[keymap]\nlesson.next_step = "j"\nlesson.nope = "x"\n')
    done = cli("config", env={**os.environ, "CNN_TUTOR_CONFIG": str(path)})
    assert done.returncode == 0
    assert done.stderr == (
        f"cnn-tutor: {path}:3: no key has the id 'lesson.nope' (the README lists them)\n"
    )
