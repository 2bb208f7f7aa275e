"""Parsed YAML kept between processes, so a new process need not parse the data files again.

Every data file (`data/vocab/*.yaml`, `data/engine/params.yaml`) is read through `strict_yaml` at the start of
a process: ~16 files, ~35 ms of CPU in PyYAML's constructor (libyaml only scans; the objects are built in
Python). What a parse gives depends only on the text and the YAML library, so the parsed object is pickled
under `<repo>/.katalog_cache/yaml/<digest>.pickle` (`$KATALOG_YAML_CACHE_DIR` moves it), the digest taken over
the text, PyYAML's version, the loader and the interpreter. Any edit of a file gives a new digest and the file
is parsed (and checked for duplicate keys) again; a text that does not parse is never stored, so its error
is raised as before. An unreadable or corrupt entry is parsed again; an unwritable folder only costs the parse.
Pickle keeps dict order, types (dates included) and the sharing of anchored nodes, so a cached object equals
a fresh parse.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from katalog import paths
from katalog.atomic_file import write_atomically

CACHE_DIR_ENV = "KATALOG_YAML_CACHE_DIR"


def cache_dir() -> Path:
    return paths.cache_dir("yaml", CACHE_DIR_ENV)


def digest(text: str, parser: str) -> str:
    """One name for `text` parsed by `parser` (library version and loader) under this interpreter."""
    h = hashlib.sha256(f"{sys.version}\0{parser}\0".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:40]


def parsed(text: str, parser: str, parse: Callable[[str], Any]) -> Any:
    """`parse(text)`, from the cache when this text was parsed before by the same `parser`."""
    path = cache_dir() / f"{digest(text, parser)}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301 - the project's own cache folder, written below
    except Exception:  # noqa: BLE001 - missing, unreadable or corrupt: parse again
        pass
    value = parse(text)  # raises as it always did; nothing is stored then
    with contextlib.suppress(Exception):
        write_atomically(path, lambda fh: pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL))
    return value
