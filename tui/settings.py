"""The user's settings: ``config.toml`` in the platformdirs config folder, then ``CNN_TUTOR_*``.

This room reads and writes the settings file and knows nothing of Textual: the app applies what it
returns (:mod:`tui.app.app`), and ``cnn-tutor config`` prints it. The order of precedence is the
defaults, then the file, then the environment (``CNN_TUTOR_THEME=nord cnn-tutor``).

A broken file never stops the tutor: a TOML syntax error is one line (``file:line: message``) and
the defaults are used; a bad value or an unknown key is one line each and only that key falls back
to its default. The file is read with :mod:`tomllib` (``tomli`` on Python 3.10), so nothing in it is
ever executed.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

__all__ = [
    "ENV_CONFIG",
    "ENV_PREFIX",
    "NUMBER_MODES",
    "SPEED_RANGE",
    "LoadedSettings",
    "Settings",
    "config_path",
    "load_settings",
    "render_settings",
    "save_theme",
]

ENV_CONFIG = "CNN_TUTOR_CONFIG"
"""An explicit path of the settings file (a classroom's shared file, a test's temporary one)."""
ENV_PREFIX = "CNN_TUTOR_"
"""Each setting can be overridden by ``CNN_TUTOR_<NAME>`` (``CNN_TUTOR_REDUCED_MOTION=1``)."""
ENV_KEYMAP = "CNN_TUTOR_KEYMAP"
"""Keymap overrides from the environment: ``next_step=j,right;prev_step=k``."""

SPEED_RANGE = (0.25, 16.0)
"""The stepper's slowest and fastest animation speeds, in steps per second."""
NUMBER_MODES = ("lesson", "fraction")
"""How the board writes result cells: as the lesson says (``0.77``), or as fractions (``7/9``)."""

NumberMode = Literal["lesson", "fraction"]
Source = Literal["default", "file", "env"]

_KEY_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_KEYS = re.compile(r"[A-Za-z0-9_+,. -]{1,100}")


@dataclass(frozen=True)
class Settings:
    """The settings in force.

    Attributes:
        theme: A Textual theme name (``textual-dark``, ``nord``, ``ansi-dark``, ...).
        speed: The stepper's animation speed at start, in steps per second (0.25 to 16; the
            nearest speed on the stepper's list is used).
        numbers: ``lesson`` writes result cells as each lesson says; ``fraction`` as fractions.
        predict: Start every lesson in "predict before reveal" (``g`` toggles it).
        reduced_motion: No animated transitions (as ``TEXTUAL_ANIMATIONS=none``).
        fading: New output cells fade in (off under reduced motion).
        faded_examples: Faded worked examples in the stepper: the first windows of a scene
            whose skill is not mastered shown worked, later ones asked (``--no-fading`` and
            ``f`` turn them off too).
        keymap: ``(binding id, keys)`` pairs that remap keys (``("next_step", "j,right")``).
    """

    theme: str = "textual-dark"
    speed: float = 1.0
    numbers: NumberMode = "lesson"
    predict: bool = False
    reduced_motion: bool = False
    fading: bool = True
    faded_examples: bool = True
    keymap: tuple[tuple[str, str], ...] = ()

    @property
    def keymap_dict(self) -> dict[str, str]:
        """The keymap as Textual's ``App.set_keymap`` takes it."""
        return dict(self.keymap)


SCALARS = tuple(f.name for f in fields(Settings) if f.name != "keymap")
"""The settings written ``name = value`` at the top of the file."""


