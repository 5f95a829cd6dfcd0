"""The lesson file format: typed models (pydantic v2) for one YAML file per lesson.

The records are split by kind: :mod:`~lessons.schema.fields` (the field types every record
shares), :mod:`~lessons.schema.records` (deck and slide references, display, errata, quiz
questions), :mod:`~lessons.schema.base` (the keys every scene and stage has),
:mod:`~lessons.schema.windowed` (correlation, convolution, multichannel, transposed, pooling,
padding), :mod:`~lessons.schema.layers` (ReLU, bias, flatten), :mod:`~lessons.schema.sizes`
(output size, parameter count), :mod:`~lessons.schema.pipeline` and :mod:`~lessons.schema.lesson`
(the lesson and the unions of kinds). The records describe; they never compute: the loader has
:mod:`lessons.calls` compute every scene once and refuses a lesson the engine cannot compute.

Format reference
================

The complete reference, every kind and key with its type, default and an example, is generated
from these models: ``cnn-tutor format [KIND]`` (:mod:`lessons.reference`) and ``docs/format.md``.
What follows is an overview.

A lesson file is a YAML mapping. Files live directly in the ``lessons/`` package folder (or any
folder given with ``--lessons DIR`` / ``CNN_TUTOR_LESSONS``); course order is file-name order, so
name them ``000-edges.yaml``, ``010-...``. ``cnn-tutor check FILE`` validates one and recomputes
every ``expect`` with the engine.

Lesson keys::

    id: 000-edges                  # unique, used by the progress store and `quiz --lesson`
    title: Edges, stride, padding
    deck:
      file: 000_2ce6168aac0ff3a0.txt   # the seed deck this lesson mirrors (leave it out for a
      course: CS344 Deep Learning      # lesson beyond the decks: course names its group, e.g.
                                       # "Beyond the decks", and each slide names its deck)
    summary: One line for the lesson list.
    display: {decimals: 2, mode: truncate}   # optional default for every scene (see Display)
    prerequisites: [000-convolution]   # optional: lesson ids to finish first (home unlocks it)
    scenes: [ ... ]                # in teaching order, at least one

Every scene has ``kind`` plus these optional keys:

- ``title``; ``slide``: where in the deck it comes from, ``{title: "Stride of 2", line: 412}``
  (``line`` is the line in the seed text file; add ``deck: FILE`` for a slide of another deck)
  or just the slide's title as a string;
- ``narration``: markdown; ``{step}``, ``{steps}``, ``{value}`` and ``{text}`` are replaced by the
  current step number, the step count, the current window's value and its arithmetic;
- ``display``: ``{decimals: 2, mode: round|truncate|fraction, fixed: true}`` (``fixed`` keeps
  trailing zeros: ``1.00``);
- ``expect``: the result exactly as the slide prints it (``.`` for a cell the slide leaves blank);
- ``erratum``: a known error on the slide, ``{note, cells: [{at: [r, c], slide: 7, correct: -7}],
  shape: {slide: [8, 6], correct: [6, 6]}}``; the tutor shows the correction at this scene;
- ``reconstructed``: a note saying which numbers the extracted slide lost and how they were rebuilt;
- ``quiz``: questions, ``{ask, answer}`` or ``{ask, cell: [r, c]}`` (the engine computes the answer
  from this scene's output), optionally ``choices``, ``hint``, ``explain``.

Kinds and their own keys (grids may be YAML blocks of rows, nested lists, or lists of blocks; an
``input`` may also be a photograph, ``{image: camera}``: a shipped name from
:mod:`lessons.pictures` or an image file's path, as grayscale pixels 0 to 255):

==============  ==============================================================================
text            narration only
correlate1d     input (L or C×L), kernel, stride, padding, bias, dilation, divisor
correlate2d     input (H×W or C×H×W), kernel or kernels, stride, padding, bias, dilation, divisor
convolve2d      like correlate2d, with the kernel flipped (true convolution)
multichannel    like correlate2d, input C×H×W (per-channel partial sums are shown)
transposed2d    input, kernel, stride, padding, output_padding, dilation, bias
pad             input, padding, value
pool1d          input (L or C×L), size, stride, mode (max|avg), padding, ceil_mode,
                count_include_pad (avg: count the padded zeros, torch's default true)
pool2d          input, size, stride, mode (max|avg), padding (also per side), ceil_mode,
                count_include_pad; pad_value (max: 0 pads with zeros, -inf is torch's default)
gradient-magnitude
                input (H×W), kernels (two of one shape, default Sobel x and y), padding:
                √(Gx² + Gy²) per cell, Gx and Gy the two correlations
relu            input
bias            input, bias (a number, or one per channel)
flatten         input
output-size     input_size, kernel_size, stride, padding, dilation, ceil_mode, filters,
                transposed, output_padding; expect like ``1198 x 1918`` or ``32x32x10``
param-count     layer (conv|dense|pool), dims (1|2|3, default 2), in_channels, filters,
                kernel_size (an int is square: 5 is 5x5 in a 2-D layer), bias, inputs, outputs
backward        a layer's gradient, one cell per step (beyond the decks): layer (correlate2d|
                pool2d|relu), input and that layer's keys (kernel, stride, padding, dilation,
                divisor; size, mode, ceil_mode, count_include_pad), grad_out (∂L/∂y, the
                forward output's shape), wrt (kernel|input|bias; input for pool2d and relu),
                lr (with wrt: kernel, also writes each weight's SGD update w ← w − lr·∂L/∂w);
                expect is the gradient
pipeline        input and stages: a chain of correlate2d/multichannel/convolve2d/relu/bias/pool2d/
                pool1d/pad/flatten/vote stages, each fed the previous stage's output, each with
                its own expect/display/erratum (deck 003's filter → ReLU → pool → vote)
==============  ==============================================================================

``padding`` is an int, ``[p, q]`` (rows, columns), ``[[top, bottom], [left, right]]``, ``valid`` or
``same`` (and ``full`` in output-size). ``stride``, ``size``, ``kernel_size`` and ``dilation`` are
an int or ``[s, t]``. A ``vote`` stage has ``labels`` and ``weights`` (one row of weights per
label over the flattened input), optional ``bias`` and ``divisor``.

A fully commented example is ``lessons/examples/annotated.yaml`` (shipped; files in subfolders are
not loaded as lessons).
"""

