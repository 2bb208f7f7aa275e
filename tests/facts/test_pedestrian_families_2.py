"""Car-against-pedestrian facts, fourth round (issue 15, the 보 family): the walk light at the start and at the
impact named apart ("적색에 횡단 시작, 충격 시점엔 녹색": 보3 against 보2), more wordings of a crosswalk past
the junction (보6 against 보14's "부근"), a car that set off early from its red light (보12, before the junction),
and a motorway walker with a reason or without one (보36 against 보35, a denied breakdown being no reason).
Sentences written for these tests, not copied from the corpus."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts


def _walker(text: str, parties: list[str] | None):
    facts = extract_facts(text, parties=parties)
    return next(p for p in facts.parties if p.type == "pedestrian")


# ---- the walk light at the start and at the impact, named apart -------------------------------------------
@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("가해 승용차 황색에 교차로 직진. 보행자는 적색에 횡단 개시, 충돌 당시 보행 신호는 녹색이었음.", ["승용차", "보행자"]),
        ("빨간불에 건너기 시작한 할머니가 반쯤 건넜을 때쯤엔 초록불이었는데 노란불에 지나온 택시가 쳤어요.",
         ["할머니", "택시"]),
        ("아이가 빨간불에 출발해서 건너는 중에 초록불 됐는데 그때 제 차가 부딪혔어요.", ["아이", "제 차"]),
        ("보행자가 초록불 깜빡일 때 출발했고 부딪힌 순간에는 빨간불이었어요. 버스가 빨간불에 지나왔고요.",
         ["보행자", "버스"]),
    ],
)
def test_start_and_impact_colours_apart_are_a_changed_light(text, parties):
    walker = _walker(text, parties)
    assert "횡단중신호변경" in walker.conditions
    assert "횡단중신호유지" not in walker.conditions


def test_start_and_impact_colours_alike_are_no_change():
    walker = _walker("보행자 적색에 횡단 시작, 충격 당시에도 보행신호 적색. 트럭은 적색에 교차로 통과 후 충격.",
                     ["보행자", "트럭"])
    assert "횡단중신호변경" not in walker.conditions


# ---- the crosswalk past the junction, more wordings ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("상대 차량 적색에 교차로 진입, 교차로 출구 쪽 횡단보도에서 빨간불에 건너던 보행자 충격.", ["차량", "보행자"]),
        ("가해차 신호위반으로 사거리 건너 횡단보도 위 보행자를 충격함.", ["가해차", "보행자"]),
        ("오거리 교차로. 승합차 직진 통과 후 횡단보도에서 빨간불에 건너던 학생을 침.", ["승합차", "학생"]),
        ("트럭이 빨간불에 사거리를 그냥 통과해서 빨간불에 건너던 저를 쳤어요.", ["트럭", "저"]),
        ("할아버지가 빨간불에 건너시다가 교차로를 노란불에 통과해 나온 버스에 치이셨어요.", ["할아버지", "버스"]),
    ],
)
def test_more_wordings_of_a_crosswalk_past_the_junction(text, parties):
    facts = extract_facts(text, parties=parties)
    car = next(p for p in facts.parties if p.type != "pedestrian")
    assert "교차로통과후" in car.conditions
    assert "교차로통과전" not in car.conditions


def test_a_car_passing_a_junction_between_cars_keeps_no_crosswalk_side():
    facts = extract_facts("택시가 사거리를 그냥 통과해서 제 차 옆을 긁고 갔어요.", ["택시", "제 차"])
    assert all("교차로통과후" not in p.conditions for p in facts.parties)


# ---- a car that set off early from its red light stood before the crosswalk ---------------------------
@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("깜빡이는 초록불에 건너던 학생 / 빨간불에 미리 출발한 승용차", ["학생", "승용차"]),
        ("신호가 바뀌기도 전에 먼저 출발한 택시가 깜빡일 때 건너던 아주머니를 쳤어요.", ["택시", "아주머니"]),
    ],
)
def test_an_early_start_from_the_red_light_is_before_the_junction(text, parties):
    facts = extract_facts(text, parties=parties)
    car = next(p for p in facts.parties if p.type != "pedestrian")
    assert "교차로통과전" in car.conditions


# ---- a motorway walker's reason ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "고속도로에서 차가 퍼져서 갓길에 세우고 내렸다가 뒤에서 오던 트럭에 치였어요.",
        "고속도로 차선 도색 작업 중이던 인부를 승용차가 충격함.",
        "고속도로에서 추돌사고 나서 차에서 내린 운전자가 뒤차에 치임.",
    ],
)
def test_a_motorway_walker_with_a_reason(text):
    conds = extract_facts(text).conditions
    assert "보행사유있음" in conds
    assert "보행사유없음" not in conds


@pytest.mark.parametrize(
    "text",
    [
        "고속도로 본선을 아무 사유 없이 걷던 남자를 제 차가 쳤어요.",
        "고속도로에 할아버지가 걸어 다니고 있었어요. 차가 고장 난 것도 아니고 그냥 걸으시던 거래요. 제 차로 받았어요.",
        "제가 술에 취해 고속도로로 걸어 들어갔다가 버스에 치였습니다.",
        "길을 잘못 들어서 고속도로 갓길을 걷다가 승용차에 부딪혔어요.",
    ],
)
def test_a_motorway_walker_without_a_reason(text):
    conds = extract_facts(text).conditions
    assert "보행사유없음" in conds
    assert "보행사유있음" not in conds  # "차가 고장 난 것도 아니고" is a denied reason, no reason


def test_a_reason_off_the_motorway_is_not_read():
    conds = extract_facts("골목에서 공사 중이던 인부를 후진하던 트럭이 쳤어요.").conditions
    assert not {"보행사유있음", "보행사유없음"} & set(conds)