@dataclass(frozen=True)
class LoadedSettings:
    """The settings, where each came from, and what was wrong.

    Attributes:
        settings: The values in force.
        path: The settings file (it may not exist).
        exists: Whether the file exists.
        problems: One line per problem (``config.toml:3: speed must be ...``), for a notice.
        sources: Per setting name (``keymap.next_step`` for a keymap entry), where it came from.
        lines: Per setting name, the line of the file that sets it.
    """

    settings: Settings
    path: Path
    exists: bool
    problems: tuple[str, ...] = ()
    sources: Mapping[str, Source] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The settings file: ``CNN_TUTOR_CONFIG``, else ``config.toml`` in the user config folder."""
    environ = os.environ if environ is None else environ
    explicit = environ.get(ENV_CONFIG)
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("cnn-tutor", appauthor=False)) / "config.toml"


# ---------------------------------------------------------------------- values
class _BadValue(ValueError):
    """A value that is not allowed; the message says what is."""


def _check(name: str, value: object) -> object:
    """Return ``value`` checked for setting ``name``, or raise :class:`_BadValue`."""
    if name == "theme":
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value):
            raise _BadValue('theme must be a theme name such as "nord" or "ansi-dark"')
        return value
    if name == "speed":
        low, high = SPEED_RANGE
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not low <= value <= high
        ):
            raise _BadValue(f"speed must be a number of steps per second from {low:g} to {high:g}")
        return float(value)
    if name == "numbers":
        if value not in NUMBER_MODES:
            raise _BadValue(f"numbers must be one of {', '.join(map(repr, NUMBER_MODES))}")
        return value
    if not isinstance(value, bool):
        raise _BadValue(f"{name} must be true or false")
    return value


def _from_env_text(name: str, text: str) -> object:
    """Read an environment variable's text as the setting's type."""
    if name == "speed":
        try:
            return float(text)
        except ValueError:
            return text
    if name in ("predict", "reduced_motion", "fading", "faded_examples"):
        lowered = text.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
        return text
    return text


def _shown(value: object) -> str:
    text = repr(value)
    text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 60 else text[:59] + "…"


# ---------------------------------------------------------------------- the file
def _key_lines(text: str) -> dict[str, int]:
    """The line (1-based) of each ``key =`` in the file, as ``key`` or ``table.key``."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?", stripped)
        if header:
            table = header.group(1)
            lines.setdefault(table, number)
            continue
        assignment = re.match(r"""["']?([A-Za-z0-9_.-]+)["']?\s*=""", stripped)
        if assignment:
            key = f"{table}.{assignment.group(1)}" if table else assignment.group(1)
            lines.setdefault(key, number)
    return lines


def _syntax_error(path: Path, error: tomllib.TOMLDecodeError) -> str:
    message = str(error)
    where = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if where:
        message = message[: where.start()] + message[where.end() :]
        return f"{path}:{where.group(1)}:{where.group(2)}: {message}; using the defaults"
    return f"{path}: {message}; using the defaults"


def load_settings(
    path: Path | None = None, environ: Mapping[str, str] | None = None
) -> LoadedSettings:
    """Read the settings file and the environment; never raises for what is in them.

    Args:
        path: The file; None uses :func:`config_path`.
        environ: The environment; None uses ``os.environ``.

    Returns:
        The settings in force, with one line per problem found.
    """
    environ = os.environ if environ is None else environ
    path = config_path(environ) if path is None else path
    values: dict[str, object] = {}
    keymap: dict[str, str] = {}
    problems: list[str] = []
    sources: dict[str, Source] = {}
    lines: dict[str, int] = {}
    exists = path.is_file()
    if exists:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}: cannot be read ({error}); using the defaults")
            text = None
        if text is not None:
            # Imported only when there is a file to read: start-up without one stays as fast.
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # pragma: no cover - Python 3.10
                import tomli as tomllib
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as error:
                problems.append(_syntax_error(path, error))
                data = {}
            lines = _key_lines(text)
            _read_table(data, path, lines, values, keymap, problems, sources)
    _read_environment(environ, values, keymap, problems, sources)
    settings = replace(
        Settings(),
        **values,  # type: ignore[arg-type]  # each value checked by _check
        keymap=tuple(sorted(keymap.items())),
    )
    for name in SCALARS:
        sources.setdefault(name, "default")
    return LoadedSettings(settings, path, exists, tuple(problems), sources, lines)


def _read_table(
    data: Mapping[str, object],
    path: Path,
    lines: Mapping[str, int],
    values: dict[str, object],
    keymap: dict[str, str],
    problems: list[str],
    sources: dict[str, Source],
) -> None:
    def at(key: str) -> str:
        line = lines.get(key)
        return f"{path}:{line}" if line else str(path)

    for name, value in data.items():
        if name == "keymap":
            if not isinstance(value, dict):
                problems.append(f'{at(name)}: keymap must be a table: [keymap] then id = "keys"')
                continue
            for binding_id, keys in _flatten(value):
                where = at(f"keymap.{binding_id}")
                if not _KEY_ID.fullmatch(binding_id):
                    problems.append(f"{where}: {_shown(binding_id)} is not a binding id")
                elif not isinstance(keys, str) or not _KEYS.fullmatch(keys):
                    problems.append(
                        f'{where}: keymap.{binding_id} must be keys such as "j" or '
                        f'"ctrl+n,right", got {_shown(keys)}'
                    )
                else:
                    keymap[binding_id] = keys
                    sources[f"keymap.{binding_id}"] = "file"
            continue
        if name not in SCALARS:
            problems.append(
                f"{at(name)}: unknown setting {_shown(name)} (known: "
                f"{', '.join(SCALARS)}, [keymap]); ignored"
            )
            continue
        try:
            values[name] = _check(name, value)
        except _BadValue as error:
            problems.append(f"{at(name)}: {error}, got {_shown(value)}; using the default")
            continue
        sources[name] = "file"


