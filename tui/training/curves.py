"""The training curves the panel plots: appended to by the training worker, read by the screen.

Plain Python and NumPy (no torch, no Textual): the panel's worker records each batch here, and the
screen thins the points to what a terminal plot can show.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tui.training.trainer import Evaluation, StepResult

PLOT_POINTS = 100
"""Most points drawn per curve (older batches are thinned)."""


@dataclass
class Curves:
    """What the plots draw.

    Attributes:
        batch_x: Epochs done at each batch (2.5 is halfway through the third).
        batch_loss: Each batch's loss.
        batch_accuracy: Each batch's accuracy.
        test_x: Epochs done at each test evaluation.
        test_loss: Held-out loss at each evaluation.
        test_accuracy: Held-out accuracy at each evaluation.
    """

    batch_x: list[float] = field(default_factory=list)
    batch_loss: list[float] = field(default_factory=list)
    batch_accuracy: list[float] = field(default_factory=list)
    test_x: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    _last_eval: Evaluation | None = field(default=None, repr=False)

    def record(self, step: StepResult, evaluation: Evaluation | None) -> None:
        """Append one batch, and the evaluation when it is a new one (runs in the worker)."""
        self.batch_x.append(step.progress)
        self.batch_loss.append(step.loss)
        self.batch_accuracy.append(step.accuracy)
        if evaluation is not None and evaluation is not self._last_eval:
            self.test_x.append(step.progress)
            self.test_loss.append(evaluation.loss)
            self.test_accuracy.append(evaluation.accuracy)
        self._last_eval = evaluation


def thin(
    xs: list[float], ys: list[float], limit: int = PLOT_POINTS
) -> tuple[list[float], list[float]]:
    """At most ``limit`` points: means over equal runs of consecutive points.

    >>> thin([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.0], 2)
    ([0.5, 2.5], [2.0, 6.0])
    """
    n = len(xs)
    if n <= limit:
        return xs, ys
    edges = np.linspace(0, n, limit + 1).astype(int)
    x, y = np.asarray(xs), np.asarray(ys)
    return (
        [float(x[a:b].mean()) for a, b in itertools.pairwise(edges)],
        [float(y[a:b].mean()) for a, b in itertools.pairwise(edges)],
    )


def even_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Evenly spaced axis ticks from ``low`` covering ``high``, at most ``most`` of them.

    The step is 1, 2, 2.5 or 5 times a power of ten, so the ticks read as round numbers and every
    gap between two neighbours is the same.

    >>> even_ticks(0, 12, most=7)
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]
    >>> [f"{tick:g}" for tick in even_ticks(0, 1)]
    ['0', '0.2', '0.4', '0.6', '0.8', '1']
    >>> even_ticks(0, 2.31)
    [0.0, 0.5, 1.0, 1.5, 2.0, 2.5]
    """
    span = high - low
    if not (span > 0 and math.isfinite(span)):
        return [float(low), float(low) + 1.0]
    raw = span / max(most - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw - 1e-12)
    count = math.ceil(span / step - 1e-6)
    return [low + k * step for k in range(count + 1)]


__all__ = ["PLOT_POINTS", "Curves", "even_ticks", "thin"]
