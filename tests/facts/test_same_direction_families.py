"""Same-direction and roundabout car families (issue 15, second round): an emergency vehicle named by
what it is or by its siren, a car standing after an earlier crash (2차사고), the writer who passes a
stopped car that then pulls away, a car entering a roundabout straight into its inner lane.
Sentences are our own."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.signatures import chart_signatures, special_cues

# ---- an emergency vehicle ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "앰뷸런스가 뒤에서 오면서 제 차를 앞질러 가다가 옆을 스쳤어요.",
        "사이렌을 울리던 차가 빨간불에 교차로로 들어와 초록불에 가던 저와 부딪혔어요.",
        "순찰차가 경광등 켜고 저를 추월하다가 제 차 왼쪽을 긁었습니다.",
        "소방차가 출동하면서 제 차로로 넘어왔어요.",
    ],
)
def test_an_emergency_vehicle_is_the_emergency_charts_cue(text):
    cues = special_cues(text)
    assert {"긴급", "긴급자동차"} <= cues


def test_every_emergency_chart_asks_for_both_cues():
    sigs = chart_signatures()
    for cid in ("차55-1", "차55-5"):
        assert {"긴급", "긴급자동차"} <= set(sigs[cid].special)


def test_an_ordinary_overtake_is_no_emergency():
    assert "긴급" not in special_cues("뒤에서 오던 승용차가 저를 추월하다가 옆을 긁었어요.")


# ---- a car standing after an earlier crash (2차사고) ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "앞서 일어난 사고 때문에 차로에 서 있었는데 화물차가 뒤에서 받았어요.",
        "사고 처리를 기다리던 중이었는데 승용차가 제 차 뒤를 들이받았어요.",
        "앞차와 사고가 나서 차로에 멈춰 있었는데 뒤차가 그대로 왔어요.",
        "정차해서 보험사 직원을 기다리는데 버스가 뒤에서 추돌했어요.",
        "이미 한 번 부딪힌 상태였는데 뒤에서 오던 택시가 또 제 차를 박았어요.",
        "접촉 사고 난 뒤에 갓길로 못 빼고 정차해 있었어요. 그런데 SUV가 추돌했어요.",
    ],
)
def test_a_car_standing_after_a_crash_is_a_second_crash(text):
    assert "2차사고" in special_cues(text)


@pytest.mark.parametrize(
    "text",
    [
        "신호 대기 중에 뒤차가 제 차를 받았어요.",
        "사고 처리 중인데 상대 보험사가 과실을 인정하지 않아요. 앞차가 급정거해서 받았어요.",
        "차가 막혀서 서 있었는데 트럭이 뒤에서 박았습니다.",
    ],
)
def test_an_ordinary_rear_end_is_no_second_crash(text):
    assert "2차사고" not in special_cues(text)


# ---- the writer passes a stopped car that pulls away ------------------------------------------


def test_the_writer_passes_the_stopped_car_named_as_an_object(by_name):
    text = "길가에 서 있던 트럭을 비켜서 옆으로 앞질러 가는데 트럭이 갑자기 출발하면서 제 차를 긁었어요."
    p = by_name(text, ["제 차", "트럭"])
    assert p["제 차"].movement == "overtaking"
    assert p["트럭"].movement == "starting"


def test_an_object_with_a_named_subject_later_keeps_that_subject(by_name):
    text = "정차한 버스를 피해 택시가 앞질러 가다가 버스와 부딪혔어요."
    p = by_name(text, ["택시", "버스"])
    assert p["택시"].movement == "overtaking"


def test_the_passing_chart_is_read_as_overtaking():
    sig = chart_signatures()["차47-1"]
    assert sig.A.movement == "starting"
    assert sig.B.movement == "overtaking"
    assert "straight" in sig.B.alt_movements


# ---- entering a roundabout straight into its inner lane --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2차로 회전교차로에 들어가면서 옆 차가 바깥 차로 말고 안쪽 차로로 바로 들어와서 부딪혔어요.",
        "상대 차가 회전교차로 입구에서 1차로까지 한 번에 들어오다가 제 차를 쳤어요.",
        "로터리에서 택시가 안쪽으로 꺾어 들어오면서 제 차 옆을 긁었어요.",
        "회전교차로 회전1차로로 곧바로 진입한 차와 충돌했습니다.",
    ],
)
def test_entering_into_the_inner_lane(text):
    assert "안쪽진입" in special_cues(text)


@pytest.mark.parametrize(
    "text",
    [
        "회전교차로 안쪽 1차로로 돌다가 점선에서 바깥 차로로 옮기는데 부딪혔어요.",
        "회전 1차로 회전 대 진입 사고예요.",
        "회전교차로에 진입하다가 돌고 있던 차와 부딪혔어요.",
    ],
)
def test_circulating_inside_or_a_plain_entry_is_not_an_inner_lane_entry(text):
    assert "안쪽진입" not in special_cues(text)


def test_only_the_inner_lane_entry_charts_ask_for_it():
    sigs = chart_signatures()
    assert {c for c, s in sigs.items() if "안쪽진입" in s.special} == {"차54-2", "회전-1"}


@pytest.mark.parametrize(
    "text",
    [
        "2차로짜리 회전교차로에서 옆 차가 안쪽으로 같이 들어오다 부딪혔어요.",
        "회전교차로 왼쪽 진입차로에서 들어가는데 오른쪽 진입차로 차가 밀고 들어왔어요.",
        "로터리 안쪽 회전차로로 들어가다가 옆 차와 부딪혔어요.",
    ],
)
def test_lay_words_for_the_two_lane_roundabouts_own_lanes(text):
    assert "회전차로" in extract_facts(text, parties=["저", "상대 차"]).conditions


def test_a_plain_roundabout_entry_names_no_roundabout_lane():
    text = "회전교차로에 들어가다가 돌고 있던 차와 부딪혔어요."
    assert "회전차로" not in extract_facts(text, parties=["저", "상대 차"]).conditions
