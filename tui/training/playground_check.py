"""Run the playground's torch code and compare it with the engine (torch imported here only).

The code is the playground's own generated script (:func:`lessons.playground.torch_script`): the
numbers are written by the playground as Python literals, never the learner's text.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lessons.playground import Built, torch_script

__all__ = ["largest_difference", "torch_output"]


def torch_output(built: Built, *, module: bool = False) -> Any:
    """The torch output (a NumPy array) of the state's generated script.

    Args:
        built: A valid playground state.
        module: Run the ``torch.nn`` module form (weights set from the kernel), not the
            functional one.
    """
    import torch  # lazy: the playground opens without it

    namespace: dict[str, Any] = {}
    lines = torch_script(built, module=module).splitlines()
    script = "\n".join(line for line in lines if not line.startswith("print("))
    exec(compile(script, "<playground torch code>", "exec"), namespace)  # our own generated code
    out: torch.Tensor = namespace["out"]
    return out.detach().cpu().numpy()


def largest_difference(built: Built, *, module: bool = False) -> float:
    """The largest absolute difference between torch's output and the engine's.

    Args:
        built: A valid playground state.
        module: Run the module form of the code (see :func:`torch_output`).
    """
    ours = built.output
    theirs = torch_output(built, module=module)
    if theirs.shape != ours.shape:
        return float("inf")
    return float(np.max(np.abs(theirs - ours))) if ours.size else 0.0
