"""The reader's compressed arrays kept uncompressed between processes (issue 15: the first assessment).

`data/models/reader/text_model.npz` is saved compressed (1.7 MB in git); inflating its float16 weights
(~9 MB) took ~50 ms of CPU at every process start. The arrays depend only on the file's bytes, so they are
written once, uncompressed, under `<repo>/.katalog_cache/reader/<digest>.npz` (`$KATALOG_READER_CACHE_DIR`
moves it; the digest is taken over the file and numpy's version) and read from there: the same dtypes,
shapes and bytes. A retrained model has another digest; an unreadable or corrupt copy is ignored and an
unwritable folder only costs the inflating.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import numpy as np

from katalog import paths
from katalog.atomic_file import write_atomically

CACHE_DIR_ENV = "KATALOG_READER_CACHE_DIR"
#: copies kept, the newest (a retrained model leaves its predecessor's ~20 MB copy behind)
KEEP = 3


def cache_dir() -> Path:
    return paths.cache_dir("reader", CACHE_DIR_ENV)


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array of the `.npz` at `path`, by name in the file's order (`np.load(path)` read in full)."""
    raw = path.read_bytes()
    key = hashlib.sha256(raw + f"\0numpy {np.__version__}".encode()).hexdigest()[:40]
    copy = cache_dir() / f"{key}.npz"
    with contextlib.suppress(Exception), np.load(copy, allow_pickle=False) as got:
        return {name: got[name] for name in got.files}
    with np.load(path, allow_pickle=False) as arr:
        arrays = {name: arr[name] for name in arr.files}
    with contextlib.suppress(Exception):
        write_atomically(copy, lambda fh: np.savez(fh, **arrays))
        old = sorted(copy.parent.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for p in old:
            p.unlink(missing_ok=True)
    return arrays
