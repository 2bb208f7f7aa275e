"""`strict_yaml` answers from `katalog.vocab.parsed`'s cache exactly what a fresh parse gives (issue 15)."""

from __future__ import annotations

import pickle

import pytest
import yaml

from katalog.vocab import loader, parsed, strict_yaml, vocab_dir

TEXT = """\
defaults: &d {a: 1, when: 2024-01-02}
first:
  <<: *d
  b: [x, 2.5, null, true]
second: *d
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(parsed.CACHE_DIR_ENV, str(tmp_path))
    return tmp_path


def test_a_cached_parse_equals_a_fresh_one(cache) -> None:
    fresh = loader._parse(TEXT)
    assert strict_yaml(TEXT) == fresh  # stored
    assert len(list(cache.glob("*.pickle"))) == 1
    again = strict_yaml(TEXT)  # read back
    assert again == fresh and list(again) == list(fresh)
    assert again["second"] is again["second"] and again["first"]["when"] == fresh["first"]["when"]


def test_every_data_file_parses_the_same_from_the_cache(cache) -> None:
    for path in sorted(vocab_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert strict_yaml(text) == loader._parse(text)
        assert strict_yaml(text) == loader._parse(text), path.name  # now from the cache


def test_a_duplicate_key_still_raises_and_is_never_stored(cache) -> None:
    for _ in range(2):
        with pytest.raises(yaml.constructor.ConstructorError, match="duplicate key"):
            strict_yaml("a: 1\na: 2\n")
    assert not list(cache.glob("*.pickle"))


def test_a_corrupt_entry_is_parsed_again(cache) -> None:
    strict_yaml(TEXT)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert strict_yaml(TEXT) == loader._parse(TEXT)
    assert pickle.loads(entry.read_bytes()) == loader._parse(TEXT)  # rewritten
