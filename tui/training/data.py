"""Procedural X's and O's for deck 003's toy ConvNet, in pure NumPy.

Every image is 9x9 with pixels of -1 (black) and 1 (white), like the deck's "A two-dimensional array
of pixels". Shapes are drawn from distance fields, so a whole batch is one vectorized expression:

- an X is two diagonal strokes of half-extent ``a`` through the centre ``c``;
- an O is a ring of radius ``r`` around ``c`` (an ellipse when its aspect is not 1);

both rotated by ``theta`` and drawn with stroke weight ``w`` (a pixel is white when its centre lies
within ``w / 2`` of a stroke). With ``c = (4, 4)``, ``a = r = 3``, ``theta = 0`` and ``w = 1`` the
two reproduce the deck's own X and O pixel for pixel.

The deck's trickier cases are the kinds here: translation, scaling, rotation and stroke weight.
The held-out :func:`test_set` is fixed (its own seed) and holds every kind plus the deck's X and O;
:func:`training_set` never contains an image that is also in the test set.

This module never imports torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

SIZE = 9
"""Images are ``SIZE x SIZE`` pixels."""

CLASSES: tuple[str, str] = ("X", "O")
"""Label 0 is an X, label 1 an O."""

KINDS: tuple[str, ...] = ("deck", "plain", "translation", "scaling", "rotation", "weight")
"""Kinds of image, from the deck's own two to its four "trickier cases"."""

TRICKY_KINDS: tuple[str, ...] = ("translation", "scaling", "rotation", "weight")
"""The deck's "Trickier cases" slide, in its order."""

TEST_SEED = 20_030_003
"""Seed of the fixed held-out test set (no training seed reaches it: see :func:`training_set`)."""

TEST_PER_KIND = 100
"""Test images per generated kind (half X, half O)."""

DECK_X: npt.NDArray[np.float32] = np.array(
    [
        [-1, -1, -1, -1, -1, -1, -1, -1, -1],
        [-1, 1, -1, -1, -1, -1, -1, 1, -1],
        [-1, -1, 1, -1, -1, -1, 1, -1, -1],
        [-1, -1, -1, 1, -1, 1, -1, -1, -1],
        [-1, -1, -1, -1, 1, -1, -1, -1, -1],
        [-1, -1, -1, 1, -1, 1, -1, -1, -1],
        [-1, -1, 1, -1, -1, -1, 1, -1, -1],
        [-1, 1, -1, -1, -1, -1, -1, 1, -1],
        [-1, -1, -1, -1, -1, -1, -1, -1, -1],
    ],
    dtype=np.float32,
)
"""The deck's X (slide "Filtering: The math behind the match"), shape (9, 9)."""

DECK_O: npt.NDArray[np.float32] = np.array(
    [
        [-1, -1, -1, -1, -1, -1, -1, -1, -1],
        [-1, -1, -1, 1, 1, 1, -1, -1, -1],
        [-1, -1, 1, -1, -1, -1, 1, -1, -1],
        [-1, 1, -1, -1, -1, -1, -1, 1, -1],
        [-1, 1, -1, -1, -1, -1, -1, 1, -1],
        [-1, 1, -1, -1, -1, -1, -1, 1, -1],
        [-1, -1, 1, -1, -1, -1, 1, -1, -1],
        [-1, -1, -1, 1, 1, 1, -1, -1, -1],
        [-1, -1, -1, -1, -1, -1, -1, -1, -1],
    ],
    dtype=np.float32,
)
"""The deck's O (slide "A Toy ConvNet: X's and O's"), shape (9, 9)."""

DECK_FEATURES: npt.NDArray[np.float32] = np.array(
    [
        [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]],
        [[1, -1, 1], [-1, 1, -1], [1, -1, 1]],
        [[-1, -1, 1], [-1, 1, -1], [1, -1, -1]],
    ],
    dtype=np.float32,
)
"""The deck's three hand-made features, shape (3, 3, 3): "\\" diagonal, X, "/" diagonal."""

FEATURE_NAMES: tuple[str, str, str] = ("\\ diagonal", "X", "/ diagonal")
"""Names of :data:`DECK_FEATURES`, in order."""


