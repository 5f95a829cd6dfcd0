"""The network scene: a list of layers, each one's parameters and output size, and the total.

Every expected number comes from torch: the parameter counts of ``torch.nn`` layers and the
shapes a forward pass gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from lesson_helpers import write
from torch import nn

from lessons import LessonError, load_text
from lessons.calls import network_rows
from lessons.playback import prepare
from lessons.verify import verify_lesson
from tui.cli import main

HEAD = "id: net\ntitle: Net\nsummary: A network.\nscenes:\n"

VGG16 = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def _vgg16_torch() -> nn.Sequential:
    layers: list[nn.Module] = []
    channels = 3
    for item in VGG16:
        if item == "M":
            layers.append(nn.MaxPool2d(2))
        else:
            assert isinstance(item, int)
            layers.append(nn.Conv2d(channels, item, 3, padding=1))
            channels = item
    layers += [nn.Flatten(), nn.Linear(512 * 7 * 7, 4096), nn.Linear(4096, 4096)]
    return nn.Sequential(*layers, nn.Linear(4096, 1000))


def _vgg16_yaml(total: int) -> str:
    lines = [
        "  - kind: network",
        "    title: VGG16",
        "    input_size: [224, 224, 3]",
        "    layers:",
    ]
    for item in VGG16:
        if item == "M":
            lines.append("      - {layer: pool, kernel_size: 2}")
        else:
            lines.append(f"      - {{layer: conv, kernel_size: 3, filters: {item}, padding: 1}}")
    lines += [f"      - {{layer: dense, outputs: {n}}}" for n in (4096, 4096, 1000)]
    lines.append(f"    expect: {total}")
    return HEAD + "\n".join(lines) + "\n"


def test_vgg16_has_torchs_138_357_544_parameters() -> None:
    total = sum(p.numel() for p in _vgg16_torch().parameters())
    assert total == 138_357_544  # the published figure, and torch's count
    lesson = load_text(_vgg16_yaml(total))
    assert verify_lesson(lesson).ok
    rows = network_rows(lesson.scenes[0])  # type: ignore[arg-type]
    torch_layers = [m for m in _vgg16_torch() if not isinstance(m, nn.Flatten)]
    assert [r.params for r in rows] == [
        sum(p.numel() for p in m.parameters()) for m in torch_layers
    ]
    assert rows[-4].shape == (7, 7, 512)  # the last pool, chained from 224x224x3


def test_chained_sizes_match_a_torch_forward_pass() -> None:
    model = [
        nn.Conv2d(3, 8, 5, stride=2, padding=1), nn.MaxPool2d(3, stride=2),
        nn.Conv2d(8, 16, (3, 5), padding=(1, 0)), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 10),
    ]  # fmt: skip
    x = torch.zeros(1, 3, 45, 61)
    shapes = []
    for module in model:
        x = module(x)
        shapes.append(tuple(x.shape[1:]) if x.ndim == 2 else (*x.shape[2:], x.shape[1]))
    text = HEAD + (
        "  - kind: network\n    input_size: [45, 61, 3]\n    layers:\n"
        "      - {layer: conv, kernel_size: 5, filters: 8, stride: 2, padding: 1}\n"
        "      - {layer: pool, kernel_size: 3, stride: 2}\n"
        "      - {layer: conv, kernel_size: [3, 5], filters: 16, padding: [1, 0]}\n"
        "      - {layer: pool, kernel_size: 2}\n"
        "      - {layer: flatten}\n"
        "      - {layer: dense, outputs: 10}\n"
    )
    rows = network_rows(load_text(text).scenes[0])  # type: ignore[arg-type]
    assert [r.shape for r in rows] == shapes
    assert [r.params for r in rows] == [sum(p.numel() for p in m.parameters()) for m in model]


def test_a_wrong_layer_count_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    right = sum(p.numel() for p in nn.Conv2d(3, 64, 3).parameters())
    conv = f"{{layer: conv, kernel_size: 3, in_channels: 3, filters: 64, params: {right + 1}}}"
    text = HEAD + (
        "  - kind: network\n    layers:\n"
        f"      - {conv}\n"
        f"      - {{layer: dense, inputs: 10, outputs: 2, params: 22}}\n"
        f"    expect: {right + 22}\n"
    )
    path = write(tmp_path, "n.yaml", text)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:7:" in out and f"slide {right + 1}, computed {right}" in out
    assert "layer 1 (conv 1): parameters" in out


def test_the_app_shows_the_table_and_the_total() -> None:
    lesson = load_text(_vgg16_yaml(138_357_544))
    playback = prepare(lesson.scenes[0])
    assert playback.value == 138_357_544 and playback.formula == "138,357,544 in all"
    assert "| total | | **138,357,544** |" in playback.narration


@pytest.mark.parametrize(
    ("layer", "message"),
    [
        ("{layer: conv, kernel_size: 3}", "missing key 'filters' for a conv layer"),
        ("{layer: pool, kernel_size: 2, filters: 3}", "filters is not a key of a pool layer"),
        ("{layer: conv, kernel_size: 3, filters: 2}", "give in_channels, or input_size"),
    ],
)
def test_incomplete_layers_are_refused_clearly(layer: str, message: str) -> None:
    with pytest.raises(LessonError, match=message):
        load_text(HEAD + f"  - kind: network\n    layers:\n      - {layer}\n")
