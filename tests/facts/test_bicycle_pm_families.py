"""Bicycle (거) and PM facts, issue 15: who rode the one-way road the wrong way (거3-3/3-4, PM-10/11), a side
told from another party's frame ("자전거 기준 좌측 도로에서", 거6/7/9), a side road named with no particle in
notes, a size note after 대로/소로, a stop sign quoted or passed by (거4/5), a turn before a comma, a door
flung open (PM-38) and the chart roles of the bicycle crossing and the parked PM. Sentences written for
these tests, not copied from the corpus."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import party_conditions, structured_fit
from katalog.matching.signatures import chart_signatures


def _party(text: str, name: str, parties: list[str] | None = None):
    return next(p for p in extract_facts(text, parties=parties).parties if p.name == name)


def _better(text: str, better: str, worse: str, parties: list[str] | None = None) -> None:
    facts = extract_facts(text, parties=parties)
    sigs = chart_signatures()
    assert structured_fit(facts, sigs[better]).score > structured_fit(facts, sigs[worse]).score


# ---- the one-way road ridden the wrong way --------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "violator", "other"),
    [
        ("일방통행 골목을 거꾸로 내려오던 승합차가 신호 없는 사거리에서 직진하던 제 자전거를 쳤어요.", "승합차", "자전거"),
        ("비신호 교차로. 화물차 일방통행로 역행하여 교차로 진입, 자전거 양방향 도로에서 직진 중 충돌.", "화물차", "자전거"),
        ("신호 없는 교차로, 일방통행 도로를 반대로 달려온 킥보드가 직진하던 승용차 옆을 받음.", "킥보드", "승용차"),
        ("일방통행 길에서 역방향으로 나온 오토바이가 교차로를 직진하던 자전거와 부딪혔습니다.", "오토바이", "자전거"),
        ("저는 일방통행로를 역통행해서 킥보드를 타고 있었고, 사거리에서 직진하던 택시와 부딪혔어요.", "저", "택시"),
    ],
)
def test_the_wrong_way_rider_of_a_one_way_road_violates_it(text, violator, other):
    facts = extract_facts(text)
    by_name = {p.name: p for p in facts.parties}
    v = next(p for n, p in by_name.items() if violator in n)
    o = next(p for n, p in by_name.items() if other in n)
    assert "일방통행위반" in party_conditions(v)
    assert "중앙선침범" not in v.factors  # a one-way road has no centre line to cross
    assert "일방통행위반" not in party_conditions(o)


def test_a_wrong_way_word_alone_on_a_one_way_road_is_the_one_way_violation():
    # the one-way road and the wrong-way word stand in different clauses
    text = "일방통행 골목이 만나는 신호 없는 교차로예요. 역주행해 오던 SUV가 직진하던 제 자전거를 받았어요."
    suv = _party(text, "SUV")
    assert "일방통행위반" in suv.factors and "중앙선침범" not in suv.factors


def test_a_centre_line_named_stays_a_centre_line_crossing():
    text = "일방통행 표지가 있는 도로 근처에서 트럭이 중앙선을 넘어 역주행하다가 마주 오던 자전거와 부딪혔어요."
    assert "중앙선침범" in _party(text, "트럭").factors


@pytest.mark.parametrize(
    ("text", "better", "worse"),
    [
        ("일방통행로를 거꾸로 들어온 택시가 신호 없는 교차로에서 직진하던 자전거를 쳤어요.", "거3-4", "거3-3"),
        ("자전거로 일방통행 길을 반대 방향으로 가다가 신호 없는 교차로에서 직진하던 승용차와 부딪혔어요.", "거3-3", "거3-4"),
        ("킥보드로 직진하는데 일방통행 골목을 역방향으로 달려 나온 SUV가 신호 없는 사거리에서 저를 쳤어요.", "PM-11", "PM-10"),
    ],
)
def test_one_way_charts_follow_the_violator(text, better, worse):
    _better(text, better, worse)


# ---- a side told from another party's frame -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "parties", "sides"),
    [
        (
            "비신호 동일폭 교차로. 자전거 직진, 승합차 자전거 기준 왼쪽 도로에서 직진 진입, 충돌.",
            ["자전거", "승합차"],
            {"자전거": "right", "승합차": "left"},
        ),
        (
            "동일폭 비신호 교차로. 킥보드 화물차 기준 우측 도로에서 좌회전, 화물차 직진 중 충돌.",
            ["킥보드", "화물차"],
            {"킥보드": "right", "화물차": "left"},
        ),
        (
            "신호 없는 교차로. 승용차가 자전거 진행방향 오른쪽 도로에서 좌회전하다 직진하던 자전거와 충돌.",
            ["자전거", "승용차"],
            {"자전거": "left", "승용차": "right"},
        ),
        (
            "동네 사거리에서 버스가 아빠 기준 왼쪽 도로에서 먼저 들어왔고 아빠는 오른쪽 도로에서 자전거로 직진했대요.",
            ["아빠", "버스"],
            {"아빠": "right", "버스": "left"},
        ),
    ],
)
def test_a_side_told_in_another_partys_frame_is_the_subjects(text, parties, sides):
    facts = extract_facts(text, parties=parties)
    assert {p.name: p.from_direction for p in facts.parties} == sides


def test_the_frame_party_keeps_its_own_clause_and_movement():
    text = "비신호 동일폭 교차로. 자전거 승용차 기준 좌측 도로에서 좌회전, 승용차 직진, 충돌."
    facts = extract_facts(text, parties=["자전거", "승용차"])
    bike, car = facts.parties
    assert (bike.movement, bike.from_direction) == ("left_turn", "left")
    assert (car.movement, car.from_direction) == ("straight", "right")


def test_entering_the_writers_own_way_is_the_entering_partys_turn():
    text = "저는 자전거로 교차로를 쭉 직진했어요. 그때 옆 골목에서 우회전해서 제가 가던 방향으로 들어오던 택시랑 부딪혔어요."
    facts = extract_facts(text)
    me = next(p for p in facts.parties if p.name == "저")
    taxi = next(p for p in facts.parties if p.name == "택시")
    assert me.movement == "straight" and taxi.movement == "right_turn"


def test_same_direction_as_a_party_names_it_as_a_frame_only():
    text = "비신호 교차로. 킥보드 직진, 옆 도로에서 우회전하여 킥보드와 같은 방향으로 들어오던 승합차와 충돌."
    facts = extract_facts(text, parties=["킥보드", "승합차"])
    assert [p.movement for p in facts.parties] == ["straight", "right_turn"]


def test_a_party_met_in_the_same_direction_is_not_a_frame():
    # "X와 동일 방향에서 … Y가 충돌": X is the one Y hit, and keeps its own right turn
    text = "비신호 교차로에서 우회전하던 선행 화물차와 동일 방향 가장자리에서 직진하던 후행 킥보드가 충돌함."
    truck = _party(text, "화물차")
    assert truck.movement == "right_turn"


@pytest.mark.parametrize(
    ("text", "better", "worse"),
    [
        ("비신호 동일폭 교차로. 자전거 직진, 택시 자전거 기준 좌측 도로에서 직진 진입, 충돌.", "거6-1", "거6-2"),
        ("동일폭 비신호 교차로. 자전거 버스 기준 좌측 도로에서 좌회전, 버스 직진 중 충돌.", "거9-4", "거9-2"),
    ],
)
def test_frame_sides_choose_the_chart(text, better, worse):
    _better(text, better, worse)


# ---- a side road in notes, a size note after the road -----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "parties", "sides"),
    [
        ("오른쪽 도로 직진 킥보드 / 왼쪽 도로 좌회전 승합차", ["킥보드", "승합차"], {"킥보드": "right", "승합차": "left"}),
        ("좌측도로 좌회전 자전거 / 우측도로 직진 택시 (동일폭)", ["자전거", "택시"], {"자전거": "left", "택시": "right"}),
        (
            "자전거로 직진하는데 오른쪽 골목 택배 트럭이 좌회전하면서 튀어나왔어요.",
            ["저", "택배 트럭"],
            {"저": "left", "택배 트럭": "right"},
        ),
    ],
)
def test_a_side_road_without_particle_is_where_the_party_comes_from(text, parties, sides):
    facts = extract_facts(text, parties=parties)
    assert {p.name: p.from_direction for p in facts.parties} == sides


def test_a_road_edge_on_the_right_is_no_side_road():
    text = "킥보드로 오른쪽 길 가장자리를 따라가는데 뒤에서 오던 승용차가 저를 쳤어요."
    rider = next(p for p in extract_facts(text).parties if p.type == "pm")
    assert rider.from_direction != "right"


@pytest.mark.parametrize(
    ("text", "roads"),
    [
        ("비신호 교차로. 대로(왕복 6차로) 직진 킥보드, 소로(폭 3m) 직진 승용차 충돌.", {"킥보드": "major", "승용차": "minor"}),
        ("소로(폭 4m)에서 직진한 자전거와 대로(편도 2차로) 직진 버스가 교차로에서 충돌.", {"자전거": "minor", "버스": "major"}),
    ],
)
def test_a_size_note_after_the_road_keeps_its_size(text, roads):
    facts = extract_facts(text, parties=list(roads))
    assert {p.name: p.road for p in facts.parties} == roads


# ---- the stop sign quoted or passed by --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("화물차가 '멈춤' 적힌 골목에서 안 서고 그대로 좌회전해 나와 직진하던 제 자전거를 받았어요.", "화물차"),
        ("저는 킥보드로 일시정지 표지판 있는 길에서 안 서고 바로 직진했어요. 옆 도로 택시가 좌회전하다 부딪혔어요.", "저"),
        ("비신호 교차로. 승합차 일시정지 표지 앞 정지 없이 우회전, 좌측 도로에서 직진하던 자전거와 충돌.", "승합차"),
        ("택시가 '일시정지' 표시를 그냥 지나쳐서 우회전하다가 왼쪽에서 오던 자전거를 쳤어요.", "택시"),
    ],
)
def test_a_stop_not_made_at_a_quoted_or_passed_sign(text, name):
    p = _party(text, name)
    assert "일시정지" in party_conditions(p)
    assert p.road == "non_priority"


def test_a_quoted_stop_sign_is_a_stop_sign():
    text = "제 쪽 골목 바닥에 \"멈춤\" 써 있었고 저는 자전거로 거기서 나와 좌회전했어요. 직진하던 승용차랑 부딪혔어요."
    assert "일시정지표지" in _party(text, "저").conditions


# ---- a turn before a comma (note wording) -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "moves"),
    [
        ("비신호 교차로. 자전거 소로에서 대로로 좌회전, 승용차 대로 직진 중 충돌.", ["left_turn", "straight"]),
        ("비신호 교차로. 킥보드 우회전, 트럭 직진 중 충돌.", ["right_turn", "straight"]),
    ],
)
def test_a_turn_before_a_comma_is_read(text, moves):
    assert [p.movement for p in extract_facts(text).parties] == moves


def test_a_comma_list_of_movements_is_still_a_lane():
    facts = extract_facts("청구차량 좌회전, 직진 겸용 차로에서 직진하다 상대차량과 충돌.", parties=["청구차량", "상대차량"])
    assert facts.parties[0].movement == "straight"


# ---- a door flung open, the bicycle crossing, the parked PM -----------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "킥보드로 가는데 길가에 선 택시 뒷문이 확 열려서 부딪혔어요.",
        "자전거 타고 지나가는데 정차해 있던 승합차 운전자가 문을 벌컥 열었어요.",
        "후행 킥보드 / 정차 중 조수석 문 연 승용차",
    ],
)
def test_a_door_flung_open_is_a_door_opening(text):
    facts = extract_facts(text)
    assert any(p.movement == "door_opening" for p in facts.parties)


def test_a_door_opened_chooses_the_door_chart_over_the_parked_one():
    _better("킥보드로 천천히 가는데 갓길에 서 있던 SUV 운전석 문이 확 열려서 부딪혔어요.", "PM-38", "PM-37")


def test_a_car_turning_at_a_junction_beside_the_bicycle_crossing():
    text = "신호 없는 교차로에서 제 차로 좌회전하다가 교차로 옆 자전거횡단도를 건너던 킥보드를 쳤어요."
    _better(text, "PM-20", "PM-25")


@pytest.mark.parametrize(("chart", "role"), [("PM-25", "B"), ("거42-1", "B"), ("PM-20", "B"), ("PM-37", "B")])
def test_the_car_passing_a_bicycle_crossing_or_a_parked_pm_moves(chart, role):
    sig = chart_signatures()[chart]
    assert getattr(sig, role).movement == "straight"


# ---- who the person is: a bracketed note, the one followed, a shorter name -------------------------------
@pytest.mark.parametrize(
    ("text", "parties", "rider", "typ", "move"),
    [
        (
            "딸(15살)이 킥보드로 화물차 뒤를 따라 직진하는데 화물차가 갑자기 우회전했어요. 신호 없는 교차로예요.",
            ["딸", "화물차"],
            "딸",
            "pm",
            "straight",
        ),
        (
            "할머니(79세)가 자전거로 좁은 길에서 직진하시다가 큰길에서 우회전하던 마을버스와 부딪히셨어요.",
            ["할머니", "버스"],
            "할머니",
            "bicycle",
            "straight",
        ),
    ],
)
def test_a_person_with_a_bracketed_note_rides_and_moves(text, parties, rider, typ, move):
    p = _party(text, rider, parties)
    assert (p.type, p.movement) == (typ, move)


def test_the_turn_of_a_glued_name_is_its_own():
    text = "할머니(79세)가 자전거로 좁은 길에서 직진하시다가 큰길에서 우회전하던 마을버스와 부딪히셨어요."
    assert _party(text, "버스", ["할머니", "버스"]).movement == "right_turn"


def test_a_given_party_named_shorter_later_keeps_its_conduct():
    text = "할아버지가 초록불에 횡단보도를 건너시다가 배달 오토바이에 치이셨어요. 오토바이 운전자는 술을 마신 상태였대요."
    facts = extract_facts(text, parties=["할아버지", "배달 오토바이"])
    old, bike = facts.parties
    assert old.type == "pedestrian" and "음주" not in old.factors
    assert "음주" in bike.factors


# ---- the crossing nouns, a crosswalk denied -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "car"),
    [
        ("직진하던 제 차가 자전거횡단도를 지나다가 건너던 킥보드를 쳤어요.", "제 차"),
        ("승합차가 자전거 횡단도를 그대로 통과하다가 그 위를 건너던 자전거를 쳤어요.", "승합차"),
    ],
)
def test_the_car_passing_over_a_bicycle_crossing_does_not_cross(text, car):
    facts = extract_facts(text)
    p = next(x for x in facts.parties if car in x.name)
    assert p.movement == "straight"
    assert any(x.movement == "crossing" for x in facts.parties if x is not p)


def test_crossing_during_is_still_crossing():
    assert _party("킥보드로 길을 횡단 도중에 오던 택시가 저를 받았어요.", "킥보드").movement == "crossing"


@pytest.mark.parametrize(
    "text",
    [
        "횡단보도 아닌 곳에서 자전거로 도로를 가로질러 건너다 오던 트럭과 부딪혔어요.",
        "킥보드 탄 채로 찻길을 건넜는데 횡단보도는 아니었어요. 달려오던 승용차가 받았어요.",
    ],
)
def test_a_crosswalk_denied_is_no_crosswalk(text):
    assert extract_facts(text).place != "crosswalk"
