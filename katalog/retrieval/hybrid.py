"""`HybridRetriever`: BM25 + dense scores fused by weighted RRF, with metadata filters.

`search()` ranks documents of any kind; `search_charts()` ranks charts of the standard using
chart documents only (so committee decisions cannot leak their answers into chart ranking) and
groups the evidence per chart.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from katalog import params
from katalog.errors import InputError
from katalog.lexicon.synonyms import normalize_lay
from katalog.retrieval.analyzer import clean_text
from katalog.retrieval.base import Component
from katalog.retrieval.bm25 import BM25Component
from katalog.retrieval.corpus import CorpusDoc, load_corpus
from katalog.retrieval.dense import Encoder, FaissComponent, get_encoder
from katalog.retrieval.fusion import FusionConfig, ranks, rrf
from katalog.retrieval.index import Progress, open_index
from katalog.retrieval.metadata import VULNERABLE_TYPES, detect_has_signal, query_road_users, scene_terms
from katalog.retrieval.types import KINDS, ChartHit, Hit

Mode = Literal["fused", "bm25", "dense"]
#: Filter keys `search(filters=...)` understands.
FILTER_KEYS = ("party_types", "place", "has_signal", "chart_ids", "kind")
#: Weight of a non-chart document's vote for the charts it names (a chart's own document counts 1).
_EVIDENCE_VOTE = params.get("retrieval.evidence_vote")


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, str | bool):
        return [value]
    return list(value)


class HybridRetriever:
    """Hybrid search over a loaded corpus. Build with `HybridRetriever.open()` or `get_retriever()`."""

    def __init__(self, docs: list[CorpusDoc], bm25: BM25Component, dense: FaissComponent | None,
                 fusion: FusionConfig | None = None, info: dict | None = None) -> None:
        self.docs = docs
        self.bm25 = bm25
        self.dense = dense
        self.fusion = fusion or FusionConfig()  # defaults: data/engine/params.yaml, `retrieval.*`
        self.info = info or {}
        self._pos = {d.id: i for i, d in enumerate(docs)}
        self._last_scores: tuple[str, np.ndarray, np.ndarray | None] | None = None  # `_scores`
        self._kind = np.array([d.kind for d in docs])
        self._chart_pos: dict[str, int] = {d.chart_ids[0]: i for i, d in enumerate(docs)
                                           if d.kind == "chart" and d.chart_ids}
        # scene words of a chart: its title and the last step of its section path
        self._chart_scenes = {
            cid: scene_terms(normalize_lay(docs[i].title + " " + str(docs[i].metadata.get("section", "")).split(">")[-1]))
            for cid, i in self._chart_pos.items()
        }
        self._chart_users = {cid: frozenset(t for t in docs[i].party_types if t in VULNERABLE_TYPES)
                             for cid, i in self._chart_pos.items()}
        # what `_top_charts` reads of each document per query, read once: the charts it votes for (those
        # indexed as charts), whether it is a chart's own document, and each chart's book and signal
        self._votes: list[tuple[str, ...]] = [tuple(c for c in d.chart_ids if c in self._chart_pos) for d in docs]
        self._is_chart: list[bool] = [d.kind == "chart" for d in docs]
        self._chart_book = {cid: docs[i].metadata.get("book", "") for cid, i in self._chart_pos.items()}
        self._chart_signal = {cid: docs[i].has_signal for cid, i in self._chart_pos.items()}

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_components(cls, docs: list[CorpusDoc], comps: Sequence[Component], **kw: Any) -> HybridRetriever:
        bm25 = next(c for c in comps if isinstance(c, BM25Component))
        dense = next((c for c in comps if isinstance(c, FaissComponent)), None)
        return cls(docs, bm25, dense, **kw)

    @classmethod
    def open(cls, corpus_dir: Path | None = None, model: str | Encoder | None = None, *,
             index_dir: Path | None = None, force: bool = False, progress: Progress | None = None,
             fusion: FusionConfig | None = None) -> HybridRetriever:
        """Load the corpus and its persisted index (building it when missing, stale or corrupt)."""
        docs = load_corpus(corpus_dir)
        encoder = model if isinstance(model, Encoder) else get_encoder(model)
        comps, info = open_index(docs, encoder, root=index_dir, force=force, progress=progress)
        return cls.from_components(docs, comps, fusion=fusion, info=info)

    def get(self, doc_id: str) -> CorpusDoc | None:
        i = self._pos.get(doc_id)
        return None if i is None else self.docs[i]

    @property
    def chart_ids(self) -> list[str]:
        """The charts this retriever ranks (one chart document each), in corpus order."""
        return list(self._chart_pos)

    def docs_by_kind(self, kind: str) -> list[Hit]:
        """Every document of one kind as a `Hit` (score 0), in corpus order (built once per kind)."""
        cache: dict[str, list[Hit]] = self.__dict__.setdefault("_by_kind", {})
        if kind not in cache:
            zeros = np.zeros(len(self.docs), dtype=np.float32)
            cache[kind] = [self._hit(i, 0.0, zeros, None) for i, d in enumerate(self.docs) if d.kind == kind]
        return list(cache[kind])

    # -- scoring --------------------------------------------------------------------------
    def _mask(self, kinds: Iterable[str] | None, filters: dict | None, exclude_ids: Iterable[str] | None
              ) -> np.ndarray:
        mask = np.ones(len(self.docs), dtype=bool)
        kinds = _as_list(kinds)
        bad = [k for k in kinds if k not in KINDS]
        if bad:
            raise InputError(f"알 수 없는 문서 종류: {bad}", f"unknown kinds {bad}; use {list(KINDS)}")
        if kinds:
            mask &= np.isin(self._kind, kinds)
        for key, value in (filters or {}).items():
            if key not in FILTER_KEYS:
                raise InputError(f"알 수 없는 필터: {key}", f"unknown filter {key!r}; use {list(FILTER_KEYS)}")
            if value is None:
                continue
            wanted = _as_list(value)
            mask &= np.array([self._match(d, key, wanted) for d in self.docs], dtype=bool)
        for doc_id in exclude_ids or ():
            i = self._pos.get(doc_id)
            if i is not None:
                mask[i] = False
        return mask

    @staticmethod
    def _match(doc: CorpusDoc, key: str, wanted: list) -> bool:
        if key == "has_signal":
            return doc.has_signal is None or doc.has_signal in wanted
        if key == "place":
            return doc.place is None or doc.place in wanted
        if key == "kind":
            return doc.kind in wanted
        have = doc.party_types if key == "party_types" else doc.chart_ids
        return bool(set(have) & set(wanted))

    def _scores(self, query: str) -> tuple[np.ndarray, np.ndarray | None]:
        """BM25 and dense scores of every document (read only: the latest query's are reused)."""
        # an assessment's citations search the same text once per kind: score it once (the tokenizer and
        # the dense encoder are most of a search). One (query, scores) tuple, swapped whole: thread-safe.
        last = self._last_scores
        if last is not None and last[0] == query:
            return last[1], last[2]
        bm = self.bm25.scores(query)
        dn = self.dense.scores(query) if self.dense is not None else None
        self._last_scores = (query, bm, dn)
        return bm, dn

    def _fuse(self, bm: np.ndarray, dn: np.ndarray | None, mask: np.ndarray, mode: Mode) -> np.ndarray:
        f = self.fusion
        lists = []
        if mode in ("fused", "bm25"):
            lists.append((ranks(bm, mask, f.depth, min_score=0.0), f.bm25_weight if mode == "fused" else 1.0))
        if dn is not None and mode in ("fused", "dense"):
            lists.append((ranks(dn, mask, f.depth), f.dense_weight if mode == "fused" else 1.0))
        if not lists:
            return np.zeros(len(self.docs))
        return rrf(lists, f.rrf_k)

    def _hit(self, i: int, score: float, bm: np.ndarray, dn: np.ndarray | None) -> Hit:
        d = self.docs[i]
        meta = dict(d.metadata)
        meta.update(party_types=d.party_types, place=d.place, has_signal=d.has_signal,
                    bm25_score=round(float(bm[i]), 4),
                    dense_score=round(float(dn[i]), 4) if dn is not None else None)
        return Hit(doc_id=d.id, kind=d.kind, title=d.title, text=d.text or d.summary,
                   score=round(float(score), 6), chart_ids=list(d.chart_ids), metadata=meta)

    # -- public API -----------------------------------------------------------------------
    def search(self, query: str, k: int = 10, kinds: Sequence[str] | str | None = None,
               filters: dict[str, Any] | None = None, exclude_ids: Iterable[str] | None = None,
               *, mode: Mode = "fused") -> list[Hit]:
        """Top `k` documents for `query`; empty list for an empty query or no match."""
        if not isinstance(query, str) or not clean_text(query) or k <= 0:
            return []
        mask = self._mask(kinds, filters, exclude_ids)
        if not mask.any():
            return []
        bm, dn = self._scores(query)
        fused = self._fuse(bm, dn, mask, mode)
        fused[~mask] = 0.0
        order = [i for i in np.argsort(-fused, kind="stable")[:k] if fused[i] > 0]
        return [self._hit(int(i), fused[i], bm, dn) for i in order]

    def search_charts(self, query: str, k: int = 10, *, kinds: Sequence[str] | str | None = ("chart",),
                      exclude_ids: Iterable[str] | None = None, evidence_kinds: Sequence[str] = (),
                      evidence_k: int = 3, mode: Mode = "fused", evidence: bool = True) -> list[ChartHit]:
        """Top `k` charts. Ranked from chart documents only unless `kinds` adds other kinds
        (a non-chart document then votes for the charts it names). `evidence_kinds` attaches the
        best precedents / decisions / law articles that name each chart. `evidence=False` leaves
        every hit's `evidence` empty (same charts and scores); for the scores alone, `chart_scores` builds
        no hits at all (what the engine calls)."""
        if not isinstance(query, str) or not clean_text(query) or k <= 0:
            return []
        top, bm, dn, fused, support = self._top_charts(query, k, kinds, exclude_ids, mode)
        ev_mask = self._mask(evidence_kinds, None, exclude_ids) if evidence_kinds else None
        ev_fused = self._fuse(bm, dn, ev_mask, mode) if ev_mask is not None else None
        out = []
        for cid, score in top:
            ci = self._chart_pos[cid]
            hits: list[Hit] = []
            if evidence:
                hits = [self._hit(j, fused[j], bm, dn) for j in sorted(support[cid], key=lambda j: -fused[j])]
            if evidence and ev_fused is not None:
                linked = [j for j in np.flatnonzero(ev_fused > 0) if cid in self.docs[j].chart_ids]
                linked.sort(key=lambda j: -ev_fused[j])
                hits += [self._hit(int(j), ev_fused[j], bm, dn) for j in linked[:evidence_k]]
            out.append(ChartHit(chart_id=cid, score=round(float(score), 6),
                                bm25_score=round(float(bm[ci]), 4),
                                dense_score=round(float(dn[ci]), 4) if dn is not None else 0.0,
                                evidence=hits))
        return out

    def _top_charts(self, query: str, k: int, kinds: Sequence[str] | str | None, exclude_ids: Iterable[str] | None,
                    mode: Mode):
        """The best `k` (chart id, fused score) of `search_charts`, best first, with what it was scored from
        (BM25 and dense scores per document, fused scores, each chart's supporting documents)."""
        mask = self._mask(kinds, None, exclude_ids)
        bm, dn = self._scores(query)
        fused = self._fuse(bm, dn, mask, mode)
        per_chart: dict[str, float] = {}
        support: dict[str, list[int]] = {}
        votes, is_chart = self._votes, self._is_chart
        values = fused.tolist()  # Python floats: the same doubles as numpy's, read faster one by one
        for i in np.flatnonzero(fused > 0).tolist():
            cids = votes[i]
            if not cids:
                continue
            # a chart's own document counts fully; other documents add a damped vote
            vote = (1.0 if is_chart[i] else _EVIDENCE_VOTE) * values[i]
            for cid in cids:
                per_chart[cid] = per_chart.get(cid, 0.0) + vote
                support.setdefault(cid, []).append(i)
        book_prior = self.fusion.book_prior
        for cid in per_chart:
            per_chart[cid] *= book_prior.get(self._chart_book[cid], 1.0)
        norm_query = normalize_lay(clean_text(query))
        q_users = query_road_users(norm_query)
        q_scenes = scene_terms(norm_query)
        q_signal = detect_has_signal(norm_query)
        for cid in per_chart:
            c_signal = self._chart_signal[cid]
            if q_signal is not None and c_signal is not None and q_signal != c_signal:
                per_chart[cid] *= self.fusion.signal_prior
            if self._chart_users[cid] != q_users:
                per_chart[cid] *= self.fusion.type_prior
            if not self._chart_scenes[cid] <= q_scenes:
                per_chart[cid] *= self.fusion.scene_prior
        top = sorted(per_chart.items(), key=lambda kv: -kv[1])[:k]
        return top, bm, dn, fused, support

    def chart_scores(self, query: str, k: int = 10) -> dict[str, float]:
        """`search_charts(query, k, evidence=False)` as {chart id: score}, best first, without building the hits
        (the engine reads the scores only; a hit per chart was a few percent of an assessment)."""
        if not isinstance(query, str) or not clean_text(query) or k <= 0:
            return {}
        top = self._top_charts(query, k, ("chart",), None, "fused")[0]
        return {cid: round(float(score), 6) for cid, score in top}


_LOCK = threading.Lock()
_SINGLETON: dict[tuple, HybridRetriever] = {}


def get_retriever(*, force: bool = False, progress: Progress | None = None) -> HybridRetriever:
    """The process-wide retriever for the current data dir, model and index dir (lazy)."""
    from katalog.paths import data_dir
    from katalog.retrieval.dense import resolve_model_name
    from katalog.retrieval.index import index_root

    key = (str(data_dir()), resolve_model_name(), str(index_root()))
    with _LOCK:
        if force or key not in _SINGLETON:
            t0 = time.perf_counter()
            r = HybridRetriever.open(force=force, progress=progress)
            r.info["open_s"] = round(time.perf_counter() - t0, 3)
            _SINGLETON.clear()
            _SINGLETON[key] = r
        return _SINGLETON[key]
