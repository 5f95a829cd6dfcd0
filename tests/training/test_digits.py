"""The shipped handwritten digits, the digits ConvNet and `cnn-tutor train --data digits`.

Expected values come from the source: the file's sha256 as scikit-learn 1.9.1's wheel lists it in
its RECORD, the 1,797 images of 8x8 pixels 0..16 and the per-digit counts that the UCI page and
``numpy.bincount(sklearn.datasets.load_digits().target)`` give; shapes of the layers from torch.
"""

from __future__ import annotations

import base64
import hashlib
import re

import numpy as np
import pytest

from tui.training.digits import (
    digits_test_set,
    digits_training_set,
    load_raw,
    raw_bytes,
)

# sklearn/datasets/data/digits.csv.gz,sha256=...,57523 in scikit_learn-1.9.1's RECORD.
RECORD_SHA256 = "CfZubeve4s0rWuWeDWq7tz_CsOAYXS4ZV-nrtR4jqiI"
RECORD_SIZE = 57523
PER_DIGIT = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


class TestTheFile:
    def test_is_the_wheels_copy_byte_for_byte(self) -> None:
        data = raw_bytes()
        assert len(data) == RECORD_SIZE
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert digest == RECORD_SHA256

    def test_holds_1797_images_of_8x8_pixels_0_to_16(self) -> None:
        pixels, labels = load_raw()
        assert pixels.shape == (1797, 8, 8)
        assert pixels.dtype == np.uint8
        assert labels.dtype == np.int64
        assert int(pixels.min()) == 0 and int(pixels.max()) == 16
        assert np.bincount(labels).tolist() == PER_DIGIT

    def test_first_image_is_a_zero(self) -> None:
        # The file's first line: 0,0,5,13,9,1,0,0, ... ,0 (label 0), as sklearn's digits.images[0].
        pixels, labels = load_raw()
        assert pixels[0, 0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]
        assert pixels[0, 7].tolist() == [0, 0, 6, 13, 10, 0, 0, 0]
        assert labels[0] == 0


class TestTheSplit:
    def test_a_fifth_of_each_digit_is_held_out_and_never_trained_on(self) -> None:
        test = digits_test_set()
        train = digits_training_set(seed=3)
        assert len(test) + len(train) == 1797
        assert not set(test.index.tolist()) & set(train.index.tolist())
        assert np.bincount(test.labels).tolist() == [round(n * 0.2) for n in PER_DIGIT]
        assert test.images.dtype == np.float32
        assert float(test.images.max()) == 1.0 and float(test.images.min()) == 0.0

    def test_the_seed_shuffles_the_same_images(self) -> None:
        a, b = digits_training_set(seed=0), digits_training_set(seed=1)
        assert sorted(a.index.tolist()) == sorted(b.index.tolist())
        assert a.index.tolist() != b.index.tolist()
        assert (digits_training_set(seed=0).index == a.index).all()
        pixels, labels = load_raw()
        assert (a.images * 16 == pixels[a.index]).all()
        assert (a.labels == labels[a.index]).all()


torch = pytest.importorskip("torch")

from tui.cli import main  # noqa: E402
from tui.training.config import config_for  # noqa: E402
from tui.training.trainer import Trainer  # noqa: E402


class TestTheNet:
    def test_feature_maps_per_layer_match_torch_layer_by_layer(self) -> None:
        trainer = Trainer(config_for("digits", seed=0, device="cpu"))
        maps = dict(trainer.feature_maps(5))
        assert [name for name, _ in trainer.feature_maps(5)] == [
            "conv1", "relu1", "pool1", "conv2", "relu2", "pool2",
        ]  # fmt: skip
        model = trainer.model
        x = torch.from_numpy(trainer.test.images[5]).reshape(1, 1, 8, 8)
        with torch.no_grad():
            conv1 = torch.nn.functional.conv2d(x, model.conv.weight, model.conv.bias, padding=1)
            pool1 = torch.nn.functional.max_pool2d(conv1.relu(), 2)
            conv2 = model.conv2(pool1)
            pool2 = torch.nn.functional.max_pool2d(conv2.relu(), 2)
        np.testing.assert_allclose(maps["conv1"], conv1[0].numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(maps["relu1"], conv1[0].relu().numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(maps["pool2"], pool2[0].numpy(), rtol=1e-5, atol=1e-6)
        assert maps["pool1"].shape == (8, 4, 4) and maps["conv2"].shape == (16, 4, 4)
        assert trainer.filters().shape == (8, 3, 3)

    def test_confusion_matrix_counts_every_test_digit(self) -> None:
        trainer = Trainer(config_for("digits", seed=0, device="cpu", epochs=1))
        trainer.run()
        evaluation = trainer.history[-1].evaluation
        assert evaluation.confusion.shape == (10, 10)
        per_digit = np.bincount(trainer.test.labels).tolist()
        assert evaluation.confusion.sum(axis=1).tolist() == per_digit
        assert np.trace(evaluation.confusion) / len(trainer.test) == pytest.approx(
            evaluation.accuracy
        )


EPOCH_LINE = re.compile(r"^epoch +\d+/20  loss \d+\.\d{4}  train acc [01]\.\d{3}  test acc")


@pytest.mark.slow
def test_headless_digits_with_seed_0_reach_97_percent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--headless", "--data", "digits", "--seed", "0", "--device", "cpu"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 21
    assert all(EPOCH_LINE.match(line) for line in lines[:-1]), lines
    last = re.fullmatch(r"test accuracy: (0\.\d{3}|1\.000)", lines[-1])
    assert last is not None, lines[-1]
    assert float(last.group(1)) >= 0.97


def test_digits_refuse_hand_made_features_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["train", "--headless", "--data", "digits", "--features", "hand-made"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "hand-made" in err[0], err
