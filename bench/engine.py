"""Engine speed and memory, each figure a ratio against a reference measured in the same run.

Sections (functions, so more can be appended: each takes the parsed arguments and prints):

1. :func:`correlation_vs_torch`: ``correlate2d`` against torch ``conv2d`` on the CPU, for one
   channel (C=1 → K=1) and for C=3 → K=16, 3×3 and 7×7 kernels, 64² to 2048² inputs, float32 and
   float64 inputs (both compute in the input's dtype, checked against torch in float64). Each case
   also prints the engine's peak memory (``tracemalloc``, a separate untimed call) over the size
   of its output. Goals: ratio <= 1.5 and no intermediate larger than a few times the output.
   A case over the engine's limits (:mod:`engine.limits`) prints the engine's refusal instead.
2. :func:`trace_build`: building a trace of a 256x256 input and taking its first step, against
   one step of an existing trace (goal: about 1, building must not touch the whole input).
3. :func:`trace_steps`: one step of ``trace_correlate2d`` and ``trace_pool2d`` at different
   indices (never the same index over and over), and walking a trace in order.
   Goals: a step <= 50 µs, walking <= 20 µs per step.
4. :func:`backward_vs_autograd`: ``correlate2d_backward`` (∂L/∂x, ∂L/∂k and ∂L/∂b) on 512x512
   with a 3x3 kernel against ``torch.autograd.grad`` of the same three through ``conv2d`` (the
   forward graph built once, outside the timing), float32 and float64; and ``pool2d_backward``
   (2x2 max) against ``max_pool2d``'s backward. Goal: ratio <= 3 for the convolution.
5. :func:`matmul_floor`: for C=3 → K=16, NumPy's matrix product of the windows alone (the
   least any NumPy engine pays) against torch's ``conv2d``: where it is over 1.5, section 1's
   goal is out of a NumPy engine's reach on this machine.

Every figure is a median over rounds in which the timed functions take turns (so a burst of load
hits them alike), with its min–max; never the best round.

Usage:
    python bench/engine.py                         # every section, 3 rounds
    python bench/engine.py --rounds 5 --sizes 64 512
    python bench/engine.py --section 1 --sizes 2048
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import torch
import torch.nn.functional as F


def load_engine() -> ModuleType:
    """Import the engine package, not this file (``python bench/engine.py`` puts bench/ first)."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    sys.path.insert(0, str(here.parent))
    sys.path.append(str(here))  # bench/rounds.py, after the engine package
    return importlib.import_module("engine")


engine = load_engine()

from rounds import median, spread, verdict  # noqa: E402

SIZES = (64, 256, 512, 1024, 2048)
GOAL_TORCH = 1.5
GOAL_MEMORY = 4.0
SETTLE = 0.3  # seconds for the other library's spinning threads to go idle (timed_rounds)
GOAL_MEMORY_BYTES = 4 * 2**20  # a small call's one band (2 MiB of windows) is bounded, not ~output
GOAL_STEP_US = 50.0
GOAL_WALK_US = 20.0


def timed_rounds(
    *fns: Callable[[], object], rounds: int, budget: float = 0.2, settle: float = 0.0
) -> list[list[float]]:
    """Seconds per call of each function, one sample per round, the functions taking turns.

    Each sample is the mean of as many calls as fit ``budget`` seconds on the slowest function
    (timed once, warm), at least one call. ``settle`` seconds pass before each sample: torch's
    OpenMP threads and OpenBLAS's keep spinning for a while after a call (OpenMP's block time
    is 200 ms), and on this 2-core machine the next sample's threads then share the cores with
    them (a 64x64 C=3 -> K=16 correlation took 0.28 ms after torch's turn, 0.06 ms alone).
    """
    for fn in fns:
        fn()  # warm up caches and lazy imports
    single = 0.0
    for fn in fns:  # one more call each, warm, to size the samples
        start = time.perf_counter()
        fn()
        single = max(single, time.perf_counter() - start)
    number = max(1, int(budget / max(single, 1e-9)))
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            if settle:
                time.sleep(settle)  # the other library's threads go idle: not a timed wait
            start = time.perf_counter()
            for _ in range(number):
                fn()
            samples[i].append((time.perf_counter() - start) / number)
    return samples


