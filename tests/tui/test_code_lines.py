"""CodeLines: the playground's code panel repaints the lines that change, and wraps as a Static."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widgets import Static

from tui.app.widgets.code_lines import CodeLines

CODE = "\n".join(
    [
        "import torch",
        "x = torch.tensor([[3, 7, 9], [8, 1, 3], [7, 4, 6]])",
        "out = F.conv2d(x, w, b, stride=1, padding=(1, 1), dilation=1)",
        "print(out)",
    ]
)


class Drawn(CodeLines):
    """A CodeLines that records which lines it draws."""

    def __init__(self, text: str) -> None:
        super().__init__(text, id="code")
        self.drawn: list[int] = []

    def render_line(self, y: int) -> Strip:
        self.drawn.append(y)
        return super().render_line(y)


class Pair(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Drawn(self.text)
        yield Static(self.text, id="static", markup=False)


async def test_a_changed_line_is_the_only_line_drawn_again() -> None:
    app = Pair(CODE)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        code = app.query_one(Drawn)
        assert code.size.height == 4
        code.drawn.clear()
        code.set_text(CODE.replace("stride=1", "stride=2"))
        await pilot.pause()
        assert code.drawn == [2]
        assert code.size.height == 4
        line = "".join(segment.text for segment in code.render_line(2))
        assert "stride=2" in line and "stride=1" not in line


async def test_a_new_line_count_lays_the_panel_out_again() -> None:
    app = Pair(CODE)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        code = app.query_one(Drawn)
        code.set_text(CODE + "\n# torch agrees: largest difference 0")
        await pilot.pause()
        assert code.size.height == 5
        static = app.query_one("#static", Static)
        assert static.region.y == code.region.bottom  # what follows moved down


async def test_long_lines_wrap_as_a_static_wraps_them() -> None:
    app = Pair(CODE)
    async with app.run_test(size=(30, 30)) as pilot:
        await pilot.pause()
        code = app.query_one(Drawn)
        static = app.query_one("#static", Static)
        assert code.size.height == static.size.height > 4
        for y in range(code.size.height):
            mine = "".join(s.text for s in code.render_line(y)).rstrip()
            theirs = "".join(s.text for s in static.render_line(y)).rstrip()
            assert mine == theirs


async def test_lines_that_fit_are_drawn_as_a_static_draws_them() -> None:
    # Lines that fit are taken as they are, without the wrap; a tab
    # still expanded as the Static expands it, a wide character counted as two cells.
    text = "stride=2   \n\tpadded\n" + "全角" * 10 + "\n" + "x" * 30  # 20 characters, 40 cells
    app = Pair(text)
    async with app.run_test(size=(30, 30)) as pilot:
        await pilot.pause()
        code = app.query_one(Drawn)
        static = app.query_one("#static", Static)
        assert code.size.height == static.size.height == 5  # the wide line takes two
        for y in range(code.size.height):
            mine = "".join(s.text for s in code.render_line(y)).rstrip()
            theirs = "".join(s.text for s in static.render_line(y)).rstrip()
            assert mine == theirs
