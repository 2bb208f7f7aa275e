"""Modifiers a description states outright: several lanes at once, a 천천히 sign, a stalled queue,
a yield marking at a merge, the stated entry order at a roundabout."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts

NAMES = ["청구차량", "피청구차량"]





def _factors(text: str) -> list[list[str]]:
    return [p.factors for p in extract_facts(text, parties=NAMES).parties]


# ---- 연속진로변경 ---------------------------------------------------------------------------


def test_two_lanes_at_once_is_notable_fault_of_the_changer(applied):
    text = "피청구차량이 4차로에서 주행하다가 2차로로 진로를 바꾸던 중 2차로에서 직진하던 청구차량과 충돌했습니다"
    assert _factors(text) == [[], ["연속진로변경"]]
    # 차43-2 has no 연속진로변경 of its own: the committee's +10 is 현저한 과실
    assert applied("차43-2", text, {0: "A", 1: "B"}) == {("B", "현저한과실")}


def test_chart_with_its_own_consecutive_lane_change_modifier(applied):
    text = "청구차량이 1차선에서 3차선으로 한 번에 차선을 바꾸다가 3차로로 진로변경하던 피청구차량과 부딪혔습니다"
    assert ("A", "연속진로변경") in applied("차43-5", text, {0: "A", 1: "B"})


def test_worded_multi_lane_change():
    assert "연속진로변경" in _factors("피청구차량이 두 개 차로를 한꺼번에 가로지르다 청구차량과 충돌")[1]
    assert "연속진로변경" in _factors("피청구차량이 연속으로 차로를 변경하다가 청구차량을 충격")[1]


@pytest.mark.parametrize(
    "text",
    [
        "피청구차량이 3차로에서 2차로로 진로변경하다가 청구차량과 충돌했습니다",  # one lane
        "1차로에서 직진하던 청구차량과 3차로로 진로변경한 피청구차량이 충돌했습니다",  # two parties' lanes
        "편도 3차로에서 1차로로 진로변경하던 피청구차량이 청구차량과 충돌했습니다",  # road width
        "청구차량이 1차로에서 좌회전하여 3차로로 진입하던 중 피청구차량과 충돌했습니다",  # a turn, not a lane change
    ],
)
def test_no_multi_lane_change(text):
    assert not any("연속진로변경" in f for f in _factors(text))


# ---- 천천히 표지 ----------------------------------------------------------------------------


def test_slow_sign_breach_falls_back_to_notable_fault(applied):
    text = "신호 없는 교차로에서 청구차량은 천천히 표지를 무시하고, 피청구차량은 일시정지 표지를 위반하여 직진하다 충돌"
    assert _factors(text)[0] == ["서행표지위반"]
    # 차7-1 A has no 서행 불이행: 현저한 과실
    assert ("A", "현저한과실") in applied("차7-1", text, {0: "A", 1: "B"})


def test_slow_sign_breach_is_the_charts_slow_down_failure(applied):
    text = "동일 폭 교차로에서 피청구차량이 서행 표지판을 위반하고 직진하다 좌회전하던 청구차량과 충돌했습니다"
    got = applied("차16-1", text, {0: "B", 1: "A"})
    assert ("A", "서행불이행") in got and ("A", "현저한과실") not in got


# ---- 정체 차량 사이 -------------------------------------------------------------------------


def test_turn_through_a_stalled_queue_is_notable_fault(applied):
    text = "녹색신호에 직진하던 청구차량과 맞은편에서 정체된 차량들 사이로 비보호 좌회전하던 피청구차량이 충돌했습니다"
    assert "정체차량사이진행" in _factors(text)[1]
    assert ("A", "현저한과실") in applied("319", text, {0: "B", 1: "A"})


def test_queue_chart_prices_the_queue_in(applied):
    # 376 is the chart of moving through a stalled queue: no modifier for the same scene again
    text = "정체된 차량 사이로 좌회전하던 피청구차량이 차량들 우측으로 직진하던 청구차량(이륜차)과 충돌"
    assert "정체차량사이진행" in _factors(text)[1]
    assert applied("376", text, {0: "A", 1: "B"}) == set()


# ---- 양보 표지 at a merge -------------------------------------------------------------------


def test_yield_marking_at_a_merge_weighs_on_the_merger(applied):
    text = "양보 표시가 그려진 차로 감소구간에서 피청구차량이 합류하다 본선을 달리던 청구차량과 충돌했습니다"
    assert applied("502", text, {0: "A", 1: "B"}) == {("B", "부적절한합류방법")}


def test_yield_sign_elsewhere_adds_nothing(applied):
    text = "신호 없는 삼거리에서 청구차량이 좌회전하는데 양보 표지가 있는 왼쪽 도로에서 피청구차량이 직진해 왔습니다"
    assert applied("차8-2", text, {0: "B", 1: "A"}) == set()


# ---- entry order at a roundabout -------------------------------------------------------------


def test_stated_first_entry_makes_the_other_the_late_non_yielder(applied):
    text = "회전교차로에 청구차량이 2차로에서 진입하던 중 1차로에서 먼저 진입한 피청구차량과 충돌했습니다"
    assert applied("차54-5", text, {0: "B", 1: "A"}) == {("B", "후진입미양보")}


def test_no_entry_order_no_late_entry_modifier(applied):
    text = "회전교차로에 청구차량이 2차로에서, 피청구차량이 1차로에서 진입하다가 충돌했습니다"
    assert applied("차54-5", text, {0: "B", 1: "A"}) == set()
