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