@dataclass(frozen=True)
class XOSet:
    """A set of labelled images.

    Attributes:
        images: Pixels of -1 and 1, shape (N, 9, 9), float32.
        labels: 0 for X, 1 for O, shape (N,), int64.
        kinds: Index into :data:`KINDS` for each image, shape (N,), int64.
    """

    images: npt.NDArray[np.float32]
    labels: npt.NDArray[np.int64]
    kinds: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def of_kind(self, kind: str) -> npt.NDArray[np.intp]:
        """Indices of the images of one kind, in order.

        Args:
            kind: One of :data:`KINDS`.
        """
        return np.flatnonzero(self.kinds == KINDS.index(kind))


@dataclass(frozen=True)
class ShapeParams:
    """Parameters of a batch of shapes, each field shape (N,).

    Attributes:
        labels: 0 draws an X, 1 an O.
        row: Centre row (0 is the top pixel, 4 the middle).
        col: Centre column.
        extent: Half-extent of an X's strokes, or radius of an O.
        aspect: An O's width over its height (1 is a circle); ignored for an X.
        theta: Rotation in radians, counter-clockwise.
        weight: Stroke weight in pixels (1 is the deck's one-pixel stroke).
    """

    labels: npt.NDArray[np.int64]
    row: npt.NDArray[np.float64]
    col: npt.NDArray[np.float64]
    extent: npt.NDArray[np.float64]
    aspect: npt.NDArray[np.float64]
    theta: npt.NDArray[np.float64]
    weight: npt.NDArray[np.float64]


def render(params: ShapeParams) -> npt.NDArray[np.float32]:
    """Draw a batch of X's and O's.

    Args:
        params: The shapes, each field of shape (N,).

    Returns:
        Pixels of -1 and 1, shape (N, 9, 9).

    >>> p = ShapeParams(*(np.array([v]) for v in (0, 4.0, 4.0, 3.0, 1.0, 0.0, 1.0)))
    >>> bool((render(p)[0] == DECK_X).all())
    True
    """
    grid = np.arange(SIZE, dtype=np.float64)
    # (N, 1, 1) parameters against (1, 9, 9) pixel centres -> (N, 9, 9) offsets.
    dy = grid[None, :, None] - params.row[:, None, None]  # (N, 9, 1)
    dx = grid[None, None, :] - params.col[:, None, None]  # (N, 1, 9)
    cos = np.cos(params.theta)[:, None, None]
    sin = np.sin(params.theta)[:, None, None]
    # Rotate the pixel offsets into the shape's own frame (u right, v down): (N, 9, 9) each.
    u = cos * dx - sin * dy
    v = sin * dx + cos * dy
    extent = params.extent[:, None, None]
    half_weight = params.weight[:, None, None] / 2

    # X: distance to the two diagonal segments from (-a, -a) to (a, a) and from (-a, a) to (a, -a).
    span = extent * np.sqrt(2.0)
    along_1 = np.clip((u + v) / np.sqrt(2.0), -span, span)
    along_2 = np.clip((u - v) / np.sqrt(2.0), -span, span)
    dist_1 = np.hypot(u - along_1 / np.sqrt(2.0), v - along_1 / np.sqrt(2.0))
    dist_2 = np.hypot(u - along_2 / np.sqrt(2.0), v + along_2 / np.sqrt(2.0))
    dist_x = np.minimum(dist_1, dist_2)  # (N, 9, 9)

    # O: radial distance to the ellipse with semi-axes (r * sqrt(aspect), r / sqrt(aspect)).
    aspect = np.sqrt(params.aspect)[:, None, None]
    norm = np.hypot(u, v)
    scaled = np.hypot(u / (extent * aspect), v * aspect / extent)
    with np.errstate(divide="ignore", invalid="ignore"):
        boundary = np.where(scaled > 0, norm / scaled, 0.0)
    # The centre itself lies a whole (shorter) radius away from the ring.
    centre = extent * np.minimum(aspect, 1.0 / aspect)
    dist_o = np.where(scaled > 0, np.abs(norm - boundary), centre)  # (N, 9, 9)

    is_o = (params.labels == 1)[:, None, None]
    dist = np.where(is_o, dist_o, dist_x)
    return np.where(dist <= half_weight + 1e-9, 1.0, -1.0).astype(np.float32)


def _uniform(rng: np.random.Generator, low: float, high: float, n: int) -> npt.NDArray[np.float64]:
    """``n`` numbers drawn uniformly from [low, high), shape (n,)."""
    return np.asarray(rng.uniform(low, high, size=(n,)), dtype=np.float64)


