"""Deck 003's X/O toy ConvNet: data, model, optimiser and trainer; the only place torch is imported.

The data set is pure NumPy; the model and trainer use torch. Importing this package or
``tui.training.data`` never imports torch: only ``tui.training.model`` and ``tui.training.trainer``
do, and the panel (``tui.app.screens.training``) loads them in a worker.
"""