def _flatten(table: Mapping[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """A keymap's entries with dotted ids: TOML reads ``lesson.next_step = "j"`` as a table."""
    entries: list[tuple[str, object]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            entries += _flatten(value, f"{prefix}{key}.")
        else:
            entries.append((f"{prefix}{key}", value))
    return entries


def _read_environment(
    environ: Mapping[str, str],
    values: dict[str, object],
    keymap: dict[str, str],
    problems: list[str],
    sources: dict[str, Source],
) -> None:
    for name in SCALARS:
        variable = ENV_PREFIX + name.upper()
        if variable not in environ:
            continue
        text = environ[variable]
        try:
            values[name] = _check(name, _from_env_text(name, text))
        except _BadValue as error:
            problems.append(f"{variable}={_shown(text)}: {error}; ignored")
            continue
        sources[name] = "env"
    keymap_text = environ.get(ENV_KEYMAP)
    if keymap_text:
        for entry in keymap_text.split(";"):
            binding_id, equals, keys = entry.partition("=")
            binding_id, keys = binding_id.strip(), keys.strip()
            if not equals or not _KEY_ID.fullmatch(binding_id) or not _KEYS.fullmatch(keys):
                problems.append(
                    f"{ENV_KEYMAP}: {_shown(entry)} is not id=keys (next_step=j,right); ignored"
                )
                continue
            keymap[binding_id] = keys
            sources[f"keymap.{binding_id}"] = "env"


# ---------------------------------------------------------------------- output
def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else f"{value:.1f}"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_settings(loaded: LoadedSettings) -> str:
    """The settings in force as TOML, each line commented with where its value came from."""
    settings = loaded.settings
    rows = [(name, _toml_value(getattr(settings, name))) for name in SCALARS]
    rows += [(f"keymap.{binding_id}", _toml_value(keys)) for binding_id, keys in settings.keymap]
    width = max(len(name) for name, _ in rows)
    value_width = max(len(value) for _, value in rows)
    out: list[str] = []
    for name, value in rows:
        if name.startswith("keymap.") and "[keymap]" not in out:
            out.append("[keymap]")
        key = name.removeprefix("keymap.")
        source = loaded.sources.get(name, "default")
        out.append(f"{key:<{width}} = {value:<{value_width}}  # {source}")
    return "\n".join(out)


TEMPLATE = """\
# cnn-tutor settings. `cnn-tutor config` prints the values in force.
# Each can be overridden by an environment variable: CNN_TUTOR_THEME, CNN_TUTOR_SPEED, ...

# theme = "textual-dark"      # any theme of the palette's "Theme" command (ctrl+p)
# speed = 1.0                 # steps per second at start: 0.25, 0.5, 1, 2, 4, 8 or 16
# numbers = "lesson"          # "lesson" (as each lesson writes them) or "fraction" (7/9)
# predict = false             # start lessons in "predict before reveal" (g)
# reduced_motion = false      # no animated transitions (also TEXTUAL_ANIMATIONS=none)
# fading = true               # new output cells fade in
# faded_examples = true      # faded worked examples: first windows worked, later ones asked

[keymap]
# Remap a key by its binding id (`?` lists the keys; the ids are in the README):
# next_step = "j,right"
# prev_step = "k,left"
"""


def write_template(path: Path) -> None:
    """Create the settings file with every setting commented out (its folder too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, TEMPLATE)


def save_theme(path: Path, theme: str) -> None:
    """Remember ``theme`` in the settings file, keeping every other line as it is.

    Args:
        path: The settings file (created, with its folder, if missing).
        theme: The theme name.

    Raises:
        OSError: The file or its folder cannot be written.
    """
    line = f"theme = {_toml_value(_check('theme', theme))}"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    out: list[str] = []
    done = False
    in_table = False
    for existing in text.splitlines():
        stripped = existing.strip()
        if stripped.startswith("["):
            if not done:
                out.append(line)
                done = True
            in_table = True
        if not in_table and not done and re.match(r"""["']?theme["']?\s*=""", stripped):
            out.append(line)
            done = True
            continue
        out.append(existing)
    if not done:
        out.append(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, "\n".join(out) + "\n")


def _write_atomically(path: Path, text: str) -> None:
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
