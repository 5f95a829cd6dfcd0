"""A small ConvNet for the 8x8 handwritten digits: two convolutions, ReLU, pooling, a linear layer.

Importing this module imports torch; only the trainer and the panel's worker do so.

    (N, 1, 8, 8)   pixels 0..1
    -> conv1 8 filters 3x3, padding 1      (N, 8, 8, 8)
    -> ReLU, max pool 2x2                  (N, 8, 4, 4)
    -> conv2 16 filters 3x3 (8 channels), padding 1   (N, 16, 4, 4)
    -> ReLU, max pool 2x2                  (N, 16, 2, 2)
    -> flatten, linear                     (N, 10)   one score per digit
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from tui.training.digits import CLASSES

CONV1 = 8
"""Filters in the first convolution."""

CONV2 = 16
"""Filters in the second convolution."""

LAYER_NAMES: tuple[str, ...] = ("conv1", "relu1", "pool1", "conv2", "relu2", "pool2")
"""The feature maps :meth:`DigitsNet.layers` returns, in order."""


class DigitsNet(nn.Module):
    """The digits ConvNet.

    Attributes:
        conv: First convolution, weight shape (8, 1, 3, 3) (named ``conv`` like the X/O net's, so
            the panel reads the learned filters the same way).
        conv2: Second convolution, weight shape (16, 8, 3, 3).
        pool: 2x2 max pooling, stride 2.
        vote: Linear, 16 * 2 * 2 = 64 inputs -> 10 scores.
    """

    def __init__(self) -> None:
        super().__init__()
        self.features = "learn"
        self.conv = nn.Conv2d(1, CONV1, 3, padding=1)
        self.conv2 = nn.Conv2d(CONV1, CONV2, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.vote = nn.Linear(CONV2 * 2 * 2, len(CLASSES))

    def layers(self, images: torch.Tensor) -> list[torch.Tensor]:
        """Every intermediate feature map, in :data:`LAYER_NAMES` order.

        Args:
            images: Shape (N, 8, 8) or (N, 1, 8, 8).

        Returns:
            Shapes (N, 8, 8, 8), (N, 8, 8, 8), (N, 8, 4, 4), (N, 16, 4, 4), (N, 16, 4, 4),
            (N, 16, 2, 2).
        """
        if images.dim() == 3:
            images = images.unsqueeze(1)  # (N, 8, 8) -> (N, 1, 8, 8)
        conv1 = self.conv(images)
        relu1 = F.relu(conv1)
        pool1 = self.pool(relu1)
        conv2 = self.conv2(pool1)
        relu2 = F.relu(conv2)
        pool2 = self.pool(relu2)
        return [conv1, relu1, pool1, conv2, relu2, pool2]

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """One score (logit) per digit.

        Args:
            images: Shape (N, 8, 8) or (N, 1, 8, 8).

        Returns:
            Shape (N, 10).
        """
        scores: torch.Tensor = self.vote(self.layers(images)[-1].flatten(1))  # (N, 64) -> (N, 10)
        return scores
