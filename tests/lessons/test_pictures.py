"""The shipped photographs, --image, and the image: input of a lesson grid.

Expected checksums are those SOURCES.md records for each derived file (made from scikit-image
0.26.0's copies, whose sha256 it lists too); the conversions are checked against Pillow's own
documented formula (ITU-R 601 luma) and against torch for a scene's output.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lessons import load_text
from lessons.pictures import PictureError, load_picture, replacement, use_instead
from tui.cli import main

SOURCES = Path(__file__).resolve().parents[2] / "lessons" / "pictures" / "SOURCES.md"
SHIPPED = {
    "camera": ((128, 128), "6f387690dc2366db910ddc8421a46a01f3e51f7858d58ca950a156b0553b9616"),
    "astronaut": ((64, 64), "d2ecc6eba1a3b86560ff9ea669afe8a2a510baaee013d23deca3cbe6577b2a47"),
    "chelsea": ((96, 96), "f7bbd5d8bdfcdaf295aad93a6211b3e451bce2929d92b245bdc121170e74eeee"),
}


@pytest.fixture(autouse=True)
def no_replacement() -> object:
    use_instead(None)
    yield
    use_instead(None)


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_photographs_match_their_source(name: str) -> None:
    shape, digest = SHIPPED[name]
    pixels = load_picture(name)
    assert pixels.shape == shape and pixels.dtype == np.float64
    assert not pixels.flags.writeable
    assert hashlib.sha256(pixels.astype(np.uint8).tobytes()).hexdigest() == digest
    assert digest in SOURCES.read_text()  # the provenance file names the same pixels
    assert 0 <= pixels.min() < pixels.max() <= 255 and pixels.std() > 10  # a real photo


def test_a_users_png_is_made_gray_and_shrunk_to_fit(tmp_path: Path) -> None:
    rgb = np.zeros((300, 200, 3), dtype=np.uint8)
    rgb[..., 0], rgb[..., 1], rgb[..., 2] = 200, 100, 50
    path = tmp_path / "mine.png"
    Image.fromarray(rgb, mode="RGB").save(path)
    pixels = load_picture(path)
    assert pixels.shape == (128, 85)  # 300x200 shrunk to 128 on the long side
    luma = 0.299 * 200 + 0.587 * 100 + 0.114 * 50  # ITU-R 601, what Pillow's "L" uses
    assert np.allclose(pixels, luma, atol=1.0)


def test_a_small_jpeg_keeps_its_size(tmp_path: Path) -> None:
    path = tmp_path / "small.jpg"
    Image.fromarray(np.full((20, 30), 90, dtype=np.uint8), mode="L").save(path, quality=95)
    pixels = load_picture(path)
    assert pixels.shape == (20, 30) and np.allclose(pixels, 90, atol=2)


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("no-such-name", "no picture named 'no-such-name'"),
        ("missing.png", "missing.png: no such image file"),
    ],
)
def test_bad_pictures_are_one_line(source: str, words: str) -> None:
    with pytest.raises(PictureError, match=words):
        load_picture(source)


def test_a_file_that_is_no_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "text.png"
    path.write_text("not a picture")
    with pytest.raises(PictureError, match="not an image Pillow can read"):
        load_picture(path)


SCENE = """\
id: photo-test
title: Photo
deck: {course: Beyond the decks}
summary: One photo scene.
scenes:
  - kind: correlate2d
    input: {image: astronaut}
    kernel: [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
"""


def test_an_image_input_computes_like_torch() -> None:
    torch = pytest.importorskip("torch")
    lesson = load_text(SCENE, "photo.yaml")
    scene = lesson.scenes[0]
    from lessons.playback import prepare

    playback = prepare(scene)
    x = torch.from_numpy(load_picture("astronaut").copy()).reshape(1, 1, 64, 64)
    k = torch.tensor([[1.0, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=torch.float64)
    expected = torch.nn.functional.conv2d(x, k.reshape(1, 1, 3, 3))[0, 0].numpy()
    assert playback.output is not None and playback.output.shape == (62, 62)
    np.testing.assert_allclose(playback.output, expected)


def test_a_bad_image_key_names_the_field() -> None:
    from lessons.loader import LessonError

    with pytest.raises(LessonError, match=r"input: no picture named 'nope'"):
        load_text(SCENE.replace("astronaut", "nope"), "photo.yaml")
    with pytest.raises(LessonError, match=r"only the key 'image', not size"):
        load_text(SCENE.replace("{image: astronaut}", "{image: astronaut, size: 3}"), "p.yaml")


def test_use_instead_puts_the_users_picture_in_every_image_input(tmp_path: Path) -> None:
    path = tmp_path / "mine.png"
    Image.fromarray(np.full((40, 50), 7, dtype=np.uint8), mode="L").save(path)
    use_instead(str(path))
    assert replacement() == str(path)
    lesson = load_text(SCENE, "photo.yaml")
    assert lesson.scenes[0].input.shape == (40, 50)


def test_image_option_refuses_a_bad_picture_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--image", "nope", "lessons"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "cnn-tutor: error: --image: no picture named 'nope': use one of camera, astronaut, "
        "chelsea or a PNG/JPEG path"
    ]


def test_check_passes_the_photograph_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    lesson = Path(__file__).resolve().parents[2] / "lessons" / "060-photographs.yaml"
    assert main(["check", str(lesson)]) == 0
    assert "060-photographs: ok" in capsys.readouterr().out