def _sample(kind: str, labels: npt.NDArray[np.int64], rng: np.random.Generator) -> ShapeParams:
    """Random shape parameters of one kind.

    Args:
        kind: One of :data:`KINDS` except ``"deck"``.
        labels: 0 or 1 per image, shape (N,).
        rng: The random source.
    """
    n = labels.shape[0]
    Floats = npt.NDArray[np.float64]
    row: Floats = np.full(n, 4.0)
    col: Floats = np.full(n, 4.0)
    extent: Floats = _uniform(rng, 2.6, 3.4, n)
    aspect: Floats = _uniform(rng, 0.85, 1.15, n)
    theta: Floats = _uniform(rng, -0.1, 0.1, n)
    weight: Floats = _uniform(rng, 1.0, 1.3, n)
    if kind == "translation":
        extent = _uniform(rng, 2.0, 2.6, n)
        # Shift by whole pixels, so strokes stay crisp, as far as the shape still fits.
        room = np.floor(4.0 - extent).astype(np.int64)
        row = row + rng.integers(-room, room + 1)
        col = col + rng.integers(-room, room + 1)
        zero = (row == 4.0) & (col == 4.0)
        col = np.where(zero, col + np.where(rng.random(n) < 0.5, -1.0, 1.0), col)
    elif kind == "scaling":
        small = rng.random(n) < 0.5
        extent = np.where(small, _uniform(rng, 1.7, 2.4, n), _uniform(rng, 3.5, 4.0, n))
    elif kind == "rotation":
        theta = rng.choice([-1.0, 1.0], n) * _uniform(rng, 0.2, 0.45, n)
        aspect = _uniform(rng, 0.6, 0.8, n)
        aspect = np.where(rng.random(n) < 0.5, aspect, 1.0 / aspect)
    elif kind == "weight":
        weight = _uniform(rng, 1.7, 2.2, n)
    elif kind != "plain":
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS[1:])}")
    return ShapeParams(labels, row, col, extent, aspect, theta, weight)


