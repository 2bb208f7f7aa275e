"""Pedestrian, bicycle and PM wordings the extractor missed (issue 15 failure families, 보 / 거 / PM charts):
who is on foot or riding, the walk light's colour and blink, the light that changed while crossing, and
crossing beside the crosswalk. Sentences written for these tests, not copied from the corpus."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts


def _party(text: str, parties: list[str], name: str):
    return next(p for p in extract_facts(text, parties=parties).parties if p.name == name)


# ---- a person named as a person is a pedestrian when their clauses cross or walk ------------------------
@pytest.mark.parametrize(
    ("text", "parties", "who"),
    [
        ("퇴근길 골목에서 남자가 갑자기 길을 건너다가 제 차에 부딪혔어요.", ["남자", "제 차"], "남자"),
        ("남편이 빨간불에 건넌 건 맞는데 트럭도 노란불에 들어왔대요.", ["남편", "트럭"], "남편"),
        ("여학생이 초록불에 횡단보도를 건너고 있었는데 버스가 돌면서 쳤어요.", ["여학생", "버스"], "여학생"),
        ("아파트 단지 안을 걷던 주민이 후진하던 택배 트럭에 부딪혔습니다.", ["주민", "트럭"], "주민"),
        ("우리 애가 학원 앞 횡단보도를 건너다 승용차에 치였어요.", ["우리 애", "승용차"], "우리 애"),
    ],
)
def test_more_person_words_are_pedestrians_when_they_cross_or_walk(text, parties, who):
    assert _party(text, parties, who).type == "pedestrian"


@pytest.mark.parametrize(
    ("text", "parties", "who"),
    [
        # the other side's turn light, a car as the subject and a lane count sit in the walker's clauses
        (
            "어머니가 파란불에 건너시다가 우회전 화살표를 무시하고 돈 택시에 치이셨어요.",
            ["어머니", "택시"],
            "어머니",
        ),
        (
            "신호등 있는 곳인데 차가 안 보여서 빨간불에 건넜어요. 그런데 달려온 SUV가 저를 쳤어요.",
            ["저", "SUV"],
            "저",
        ),
        (
            "왕복 6차로 도로 한복판을 청년이 무단횡단하다가 직진하던 제 차에 치였어요.",
            ["청년", "제 차"],
            "청년",
        ),
        (
            "상대 운전자가 신호를 못 보고 들어왔는데, 그때 횡단보도를 건너던 저희 아들이 치였습니다.",
            ["아들", "상대 운전자"],
            "아들",
        ),
    ],
)
def test_a_walker_is_not_made_a_driver_by_the_other_partys_words(text, parties, who):
    assert _party(text, parties, who).type == "pedestrian"


def test_a_driver_who_crosses_a_road_stays_a_vehicle():
    p = _party(
        "좁은 골목에서 나와 제가 큰길을 건너 그대로 직진하다가 우회전하던 택시와 부딪혔어요.",
        ["제가", "택시"],
        "제가",
    )
    assert p.type != "pedestrian"
    p = _party("아버지가 차를 몰고 큰길을 건너다가 트럭과 부딪혔어요.", ["아버지", "트럭"], "아버지")
    assert p.type == "car"


# ---- what a rider rides ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "parties", "who", "want"),
    [
        (
            "로드바이크가 초록불에 직진 중이었고 택시가 빨간불에 들어와 부딪혔다.",
            ["로드바이크", "택시"],
            "로드바이크",
            "bicycle",
        ),
        (
            "퇴근길에 따릉이 타고 가다가 우회전하던 승합차에 치였어요.",
            ["따릉이", "승합차"],
            "따릉이",
            "bicycle",
        ),
        (
            "전동 스쿠터(PM)로 교차로를 지나는데 좌회전하던 SUV가 부딪혔어요.",
            ["전동 스쿠터(PM)", "SUV"],
            "전동 스쿠터(PM)",
            "pm",
        ),
        (
            "골목 교차로에서 제 오토바이 바이크로 직진하다가 승용차와 부딪혔어요.",
            ["제 오토바이", "승용차"],
            "제 오토바이",
            "two_wheeler",
        ),
    ],
)
def test_the_vehicle_a_rider_is_named_by(text, parties, who, want):
    assert _party(text, parties, who).type == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("저 신호 지켰어요. 자전거로 천천히 직진하는데 오른쪽 골목에서 승합차가 튀어나왔어요.", "bicycle"),
        ("저는 잘못 없어요. 킥보드 타고 가는데 뒤에서 승합차가 받았어요.", "pm"),
    ],
)
def test_the_writer_given_as_a_pronoun_rides_what_the_text_says(text, want):
    assert _party(text, ["저", "승합차"], "저").type == want


# ---- the walk light ----------------------------------------------------------------------------------
def test_a_blinking_walk_light_without_a_colour_is_green_flash():
    text = "보행 신호가 깜빡일 때 뛰어서 건너기 시작했는데 빨간불을 무시한 승용차가 저를 쳤어요."
    assert _party(text, ["저", "승용차"], "저").signal == "green_flash"
    text = "깜빡이는 초록불에 건너던 할아버지를 신호 무시한 택시가 쳤어요."
    assert _party(text, ["할아버지", "택시"], "할아버지").signal == "green_flash"


def test_a_turn_indicator_is_no_walk_light():
    f = extract_facts("옆 차가 깜빡이도 없이 제 차로로 들어와 부딪혔어요.", parties=["제 차", "옆 차"])
    assert all(p.signal != "green_flash" for p in f.parties)


def test_the_walk_lights_colour_goes_to_the_person_crossing_not_the_car():
    f = extract_facts(
        "초록불 받고 직진하는데 할머니가 건너고 계셨어요. 보행자 신호는 빨간불이었어요. 제 차로 부딪혔어요.",
        parties=["제 차", "할머니"],
    )
    me, her = f.parties
    assert her.signal == "red"
    assert me.signal == "green"


@pytest.mark.parametrize(
    "text",
    [
        "신호 있는 횡단보도에서 빨간불에 출발해 초록불에 치인 보행자 / 빨간불에 달린 승용차",
        "저는 빨간불에 먼저 나섰다가 초록불이 켜진 뒤에 치였어요. 승용차는 빨간불에 직진했대요.",
    ],
)
def test_a_light_that_changed_while_crossing_is_no_contradiction(text):
    f = extract_facts(text, parties=["보행자" if text.endswith("승용차") else "저", "승용차"])
    assert not f.contradictions
    assert f.parties[0].signal == "red"  # the colour the crossing started on (보3 / 보9)


# ---- crossing beside the crosswalk -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "신호등 없는 횡단보도 바로 옆으로 건너다가 승용차에 치였어요.",
        "신호 없는 횡단보도에서 5미터쯤 떨어진 곳을 건너던 남자를 제 차로 쳤어요.",
        "횡단보도 줄 밖으로 건넜다고 제 과실이 있대요. 택시가 저를 쳤어요.",
        "정지선이랑 횡단보도 사이로 건너던 할머니를 트럭이 쳤어요.",
    ],
)
def test_crossing_just_off_the_crosswalk_is_near_it(text):
    assert "횡단보도부근" in extract_facts(text).conditions


def test_crossing_on_the_crosswalk_is_not_near_it():
    assert (
        "횡단보도부근"
        not in extract_facts("신호등 없는 횡단보도를 건너는데 택시가 서지 않고 저를 쳤어요.").conditions
    )


# ---- whose light: a rider noun or a side's light between the road user and its particle ------------
def test_a_rider_noun_keeps_the_road_users_particle():
    f = extract_facts(
        "신호 있는 사거리. 자전거 운전자는 녹색신호에 직진했고, 화물차는 옆 도로에서 적색신호에 들어와 부딪혔다.",
        parties=["자전거", "화물차"],
    )
    bike, truck = f.parties
    assert not f.contradictions
    assert (bike.signal, truck.signal) == ("green", "red")


def test_a_sides_light_is_that_sides():
    f = extract_facts(
        "저는 초록불에 사거리를 지났는데 빨간불에 뛰어나온 학생을 쳤어요. 학생 쪽 신호는 계속 빨간불이었어요.",
        parties=["저", "학생"],
    )
    me, kid = f.parties
    assert not f.contradictions
    assert (me.signal, kid.signal) == ("green", "red")


def test_a_colour_repeated_in_a_sentence_naming_nobody_is_the_party_who_had_it():
    f = extract_facts(
        "아저씨가 초록불에 건너고 있었는데 빨간불에 들어온 택시가 아저씨를 쳤어요. 사고 때도 초록불이 켜져 있었어요.",
        parties=["아저씨", "택시"],
    )
    man, taxi = f.parties
    assert not f.contradictions
    assert (man.signal, taxi.signal) == ("green", "red")


def test_a_denied_colour_is_not_the_partys_light():
    f = extract_facts(
        "아이가 건널 때 보행자 신호 빨간불 아니었어요, 초록불이었어요. 버스가 와서 쳤어요.",
        parties=["아이", "버스"],
    )
    assert not f.contradictions
    assert f.parties[0].signal == "green"


@pytest.mark.parametrize(
    "text",
    [
        "비신호 교차로에서 직진하던 자전거와 좌회전하던 택시가 충돌.",
        "무신호 교차로, 자전거 직진 대 택시 좌회전.",
    ],
)
def test_bisinho_is_an_unsignalled_junction(text):
    f = extract_facts(text, parties=["자전거", "택시"])
    assert f.place == "unsignal_intersection"
    assert f.signal_controlled is False


def test_the_road_a_rider_crosses_into_is_not_their_own():
    f = extract_facts(
        "좁은 골목에서 자전거 타고 큰길 건너려다가 큰길로 달리던 택시와 부딪혔어요. 신호등은 없어요.",
        parties=["자전거", "택시"],
    )
    bike, taxi = f.parties
    assert (bike.road, taxi.road) == ("minor", "major")


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "깜빡이는 초록불에 건너기 시작했는데 중간에 빨간불로 바뀌었고 그때 택시가 저를 쳤어요.",
            ["저", "택시"],
        ),
        ("보행자 적색에 출발해 녹색에 충격 / 적색 무시 직진 승용차", ["보행자", "승용차"]),
    ],
)
def test_the_walk_light_changing_while_crossing_is_the_crossers(text, parties):
    walker, car = extract_facts(text, parties=parties).parties
    assert "횡단중신호변경" in walker.conditions
    assert "횡단중신호변경" not in car.conditions


def test_a_driver_crossing_a_road_when_the_light_changes_has_no_walk_light_change():
    f = extract_facts(
        "제 차가 큰길을 건너 직진하는데 신호가 바뀌었어요. 좌회전하던 택시와 부딪혔어요.",
        parties=["제 차", "택시"],
    )
    assert all("횡단중신호변경" not in p.conditions for p in f.parties)


def test_getting_the_turn_signal_is_a_green_light():
    f = extract_facts(
        "할머니가 빨간불에 횡단보도 옆으로 건너시다가 우회전 신호 받고 돈 트럭에 치이셨어요.",
        parties=["할머니", "트럭"],
    )
    walker, truck = f.parties
    assert (walker.signal, truck.signal) == ("red", "green")
    f = extract_facts("빨간 신호 받고 섰는데 뒤차가 박았어요.", parties=["제 차", "뒤차"])
    assert f.parties[0].signal == "red"


def test_the_writers_own_light_is_the_writers():
    f = extract_facts(
        "제 신호는 초록불이었어요. 그런데 교차로 앞 횡단보도에서 빨간불에 뛰어든 청년을 제 차로 쳤어요.",
        parties=["청년", "제 차"],
    )
    walker, me = f.parties
    assert not f.contradictions
    assert (walker.signal, me.signal) == ("red", "green")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "사거리 들어가기 전에 있는 횡단보도에서 빨간불에 건너던 아저씨를 초록불에 직진하던 제 차가 쳤어요.",
            "교차로통과전",
        ),
        ("교차로 앞 횡단보도를 빨간불에 건너던 학생을 초록불 받은 택시가 쳤어요.", "교차로통과전"),
        (
            "초록불에 사거리를 지나온 버스가 건너편 횡단보도를 빨간불에 건너던 할머니를 쳤어요.",
            "교차로통과후",
        ),
    ],
)
def test_the_crosswalk_before_or_past_the_junction(text, want):
    assert want in extract_facts(text).conditions


def test_the_junction_side_of_a_crosswalk_is_no_fact_between_two_cars():
    f = extract_facts(
        "사거리를 지나서 직진하는데 옆 차가 차선을 바꾸다 부딪혔어요.", parties=["제 차", "옆 차"]
    )
    assert not {"교차로통과전", "교차로통과후"} & set(f.conditions)


@pytest.mark.parametrize(
    "text",
    [
        "보행자가 횡단보도에서 7미터쯤 떨어진 곳을 건너다 치였어요.",
        "횡단보도 선에서 살짝 벗어나 건너던 학생",
        "정지선과 횡단보도 사이로 건너던 사람",
    ],
)
def test_the_description_beside_the_crosswalk_is_the_charts_near_the_crosswalk(text):
    from katalog.matching.signatures import special_cues

    assert "횡단보도부근" in special_cues(text)


@pytest.mark.parametrize(
    ("text", "parties", "who"),
    [
        (
            "자전거 타고 가다가 옆 차로로 슬쩍 옮겼는데 뒤에서 오던 승합차가 저를 받았어요.",
            ["저", "승합차"],
            "저",
        ),
        (
            "옆 차로에서 가던 킥보드가 갑자기 제 차로 쪽으로 넘어오면서 부딪혔어요.",
            ["제 차", "킥보드"],
            "킥보드",
        ),
        (
            "앞쪽에서 가던 자전거가 손짓도 없이 제 차로로 꺾어 들어와 제 차와 부딪혔어요.",
            ["자전거", "제 차"],
            "자전거",
        ),
    ],
)
def test_moving_into_the_next_lane_is_a_lane_change(text, parties, who):
    f = extract_facts(text, parties=parties)
    assert {p.name: p.movement for p in f.parties}[who] == "lane_change"


def test_a_turn_into_my_lane_stays_a_turn_and_my_lane_is_not_my_car():
    f = extract_facts(
        "오른쪽 골목에서 택시가 우회전해서 제 차로로 들어왔어요. 저는 직진 중이었어요.",
        parties=["제 차", "택시"],
    )
    me, taxi = f.parties
    assert taxi.movement == "right_turn"
    assert me.type == "car"


@pytest.mark.parametrize(
    ("text", "parties", "want"),
    [
        (
            "신호 교차로. 킥보드 녹색 신호 직진, 화물차는 교차 방향 적색 신호 진입 중 충돌.",
            ["킥보드", "화물차"],
            ("green", "red"),
        ),
        ("자전거(운전자 중학생) 적색 진입, 택시 녹색 직진 / 측면 충돌", ["자전거", "택시"], ("red", "green")),
    ],
)
def test_committee_shorthand_gives_a_bare_party_its_own_light(text, parties, want):
    f = extract_facts(text, parties=parties)
    assert not f.contradictions
    assert tuple(p.signal for p in f.parties) == want
