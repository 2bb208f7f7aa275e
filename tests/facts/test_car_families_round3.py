"""Car-vs-car families, round 3 (issue 15): a car coming out of a place that is not a road (주차장, 주유소,
아파트 단지: 차44-1 / 차31-2 / 차31-3), two cars turning the same way side by side (차20-1 / 차21-1), and a
car that leaves a turn lane's queue into the through lane (차43-4 vs 차43-2 / 비정형-11). Sentences are our own."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import structured_fit
from katalog.matching.signatures import chart_signatures, special_cues

# ---- out of a place that is not a road ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, mover",
    [
        ("주유소에서 나와 우회전하던 승합차가 도로를 직진하던 제 차 옆을 박았어요.", "승합차"),
        ("아파트 단지 후문에서 우회전으로 큰길에 나가던 승합차가 직진하던 제 차와 부딪혔어요.", "승합차"),
        ("상가 주차장 출구에서 머리를 내밀고 우회전하던 승합차와 직진하던 제 차가 부딪혔습니다.", "승합차"),
        ("건물 주차장 출구에서 천천히 나가던 승합차를 직진하던 제 차가 받았어요.", "승합차"),
    ],
)
def test_coming_out_of_a_lot_onto_the_road_is_entering(text, mover, fits):
    facts = extract_facts(text, parties=["제 차", mover])
    assert facts.place == "off_road"
    assert {p.name: p.movement for p in facts.parties}[mover] == "entering"
    assert "도로외" in special_cues(text)
    lot, road = fits(text, ["제 차", mover], "차51-1", "차44-1")
    assert road > lot


@pytest.mark.parametrize(
    "text",
    [
        "편의점 주차장에서 빠져나와 중앙선을 넘어 좌회전하던 트럭이 직진하던 제 차와 충돌했어요.",
        "트럭이 병원 주차장에서 나오더니 중앙선(노란 실선)을 가로질러 좌회전했고, 직진하던 제 차가 트럭 옆을 받았어요.",
    ],
)
def test_out_of_a_lot_over_the_centre_line_is_the_left_turn_entry(text, by_name, fits):
    truck = by_name(text, ["제 차", "트럭"])["트럭"]
    assert truck.movement == "entering"
    assert "중앙선침범" in truck.factors
    left_entry, right_entry = fits(text, ["제 차", "트럭"], "차31-2", "차44-1")
    assert left_entry > right_entry


def test_turning_over_the_centre_line_into_a_filling_station_is_31_3(fits):
    text = "맞은편 승합차가 주유소 들어가려고 중앙선을 넘어 좌회전하다가 직진하던 제 차와 부딪혔어요."
    facts = extract_facts(text, parties=["제 차", "승합차"])
    assert facts.place == "off_road"
    assert {p.name: p.movement for p in facts.parties}["승합차"] == "exiting"
    facts_fit = structured_fit(facts, chart_signatures()["차31-3"], special_cues(text))
    assert "B: 진행(도로 외 진출) 일치" in facts_fit.reasons  # the turn into the station is 31-3's B
    into, wrong_way = fits(text, ["제 차", "승합차"], "차31-3", "차31-1")
    assert into > wrong_way


# ---- two cars turning the same way side by side ------------------------------------------------


@pytest.mark.parametrize(
    "text, parties, turn",
    [
        ("교차로에서 버스와 나란히 우회전하다가 부딪혔어요. 저는 오른쪽, 버스는 왼쪽이었어요.", ["저", "버스"], "right_turn"),
        ("승용차가 왼쪽, 택시가 오른쪽에서 같이 좌회전하던 중 서로 옆을 긁음.", ["승용차", "택시"], "left_turn"),
        ("교차로 동시 우회전 중 접촉. 승용차 우측, 택시 좌측에서 진행.", ["승용차", "택시"], "right_turn"),
        ("두 줄로 함께 좌회전하는 곳에서 제 차와 옆 차가 부딪혔어요.", ["제 차", "옆 차"], "left_turn"),
    ],
)
def test_turning_side_by_side_is_both_parties_turn(text, parties, turn):
    facts = extract_facts(text, parties=parties)
    assert [p.movement for p in facts.parties[:2]] == [turn, turn]


def test_side_by_side_right_turns_fit_20_1_over_right_against_straight(fits):
    text = "택시가 제 오른쪽에서 같이 우회전하고 있었는데, 제가 왼쪽에서 돌다가 택시 쪽으로 붙어서 부딪혔어요."
    both, one = fits(text, ["택시", "제가"], "차20-1", "차13-1")
    assert both > one


@pytest.mark.parametrize(
    "text",
    [
        "제 차는 직진하는데 오른쪽에서 승합차가 칼같이 좌회전해서 들어왔어요.",
        "제 차가 직진으로 교차로에 들어가는 순간 승합차가 동시에 우회전했어요.",
    ],
)
def test_how_or_when_one_turns_is_no_joint_turn(text, by_name):
    mine = by_name(text, ["제 차", "승합차"])["제 차"]
    assert mine.movement not in ("left_turn", "right_turn")


# ---- out of a turn lane's queue into the through lane ------------------------------------------


@pytest.mark.parametrize(
    "text, mover, lane",
    [
        ("우회전 대기 줄에 서 있던 승합차가 갑자기 옆 직진 차로로 빠지면서 제 차 옆을 긁었어요.", "승합차", "right_turn"),
        ("좌회전하려고 서 있던 트럭이 직진 차로로 확 튀어나와서 지나가던 제 차를 박았어요.", "트럭", "left_turn"),
        ("좌회전 차로에 멈춰 서 있던 트럭이 제 차로로 갑자기 들어와서 옆을 받았어요.", "트럭", "left_turn"),
        ("좌회전 대기열에 있던 트럭이 직진 차로로 그냥 틀어서 제 차 옆을 박았어요.", "트럭", "left_turn"),
    ],
)
def test_leaving_a_turn_queue_is_a_lane_change_from_that_lane(text, mover, lane, by_name, fits):
    p = by_name(text, ["제 차", mover])[mover]
    assert p.movement == "lane_change"
    assert p.lane_marking == [lane]
    assert "정체" in special_cues(text)
    queue, plain, marking = fits(text, ["제 차", mover], "차43-4", "차43-2", "비정형-11")
    assert queue > max(plain, marking)


def test_a_denied_lane_change_is_no_lane_change(by_name):
    text = "좌회전 차선에 서 있던 승합차가 칼치기로 직진 차선에 들어와 제 차를 받았어요. 저는 차선 변경 안 했어요."
    mine = by_name(text, ["제 차", "승합차"])["제 차"]
    assert mine.movement != "lane_change"


def test_a_turn_into_my_lane_without_a_queue_stays_a_turn(by_name):
    text = "오른쪽 골목에서 우회전해서 제 차로로 들어온 택시가 직진하던 제 차를 받았어요."
    assert by_name(text, ["제 차", "택시"])["택시"].movement == "right_turn"


# ---- an oncoming car overtaking over the centre line ------------------------------------------


@pytest.mark.parametrize(
    "text, mine, other",
    [
        ("맞은편에서 오던 트럭이 앞에 가던 경운기를 추월한다고 중앙선을 넘어왔고, 제 차는 제 차선으로 가고 있었어요.", "제 차", "트럭"),
        ("반대편 트럭이 앞차를 추월하려고 중앙선(황색 실선)을 넘어왔고, 저는 정상 직진 중이었어요.", "저", "트럭"),
    ],
)
def test_an_oncoming_overtaker_comes_from_the_opposite_side(text, mine, other, fits):
    facts = extract_facts(text, parties=[mine, other])
    truck = {p.name: p for p in facts.parties}[other]
    assert truck.from_direction == "opposite"  # the car ahead it passes is a third vehicle
    wrong_way, same_way = fits(text, [mine, other], "차31-1", "차45-6")
    assert wrong_way > same_way


def test_a_car_ahead_that_is_overtaken_by_a_follower_stays_ahead():
    facts = extract_facts("뒤차가 앞차인 제 차를 추월하려고 옆 차로로 나오다 부딪혔어요.", parties=["제 차", "뒤차"])
    assert {p.name: p.from_direction for p in facts.parties}["뒤차"] == "behind"


# ---- the emergency vehicle's role ---------------------------------------------------------------


def test_the_emergency_vehicle_plays_the_emergency_role(fits):
    # the writer changes lanes, the ambulance comes straight on behind: 차55-7, not 차55-6 with the roles swapped
    text = "제 차가 옆 차로로 차선을 바꾸는데, 그 차로를 사이렌 켠 구급차가 직진해 와서 부딪혔어요."
    mine, theirs = fits(text, ["제 차", "구급차"], "차55-7", "차55-6")
    assert mine > theirs



# ---- going through a junction said with 지나갔 / 들어갔 ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "신호 없는 사거리에서 저는 오른쪽 길에서 먼저 들어가 반쯤 지나갔는데 왼쪽 길에서 온 승합차가 제 뒷문을 받았어요. 길 폭은 같아요.",
        "신호등 없는 골목 사거리에서 아버지가 오른쪽 길로 먼저 들어가셨는데 왼쪽 길에서 늦게 온 승합차가 옆을 받았어요. 폭은 비슷해요.",
    ],
)
def test_going_through_the_junction_is_straight(text, fits):
    writer = next(p for p in extract_facts(text, parties=None).parties if p.name != "승합차")
    assert writer.movement == "straight"
    both_straight, one_turning = fits(text, [writer.name, "승합차"], "차12-1", "차16-1")
    assert both_straight > one_turning


def test_moving_into_the_next_lane_said_in_the_past_is_a_lane_change(by_name):
    # "들어갔" read as going through (straight) must not hide the lane change it names
    text = "저는 깜빡이를 켜고 옆 차로로 들어갔는데 그 차로 뒤에서 오던 승합차가 제 차를 받았어요."
    assert by_name(text, ["저", "승합차"])["저"].movement == "lane_change"
