"""Roundabout facts: who is entering (in_roundabout False) and who is circulating (True), the side
each enters from, and the two-lane roundabout's own lane facts ("회전차로" condition) that gate the
2025 book. Descriptions written for these tests."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts

CP = ["청구차량", "피청구차량"]


def _rb(text: str, parties: list[str] | None = None) -> list[tuple[bool | None, str | None]]:
    f = extract_facts(text, parties)
    assert f.place == "roundabout"
    return [(p.in_roundabout, p.from_direction) for p in f.parties[:2]]


def test_both_entering_abreast_from_numbered_lanes() -> None:
    text = "청구차량이 1차로에서 회전교차로로 진입하던 중 2차로에서 회전교차로로 들어오던 피청구차량과 부딪힘"
    assert _rb(text, CP) == [(False, "left"), (False, "right")]


def test_both_entering_from_left_and_right_roads() -> None:
    text = "당사 차량이 왼쪽 도로에서 회전교차로에 진입하는데 오른쪽 도로에서 회전교차로로 진입하던 상대 차량과 충돌"
    assert _rb(text, ["당사 차량", "상대 차량"]) == [(False, "left"), (False, "right")]


def test_lead_while_entering_abreast_is_a_modifier_not_circulating() -> None:
    # two adjacent entry lanes: the one that got in a little earlier is still entering
    text = "청구차량이 2차로에서 회전교차로로 진입하던 중 1차로에서 회전교차로에 선진입한 피청구차량과 충돌"
    f = extract_facts(text, CP)
    a, b = f.parties
    assert (a.in_roundabout, b.in_roundabout) == (False, False)
    assert (a.entered_first, b.entered_first) == (False, True)


def test_lead_without_lanes_is_circulating() -> None:
    text = "청구차량이 회전교차로로 진입하던 중 선진입한 피청구차량과 충돌"
    assert [x[0] for x in _rb(text, CP)] == [False, True]


def test_circulating_cue_wins_over_entry_in_the_same_clause() -> None:
    text = "제 차는 회전교차로에 들어와서 돌고 있었는데 새로 들어온 차가 옆을 박았어요"
    assert [x[0] for x in _rb(text)] == [True, False]


def test_simultaneous_entry_phrase_gives_both_entering() -> None:
    assert [x[0] for x in _rb("회전교차로에서 옆 차로의 차와 같이 들어가다가 부딪혔습니다")] == [False, False]


def test_lane_change_inside_against_a_newcomer_is_circulating() -> None:
    text = "회전교차로 안에서 차로를 바꾸다가 새로 진입한 차와 부딪혔어요"
    assert [x[0] for x in _rb(text)] == [True, False]


@pytest.mark.parametrize(
    "text",
    [
        "2차로형 회전교차로에서 진입1차로로 들어온 당사 차량과 진입2차로의 상대 차량이 충돌",
        "회전교차로에서 회전2차로로 진입하는 당사 차량과 상대 차량이 부딪힘",
        "회전교차로에서 6시 방향에서 진입하던 당사 차량과 돌던 상대 차량이 충돌",
        "회전교차로에서 나가려는데 계속 돌던 차와 부딪혔습니다",
        "회전교차로 진입부에서 옆 차로 차와 같이 들어가다가 부딪혔습니다",
    ],
)
def test_two_lane_roundabout_facts_are_a_condition(text: str) -> None:
    assert "회전차로" in extract_facts(text).conditions


@pytest.mark.parametrize(
    "text",
    [
        "청구차량이 2차로에서 회전교차로에 진입 중 1차로에서 진입하던 피청구차량과 충돌",
        "회전교차로에 진입하던 중 이미 회전하고 있던 상대 차량과 충돌했습니다",
        "2차로에서 진입하는 차와 1차로에서 진입하는 차가 부딪힌 사고",  # no roundabout at all
    ],
)
def test_plain_entry_lanes_are_not_the_2025_lane_facts(text: str) -> None:
    assert "회전차로" not in extract_facts(text).conditions
