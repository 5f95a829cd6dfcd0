"""``cnn-tutor train``: train the X/O toy ConvNet (torch is imported only here)."""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands._help import add_command
from tui.errors import EXIT_FAILED


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``train`` subcommand."""
    parser = add_command(
        subparsers,
        "train",
        common,
        help="train the X/O toy ConvNet, in the panel or headless",
        description="Train deck 003's X/O toy ConvNet with torch, live in the panel or headless.",
    )
    parser.add_argument("--headless", action="store_true", help="print one line per epoch")
    parser.add_argument("--epochs", type=int, metavar="N", help="number of epochs")
    parser.add_argument("--seed", type=int, metavar="S", default=0, help="random seed (default 0)")
    parser.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="where to train (default auto: CUDA when available)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Train."""
    print("cnn-tutor train: not built yet")
    return EXIT_FAILED
