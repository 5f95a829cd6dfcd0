"""The playground screen: pilot tests (edit, change, presets, invalid, save) and snapshots."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from lessons.playground import PlayState, preset
from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen
from tui.app.screens.playground import PlaygroundScreen
from tui.app.widgets.code_lines import CodeLines

Snap = Callable[..., bool]


def playground_app(state: PlayState, tmp_path: Path | None = None) -> Any:
    built = state.build()
    return create_app(
        data_dir=tmp_path,
        initial_screen=lambda: PlaygroundScreen(built, save_dir=tmp_path),  # type: ignore[arg-type,return-value]
    )


async def settled(pilot: Pilot[Any]) -> PlaygroundScreen:
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        board = screen.board if isinstance(screen, PlaygroundScreen) else None
        if board is not None and board.is_mounted:
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PlaygroundScreen)
    return screen


async def submit(pilot: Pilot[Any], field: str, text: str) -> None:
    screen = pilot.app.screen
    box = screen.query_one(f"#in-{field}", Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_stride_and_padding_change_the_output_keeping_the_window(tmp_path: Path) -> None:
    app = playground_app(PlayState.example(), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        assert screen.built.output.shape == (6, 6)
        screen.step = 2  # window at output (0, 1)
        await submit(pilot, "stride", "2")
        assert screen.built.output.shape == (3, 3)
        assert screen.current_out() == (0, 1)
        await submit(pilot, "padding", "0")
        assert screen.built.output.tolist() == [[0, 11], [9, 0]]  # deck 000, stride 2
        assert "⌊(6 + 2·0 − 3)/2⌋ + 1 = 2" in str(screen.built.playback.formula)


async def test_invalid_combination_keeps_the_last_state(tmp_path: Path) -> None:
    app = playground_app(PlayState.example(), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        before = screen.built
        await submit(pilot, "stride", "0")
        assert screen.built is before
        line = str(screen.query_one("#play-error", Static).render())
        assert "stride" in line and "0" in line
        await submit(pilot, "kernel", "1 1 1 1 1 1 1 1 1")
        await submit(pilot, "dilation", "9")
        assert screen.built is before
        assert "does not fit" in str(screen.error)
        await submit(pilot, "stride", "2")  # a valid change clears the line
        assert screen.error is None and screen.built.output.shape == (3, 3)


async def test_op_key_preset_key_and_ceil(tmp_path: Path) -> None:
    app = playground_app(PlayState.example(), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("o")  # convolve
        assert screen.built.state.op == "convolve"
        flipped = str(screen.query_one("#play-flipped", Static).render())
        assert "-1    0    1" in flipped or "-1  0  1" in flipped
        await pilot.press("k")
        assert screen.built.state.kernel.tolist() == preset("identity").kernel.tolist()
        await submit(pilot, "kernel", "sobel-y")
        assert screen.built.state.kernel.tolist() == preset("sobel-y").kernel.tolist()
        screen.set_focus(None)
        await pilot.press("o", "o")  # transposed, then max-pool
        assert screen.built.state.op == "max-pool"
        await submit(pilot, "padding", "0")
        await submit(pilot, "size", "3")
        await submit(pilot, "pool_stride", "2")
        assert screen.built.output.shape == (2, 2)
        screen.set_focus(None)
        await pilot.press("c")
        assert screen.built.output.shape == (3, 3)  # ceil mode: ⌈(6 − 3)/2⌉ + 1


async def test_edit_a_cell_and_save(tmp_path: Path) -> None:
    app = playground_app(PlayState.example().replace(padding=0), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        assert screen.built.output[0, 0] == 0
        board = screen.board
        assert board is not None
        await pilot.click(board.input_grids[0], offset=(1, 0))  # row 0, column 0
        for _ in range(20):
            await pilot.pause()
            if pilot.app.screen is not screen:
                break
        editor = pilot.app.screen.query_one("#cell-value", Input)
        editor.value = "10"
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause()
            if pilot.app.screen is screen:
                break
        assert screen.built.state.input[0, 0] == 10
        assert screen.built.output[0, 0] == 7  # the window's first product grew by 1*(10 - 3)
        await pilot.press("w")
        await pilot.pause()
        saved = screen.saved
        assert saved is not None and saved.parent == tmp_path
        from lessons import load_file
        from lessons.playback import prepare

        lesson = load_file(saved)
        np.testing.assert_array_equal(prepare(lesson.scenes[0]).output, screen.built.output)


async def test_resize_keys_and_stepping(tmp_path: Path) -> None:
    app = playground_app(PlayState.example(), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("ctrl+down", "ctrl+right", "ctrl+right")
        assert screen.built.state.input.shape == (7, 8)
        await pilot.press("right", "right")
        assert screen.step == 2
        await pilot.press("end")
        assert screen.step == screen.timeline.total == 7 * 8


async def test_e_in_a_lesson_opens_the_scene_in_the_playground() -> None:
    app = create_app(open_lesson=("000-convolution", 0, 0))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, LessonScreen):
                break
        lesson_screen = app.screen
        assert isinstance(lesson_screen, LessonScreen)
        index = next(
            i for i, s in enumerate(lesson_screen.lesson.scenes) if s.kind == "correlate2d"
        )
        lesson_screen.goto(scene=index)
        await pilot.pause()
        await pilot.press("e")
        screen = await settled(pilot)
        from lessons.playback import prepare

        scene = lesson_screen.lesson.scenes[index]
        np.testing.assert_array_equal(screen.built.output, prepare(scene).output)


async def test_home_and_palette_reach_the_playground() -> None:
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.open_playground()
        screen = await settled(pilot)
        assert screen.built.output.shape == (6, 6)
        await pilot.press("escape")
        for _ in range(50):
            await pilot.pause()
            if not isinstance(app.screen, PlaygroundScreen):
                break
        await pilot.press("ctrl+p")
        await pilot.press(*"playground")
        for _ in range(100):
            await pilot.pause()
            if (
                "Open playground"
                in str(app.screen.query("CommandList").first().get_option_at_index(0).prompt)
                if app.screen.query("CommandList")
                and app.screen.query("CommandList").first().option_count
                else False
            ):
                break
        await pilot.press("enter")
        screen = await settled(pilot)
        assert screen.built.output.shape == (6, 6)


SNAPSHOT_STATES = {
    "correlation-padding": PlayState.example(),
    "convolution-flipped": PlayState.example().replace(
        op="convolve", kernel=preset("sobel-x").kernel, padding=0
    ),
    "max-pool-ceil": PlayState.example().replace(
        op="max-pool", size=3, pool_stride=2, ceil_mode=True, padding=0
    ),
    "transposed-stride-2": PlayState(
        np.array([[0.0, 1.0], [2.0, 3.0]]),
        np.array([[0.0, 1.0], [2.0, 3.0]]),
        op="transposed",
        stride=2,
    ),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", list(SNAPSHOT_STATES))
def test_snapshot(name: str, size: tuple[int, int], snap_compare: Snap, tmp_path: Path) -> None:
    app = playground_app(SNAPSHOT_STATES[name], tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await settled(pilot)
        screen.step = 3
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_count_include_pad_key_and_per_side_pool_padding(tmp_path: Path) -> None:
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    state = PlayState(x, op="avg-pool", size=2, pool_stride=1, padding=[[1, 0], [1, 0]])
    app = playground_app(state, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        # torch: F.avg_pool2d(F.pad(x, (1, 0, 1, 0)), 2, stride=1): the corner is 1/4
        assert screen.built.output[0, 0] == 0.25
        await pilot.press("i")
        assert screen.built.output[0, 0] == 1.0  # only the one real cell counts
        assert "padding not counted" in str(screen.query_one("#play-status", CodeLines).render())


async def torch_difference(pilot: Pilot[Any], screen: PlaygroundScreen) -> float:
    """Press t (run the torch code in a worker) and wait for its largest difference."""
    await pilot.press("t")
    await pilot.app.workers.wait_for_complete()
    for _ in range(2000):  # a safety net of pauses, not a clock
        if screen.torch_difference is not None:
            return screen.torch_difference
        await pilot.pause()
    raise AssertionError("the torch run never reported")


async def test_torch_key_runs_the_code_in_a_worker(tmp_path: Path) -> None:
    app = playground_app(PlayState.example().replace(stride=2), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        assert await torch_difference(pilot, screen) < 1e-12
        assert "torch agrees" in screen.query_one("#play-torch", CodeLines).text


async def test_predict_before_reveal_asks_for_the_next_cell(tmp_path: Path) -> None:
    from tui.app.screens.predict import PredictScreen

    app = playground_app(PlayState.example().replace(padding=0), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("g", "right")
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, PredictScreen):
                break
        assert isinstance(app.screen, PredictScreen)
        await pilot.press("0", "enter")  # deck 000: the first window is 0
        for _ in range(20):
            await pilot.pause()
            if getattr(app.screen, "verdict", None) is not None:
                break
        assert app.screen.verdict.right  # type: ignore[attr-defined]
        await pilot.press("enter")  # reveal
        for _ in range(40):
            await pilot.pause()
            if screen.step == 1:
                break
        assert screen.step == 1


async def test_home_entry_opens_the_playground(tmp_path: Path) -> None:
    from tui.app.screens.home import PLAYGROUND, HomeScreen

    app = create_app(data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.open_option(PLAYGROUND)
        screen = await settled(pilot)
        assert screen.built.output.shape == (6, 6)


async def test_transposed_convolution_is_stepped_one_input_cell_at_a_time(tmp_path: Path) -> None:
    from tui.app.widgets.transposed_board import TransposedBoard

    # d2l.ai, "Transposed Convolution": X = [[0, 1], [2, 3]], K = [[0, 1], [2, 3]]
    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    state = PlayState(x, x.copy(), op="transposed")
    app = playground_app(state, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        board = screen.board
        assert isinstance(board, TransposedBoard)
        assert screen.timeline.total == 4  # one step per input cell
        await pilot.press("right", "right")
        assert board.canvas_grid.values.tolist() == [[0, 0, 1], [0, 2, 3], [0, 0, 0]]
        await pilot.press("end")
        assert board.canvas_grid.values.tolist() == [[0, 0, 1], [0, 4, 6], [4, 12, 9]]
        assert screen.built.output.tolist() == [[0, 0, 1], [0, 4, 6], [4, 12, 9]]


async def test_layers_stack_and_the_receptive_field_lights_every_map(tmp_path: Path) -> None:
    app = playground_app(PlayState.example().replace(padding=0), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("a", "a")  # ReLU, then a 2x2 max pool
        assert [layer.op for layer in screen.built.state.layers] == ["relu", "max-pool"]
        assert screen.built.scene.kind == "pipeline"
        assert screen.built.output.shape == (2, 2)
        view = screen.receptive
        assert view is not None
        for _ in range(20):
            await pilot.pause()
            if view.grids:
                break
        await pilot.click(view.grids[-1], offset=(1, 0))  # last map, cell (0, 0)
        for _ in range(20):
            await pilot.pause()
            if view.boxes:
                break
        # 3x3 filter, ReLU (1x1), 2x2 pool of stride 2: r = 1 + 2·1 + 0·1 + 1·1 = 4
        rows, cols = view.boxes[0]
        assert (rows, cols) == (range(0, 4), range(0, 4))
        assert "= 4; effective stride 1·1·2 = 2" in view.formula
        await pilot.press("end")  # the last stage's board
        assert screen.board is not None and screen.board.playback.kind == "pool2d"
        await pilot.press("x")
        assert [layer.op for layer in screen.built.state.layers] == ["relu"]


def test_snapshot_layers_with_the_receptive_field(snap_compare: Snap, tmp_path: Path) -> None:
    from lessons.playground.layers import Layer

    state = PlayState.example().replace(
        padding=0, layers=(Layer("relu"), Layer("max-pool", size=2))
    )
    app = playground_app(state, tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await settled(pilot)
        assert screen.receptive is not None
        screen.receptive.light((1, 0))
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


async def test_a_large_input_is_elided_in_the_panel_and_copied_whole(tmp_path: Path) -> None:
    x = np.arange(100.0).reshape(10, 10)
    app = playground_app(PlayState(x, np.ones((3, 3))), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        panel = screen.query_one("#play-torch", CodeLines).text
        assert "[[0, …], …]" in panel and "y copies" in panel
        await pilot.press("y")
        await pilot.pause()
        copied = app.clipboard
        assert "[90, 91, 92, 93, 94, 95, 96, 97, 98, 99]" in copied and "…" not in copied
        compile(copied, "copied", "exec")


async def test_divisor_field_and_a_preset_with_a_fraction(tmp_path: Path) -> None:
    app = playground_app(PlayState(np.full((5, 5), 9.0), np.ones((3, 3))), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        assert screen.built.output[0, 0] == 81
        await submit(pilot, "divisor", "9")
        assert screen.built.output[0, 0] == 9  # a box blur of a constant 9
        await submit(pilot, "divisor", "0")
        assert screen.built.state.divisor == 9 and "divisor" in str(screen.error)
        await submit(pilot, "kernel", "gaussian-5x5")
        assert screen.built.state.divisor == 273
        assert screen.query_one("#in-divisor", Input).value == "273"
        assert screen.built.output.tolist() == [[9.0]]  # the 1/273 weights sum to 1


async def test_zero_pad_key_switches_max_pooling_padding(tmp_path: Path) -> None:
    x = -np.arange(1.0, 10.0).reshape(3, 3)
    app = playground_app(PlayState(x, op="max-pool", size=2, padding=1), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        # torch's max_pool2d pads with -inf: the corners keep their real cell
        assert screen.built.output.tolist() == [[-1, -2], [-4, -5]]
        edge = str(screen.query_one("#play-edge", Static).render())
        assert "−∞ padding" in edge and "would change 3 of 4" in edge
        await pilot.press("z")
        await pilot.pause()
        # F.pad's zeros win in every window that holds padding
        assert screen.built.output.tolist() == [[0, 0], [0, -5]]
        assert "zero padding" in str(screen.query_one("#play-status", CodeLines).render())
        assert "F.pad(x, (1, 1, 1, 1))" in screen.query_one("#play-torch", CodeLines).text
        await pilot.press("z")
        await pilot.pause()
        assert not screen.built.state.zero_pad
        await pilot.press("o")  # avg-pool: z says what it is for and changes nothing
        await pilot.press("z")
        await pilot.pause()
        assert screen.built.state.op == "avg-pool" and not screen.built.state.zero_pad


async def test_module_key_shows_nn_modules_with_the_weights_set_and_runs_them(
    tmp_path: Path,
) -> None:
    app = playground_app(PlayState.example().replace(stride=2), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        panel = screen.query_one("#play-torch", CodeLines)
        assert "F.conv2d(x, w, b" in panel.text
        await pilot.press("m")
        await pilot.pause()
        text = panel.text
        assert "nn.Conv2d(1, 1, (3, 3), stride=2" in text and "conv.weight.copy_(w)" in text
        assert "F.conv2d" not in text
        assert await torch_difference(pilot, screen) < 1e-12
        await pilot.press("o", "o", "o")  # convolve, transposed, max-pool
        await pilot.pause()
        assert screen.built.state.op == "max-pool"
        assert "nn.MaxPool2d(2, stride=2" in panel.text
        await pilot.press("m")
        await pilot.pause()
        assert "F.max_pool2d(x, 2, stride=2" in panel.text


def _footer_actions(screen: PlaygroundScreen) -> set[str]:
    from textual.widgets._footer import FooterKey

    return {key.action for key in screen.query(FooterKey)}


async def _footer_settles(pilot: Pilot[Any], screen: PlaygroundScreen, wanted: str) -> set[str]:
    for _ in range(50):  # a safety net: the footer recomposes when the bindings change
        await pilot.pause()
        actions = _footer_actions(screen)
        if wanted in actions:
            return actions
    return _footer_actions(screen)


async def test_the_footer_shows_the_keys_the_operation_has(tmp_path: Path) -> None:
    """z (zero padding), c (ceil) and m (nn modules) were in no footer; k showed for pooling."""
    x = np.arange(36.0).reshape(6, 6)
    app = playground_app(PlayState(x, op="max-pool", size=2), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        actions = await _footer_settles(pilot, screen, "toggle_zero_pad")
        assert {"toggle_zero_pad", "toggle_ceil", "toggle_module"} <= actions
        assert "next_preset" not in actions  # pooling has no kernel to pick
        assert "toggle_count_pad" not in actions  # average pooling's
        await pilot.press("o")  # avg-pool
        actions = await _footer_settles(pilot, screen, "toggle_count_pad")
        assert screen.built.state.op == "avg-pool"
        assert {"toggle_count_pad", "toggle_ceil"} <= actions
        assert "toggle_zero_pad" not in actions
        await pilot.press("o", "o", "o")  # relu, bias, correlate
        actions = await _footer_settles(pilot, screen, "next_preset")
        assert screen.built.state.op == "correlate"
        assert "toggle_ceil" not in actions and "toggle_zero_pad" not in actions
        # the keys that are hidden do nothing: c leaves a correlation's output as it was
        before = screen.built.output.tolist()
        await pilot.press("c")
        await pilot.pause()
        assert screen.built.output.tolist() == before and not screen.built.state.ceil_mode