def peak_bytes(fn: Callable[[], object]) -> int:
    """The peak of memory traced by ``tracemalloc`` (NumPy's arrays included) during ``fn()``."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def correlation_case(
    x: np.ndarray, k: np.ndarray, tx: torch.Tensor, tk: torch.Tensor, args: argparse.Namespace
) -> str:
    """One case of section 1: the engine on ``x``, ``k`` and torch on ``tx``, ``tk``, as a line."""
    try:
        engine.correlate2d(x, k)
    except engine.ArgumentError as error:
        return f"refused by the engine: {error}"
    with torch.inference_mode():
        ours, theirs = timed_rounds(
            lambda: engine.correlate2d(x, k),
            lambda: F.conv2d(tx, tk),
            rounds=args.rounds,
            settle=SETTLE,
        )
        expected = F.conv2d(tx.double(), tk.double())[0].numpy()
    got = engine.correlate2d(x, k)
    assert got.dtype == x.dtype, f"engine returned {got.dtype} for {x.dtype}"
    # float64 agrees to rounding; float32 to float32's rounding of sums of C*F*G products
    atol = 1e-9 if got.dtype == np.float64 else 1e-5 * float(np.abs(expected).max())
    np.testing.assert_allclose(got, expected.reshape(got.shape), rtol=0, atol=atol)
    engine.correlate.release_buffers()  # count the call's own window buffer
    peak = peak_bytes(lambda: engine.correlate2d(x, k))
    ratio = median(ours) / median(theirs)
    memory = peak / got.nbytes
    bounded = memory <= GOAL_MEMORY or peak <= GOAL_MEMORY_BYTES
    flag = "" if ratio <= GOAL_TORCH and bounded else "  over goal"
    return (
        f"{spread(ours, scale=1e3, unit=''):>34} {spread(theirs, scale=1e3, unit=''):>34} "
        f"{ratio:6.2f} {memory:9.2f}{flag}"
    )


def correlation_vs_torch(args: argparse.Namespace) -> None:
    """Section 1: correlate2d against torch conv2d (CPU), with the engine's peak memory."""
    rng = np.random.default_rng(0)
    threads = torch.get_num_threads()
    print(f"1. correlate2d vs torch conv2d, CPU ({threads} threads), {args.rounds} rounds")
    print(f"   {'case':<30} {'engine ms':>34} {'torch ms':>34} {'ratio':>6} {'peak/out':>9}")
    for channels, kernels in ((1, 1), (3, 16)):
        for f in (3, 7):
            for n in args.sizes:
                for dtype in (np.float32, np.float64):
                    x = rng.standard_normal((channels, n, n)).astype(dtype)
                    k = rng.standard_normal((kernels, channels, f, f)).astype(dtype)
                    ours_x, ours_k = (x[0], k[0, 0]) if channels == kernels == 1 else (x, k)
                    tx, tk = torch.from_numpy(x)[None], torch.from_numpy(k)
                    name = f"C={channels}->K={kernels} {f}x{f} {n}^2 {np.dtype(dtype).name}"
                    print(f"   {name:<30} {correlation_case(ours_x, ours_k, tx, tk, args)}")
    print(
        f"   goals: ratio <= {GOAL_TORCH}, peak <= {GOAL_MEMORY:g}x the output "
        f"(or <= {GOAL_MEMORY_BYTES // 2**20} MiB in all: one bounded band of a small call)"
    )


def trace_build(args: argparse.Namespace) -> None:
    """Section 2: building a trace costs about one step."""
    rng = np.random.default_rng(1)
    image = rng.integers(0, 256, (256, 256)).astype(np.float64)
    small = image[:16, :16].copy()
    kernel = rng.integers(-2, 3, (3, 3)).astype(np.float64)
    trace = engine.trace_correlate2d(image, kernel, padding=1)
    build, build_small, first = timed_rounds(
        lambda: engine.trace_correlate2d(image, kernel, padding=1)[0],
        lambda: engine.trace_correlate2d(small, kernel, padding=1)[0],
        lambda: trace[0],
        rounds=args.rounds,
    )
    print("2. trace of 256x256 (3x3 kernel, padding 1): build + first step vs one step")
    print(f"   build + first step  {spread(build, scale=1e6, unit='us', digits=1)}")
    print(f"   one step (border)   {spread(first, scale=1e6, unit='us', digits=1)}")
    print(f"   same on 16x16       {spread(build_small, scale=1e6, unit='us', digits=1)}")
    print(f"   ratio build / step: {median(build) / median(first):.2f} (goal: about 1)")


