"""Who the parties are, in everyday words (issue 15, party-words helper): the writer out of a taxi or a bus and
hit on foot; a drunk or lying walker on a motorway; kin and role words as the party or its driver ("아버지가
운전하던 차가", "남편 차"); vehicle kinds and model names (학원차, 레이, 모닝, 카니발, 포터, 스타렉스, 킥고잉);
the sides of a police-style note ("가해자 차량", "피해자 차량", "상대방 차량"); parked or queued cars as
scenery ("차들이 주차돼 있어서", "트럭이 서 있어서 트럭 옆으로"); the writer's own bare 차 ("차 세우려고").
Sentences are our own, written before reading the fold rows."""

from __future__ import annotations

import pytest

from katalog.engine import assess
from katalog.evaluation import chart_matches
from katalog.facts import extract_facts
from katalog.models import AccidentFacts, PartyFacts
from katalog.standard.loader import load_standard


def _proposed(text: str) -> list[str]:
    a = assess(text)
    return ([a.chart_id] if a.chart_id else []) + [c.chart_id for c in a.candidates if c.chart_id != a.chart_id]


def _answers(text: str, expected: list[str], k: int = 1) -> None:
    got = _proposed(text)
    assert any(chart_matches(c, expected, load_standard()) for c in got[:k]), (got[:3], expected)


def _one(f: AccidentFacts, **want: str | None) -> PartyFacts:
    """The one party whose fields equal `want` (name= matches a substring of the name)."""
    found = [p for p in f.parties if all(
        (v in p.name) if k == "name" else getattr(p, k) == v for k, v in want.items())]
    assert len(found) == 1, (want, [(p.name, p.type, p.movement) for p in f.parties])
    return found[0]


# ---- the writer out of a taxi, a bus or a friend's car, hit on foot ------------------------------------

LEFT_A_VEHICLE = [
    # (text, the vehicle left: no party, acceptable charts, k)
    ("택시에서 내려서 택시 뒤로 돌아 길을 건너다가 뒤에서 오던 차에 치였어요.", "택시", ["보23"], 1),
    ("버스에서 내리자마자 버스 앞으로 길 건너가다가 버스를 추월하던 승용차에 치였습니다.", "버스", ["보23", "보20"], 1),
    # 보21 (육교·지하도 부근) needs a footbridge or underpass said (chart_cues.yaml 육교): none here
    ("친구 차에서 내려 차 뒤쪽으로 돌아서 도로를 건너는데 뒤따라오던 SUV에 치였어요.", "내려", ["보23"], 1),
    ("택시 타고 와서 내린 다음에 택시 옆으로 해서 길을 건너는데 승용차가 택시 옆으로 빠져나오다 저를 쳤어요.", "택시",
     ["보23"], 1),
]


@pytest.mark.parametrize(("text", "left", "expected", "k"), LEFT_A_VEHICLE)
def test_the_writer_out_of_a_vehicle_walks(text: str, left: str, expected: list[str], k: int) -> None:
    f = extract_facts(text)
    assert len(f.parties) == 2, [(p.name, p.type) for p in f.parties]
    assert not any(left in p.name for p in f.parties), [p.name for p in f.parties]
    _one(f, type="pedestrian")
    _answers(text, expected, k)


def test_out_of_a_broken_car_on_a_motorway_is_a_walker_with_a_reason() -> None:
    text = "고속도로에서 사고 나서 차에서 내려 갓길에 서 있었는데 뒤에서 오던 트럭이 저를 쳤어요."
    f = extract_facts(text)
    assert _one(f, name="저").type == "pedestrian"
    _answers(text, ["보36"], 1)


# ---- a walker on a motorway for no reason: 보35 (portal 509), not 510 -----------------------------------

MOTORWAY_WALKERS = [
    "술에 취한 남자가 고속도로 본선 위를 걸어 다니다가 1차로를 달리던 제 차에 치였습니다.",
    "자동차전용도로를 달리는데 술 취한 사람이 갑자기 도로로 걸어 들어와서 쳤어요.",
    "밤에 고속도로 2차로에 누워 있던 취객을 못 보고 밟았습니다.",
    "도시고속도로에서 만취한 아저씨가 차로를 가로질러 건너다가 제 차에 부딪혔어요.",
]


