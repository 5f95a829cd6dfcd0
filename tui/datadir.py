"""Where cnn-tutor keeps its files: ``--data-dir``, then ``CNN_TUTOR_DATA``, then platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA = "CNN_TUTOR_DATA"

DB_NAME = "progress.db"
"""The progress store's file name in the data folder."""


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds ``progress.db``.

    Args:
        explicit: A folder given on the command line; it wins over the environment.

    Returns:
        The folder path (not created here).
    """
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DATA)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("cnn-tutor", appauthor=False))
