"""A grid given as a numpy array (the playground's state) is checked as the same lists are.

The playground used to write a 28x28 input out as nested lists for the lesson schema to parse
back, 784 numbers at each parameter change; an array now goes in as it is, with the same
rules: finite numbers, at most MAX_CELLS, never empty.
"""

from __future__ import annotations

import numpy as np
import pytest
from pydantic_core import PydanticCustomError

from lessons.arrays import MAX_CELLS, parse_grid


def test_an_array_reads_as_its_lists_do() -> None:
    x = np.arange(-4, 5).reshape(3, 3)
    from_array = parse_grid(x, "input")
    from_lists = parse_grid(x.tolist(), "input")
    assert from_array.dtype == np.float64 and from_array.shape == (3, 3)
    assert np.array_equal(from_array, from_lists)
    assert not from_array.flags.writeable
    x[0, 0] = 99  # a copy: the caller's array may change after
    assert from_array[0, 0] == -4


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (np.array([[1.0, np.nan]]), "input holds nan"),
        (np.array([[1.0, np.inf]]), "input holds inf"),
        (np.zeros((0, 3)), "input is an empty list"),
        (np.zeros(MAX_CELLS + 1), f"has {MAX_CELLS + 1} numbers"),
    ],
    ids=["nan", "inf", "empty", "too-many"],
)
def test_an_array_is_refused_as_its_lists_would_be(value: np.ndarray, words: str) -> None:
    with pytest.raises(PydanticCustomError) as caught:
        parse_grid(value, "input")
    assert words in caught.value.message()