@pytest.mark.parametrize("text", MOTORWAY_WALKERS)
def test_a_drunk_walker_on_a_motorway_has_no_reason(text: str) -> None:
    f = extract_facts(text)
    walker = _one(f, type="pedestrian")
    assert "보행사유있음" not in walker.conditions
    _answers(text, ["보35"], 1)


# ---- kin and role words: the party or its driver ----------------------------------------------------------

KIN = [
    # (text, a name part and movement of one party, the other's type)
    ("아버지가 운전하던 차가 신호 없는 교차로에서 좌회전하다가 맞은편에서 직진하던 트럭과 부딪혔어요.", "left_turn", "truck"),
    ("남편 차가 신호 대기 중이었는데 뒤에서 트럭이 박았어요.", "straight", "truck"),
    ("아내가 운전하던 모닝이 2차로로 가는데 1차로 카니발이 갑자기 차선을 바꿔서 부딪혔어요.", "straight", "car"),
    ("엄마가 모는 차가 직진하는데 오른쪽 골목에서 SUV가 튀어나와서 부딪혔어요.", "straight", "car"),
    ("아버지가 좌회전하시다가 맞은편에서 직진하던 오토바이랑 부딪혔어요.", "left_turn", "two_wheeler"),
    ("저희 아버지 트럭이 좌회전하는데 맞은편 승용차가 신호 위반하고 직진해 왔어요.", "left_turn", "car"),
]


@pytest.mark.parametrize(("text", "movement", "other_type"), KIN)
def test_a_kin_driver_is_one_party(text: str, movement: str, other_type: str) -> None:
    f = extract_facts(text)
    assert len(f.parties) == 2, [(p.name, p.type, p.movement) for p in f.parties]
    kin = f.parties[0]
    assert kin.movement == movement, [(p.name, p.type, p.movement) for p in f.parties]
    assert f.parties[1].type == other_type


@pytest.mark.parametrize(
    ("text", "rider_type"),
    [
        ("아들이 타던 자전거를 골목에서 나온 승용차가 쳤어요.", "bicycle"),
        ("딸이 탄 킥보드를 후진하던 차가 쳤어요.", "pm"),
        ("동생이 모는 스쿠터를 택시가 뒤에서 받았어요.", "two_wheeler"),
    ],
)
def test_what_a_kin_rides_is_the_party(text: str, rider_type: str) -> None:
    f = extract_facts(text)
    assert len(f.parties) == 2
    _one(f, type=rider_type)


def test_a_kin_hit_on_foot_is_the_walker() -> None:
    f = extract_facts("아버지가 길을 건너시다가 좌회전하던 택시에 치이셨어요.")
    _one(f, type="pedestrian", movement="crossing")
    _one(f, name="택시", movement="left_turn")


# ---- vehicle kinds and model names are vehicles -----------------------------------------------------------

MODELS = [
    # (text, the named vehicle, its movement, chart, k)
    ("학원차가 갑자기 차선을 바꾸면서 제 차 옆을 긁었어요.", "학원차", "lane_change", ["차43-2", "차43-5"], 3),
    ("레이가 깜빡이 없이 끼어들어서 제 차랑 부딪혔어요.", "레이", "lane_change", ["차43-2", "차43-5"], 1),
    ("카니발이 중앙선 넘어 유턴하다가 직진하던 제 차를 받았어요.", "카니발", "u_turn", ["차31-3", "차31-4"], 3),
    ("그랜저가 중앙선을 넘어와서 제 차랑 정면으로 부딪혔어요.", "그랜저", None, ["차31-1"], 1),
    ("포터가 빨간불에 교차로로 들어와서 초록불에 직진하던 제 차랑 부딪혔어요.", "포터", None, ["차1-1"], 1),
    ("형이 운전하는 포터가 후진하다가 주차돼 있던 제 차를 박았어요.", "포터", "reversing", ["차42-2", "차51-1"], 3),
    ("신호 대기 중인 제 모닝을 뒤에서 스타렉스가 박았어요.", "스타렉스", None, ["차41-1"], 1),
    ("봉고차가 뒤에서 제 차를 들이받았어요.", "봉고", None, ["차41-1"], 1),
    ("어린이집 차량이 차로 변경하다 제 차 뒤쪽을 박았습니다.", "어린이집", "lane_change", ["차43-2", "차43-5"], 3),
]


