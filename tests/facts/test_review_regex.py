"""Regex faults found in review: backtracking, road width read as lanes, indicators read as arrows."""

from __future__ import annotations

import re

from katalog.facts import extract_facts
from katalog.facts import lexicon as lx
from katalog.facts.extract import lane_markings
from katalog.matching.signatures import SPECIAL_CUES, special_cues


def _party(facts, prefix: str):  # type: ignore[no-untyped-def]
    return next(p for p in facts.parties if p.name.startswith(prefix))


HOSTILE = ["1차로에서" + "하던" * 400, "주차장에서 " + "가" * 4990, "1차로를 " + "가" * 4990, "직진 " * 1000]


def test_hostile_inputs_are_read_without_error() -> None:
    """Inputs that once backtracked for seconds (timings: benchmarks/hostile_input.py)."""
    for text in HOSTILE:
        assert extract_facts(text).in_scope in (True, False)


def test_lane_jump_still_read_with_bounded_gap() -> None:
    facts = extract_facts("A차량이 1차로에서 주행하다가 3차로로 한번에 진로변경하여 B차량과 충돌")
    assert "연속진로변경" in _party(facts, "A").factors


def test_road_width_crossed_on_foot_is_no_lane_jump() -> None:
    # B4: "편도 3차로를 가로질러 무단횡단하던 보행자" is the road's width, crossed on foot
    facts = extract_facts("A차량이 직진하던 중 편도 3차로를 가로질러 무단횡단하던 보행자 B를 충격한 사고")
    assert all("연속진로변경" not in p.factors for p in facts.parties)
    assert not re.search(lx._LANE_JUMP_WORDS[0], "편도 3차로를 한꺼번에")
    assert not re.search(lx._LANE_JUMP_WORDS[0], "왕복 2차로를 동시에")


def test_pedestrian_never_jumps_lanes() -> None:
    facts = extract_facts("B보행자가 3개 차로를 한꺼번에 건너다가 직진하던 A차량에 충격된 사고")
    ped = _party(facts, "B")
    assert ped.type == "pedestrian"
    assert "연속진로변경" not in ped.factors


def test_car_crossing_three_lanes_at_once_keeps_factor() -> None:
    facts = extract_facts("A차량이 3개 차로를 한꺼번에 변경하다 B차량과 충돌")
    assert "연속진로변경" in _party(facts, "A").factors


def test_lane_entered_is_not_own_lane_marking() -> None:
    # B13: "우회전하여 직진 차로에 들어감": the lane entered says nothing about the lane driven in
    assert lane_markings("A차량이 우회전하여 직진 차로에 들어감") == []
    assert lane_markings("B차량이 좌회전 차로에 진입하여 대기") == []
    assert lane_markings("A차량이 직진 차로에서 진행") != []


def test_signal_wait_is_not_a_queue() -> None:
    # B8: "신호 대기 중이던 A차량을 … 진로변경하던 B차량": one car at a light is no 정체
    text = "신호 대기 중이던 A차량을 뒤따르다 진로변경하던 B차량이 충돌"
    assert not re.search(SPECIAL_CUES["정체"], text)
    assert "정체" not in special_cues(text)
    assert "정체" not in special_cues("신호대기 중이던 A차량을 뒤따르다 진로변경하던 B차량이 충돌")
    assert "정체" in special_cues("좌회전 차로인 1차로에서 대기 중 우측 차로로 진로변경하던 A차량")


def test_right_turn_indicator_is_not_a_green_arrow() -> None:
    # B9: "우회전 신호에 맞춰 깜빡이를 켜고" is a turn indicator, not a signal light
    facts = extract_facts("A차량이 우회전 신호에 맞춰 깜빡이를 켜고 진행하다 B차량과 충돌")
    assert _party(facts, "A").signal != "green"
    facts = extract_facts("교차로에서 A차량이 우회전 신호에 우회전하다 B차량과 충돌")
    assert _party(facts, "A").signal == "green"


def test_door_opening_cue_is_shared() -> None:
    # one pattern for the 문열림 condition, the door_opening movement and the chart cue
    assert SPECIAL_CUES["문열림"] == lx.DOOR_OPENING
    assert dict(lx.MOVEMENT_CUES)["door_opening"] == lx.DOOR_OPENING
    facts = extract_facts("정차한 B차량이 갑자기 문을 열어 직진하던 A차량과 충돌")
    b = _party(facts, "B")
    assert b.movement == "door_opening" and "문열림" in b.conditions
    assert "문열림" not in special_cues("A차량이 창문을 열고 직진하다 B차량과 충돌")
