"""``cnn-tutor progress`` prints no raw control characters, whatever the data folder is called."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main


def test_a_data_folder_named_with_an_escape_sequence_is_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "evil\x1b]0;pwned\x07dir"
    folder.mkdir()
    assert main(["progress", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err
    assert "\x07" not in out.out + out.err
    assert "Progress in" in out.out
    assert "pwned" in out.out  # still named, visibly escaped


def test_the_last_position_counts_steps_as_the_stepper_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scene finished at its last step is "step N of N", never N + 1 (the reported bug)."""
    from lessons import load_all
    from lessons.playback import prepare
    from tui.progress.store import ProgressStore

    lesson = load_all().by_id("000-convolution")
    assert lesson is not None
    total = prepare(lesson.scenes[1]).timeline.total
    assert total > 0
    with ProgressStore.open(tmp_path) as store:
        store.save_position("000-convolution", 1, total)
    assert main(["progress", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"scene 2, step {total} of {total}." in out
    assert f"step {total + 1}" not in out
