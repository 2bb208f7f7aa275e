"""Answerable descriptions the rules used to decline: a roundabout whose lanes or roles are named, an
emergency vehicle on duty (katalog/stages/gates.py `insufficient`, `on_duty`), and a colour said first
for the unnamed writer before the other party's own light (katalog/facts/extract.py
`_split_leading_colour`) — and the near misses that stay declined or contradictory."""

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


@pytest.mark.parametrize("text", [
    "두 차로형 회전교차로에서 제 차는 바깥 차로, 트럭은 안쪽 차로로 돌다가 부딪혔어요.",
    "회전교차로 안쪽 회전차로의 택시와 진입차로에서 들어오던 제 차가 충돌.",
    "회전교차로 회전차와 진입차 접촉 사고입니다.",
])
def test_a_roundabout_with_lanes_or_roles_is_enough(text: str) -> None:
    assert decline(text) is None


def test_a_bare_roundabout_is_still_insufficient() -> None:
    assert decline("회전교차로에서 제 차랑 택시가 부딪혔어요.") == "insufficient"


@pytest.mark.parametrize("text", [
    "경광등 켠 순찰차가 반대 차로로 넘어와 달리다가 마주 오던 제 차와 부딪혔습니다.",
    "출동하던 구급차가 중앙선 쪽으로 빠르게 오는데 제가 차로를 바꾸다 옆을 긁었어요.",
    "사이렌 울리는 소방차가 천천히 지나가는데 제 차 사이드미러가 닿았어요.",
])
def test_an_emergency_vehicle_on_duty_is_enough(text: str) -> None:
    assert decline(text) is None


def test_an_emergency_vehicle_at_a_light_needs_no_signal_of_its_own() -> None:
    text = "사거리에서 녹색 신호에 직진하는데 사이렌 켠 구급차가 옆에서 들어와 부딪혔어요."
    assert decline(text) is None


def test_a_parked_emergency_vehicle_without_duty_is_not_enough() -> None:
    assert decline("도로에서 구급차랑 제 차가 부딪혔어요.") == "insufficient"


@pytest.mark.parametrize(("text", "parties", "mine", "theirs"), [
    ("파란불에 직진하는데 사거리 앞 횡단보도가 빨간불인데도 할아버지가 건너오셨어요.", ["제 차", "할아버지"],
     "green", "red"),
    ("초록불 받고 교차로 지나는데 빨간불 무시하고 달려온 버스가 제 옆을 박았어요.", ["제 차", "버스"],
     "green", "red"),
    ("빨간불인 걸 늦게 봤고 그때 초록불 받고 오던 오토바이를 제 차로 받았어요.", ["제 차", "오토바이"],
     "red", "green"),
])
def test_a_leading_colour_is_the_unnamed_writers(text: str, parties: list[str], mine: str, theirs: str) -> None:
    f = extract_facts(text, parties)
    assert not f.contradictions
    assert [p.signal for p in f.parties[:2]] == [mine, theirs]


def test_a_colour_after_the_partys_own_name_stays_its_own() -> None:
    # the writer names itself before its colour: that colour does not move to the other party
    f = extract_facts("저는 빨간불에 건넌 건 맞는데, 택시는 초록불에 지나와서 저를 쳤어요.", ["저", "택시"])
    assert [p.signal for p in f.parties[:2]] == ["red", "green"]


@pytest.mark.parametrize(("text", "parties"), [
    ("삼촌이 술에 취해 차도에 앉아 있었는데 트럭 운전자가 못 보고 삼촌을 쳤어요.", ["삼촌", "트럭"]),
    ("골목 차도에서 공 갖고 놀던 아이를 주행 중이던 승용차가 쳤습니다.", ["아이", "승용차"]),
])
def test_a_person_sitting_or_playing_on_the_road_is_on_foot(text: str, parties: list[str]) -> None:
    f = extract_facts(text, parties)
    assert f.parties[0].type == "pedestrian"
