"""The pattern check is remembered per pattern set: a set that compiled is not compiled again, any edit is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from katalog.vocab import VocabError, checked, clear_cache, load


@pytest.fixture()
def homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    (tmp_path / "data" / "vocab").mkdir(parents=True)
    monkeypatch.setenv("KATALOG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv(checked.CHECK_DIR_ENV, str(tmp_path / "checked"))
    clear_cache()
    yield tmp_path / "data" / "vocab", tmp_path / "checked"
    clear_cache()


def _write(folder: Path, patterns: str) -> None:
    (folder / "t.yaml").write_text(f"description: d\nentries:\n- key: a\n  patterns: {patterns}\n", encoding="utf-8")


def test_a_set_that_compiled_is_remembered_and_not_compiled_again(
    homes: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    vocab, marks = homes
    _write(vocab, "['신호 ?위반', '빨간불']")
    assert load("t").regex("a").search("빨간불에")
    assert len(list(marks.iterdir())) == 1
    clear_cache()
    calls: list[str] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda p, f=0: calls.append(p) or real(p, f))
    load("t")
    assert "빨간불" not in calls


def test_an_edited_pattern_is_checked_again_and_named(homes: tuple[Path, Path]) -> None:
    vocab, _ = homes
    _write(vocab, "['빨간불']")
    load("t")
    clear_cache()
    _write(vocab, "['빨간불', '(?:']")
    with pytest.raises(VocabError, match="'a'"):
        load("t")
