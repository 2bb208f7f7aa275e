"""`katalog.regex_cache`: a pattern rebuilt from the cache is `re.compile`'s own, in a new process too;
a foreign or corrupt cache file is ignored."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from katalog import regex_cache
from katalog.paths import repo_root

PATTERNS = [
    (r"신호\s?위반|빨간\s?불", 0),
    (r"(?P<v>[1-9]\d{1,2})\s?(?:km|키 ?로)", 0),
    (r"(?<![가-힣])(?:좌|우)\s?회전(?!\s?차로)", 0),
    (r"abc|ABC", int(re.IGNORECASE)),
    (r"^\s*#\s*(\w+)$", int(re.MULTILINE)),
    (r"(a)(?P<b>b)?(c)", 0),
]

# A new process: compile every pattern through the cache and report whether each was read from it.
_CHILD = """
import json, re, sys
from katalog import regex_cache
out = []
for p, f in json.loads(sys.argv[1]):
    before = regex_cache._added
    got = regex_cache.compile(p, f)
    want = re.compile(p, f)
    out.append({"same": got == want and got.groupindex == want.groupindex and got.groups == want.groups
                and got.flags == want.flags, "added": regex_cache._added > before})
print(json.dumps(out))
"""


def _run(cache: Path) -> list[dict]:
    env = dict(os.environ, **{regex_cache.CACHE_DIR_ENV: str(cache)},
               PYTHONPATH=os.pathsep.join([str(repo_root()), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(PATTERNS)], capture_output=True, text=True,
                         env=env, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture()
def cache(tmp_path: Path) -> Path:
    return tmp_path / "regex"


def test_the_first_process_compiles_and_stores_the_next_reads_the_same_patterns(cache: Path) -> None:
    first = _run(cache)
    assert all(r["same"] for r in first) and all(r["added"] for r in first)
    assert len(list(cache.iterdir())) == 1  # one file for this interpreter, no temp file left
    again = _run(cache)
    assert all(r["same"] for r in again) and not any(r["added"] for r in again)


@pytest.mark.parametrize("content", [b"", b"not a pickle", None])
def test_a_corrupt_or_foreign_file_is_ignored(cache: Path, content: bytes | None) -> None:
    _run(cache)
    (path,) = cache.iterdir()
    if content is None:  # a well-formed file written by another interpreter
        import pickle

        with path.open("rb") as f:
            _, entries = pickle.load(f)
        path.write_bytes(pickle.dumps(("another interpreter", entries)))
    else:
        path.write_bytes(content)
    got = _run(cache)
    assert all(r["same"] for r in got) and all(r["added"] for r in got)


def test_a_bad_pattern_raises_as_re_compile_does() -> None:
    with pytest.raises(re.error):
        regex_cache.compile("(?:")


def test_in_process_the_cached_pattern_matches_like_re_compile() -> None:
    for p, f in PATTERNS:
        ours, theirs = regex_cache.compile(p, f), re.compile(p, f)
        for text in ("신호 위반으로 80km 과속", "좌회전 중 abc", "# Title", "ac abc"):
            assert [m.groupdict() for m in ours.finditer(text)] == [m.groupdict() for m in theirs.finditer(text)]
            assert ours.sub("_", text) == theirs.sub("_", text)
