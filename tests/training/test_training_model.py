"""The toy ConvNet: shapes 9x9 -> 7x7 -> 4x4 -> 2 and the deck's hand-made feature maps.

Expected numbers are copied from deck 003's slides, which print them truncated to two decimals
(7/9 = 0.777... is printed 0.77).
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from tui.training.data import DECK_FEATURES, DECK_X  # noqa: E402
from tui.training.model import XONet  # noqa: E402
from tui.training.optim import Adam  # noqa: E402


def slide(text: str) -> np.ndarray:
    return np.array([[float(v) for v in line.split()] for line in text.strip().splitlines()])


# "Convolution: Trying every possible match": the X filtered with each feature.
SLIDE_MAPS = [
    slide("""
0.77 -0.11 0.11 0.33 0.55 -0.11 0.33
-0.11 1.00 -0.11 0.33 -0.11 0.11 -0.11
0.11 -0.11 1.00 -0.33 0.11 -0.11 0.55
0.33 0.33 -0.33 0.55 -0.33 0.33 0.33
0.55 -0.11 0.11 -0.33 1.00 -0.11 0.11
-0.11 0.11 -0.11 0.33 -0.11 1.00 -0.11
0.33 -0.11 0.55 0.33 0.11 -0.11 0.77
"""),
    slide("""
0.33 -0.55 0.11 -0.11 0.11 -0.55 0.33
-0.55 0.55 -0.55 0.33 -0.55 0.55 -0.55
0.11 -0.55 0.55 -0.77 0.55 -0.55 0.11
-0.11 0.33 -0.77 1.00 -0.77 0.33 -0.11
0.11 -0.55 0.55 -0.77 0.55 -0.55 0.11
-0.55 0.55 -0.55 0.33 -0.55 0.55 -0.55
0.33 -0.55 0.11 -0.11 0.11 -0.55 0.33
"""),
    slide("""
0.33 -0.11 0.55 0.33 0.11 -0.11 0.77
-0.11 0.11 -0.11 0.33 -0.11 1.00 -0.11
0.55 -0.11 0.11 -0.33 1.00 -0.11 0.11
0.33 0.33 -0.33 0.55 -0.33 0.33 0.33
0.11 -0.11 1.00 -0.33 0.11 -0.11 0.55
-0.11 1.00 -0.11 0.33 -0.11 0.11 -0.11
0.77 -0.11 0.11 0.33 0.55 -0.11 0.33
"""),
]

# "Pooling layer: a stack of images becomes a stack of smaller images" (2x2 windows, stride 2).
SLIDE_POOLED = [
    slide("""
1.00 0.33 0.55 0.33
0.33 1.00 0.33 0.55
0.55 0.33 1.00 0.11
0.33 0.55 0.11 0.77
"""),
    slide("""
0.55 0.33 0.55 0.33
0.33 1.00 0.55 0.11
0.55 0.55 0.55 0.11
0.33 0.11 0.11 0.33
"""),
    slide("""
0.33 0.55 1.00 0.77
0.55 0.55 1.00 0.33
1.00 1.00 0.11 0.55
0.77 0.33 0.55 0.33
"""),
]


def truncate(values: np.ndarray) -> np.ndarray:
    """Two decimals, cut as the slides cut them (a hair of float error does not tip a digit)."""
    return np.trunc(np.round(values.astype(np.float64) * 100, 4)) / 100


def deck_x() -> torch.Tensor:
    return torch.from_numpy(DECK_X).unsqueeze(0)  # (1, 9, 9)


class TestShapes:
    @pytest.mark.parametrize("features", ["learn", "from-deck", "hand-made"])
    def test_9x9_to_7x7_to_4x4_to_a_vote(self, features: str) -> None:
        model = XONet(features)  # type: ignore[arg-type]
        images = torch.zeros(5, 9, 9)
        assert model.feature_maps(images).shape == (5, 3, 7, 7)
        assert model.pooled(images).shape == (5, 3, 4, 4)
        assert model(images).shape == (5, 2)
        assert model(images.unsqueeze(1)).shape == (5, 2)

    def test_ceil_mode_keeps_the_last_one_pixel_window(self) -> None:
        """7x7 pools to 4x4 only because the 4th window (column 6 alone) is kept."""
        model = XONet("hand-made")
        maps = model.feature_maps(deck_x())
        floor = torch.nn.functional.max_pool2d(torch.relu(maps), 2, 2, ceil_mode=False)
        assert floor.shape[-2:] == (3, 3)
        assert model.pooled(deck_x()).shape[-2:] == (4, 4)

    def test_unknown_mode_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown feature mode"):
            XONet("random")  # type: ignore[arg-type]


class TestDeckMaps:
    @pytest.mark.parametrize("index", [0, 1, 2])
    def test_hand_made_features_give_the_slides_7x7_maps(self, index: int) -> None:
        maps = XONet("hand-made").feature_maps(deck_x()).detach().numpy()[0]
        np.testing.assert_array_equal(truncate(maps[index]), SLIDE_MAPS[index])

    @pytest.mark.parametrize("index", [0, 1, 2])
    def test_relu_then_pool_gives_the_slides_4x4_maps(self, index: int) -> None:
        pooled = XONet("hand-made").pooled(deck_x()).detach().numpy()[0]
        np.testing.assert_array_equal(truncate(pooled[index]), SLIDE_POOLED[index])

    def test_the_maps_are_exact_ninths(self) -> None:
        """The slides' "divide by the number of pixels": every value is (matches - misses) / 9."""
        maps = XONet("hand-made").feature_maps(deck_x()).detach().numpy()
        np.testing.assert_allclose(maps * 9, np.round(maps * 9), atol=1e-5)


class TestModes:
    def train_a_little(self, model: XONet) -> None:
        params = [p for p in model.parameters() if p.requires_grad]
        optimizer = Adam(params, lr=0.05)
        images = torch.from_numpy(np.stack([DECK_X, -DECK_X]))
        labels = torch.tensor([0, 1])
        for _ in range(5):
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(images), labels).backward()
            optimizer.step()

    def test_hand_made_features_stay_frozen_while_the_vote_learns(self) -> None:
        model = XONet("hand-made")
        vote = model.vote.weight.detach().clone()
        self.train_a_little(model)
        np.testing.assert_array_equal(model.conv.weight.detach().numpy()[:, 0], DECK_FEATURES)
        assert not torch.equal(model.vote.weight, vote)

    def test_from_deck_starts_at_the_deck_features_and_moves(self) -> None:
        model = XONet("from-deck")
        np.testing.assert_array_equal(model.conv.weight.detach().numpy()[:, 0], DECK_FEATURES)
        self.train_a_little(model)
        assert not np.array_equal(model.conv.weight.detach().numpy()[:, 0], DECK_FEATURES)


def test_written_out_adam_matches_torch_optim_adam() -> None:
    torch.manual_seed(0)
    mine = torch.randn(4, 3, requires_grad=True)
    theirs = mine.detach().clone().requires_grad_(True)
    a, b = Adam([mine], lr=0.03), torch.optim.Adam([theirs], lr=0.03)
    for step in range(40):
        x = torch.randn(6, 4)
        for param, optimizer in ((mine, a), (theirs, b)):
            optimizer.zero_grad()
            ((x @ param).tanh().sum() * (step % 3 - 1)).backward()
            optimizer.step()
        if step == 20:  # a learning-rate change mid-way, as the panel allows
            a.lr = b.param_groups[0]["lr"] = 0.01
    torch.testing.assert_close(mine, theirs, rtol=1e-6, atol=1e-7)
