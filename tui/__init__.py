"""The cnn-tutor terminal application and its command line."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cnn-tutor")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
