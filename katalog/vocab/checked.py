"""Remembers vocabulary pattern sets that already compiled, so a new process need not compile them again.

`Vocab` compiles every alternative of every entry once only to name the entry of a bad pattern (the
engine later compiles the joined, loosened patterns it uses). That check is ~0.15 s of CPU at every
process start (1,500 compiles). The outcome depends only on the expanded patterns and the Python version,
so a set that passed is recorded as an empty marker file named by its digest under
`<repo>/.katalog_cache/vocab` (`$KATALOG_VOCAB_CHECK_DIR` moves it); any change to a pattern, a fragment
or the interpreter gives a new digest and the check runs again. An unwritable folder only costs the check.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from pathlib import Path

from katalog.paths import cache_dir

CHECK_DIR_ENV = "KATALOG_VOCAB_CHECK_DIR"


def check_dir() -> Path:
    return cache_dir("vocab", CHECK_DIR_ENV)


def digest(patterns: dict[str, tuple[str, ...]]) -> str:
    """One name for these expanded patterns compiled by this interpreter's `re`."""
    raw = json.dumps([sys.version, sorted(patterns.items())], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def already_compiled(key: str) -> bool:
    try:
        return (check_dir() / key).is_file()
    except OSError:
        return False


def remember(key: str) -> None:
    with contextlib.suppress(OSError):
        folder = check_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / key).touch()
