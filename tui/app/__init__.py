"""The Textual app: the only package that imports textual and rich.

Screens live in :mod:`tui.app.screens`, widgets in :mod:`tui.app.widgets`; :func:`create_app` in
:mod:`tui.app.app` builds the application the CLI runs.
"""
