"""What each lesson-file key means, with a one-line example: the words of the format reference.

:mod:`lessons.reference` reads the keys, types and defaults from the schema's models and takes the
words from here: an entry ``"kind.key"`` (for one kind, or ``"Record.key"`` for one record) wins
over ``"key"``. A key missing here falls back to the ``Attributes:`` section of its model's
docstring; the tests require every key of every kind to have words and an example.
"""

from __future__ import annotations

__all__ = ["KEY_DOCS"]

KEY_DOCS: dict[str, tuple[str, str]] = {
    # The lesson.
    "Lesson.id": (
        "Unique lesson id: letters, digits, '-', '_' and '.'; used by progress and --lesson",
        "id: 015-my-lesson",
    ),
    "Lesson.title": ("The lesson's title", "title: Stride and padding"),
    "Lesson.deck": (
        "The seed deck this lesson mirrors; leave it out for a lesson beyond the decks",
        "deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344 Deep Learning}",
    ),
    "Lesson.summary": ("One line for the lesson list", "summary: A 3x3 filter over a 6x6 image."),
    "Lesson.display": (
        "How every scene writes numbers unless it says otherwise (see Display)",
        "display: {decimals: 2, mode: truncate}",
    ),
    "Lesson.scenes": ("The scenes in teaching order, at least one", "scenes: [{kind: text, ...}]"),
    "source": (
        "A citation: a title or page address, or a mapping (see Citation); shown in the app",
        "source: {title: Dive into Deep Learning, url: https://d2l.ai/}",
    ),
    # Every scene.
    "kind": ("Which kind of scene (or stage) this is", "kind: correlate2d"),
    "title": ("A heading for the scene", "title: Stride 2"),
    "slide": (
        "The deck's slide it follows: its title, or {title, line, note, deck} (see SlideRef)",
        "slide: {title: Stride of 2, line: 454}",
    ),
    "narration": (
        "Markdown; {step}, {steps}, {value} and {text} are filled in as the steps play",
        "narration: 'Step {step} of {steps}: {text}'",
    ),
    "display": (
        "How this scene writes numbers (see Display)",
        "display: {decimals: 2, mode: round}",
    ),
    "erratum": (
        "A known error on the slide: the tutor shows the correction (see Erratum)",
        "erratum: {note: The slide adds wrongly., cells: [{at: [1, 0], slide: 7, correct: 9}]}",
    ),
    "reconstructed": (
        "Which numbers the extracted slide lost and how they were rebuilt",
        "reconstructed: The slide's last row was cut off; it is recomputed.",
    ),
    "quiz": (
        "Questions about this scene (see QuizQuestion)",
        "quiz: [{ask: What is cell (row 2, column 2)?, cell: [1, 1]}]",
    ),
    # Arrays.
    "input": (
        "The input grid: a block of rows, nested lists, or a list of blocks (one per channel)",
        "input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]",
    ),
    "kernel": (
        "The kernel (filter) grid; one per input channel for a stack",
        "kernel: [[1, 0], [0, -1]]",
    ),
    "kernels": (
        "Several kernels, one output map each (K×F×G, or K×C×F×G for a stack)",
        "kernels: [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]",
    ),
    "expect": (
        "The output exactly as the slide prints it ('.' for a blank cell); check recomputes it",
        "expect: [[0, 11], [9, 0]]",
    ),
    "stride": ("How far the window moves: an int, or [rows, columns]", "stride: 2"),
    "padding": (
        "Zeros around the input: an int, [rows, columns], [[top, bottom], [left, right]], "
        "valid or same",
        "padding: [[1, 0], [1, 0]]",
    ),
    "bias": ("Added to every output cell: a number, or one per kernel", "bias: 1"),
    "dilation": ("Spacing between kernel taps: an int, or [rows, columns]", "dilation: 2"),
    "divisor": ("Every output is divided by it (deck 003 averages with 9)", "divisor: 9"),
    "correlate1d.input": ("A row (L), or one row per channel (C×L)", "input: [1, 0, 2, 3]"),
    "correlate1d.kernel": ("The kernel: a row (one per channel for C×L)", "kernel: [-1, 1, -1]"),
    "correlate1d.kernels": ("Several kernels, one output row each", "kernels: [[1, -1], [-1, 1]]"),
    "correlate1d.stride": ("How far the window moves", "stride: 2"),
    "correlate1d.padding": (
        "Zeros at each end: an int, [[before, after]], valid or same",
        "padding: 1",
    ),
    "correlate1d.dilation": ("Spacing between kernel taps", "dilation: 2"),
    "gradient-magnitude.input": (
        "The input grid (H×W), e.g. a photograph: {image: camera}",
        "input: {image: camera}",
    ),
    "gradient-magnitude.kernels": (
        "The two kernels Gx and Gy, of one shape (default: Sobel x and Sobel y)",
        "kernels: [[[1, 0, -1], [2, 0, -2], [1, 0, -1]], [[1, 2, 1], [0, 0, 0], [-1, -2, -1]]]",
    ),
    "gradient-magnitude.expect": (
        "The magnitude map √(Gx² + Gy²) as the source prints it; check recomputes it",
        "expect: [[36, 36], [28.5, 38.2]]",
    ),
    "pool1d.input": ("A row (L), or one row per channel (C×L)", "input: [1, 3, 2, 4]"),
    "stage.title": ("A heading for the stage", "title: ReLU"),
    "stage.narration": ("Markdown, filled in like a scene's", "narration: '{text}'"),
    "stage.display": ("How this stage writes numbers (see Display)", "display: {decimals: 2}"),
    "stage.erratum": (
        "A known error on the slide at this stage (see Erratum)",
        "erratum: {note: ...}",
    ),
    "multichannel.input": (
        "A stack of channels (C×H×W): a list of blocks",
        "input: [[[1, 2], [3, 4]], [[0, 1], [1, 0]]]",
    ),
    # Pooling.
    "size": ("The pooling window: an int, or [rows, columns]", "size: 2"),
    "pool1d.size": ("The pooling window's length", "size: 2"),
    "pool2d.stride": ("How far the window moves (default: the window's size)", "stride: 2"),
    "pool1d.stride": ("How far the window moves (default: the window's size)", "stride: 2"),
    "mode": ("max or avg", "mode: avg"),
    "pool2d.padding": (
        "Padding around the input (-inf for max, 0 for avg): an int, [rows, columns], or "
        "[[top, bottom], [left, right]]; at most half the window",
        "padding: 1",
    ),
    "pool1d.padding": ("Padding at each end (at most half the window)", "padding: 1"),
    "ceil_mode": (
        "Keep a last window that hangs over the edge (torch's ceil_mode)",
        "ceil_mode: true",
    ),
    "count_include_pad": (
        "Average pooling only: count padded zeros in the divisor (torch's count_include_pad; "
        "false divides by the real cells only)",
        "count_include_pad: false",
    ),
    "pad_value": (
        "Max pooling only: what the padding holds, -inf (torch's max_pool2d, the default) or 0 "
        "(zero padding: F.pad, then max_pool2d)",
        "pad_value: 0",
    ),
    # Padding, transposed.
    "pad.padding": (
        "How many cells to add: an int, [rows, columns], or [[top, bottom], [left, right]]",
        "padding: [2, 1]",
    ),
    "value": ("The number the padding is filled with", "value: 0"),
    "output_padding": (
        "Extra rows and columns added to one side of a transposed output",
        "output_padding: 1",
    ),
    # Layers.
    "bias.bias": ("The bias added: a number, or one per channel", "bias: [1, -1]"),
    # Output size.
    "input_size": (
        "n, [H, W], or [H, W, C] (C does not change the spatial size); [D, H, W] with dims: 3",
        "input_size: [32, 32, 3]",
    ),
    "output-size.kernel_size": ("f, or [F, G] (three numbers with dims: 3)", "kernel_size: 5"),
    "output-size.filters": (
        "The number of kernels: appended to the output shape as its depth",
        "filters: 10",
    ),
    "output-size.dims": (
        "The layer's spatial axes: 1, 2 (the default) or 3 (torch's Conv3d)",
        "dims: 3",
    ),
    "transposed": (
        "Use the transposed relation (n - 1)s - 2p + d(f - 1) + op + 1",
        "transposed: true",
    ),
    "output-size.expect": ("The output shape as the slide prints it", "expect: 32x32x10"),
    "output-size.stride": ("An int, or one per axis", "stride: 2"),
    "output-size.padding": ("An int, one per axis, per side, valid, same or full", "padding: same"),
    "output-size.dilation": ("An int, or one per axis", "dilation: 1"),
    "output-size.output_padding": ("Transposed only: an int, or one per axis", "output_padding: 1"),
    # Parameter count.
    "layer": ("conv, dense or pool (pooling has no parameters)", "layer: conv"),
    "param-count.dims": ("A conv layer's spatial axes: 1, 2 (the default) or 3", "dims: 1"),
    "param-count.kernel_size": (
        "f (f×f for a 2-D layer), or one size per axis such as [3, 5] or '5x5'",
        "kernel_size: 5",
    ),
    "in_channels": ("The channels each kernel spans", "in_channels: 3"),
    "param-count.filters": ("The number of kernels (output channels)", "filters: 10"),
    "param-count.bias": ("Whether each kernel (or output) has a bias", "bias: false"),
    "inputs": ("A dense layer's inputs", "inputs: 4096"),
    "outputs": ("A dense layer's outputs", "outputs: 1000"),
    "param-count.expect": ("The count the slide prints", "expect: 760"),
    # Network.
    "network.input_size": (
        "The input, [H, W, C] or [H, W]: chains each layer's size and channels from it",
        "input_size: [224, 224, 3]",
    ),
    "layers": (
        "The layers in order (see NetworkLayer)",
        "layers: [{layer: conv, kernel_size: 3, filters: 64, padding: 1}, {layer: pool, "
        "kernel_size: 2}]",
    ),
    "network.expect": ("The total parameter count the source prints", "expect: 138357544"),
    "NetworkLayer.layer": ("conv, pool, dense or flatten", "layer: conv"),
    "NetworkLayer.name": ("How the source names the layer", "name: conv3_1"),
    "NetworkLayer.kernel_size": ("A conv or pool window: f (f×f), or [F, G]", "kernel_size: 3"),
    "NetworkLayer.filters": ("A conv layer's kernels (its output channels)", "filters: 64"),
    "NetworkLayer.in_channels": (
        "A conv layer's input channels (default: from the layer before)",
        "in_channels: 3",
    ),
    "NetworkLayer.stride": (
        "A conv layer's step (default 1), a pool layer's (default: its window)",
        "stride: 2",
    ),
    "NetworkLayer.padding": ("Zeros around the input: an int or [rows, columns]", "padding: 1"),
    "NetworkLayer.inputs": (
        "A dense layer's inputs (default: the previous output, flattened)",
        "inputs: 25088",
    ),
    "NetworkLayer.outputs": ("A dense layer's outputs", "outputs: 4096"),
    "NetworkLayer.bias": ("Whether a conv or dense layer has biases", "bias: false"),
    "NetworkLayer.params": ("The layer's parameter count as printed (checked)", "params: 1792"),
    "NetworkLayer.size": ("The layer's output size as printed (checked)", "size: 224x224x64"),
    # Pipeline and vote.
    "stages": (
        "The chain of stages, each fed the previous stage's output (see Pipeline stages)",
        "stages: [{kind: correlate2d, kernel: ...}, {kind: relu}, {kind: pool2d, size: 2}]",
    ),
    "pipeline.input": ("The image the chain starts from", "input: [[1, -1], [-1, 1]]"),
    "pipeline.expect": ("Optionally the last stage's output", "expect: [[0.55, 0.33]]"),
    "labels": ("The answers voted on", "labels: [X, O]"),
    "weights": (
        "One row of weights per label, as long as the flattened input",
        "weights: [[1, 0], [0, 1]]",
    ),
    "vote.bias": ("Added to each score: a number, or one per label", "bias: 0"),
    "vote.divisor": ("Each score is divided by it", "divisor: 2"),
    # Records.
    "DeckRef.file": (
        "The seed deck's file name (three digits, '_', sixteen hex digits, .txt)",
        "file: 004_49149de07628b17c.txt",
    ),
    "DeckRef.course": (
        "The course the deck belongs to; the app groups lessons by it",
        "course: CS344 Deep Learning",
    ),
    "SlideRef.title": ("The slide's heading as the deck prints it", "title: Stride of 2"),
    "SlideRef.line": (
        "The line in the seed text file where the example starts (1-based)",
        "line: 454",
    ),
    "SlideRef.note": ("Anything else that pins it down", "note: the third build-up frame"),
    "SlideRef.deck": (
        "The seed file, when the slide is in another deck",
        "deck: 001_3ba8103bb2682906.txt",
    ),
    "Citation.title": (
        "The work's title",
        "title: A guide to convolution arithmetic for deep learning",
    ),
    "Citation.author": ("Who wrote it", "author: Dumoulin and Visin"),
    "Citation.repo": ("A repository, owner/name", "repo: vdumoulin/conv_arithmetic"),
    "Citation.path": ("A file in the repository, or a book's chapter or figure", "path: README.md"),
    "Citation.url": (
        "The page's address",
        "url: https://d2l.ai/chapter_convolutional-neural-networks/",
    ),
    "Citation.page": ("The page or section of a printed work", "page: 12"),
    "Citation.note": ("Anything else that pins it down", "note: figure 2.1"),
    "Display.decimals": ("Decimal places (left out: integers bare, others up to 4)", "decimals: 2"),
    "Display.mode": ("round, truncate (0.77 for 7/9) or fraction (7/9)", "mode: truncate"),
    "Display.fixed": ("Keep trailing zeros (1.00)", "fixed: true"),
    "Erratum.note": (
        "What is wrong and why, for the learner",
        "note: The slide drops a minus sign.",
    ),
    "Erratum.cells": (
        "The wrong cells (see ErratumCell)",
        "cells: [{at: [1, 0], slide: 7, correct: -7}]",
    ),
    "Erratum.shape": (
        "The wrong shape (see ShapeErratum)",
        "shape: {slide: [8, 6], correct: [6, 6]}",
    ),
    "ErratumCell.at": (
        "The cell's index, 0-based like Python ([1, 0] is row 2, column 1); [] for a number",
        "at: [1, 0]",
    ),
    "ErratumCell.slide": ("The value the slide prints", "slide: 7"),
    "ErratumCell.correct": ("The value recomputation gives", "correct: -7"),
    "ShapeErratum.slide": ("The shape the slide prints", "slide: [8, 6]"),
    "ShapeErratum.correct": ("The shape recomputation gives", "correct: [6, 6]"),
    "QuizQuestion.ask": ("The question (markdown)", "ask: What lands in row 2, column 2?"),
    "QuizQuestion.answer": ("The answer: a number or a word (optional with cell)", "answer: 9"),
    "QuizQuestion.cell": (
        "An output cell whose computed value is the answer, 0-based like Python ([1, 1] is "
        "row 2, column 2)",
        "cell: [1, 1]",
    ),
    "QuizQuestion.choices": (
        "Multiple choice: the options (the answer among them)",
        "choices: [3, 9, 10]",
    ),
    "QuizQuestion.hint": ("A nudge shown on request", "hint: Start at the top-left window."),
    "QuizQuestion.explain": ("Shown after answering", "explain: 3x3 weights, no bias."),
    # A backward scene (lesson 050): the forward layer's keys, the upstream gradient, which
    # gradient to step.
    "backward.layer": (
        "The forward layer whose gradient is stepped: correlate2d, pool2d or relu",
        "layer: correlate2d",
    ),
    "backward.input": ("The forward layer's input grid", "input: [[3, 7, 9], [8, 1, 3]]"),
    "backward.grad_out": (
        "∂L/∂y, the upstream gradient: one number per cell of the forward output",
        "grad_out: [[1, 0], [0, 2]]",
    ),
    "backward.wrt": (
        "Which gradient: kernel, input or bias (a pool2d or relu layer has only input)",
        "wrt: kernel",
    ),
    "backward.kernel": ("The correlation's kernel (correlate2d only)", "kernel: [[1, 0], [0, -1]]"),
    "backward.stride": (
        "The layer's stride (correlate2d: default 1; pool2d: default the window's size)",
        "stride: 2",
    ),
    "backward.padding": (
        "The layer's padding: an int, [rows, columns] or [[top, bottom], [left, right]]",
        "padding: 1",
    ),
    "backward.divisor": (
        "The correlation's divisor (deck 003 divides by 9); the gradients are divided by it too",
        "divisor: 9",
    ),
    "backward.lr": (
        "With wrt: kernel, a learning rate: each step also writes its weight's SGD update "
        "w ← w − lr·∂L/∂w",
        "lr: 0.025",
    ),
    "backward.expect": (
        "The gradient as the lesson prints it ('.' for a blank cell); check recomputes it",
        "expect: [[5, 13], [16, 13]]",
    ),
}
