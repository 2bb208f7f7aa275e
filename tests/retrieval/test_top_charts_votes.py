"""`HybridRetriever._top_charts` reads each document's votes from tables built once (`_votes`, `_is_chart`,
`_chart_book`, `_chart_signal`): the same charts, scores and supports as reading the documents per query."""

from __future__ import annotations

import numpy as np
import pytest

from katalog.lexicon.synonyms import normalize_lay
from katalog.retrieval import hybrid
from katalog.retrieval.analyzer import clean_text

QUERIES = [
    "뒤에서 오던 차가 제 차를 들이받았어요",
    "초록불에 직진했는데 빨간불에 직진한 차와 충돌",
    "빨간불에 길을 건너다가 차에 치였습니다",
    "로터리에서 이미 돌고 있는데 새로 들어온 차",
    "주차장에서 후진하다 부딪힘",
]


def _reference(r, query: str, k: int):
    """`_top_charts` as it read the documents before the tables (the scores summed in the same order)."""
    mask = r._mask(("chart",), None, None)
    bm, dn = r._scores(query)
    fused = r._fuse(bm, dn, mask, "fused")
    per_chart: dict[str, float] = {}
    support: dict[str, list[int]] = {}
    for i in np.flatnonzero(fused > 0):
        for cid in r.docs[i].chart_ids:
            if cid not in r._chart_pos:
                continue
            w = 1.0 if r.docs[i].kind == "chart" else hybrid._EVIDENCE_VOTE
            per_chart[cid] = per_chart.get(cid, 0.0) + w * fused[i]
            support.setdefault(cid, []).append(int(i))
    for cid in per_chart:
        book = r.docs[r._chart_pos[cid]].metadata.get("book", "")
        per_chart[cid] *= r.fusion.book_prior.get(book, 1.0)
    norm = normalize_lay(clean_text(query))
    q_users, q_scenes, q_signal = hybrid.query_road_users(norm), hybrid.scene_terms(norm), hybrid.detect_has_signal(norm)
    for cid in per_chart:
        c_signal = r.docs[r._chart_pos[cid]].has_signal
        if q_signal is not None and c_signal is not None and q_signal != c_signal:
            per_chart[cid] *= r.fusion.signal_prior
        if r._chart_users[cid] != q_users:
            per_chart[cid] *= r.fusion.type_prior
        if not r._chart_scenes[cid] <= q_scenes:
            per_chart[cid] *= r.fusion.scene_prior
    return sorted(per_chart.items(), key=lambda kv: -kv[1])[:k], support


@pytest.mark.parametrize("query", QUERIES)
def test_top_charts_as_read_per_document(retriever, query):
    top, _, _, _, support = retriever._top_charts(query, 50, ("chart",), None, "fused")
    want_top, want_support = _reference(retriever, query, 50)
    assert top  # the fixture corpus ranks something for each query
    assert [(c, float(s)) for c, s in top] == [(c, float(s)) for c, s in want_top]
    assert support == want_support
