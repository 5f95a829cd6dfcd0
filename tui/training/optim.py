"""Adam, written out, so training never imports ``torch.optim``.

Creating any ``torch.optim`` optimizer imports ``torch._dynamo`` the first time (over a second on a
laptop), which the panel's "loading torch…" and ``cnn-tutor train`` would pay on every start. This
is the same update as ``torch.optim.Adam`` with its defaults (no weight decay, no amsgrad); a test
checks the two agree step for step.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import torch


class Adam:
    """Adam (Kingma & Ba, 2015) over a list of tensors.

    For each parameter ``p`` with gradient ``g``, at step ``t``::

        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p -= lr / (1 - b1**t) * m / (sqrt(v) / sqrt(1 - b2**t) + eps)

    Attributes:
        params: The tensors it updates.
        lr: The learning rate; may change between steps.
        betas: Decay rates of the two moment estimates.
        eps: Added to the denominator.
        steps: Steps taken.
    """

    def __init__(
        self,
        params: Iterable[torch.Tensor],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        self.params = list(params)
        self.lr = lr
        self.betas = betas
        self.eps = eps
        self.steps = 0
        self._m = [torch.zeros_like(p) for p in self.params]
        self._v = [torch.zeros_like(p) for p in self.params]

    def zero_grad(self) -> None:
        """Forget the gradients (set them to None, as torch does by default)."""
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        """Update every parameter that has a gradient."""
        self.steps += 1
        beta1, beta2 = self.betas
        step_size = self.lr / (1 - beta1**self.steps)
        correction2 = math.sqrt(1 - beta2**self.steps)
        for p, m, v in zip(self.params, self._m, self._v, strict=True):
            grad = p.grad
            if grad is None:
                continue
            m.lerp_(grad, 1 - beta1)
            v.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            denom = (v.sqrt() / correction2).add_(self.eps)
            p.addcdiv_(m, denom, value=-step_size)

    def state_dict(self) -> dict[str, Any]:
        """The moments and the step count, on the CPU."""
        return {
            "steps": self.steps,
            "lr": self.lr,
            "m": [m.detach().cpu() for m in self._m],
            "v": [v.detach().cpu() for v in self._v],
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Take moments and a step count from :meth:`state_dict`, onto the parameters' devices."""
        self.steps = int(state["steps"])
        self.lr = float(state["lr"])
        self._m = [m.to(p.device) for m, p in zip(state["m"], self.params, strict=True)]
        self._v = [v.to(p.device) for v, p in zip(state["v"], self.params, strict=True)]

    def to(self, device: torch.device) -> None:
        """Move the moments to ``device`` (after the parameters moved)."""
        self._m = [m.to(device) for m in self._m]
        self._v = [v.to(device) for v in self._v]
