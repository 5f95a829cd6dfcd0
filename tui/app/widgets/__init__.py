"""Widgets of the tutor: the grid and the board that arranges grids for a lesson step."""
