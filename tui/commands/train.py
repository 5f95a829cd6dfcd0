"""``cnn-tutor train``: train the X/O toy ConvNet or the digits ConvNet (torch loads only here)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tui.commands._args import MAX_EPOCHS, MAX_LR, MAX_SEED, learning_rate, whole_number
from tui.commands._help import add_command
from tui.errors import EXIT_FAILED, CliError
from tui.terminal_text import one_line

EPILOG = """\
examples:
  cnn-tutor train                          open the training panel
  cnn-tutor train --headless --seed 0      print one line per epoch, then the test accuracy
  cnn-tutor train --headless --features hand-made   train only the vote on the deck's features
  cnn-tutor train --headless --data digits --seed 0 --epochs 2   the real 8x8 handwritten digits
  cnn-tutor train --data digits            the digits ConvNet in the panel"""


MAX_BATCH = 2048
"""The largest batch: the whole training set (2,048 images)."""

EPOCHS = whole_number(1, MAX_EPOCHS)
BATCH = whole_number(1, MAX_BATCH)
SEED = whole_number(0, MAX_SEED)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``train`` subcommand."""
    parser = add_command(
        subparsers,
        "train",
        common,
        help="train the X/O toy ConvNet or a digits ConvNet, in the panel or headless",
        description="Train deck 003's X/O toy ConvNet, or a small ConvNet on 1,797 real 8x8 "
        "handwritten digits, with torch, live in the panel or headless.",
        epilog=EPILOG,
    )
    parser.add_argument("--headless", action="store_true", help="print one line per epoch")
    parser.add_argument(
        "--data",
        choices=("xo", "digits"),
        default="xo",
        help="xo: deck 003's X's and O's (default); digits: the UCI 8x8 handwritten digits "
        "(defaults: 20 epochs, lr 0.005, batch 32)",
    )
    parser.add_argument(
        "--epochs",
        type=EPOCHS,
        metavar="N",
        help=f"number of epochs, 1 to {MAX_EPOCHS} (default 12; digits 20)",
    )
    parser.add_argument(
        "--seed", type=SEED, metavar="S", default=0, help="random seed, 0 to 2**32-1 (default 0)"
    )
    parser.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="where to train (default auto: CUDA when available)",
    )
    parser.add_argument(
        "--lr",
        type=learning_rate,
        metavar="RATE",
        help=f"Adam learning rate, above 0 and at most {MAX_LR} (default 0.02; digits 0.005)",
    )
    parser.add_argument(
        "--batch-size",
        type=BATCH,
        metavar="B",
        help=f"images per batch, 1 to {MAX_BATCH} (default 32)",
    )
    parser.add_argument(
        "--features",
        choices=("learn", "from-deck", "hand-made"),
        default="learn",
        help="learn the 3 features from scratch (default), start from the deck's, "
        "or keep the deck's hand-made features frozen and train only the vote (X/O only)",
    )
    parser.set_defaults(handler=run)


def _config_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "seed": args.seed,
        "device": args.device,
        "features": args.features,
    }
    for name in ("epochs", "lr", "batch_size"):
        value = getattr(args, name, None)
        if value is not None:
            kwargs[name] = value
    return kwargs


def run(args: argparse.Namespace) -> int:
    """Train headless, or open the app on the training panel."""
    if not args.headless:
        return _open_panel(args)
    from tui.training.backend import TorchUnavailable, load_trainer

    try:
        trainer_module = load_trainer()
    except TorchUnavailable as error:
        raise CliError(str(error), exit_code=EXIT_FAILED) from None
    from tui.training.config import config_for

    try:
        config = config_for(args.data, **_config_kwargs(args))
    except ValueError as error:
        raise CliError(f"train: {error}") from None
    trainer = trainer_module.Trainer(config)
    print(f"device: {trainer.device.line}", file=sys.stderr)
    if trainer.notice:
        print(f"notice: {one_line(trainer.notice)}", file=sys.stderr)
    notices = [trainer.notice]

    def report(epoch: Any) -> None:
        if trainer.notice not in notices:
            notices.append(trainer.notice)
            print(f"notice: {one_line(trainer.notice)}", file=sys.stderr)
        print(epoch.line(config.epochs), flush=True)

    trainer.run(report)
    print(f"test accuracy: {trainer.history[-1].test_accuracy:.3f}")
    return 0


def _open_panel(args: argparse.Namespace) -> int:
    from tui.app.app import create_app

    settings = _config_kwargs(args)
    if args.data == "digits" and args.features != "learn":
        raise CliError("train: the digits net has no hand-made features: use --features learn")
    settings["data"] = args.data

    def training_screen() -> Any:
        from tui.app.screens.training import TrainingScreen

        return TrainingScreen(**settings)

    app = create_app(
        lesson_dirs=args.lesson_dirs or None,
        data_dir=args.data_dir,
        initial_screen=training_screen,
    )
    app.run()
    return int(app.return_code or 0)
