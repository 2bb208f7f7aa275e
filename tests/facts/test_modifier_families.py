"""Modifier families of issue 15 (modifiers stated but missed): device use and inattention, slowing down not
done, clear first entry, age and group words, and whose conduct a cue is (the writer given as "제가", the
car's 현저한 과실 that the pedestrian charts list under the pedestrian). Sentences written for these tests."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.modifier_selection import select_modifiers


def factors(text: str, parties: list[str]) -> dict[str, list[str]]:
    return {p.name: p.factors for p in extract_facts(text, parties=parties).parties}


@pytest.mark.parametrize(
    "text",
    [
        "택시 기사가 폰 보면서 달려오다가 제 차 옆을 받았어요.",
        "택시는 신호 없는 교차로에서 직진했는데 기사가 통화 중이었대요.",
        "택시 기사님이 전화를 하면서 좌회전하더라고요.",
        "택시가 내비 보느라 저를 늦게 봤다고 했어요.",
        "택시 운전자가 카톡 답장하다가 교차로에 들어왔어요.",
        "택시 운전자가 운전하면서 유튜브 보고 있었대요.",
        "택시 기사가 라디오 채널 돌리느라 앞을 못 봤대요.",
        "택시 기사가 떨어진 물건 줍다가 그대로 들어왔어요.",
        "택시 운전자 전방 미주시로 충돌.",
        "택시가 앞을 제대로 안 보고 들어왔어요.",
    ],
)
def test_device_use_and_inattention_are_the_drivers_notable_fault(text: str) -> None:
    got = factors(text, ["제 차", "택시"])
    assert "현저한과실" in got["택시"]
    assert "현저한과실" not in got["제 차"]


@pytest.mark.parametrize(
    "text",
    [
        "블랙박스 영상 보니까 택시가 빨간불에 들어왔더라고요.",  # reviewing the video is not watching one
        "택시 뒤에 트럭이 있어서 앞이 가려졌어요.",
        "저는 휴대폰은 안 했고 택시가 갑자기 들어왔어요.",
    ],
)
def test_words_near_device_use_that_are_not_it(text: str) -> None:
    got = factors(text, ["제 차", "택시"])
    assert "현저한과실" not in got["제 차"] and "현저한과실" not in got["택시"]


def test_a_given_first_person_name_keeps_its_particle() -> None:
    # the writer given as "제가": "제가 … 휴대폰을 보느라" is the writer's clause, not the truck's
    text = "트럭이 오른쪽 길에서 나오는데, 제가 좌회전하면서 휴대폰을 보느라 늦게 봤어요."
    got = factors(text, ["제가", "트럭"])
    assert "휴대폰" in got["제가"] and "휴대폰" not in got["트럭"]


@pytest.mark.parametrize(
    "text",
    [
        "오른쪽 골목에서 SUV가 속도를 하나도 안 줄이고 좌회전해 나왔어요.",
        "SUV가 속도도 안 줄이고 들어왔어요.",
        "SUV가 속도 그대로 우회전해서 나왔어요.",
        "SUV는 서행은 전혀 안 하더라구요.",
    ],
)
def test_not_slowing_down(text: str) -> None:
    assert "서행불이행" in factors(text, ["제 차", "SUV"])["SUV"]


@pytest.mark.parametrize(
    "text",
    [
        "제가 먼저 교차로 들어가 있었는데 SUV가 직진해 왔어요.",
        "저는 이미 교차로 절반 넘게 건너간 상태였는데 SUV가 들어왔어요.",
        "저는 좌회전을 거의 다 마친 상태였는데 SUV가 들어왔어요.",
    ],
)
def test_clear_first_entry(text: str) -> None:
    got = factors(text, ["제 차", "SUV"])
    assert "선진입" in got["제 차"] and "선진입" not in got["SUV"]


@pytest.mark.parametrize(
    ("text", "walker", "key"),
    [
        ("일흔 넘으신 할아버지가 횡단보도를 건너시다 택시에 치이셨어요.", "할아버지", "어린이노인장애인"),
        ("아홉 살 아들이 횡단보도를 건너다 택시에 치였어요.", "아들", "어린이노인장애인"),
        ("아들(초등 2학년)이 횡단보도를 걸어서 건너다 택시에 치였어요.", "아들", "어린이노인장애인"),
        ("학생들 여러 명이 우르르 같이 건너다가 택시에 한 명이 치였어요.", "학생", "집단횡단"),
        ("초록불 켜지자마자 아이가 뛰어서 횡단보도로 들어갔는데 택시가 쳤어요.", "아이", "보행자급진입"),
    ],
)
def test_pedestrian_words(text: str, walker: str, key: str) -> None:
    got = factors(text, [walker, "택시"])
    assert key in got[walker] and key not in got["택시"]


def test_speeding_below_20_is_notable_and_a_plus_25_is_grave() -> None:
    assert "과속" in factors("SUV가 제한속도 15km/h 초과로 달려왔어요.", ["제 차", "SUV"])["SUV"]
    assert "과속20" in factors("SUV 측 과속(제한속도 +25km/h).", ["제 차", "SUV"])["SUV"]


def test_the_cars_notable_fault_is_the_pedestrian_charts_car_modifier(std) -> None:
    # 보1 lists 차의 현저한 과실 under the pedestrian (A): the car's phone use lowers the pedestrian's share
    chart = std.charts["보1"]
    text = "택시 기사가 휴대폰 보면서 초록불에 직진하다 빨간불에 건너던 보행자를 쳤어요."
    facts = extract_facts(text, parties=["보행자", "택시"])
    sel = select_modifiers(chart, chart.variants[0].key, facts, {0: "A", 1: "B"})
    assert {(m.party, m.key) for m, _ in sel.applied} == {("A", "차의현저한과실")}


def test_the_pedestrians_own_phone_use_is_not_the_cars_fault(std) -> None:
    chart = std.charts["보1"]
    text = "보행자가 휴대폰 보면서 빨간불에 건너다가 초록불에 직진하던 택시에 치였어요."
    facts = extract_facts(text, parties=["보행자", "택시"])
    sel = select_modifiers(chart, chart.variants[0].key, facts, {0: "A", 1: "B"})
    assert ("A", "차의현저한과실") not in {(m.party, m.key) for m, _ in sel.applied}


def test_a_rear_end_strikers_inattention_is_its_base_but_its_phone_use_is_not(std) -> None:
    # 차41-1 A is "뒤차(후행) 추돌": running into the car ahead is not watching it; the phone is more
    chart = std.charts["차41-1"]

    def applied(text: str) -> set[tuple[str, str]]:
        facts = extract_facts(text, parties=["택시", "제 차"])
        sel = select_modifiers(chart, chart.variants[0].key, facts, {0: "A", 1: "B"})
        return {(m.party, m.key) for m, _ in sel.applied}

    assert ("A", "현저한과실") not in applied(
        "택시가 전방 주시 소홀로 신호 대기 중인 제 차를 뒤에서 추돌했어요."
    )
    assert ("A", "현저한과실") not in applied("택시가 안전거리 미확보로 제 차 뒤를 받았어요.")
    assert ("A", "현저한과실") in applied(
        "택시 기사가 휴대폰 보면서 오다가 신호 대기 중인 제 차 뒤를 받았어요."
    )


def test_family_words_and_a_turn_almost_done_are_not_age_or_first_entry() -> None:
    # "딸아이", "우리 애" say whose child, not the age; leaving the junction is 좌회전 완료 직후, not entering first
    got = factors("중학생 딸아이가 자전거로 직진하다가 좌회전하던 트럭에 치였어요.", ["딸아이", "트럭"])
    assert "어린이노인장애인" not in got["딸아이"]
    got = factors(
        "제가 직진하는데 왼쪽 길에서 좌회전해 나와 거의 다 빠져나가던 SUV 뒤를 받았어요.", ["제 차", "SUV"]
    )
    assert "선진입" not in got["SUV"] and "선진입" not in got["제 차"]