def trace_steps(args: argparse.Namespace) -> None:
    """Section 3: one step at many indices, and walking a trace in order."""
    rng = np.random.default_rng(2)
    image = rng.integers(0, 256, (256, 256)).astype(np.float64)
    kernel = rng.integers(-2, 3, (3, 3)).astype(np.float64)
    trace = engine.trace_correlate2d(image, kernel, padding=1)
    pool = engine.trace_pool2d(image, 2)
    # 1000 different indices spread over the trace, a fresh one each call
    spots = rng.integers(0, len(trace), 1000)
    pool_spots = rng.integers(0, len(pool), 1000)
    state = {"i": 0, "j": 0}

    def random_step() -> object:
        state["i"] = (state["i"] + 1) % len(spots)
        return trace[int(spots[state["i"]])]

    def random_pool() -> object:
        state["j"] = (state["j"] + 1) % len(pool_spots)
        return pool[int(pool_spots[state["j"]])]

    def walk() -> None:
        fresh = engine.trace_correlate2d(image[:64, :64], kernel, padding=1)
        for _ in fresh:
            pass

    steps, pools, walks = timed_rounds(random_step, random_pool, walk, rounds=args.rounds)
    per_walked = [w / (64 * 64) for w in walks]
    print("3. per-step cost, 256x256 input, 3x3 kernel (indices drawn at random)")
    step_us = median(steps) * 1e6
    print(
        f"   trace_correlate2d step  {spread(steps, scale=1e6, unit='us', digits=1)}"
        f"  (goal <= {GOAL_STEP_US:g}: {verdict(step_us, GOAL_STEP_US)})"
    )
    print(f"   trace_pool2d step       {spread(pools, scale=1e6, unit='us', digits=1)}")
    walk_us = median(per_walked) * 1e6
    print(
        f"   walking 64x64 in order  {spread(per_walked, scale=1e6, unit='us', digits=1)}"
        f" per step  (goal <= {GOAL_WALK_US:g}: {verdict(walk_us, GOAL_WALK_US)})"
    )


GOAL_BACKWARD = 3.0


