"""Persisted hybrid index: a self-describing folder keyed by corpus, model and code version.

Layout (`<index_root>/<key>/`)::

    manifest.json      key, corpus hash, model id + fingerprint, code version, library versions,
                       and {path: {size, sha256}} of every file below
    components.json    [{idx, name, path, type}] — like sentence-transformers' modules.json
    0_BM25/config.json + bm25s files
    1_FAISS/config.json + index.faiss

A folder whose manifest, sizes or hashes do not match is treated as absent and rebuilt.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from katalog.retrieval.analyzer import Analyzer
from katalog.retrieval.base import Component
from katalog.retrieval.bm25 import BM25Component
from katalog.retrieval.corpus import CorpusDoc, corpus_hash
from katalog.retrieval.dense import Encoder, FaissComponent

log = logging.getLogger(__name__)

INDEX_DIR_ENV = "KATALOG_INDEX_DIR"
#: Bump when the index layout or the way documents are scored changes.
CODE_VERSION = "retrieval-index-3"
MANIFEST = "manifest.json"
COMPONENTS = "components.json"

Progress = Callable[[str, int, int], None]


def index_root() -> Path:
    """`$KATALOG_INDEX_DIR`, else `<repo>/.katalog_cache/index`."""
    from katalog.paths import cache_dir

    return cache_dir("index", INDEX_DIR_ENV)


def _versions() -> dict[str, str]:
    out = {}
    for mod in ("bm25s", "faiss", "sentence_transformers", "kiwipiepy", "torch", "katalog"):
        try:
            out[mod] = str(getattr(importlib.import_module(mod), "__version__", "?"))
        except Exception:  # a missing optional module is recorded, not fatal
            out[mod] = "missing"
    return out


def index_key(docs_hash: str, encoder: Encoder) -> str:
    raw = "|".join([docs_hash, encoder.name, encoder.fingerprint(), CODE_VERSION, Analyzer.version])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _file_table(directory: Path) -> dict[str, dict]:
    table = {}
    for f in sorted(p for p in directory.rglob("*") if p.is_file() and p.name != MANIFEST):
        data = f.read_bytes()
        table[f.relative_to(directory).as_posix()] = {
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
        }
    return table


def verify(directory: Path, key: str) -> str | None:
    """None when the folder is a complete, untampered index for `key`; else the reason."""
    mpath = directory / MANIFEST
    if not mpath.exists():
        return "no manifest"
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "manifest unreadable"
    if manifest.get("key") != key:
        return "stale key"
    files = manifest.get("files") or {}
    if _file_table(directory) != files:
        return "file sizes or hashes differ"
    return None


def save_index(directory: Path, key: str, components: list[Component], meta: dict) -> None:
    """Write components and manifest into a temp folder, then move it into place."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=directory.parent))
    try:
        listing = []
        for i, comp in enumerate(components):
            name = type(comp).__name__.removesuffix("Component").upper()
            sub = f"{i}_{name}"
            comp.save(tmp / sub)
            listing.append({"idx": i, "name": name, "path": sub,
                            "type": f"{type(comp).__module__}.{type(comp).__name__}"})
        (tmp / COMPONENTS).write_text(json.dumps(listing, indent=2), encoding="utf-8")
        manifest = {"key": key, "code_version": CODE_VERSION, "analyzer": Analyzer.version,
                    "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "versions": _versions(), **meta, "files": _file_table(tmp)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        if directory.exists():
            shutil.rmtree(directory)
        tmp.rename(directory)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def load_components(directory: Path, encoder: Encoder) -> list[Component]:
    listing = json.loads((directory / COMPONENTS).read_text(encoding="utf-8"))
    comps: list[Component] = []
    for entry in sorted(listing, key=lambda e: e["idx"]):
        mod_name, cls_name = entry["type"].rsplit(".", 1)
        cls = getattr(importlib.import_module(mod_name), cls_name)
        extra = {"encoder": encoder} if cls is FaissComponent else {}
        comps.append(cls.load(directory / entry["path"], **extra))
    return comps


def build_components(docs: list[CorpusDoc], encoder: Encoder, progress: Progress | None = None
                     ) -> tuple[list[Component], dict]:
    """Fresh BM25 + FAISS components; returns them with build timings."""
    timings = {}
    steps = [("BM25", lambda: BM25Component()), ("FAISS", lambda: FaissComponent(encoder=encoder))]
    comps = []
    for i, (label, make) in enumerate(steps):
        if progress:
            progress(label, i, len(steps))
        t0 = time.perf_counter()
        comp = make()
        comp.build(docs)
        timings[label] = round(time.perf_counter() - t0, 3)
        comps.append(comp)
    if progress:
        progress("done", len(steps), len(steps))
    return comps, timings


def open_index(docs: list[CorpusDoc], encoder: Encoder, *, root: Path | None = None, force: bool = False,
               progress: Progress | None = None) -> tuple[list[Component], dict]:
    """Load the index for (docs, encoder) or build and persist it. Returns (components, info)."""
    root = root or index_root()
    dh = corpus_hash(docs)
    key = index_key(dh, encoder)
    directory = root / key
    reason = "forced" if force else verify(directory, key)
    if reason is None:
        try:
            comps = load_components(directory, encoder)
            return comps, {"key": key, "path": str(directory), "built": False}
        except Exception as exc:  # unreadable despite matching hashes: rebuild, never trust
            reason = f"load failed: {type(exc).__name__}"
    if directory.exists():
        log.warning("rebuilding retrieval index %s (%s)", directory, reason)
    t0 = time.perf_counter()
    comps, timings = build_components(docs, encoder, progress)
    meta = {"corpus_hash": dh, "n_docs": len(docs), "model": encoder.name,
            "model_fingerprint": encoder.fingerprint(), "timings_s": timings}
    try:
        save_index(directory, key, comps, meta)
    except OSError as exc:  # a read-only cache still gives a working in-memory index
        log.warning("cannot persist retrieval index to %s: %s", directory, exc)
    return comps, {"key": key, "path": str(directory), "built": True, "reason": reason,
                   "build_s": round(time.perf_counter() - t0, 3), "timings_s": timings}
