"""The trainer and `cnn-tutor train --headless`: accuracy, determinism, devices, no torch."""

from __future__ import annotations

import importlib.abc
import re
import sys
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from tui.cli import main  # noqa: E402
from tui.training import trainer as trainer_module  # noqa: E402
from tui.training.backend import TorchUnavailable, load_trainer  # noqa: E402
from tui.training.config import TrainConfig  # noqa: E402
from tui.training.trainer import (  # noqa: E402
    DeviceChoice,
    Trainer,
    is_cuda_error,
    resolve_device,
)

EPOCH_LINE = re.compile(
    r"^epoch +(\d+)/(\d+)  loss (\d+\.\d{4})  train acc ([01]\.\d{3})  "
    r"test acc ([01]\.\d{3})  images/s [\d,]+$"
)


class TestHeadless:
    def test_defaults_with_seed_0_reach_99_percent_on_the_held_out_set(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["train", "--headless", "--seed", "0", "--device", "cpu"]) == 0
        lines = capsys.readouterr().out.strip().splitlines()
        epochs = [EPOCH_LINE.match(line) for line in lines[:-1]]
        assert all(epochs), lines
        assert [int(m.group(1)) for m in epochs if m] == list(range(1, TrainConfig().epochs + 1))
        last = re.fullmatch(r"test accuracy: (0\.\d{3}|1\.000)", lines[-1])
        assert last is not None, lines[-1]
        assert float(last.group(1)) >= 0.99

    def test_every_tricky_kind_is_learned(self) -> None:
        trainer = Trainer(TrainConfig(seed=0, device="cpu", epochs=4))
        trainer.run()
        for kind, (right, total) in trainer.history[-1].evaluation.per_kind.items():
            assert right / total >= 0.95, kind
        assert trainer.history[-1].evaluation.per_kind["deck"] == (2, 2)

    def test_hand_made_features_train_only_the_vote(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(
            ["train", "--headless", "--epochs", "1", "--features", "hand-made", "--device", "cpu"]
        )
        assert code == 0
        assert capsys.readouterr().out.splitlines()[-1].startswith("test accuracy: ")

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--epochs", "0"], "at least 1"),
            (["--lr", "-1"], "positive"),
            (["--batch-size", "x"], "whole number"),
            (["--device", "tpu"], "invalid choice"),
        ],
    )
    def test_bad_options_are_one_line_usage_errors(
        self, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) as exit_info:
            main(["train", "--headless", *argv])
        assert exit_info.value.code == 2
        assert message in capsys.readouterr().err


