"""Run the playground's torch code and compare it with the engine (torch imported here only).

The code is the playground's own generated script (:func:`lessons.playground.torch_script`): the
numbers are written by the playground as Python literals, never the learner's text.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lessons.playground import Built, torch_script

__all__ = ["largest_difference", "torch_output"]


def torch_output(built: Built) -> Any:
    """The torch output (a NumPy array) of the state's generated script.

    Args:
        built: A valid playground state.
    """
    import torch  # lazy: the playground opens without it

    namespace: dict[str, Any] = {}
    script = torch_script(built).replace("print(out)\n", "")
    exec(compile(script, "<playground torch code>", "exec"), namespace)  # our own generated code
    out: torch.Tensor = namespace["out"]
    return out.detach().cpu().numpy()


def largest_difference(built: Built) -> float:
    """The largest absolute difference between torch's output and the engine's.

    Args:
        built: A valid playground state.
    """
    ours = built.output
    theirs = torch_output(built)
    if theirs.shape != ours.shape:
        return float("inf")
    return float(np.max(np.abs(theirs - ours))) if ours.size else 0.0
