"""Deck 003's toy ConvNet in torch: three 3x3 features, ReLU, 2x2 max pool, a fully connected vote.

Importing this module imports torch; only the trainer and the panel's worker do so.

The layers follow the deck slide by slide::

    (N, 1, 9, 9)  image of -1 and 1
    -> conv 3 features 3x3, divided by 9  (N, 3, 7, 7)   "Filtering: divide by the number of pixels"
    -> ReLU                               (N, 3, 7, 7)
    -> max pool 2x2 stride 2 ceil mode    (N, 3, 4, 4)   "Pooling": 7x7 -> 4x4
    -> flatten, fully connected           (N, 2)         the vote: X vs O
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from tui.training.config import FEATURE_MODES, FeatureMode
from tui.training.data import CLASSES, DECK_FEATURES, SIZE

N_FEATURES = 3
KERNEL = 3
MAP = SIZE - KERNEL + 1  # 7
POOLED = -(-MAP // 2)  # 4: ceil mode keeps the last, one-pixel-wide window


class XONet(nn.Module):
    """The toy ConvNet.

    Attributes:
        conv: Three 3x3 features, weight shape (3, 1, 3, 3), bias shape (3,).
        pool: 2x2 max pooling, stride 2, ceil mode.
        vote: Fully connected, 3 * 4 * 4 = 48 inputs -> 2 votes (X, O).
    """

    def __init__(self, features: FeatureMode = "learn") -> None:
        super().__init__()
        if features not in FEATURE_MODES:
            raise ValueError(f"unknown feature mode {features!r}; use {', '.join(FEATURE_MODES)}")
        self.features: FeatureMode = features
        self.conv = nn.Conv2d(1, N_FEATURES, KERNEL, bias=True)
        self.pool = nn.MaxPool2d(2, stride=2, ceil_mode=True)
        self.vote = nn.Linear(N_FEATURES * POOLED * POOLED, len(CLASSES))
        bias = self.conv.bias
        assert bias is not None
        if features != "learn":
            with torch.no_grad():
                self.conv.weight.copy_(torch.from_numpy(DECK_FEATURES).unsqueeze(1))
                bias.zero_()
        if features == "hand-made":
            self.conv.weight.requires_grad_(False)
            bias.requires_grad_(False)

    def feature_maps(self, images: torch.Tensor) -> torch.Tensor:
        """Filter: correlate with each feature and divide by the 9 pixels it covers.

        Args:
            images: Shape (N, 9, 9) or (N, 1, 9, 9).

        Returns:
            Shape (N, 3, 7, 7).
        """
        if images.dim() == 3:
            images = images.unsqueeze(1)  # (N, 9, 9) -> (N, 1, 9, 9)
        maps: torch.Tensor = self.conv(images) / (KERNEL * KERNEL)
        return maps  # (N, 1, 9, 9) -> (N, 3, 7, 7)

    def pooled(self, images: torch.Tensor) -> torch.Tensor:
        """Filter, ReLU and pool.

        Args:
            images: Shape (N, 9, 9) or (N, 1, 9, 9).

        Returns:
            Shape (N, 3, 4, 4).
        """
        pooled: torch.Tensor = self.pool(F.relu(self.feature_maps(images)))
        return pooled  # (N, 3, 7, 7) -> (N, 3, 4, 4)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """The votes (logits) for X and O.

        Args:
            images: Shape (N, 9, 9) or (N, 1, 9, 9).

        Returns:
            Shape (N, 2).
        """
        votes: torch.Tensor = self.vote(self.pooled(images).flatten(1))  # (N, 48) -> (N, 2)
        return votes
