"""Lesson files (YAML) and the typed schema and loader that read them.

This package never imports textual, rich or torch.
"""
