"""Reading gaps the standard's own situation texts revealed (benchmarks/chart_self_match.py).

Sentences are written for these tests in the wording users and committees copy from the standard:
the pedestrian light named in a vehicle's clause, "-고 있던" relative clauses, "교통정리가
이루어지지 않는", a manoeuvre finished "…한 후", an entry verb far from its origin place.
"""

from __future__ import annotations

from katalog.facts import extract_facts
from katalog.matching.signatures import special_cues


def _by_type(facts, typ):
    return next(p for p in facts.parties if p.type == typ)


def test_pedestrian_light_belongs_to_the_pedestrian() -> None:
    f = extract_facts("교차로를 적색신호에 지나온 승용차가 보행자신호등 녹색점멸 신호에 횡단보도를 건너던 보행자를 충격하였다.")
    assert _by_type(f, "pedestrian").signal == "green_flash"
    car = _by_type(f, "car")
    assert car.signal == "red"
    assert car.movement != "crossing"  # "건너던" is the pedestrian's relative clause


def test_pedestrian_light_alternative_colour_stays_with_pedestrian() -> None:
    f = extract_facts("횡단보도를 지나 교차로로 가려던 차량이 보행자 신호가 녹색(또는 녹색점멸)인 상태에서 건너고 있던 보행자를 쳤다.")
    assert _by_type(f, "pedestrian").signal == "green"
    assert _by_type(f, "car").signal is None


def test_vehicle_named_before_a_long_parenthesis_is_a_party() -> None:
    f = extract_facts("황색신호에 교차로를 지난 차량(직진 또는 좌회전 차량 모두 포함)이 횡단보도를 건너던 보행자를 충격했다.")
    assert {p.type for p in f.parties} == {"car", "pedestrian"}
    assert _by_type(f, "car").signal == "yellow"
    assert _by_type(f, "pedestrian").signal is None


def test_traffic_control_absent_wording_is_an_unsignalled_junction() -> None:
    f = extract_facts("신호기에 의하여 교통정리가 행하여지지 않는 사거리에서 직진하던 A차량과 좌회전하던 B차량이 부딪혔다.")
    assert f.place == "unsignal_intersection"
    assert f.signal_controlled is False


def test_one_sided_traffic_control_wording() -> None:
    f = extract_facts("교통정리가 한쪽 방향에만 이루어지는 교차로에서 신호등이 없는 길로 들어와 좌회전하던 A차량과 "
                      "신호등이 있는 길로 직진하던 B차량이 충돌했다.")
    assert f.place == "partial_signal_intersection"
    assert f.parties[0].signal == "none"
    assert f.parties[1].signal is None


def test_manoeuvre_finished_before_the_collision() -> None:
    f = extract_facts("A차량이 차선을 바꾸어 빗금친 안전지대를 지난 뒤 곧게 직진하던 중 오른쪽 차로에서 진로를 바꾸던 B차량과 충돌했다.")
    assert f.parties[0].movement == "straight"
    assert f.parties[1].movement == "lane_change"


def test_entering_belongs_to_the_party_that_owns_the_verb() -> None:
    f = extract_facts("도로를 따라 달리던 A자전거와, 건물 주차장에서 A자전거가 다니는 도로로 나오던 B차량이 부딪혔다.")
    assert f.parties[0].movement != "entering"
    assert f.parties[1].movement == "entering"


def test_numbered_lane_to_lane_move_is_a_lane_change() -> None:
    f = extract_facts("회전교차로 안쪽 1차로를 돌다 바깥 2차로로 이동하던 A차량과 회전교차로로 진입하던 B차량이 충돌")
    assert f.parties[0].movement == "lane_change"
    assert f.parties[0].in_roundabout is True


def test_stop_sign_violation_before_entering_belongs_to_the_violator() -> None:
    f = extract_facts("신호등 없는 교차로에서 정지 표지를 무시하고 일시정지 표지를 위반하여 교차로에 진입하여 직진하는 A자전거와 "
                      "큰길에서 직진하는 B차량이 충돌")
    assert "일시정지위반" in f.parties[0].factors
    assert "일시정지위반" not in f.parties[1].factors


def test_right_turn_signal_is_a_green_arrow_not_an_indicator() -> None:
    f = extract_facts("우회전 신호에 따라 우회전하던 승용차가 횡단보도를 건너던 보행자를 충격")
    assert _by_type(f, "car").signal == "green"
    g = extract_facts("우회전 신호를 켜고 우회전하던 A차량과 뒤따르던 B차량이 충돌")
    assert g.parties[0].signal is None


def test_special_cues_read_negation_and_road_type() -> None:
    assert "중앙선" not in special_cues("중앙선이 없는 좁은 길에서 우회전하다가")
    assert "중앙선" in special_cues("중앙선을 넘어 추월하다가")
    assert "보도" not in special_cues("보도와 차도가 구분된 도로의 차도를 걷던 사람")
    assert "보도" in special_cues("인도 위를 걷던 보행자")
    assert "동시" not in special_cues("두 차 모두 동시노면표시를 어긴 사고")
    assert "좌측통행" in special_cues("사이렌을 켠 구급차가 도로 중앙 또는 왼쪽으로 달리다가")
    assert "정체" in special_cues("좌회전 차로에서 대기 중이던 차가 갑자기 직진 차로로 진로를 바꾸다가")
    assert "도로외" in special_cues("차도가 아닌 곳에서 나오던 차")
