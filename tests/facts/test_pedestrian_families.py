"""Car-against-pedestrian facts, third round (issue 15, the 보 family): the crosswalk before the junction the
car was about to enter or past the one it went through (보8–보12 against 보1–보7), the right-turn light a car
turned on (보17 red against 보18 green), a car that went through the junction, a walker in the middle of the
road or at its edge (보28 against 보27-2), a sidewalk said to be missing (no 보24 cue), and a walker just
beside an unsignalled crosswalk (보20 against 보13). Sentences written for these tests, not copied from the
corpus."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import party_conditions, structured_fit
from katalog.matching.signatures import chart_signatures, junction_side, special_cues


def _fit(text: str, chart: str, parties: list[str] | None = None) -> float:
    return structured_fit(extract_facts(text, parties=parties), chart_signatures()[chart], special_cues(text)).score


# ---- the crosswalk's side of the junction: the car's role condition -------------------------------------
@pytest.mark.parametrize(
    ("text", "parties", "side"),
    [
        ("오거리 진입하기 직전 횡단보도에서 빨간불에 건너던 학생을 초록불에 가던 제 트럭이 쳤어요.", ["학생", "제 트럭"],
         "교차로통과전"),
        ("삼거리 바로 앞 횡단보도를 할아버지가 빨간불에 건너시다 직진하던 승합차에 부딪혔어요.", ["할아버지", "승합차"],
         "교차로통과전"),
        ("네거리를 통과한 뒤 나오는 횡단보도에서 버스가 빨간불에 건너던 여학생을 쳤어요.", ["버스", "여학생"], "교차로통과후"),
        ("교차로 건너편 횡단보도에서 아주머니가 빨간불에 건너다 초록불에 지나온 SUV에 치였습니다.", ["아주머니", "SUV"],
         "교차로통과후"),
    ],
)
def test_the_crosswalk_side_is_the_cars_condition(text, parties, side):
    facts = extract_facts(text, parties=parties)
    car = next(p.name for p in facts.parties if p.type != "pedestrian")
    assert side in facts.conditions
    assert side in party_conditions(next(p for p in facts.parties if p.name == car))
    walker = next(p for p in facts.parties if p.type == "pedestrian")
    assert side not in walker.conditions


def test_the_crosswalk_side_between_two_cars_is_nobodys():
    facts = extract_facts("사거리 들어가기 직전에 제 차가 직진하는데 옆 차선 택시가 끼어들었어요.", ["제 차", "택시"])
    assert all("교차로통과전" not in p.conditions for p in facts.parties)


@pytest.mark.parametrize(
    ("chart", "side"),
    [("보1", "교차로통과후"), ("보5", "교차로통과후"), ("보8", "교차로통과전"), ("보10", "교차로통과전"),
     ("보16", "교차로통과후"), ("보13", None), ("보19", None)],
)
def test_the_charts_read_the_side_from_their_situation(chart, side):
    sig = chart_signatures()[chart]
    assert sig.A.conditions == [c for c in sig.A.conditions if c not in ("교차로통과전", "교차로통과후")]
    if side is None:
        assert not {"교차로통과전", "교차로통과후"} & set(sig.B.conditions)
    else:
        assert side in sig.B.conditions


def test_junction_side_reads_the_standards_wording():
    assert junction_side("신호기가 있는 횡단보도를 통과하여 교차로에 진입하려는 차량이") == ["교차로통과전"]
    assert junction_side("녹색신호에 교차로를 통과한 차량이 보행자를") == ["교차로통과후"]
    assert junction_side("차량이 횡단보도를 건너고 있던 보행자를 충격한 사고") == []


@pytest.mark.parametrize(
    ("text", "parties", "better", "worse"),
    [
        ("사거리 들어서기 전 횡단보도에서 빨간불에 건너던 남학생을 초록불에 직진하던 제 차가 쳤어요.", ["남학생", "제 차"],
         "보8", "보1"),
        ("초록불에 사거리를 통과한 후 그 너머 횡단보도에서 제 차가 빨간불에 건너던 남학생을 쳤어요.", ["제 차", "남학생"],
         "보1", "보8"),
        ("교차로 진입 직전 횡단보도, 보행자는 초록불에 횡단 중, 빨간불 무시한 승용차가 충격.", ["보행자", "승용차"],
         "보10", "보5"),
    ],
)
def test_the_side_separates_the_sibling_charts(text, parties, better, worse):
    assert _fit(text, better, parties) > _fit(text, worse, parties)


# ---- the right-turn light: its colour is the car's, and the car turned right --------------------------
@pytest.mark.parametrize(
    ("text", "parties", "signal"),
    [
        ("우회전 신호등이 빨간불인데도 그냥 돌아 나온 화물차에 횡단보도 옆으로 건너던 제가 치였어요.", ["저", "화물차"], "red"),
        ("할머니가 횡단보도 조금 옆으로 빨간불에 건너시다가 우회전 화살표 받고 돈 택시에 치이셨어요.", ["할머니", "택시"], "green"),
        ("배달 트럭이 우회전 전용 초록 화살표에 돌았고 빨간불에 횡단보도 옆으로 건너던 남자를 쳤어요.", ["트럭", "남자"], "green"),
        ("횡단보도 밖으로 뛰던 제 아이를 우회전 신호 초록불에 꺾어 들어온 승용차가 쳤어요.", ["제 아이", "승용차"], "green"),
    ],
)
def test_a_right_turn_light_is_the_cars_and_it_turned_right(text, parties, signal):
    facts = extract_facts(text, parties=parties)
    p = next(q for q in facts.parties if q.type != "pedestrian")
    assert p.movement == "right_turn"
    assert p.signal == signal
    walker = next(q for q in facts.parties if q.type == "pedestrian")
    assert walker.movement == "crossing"


def test_a_vehicle_light_beside_a_walk_light_stays_apart():
    facts = extract_facts("보행 신호는 초록불이었고 차량 신호는 빨간불이었는데 승용차가 건너던 저를 쳤어요.", ["저", "승용차"])
    by_name = {p.name: p for p in facts.parties}
    assert by_name["저"].signal == "green"
    assert by_name["승용차"].signal == "red"


def test_stepping_back_is_no_turn():
    """"되돌아" is the walker stepping back, not the car turning."""
    text = "빨간불에 횡단보도 옆으로 건너던 학생이 되돌아가다 우회전 신호 녹색에 돌아 나온 버스에 부딪혔습니다."
    facts = extract_facts(text, ["학생", "버스"])
    walker = next(p for p in facts.parties if p.type == "pedestrian")
    bus = next(p for p in facts.parties if p.name == "버스")
    assert walker.movement == "crossing" and bus.movement == "right_turn"


@pytest.mark.parametrize(
    ("text", "better", "worse"),
    [
        ("남자가 빨간불에 횡단보도 옆 5미터 지점을 건너는데 우회전 신호가 빨간불인데 돌아 나온 화물차가 쳤어요.", "보17", "보18"),
        ("남자가 빨간불에 횡단보도 옆 5미터 지점을 건너는데 우회전 화살표 초록불 받고 돈 화물차가 쳤어요.", "보18", "보17"),
    ],
)
def test_the_right_turn_light_separates_17_and_18(text, better, worse):
    assert _fit(text, better, ["남자", "화물차"]) > _fit(text, worse, ["남자", "화물차"])


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("빨간불에 사거리를 그냥 지나온 승합차가 초록불에 건너던 저를 쳤어요.", ["승합차", "저"]),
        ("초록불에 교차로를 통과해 온 택시가 빨간불에 건너던 아저씨를 쳤습니다.", ["택시", "아저씨"]),
    ],
)
def test_a_car_that_came_through_the_junction_went_straight(text, parties):
    car = next(p for p in extract_facts(text, parties).parties if p.type != "pedestrian")
    assert car.movement == "straight"


# ---- the walker's place on a road without a sidewalk ----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "parties", "key"),
    [
        ("보도 없는 시골길 한가운데로 아저씨가 걸어가다 뒤에서 온 트럭에 치였어요.", ["아저씨", "트럭"], "도로중앙보행"),
        ("인도 없는 마을 도로 중앙 부분을 보행하던 노인을 승용차가 충격.", ["노인", "승용차"], "도로중앙보행"),
        ("인도가 없는 길이라 저는 도로 가장자리로 걷고 있었는데 승합차가 뒤에서 쳤어요.", ["저", "승합차"], "도로가장자리보행"),
        ("보도 없는 길가로 걷던 학생을 택시가 스치고 지나갔어요.", ["학생", "택시"], "도로가장자리보행"),
    ],
)
def test_the_middle_or_the_edge_of_the_road_is_the_walkers(text, parties, key):
    facts = extract_facts(text, parties=parties)
    walker = next(p for p in facts.parties if p.type == "pedestrian")
    assert key in walker.conditions
    assert "차도보행" in walker.conditions  # the road itself is the carriageway
    assert all(key not in p.conditions for p in facts.parties if p is not walker)


@pytest.mark.parametrize(
    ("text", "parties", "better", "worse"),
    [
        ("보도 없는 시골길 한가운데로 아저씨가 걸어가다 뒤에서 온 트럭에 치였어요.", ["아저씨", "트럭"], "보28", "보27-2"),
        ("인도가 없는 길이라 저는 도로 가장자리로 걷고 있었는데 뒤에서 온 승합차가 쳤어요.", ["저", "승합차"], "보27-2", "보28"),
    ],
)
def test_middle_and_edge_separate_28_and_27_2(text, parties, better, worse):
    assert _fit(text, better, parties) > _fit(text, worse, parties)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("인도 없는 동네 길을 걷는데", False),
        ("보도도 중앙선도 없는 골목이었어요", False),
        ("인도·중앙선 없는 도로", False),
        ("보도가 없어서 차도로 걸었어요", False),
        ("인도가 좁아서 차도로 내려와 걸었어요", True),
        ("인도를 걷는데 차가 올라왔어요", True),
    ],
)
def test_a_missing_sidewalk_is_no_sidewalk_cue(text, cue):
    assert ("보도" in special_cues(text)) is cue


def test_a_walker_who_left_the_sidewalk_is_26_not_24():
    text = "인도가 있는데도 차도 가장자리를 걷던 아저씨를 제 승용차가 옆으로 지나가다 쳤어요."
    assert _fit(text, "보26", ["아저씨", "제 승용차"]) > _fit(text, "보24", ["아저씨", "제 승용차"])


# ---- beside an unsignalled crosswalk ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("신호등 없는 횡단보도 바로 옆으로 건너던 할아버지를 승합차가 쳤어요.", ["할아버지", "승합차"]),
        ("제가 신호 없는 횡단보도에서 조금 떨어진 곳으로 건너다 택시에 치였어요.", ["저", "택시"]),
        ("신호기 없는 횡단보도 살짝 옆으로 뛰어가던 아이를 트럭이 쳤어요.", ["아이", "트럭"]),
    ],
)
def test_just_beside_an_unsignalled_crosswalk_is_20(text, parties):
    assert "횡단보도부근" in special_cues(text)
    assert _fit(text, "보20", parties) > _fit(text, "보13", parties)


def test_on_the_crosswalk_itself_stays_13():
    text = "신호등 없는 횡단보도 위를 건너던 할머니를 승용차가 쳤어요."
    assert "횡단보도부근" not in special_cues(text)
    assert _fit(text, "보13", ["할머니", "승용차"]) > _fit(text, "보20", ["할머니", "승용차"])


# ---- the car short of the crosswalk (보19) and the yellow-light car near it (보15) ---------------------
@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("횡단보도 몇 미터 앞쪽으로 빨간불에 건너던 할머니를, 횡단보도 도착 전이던 제 차가 쳤어요.", ["할머니", "제 차"]),
        ("초록불에 횡단보도 조금 앞쪽으로 건너던 학생을 횡단보도로 다가가던 승합차가 쳤습니다.", ["학생", "승합차"]),
        ("보행자 횡단보도 전방 약 7m 지점 횡단 / 차량 횡단보도 진입 전 직진 중 충격.", ["보행자", "차량"]),
    ],
)
def test_a_car_short_of_the_crosswalk_is_19(text, parties):
    facts = extract_facts(text, parties=parties)
    car = next(p for p in facts.parties if p.type != "pedestrian")
    walker = next(p for p in facts.parties if p.type == "pedestrian")
    assert "횡단보도통과전" in party_conditions(car)
    assert "횡단보도통과전" not in walker.conditions
    assert "횡단보도부근" in special_cues(text)
    for other in ("보8", "보9", "보10"):  # on the crosswalk before the junction: not short of it
        assert _fit(text, "보19", parties) > _fit(text, other, parties)


def test_a_walker_crossing_before_the_crosswalk_is_no_car_short_of_it():
    facts = extract_facts("제가 횡단보도 건너기 전에 신호를 보고 있었는데 택시가 인도로 올라왔어요.", ["저", "택시"])
    assert all("횡단보도통과전" not in p.conditions for p in facts.parties)


def test_a_walker_near_the_crosswalk_and_a_yellow_car_is_15():
    text = "할아버지가 빨간불에 횡단보도 옆 4미터쯤을 건너시다 노란불에 사거리를 들어온 트럭에 치이셨어요."
    parties = ["할아버지", "트럭"]
    for other in ("보2", "보3", "보4"):
        assert _fit(text, "보15", parties) > _fit(text, other, parties)


# ---- a flashing walk light still flashing at the impact (보12 against 보7) ------------------------------
@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("초록불 깜빡일 때 건너기 시작한 아주머니를, 아직 깜빡이고 있는 중에 빨간불 무시한 제 차가 쳤어요.",
         ["아주머니", "제 차"]),
        ("점멸 신호에 횡단을 시작한 학생이 여전히 점멸하는 동안 적색 신호를 무시한 승용차에 충격됨.", ["학생", "승용차"]),
    ],
)
def test_still_flashing_at_the_impact_is_the_light_kept(text, parties):
    facts = extract_facts(text, parties=parties)
    walker = next(p for p in facts.parties if p.type == "pedestrian")
    assert "횡단중신호유지" in walker.conditions
    assert "횡단중신호변경" not in walker.conditions


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("직진 및 우회전 신호에 제 차가 직진하는데 건너던 학생을 쳤어요.", ["제 차", "학생"]),
        ("직진·우회전 신호 받고 직진하던 택시가 횡단보도 옆으로 건너던 아저씨를 쳤어요.", ["택시", "아저씨"]),
    ],
)
def test_a_shared_straight_and_right_light_is_no_turn(text, parties):
    car = next(p for p in extract_facts(text, parties).parties if p.type != "pedestrian")
    assert car.movement == "straight"
