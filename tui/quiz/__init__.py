"""Quiz mode: question families, answer checking, diagnosis, hints and mastery.

Everything here except :mod:`tui.quiz.screens` is plain Python (no Textual import), so the CLI
and the tests use it without a UI. Answers are always computed by :mod:`engine`.
"""
