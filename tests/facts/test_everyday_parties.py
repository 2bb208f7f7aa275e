"""Everyday wording of who the parties are: people on foot or riding, the writer, and scenes the
standard does not cover (single-vehicle crashes, chains). Families seen in the everyday corpus folds."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.facts.scope import check_scope


def _types(text: str, parties: list[str]) -> list[tuple[str, str]]:
    return [(p.name, p.type) for p in extract_facts(text, parties=parties).parties]


@pytest.mark.parametrize(
    ("text", "parties", "want"),
    [
        ("할머니가 횡단보도 없는 국도를 가로질러 건너시다가 직진하던 트럭에 치이셨어요.", ["할머니", "트럭"], "pedestrian"),
        ("상대 차는 빨간불에 사거리를 지나왔고, 저는 교차로 건너편 횡단보도를 건너고 있었어요.", ["저", "상대 차"], "pedestrian"),
        ("제가 급해서 빨간불인데 횡단보도를 건너버렸어요. 사거리를 지나온 택시가 저를 쳤네요.", ["제가", "택시"], "pedestrian"),
        ("할머니가 자전거 횡단도를 걸어서 건너시다가 트럭에 치이셨어요", ["할머니", "트럭"], "pedestrian"),
        ("아들이 큰길에서 자전거로 직진하는데 좁은 길에서 좌회전해 나온 SUV가 아들을 쳤어요.", ["아들", "SUV"], "bicycle"),
        ("저는 킥보드 타고 인도 옆을 가다가 차에 치였어요", ["저", "차"], "pm"),
    ],
)
def test_a_person_named_party_is_what_their_own_clauses_say(text, parties, want):
    assert _types(text, parties)[0] == (parties[0], want)


def test_a_person_who_drives_stays_a_vehicle():
    assert _types("제가 친구 태우고 운전하다가 사거리에서 직진 중에 택시가 들이받았어요", ["제가", "택시"])[0] == ("제가", "car")
    assert _types("아버지가 운전하시던 차를 트럭이 뒤에서 박았어요", ["아버지", "트럭"])[0] == ("아버지", "car")


def test_a_given_first_person_name_owns_the_writers_opening_clause():
    facts = extract_facts("인도를 걷고 있는데 건물 앞에 차 대려던 SUV가 인도 위로 올라오면서 저를 쳤어요.", parties=["저", "SUV"])
    me, suv = facts.parties
    assert (me.type, me.movement) == ("pedestrian", "walking")
    assert suv.type == "car" and suv.movement != "walking"


@pytest.mark.parametrize(
    "text",
    [
        "눈길에 차가 미끄러져서 도랑에 빠졌어요. 견인 불렀는데 보험 긴급출동으로 되나요?",
        "공사 구간 라바콘 줄 따라가다가 공사 자재에 박았어요. 다른 차는 없었고요.",
        "차가 주행 중 갑자기 급발진해서 건물 벽을 들이받았어요.",
        "오토바이로 비포장도로 가다가 자갈에 미끄러져 넘어졌는데 헬멧은 썼어요.",
    ],
)
def test_single_vehicle_crashes_are_out_of_scope(text):
    assert check_scope(text, has_movement=True)[0] == "out_of_scope"


@pytest.mark.parametrize(
    "text",
    [
        "뒤에서 오던 차가 제 차를 들이받았어요",
        "가드레일 옆 차로에서 직진하는데 상대 차가 끼어들다 제 차를 박았어요",
        "앞차가 급정거해서 뒤차인 제가 박았어요",
        "앞차가 갑자기 서서 제가 멈췄는데 뒤차가 저를 박았어요",
    ],
)
def test_two_party_crashes_stay_in_scope(text):
    assert check_scope(text, has_movement=True) is None


def test_a_car_hit_between_the_one_in_front_and_the_one_behind_is_a_chain():
    text = "앞차가 옆 차로 차를 피하려다 급정거해서 저도 박고, 제 뒤 차도 저를 박았어요."
    assert check_scope(text, has_movement=True)[0] == "multi_party"


@pytest.mark.parametrize(
    ("text", "parties", "signals"),
    [
        ("저는 초록불이라 그냥 지나가는데 빨간불에 사람이 건너고 있어서 쳤습니다.", ["저", "사람"], ["green", "red"]),
        ("파란불에 횡단보도 건너시던 할머니를, 빨간불인데 멈추지 않고 달려온 SUV가 치었어요.", ["할머니", "SUV"], ["green", "red"]),
    ],
)
def test_a_colour_in_the_other_partys_clause_is_theirs(text, parties, signals):
    facts = extract_facts(text, parties=parties)
    assert [p.signal for p in facts.parties] == signals
    assert not facts.contradictions


def test_one_party_said_to_have_two_colours_is_still_a_contradiction():
    facts = extract_facts("청구차량이 녹색신호에 직진하다가 적색신호에 직진하던 청구차량이 피청구차량과 충돌함",
                          parties=["청구차량", "피청구차량"])
    assert facts.contradictions


def test_a_pedestrian_light_beside_the_drivers_own_is_no_contradiction():
    facts = extract_facts("제 차는 초록불에 직진했고 보행자 신호는 빨간불이었는데 건너던 사람을 쳤어요", parties=["제 차", "사람"])
    assert facts.parties[0].signal == "green"
    assert not facts.contradictions