def backward_vs_autograd(args: argparse.Namespace) -> None:
    """Section 4: the backward pass on 512x512 (3x3) against torch autograd on the CPU."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((512, 512))
    k = rng.standard_normal((3, 3))
    grad = rng.standard_normal((510, 510))

    def graph(dtype: torch.dtype) -> Callable[[], object]:
        xt = torch.from_numpy(x).to(dtype)[None, None].requires_grad_()
        kt = torch.from_numpy(k).to(dtype)[None, None].requires_grad_()
        bt = torch.zeros(1, dtype=dtype, requires_grad=True)
        yt = F.conv2d(xt, kt, bt)
        gt = torch.from_numpy(grad).to(dtype)[None, None]
        return lambda: torch.autograd.grad(yt, (xt, kt, bt), gt, retain_graph=True)

    def pool_graph() -> Callable[[], object]:
        xt = torch.from_numpy(x).float()[None].requires_grad_()
        yt = F.max_pool2d(xt, 2)
        gt = torch.from_numpy(grad[:256, :256]).float()[None]
        return lambda: torch.autograd.grad(yt, (xt,), gt, retain_graph=True)

    ours, theirs32, theirs64, pool_ours, pool32 = timed_rounds(
        lambda: engine.correlate2d_backward(x, k, grad),
        graph(torch.float32),
        graph(torch.float64),
        lambda: engine.pool2d_backward(x, grad[:256, :256], 2),
        pool_graph(),
        rounds=args.rounds,
    )
    grads = engine.correlate2d_backward(x, k, grad)
    dx, dk, db = graph(torch.float64)()  # type: ignore[misc]
    np.testing.assert_allclose(grads.input, dx[0, 0].numpy(), atol=1e-9)
    np.testing.assert_allclose(grads.kernel, dk[0, 0].numpy(), atol=1e-8)
    np.testing.assert_allclose(grads.bias, db[0].numpy(), atol=1e-8)
    ratios32 = [a / b for a, b in zip(ours, theirs32, strict=True)]
    ratios64 = [a / b for a, b in zip(ours, theirs64, strict=True)]
    pool_ratios = [a / b for a, b in zip(pool_ours, pool32, strict=True)]
    print("4. backward pass 512x512, 3x3 kernel (dx, dk, db) vs torch autograd (CPU)")
    print(f"   engine (float64)        {spread(ours, scale=1e3, unit='ms')}")
    print(
        f"   vs torch float32        ratio {spread(ratios32, unit='')}"
        f"  (goal <= {GOAL_BACKWARD:g}: {verdict(median(ratios32), GOAL_BACKWARD)})"
    )
    print(f"   vs torch float64        ratio {spread(ratios64, unit='')}")
    print(f"   max pool 2x2 backward   ratio {spread(pool_ratios, unit='')}  (vs torch float32)")


def matmul_floor(args: argparse.Namespace) -> None:
    """Section 5: the floor of a NumPy engine for C=3 -> K=16, against torch's conv2d.

    An engine in NumPy computes a multi-channel correlation as one matrix product: the windows
    (an im2col matrix, H'W' x C*F*G) times the kernels (C*F*G x K). This times that product
    alone, the windows already laid out (its least cost, whatever the layout or banding), and
    torch's conv2d on the same input. A ratio over 1.5 means no NumPy engine meets section 1's
    goal for that case on this machine's BLAS.
    """
    rng = np.random.default_rng(0)
    print(f"5. the floor: NumPy's matmul of the windows alone vs conv2d, {args.rounds} rounds")
    print(f"   {'case':<30} {'matmul ms':>34} {'torch ms':>34} {'ratio':>6}")
    for f in (3, 7):
        for n in args.sizes:
            if n > 512:
                continue  # the windows of a 1024^2 7x7 case alone are 0.6 GiB
            for dtype in (np.float32, np.float64):
                side = n - f + 1
                windows = rng.standard_normal((side * side, 3 * f * f)).astype(dtype)
                kernels = rng.standard_normal((3 * f * f, 16)).astype(dtype)
                tx = torch.from_numpy(rng.standard_normal((1, 3, n, n)).astype(dtype))
                tk = torch.from_numpy(rng.standard_normal((16, 3, f, f)).astype(dtype))
                with torch.inference_mode():
                    ours, theirs = timed_rounds(
                        lambda: windows @ kernels,  # noqa: B023 (timed now, in this iteration)
                        lambda: F.conv2d(tx, tk),  # noqa: B023
                        rounds=args.rounds,
                        settle=SETTLE,
                    )
                ratio = median(ours) / median(theirs)
                name = f"C=3->K=16 {f}x{f} {n}^2 {np.dtype(dtype).name}"
                flag = "  floor over goal" if ratio > GOAL_TORCH else ""
                print(
                    f"   {name:<30} {spread(ours, scale=1e3, unit=''):>34} "
                    f"{spread(theirs, scale=1e3, unit=''):>34} {ratio:6.2f}{flag}"
                )


SECTIONS: dict[int, Callable[[argparse.Namespace], None]] = {
    1: correlation_vs_torch,
    2: trace_build,
    3: trace_steps,
    4: backward_vs_autograd,
    5: matmul_floor,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="input sizes")
    parser.add_argument(
        "--section", type=int, action="append", choices=sorted(SECTIONS), help="only these"
    )
    args = parser.parse_args()
    if args.rounds < 1 or min(args.sizes) < 8:
        parser.error("--rounds must be at least 1 and --sizes at least 8")
    print(f"torch {torch.__version__}; numpy {np.__version__}")
    for number in args.section or sorted(SECTIONS):
        SECTIONS[number](args)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
