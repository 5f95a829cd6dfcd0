"""The lesson screen steps a backward scene: the gradient grid fills cell by cell, as torch says."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.lesson import LessonScreen

SIZE = (120, 40)
DECK000 = np.array(
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
EDGE = np.array([[1, 0, -1]] * 3, dtype=float)
UPSTREAM = np.array([[1, 0, 0, -1], [0, 2, 0, 0], [0, 0, -1, 0], [1, 0, 0, 1]], dtype=float)


def torch_grads() -> tuple[np.ndarray, np.ndarray]:
    x = torch.tensor(DECK000, requires_grad=True)
    k = torch.tensor(EDGE, requires_grad=True)
    (F.conv2d(x[None, None], k[None, None])[0, 0] * torch.from_numpy(UPSTREAM)).sum().backward()
    assert x.grad is not None and k.grad is not None
    return x.grad.numpy(), k.grad.numpy()


async def until(pilot: object, condition: Callable[[], bool], limit: int = 12000) -> None:
    """Wait for ``condition``, a bounded number of pauses (the bound is only a safety net)."""
    for _ in range(limit):
        if condition():
            return
        await pilot.pause()  # type: ignore[attr-defined]
    raise AssertionError("the condition never held")


def laid_out(app: CnnTutorApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, LessonScreen)
        and screen.board is not None
        and bool(screen.board.output_grids)
        and all(grid.region.width > 0 for grid in screen.board.output_grids)
    )


def rows(screen: LessonScreen, count: int) -> list[list[str]]:
    assert screen.board is not None
    grid = screen.board.output_grids[0]
    return [
        grid.render_line(r).text.replace("[", " ").replace("]", " ").split() for r in range(count)
    ]


def numbers(array: np.ndarray) -> list[list[str]]:
    return [[f"{v:g}" for v in row] for row in array]


async def test_the_kernel_gradient_fills_cell_by_cell() -> None:
    app = create_app(open_lesson=("050-backprop", 1, 0))
    _, dk = torch_grads()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: laid_out(app))
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.board is not None
        assert rows(screen, 3) == [["·"] * 3] * 3
        await pilot.press("right")
        await until(pilot, lambda: screen.step == 1)
        await pilot.pause()
        text = str(screen.board.query_one("#arithmetic").render())
        assert text == (
            "∂L/∂w₁₁ = 3*1 + 7*0 + 9*0 + 1*-1 + 8*0 + 1*2 + 3*0 + 3*0 + 7*0 + 4*0 + 6*-1 + 4*0"
            " + 4*1 + 4*0 + 1*0 + 9*1 = 11"
        )
        assert rows(screen, 1) == [[f"{dk[0, 0]:g}", "·", "·"]]
        formula = str(screen.board.query_one("#formula").render())
        assert formula.startswith("rule: ∂L/∂k = x ⋆ ∂L/∂y")
        await pilot.press("end")
        await until(pilot, lambda: screen.step == 9)
        await pilot.pause()
        assert rows(screen, 3) == numbers(dk)


async def test_the_input_gradient_ends_as_torch_computes_it() -> None:
    app = create_app(open_lesson=("050-backprop", 2, 0))
    dx, _ = torch_grads()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: laid_out(app))
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.board is not None
        await pilot.press("end")
        await until(pilot, lambda: screen.step == 36)
        await pilot.pause()
        assert rows(screen, 6) == numbers(dx)
        text = str(screen.board.query_one("#arithmetic").render())
        assert text == "∂L/∂x₆₆ = -1*1 = -1 (window (4,4))"
