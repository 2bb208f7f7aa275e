"""Roundabout charts: roles of 차54-x, 회전-x and 399 read by the description extractor, the 2025
two-lane book gated by its lane facts, and 399's variants fitted by who circulates. Descriptions
written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import rank_candidates, road_users_fit_book, structured_fit
from katalog.matching.signatures import chart_signatures, special_cues
from katalog.stages.retrieval import retrieval_scores

CP = ["청구차량", "피청구차량"]


@pytest.fixture(scope="module")
def sigs():
    return chart_signatures()


def _top(text: str, sigs, parties: list[str] | None = None, on: date | None = None) -> str:
    facts = extract_facts(text, parties).model_copy(update={"accident_date": on})
    retrieval, _ = retrieval_scores(text)
    return rank_candidates(facts, sigs, retrieval, top=3, cues=special_cues(text))[0].chart_id


def test_simultaneous_entry_chart_roles(sigs) -> None:
    s = sigs["차54-5"]
    assert (s.A.in_roundabout, s.B.in_roundabout) == (False, False)
    assert (s.A.direction, s.B.direction) == ("left", "right")
    assert "동시" not in s.special  # both roles entering already say it


def test_circulating_vs_entering_chart_roles(sigs) -> None:
    for cid in ("차54-1", "회전-9"):
        assert (sigs[cid].A.in_roundabout, sigs[cid].B.in_roundabout) == (True, False)


def test_portal_399_leaves_who_circulates_to_its_variants(sigs) -> None:
    s = sigs["399"]
    assert s.A.in_roundabout is None and s.B.in_roundabout is None
    assert {(v.A.in_roundabout, v.B.in_roundabout) for v in s.variants} == {(True, False), (False, True)}


def test_2025_book_needs_its_lane_facts(sigs) -> None:
    plain = extract_facts("청구차량이 2차로에서 회전교차로에 진입 중 1차로에서 진입하던 피청구차량과 충돌", CP)
    lanes = extract_facts("2차로형 회전교차로에서 진입2차로에서 회전1차로로 진입하던 청구차량과 피청구차량이 충돌", CP)
    s = sigs["회전-1"]
    assert not road_users_fit_book(s, {"car"}, plain.place, set(plain.conditions))
    assert road_users_fit_book(s, {"car"}, lanes.place, set(lanes.conditions))
    assert road_users_fit_book(sigs["차54-5"], {"car"}, plain.place, set(plain.conditions))


@pytest.mark.parametrize(
    ("text", "chart", "left_is_a"),
    [
        ("청구차량이 2차로에서 회전교차로로 진입하던 중 1차로에서 회전교차로로 진입하던 피청구차량과 충돌", "차54-5", 1),
        ("A차량이 왼쪽 도로에서 회전교차로로 들어가던 중 오른쪽 도로에서 회전교차로로 들어오던 B차량과 충돌", "차54-5", 0),
    ],
)
def test_both_entering_is_simultaneous_entry_left_party_as_a(sigs, text: str, chart: str, left_is_a: int) -> None:
    facts = extract_facts(text)
    assert _top(text, sigs) == chart
    fit = structured_fit(facts, sigs[chart], special_cues(text))
    assert fit.swapped == (left_is_a == 1)  # the left party is the chart's A


def test_one_circulating_is_circulating_vs_entering(sigs) -> None:
    assert _top("청구차량이 회전교차로로 진입하던 중 교차로 안에서 돌던 피청구차량과 충돌", sigs, CP) == "차54-1"


def test_two_wheeler_entering_takes_399_entering_variant(sigs) -> None:
    text = "오토바이를 타고 회전교차로로 진입하는데 교차로 안에서 돌고 있던 차량과 부딪혔습니다"
    facts = extract_facts(text)
    assert _top(text, sigs, on=date(2019, 5, 3)) == "399"  # the portal series, before the 2023 edition
    assert _top(text, sigs) == "차54-1"  # undated: the 2023 chart 399 maps to
    fit = structured_fit(facts, sigs["399"], special_cues(text))
    assert not fit.swapped  # the rider is 399's A (이륜차) in its entering variant (나)
