"""``cnn-tutor play``: the playground, opened in a state given on the command line.

``--save`` writes the state as a lesson file, ``--torch`` prints the PyTorch script that does the
same, ``--export`` writes the screen as SVG; each then exits. Without them the playground opens.
A bad argument is one line naming it (exit 2).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.commands._args import MAX_SEED, shown, whole_number
from tui.commands._help import add_command
from tui.errors import EXIT_OK, CliError

if TYPE_CHECKING:
    from lessons.playground import Built

OPS = ("correlate", "convolve", "transposed", "max-pool", "avg-pool", "relu", "bias")
RANDOM_PATTERN = re.compile(r"^\s*(\d{1,3})\s*[x×X]\s*(\d{1,3})\s*$")
MAX_RANDOM = 64
"""The largest side of a ``--random`` grid."""

EPILOG = """\
GRID: rows separated by ';', numbers by spaces or commas; ';;' starts the next channel.
PRESET (for --kernel): identity, box-blur, gaussian-3x3, gaussian-5x5, sharpen, sobel-x,
  sobel-y, prewitt-x, prewitt-y, laplacian, emboss, vertical-edge, horizontal-edge.
--stride, --padding and --size take a number or 'ROWS COLS'; --padding also
  'TOP BOTTOM LEFT RIGHT' as [[1, 0], [2, 2]], valid, same or full.

