"""Deck 003's X/O toy ConvNet, trained live.

Data is pure NumPy; the model and trainer use torch; the panel is Textual. Importing this package,
``tui.training.data`` or ``tui.training.panel`` never imports torch: only ``tui.training.model``
and ``tui.training.trainer`` do, and the panel loads them in a worker.
"""