@pytest.mark.parametrize(("text", "name", "movement", "expected", "k"), MODELS)
def test_a_model_name_is_a_vehicle(text: str, name: str, movement: str | None, expected: list[str], k: int) -> None:
    f = extract_facts(text)
    assert len(f.parties) == 2, [(p.name, p.type, p.movement) for p in f.parties]
    them = _one(f, name=name)
    if movement is not None:
        assert them.movement == movement
        me = next(p for p in f.parties if p is not them)
        assert me.movement != movement
    _answers(text, expected, k)


@pytest.mark.parametrize(
    "text",
    ["킥고잉 타고 도로 끝으로 가는데 옆 차가 우회전하면서 저를 쳤어요.",
     "씽씽이 타고 가다가 골목에서 나온 차랑 부딪혔어요."],
)
def test_a_shared_kickboard_brand_is_a_kickboard(text: str) -> None:
    f = extract_facts(text)
    assert len(f.parties) == 2
    _one(f, type="pm")


def test_a_model_word_inside_another_word_is_no_vehicle() -> None:
    """브레이크 holds 레이, 리포터 holds 포터: no vehicle there."""
    f = extract_facts("브레이크를 밟았는데 앞차를 박았어요. 리포터처럼 말하자면 제 과실이죠.")
    assert not any(x in p.name for p in f.parties for x in ("레이", "포터"))


# ---- the sides of a note: 가해자 / 피해자 / 상대방 + vehicle -----------------------------------------------

SIDES = [
    # (text, mover's name part, its movement, the other's movement or None)
    ("가해자 차량이 신호를 위반하고 교차로에 들어와 제 차를 받았습니다.", "가해", "straight", None),
    ("피해자 차량은 직진 중이었고 가해자 차량이 좌회전하다 충돌함.", "가해", "left_turn", "straight"),
    ("가해 차량 운전자가 휴대폰을 보다가 신호 대기 중인 피해 차량을 추돌함.", "가해", "straight", None),
    ("상대방 차량이 후진하다가 제 차를 박았어요.", "상대", "reversing", None),
    ("가해자 차는 뒤에서 추돌했고 피해자 차는 신호 대기 중이었습니다.", "가해", None, None),
    ("피해자 오토바이가 직진하던 중 가해자 차량이 우회전하며 충격함.", "가해", "right_turn", "straight"),
    ("상대 차량이 깜빡이 없이 차로를 바꾸다가 제 차 앞을 긁었어요.", "상대", "lane_change", None),
]


@pytest.mark.parametrize(("text", "name", "movement", "other"), SIDES)
def test_a_side_and_its_vehicle_is_one_party(text: str, name: str, movement: str | None, other: str | None) -> None:
    f = extract_facts(text)
    names = [p.name for p in f.parties]
    assert len(f.parties) == 2, names
    assert not any(n.replace(" ", "") in ("자차", "자") for n in names), names
    them = _one(f, name=name)
    if movement is not None:
        assert them.movement == movement, [(p.name, p.movement) for p in f.parties]
    if other is not None:
        assert next(p for p in f.parties if p is not them).movement == other


# ---- parked or queued cars and a standing vehicle are scenery ----------------------------------------------

SCENERY = [
    # (text, the counterpart's name part, charts, k)
    ("골목에 차들이 주차돼 있어서 가운데로 가다가 맞은편에서 오는 오토바이랑 부딪혔어요.", "오토바이", None, 1),
    ("줄지어 서 있는 차들 사이로 아이가 뛰어나와서 제 차에 부딪혔어요.", "아이", None, 1),
    ("트럭이 서 있어서 트럭 옆으로 지나가다가 반대편에서 오던 차랑 부딪혔어요.", "", None, 1),
    ("도로 양쪽에 차들이 주차되어 있어서 좁았는데 맞은편 차랑 비켜 가다가 사이드미러끼리 부딪혔어요.", "", None, 1),
    ("버스가 정류장에 서 있어서 버스 옆으로 지나가는데 버스 앞으로 사람이 튀어나와서 쳤어요.", "사람", ["보23", "보20"], 3),
    ("차들이 길게 밀려 있어서 차들 옆으로 지나가는데 오른쪽 골목에서 나온 차가 제 차를 박았어요.", "", None, 1),
]


@pytest.mark.parametrize(("text", "other", "expected", "k"), SCENERY)
def test_standing_cars_are_no_party(text: str, other: str, expected: list[str] | None, k: int) -> None:
    f = extract_facts(text)
    assert len(f.parties) == 2, [(p.name, p.type, p.movement) for p in f.parties]
    assert not any(p.movement in ("stopped", "parked") for p in f.parties), [(p.name, p.movement) for p in f.parties]
    assert not any(x in p.name for p in f.parties for x in ("트럭", "버스", "차들"))
    if other:
        _one(f, name=other)
    if expected:
        _answers(text, expected, k)


