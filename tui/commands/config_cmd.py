"""``cnn-tutor config``: where the settings file is, the values in force, and ``--edit``."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from typing import Any

from tui.commands._args import shown
from tui.commands._help import add_command
from tui.errors import EXIT_OK, CliError

EPILOG = """\
examples:
  cnn-tutor config                        the file's path and every value in force
  CNN_TUTOR_THEME=nord cnn-tutor config   an environment variable wins over the file
  cnn-tutor config --edit                 open the file in $EDITOR (created if missing)"""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``config`` subcommand."""
    parser = add_command(
        subparsers,
        "config",
        common,
        help="print the settings file's path and the values in force",
        description=(
            "Print where config.toml is and every setting in force, each marked default, file\n"
            "or env (CNN_TUTOR_THEME, CNN_TUTOR_SPEED, CNN_TUTOR_NUMBERS, CNN_TUTOR_PREDICT,\n"
            "CNN_TUTOR_REDUCED_MOTION, CNN_TUTOR_FADING, CNN_TUTOR_KEYMAP; CNN_TUTOR_CONFIG\n"
            "names another file). Problems in the file are printed on stderr, one line each."
        ),
        epilog=EPILOG,
    )
    parser.add_argument(
        "--edit",
        action="store_true",
        help="open the file in $VISUAL or $EDITOR (created with every setting commented out)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the settings (after editing them, with ``--edit``)."""
    from tui.settings import config_path, load_settings, render_settings, write_template

    path = config_path()
    if args.edit:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            raise CliError(f"set $EDITOR (or $VISUAL) to edit the settings, or edit {shown(path)}")
        try:
            command = shlex.split(editor)
        except ValueError as error:
            raise CliError(f"$EDITOR {shown(editor)} cannot be read: {error}") from None
        try:
            if not path.exists():
                write_template(path)
        except OSError as error:
            raise CliError(f"cannot create {shown(path)}: {error.strerror}", 1) from None
        try:
            finished = subprocess.run([*command, os.fspath(path)], check=False)
        except OSError as error:
            raise CliError(f"cannot start the editor {shown(editor)}: {error.strerror}") from None
        if finished.returncode != 0:
            print(f"cnn-tutor: the editor exited with {finished.returncode}", file=sys.stderr)
    loaded = load_settings(path)
    state = "" if loaded.exists else " (not there yet: the defaults are in force)"
    print(f"# {shown(path, 400)}{state}")
    print(render_settings(loaded))
    problems = list(loaded.problems)
    if loaded.settings.keymap:  # the ids live on the app's screens: imported only to check them
        from tui.app.app import all_bindings

        known = {binding.id for binding in all_bindings()}
        for binding_id, _ in loaded.settings.keymap:
            if binding_id not in known:
                line = loaded.lines.get(f"keymap.{binding_id}")
                where = f"{path}:{line}" if line else "CNN_TUTOR_KEYMAP"
                problems.append(
                    f"{where}: no key has the id {binding_id!r} (the README lists them)"
                )
    for problem in problems:
        print(f"cnn-tutor: {shown(problem, 400)}", file=sys.stderr)
    return EXIT_OK
