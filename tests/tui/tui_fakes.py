"""Small stand-ins for lessons, scenes and playbacks, built on the real engine.

They follow the contract of ``lessons.playback.prepare(scene) -> Playback`` so the stepper's keys
and clicks can be tested on a scene whose numbers come from the slides (deck 000's 6×6 example).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

import engine
from engine.display import NumberFormat

DECK000_INPUT = np.array(
    [
        [3, 7, 9, 1, 0, 4],
        [8, 1, 3, 3, 3, 0],
        [7, 4, 6, 4, 4, 6],
        [4, 4, 1, 9, 3, 6],
        [9, 8, 4, 9, 4, 3],
        [7, 5, 2, 3, 3, 1],
    ],
    dtype=float,
)
VERTICAL = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=float)


@dataclass(frozen=True)
class FakePlayback:
    kind: str
    input: Any
    padded: Any
    pad: Any
    kernel: Any
    output: Any
    trace: Any
    fmt: Any = None
    formula: str | None = None
    erratum: Any = None
    stages: tuple[Any, ...] = ()
    narration: str = ""
    title: str | None = None
    labels: tuple[str, ...] = ()


@dataclass
class FakeScene:
    kind: str
    title: str
    narration: str
    playback: FakePlayback

    def __post_init__(self) -> None:
        self.playback = replace(self.playback, narration=self.narration, title=self.title)


@dataclass
class FakeDeck:
    file: str
    course: str


@dataclass
class FakeLesson:
    id: str
    title: str
    deck: FakeDeck
    summary: str
    scenes: list[FakeScene]
    source: Path = field(default_factory=lambda: Path("fake.yaml"))


@dataclass
class FakeLoadResult:
    lessons: list[FakeLesson]
    errors: list[Any] = field(default_factory=list)


def correlate_scene(padding: int = 0, stride: int = 1) -> FakeScene:
    x, k = DECK000_INPUT, VERTICAL
    trace = engine.trace_correlate2d(x, k, stride=stride, padding=padding)
    out = engine.correlate2d(x, k, stride=stride, padding=padding)
    n = engine.output_size(6, 3, stride=stride, padding=padding)
    playback = FakePlayback(
        kind="correlate2d",
        input=x,
        padded=engine.pad(x, padding),
        pad=((padding, padding), (padding, padding)),
        kernel=k,
        output=out,
        trace=trace,
        fmt=NumberFormat(),
        formula=f"⌊(6 + 2·{padding} − 3)/{stride}⌋ + 1 = {n}",
    )
    return FakeScene("correlate2d", "The vertical filter", "Slide the **filter**.", playback)


def pool_scene() -> FakeScene:
    x = DECK000_INPUT
    playback = FakePlayback(
        kind="pool2d",
        input=x,
        padded=x,
        pad=((0, 0), (0, 0)),
        kernel=None,
        output=engine.pool2d(x, 2),
        trace=engine.trace_pool2d(x, 2),
    )
    return FakeScene("pool2d", "Max pooling", "Keep the **largest**.", playback)


def fake_lesson() -> FakeLesson:
    return FakeLesson(
        id="fake-edges",
        title="Edges (fake)",
        deck=FakeDeck("000_2ce6168aac0ff3a0.txt", "CS344 Deep Learning"),
        summary="The 6×6 example.",
        scenes=[correlate_scene(), correlate_scene(padding=1), pool_scene()],
    )


def big_scene(size: int = 28) -> FakeScene:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 10, size=(size, size)).astype(float)
    k = VERTICAL
    playback = FakePlayback(
        kind="correlate2d",
        input=x,
        padded=engine.pad(x, 1),
        pad=((1, 1), (1, 1)),
        kernel=k,
        output=engine.correlate2d(x, k, padding=1),
        trace=engine.trace_correlate2d(x, k, padding=1),
        fmt=NumberFormat(),
    )
    return FakeScene("correlate2d", "A 28×28 image", "A big one.", playback)


def multichannel_scene() -> FakeScene:
    rng = np.random.default_rng(1)
    x = rng.integers(-2, 3, size=(3, 4, 4)).astype(float)
    k = rng.integers(-1, 2, size=(2, 3, 2, 2)).astype(float)
    playback = FakePlayback(
        kind="multichannel",
        input=x,
        padded=x,
        pad=((0, 0), (0, 0)),
        kernel=k,
        output=engine.correlate2d(x, k, bias=[1.0, -1.0]),
        trace=engine.trace_correlate2d(x, k, bias=[1.0, -1.0]),
        fmt=NumberFormat(),
    )
    return FakeScene("multichannel", "Three channels, two kernels", "Sum over channels.", playback)


def oned_scene() -> FakeScene:
    x = np.array([0, 0, 1, 1, 1, 0, 1, 0, 0, 0], dtype=float)
    k = np.array([-1, 1, -1], dtype=float)
    playback = FakePlayback(
        kind="correlate1d",
        input=x,
        padded=engine.pad(x, 1),
        pad=((1, 1),),
        kernel=k,
        output=engine.correlate1d(x, k, padding=1),
        trace=engine.trace_correlate1d(x, k, padding=1),
        fmt=NumberFormat(),
    )
    return FakeScene("correlate1d", "A 1-D image", "Deck 001.", playback)


def every_fake_lesson() -> FakeLesson:
    lesson = fake_lesson()
    lesson.scenes += [big_scene(), multichannel_scene(), oned_scene()]
    return lesson
