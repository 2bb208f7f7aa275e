"""Compiled regular expressions kept between processes, so a new process need not compile them again.

The engine compiles ~800 patterns at its start (the extractor's loosened cues, the vocabulary's entries,
the signatures' cue words): ~0.15-0.2 s of CPU, nearly all of it in `re`'s pure-Python parser and code
generator. What they produce (the pattern's code words, flags and groups) depends only on the pattern, its
flags and the interpreter, so it is kept in one file per interpreter under `<repo>/.katalog_cache/regex`
(`$KATALOG_REGEX_CACHE_DIR` moves it) and handed to `_sre.compile` directly, as `re` itself does.

Safe by construction: an entry is stored only after the pattern it rebuilds compares equal (code words,
flags and groups) to `re.compile`'s own; the file's name and header carry the interpreter's version and
`_sre`'s magic and code size, so another interpreter never reads it; an unreadable, foreign or corrupt file
is ignored (patterns compile as usual) and an unwritable folder only costs the compiling.
"""

from __future__ import annotations

import _sre
import atexit
import contextlib
import hashlib
import pickle
import re
import sys
import threading
from pathlib import Path

from katalog import paths
from katalog.atomic_file import write_atomically

CACHE_DIR_ENV = "KATALOG_REGEX_CACHE_DIR"
#: a file holding more entries than this is started afresh (old patterns are not kept forever)
MAX_ENTRIES = 20_000

# What `_sre.compile` is given: (flags, code words, groups - 1, group index, index group)
_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_INTERPRETER = repr((sys.version, _sre.MAGIC, _sre.CODESIZE, sys.maxunicode))

_lock = threading.Lock()
_entries: dict[tuple[str, int], _Entry] | None = None  # read on first use
_used: set[tuple[str, int]] = set()  # what this process compiled (kept when the file is too big)
_added = 0


def cache_dir() -> Path:
    return paths.cache_dir("regex", CACHE_DIR_ENV)


def cache_file() -> Path:
    """This interpreter's file."""
    return cache_dir() / (hashlib.sha256(_INTERPRETER.encode()).hexdigest()[:32] + ".pickle")


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's stand-in
    """`re.compile(pattern, flags)`, from this interpreter's cache when the pattern was compiled before."""
    key = (pattern, int(flags))
    _used.add(key)
    entry = _known().get(key)
    if entry is not None:
        return _sre.compile(pattern, *entry)
    compiled = re.compile(pattern, flags)
    entry = _entry(pattern, int(flags))
    if entry is not None and _same(_sre.compile(pattern, *entry), compiled):
        global _added
        with _lock:
            _known()[key] = entry
            _added += 1
    return compiled


def _entry(pattern: str, flags: int) -> _Entry | None:
    """What `re._compiler.compile` hands `_sre.compile` (None where this `re` is built otherwise)."""
    try:
        from re import _compiler, _parser

        parsed = _parser.parse(pattern, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)
    except Exception:  # noqa: BLE001 - an `re` of another shape: the pattern is simply not cached
        return None


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> bool:
    # Pattern equality compares the pattern, flags and code words; the groups are compared besides
    return a == b and a.groups == b.groups and a.groupindex == b.groupindex


def _known() -> dict[tuple[str, int], _Entry]:
    global _entries
    if _entries is None:
        with _lock:
            if _entries is None:
                _entries = _read()
                atexit.register(_save)
    return _entries


def _read() -> dict[tuple[str, int], _Entry]:
    try:
        with cache_file().open("rb") as f:
            header, entries = pickle.load(f)  # noqa: S301 - our own file, in the checkout's cache folder
        if header == _INTERPRETER and isinstance(entries, dict):
            return entries
    except Exception:  # noqa: BLE001 - missing, foreign or corrupt: compile as usual
        pass
    return {}


def _save() -> None:
    """Write this process's entries (with those read) when it compiled new ones; atomic replace."""
    if not _added or _entries is None:
        return
    with _lock:
        entries = dict(_entries) if len(_entries) <= MAX_ENTRIES else {k: _entries[k] for k in _used if k in _entries}
    with contextlib.suppress(OSError):
        write_atomically(cache_file(), lambda f: pickle.dump((_INTERPRETER, entries), f, protocol=pickle.HIGHEST_PROTOCOL))
