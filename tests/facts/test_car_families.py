"""Families of car-vs-car wording that sibling charts turn on (issue 15): a light or a 비보호 sign
that is denied, a 골목 that says nothing about width, a note that names a party with no particle,
a compared party ("트럭보다 먼저"), a lane change named by the lane moved into. Sentences are our own."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.signatures import special_cues

# ---- a denied left-turn arrow or 비보호 sign ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "직진 초록불에 가는데 마주 오던 승합차가 좌회전 신호도 없는데 돌아서 부딪혔어요.",
        "마주 오던 승합차가 좌회전 화살표도 안 켜졌는데 먼저 돌았고 저는 녹색에 직진했어요.",
        "승합차는 좌회전 신호 아닌 녹색 신호에 좌회전했고 저는 녹색 직진이었습니다.",
        "승합차가 좌회전 신호가 나오기 전에 먼저 돌아버렸어요. 저는 녹색에 직진.",
    ],
)
def test_a_denied_arrow_is_not_the_turners_light(text, by_name):
    van = by_name(text, ["저", "승합차"])["승합차"]
    assert van.signal != "green_left_arrow"
    assert "신호위반" in special_cues(text)


@pytest.mark.parametrize(
    "text",
    [
        "여기는 비보호 아님. 마주 오던 승합차가 녹색에 좌회전했어요.",
        "비보호 표지도 없는 교차로인데 승합차가 녹색에 좌회전했어요.",
        "비보호좌회전이 안 되는 곳인데 승합차가 녹색에 좌회전했어요.",
    ],
)
def test_a_denied_bibo_sign_is_no_bibo_cue(text):
    assert "비보호" not in special_cues(text)
    facts = extract_facts(text, parties=["저", "승합차"])
    assert all("비보호좌회전" not in p.conditions for p in facts.parties)


def test_a_stated_bibo_and_a_stated_arrow_stay(by_name):
    assert "비보호" in special_cues("비보호 좌회전 표지가 있는 곳에서 승합차가 좌회전했어요.")
    van = by_name("승합차가 녹색 좌회전 화살표에 돌고 저는 맞은편에서 적색에 직진했어요.", ["저", "승합차"])[
        "승합차"
    ]
    assert van.signal == "green_left_arrow"


def test_a_later_negation_does_not_deny_a_light(by_name):
    van = by_name("승합차가 빨간불인데 멈추지 않고 들어와 직진하던 저와 부딪혔어요.", ["저", "승합차"])[
        "승합차"
    ]
    assert van.signal == "red"


def test_a_denied_turn_is_not_the_movement(by_name):
    me = by_name(
        "저는 직진 중이었고 비보호 좌회전이 안 되는 사거리에서 맞은편 승합차가 좌회전했어요.",
        ["저", "승합차"],
    )["저"]
    assert me.movement == "straight"


def test_a_denied_queue_is_no_queue_cue():
    assert "정체" not in special_cues("출발하던 버스를 옆으로 추월했어요. 정체 구간 아님.")
    assert "정체" in special_cues("정체 구간에서 버스 옆으로 추월했어요.")


# ---- 골목 and equal width -------------------------------------------------------------------------


def test_a_bare_alley_is_not_the_smaller_road(by_name):
    ps = by_name(
        "오른쪽 골목에서 승합차가 우회전해 나왔고 저는 왼쪽에서 직진했어요. 신호는 없어요.", ["저", "승합차"]
    )
    assert ps["승합차"].road is None and ps["저"].road is None


@pytest.mark.parametrize(
    "text",
    [
        "오른쪽 골목에서 승합차가 우회전해 나왔고 저는 왼쪽에서 직진했어요. 두 길 넓이는 같아요.",
        "폭 같은 골목 사거리에서 승합차가 우회전, 저는 직진했어요.",
        "길 너비가 서로 비슷한 사거리에서 승합차가 우회전했고 저는 직진했어요.",
    ],
)
def test_equal_width_in_other_words(text, by_name):
    ps = by_name(text, ["저", "승합차"])
    assert ps["승합차"].road == "equal" and ps["저"].road == "equal"


def test_a_narrow_alley_is_still_the_smaller_road(by_name):
    ps = by_name("좁은 골목에서 승합차가 나와 큰길로 우회전했고 저는 큰길을 직진했어요.", ["저", "승합차"])
    assert ps["승합차"].road == "minor"


# ---- who owns a clause ----------------------------------------------------------------------------


def test_a_note_names_each_party_without_a_particle(by_name):
    ps = by_name(
        "점멸 교차로. A차량 빨간 점멸 도로에서 멈추지 않고 직진, B차량 노란 점멸 도로에서 직진 중 충돌.",
        ["A차량", "B차량"],
    )
    assert ps["A차량"].signal == "red_flash" and ps["B차량"].signal == "yellow_flash"


def test_a_side_named_with_jjok_heads_its_clause(by_name):
    ps = by_name("승합차 쪽은 빨간불 점멸이었고 제 쪽은 노란불 점멸이었어요.", ["저", "승합차"])
    assert ps["승합차"].signal == "red_flash" and ps["저"].signal == "yellow_flash"


def test_a_compared_party_does_not_take_the_subjects_verb(by_name):
    ps = by_name(
        "제가 승합차보다 훨씬 먼저 교차로에 들어가 있었는데 승합차가 옆을 받았어요.", ["저", "승합차"]
    )
    assert ps["저"].entered_first is True and ps["승합차"].entered_first is False


# ---- a lane change named by the lane moved into ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "회전교차로 1차로로 먼저 들어가 돌다가 2차로로 변경하는 중에 들어오던 승합차와 부딪혔어요.",
        "로터리 안쪽을 돌던 제가 바깥 차로로 옮기면서 들어오던 승합차와 부딪혔어요.",
    ],
)
def test_moving_into_a_named_lane_is_a_lane_change(text, by_name):
    assert by_name(text, ["저", "승합차"])["저"].movement == "lane_change"


# ---- whose light a colour is (the "contradictory" gate) ------------------------------------------


def test_a_walk_light_between_two_cars_is_no_partys_light():
    text = "빨간불에 우회전했는데 앞 횡단보도는 보행자 초록불이었어요. 왼쪽에서 초록불에 직진하던 승합차와 부딪혔어요."
    facts = extract_facts(text, ["저", "승합차"])
    ps = {p.name: p for p in facts.parties}
    assert ps["저"].signal == "red" and ps["승합차"].signal == "green"
    assert not facts.contradictions


def test_a_light_named_by_the_other_sides_place_is_the_others():
    facts = extract_facts(
        "저는 녹색 화살표에 좌회전했는데 맞은편 직진 신호는 빨간불이었는데도 승합차가 달려왔어요.",
        ["저", "승합차"],
    )
    ps = {p.name: p for p in facts.parties}
    assert ps["저"].signal == "green_left_arrow" and ps["승합차"].signal == "red"
    assert not facts.contradictions


def test_a_light_only_believed_is_not_the_light():
    facts = extract_facts(
        "제 쪽 신호는 빨간불이었는데 초록불로 착각하고 들어갔다가 녹색에 직진하던 승합차와 부딪혔어요.",
        ["저", "승합차"],
    )
    ps = {p.name: p for p in facts.parties}
    assert ps["저"].signal == "red" and ps["승합차"].signal == "green"
    assert not facts.contradictions


def test_the_writers_light_as_a_subject_is_the_writers():
    facts = extract_facts(
        "제 신호는 초록불이었고 승합차는 빨간불을 무시하고 들어왔어요. 저는 직진 중이었어요.",
        ["저", "승합차"],
    )
    ps = {p.name: p for p in facts.parties}
    assert ps["저"].signal == "green" and ps["승합차"].signal == "red"


def test_an_alley_set_against_a_big_road_is_the_smaller_one(by_name):
    ps = by_name("저는 골목에서 나와 큰길로 우회전했고 승합차는 큰길을 직진하고 있었어요.", ["저", "승합차"])
    assert ps["저"].road == "minor" and ps["승합차"].road == "major"


def test_a_road_without_the_sign_keeps_the_sign_in_the_scene():
    assert "일시정지" in special_cues(
        "저는 일시정지 표지가 없는 쪽 도로로 직진했고 승합차는 옆길에서 멈추지 않고 들어왔어요."
    )


def test_driving_in_a_circulating_lane_is_circulating(by_name):
    ps = by_name(
        "회전교차로 회전 1차로(내측)를 주행 중이던 저를 들어오던 승합차가 박았어요.", ["저", "승합차"]
    )
    assert ps["저"].in_roundabout is True and ps["승합차"].in_roundabout is False


# ---- unstated facts with a sensible default ----------------------------------------------------------


def test_a_left_turner_following_the_signal_had_the_arrow(by_name):
    me = by_name(
        "사거리에서 저는 신호에 따라 좌회전했는데 맞은편 승합차가 직진해 와서 부딪혔어요.", ["저", "승합차"]
    )["저"]
    assert me.signal == "green_left_arrow"


def test_the_other_side_of_a_red_runner_had_the_light(by_name):
    ps = by_name("사거리에서 직진하는데 승합차가 빨간불에 들어와서 부딪혔어요.", ["저", "승합차"])
    assert ps["승합차"].signal == "red" and ps["저"].signal == "green"
    ps = by_name(
        "교차로에서 승합차가 신호위반하고 직진해 와서 좌회전하던 제 차를 받았어요.", ["저", "승합차"]
    )
    assert ps["저"].signal == "green_left_arrow"


@pytest.mark.parametrize(
    "text",
    [
        "빨간불에 서 있는데 뒤따라오던 승합차가 제 차 뒤를 박았어요.",
        "사거리 앞 정지선에 적색 신호로 정차해 있었는데 승합차가 뒤에서 그대로 추돌했습니다.",
        "신호 대기 중이었어요. 빨간불이라 멈춰 있던 제 차를 뒤에서 승합차가 들이받았어요.",
    ],
)
def test_a_car_waiting_at_its_red_gives_the_one_behind_no_green(text, by_name):
    """Standing at the red is obeying it, and the car behind faced the same light: no green is implied."""
    ps = by_name(text, ["저", "승합차"])
    assert ps["저"].signal == "red" and ps["승합차"].signal != "green"


def test_no_default_light_beside_a_pedestrian(by_name):
    ps = by_name(
        "사거리에서 할머니가 빨간불에 건너시다가 직진하던 승합차에 치이셨어요.", ["할머니", "승합차"]
    )
    assert ps["승합차"].signal is None


# ---- a relative clause on the struck party ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["승합차가 주차되어 있던 제 차를 박았어요.", "승합차가 신호대기 중인 제 차를 뒤에서 받았어요."],
)
def test_a_state_said_of_the_struck_party_is_its_own(text, by_name):
    ps = by_name(text, ["저", "승합차"])
    # a car waiting at a light and rear-ended has just stopped in the traffic flow: 차41-1's front car,
    # read as going straight (facts._front_car_in_flow); a parked one stays stopped (차42)
    want = "straight" if "신호대기" in text else "stopped"
    assert ps["저"].movement == want and ps["승합차"].movement not in ("stopped", want)


def test_a_walk_light_is_the_light_of_a_rider_crossing_on_it(by_name):
    ps = by_name(
        "저는 오토바이로 횡단보도를 건너가는데 보행자 신호는 빨간불이었어요. 초록불에 직진하던 승합차와 부딪혔어요.",
        ["저", "승합차"],
    )
    assert ps["저"].signal == "red" and ps["승합차"].signal == "green"


@pytest.mark.parametrize(
    "text",
    [
        "좌회전 차로에 줄 서 있던 승합차가 갑자기 직진 차로로 튀어나와서 옆을 지나던 제 차를 박았어요.",
        "우회전 대기 줄에 서 있던 승합차가 옆 차로로 확 끼어들었고 저는 직진 중이었어요.",
    ],
)
def test_leaving_a_turn_queue_into_the_straight_lane_is_a_lane_change(text, by_name):
    assert by_name(text, ["저", "승합차"])["승합차"].movement == "lane_change"


def test_a_queue_in_a_turn_lane_is_the_queue_cue():
    assert "정체" in special_cues("좌회전 차로에 줄 서 있던 승합차가 직진 차로로 튀어나왔어요.")


def test_entering_a_numbered_roundabout_lane_is_no_lane_change(by_name):
    assert (
        by_name(
            "회전교차로 진입 1차로에서 1차로로 들어가는데 옆 2차로의 승합차가 같이 들어왔어요.",
            ["저", "승합차"],
        )["저"].movement
        != "lane_change"
    )
