"""Progress: the SQLite store behind :class:`lessons.quiz.progress_log.ProgressLog`.

No Textual here.
"""
