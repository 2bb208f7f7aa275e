"""`katalog.atomic_file.write_atomically`: the caches' whole-file writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog.atomic_file import write_atomically


def test_writes_the_whole_file_and_makes_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "cache.bin"
    write_atomically(target, lambda fh: fh.write(b"one"))
    write_atomically(target, lambda fh: fh.write(b"two"))
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["cache.bin"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "cache.bin"
    target.write_bytes(b"old")

    def half(fh) -> None:
        fh.write(b"ne")
        raise ValueError("cannot pickle")

    with pytest.raises(ValueError, match="cannot pickle"):
        write_atomically(target, half)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.bin"]
