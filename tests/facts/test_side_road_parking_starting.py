"""Side roads, parking bays, followers and cars moving off (session 15, round 3, helper c).

- A side road whose side is unsaid ("옆 길에서", "측면 도로", "교차 도로에서", "골목에서 튀어나온") is
  from_direction "side": it fits the PM book's same-width crossing charts (PM-14/15) and not the oncoming
  ones (PM-12/13).
- In a parking lot, reversing into a bay is the bay move (차51-2 A), reversing out of one is leaving the bay
  (차51-1 / 비정형-19 B); a car reversing along the aisle stays reversing (비정형-19 A).
- A follower passing beside ("뒤에 오던 차가 옆으로 쑥 지나가다가") overtakes; "X 뒤를 따라" is behind,
  "앞에 가던 X" in front (거10 / PM-21: the car ahead turning right).
- A stopped car moving off in lay words ("갑자기 움직이면서", "다시 가면서", "손님 내려주고 다시 가다가") starts.

Sentences written for these tests, not copied from the corpus."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import direction_credit, structured_fit
from katalog.matching.signatures import chart_signatures, special_cues


def _party(text: str, name: str):
    return next(p for p in extract_facts(text).parties if name in p.name)


def _fit(text: str, cid: str) -> float:
    facts = extract_facts(text)
    return structured_fit(facts, chart_signatures()[cid], special_cues(text)).score


# ---- a side road with no side named ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("신호등 없는 사거리에서 킥보드로 직진하던 중 옆 길에서 나온 트럭이 좌회전하다 저를 받았어요.", "트럭"),
        ("비신호 교차로에서 전동킥보드가 직진 중, 승합차가 측면 도로에서 좌회전하여 진입하다 충돌.", "승합차"),
        ("동네 사거리에서 킥보드 타고 가는데 골목에서 갑자기 튀어나온 SUV가 좌회전하면서 부딪혔어요.", "SUV"),
        ("신호기 없는 교차로에서 전동킥보드가 직진하던 중 교차 도로에서 좌회전하던 택시와 충돌함.", "택시"),
        ("좌회전 킥보드 / 옆길 직진 승용차 (같은 폭, 신호 없음)", "승용차"),
    ],
)
def test_a_side_road_with_no_side_named_is_side(text, name):
    assert _party(text, name).from_direction == "side"


def test_a_named_side_outranks_the_plain_side_road():
    text = "신호 없는 교차로에서 킥보드로 직진하는데 오른쪽 옆 골목에서 나온 승합차가 좌회전했어요."
    assert _party(text, "승합차").from_direction == "right"


def test_a_neighbouring_lane_is_not_a_side_road():
    text = "편도 2차로에서 직진하는데 옆 차로의 택시가 갑자기 제 앞으로 들어왔어요."
    assert _party(text, "택시").from_direction != "side"


def test_side_fits_a_side_role_fully_and_a_left_or_right_role_in_part():
    assert direction_credit("left", "side") == 1.0
    assert direction_credit("side", "side") == 1.0
    assert 0.0 < direction_credit("side", "right") < 1.0
    assert direction_credit("side", "opposite") == 0.0
    assert direction_credit("opposite", "side") == 0.0
    assert direction_credit(None, "side") is None


@pytest.mark.parametrize(
    ("text", "right", "wrong"),
    [
        ("신호등 없는 같은 폭 사거리에서 킥보드로 직진하는데 옆 길에서 나온 승합차가 좌회전하면서 저를 쳤어요.", "PM-14", "PM-12"),
        ("신호 없는 교차로, 폭은 같아요. 제 전동킥보드가 좌회전하는데 측면 도로에서 직진해 온 트럭과 부딪혔어요.", "PM-15", "PM-13"),
        ("신호 없는 사거리에서 킥보드로 직진하는데 맞은편에서 오던 승용차가 좌회전하면서 부딪혔어요.", "PM-12", "PM-14"),
    ],
)
def test_side_road_and_oncoming_pm_charts_are_told_apart(text, right, wrong):
    assert _fit(text, right) > _fit(text, wrong)


# ---- parking bays -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "movement"),
    [
        ("마트 주차장에서 주차하려고 후진하던 제 차 옆으로 뒤에서 오던 택시가 지나가다 부딪혔어요.", "제 차", "exiting"),
        ("지하주차장에서 제 차가 후진으로 주차칸에 들어가는 중에 SUV가 옆으로 앞질러 가다 긁었어요.", "제 차", "exiting"),
        ("주차장 통로를 지나가는데 주차칸에서 후진으로 빠져나오던 승용차가 제 차 옆을 받았어요.", "승용차", "entering"),
        ("백화점 주차장에서 주차칸에서 후진으로 빼던 택시가 통로로 가던 제 차를 박았어요.", "택시", "entering"),
        ("주차장 통로에서 자리 찾는다고 후진하던 SUV가 주차칸에서 나오던 제 차를 박았어요.", "SUV", "reversing"),
    ],
)
def test_reversing_into_or_out_of_a_bay_is_the_bay_move(text, name, movement):
    assert _party(text, name).movement == movement


def test_reversing_into_a_bay_outside_a_parking_lot_stays_reversing():
    text = "편도 1차로 도로에서 주차하려고 갑자기 후진하던 앞차가 뒤에 서 있던 제 차를 박았어요."
    assert _party(text, "앞차").movement == "reversing"


@pytest.mark.parametrize(
    ("text", "right", "wrong"),
    [
        ("아파트 주차장에서 주차하려고 후진하는데 뒤에 있던 승용차가 기다리지 않고 옆으로 지나가다 부딪혔어요.", "차51-2", "차51-1"),
        ("주차장 통로로 가는데 주차칸에서 후진으로 빠져나오던 택시가 제 차 옆을 받았어요.", "차51-1", "비정형-19"),
        ("주차칸에서 앞으로 나가고 있는데 통로에서 자리 찾는다고 후진하던 SUV가 제 차 앞을 박았어요. 주차장이에요.", "비정형-19", "차51-1"),
    ],
)
def test_parking_charts_follow_who_reverses_where(text, right, wrong):
    assert _fit(text, right) > _fit(text, wrong)


# ---- followers and leaders ------------------------------------------------------------------------------
def test_a_follower_passing_beside_overtakes():
    text = "주차장에서 제가 주차칸에 넣으려고 서 있었는데 뒤에서 따라오던 택시가 옆으로 쑥 지나가다 긁었어요."
    assert _party(text, "택시").movement == "overtaking"
    assert "추월" in special_cues(text)


def test_passing_beside_without_a_follower_is_no_overtaking_cue():
    assert "추월" not in special_cues("인도 쪽으로 걷던 할머니 옆으로 제 차가 지나가다 부딪혔어요.")


@pytest.mark.parametrize(
    ("text", "follower", "leader"),
    [
        ("자전거로 승합차 뒤를 따라 직진하는데 승합차가 오른쪽으로 붙지 않고 우회전했어요. 신호 없는 교차로예요.", "자전거", "승합차"),
        ("제 킥보드가 직진하는데 앞에 가던 택시가 차로 가운데서 그대로 우회전했어요. 신호 없는 교차로였어요.", "킥보드", "택시"),
    ],
)
def test_behind_and_in_front_in_lay_words(text, follower, leader):
    assert _party(text, follower).from_direction == "behind"
    assert _party(text, leader).from_direction == "front"


# ---- a stopped car moving off ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("길가에 서 있던 트럭이 갑자기 움직이면서 옆을 지나던 제 차를 긁었어요.", "트럭"),
        ("정류장에 멈춰 있던 버스가 다시 가면서 제 차로로 들어왔어요.", "버스"),
        ("택시가 손님 내려주고 다시 가다가 옆 차로의 제 차를 받았어요.", "택시"),
        ("택시가 손님 태우고 바로 출발하면서 제 차와 부딪혔어요.", "택시"),
    ],
)
def test_a_stopped_car_moving_off_starts(text, name):
    assert _party(text, name).movement == "starting"


def test_a_car_that_does_not_move_does_not_start():
    assert _party("고장 난 트럭이 움직이지 않아 갓길에 서 있었어요.", "트럭").movement != "starting"


# ---- the common typo of a turn ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "movement"),
    [
        ("킥보드로 직진하는데 맞은편 승합차가 좌회젼하면서 저를 쳤어요.", "승합차", "left_turn"),
        ("자전거 좌회젼 중 옆길에서 직진하던 택시랑 부딪힘", "자전거", "left_turn"),
        ("제 차가 우회젼하다가 직진하던 킥보드랑 부딪혔어요.", "제 차", "right_turn"),
    ],
)
def test_the_turn_typo_is_a_turn(text, name, movement):
    assert _party(text, name).movement == movement


def test_a_car_ahead_turning_right_is_the_leader_of_a_bicycle():
    text = "자전거로 택시 뒤를 따라가는데 택시가 오른쪽 끝으로 붙지 않고 우회전했어요. 신호 없는 교차로예요."
    assert _fit(text, "거10-1") > _fit(text, "거7-2")