from __future__ import annotations

from lessons.schema.backward import BackwardScene
from lessons.schema.base import (
    Computes,
    InputScene,
    SceneBase,
    StageBase,
    TextScene,
)
from lessons.schema.layers import (
    BiasScene,
    FlattenScene,
    ReluScene,
)
from lessons.schema.lesson import (
    ARRAY_KINDS,
    SCENE_KINDS,
    STAGE_KINDS,
    AnyScene,
    ArrayScene,
    Lesson,
    Scene,
)
from lessons.schema.network import NetworkLayer, NetworkScene
from lessons.schema.pipeline import (
    AnyStage,
    BiasStage,
    Convolve2dStage,
    Correlate2dStage,
    FlattenStage,
    MultichannelStage,
    PadStage,
    PipelineScene,
    Pool1dStage,
    Pool2dStage,
    ReluStage,
    Stage,
    VoteStage,
)
from lessons.schema.records import (
    Citation,
    DeckRef,
    Display,
    Erratum,
    ErratumCell,
    QuizQuestion,
    ShapeErratum,
    SlideRef,
)
from lessons.schema.sizes import (
    OutputSizeScene,
    ParamCountScene,
)
from lessons.schema.windowed import (
    Convolve2dScene,
    Correlate1dScene,
    Correlate2dScene,
    GradientMagnitudeScene,
    MultichannelScene,
    PadScene,
    Pool1dScene,
    Pool2dScene,
    Transposed2dScene,
)

__all__ = [
    "ARRAY_KINDS",
    "SCENE_KINDS",
    "STAGE_KINDS",
    "AnyScene",
    "AnyStage",
    "ArrayScene",
    "BackwardScene",
    "BiasScene",
    "BiasStage",
    "Citation",
    "Computes",
    "Convolve2dScene",
    "Convolve2dStage",
    "Correlate1dScene",
    "Correlate2dScene",
    "Correlate2dStage",
    "DeckRef",
    "Display",
    "Erratum",
    "ErratumCell",
    "FlattenScene",
    "FlattenStage",
    "GradientMagnitudeScene",
    "InputScene",
    "Lesson",
    "MultichannelScene",
    "MultichannelStage",
    "NetworkLayer",
    "NetworkScene",
    "OutputSizeScene",
    "PadScene",
    "PadStage",
    "ParamCountScene",
    "PipelineScene",
    "Pool1dScene",
    "Pool1dStage",
    "Pool2dScene",
    "Pool2dStage",
    "QuizQuestion",
    "ReluScene",
    "ReluStage",
    "Scene",
    "SceneBase",
    "ShapeErratum",
    "SlideRef",
    "Stage",
    "StageBase",
    "TextScene",
    "Transposed2dScene",
    "VoteStage",
]
