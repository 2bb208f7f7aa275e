"""Pedestrian families, round 3: who is on foot, the motorway walker's reason as the chart's role condition,
the crosswalk past the junction in more wordings, and the walk light kept during the crossing.
"""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts


def _facts(text: str, parties: list[str]) -> dict[str, object]:
    return {p.name: p for p in extract_facts(text, parties).parties}


@pytest.mark.parametrize(
    ("text", "parties", "walker", "reason"),
    [
        ("고속도로에서 타이어가 터져서 갓길에 세우고 내렸다가 뒤에서 오던 트럭에 치였어요.", ["저", "트럭"], "저",
         "보행사유있음"),
        ("형이 고속도로에서 차가 고장 나 내려서 비상삼각대 세우다 승합차에 치였대요.", ["형", "승합차"], "형", "보행사유있음"),
        ("자동차전용도로 공사 구간에서 작업하던 인부를 화물차가 쳤습니다.", ["인부", "화물차"], "인부", "보행사유있음"),
        ("고속도로에서 사고 나서 하차한 운전자가 지나가던 버스에 치임.", ["운전자", "버스"], "운전자", "보행사유있음"),
        ("술 취한 남자가 이유 없이 고속도로를 걸어가다 제 차에 부딪혔어요.", ["남자", "제 차"], "남자", "보행사유없음"),
        ("고속도로 달리는데 어떤 사람이 차 고장도 아닌데 그냥 걸어다녔음. 내 차로 못 피함", ["내 차", "사람"], "사람",
         "보행사유없음"),
    ],
)
def test_motorway_walker_and_reason(text, parties, walker, reason):
    """The one on foot (also out of a car, at work, or a driver who got out) carries the reason."""
    got = _facts(text, parties)
    assert got[walker].type == "pedestrian"
    assert reason in got[walker].conditions
    other = next(n for n in got if n != walker)
    assert got[other].type != "pedestrian"


@pytest.mark.parametrize(
    ("text", "parties", "chart", "not_chart"),
    [
        ("아빠가 고속도로에서 차가 퍼져서 내렸다가 승용차에 치였어요.", ["아빠", "승용차"], "보36", "보35"),
        ("고속도로에 아무 이유 없이 걸어 다니던 사람을 제 차가 쳤습니다.", ["사람", "제 차"], "보35", "보36"),
    ],
)
def test_motorway_reason_separates_the_charts(fits, text, parties, chart, not_chart):
    """보35 "이유 없는 보행자" and 보36 "이유 있는 보행자" differ only in the walker's role condition."""
    good, bad = fits(text, parties, chart, not_chart)
    assert good > bad


@pytest.mark.parametrize(
    ("text", "parties", "person"),
    [
        ("비가 내리던 밤에 아빠가 운전하다가 트럭과 부딪혔어요.", ["아빠", "트럭"], "아빠"),
        ("택배 일 하면서 길가에 차 세우고 물건 내리고 다시 출발하는데 SUV가 박았어요.", ["제가", "SUV"], "제가"),
        ("남편이 사고 나서 차를 세우고 내려 있었는데 트럭이 남편 차를 또 받았어요.", ["남편 차", "트럭"], "남편 차"),
    ],
)
def test_not_out_of_the_car(text, parties, person):
    """Rain falling, goods unloaded, or a party named as a car: nobody got out on foot."""
    assert _facts(text, parties)[person].type != "pedestrian"


@pytest.mark.parametrize(
    ("text", "parties", "walker"),
    [
        ("신호 무시하고 좌회전해서 들어간 골목 횡단보도에서 초록불에 건너던 할아버지를 제 차로 쳤어요.",
         ["제 차", "할아버지"], "할아버지"),
        ("신호가 바뀌어서 사람들이 우르르 건너고 있었는데, 그중 아이를 제 차로 쳤어요.", ["아이", "제 차"], "아이"),
        ("가해차량이 교차로 진입, 우회전 후 횡단보도를 건너던 피해자(남, 60세) 충격.", ["가해차량", "피해자"], "피해자"),
    ],
)
def test_person_on_foot_by_the_verb_around_the_name(text, parties, walker):
    """"건너던 할아버지", "아이를 제 차로 쳤어요": on foot, whatever else the clause names."""
    got = _facts(text, parties)
    assert got[walker].type == "pedestrian"
    car = next(n for n in got if n != walker)
    assert got[car].type == "car"


def test_turn_before_the_crossing_is_the_cars():
    """"교차로 진입, 우회전 후 | 횡단보도를 건너던 피해자": the turn is the car's, 후 ends its clause."""
    got = _facts("가해차량이 교차로 진입, 우회전 후 횡단보도를 건너던 피해자(남, 60세) 충격.", ["가해차량", "피해자"])
    assert got["가해차량"].movement == "right_turn"


@pytest.mark.parametrize(
    "text",
    [
        "버스가 녹색에 교차로를 직진 통과한 후 횡단보도에서 빨간불에 건너던 보행자를 쳤습니다.",
        "가해차량은 적색에 교차로 진입, 좌회전 통과 후 전방 횡단보도에서 보행자를 충격함.",
        "사거리에서 좌회전 후 횡단보도를 건너던 보행자를 쳤습니다.",
    ],
)
def test_crosswalk_past_the_junction(text):
    """"교차로를 직진 통과한 후", "통과 후 전방 횡단보도", "좌회전 후 횡단보도": 보1–보7's side."""
    facts = extract_facts(text, ["차량", "보행자"])
    assert "교차로통과후" in facts.conditions
    assert "교차로통과전" not in facts.conditions


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("신호 있는 횡단보도를 보행자가 빨간불에 건너다가 초록불에 직진하던 택시에 치였어요.", True),
        ("빨간불에 건너던 중 빨간불 중 치인 보행자 / 초록불 직진 택시", True),
        ("보행자가 빨간불에 건너기 시작했는데 중간에 초록불로 바뀌었고 그때 택시에 치였어요.", False),
    ],
)
def test_walk_light_kept_during_the_crossing(text, kept):
    """One colour told for a crossing the walker was hit in the middle of is the light at the impact too;
    a change told wins."""
    walker = next(p for p in extract_facts(text, ["보행자", "택시"]).parties if p.type == "pedestrian")
    assert ("횡단중신호유지" in walker.conditions) is kept
    if not kept:
        assert "횡단중신호변경" in walker.conditions