examples:
  cnn-tutor play --input "3 7 9 1; 8 1 3 3; 7 4 6 4; 4 4 1 9" --kernel sobel-x --padding 1 --torch
  cnn-tutor play --random 6x6 --seed 1 --op max-pool --size 3 --stride 2 --ceil --torch
  cnn-tutor play --input "1 2 3; 4 5 6; 7 8 9" --kernel "1 0; 0 -1" --op convolve --torch
  cnn-tutor play --random 6x6 --kernel sobel-x --padding 1 --stride 2 --torch --module
  cnn-tutor play --random 5x5 --op avg-pool --size 2 --padding 1 --no-count-include-pad --torch
  cnn-tutor play --input "-1 -2 -3; -4 -5 -6; -7 -8 -9" --op max-pool --padding 1 --zero-pad --torch
  cnn-tutor play --random 5x5 --kernel box-blur --save /tmp/blur.yaml
  cnn-tutor play --random 8x8 --kernel laplacian --export /tmp/playground.svg"""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``play`` subcommand."""
    parser = add_command(
        subparsers,
        "play",
        common,
        help="the playground: your own grid, kernel and parameters, stepped live",
        description=(
            "Open the playground on your own input, kernel and parameters, or write that\n"
            "state as a lesson file (--save), as a PyTorch script (--torch) or as an SVG of\n"
            "the screen (--export)."
        ),
        epilog=EPILOG,
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--input", metavar="GRID", help="the input grid (default: 6x6 random)")
    source.add_argument("--random", metavar="HxW", help="a random grid of digits 0-9")
    parser.add_argument(
        "--seed", type=whole_number(0, MAX_SEED), default=0, metavar="N", help="for --random"
    )
    parser.add_argument(
        "--kernel", metavar="GRID|PRESET", default="vertical-edge", help="default vertical-edge"
    )
    parser.add_argument("--op", choices=OPS, default="correlate", help="default correlate")
    parser.add_argument(
        "--stride", metavar="S", help="kernel or pooling stride (default 1; pool: size)"
    )
    parser.add_argument("--padding", metavar="P", default="0", help="default 0")
    parser.add_argument("--dilation", metavar="D", default="1", help="default 1")
    parser.add_argument("--bias", metavar="B", default="0", help="a number, or one per kernel")
    parser.add_argument("--size", metavar="K", default="2", help="pooling window (default 2)")
    parser.add_argument("--ceil", action="store_true", help="pooling keeps a last partial window")
    parser.add_argument(
        "--count-include-pad",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="average pooling counts the padded zeros (default, as torch)",
    )
    parser.add_argument(
        "--zero-pad",
        action="store_true",
        help="max pooling pads with zeros (F.pad, then max_pool2d), not torch's -inf",
    )
    parser.add_argument(
        "--terminal", default="120x40", metavar="WxH", help="--export size (default 120x40)"
    )
    parser.add_argument(
        "--module",
        action="store_true",
        help="with --torch: torch.nn modules (nn.Conv2d, nn.MaxPool2d, ...) with the weights set",
    )
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--save", metavar="FILE.yaml", help="write the state as a lesson file")
    out.add_argument("--torch", action="store_true", help="print the PyTorch script and exit")
    out.add_argument("--export", metavar="FILE.svg", help="write the screen as SVG and exit")
    parser.set_defaults(handler=run)


OPTION_OF = {
    "input": "--input",
    "kernel": "--kernel",
    "stride": "--stride",
    "padding": "--padding",
    "dilation": "--dilation",
    "bias": "--bias",
    "size": "--size",
    "divisor": "--kernel",
    "ceil_mode": "--ceil",
    "count_include_pad": "--count-include-pad",
    "pad_value": "--zero-pad",
}
"""The option that sets each state field (to name it in an error)."""


def _grid(text: str, name: str) -> Any:
    from lessons.playground import GridError, parse_cli_grid

    try:
        return parse_cli_grid(text, name)
    except GridError as error:
        raise CliError(f"argument --{name}: {error}") from None


def _param(text: str | None, name: str, option: str) -> Any:
    from lessons.playground import GridError, parse_param

    if text is None:
        return None
    try:
        return parse_param(text, name)
    except GridError as error:
        raise CliError(f"argument {option}: {error}") from None


def _input(args: argparse.Namespace) -> Any:
    import numpy as np

    if args.input is not None:
        return _grid(args.input, "input")
    text = args.random or "6x6"
    match = RANDOM_PATTERN.match(text)
    if match is None:
        raise CliError(f"argument --random: expected HxW such as 6x6, got '{shown(text)}'")
    rows, cols = int(match.group(1)), int(match.group(2))
    if not (1 <= rows <= MAX_RANDOM and 1 <= cols <= MAX_RANDOM):
        raise CliError(f"argument --random: each side is 1 to {MAX_RANDOM}, got {rows}x{cols}")
    return np.random.default_rng(args.seed).integers(0, 10, size=(rows, cols)).astype(float)


def build_state(args: argparse.Namespace) -> Built:
    """The built playground state the arguments describe.

    Raises:
        CliError: A bad argument (one line naming it), or a combination the engine refuses.
    """
    from lessons.playground import PlaygroundError, PlayState, preset

    x = _input(args)
    divisor = None
    try:
        chosen = preset(args.kernel)
    except KeyError:
        if re.fullmatch(r"\s*[A-Za-z][A-Za-z0-9_ -]*", args.kernel):
            from lessons.playground.presets import preset_names

            names = ", ".join(preset_names())
            raise CliError(
                f"argument --kernel: no preset '{shown(args.kernel)}'; presets: {names}"
            ) from None
        kernel = _grid(args.kernel, "kernel")
    else:
        kernel, divisor = chosen.kernel, chosen.divisor
    if x.ndim == 1 and kernel.ndim == 2 and kernel.shape[0] == 1:
        kernel = kernel[0]
    pooling = args.op in ("max-pool", "avg-pool")
    if args.zero_pad and args.op != "max-pool":
        raise CliError(
            f"argument --zero-pad: is for --op max-pool (average pooling always pads with "
            f"zeros), got --op {args.op}"
        )
    stride = _param(args.stride, "stride", "--stride")
    state = PlayState(
        input=x,
        kernel=kernel,
        op=args.op,
        stride=1 if stride is None or pooling else stride,
        pool_stride=stride if pooling else None,
        padding=_param(args.padding, "padding", "--padding"),
        dilation=_param(args.dilation, "dilation", "--dilation"),
        bias=_param(args.bias, "bias", "--bias"),
        divisor=divisor,
        size=_param(args.size, "size", "--size"),
        ceil_mode=bool(args.ceil),
        count_include_pad=bool(args.count_include_pad),
        zero_pad=bool(args.zero_pad),
    )
    try:
        return state.build()
    except PlaygroundError as error:
        option = OPTION_OF.get(error.key or "", "")
        if error.key == "stride" and pooling:
            option = "--stride"
        prefix = f"argument {option}: " if option else ""
        message = str(error).removeprefix(f"{error.key}: ") if option else str(error)
        raise CliError(f"{prefix}{message}") from None


def run(args: argparse.Namespace) -> int:
    """Open the playground, or write its state as a lesson, a torch script or an SVG."""
    from tui.commands.export import check_output, parse_size, write_output

    size = parse_size(args.terminal)
    for path in (args.save, args.export):
        if path is not None:
            check_output(Path(path).expanduser())
    if args.module and not args.torch:
        raise CliError("argument --module: goes with --torch (the script's form)")
    built = build_state(args)
    if args.torch:
        from lessons.playground import torch_script

        print(torch_script(built, module=args.module), end="")
        return EXIT_OK
    if args.save is not None:
        from lessons.playground import lesson_yaml

        output = Path(args.save).expanduser()
        note = write_output(output, lesson_yaml(built, lesson_id=output.stem))
        print(f"wrote {shown(output)}{note}; check it with: cnn-tutor check {shown(output)}")
        return EXIT_OK
    if args.export is not None:
        from tui.app.export import render_screen_svg
        from tui.app.screens.playground import PlaygroundScreen

        output = Path(args.export).expanduser()
        svg = render_screen_svg(lambda: PlaygroundScreen(built), size, title="cnn-tutor playground")
        if svg is None:
            raise CliError("the screen could not be rendered")
        note = write_output(output, svg)
        print(f"wrote {shown(output)} ({size[0]}x{size[1]}){note}")
        return EXIT_OK
    from tui.app.app import create_app
    from tui.app.screens.playground import PlaygroundScreen

    app = create_app(
        lesson_dirs=args.lesson_dirs,
        data_dir=args.data_dir,
        initial_screen=lambda: PlaygroundScreen(built),  # type: ignore[arg-type,return-value]
    )
    app.run()
    return int(app.return_code or 0)
