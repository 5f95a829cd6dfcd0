"""The playground's headless model: the learner's own grid, kernel and parameters.

Nothing here draws: the screen (``tui.app.screens.playground``) and ``cnn-tutor play`` both
read it. Rooms:

* :mod:`~lessons.playground.grids`: grids and parameters as a learner types them
  (``"3 7 9; 8 1 3"``, ``2``, ``"2 1"``, ``same``);
* :mod:`~lessons.playground.presets`: named kernels (Sobel, Gaussian, ...), each with its source;
* :mod:`~lessons.playground.state`: :class:`PlayState`, one frozen record of everything the
  learner chose, turned into a lesson scene that the loader checks and the engine computes;
* :mod:`~lessons.playground.torch_code`: the equivalent ``torch.nn.functional`` call, as code;
* :mod:`~lessons.playground.lesson_file`: the state written as a lesson YAML file.

This package never imports textual, rich or torch.
"""

from __future__ import annotations

from lessons.playground.grids import GridError, grid_text, parse_cli_grid, parse_param
from lessons.playground.lesson_file import lesson_yaml
from lessons.playground.presets import PRESETS, Preset, preset
from lessons.playground.state import OPS, Built, Op, PlaygroundError, PlayState
from lessons.playground.torch_code import torch_call, torch_script

__all__ = [
    "OPS",
    "PRESETS",
    "Built",
    "GridError",
    "Op",
    "PlayState",
    "PlaygroundError",
    "Preset",
    "grid_text",
    "lesson_yaml",
    "parse_cli_grid",
    "parse_param",
    "preset",
    "torch_call",
    "torch_script",
]
