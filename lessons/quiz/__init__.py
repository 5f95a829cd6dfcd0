"""Quiz logic: question families, answer checking, diagnosis, hints, scheduling and mastery.

Plain Python (no Textual import): the CLI, the app's quiz screen (:mod:`tui.app.screens.quiz`) and
the tests use it alike. Answers are always computed by :mod:`engine`; progress is written through
the :class:`~lessons.quiz.progress_log.ProgressLog` protocol, which :mod:`tui.progress` implements.
"""
