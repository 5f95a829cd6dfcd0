"""Exit codes and the error type for user mistakes on the command line."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A user mistake, reported as a single line without a traceback.

    Attributes:
        exit_code: The process exit code to use (2, a usage error, by default).
    """

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code
