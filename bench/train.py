"""Training speed: headless vs with the panel open, and the time to reach 99% test accuracy.

Run from the repository root inside the project's virtualenv::

    python bench/train.py              # 3 alternating rounds, 6 epochs each
    python bench/train.py --rounds 5 --epochs 10

Both measurements run in this one process on the CPU, after torch has been imported, so the
figures compare like with like:

1. **Throughput.** The same seeded run (``cnn-tutor train``'s defaults, CPU) is trained headless
   (:meth:`Trainer.run`) and inside the app with the training panel open, driven through a Textual
   pilot (``App.run_test``, 120x40) from pressing space to the panel saying "done". Rounds
   alternate between the two; each prints images per second of wall time. The ratio is
   ``median headless / median panel``. Goal: **≤ 1.5**.
2. **Time to 99%.** A fresh trainer with the defaults and ``--seed 0`` trains epoch by epoch
   until the held-out test accuracy reaches 0.99. The figure is the wall time of that training,
   evaluation included and torch's import excluded; building the data set is printed apart.
   Goal: **< 1 s**.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.training.config import TARGET_ACCURACY, TrainConfig

SIZE = (120, 40)


def headless_images_per_s(epochs: int) -> float:
    """Images per second of a headless seeded CPU run (data built beforehand)."""
    from tui.training.trainer import Trainer

    trainer = Trainer(TrainConfig(seed=0, device="cpu", epochs=epochs))
    start = time.perf_counter()
    trainer.run()
    elapsed = time.perf_counter() - start
    return epochs * len(trainer.train) / elapsed


async def _panel_run(epochs: int) -> tuple[float, int]:
    from tui.app import create_app
    from tui.training.panel import TrainingScreen

    app = create_app(initial_screen=lambda: TrainingScreen(seed=0, device="cpu", epochs=epochs))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        while not isinstance(screen, TrainingScreen) or screen.state == "loading":
            await pilot.pause(0.02)
            screen = app.screen
        assert screen.trainer is not None
        images = epochs * len(screen.trainer.train)
        start = time.perf_counter()
        await pilot.press("space")
        while screen.state != "done":
            await pilot.pause(0.05)
        elapsed = screen.stopped_at - start
        return images / elapsed, screen.repaints


def panel_images_per_s(epochs: int) -> tuple[float, int]:
    """Images per second of the same run with the panel open, and how many repaints it did."""
    return asyncio.run(_panel_run(epochs))


def time_to_target(seed: int = 0) -> tuple[float, float, int, float]:
    """Seconds to build the trainer, seconds of training to reach the target, epochs, accuracy."""
    from tui.training.trainer import Trainer

    start = time.perf_counter()
    trainer = Trainer(TrainConfig(seed=seed, device="cpu"))
    built = time.perf_counter() - start
    start = time.perf_counter()
    trainer.run(stop_at=TARGET_ACCURACY)
    trained = time.perf_counter() - start
    last = trainer.history[-1]
    return built, trained, last.epoch, last.test_accuracy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--epochs", type=int, default=6, help="epochs per run (default 6)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    import torch  # noqa: F401  # imported once, before any timing

    print(f"torch import: {time.perf_counter() - start:.2f} s (not counted below)")
    headless_images_per_s(1)  # warm up: first-call costs of torch kernels

    headless: list[float] = []
    panel: list[float] = []
    for round_ in range(1, args.rounds + 1):
        headless.append(headless_images_per_s(args.epochs))
        ips, repaints = panel_images_per_s(args.epochs)
        panel.append(ips)
        print(
            f"round {round_}: headless {headless[-1]:>9,.0f} images/s   "
            f"panel {panel[-1]:>9,.0f} images/s ({repaints} repaints)"
        )
    ratio = statistics.median(headless) / statistics.median(panel)
    verdict = "ok" if ratio <= 1.5 else "MISSED"
    print(
        f"throughput: headless {statistics.median(headless):,.0f} images/s, "
        f"panel {statistics.median(panel):,.0f} images/s, "
        f"ratio headless/panel {ratio:.2f} (goal <= 1.5: {verdict})"
    )

    built, trained, epochs, accuracy = time_to_target()
    verdict = "ok" if trained < 1.0 else "MISSED"
    print(
        f"time to {TARGET_ACCURACY:.0%} test accuracy on CPU: {trained:.3f} s of training "
        f"({epochs} epoch(s), accuracy {accuracy:.3f}; building the data set took {built:.3f} s) "
        f"(goal < 1 s: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
