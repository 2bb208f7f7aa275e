"""The reader's arrays read from the uncompressed copy are the shipped file's, byte for byte (issue 15)."""

from __future__ import annotations

import numpy as np
import pytest

from katalog.reader import unpacked
from katalog.reader.model import model_dir


def test_the_copy_holds_the_same_arrays(tmp_path, monkeypatch) -> None:
    path = model_dir() / "text_model.npz"
    if not path.is_file():
        pytest.skip("no reader model")
    monkeypatch.setenv(unpacked.CACHE_DIR_ENV, str(tmp_path))
    with np.load(path, allow_pickle=False) as shipped:
        want = {k: shipped[k] for k in shipped.files}
    first = unpacked.load_arrays(path)  # inflated and stored
    assert len(list(tmp_path.glob("*.npz"))) == 1
    again = unpacked.load_arrays(path)  # from the copy
    for got in (first, again):
        assert list(got) == list(want)
        for k, a in want.items():
            assert got[k].dtype == a.dtype and got[k].shape == a.shape and got[k].tobytes() == a.tobytes(), k


def test_a_corrupt_copy_is_ignored(tmp_path, monkeypatch) -> None:
    path = model_dir() / "text_model.npz"
    if not path.is_file():
        pytest.skip("no reader model")
    monkeypatch.setenv(unpacked.CACHE_DIR_ENV, str(tmp_path))
    unpacked.load_arrays(path)
    (copy,) = tmp_path.glob("*.npz")
    copy.write_bytes(b"broken")
    got = unpacked.load_arrays(path)
    with np.load(path, allow_pickle=False) as shipped:
        assert got["idf"].tobytes() == shipped["idf"].tobytes()
