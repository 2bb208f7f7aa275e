"""Session 16 declines: answerable texts the facts gates used to decline (a colour said right after a
party's name, a colour only believed, a walker named as a person, a car parked or going up or down a
narrow road) and decline texts the rules used to answer (money asked about in the next sentence, driving
along with nothing else, a course the writer does not know) — with near misses on the other side."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.stages import gates


def decline(text: str, parties: list[str] | None = None) -> str | None:
    """The code the facts gates give the text (None: the rules go on to rank charts)."""
    f = extract_facts(text, parties)
    if (ab := gates.facts_abstention(f)) is not None:
        return ab.code
    return "insufficient" if gates.insufficient(f, text) else None


def signals(text: str) -> dict[str, str | None]:
    return {p.name: p.signal for p in extract_facts(text, None).parties}


# --- colours -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "who", "colour"), [
    ("저는 빨간불에 건넌 게 맞고, 상대는 초록불에 교차로를 지나와서 저를 쳤어요.", "저", "red"),
    ("제 차는 초록불에 직진했는데 버스 빨간불에 좌회전해서 부딪혔어요.", "버스", "red"),
    ("파란불 보고 횡단보도를 건너갔는데 택시가 빨간불에 그대로 지나가면서 저를 쳤어요.", "택시", "red"),
])
def test_a_colour_right_after_a_name_is_that_partys(text: str, who: str, colour: str) -> None:
    f = extract_facts(text, None)
    assert not f.contradictions
    assert {p.name: p.signal for p in f.parties}[who] == colour


@pytest.mark.parametrize("text", [
    "할아버지가 초록불인 줄 아시고 건너셨는데 사실 빨간불이었고, 초록불에 직진하던 트럭에 치이셨어요.",
    "저는 파란불로 착각하고 횡단보도를 건넜는데 보행자 신호는 빨간불이었고 녹색에 직진하던 차에 치였어요.",
])
def test_a_colour_only_believed_is_no_signal(text: str) -> None:
    f = extract_facts(text, None)
    assert not f.contradictions
    assert any(p.signal == "red" and p.type == "pedestrian" for p in f.parties)


def test_a_light_that_changed_during_the_crossing_stays_one_partys() -> None:
    # "파란불에 건너기 시작했고 빨간불로 바뀐": the walker's own light, not the car's
    text = "상대 차가 출발하면서 저를 못 봤어요. 저는 파란불에 건너기 시작했고 중간에 빨간불로 바뀌었어요."
    f = extract_facts(text, None)
    car = next(p for p in f.parties if p.type != "pedestrian")
    assert car.signal != "red"


# --- walkers, parked cars, narrow roads ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "인도가 없는 시골길에서 할머니가 도로 가운데 쪽 차로를 걸어가시다가 뒤에서 온 트럭에 부딪히셨어요.",
    "친구가 술에 취해 도로에 드러누워 있다가 지나가던 택시에 치였어요.",
])
def test_a_person_on_foot_is_a_pedestrian(text: str) -> None:
    f = extract_facts(text, None)
    assert any(p.type == "pedestrian" for p in f.parties)
    assert decline(text) is None


def test_a_car_left_parked_is_stopped() -> None:
    f = extract_facts("길가에 제 차를 세워 놨는데 트럭이 와서 뒤를 박았어요.", None)
    assert any(p.movement == "stopped" for p in f.parties)


def test_going_up_and_down_a_narrow_road_is_enough() -> None:
    text = "좁은 비탈길에서 제 차는 올라가고 있었고 맞은편 승합차가 내려오다가 서로 부딪혔어요."
    assert decline(text) is None


# --- declines ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "차가 폐차 판정을 받았는데 차량가액이 너무 적게 나왔어요. 시세대로 받을 수 있나요?",
    "옆 차선 트럭이 밀고 들어와서 부딪혔어요. 렌트 기간을 보험사가 줄이려고 해요. 몇 일까지 되나요?",
    "신호 없는 곳에서 좌회전하다 직진 차와 부딪혔는데 통원하면 합의금 차이가 크게 나나요?",
])
def test_money_asked_in_the_next_sentence_is_a_damages_question(text: str) -> None:
    assert decline(text) == "damages_question"


def test_settling_without_the_insurer_is_a_procedure_question() -> None:
    text = "주차장 나오다 지나가던 차랑 긁혔는데 보험 처리 없이 각자 고치기로 했어요. 나중에 문제 되면 어떡해요?"
    assert decline(text) == "out_of_scope"


def test_the_ratio_asked_beside_a_premium_worry_is_answered() -> None:
    text = "반대편 트럭이 중앙선을 넘어와서 제 차를 받았어요. 보험료 오를까 봐 걱정인데 저도 과실이 있는 건가요?"
    assert decline(text) is None


@pytest.mark.parametrize("text", [
    "주행 중에 옆 차랑 살짝 닿았어요.",
    "운전하다가 상대 차랑 부딪혔어요. 블랙박스는 없어요.",
])
def test_driving_along_and_nothing_else_is_insufficient(text: str) -> None:
    assert decline(text) == "insufficient"


@pytest.mark.parametrize("text", [
    "주행 중이었는데 맞은편에서 오던 차가 중앙선을 넘어와 부딪혔어요.",
    "2차로로 주행 중에 1차로 차가 갑자기 끼어들어 부딪혔어요.",
])
def test_driving_along_with_a_direction_or_a_cue_is_enough(text: str) -> None:
    assert decline(text) is None


@pytest.mark.parametrize("text", [
    "갑자기 쿵 해서 보니 뒤에서 받은 건지 옆에서 친 건지 모르겠어요.",
    "운전하다 사고가 났는데 상대가 어디서 왔는지도 잘 모르겠어요.",
    "상대 차가 제 차를 박았는데 상황은 설명하기가 좀 복잡해요.",
])
def test_a_course_the_writer_does_not_know_is_insufficient(text: str) -> None:
    f = extract_facts(text, None)
    assert gates.insufficient(f, text) is not None


def test_a_known_course_beside_a_doubt_is_answered() -> None:
    text = "저는 초록불에 직진했고 상대는 빨간불에 좌회전하다 부딪혔어요. 상대가 왜 그랬는지는 모르겠어요."
    assert decline(text) is None


@pytest.mark.parametrize(("text", "turn"), [
    ("좌회전 차선이 두 개인 교차로에서 저는 1차선, 버스는 2차선으로 돌다가 버스가 제 쪽으로 넘어와 부딪혔어요.", "left_turn"),
    ("두 개의 우회전 차로에서 제 차는 안쪽, 택시는 바깥쪽으로 돌다가 스쳤어요.", "right_turn"),
])
def test_two_turn_lanes_are_a_turn_of_both(text: str, turn: str) -> None:
    f = extract_facts(text, None)
    assert [p.movement for p in f.parties] == [turn, turn]
    assert decline(text) is None


def test_asking_for_cctv_footage_is_a_procedure_question() -> None:
    assert decline("주차해 둔 오토바이가 넘어져 있었어요. 블랙박스 영상 확인은 어디서 요청하나요?") == "out_of_scope"


def test_a_drop_off_the_road_alone_is_a_single_vehicle_crash() -> None:
    assert decline("비 오는 밤 산길을 가다가 커브를 못 보고 그대로 낭떠러지로 추락했어요.") == "out_of_scope"
