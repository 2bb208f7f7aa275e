"""The vocabulary loader is strict: bad files fail with the file and the entry named."""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog.vocab import VocabError, clear_cache, load


@pytest.fixture()
def vocab_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "vocab").mkdir()
    monkeypatch.setenv("KATALOG_DATA_DIR", str(tmp_path))
    clear_cache()
    yield tmp_path / "vocab"
    clear_cache()


def _write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_fragments_expand_and_alternatives_join(vocab_home: Path) -> None:
    _write(vocab_home, "t", "description: d\nfragments:\n  KM: '(?:km|킬로)'\nentries:\n"
                            "- key: fast\n  patterns: ['\\d+\\s?{{KM}}', '과속']\n")
    v = load("t")
    assert v.pattern("fast") == r"\d+\s?(?:km|킬로)|과속"
    assert v.regex("fast").search("시속 80킬로")
    assert v.pairs() == [("fast", r"\d+\s?(?:km|킬로)|과속")]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("description: d\nentries:\n- key: a\n  patterns: ['(?:']\n", "'a'"),
        ("description: d\nentries:\n- key: a\n  pattern: ['x']\n", "entry a"),
        ("description: d\nentries:\n- key: a\n- key: a\n", "'a'"),
        ("description: d\nentries:\n- key: a\n  key: b\n", "duplicate key"),
        ("description: d\nentries:\n- key: a\n  patterns: ['{{NOPE}}']\n", "NOPE"),
        ("description: d\nentries:\n- key: a\n  umbrella: 큰과실\n", "entry a"),
    ],
)
def test_bad_files_name_file_and_entry(vocab_home: Path, text: str, named: str) -> None:
    _write(vocab_home, "bad", text)
    with pytest.raises(VocabError) as err:
        load("bad")
    assert "bad.yaml" in str(err.value)
    assert named in str(err.value)


def test_missing_file_and_entry_are_named(vocab_home: Path) -> None:
    with pytest.raises(VocabError, match="nothing.yaml"):
        load("nothing")
    _write(vocab_home, "t", "description: d\nentries:\n- key: a\n  patterns: [x]\n")
    with pytest.raises(VocabError, match="'zzz'"):
        load("t").entry("zzz")
