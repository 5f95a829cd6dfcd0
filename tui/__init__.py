"""The cnn-tutor terminal application and its command line."""

# The single source of the version: pyproject.toml reads it from here (hatch's version source),
# which keeps importlib.metadata off the start-up path.
__version__ = "0.1.0"
