"""The board's layout: how a playback's arrays split into 2-D panes, and what each panel is called.

Worked out once per playback, before any widget exists: the input's channels (padded), the
kernel (or the current kernel of several), the output's maps, which cells are real (not padding),
and the titles above them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.types import FloatArray
from lessons.playback import Playback

__all__ = ["Layout", "layout_of", "panes"]


def panes(array: FloatArray | None, spatial: int) -> tuple[FloatArray, ...]:
    """Split an array into 2-D panes: (H, W) → 1; (C, H, W) → C; 1-D (L,) or (C, L) → 1.

    Args:
        array: The array, or None (no panes).
        spatial: 1 for a 1-D scene (its channels become the pane's rows), 2 for a 2-D scene.
    """
    if array is None:
        return ()
    if spatial == 1:
        if array.ndim == 1:
            return (array.reshape(1, -1),)
        return (array.reshape(-1, array.shape[-1]),)
    if array.ndim <= 2:
        return (array.reshape((1, -1)) if array.ndim == 1 else array,)
    return tuple(array.reshape((-1, *array.shape[-2:])))


@dataclass(frozen=True)
class Layout:
    """How a playback's arrays split into panes (2-D grids), and their titles.

    Attributes:
        kind: The playback's kind (the operator and the titles depend on it).
        spatial: 1 for 1-D scenes, 2 for 2-D scenes (0 for a scene without arrays).
        input_panes: The padded input as 2-D panes: one per channel in 2-D, one (rows =
            channels) in 1-D.
        real: The real (unpadded) cells of every input pane, (top, bottom, left, right).
        output_panes: The output as 2-D panes: one per output map in 2-D, one in 1-D.
        kernel: The kernel (or vote weights), or None.
        output_real: The real cells of the output panes when the output is padded (a padding
            scene), else None.
        padded: Whether the input is drawn with padding around it.
        labels: A vote's labels (the output's title), else ().
        pooled_by_channel: Whether each input channel is pooled on its own into its own map.
        titles: A backward scene's (input, kernel, output) titles and, where the kernel panel
            does not meet the window, the sign before it; else ().
    """

    kind: str
    spatial: int
    input_panes: tuple[FloatArray, ...]
    real: tuple[int, int, int, int]
    output_panes: tuple[FloatArray, ...]
    kernel: FloatArray | None
    output_real: tuple[int, int, int, int] | None
    padded: bool
    labels: tuple[str, ...]
    pooled_by_channel: bool
    titles: tuple[str, ...] = ()

    @property
    def kernel_ndim(self) -> int:
        """The kernel's number of axes (0 when there is no kernel)."""
        return 0 if self.kernel is None else self.kernel.ndim

    @property
    def kernel_stack(self) -> bool:
        """Whether the kernel holds several kernels of their own channels: (K, C, F, G)."""
        return self.kernel is not None and self.kernel.ndim >= self.spatial + 2

    @property
    def kernel_bank(self) -> bool:
        """Whether the kernels are K single-channel ones: (K, F, G) on an (H, W) input."""
        kernel = self.kernel
        return (
            kernel is not None
            and self.spatial == 2
            and kernel.ndim == 3
            and len(self.input_panes) == 1
            and len(self.output_panes) == kernel.shape[0] > 1
        )

    def kernel_panes(self, k: int) -> tuple[FloatArray, ...]:
        """The panes of kernel ``k`` (of a stack), or of the whole kernel."""
        kernel = self.kernel
        if kernel is None:
            return ()
        if self.kernel_stack:
            kernel = kernel[k]
        return panes(kernel, self.spatial)

    def output_cell(self, index: Sequence[int]) -> tuple[int, int, int] | None:
        """Where an output index is drawn: (output pane, row, column), or None outside."""
        index = tuple(int(i) for i in index)
        if not self.output_panes or not index:
            return None
        if self.spatial != 1 and len(index) >= 3:
            pane, row, col = index[0], index[-2], index[-1]
        else:
            pane, row, col = 0, (index[0] if len(index) > 1 else 0), index[-1]
        if not 0 <= pane < len(self.output_panes):
            return None
        rows, cols = self.output_panes[pane].shape
        if not (0 <= row < rows and 0 <= col < cols):
            return None
        return pane, row, col

    # ------------------------------------------------------------------ titles
    @property
    def operator(self) -> str:
        """The sign between input and kernel: ⋆ correlation, ∗ convolution, ⋆ᵀ transposed."""
        if len(self.titles) > 3:
            return self.titles[3]
        if "transposed" in self.kind:
            return " ⋆ᵀ"
        return " ∗ " if "convolve" in self.kind else " ⋆ "

    @property
    def input_title(self) -> str:
        """``input``, ``input, padded``, with the channel count when there are several."""
        if self.titles:
            return self.titles[0]
        title = "input, padded" if self.padded and self.output_real is None else "input"
        if len(self.input_panes) > 1:
            title += f" ({len(self.input_panes)} channels)"
        return title

    def kernel_title(self, k: int) -> str:
        """``kernel``, ``kernel 2 of 3`` for several, ``vote weights`` for a vote."""
        kernel = self.kernel
        if kernel is None:
            return ""
        if self.kind == "vote":
            return "vote weights"
        if self.titles:
            return self.titles[1]
        if self.kernel_stack or self.kernel_bank:
            return f"kernel {k + 1} of {kernel.shape[0]}"
        return "kernel"

    @property
    def output_title(self) -> str:
        """``output``, ``output (3 maps)``, ``padded``, or a vote's ``votes: X, O``."""
        if self.labels:
            return "votes: " + ", ".join(self.labels)
        if self.titles:
            return self.titles[2]
        if self.output_real is not None:
            return "padded"
        maps = len(self.output_panes)
        return "output" if maps == 1 else f"output ({maps} maps)"


def layout_of(playback: Playback) -> Layout:
    """Work out the panes of a playback."""
    spatial = len(playback.pad)
    pad = playback.pad
    padding_scene = playback.kind == "pad"
    # A padding scene's result is the padding: the input as given, the output padded.
    source = playback.input if padding_scene or playback.padded is None else playback.padded
    input_panes = panes(source, spatial)
    output_panes = panes(playback.output, spatial)
    framed = output_panes if padding_scene else input_panes
    rows, cols = framed[0].shape if framed else (0, 0)
    if spatial == 2:
        (top, bottom), (left, right) = pad
        real = (top, rows - bottom, left, cols - right)
    elif spatial == 1:
        ((left, right),) = pad
        real = (0, rows, left, cols - right)
    else:
        real = (0, rows, 0, cols)
    if padding_scene and input_panes:
        input_real = (0, input_panes[0].shape[0], 0, input_panes[0].shape[1])
    else:
        input_real = real
    trace = playback.trace
    return Layout(
        kind=playback.kind,
        spatial=spatial,
        input_panes=input_panes,
        real=input_real,
        output_panes=output_panes,
        kernel=playback.kernel,
        output_real=real if padding_scene else None,
        padded=any(side for pair in pad for side in pair),
        labels=playback.labels,
        pooled_by_channel=(
            trace is not None and trace.kind == "pool" and spatial == 2 and len(input_panes) > 1
        ),
        titles=playback.titles,
    )