def generate(kind: str, n: int, rng: np.random.Generator, label: int | None = None) -> XOSet:
    """Generate ``n`` images of one kind.

    Args:
        kind: One of :data:`KINDS`; ``"deck"`` repeats the deck's X and O.
        n: How many images.
        rng: The random source.
        label: 0 for X's only, 1 for O's only; None alternates X, O, X, ... so both are balanced.

    Returns:
        Images of shape (n, 9, 9) with their labels and kinds.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if label is None:
        labels = (np.arange(n) % 2).astype(np.int64)
    else:
        labels = np.full(n, label, dtype=np.int64)
    if kind == "deck":
        images = np.where((labels == 0)[:, None, None], DECK_X, DECK_O).astype(np.float32)
    else:
        images = render(_sample(kind, labels, rng))
    kinds = np.full(n, KINDS.index(kind), dtype=np.int64)
    return XOSet(images, labels, kinds)


def concat(sets: list[XOSet]) -> XOSet:
    """Join sets end to end."""
    return XOSet(
        np.concatenate([s.images for s in sets]),
        np.concatenate([s.labels for s in sets]),
        np.concatenate([s.kinds for s in sets]),
    )


@lru_cache(maxsize=1)
def _test_set_cached() -> XOSet:
    rng = np.random.default_rng(TEST_SEED)
    parts = [generate("deck", 2, rng)]
    parts += [generate(kind, TEST_PER_KIND, rng) for kind in KINDS[2:]]
    parts.insert(1, generate("plain", TEST_PER_KIND // 5, rng))
    return concat(parts)


def test_set() -> XOSet:
    """The fixed held-out test set: the deck's X and O, then every kind in :data:`KINDS` order.

    Returns:
        2 deck images, 20 plain and 100 of each tricky kind; the same on every call.
    """
    cached = _test_set_cached()
    return XOSet(cached.images.copy(), cached.labels.copy(), cached.kinds.copy())


test_set.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def _keys(images: npt.NDArray[np.float32]) -> npt.NDArray[np.void]:
    """One hashable 11-byte key per image, shape (N,)."""
    bits = np.packbits(images.reshape(images.shape[0], -1) > 0, axis=1)  # (N, 11)
    return np.ascontiguousarray(bits).view(np.dtype((np.void, bits.shape[1]))).ravel()


TRAINING_MIX: dict[str, float] = {
    "plain": 0.2,
    "translation": 0.2,
    "scaling": 0.2,
    "rotation": 0.2,
    "weight": 0.2,
}
"""Share of each kind in a training set."""


FRESH_ROUNDS = 8
"""Rounds of drawing in :func:`_fresh` before the fresh images found are repeated."""

RESCUE_BATCH = 256
"""Images per extra round when :data:`FRESH_ROUNDS` rounds found no fresh image at all."""

RESCUE_ROUNDS = 64
"""Extra rounds at most; a plain X is fresh 3 times in 100, so 64 x 256 draws all but never miss."""


def _fresh(kind: str, label: int, n: int, rng: np.random.Generator, held_out: set[bytes]) -> XOSet:
    """``n`` images of one kind and label, none of them in ``held_out``.

    A kind with few distinct images (a plain X has about twenty, most of them in the test set) may
    not have ``n`` fresh ones; after :data:`FRESH_ROUNDS` rounds the fresh ones found are repeated
    to make up the number. When those rounds found none (a set of 3 asks for one plain X, and 144
    draws miss about once in 60 seeds), up to :data:`RESCUE_ROUNDS` more rounds look for one.

    Returns:
        Images of shape (n, 9, 9), all of kind ``kind`` and label ``label``.

    Raises:
        RuntimeError: No fresh image turned up at all (never seen for any kind).
    """
    pool: list[XOSet] = []
    have = 0
    for round_number in range(FRESH_ROUNDS + RESCUE_ROUNDS):
        if round_number >= FRESH_ROUNDS and have > 0:
            break
        size = 2 * (n - have) + 16 if round_number < FRESH_ROUNDS else RESCUE_BATCH
        batch = generate(kind, size, rng, label=label)
        fresh = np.array([key not in held_out for key in _keys(batch.images).tolist()])
        keep = np.flatnonzero(fresh)[: n - have]
        pool.append(XOSet(batch.images[keep], batch.labels[keep], batch.kinds[keep]))
        have += keep.size
        if have == n:
            return concat(pool)
    found = concat(pool)
    if have == 0:
        raise RuntimeError(f"no {CLASSES[label]} of kind {kind!r} outside the test set")
    pick = np.concatenate([np.arange(have), rng.integers(0, have, n - have)])
    return XOSet(found.images[pick], found.labels[pick], found.kinds[pick])


def split_counts(n: int) -> list[tuple[str, int, int]]:
    """How many images of each kind and label a training set of ``n`` holds.

    Each kind gets ``round(n * share)`` of :data:`TRAINING_MIX` while images are left, and the last
    kind what remains, so no count is negative and they sum to ``n`` (a set of 3 is one plain, one
    translated and one scaled image). A kind's images are half X, half O; where a kind's count is
    odd its extra image goes to X and O in turn, so the whole set holds ``(n + 1) // 2`` X's.

    Args:
        n: How many images, at least 0.

    Returns:
        ``(kind, label, count)`` for each kind in :data:`TRAINING_MIX` order, X (0) before O (1).

    >>> split_counts(3)
    [('plain', 0, 1), ('plain', 1, 0), ('translation', 0, 0), ('translation', 1, 1), \
('scaling', 0, 1), ('scaling', 1, 0), ('rotation', 0, 0), ('rotation', 1, 0), ('weight', 0, 0), \
('weight', 1, 0)]
    """
    shares = list(TRAINING_MIX.values())
    counts: list[int] = []
    left = n
    for share in shares[:-1]:
        count = min(round(n * share), left)
        counts.append(count)
        left -= count
    counts.append(left)
    split: list[tuple[str, int, int]] = []
    odd_to_x = True
    for kind, count in zip(TRAINING_MIX, counts, strict=True):
        x_count = o_count = count // 2
        if count % 2:
            if odd_to_x:
                x_count += 1
            else:
                o_count += 1
            odd_to_x = not odd_to_x
        split += [(kind, 0, x_count), (kind, 1, o_count)]
    return split


def training_set(n: int = 2048, seed: int = 0) -> XOSet:
    """A shuffled training set, balanced X/O, that shares no image with :func:`test_set`.

    Args:
        n: How many images, at least 2.
        seed: Seeds NumPy's generator; the same seed gives the same set.

    Returns:
        ``n`` images of shape (9, 9) mixed from every generated kind by :data:`TRAINING_MIX`
        (see :func:`split_counts`), ``(n + 1) // 2`` of them X's, shuffled.
    """
    if n < 2:
        raise ValueError(f"training set size must be >= 2, got {n}")
    rng = np.random.default_rng(seed)
    held_out = set(_keys(_test_set_cached().images).tolist())
    parts = [_fresh(kind, label, count, rng, held_out) for kind, label, count in split_counts(n)]
    joined = concat(parts)
    order = rng.permutation(len(joined))
    return XOSet(joined.images[order], joined.labels[order], joined.kinds[order])
