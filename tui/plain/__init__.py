"""Plain-text mode: the quiz and the stepper as lines of text, for screen readers and scripts.

No escape codes, no box drawing, no Textual: ``cnn-tutor quiz --plain`` (:mod:`tui.plain.quiz`)
reads answers from standard input and writes each question, the feedback and the worked answer;
``cnn-tutor step LESSON --plain`` (:mod:`tui.plain.step`) prints a scene's steps as a transcript.
Grids are written by :mod:`tui.plain.grids`. Both record progress in ``progress.db`` as the app
does.
"""
