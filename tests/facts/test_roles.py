"""Role texts (the standard's party labels) and the general wording rules they exercise.

`extract_role` reads a short text about ONE road user; the same lexicon rules also apply to
user descriptions, checked at the end with sentences written for these tests.
"""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts, extract_role

ROLES = [
    # text, type, expected (movement, signal, road, direction, entered_first)
    ("뒤차(추돌차)", "car", ("straight", None, None, "behind", None)),
    ("앞차(사고로 주정차중 )", "car", ("stopped", None, None, "front", None)),
    ("추돌", "car", ("straight", None, None, "behind", None)),
    ("피추돌(갓길 주정차중)", "car", ("stopped", None, None, "front", None)),
    ("주(정)차 중 피추돌", "car", ("stopped", None, None, "front", None)),
    ("좌(우)회전", "car", ("left_turn", None, None, None, None)),
    ("후행 직진", "car", ("straight", None, None, "behind", None)),
    ("선행 진로 변경", "car", ("lane_change", None, None, "front", None)),
    ("정체차로에서 대기 중 진로변경(측면 충돌)", "car", ("lane_change", None, None, None, None)),
    ("차도 주행", "car", ("straight", None, None, None, None)),
    ("정상통행", "car", ("straight", None, None, None, None)),
    ("녹색에 교차로 진입", "car", ("straight", "green", None, None, None)),
    ("좌회전(오른쪽 도로에서 진입)", "car", ("left_turn", None, None, "right", None)),
    ("대로 직진(선진입)", "car", ("straight", None, "major", None, True)),
    ("소로 직진(후진입)", "car", ("straight", None, "minor", None, False)),
    ("“차도가 아닌 장소”에서 차도로 진입", "car", ("entering", None, None, None, None)),
    ("후진차량 3m 이내 횡단", "pedestrian", ("crossing", None, None, None, None)),
]


@pytest.mark.parametrize("text,ptype,exp", ROLES, ids=[r[0] for r in ROLES])
def test_role_text(text: str, ptype: str, exp: tuple) -> None:
    p = extract_role(text, ptype)
    got = (p.movement, p.signal, p.road, p.from_direction, p.entered_first)
    assert got == exp
    assert p.type == ptype


def test_role_roundabout_flags() -> None:
    assert extract_role("교차로 내 회전", roundabout=True).in_roundabout is True
    assert extract_role("회전2차로로 진입", roundabout=True).in_roundabout is False
    assert extract_role("6시 방향에서 후진입하여 12시 방향으로 회전", roundabout=True).in_roundabout is False
    assert extract_role("교차로 내 회전").in_roundabout is None  # no roundabout context


def test_role_never_raises() -> None:
    assert extract_role(None).name == "A"  # type: ignore[arg-type]
    assert extract_role("").movement is None


SENTENCES = [
    # 추돌 puts the one who runs into the other behind it, 피추돌 / 추돌당한 in front
    ("제가 앞차를 추돌했어요", [("straight", "behind"), (None, "front")]),
    ("정차 중인 제 차를 뒤차가 추돌했어요", [("straight", "front"), ("straight", "behind")]),  # in its lane (wt-stop)
    ("뒤따르던 A차량이 앞서가던 B차량을 추돌한 사고", [("straight", "behind"), ("straight", "front")]),
    # "선행사고" is an earlier accident, not a party in front; 고장으로 정차 / 정지하고 있던 = stopped
    ("고속도로에서 청구차량이 주행 중 선행사고로 정지하고 있던 피청구차량을 충격한 사고임", [("straight", None), ("stopped", None)]),
    ("피청구차량이 고장으로 정차해 있는데 뒤에서 오던 청구차량이 추돌한 사고", [("straight", "behind"), ("stopped", "front")]),
    # 교행: two cars passing each other come from opposite directions
    ("좁은 골목에서 A차량과 B차량이 교행하다가 부딪힌 사고", [("straight", "opposite"), ("straight", "opposite")]),
    # 옆 차로 / 옆에서 끼어든: same direction of travel
    # the writer hit by a lane changer, its own way unsaid, was going along its lane (facts._lane_changer_met_in_lane)
    ("옆에서 갑자기 끼어든 차와 부딪혔어요", [("straight", "same"), ("lane_change", "same")]),
]


@pytest.mark.parametrize("text,exp", SENTENCES, ids=[s[0][:20] for s in SENTENCES])
def test_sentence_movement_and_direction(text: str, exp: list) -> None:
    f = extract_facts(text)
    got = [(p.movement, p.from_direction) for p in f.parties[:2]]
    assert got == exp


def test_no_stopped_reading_for_parking_ban() -> None:
    f = extract_facts("주·정차 금지 구역에서 직진하던 A차량과 B차량이 충돌")
    assert all(p.movement != "stopped" for p in f.parties)
    assert "주정차금지장소" in f.parties[0].factors or "주정차금지장소" in f.scene_factors


def test_scene_flash_signal_goes_to_the_other_party() -> None:
    f = extract_facts("황색점멸 신호인 교차로에서 A차량이 직진하던 중 우측도로에서 적색점멸 신호에 직진하던 B차량과 충돌")
    assert [p.signal for p in f.parties] == ["yellow_flash", "red_flash"]
    assert f.place == "unsignal_intersection"


def test_scene_flash_signal_without_owner_is_a_condition() -> None:
    f = extract_facts("황색점멸 교차로에서 A차량이 직진하던 중 우측도로에서 직진하던 B차량과 충돌")
    assert [p.signal for p in f.parties] == [None, None]
    assert "점멸신호" in f.conditions
    assert f.place == "unsignal_intersection"


def test_flash_signals_pair_up() -> None:
    f = extract_facts("A차량은 적색점멸 신호에 직진하고 B차량은 직진하다 교차로에서 충돌")
    assert [p.signal for p in f.parties] == ["red_flash", "yellow_flash"]


def test_vehicle_never_walks_pedestrian_never_turns() -> None:
    f = extract_facts("차량의 동일방향으로 통행하는 보행자를 충격한 사고", ["보행자", "차량"])
    ped, car = f.parties
    assert ped.movement in ("walking", "crossing")
    assert car.movement != "walking"


def test_who_ran_into_whom_outranks_position_nouns() -> None:
    # the writer followed a third car (앞차) but was hit from behind: the writer is in front
    t = "주행 중 앞차를 따라가다가 뒤에서 오던 차가 당사 차량을 추돌했습니다"
    f = extract_facts(t, ["당사 차량", "상대 차량"])
    assert [p.from_direction for p in f.parties] == ["front", "behind"]


def test_unnamed_writer_is_the_given_self_party() -> None:
    # names given by the caller but absent from a lay text: the writer's own clause is 당사's
    t = "신호 없는 교차로에서 직진하는데 맞은편에서 좌회전하던 차와 충돌했습니다"
    f = extract_facts(t, ["당사 차량", "상대 차량"])
    assert [(p.name, p.movement) for p in f.parties] == [("당사 차량", "straight"), ("상대 차량", "left_turn")]