class TestDeterminism:
    def test_seeded_cpu_runs_are_identical(self) -> None:
        runs = []
        for _ in range(2):
            trainer = Trainer(TrainConfig(seed=7, device="cpu", epochs=2))
            trainer.run()
            runs.append((trainer.history, trainer.filters()))
        (first, filters_1), (second, filters_2) = runs
        assert [e.loss for e in first] == [e.loss for e in second]
        assert [e.test_accuracy for e in first] == [e.test_accuracy for e in second]
        np.testing.assert_array_equal(filters_1, filters_2)

    def test_other_seeds_differ(self) -> None:
        one = Trainer(TrainConfig(seed=1, device="cpu", epochs=1))
        two = Trainer(TrainConfig(seed=2, device="cpu", epochs=1))
        assert not np.array_equal(one.filters(), two.filters())

    def test_batch_size_and_lr_change_between_batches(self) -> None:
        trainer = Trainer(TrainConfig(seed=0, device="cpu", epochs=1, batch_size=32))
        first = trainer.step()
        trainer.set_batch_size(100)
        trainer.set_lr(0.001)
        second = trainer.step()
        assert first.batches == 64
        assert second.batches == 1 + -(-(2048 - 32) // 100)
        assert trainer.optimizer.lr == 0.001


def fake_torch(*, available: Any, name: str = "Fake GPU 80GB", cuda_build: bool = True) -> Any:
    def is_available() -> bool:
        if isinstance(available, Exception):
            raise available
        return bool(available)

    return SimpleNamespace(
        cuda=SimpleNamespace(is_available=is_available, get_device_name=lambda index: name),
        version=SimpleNamespace(cuda="12.4" if cuda_build else None),
    )


class TestDevices:
    def test_auto_picks_cuda_when_available(self) -> None:
        choice = resolve_device("auto", fake_torch(available=True))
        assert choice == DeviceChoice("cuda", "Fake GPU 80GB", "auto: CUDA found")

    def test_auto_without_cuda_says_why(self) -> None:
        assert resolve_device("auto", fake_torch(available=False)).line == (
            "CPU (auto: no CUDA device found)"
        )
        assert resolve_device("auto", fake_torch(available=False, cuda_build=False)).line == (
            "CPU (auto: this torch build has no CUDA)"
        )

    def test_cuda_asked_for_but_missing_falls_back_to_cpu(self) -> None:
        choice = resolve_device("cuda", fake_torch(available=False))
        assert choice.kind == "cpu" and "CUDA asked for" in choice.reason

    def test_a_broken_driver_check_means_cpu(self) -> None:
        choice = resolve_device("auto", fake_torch(available=RuntimeError("driver too old")))
        assert choice.kind == "cpu" and "driver too old" in choice.reason

    def test_cpu_asked_for_never_touches_cuda(self) -> None:
        choice = resolve_device("cpu", fake_torch(available=RuntimeError("must not be called")))
        assert choice.kind == "cpu"

    @pytest.mark.parametrize(
        ("error", "expected"),
        [
            (torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"), True),
            (RuntimeError("CUDA error: an illegal memory access was encountered"), True),
            (RuntimeError("cuDNN error: CUDNN_STATUS_NOT_INITIALIZED"), True),
            (AssertionError("Torch not compiled with CUDA enabled"), True),
            (RuntimeError("mat1 and mat2 shapes cannot be multiplied"), False),
            (ValueError("CUDA"), False),
        ],
    )
    def test_cuda_errors_are_recognised(self, error: BaseException, expected: bool) -> None:
        assert is_cuda_error(error) is expected


@pytest.fixture
def pretend_cuda(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The trainer believes it has a CUDA device; tensors really stay on the CPU.

    Returns the devices the trainer placed itself on, in order.
    """
    placed: list[str] = []
    original = Trainer._place

    def place(self: Trainer, kind: str) -> None:
        placed.append(kind)
        original(self, "cpu")

    monkeypatch.setattr(
        trainer_module,
        "resolve_device",
        lambda requested: DeviceChoice("cuda", "Fake GPU", "auto: CUDA found"),
    )
    monkeypatch.setattr(Trainer, "_place", place)
    return placed


class TestCudaFallback:
    def test_a_cuda_error_mid_training_moves_to_cpu_keeping_the_weights(
        self, pretend_cuda: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        trainer = Trainer(TrainConfig(seed=0, epochs=3))
        assert trainer.device.kind == "cuda" and pretend_cuda == ["cuda"]
        for _ in range(10):
            trainer.step()
        weights = trainer.filters()
        steps = trainer.optimizer.steps
        forward = type(trainer.model).forward
        calls = {"n": 0}

        def failing_once(model: Any, images: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 1:
                raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 1 GiB")
            return forward(model, images)

        monkeypatch.setattr(type(trainer.model), "forward", failing_once)
        result = trainer.step()  # fails on "CUDA", retried on the CPU
        assert result.step == 11
        assert trainer.device.kind == "cpu" and pretend_cuda == ["cuda", "cpu"]
        assert trainer.notice is not None and "out of memory" in trainer.notice
        assert trainer.optimizer.steps == steps + 1  # Adam's moments came along
        assert not np.array_equal(trainer.filters(), weights)  # trained on from those weights
        monkeypatch.undo()
        trainer.run()
        assert trainer.history[-1].test_accuracy >= 0.99

    def test_a_cuda_error_in_the_end_of_epoch_evaluation_evaluates_again_on_cpu(
        self, pretend_cuda: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        trainer = Trainer(TrainConfig(seed=0, epochs=1, train_size=64, batch_size=32))
        trainer.step()
        evaluate = Trainer.evaluate
        calls = {"n": 0}

        def failing_once(self: Trainer) -> Any:
            calls["n"] += 1
            if calls["n"] == 1:
                raise RuntimeError("CUDA error: unspecified launch failure")
            return evaluate(self)

        monkeypatch.setattr(Trainer, "evaluate", failing_once)
        last = trainer.step()  # the epoch's second and last batch; its evaluation fails once
        assert trainer.device.kind == "cpu" and calls["n"] == 2
        assert last.batch == 1 and last.epoch_done is not None
        assert trainer.step_count == 2 and trainer.epochs_done == 1
        assert np.isfinite(last.epoch_done.loss) and np.isfinite(last.epoch_done.test_loss)

    def test_when_the_weights_are_lost_too_it_restarts_from_the_seed(
        self, pretend_cuda: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        trainer = Trainer(TrainConfig(seed=0, epochs=1))
        for _ in range(5):
            trainer.step()
        monkeypatch.setattr(
            type(trainer.model),
            "state_dict",
            lambda *a, **k: (_ for _ in ()).throw(RuntimeError("CUDA error: device lost")),
        )
        trainer._fall_back(RuntimeError("CUDA error: unspecified launch failure"))
        monkeypatch.undo()
        assert trainer.device.kind == "cpu" and trainer.step_count == 0
        assert trainer.notice is not None and "restarted from the seed" in trainer.notice
        fresh = Trainer(TrainConfig(seed=0, device="cpu", epochs=1))
        np.testing.assert_array_equal(trainer.filters(), fresh.filters())

    def test_cuda_failing_at_start_means_cpu_with_a_notice(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """This machine's torch has no CUDA: placing tensors there really fails."""
        monkeypatch.setattr(
            trainer_module,
            "resolve_device",
            lambda requested: DeviceChoice("cuda", "Fake GPU", "CUDA"),
        )
        if torch.cuda.is_available():  # pragma: no cover - only on a machine with a GPU
            pytest.skip("CUDA really works here")
        trainer = Trainer(TrainConfig(seed=0, epochs=1))
        assert trainer.device.kind == "cpu"
        assert trainer.notice is not None and trainer.notice.startswith("CUDA error")

    def test_other_errors_are_not_swallowed(self, pretend_cuda: list[str]) -> None:
        trainer = Trainer(TrainConfig(seed=0, epochs=1))
        trainer._train_x = trainer._train_x[:, :5]  # a real bug: wrong shapes
        with pytest.raises(RuntimeError):
            trainer.step()
        assert trainer.device.kind == "cuda"


class _BrokenTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if name == "torch":
            raise OSError("libtorch_cpu.so: cannot open shared object file: No such file")
        return None


class TestWithoutTorch:
    def test_missing_torch_is_explained_by_the_cli(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setitem(sys.modules, "torch", None)
        assert main(["train", "--headless"]) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1
        assert "torch is not installed" in err and "pip install torch" in err

    def test_broken_torch_is_explained(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delitem(sys.modules, "torch")
        monkeypatch.setattr(sys, "meta_path", [_BrokenTorch(), *sys.meta_path])
        with pytest.raises(TorchUnavailable) as info:
            load_trainer()
        assert "broken" in info.value.reason and "libtorch_cpu.so" in info.value.reason
        assert "pip install torch" in str(info.value)