# ---- the writer's own bare 차 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "movement"),
    [
        ("우측 갓길에 차 세우려고 핸들 꺾었는데 뒤에서 갓길로 달려오던 오토바이가 제 차 조수석 쪽을 박았어요",
         "lane_change"),
        ("차 빼려고 후진하다가 뒤에 지나가던 오토바이랑 부딪혔어요.", "reversing"),
    ],
)
def test_the_writers_bare_car_is_theirs(text: str, movement: str) -> None:
    f = extract_facts(text)
    assert len(f.parties) == 2, [(p.name, p.type, p.movement) for p in f.parties]
    them = _one(f, type="two_wheeler")
    me = next(p for p in f.parties if p is not them)
    assert me.movement == movement and them.movement != movement


# ---- a person who drives the vehicle named next is its driver; a typed party told for the writer -------------


@pytest.mark.parametrize(
    ("text", "vehicle", "movement", "other"),
    [
        ("아저씨가 운전하던 트럭이 좌회전하다가 직진하던 오토바이와 부딪혔다.", "트럭", "left_turn", "오토바이"),
        ("할아버지가 몰던 경운기를 뒤에서 승용차가 추돌함.", "경운기", None, "승용차"),
        ("아이가 타던 킥보드가 횡단보도로 튀어나와 우회전하던 택시에 부딪혔습니다.", "킥보드", None, "택시"),
    ],
)
def test_the_driver_of_the_vehicle_named_next_is_no_party(
    text: str, vehicle: str, movement: str | None, other: str
) -> None:
    f = extract_facts(text)
    assert len(f.parties) == 2, [(p.name, p.type, p.movement) for p in f.parties]
    v = _one(f, name=vehicle)
    _one(f, name=other)
    if movement is not None:
        assert v.movement == movement


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("아빠가 운전하던 봉고가 앞차를 받았대요.", "봉고"),
        ("할머니가 횡단보도 건너시다가 상대 차에 치이셨어요.", "할머니"),
        ("택시가 상대 차를 박았는데 상대가 급정거했대요.", "택시"),
    ],
)
def test_a_typed_party_told_for_the_writer_needs_no_third(text: str, typed: str) -> None:
    """One road user named by type and the other seen from the writer's side (앞차, 상대 차): two parties, no
    empty writer beside them."""
    f = extract_facts(text)
    assert len(f.parties) == 2, [(p.name, p.type, p.movement) for p in f.parties]
    _one(f, name=typed)


@pytest.mark.parametrize(
    ("text", "who"),
    [("트럭이 후진하다가 제 차를 박았어요.", "트럭"), ("상대방 차량이 후진하다가 제 차를 박았어요.", "상대")],
)
def test_a_subject_reversing_is_read(text: str, who: str) -> None:
    """"트럭이 후진": the look-behind that keeps 이후 진행 from reading 후진 no longer drops it."""
    assert _one(extract_facts(text), name=who).movement == "reversing"
    assert not any(p.movement == "reversing" for p in extract_facts("이후 진행하던 차가 제 차를 박았어요.").parties)


def test_a_queue_of_cars_leaves_the_jam_to_the_passer() -> None:
    """"차들이 꽉 막혀서 서 있길래": the standing is nobody's, the jam (정체) is the rider's who passes the queue."""
    f = extract_facts("차들이 꽉 막혀서 서 있길래 킥보드로 차들 오른쪽 가장자리로 빠져나가서 교차로에 들어갔는데 "
                      "맞은편에서 좌회전하던 승용차랑 부딪혔어요.")
    rider = _one(f, type="pm")
    assert rider.movement != "stopped" and "정체" in rider.conditions


@pytest.mark.parametrize(
    ("text", "mine", "theirs"),
    [("신호 대기 중인 제 모닝을 뒤에서 스타렉스가 박았어요.", "제 모닝", "스타렉스"),
     ("제가 2차로로 가는데 상대 그랜저가 갑자기 끼어들었어요.", "저", "상대 그랜저")],
)
def test_a_model_with_its_side_is_one_mention(text: str, mine: str, theirs: str) -> None:
    f = extract_facts(text)
    assert [p.name for p in f.parties] == [mine, theirs]
