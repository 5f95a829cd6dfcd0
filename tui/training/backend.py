"""Loading torch on demand, and what to say when it cannot be loaded.

This module never imports torch at import time: :func:`load_trainer` does, when the training panel
opens or ``cnn-tutor train`` runs.
"""

from __future__ import annotations

import importlib
from types import ModuleType

INSTALL_HINT = (
    "install it into this environment with `python -m pip install torch` "
    "(CPU-only build: add `--index-url https://download.pytorch.org/whl/cpu`)"
)
"""How to get torch, shown by the panel and the CLI."""


class TorchUnavailable(Exception):
    """torch is missing or fails to import.

    Attributes:
        reason: One line saying what went wrong.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"{reason}; {INSTALL_HINT}")
        self.reason = reason


def load_trainer() -> ModuleType:
    """Import torch and :mod:`tui.training.trainer`.

    Returns:
        The ``tui.training.trainer`` module.

    Raises:
        TorchUnavailable: torch is not installed, or importing it failed (a broken install, a
            missing shared library, an incompatible build).
    """
    try:
        importlib.import_module("torch")
    except ImportError as error:
        if isinstance(error, ModuleNotFoundError) and error.name == "torch":
            raise TorchUnavailable("torch is not installed") from error
        raise TorchUnavailable(f"torch is installed but does not import ({error})") from error
    except Exception as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise TorchUnavailable(f"torch is installed but broken ({message})") from error
    return importlib.import_module("tui.training.trainer")
