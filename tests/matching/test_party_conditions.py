"""Conditions that belong to one party (정체 road, stop/yield sign) and the width a text leaves unsaid."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import party_conditions, rank_candidates, structured_fit
from katalog.matching.signatures import build_signature, role_conditions, special_cues
from katalog.standard.loader import load_standard

NAMES = ["A차량", "B차량"]


@pytest.fixture(scope="module")
def std():
    return load_standard()


def _sig(std, cid: str):
    return build_signature(std.charts[cid], extract_facts)


def test_queue_is_owned_by_the_party_whose_clause_names_it():
    f = extract_facts("사거리에서 A차량이 직진하던 중 왼쪽의 밀려 있는 정체도로에서 빠져나오는 B차량과 부딪혔다", NAMES)
    assert "정체" in f.parties[1].conditions
    assert "정체" not in f.parties[0].conditions
    assert "정체" in f.conditions  # still part of the scene for variant conditions


def test_role_conditions_are_read_from_role_labels():
    assert role_conditions("직진(정체도로 사이)") == ["정체"]
    assert role_conditions("좌회전(일시정지 위반)") == ["일시정지"]
    assert role_conditions("직진 (일시정지 표지 없음)") == []  # the other road's sign


def test_role_without_sign_is_not_on_the_non_priority_road(std):
    sig = _sig(std, "차9-1")  # A 우회전(일시정지 위반) / B 직진(일시정지 표지 없음)
    assert sig.A.road == "non_priority" and sig.A.conditions == ["일시정지"]
    assert sig.B.road != "non_priority" and sig.B.conditions == []


def test_chart_that_applies_from_either_side_requires_no_side(std):
    sig = _sig(std, "346")  # "…오른쪽도로에서 진입이든 왼쪽 도로에서 진입이든 본 도표를 적용"
    assert sig.A.direction is None and sig.B.direction is None


def test_queue_condition_decides_which_party_is_the_role(std):
    sig = _sig(std, "차61-1")  # A 직진(정체도로 사이) / B 직진(좌회전)
    f = extract_facts("신호 없는 교차로에서 A차량이 직진하던 중 오른쪽 정체된 도로에서 직진해 오던 B차량과 충돌", NAMES)
    assert structured_fit(f, sig, special_cues("정체")).swapped  # B is the chart's A


def test_stop_violation_goes_to_the_party_that_has_it(std):
    f = extract_facts("신호기 없는 교차로에서 A차량이 정지 표지를 무시하고 일시정지 없이 좌회전하다가 "
                      "왼쪽 도로에서 직진하던 B차량과 충돌", NAMES)
    assert party_conditions(f.parties[0]) == {"일시정지"}
    cues = special_cues("일시정지")
    violator_turns = structured_fit(f, _sig(std, "차8-1"), cues)  # A 직진 / B 좌회전(일시정지 위반)
    violator_straight = structured_fit(f, _sig(std, "차8-3"), cues)  # A 직진(일시정지 위반) / B 좌회전
    assert violator_turns.swapped
    assert violator_turns.score > violator_straight.score
    # the portal's two-wheeler pair: 346 B 좌회전(일시정지 위반) vs 344 A 직진(일시정지 위반)
    g = extract_facts("신호 없는 교차로에서 A차량이 일시정지하지 않고 좌회전하다가 왼쪽 도로에서 직진하던 "
                      "B오토바이와 충돌", NAMES)
    assert structured_fit(g, _sig(std, "346"), cues).score > structured_fit(g, _sig(std, "344"), cues).score


def test_yield_sign_counts_as_the_stop_sign_cue():
    assert "일시정지" in special_cues("양보 표지가 있는 도로에서 나오던 차량")


def test_turn_named_as_an_aim_yields_to_the_stated_straight():
    f = extract_facts("A차량이 좌회전 중 오른쪽 도로에서 우회전을 하기 위해 직진으로 교차로에 들어오던 B차량과 충돌", NAMES)
    assert f.parties[1].movement == "straight"
    g = extract_facts("B차량이 좌회전하기 위해 교차로에서 대기하던 중 A차량에 부딪혔다", NAMES)
    assert g.parties[1].movement != "straight"  # no stated 직진: the aim is all the text gives


def test_stray_space_inside_a_distinctive_word():
    assert "추월" in special_cues("뒤따르던 오토바이가 왼쪽으로 추 월하다가 부딪힌 사고")
    assert "보도" not in special_cues("A차량이 진행 중인 도로로 B차량이 진입")  # "…인 도로" is no 보도
    assert "후진" not in special_cues("회전 후 진출하던 차량")


def test_unstated_width_prefers_the_equal_width_chart(std):
    f = extract_facts("신호 없는 사거리 교차로에서 A차량이 직진하던 중 오른쪽 도로에서 우회전하던 B차량과 충돌", NAMES)
    sigs = {c: _sig(std, c) for c in ("차13-3", "차13-1")}  # 동일폭 vs 소로 우회전 / 대로 직진
    ranked = rank_candidates(f, sigs, {}, cues=special_cues(""))
    assert ranked[0].chart_id == "차13-1"
