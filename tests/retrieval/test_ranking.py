"""BM25, dense and fused ranking on the fixture corpus; fusion arithmetic; filters."""

from __future__ import annotations

import numpy as np
import pytest

from katalog.errors import InputError
from katalog.retrieval.fusion import ranks, rrf


def test_ranks_and_rrf() -> None:
    scores = np.array([0.1, 0.9, 0.0, 0.5])
    mask = np.array([True, True, True, False])
    r = ranks(scores, mask, depth=10, min_score=0.0)
    assert r.tolist() == [2, 1, 0, 0]
    fused = rrf([(r, 1.0), (np.array([1, 0, 2, 0]), 2.0)], k=1.0)
    assert fused[0] == pytest.approx(1 / 3 + 2 / 2)
    assert fused[2] == pytest.approx(2 / 3)
    assert fused[3] == 0.0


@pytest.mark.parametrize("mode", ["bm25", "dense", "fused"])
def test_rear_end_query_finds_rear_end_chart(retriever, mode: str) -> None:
    hits = retriever.search_charts("뒤에서 오던 차가 제 차를 들이받았어요", k=3, mode=mode)
    assert hits[0].chart_id == "차41-1"


def test_signal_and_pedestrian_queries(retriever) -> None:
    assert retriever.search_charts("초록불에 직진했는데 빨간불에 직진한 차와 충돌", k=1)[0].chart_id == "차1-1"
    assert retriever.search_charts("빨간불에 길을 건너다가 차에 치였습니다", k=1)[0].chart_id == "보1"
    assert retriever.search_charts("로터리에서 이미 돌고 있는데 새로 들어온 차", k=1)[0].chart_id == "차54-1"


def test_chart_hits_carry_scores_and_evidence(retriever) -> None:
    top = retriever.search_charts("후방 추돌", k=2, evidence_kinds=["precedent", "law"])[0]
    assert top.chart_id == "차41-1" and top.bm25_score > 0 and top.dense_score != 0
    kinds = [e.kind for e in top.evidence]
    assert kinds[0] == "chart" and "precedent" in kinds and "law" in kinds
    assert all("차41-1" in e.chart_ids for e in top.evidence)


def test_chart_ranking_ignores_committee_unless_asked(retriever) -> None:
    query = "청구차량이 신호대기 중 후행하던 피청구차량이 뒤에서 추돌한 사고임"
    default = retriever.search_charts(query, k=3)
    assert all(e.kind == "chart" for h in default for e in h.evidence)
    with_committee = retriever.search_charts(query, k=3, kinds=["chart", "committee"])
    assert any(e.doc_id == "KFRC-2019-000001" for e in with_committee[0].evidence)
    excluded = retriever.search_charts(query, k=3, kinds=["chart", "committee"], exclude_ids=["KFRC-2019-000001"])
    assert not any(e.doc_id == "KFRC-2019-000001" for h in excluded for e in h.evidence)


def test_search_kinds_filters_and_exclude(retriever) -> None:
    hits = retriever.search("추돌 안전거리", k=10)
    assert {h.kind for h in hits} >= {"chart", "precedent", "law"}
    assert all(h.kind == "law" for h in retriever.search("추돌 안전거리", k=10, kinds=["law"]))
    assert "KFRC-2019-000001" not in [h.doc_id for h in retriever.search("추돌", k=10, exclude_ids=["KFRC-2019-000001"])]
    ped = retriever.search("사고", k=10, kinds="chart", filters={"party_types": ["pedestrian"]})
    assert [h.doc_id for h in ped] == ["chart:보1"] or all("pedestrian" in h.metadata["party_types"] for h in ped)
    rb = retriever.search("충돌 사고", k=10, kinds="chart", filters={"place": "roundabout"})
    assert all(h.metadata["place"] in ("roundabout", None) for h in rb)
    sig = retriever.search("충돌 사고", k=10, kinds="chart", filters={"has_signal": False})
    assert "chart:차1-1" not in [h.doc_id for h in sig]


def test_unknown_filter_or_kind_is_a_clear_error(retriever) -> None:
    with pytest.raises(InputError, match="filter"):
        retriever.search("추돌", filters={"colour": "red"})
    with pytest.raises(InputError, match="kinds"):
        retriever.search("추돌", kinds=["video"])


@pytest.mark.parametrize(
    "query",
    ["", "   \n\t", "뒤에서 추돌 " * 2000, "rear-end collision at night", "🚗💥🚙", "추돌\x00\x07 사고\x1b",
     "12345", "!!!???"],
)
def test_bad_inputs_never_raise(retriever, query: str) -> None:
    hits = retriever.search(query, k=5)
    charts = retriever.search_charts(query, k=5)
    assert isinstance(hits, list) and isinstance(charts, list)
    if not query.strip():
        assert hits == [] and charts == []
    if "추돌" in query:
        assert charts and charts[0].chart_id == "차41-1"
