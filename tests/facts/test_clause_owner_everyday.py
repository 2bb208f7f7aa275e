"""Clause ownership in everyday accounts: which party a clause's movement, light and conduct belong to.

Sentences written for these tests (first person, third person, casual and 합니다체, run-on), one family per
test: a vehicle standing by the road that the writer passes is scenery, not a party; a relative clause before
an object belongs to the object; what a party is seen doing ("제가 오는 걸 보고도") is the seer's clause only
up to the seeing; a descriptor noun ("그 라이더", "기사님") is the party already named; a subject-less first
clause is the writer's.
"""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.models import AccidentFacts, PartyFacts


def _party(f: AccidentFacts, name: str) -> PartyFacts:
    return next(p for p in f.parties if p.name == name)


def _writer(f: AccidentFacts, given: list[str] | None) -> PartyFacts:
    return _party(f, given[0]) if given else f.parties[0]


# ---- a standing vehicle the writer passes is scenery -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "given", "other", "other_type", "scenery"),
    [
        ("트럭이 서 있어서 옆으로 지나가는데 반대편에서 온 차랑 부딪혔어요.", None, "B", "car", "트럭"),
        ("주차된 트럭 때문에 중앙선을 넘어 지나가는데 맞은편에서 오던 승용차와 부딪혔습니다.", None, "승용차", "car", "트럭"),
        ("앞에 버스가 서 있어서 옆 차로로 피해서 가는데 뒤에서 오던 오토바이랑 부딪혔어요.", None, "오토바이",
         "two_wheeler", "버스"),
        ("트럭이 서 있길래 비켜 가다가 반대편 차선 차랑 박았어요.", None, "B", "car", "트럭"),
        ("길가에 택시가 정차해 있어서 중앙선 넘어서 추월하다가 마주 오던 오토바이와 충돌했습니다.", None, "오토바이",
         "two_wheeler", "택시"),
        ("제가 정차해 있던 버스를 피해서 옆 차로로 나가는데 그 차로로 달려오던 택시가 제 차를 박았어요.", None, "택시",
         "car", "버스"),
        ("화물차가 갓길에 세워져 있어서 살짝 비켜 가는데 뒤에서 오토바이가 제 옆을 치고 나갔어요.", ["제 차", "오토바이"],
         "오토바이", "two_wheeler", "화물차"),
        ("공사 트럭이 한 차로를 막고 서 있어서 옆 차로로 바꾸는데 뒤에서 오던 SUV가 박았어요.", None, "SUV", "car", "트럭"),
        ("마을버스가 서 있어서 뒤에 서 있었는데 뒤에서 오던 승용차가 제 차를 박았어요.", None, "승용차", "car", "마을버스"),
    ],
)
def test_standing_vehicle_passed_is_scenery(text, given, other, other_type, scenery):
    """"트럭이 서 있어서 옆으로 지나가는데 … 차랑": the writer passes the truck; the truck is no party and its
    standing is nobody's movement."""
    f = extract_facts(text, given)
    names = [p.name for p in f.parties]
    assert len(f.parties) == 2, names
    assert scenery not in names
    assert _party(f, other).type == other_type
    assert all(p.movement != "stopped" for p in f.parties if p.name == other)


def test_standing_vehicle_centre_line_is_the_writers():
    f = extract_facts("주차된 트럭 때문에 중앙선을 넘어 지나가는데 맞은편에서 오던 승용차와 부딪혔습니다.")
    assert "중앙선침범" in f.parties[0].factors
    assert "중앙선침범" not in _party(f, "승용차").factors


@pytest.mark.parametrize(
    ("text", "party", "move"),
    [
        # the standing vehicle does something after: a party
        ("제가 정류장에 정차해 있던 버스 옆으로 지나가는데 버스가 출발했어요.", "버스", "starting"),
        ("트럭이 서 있었는데 뒤에서 오던 승용차가 트럭을 박았어요.", "트럭", None),
    ],
)
def test_standing_vehicle_that_acts_stays_a_party(text, party, move):
    f = extract_facts(text)
    assert party in [p.name for p in f.parties]
    if move:
        assert _party(f, party).movement == move


# ---- a relative clause before an object belongs to the object ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "front"),
    [
        ("앞에 가다가 갑자기 멈춘 택시를 받았어요.", "택시"),
        ("앞에서 달리다 갑자기 급정거한 트럭을 뒤에서 받았습니다.", "트럭"),
        ("앞에 가다가 이유 없이 급정거한 SUV를 뒤에서 받았습니다.", "SUV"),
        ("앞에서 가다가 갑자기 브레이크 밟은 택시를 제가 받았어요.", "택시"),
    ],
)
def test_front_vehicle_relative_clause(text, front):
    """"앞에 가다가 갑자기 멈춘 택시를": going ahead and stopping are the taxi's; the writer hit it."""
    f = extract_facts(text)
    assert f.in_scope
    assert "이유없는급정지" in _party(f, front).factors
    writer = next(p for p in f.parties if p.name != front)
    assert "이유없는급정지" not in writer.factors


# ---- what a party is seen doing is the seer's clause -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "given", "turner", "turn"),
    [
        ("초록불에 직진하는데 맞은편 트럭이 제가 오는 걸 뻔히 보면서 좌회전해서 부딪혔어요.", None, "트럭", "left_turn"),
        ("저는 초록불에 직진 중이었고, 비보호 좌회전 표지가 있는 맞은편 차로에서 택시가 제가 오는 걸 보고도 그냥 "
         "좌회전을 했어요.", ["저", "택시"], "택시", "left_turn"),
        ("신호 없는 사거리에서 직진하는데 오른쪽 길에서 SUV가 제 차가 오는 것을 분명히 보고도 좌회전으로 들어왔습니다.",
         None, "SUV", "left_turn"),
        ("저는 직진했고 맞은편 차로에서 버스가 제가 오는 것을 보고도 유턴을 했어요.", None, "버스", "u_turn"),
    ],
)
def test_seen_party_owns_no_turn(text, given, turner, turn):
    """"택시가 제가 오는 걸 보고도 좌회전": the writer is only what the taxi saw; the turn is the taxi's."""
    f = extract_facts(text, given)
    assert _party(f, turner).movement == turn
    assert _writer(f, given).movement == "straight"


def test_seen_party_chart():
    """The writer going straight on green, the oncoming taxi turning left across: the taxi is mostly at fault."""
    from katalog import assess

    a = assess("저는 초록불에 직진 중이었고, 비보호 좌회전 표지가 있는 맞은편 차로에서 택시가 제가 오는 걸 보고도 "
               "그냥 좌회전을 했어요.", parties=["저", "택시"])
    assert a.answered
    assert a.final["저"] < a.final["택시"]


# ---- a descriptor noun is the party already named ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "party", "factor"),
    [
        ("오토바이가 제 차를 추월하다 부딪혔는데 그 라이더 무면허였어요.", "오토바이", "무면허"),
        ("택시가 뒤에서 박았어요. 기사님이 졸음운전이었대요.", "택시", "졸음운전"),
        ("신호 대기 중인데 승용차가 뒤에서 박았어요. 운전자가 술에 취해 있었어요.", "승용차", "음주"),
        ("버스가 제 차를 옆에서 긁었는데 기사가 휴대폰 보고 있었대요.", "버스", "휴대폰"),
        ("오토바이가 제 차를 추월하다가 부딪혔는데 알고 보니 라이더가 무면허였어요.", "오토바이", "무면허"),
    ],
)
def test_descriptor_noun_is_the_named_party(text, party, factor):
    f = extract_facts(text)
    assert factor in _party(f, party).factors
    assert all(factor not in p.factors for p in f.parties if p.name != party)


# ---- a subject-less first clause is the writer's -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "mine", "other", "theirs"),
    [
        ("직진하는데 택시가 갑자기 끼어들었어요.", "straight", "택시", "lane_change"),
        ("좌회전하는데 맞은편에서 트럭이 직진해 와서 부딪혔습니다.", "left_turn", "트럭", "straight"),
        ("직진하고 있었는데 옆 차로 버스가 갑자기 차선을 바꿔서 부딪혔어요.", "straight", "버스", "lane_change"),
        ("직진하다가 앞에 우회전하던 오토바이를 받았어요.", "straight", "오토바이", "right_turn"),
        ("교차로에서 직진 중이었는데 오른쪽에서 우회전하던 오토바이를 받았습니다.", "straight", "오토바이", "right_turn"),
    ],
)
def test_subjectless_first_clause_is_the_writers(text, mine, other, theirs):
    f = extract_facts(text)
    assert f.parties[0].movement == mine
    assert _party(f, other).movement == theirs


@pytest.mark.parametrize(
    ("text", "mine", "signal", "other"),
    [
        ("파란불이라 그냥 직진했는데 옆에서 트럭이 신호 무시하고 들어옴", "straight", "green", "트럭"),
        ("초록불 보고 출발했는데 오른쪽에서 오토바이가 빨간불에 달려왔어요.", "starting", "green", "오토바이"),
        ("초록불이어서 직진했는데 왼쪽 길에서 택시가 빨간불에 튀어나옴 ㅠㅠ", "straight", "green", "택시"),
    ],
)
def test_one_named_party_in_a_casual_account(text, mine, signal, other):
    """One road user named in a lay account, casual or polite: the writer is the other party and owns the
    first clause, its light included."""
    f = extract_facts(text)
    assert [p.name for p in f.parties][1] == other
    assert f.parties[0].movement == mine
    assert f.parties[0].signal == signal
    assert _party(f, other).signal == "red"


def test_leaving_a_car_park_past_a_passing_car():
    """"주차장에서 나오는데 지나가던 SUV가": the writer comes out; the SUV only passes (지나가 is no 나가)."""
    f = extract_facts("주차장에서 나오는데 지나가던 SUV가 제 차 옆을 긁었습니다.")
    assert _party(f, "제 차").movement == "entering"
    assert _party(f, "SUV").movement == "straight"


@pytest.mark.parametrize(
    ("text", "given", "writer", "move", "signal"),
    [
        ("퇴근길에 초록불에 직진하고 있었는데 횡단보도로 자전거가 빨간불에 건너오다 제 SUV 옆을 받았어요.",
         ["자전거", "SUV"], "SUV", "straight", "green"),
        ("초록불 받고 출발했는데 왼쪽에서 택시가 신호 무시하고 와서 내 오토바이를 쳤음", ["택시", "오토바이"], "오토바이",
         "starting", "green"),
    ],
)
def test_given_name_owned_by_the_writer(text, given, writer, move, signal):
    """A given name the text calls the writer's ("제 SUV", "내 오토바이"): the writer's unnamed first clause,
    light included, is that party's."""
    f = extract_facts(text, given)
    assert _party(f, writer).movement == move
    assert _party(f, writer).signal == signal
    other = next(p for p in f.parties if p.name != writer)
    assert other.signal == "red"


@pytest.mark.parametrize(
    "text",
    [
        "저는 2차로로 그냥 가고 있었는데 옆 차로 트럭이 갑자기 넘어와서 부딪혔어요.",
        "제 차선 따라 가고 있었는데 맞은편 승용차가 중앙선을 넘어왔습니다.",
        "자전거로 도로 오른쪽 끝을 달리고 있었는데 뒤에서 오던 택시가 박았어요.",
    ],
)
def test_going_on_in_a_lane_is_straight(text):
    assert extract_facts(text).parties[0].movement == "straight"


@pytest.mark.parametrize(
    ("text", "given", "rider", "factor"),
    [
        ("술 취한 아저씨가 자전거를 탄 채로 차도로 비틀거리며 나오다가 제 차에 부딪혔어요.", None, "자전거", "음주"),
        ("만취한 남자가 킥보드를 타고 역주행하다가 제 차를 박았어요.", None, "킥보드", "음주"),
        ("술에 취한 학생이 공유 자전거를 타고 도로를 가로지르다 제 차랑 부딪혔습니다.", ["자전거", "제 차"], "자전거", "음주"),
    ],
)
def test_person_riding_is_that_party(text, given, rider, factor):
    """"만취한 남자가 킥보드를 타고": the rider is a person named before the vehicle, not the writer; the drink
    and the riding are the vehicle party's."""
    f = extract_facts(text, given)
    # the party may be named by the vehicle or by the person riding it ("아저씨", a bicycle)
    ridden = {"자전거": "bicycle", "킥보드": "pm"}[rider]
    (them,) = [p for p in f.parties if p.name == rider or (p.type == ridden and "제" not in p.name)]
    assert factor in them.factors
    assert all(factor not in p.factors for p in f.parties if p is not them)
    assert len(f.parties) == 2


@pytest.mark.parametrize(
    "text",
    [
        "도로에서 오토바이랑 승용차 충돌. 과실?",
        "킥보드랑 버스가 도로에서 부딪힘. 과실 비율은?",
        "자전거와 트럭 사고 났어요. 누구 잘못이에요?",
    ],
)
def test_two_road_users_and_nothing_else_is_a_question(text):
    """Two kinds of road user and no movement, light, side or conduct: no chart can be told, so decline."""
    from katalog.stages.gates import insufficient

    assert insufficient(extract_facts(text), text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "역주행 자전거 / 정상 주행 트럭",
        "술 취한 사람이 따릉이를 탄 채로 도로를 비틀비틀 가로지르다 제 차에 부딪혔어요.",
    ],
)
def test_road_users_with_conduct_are_answered(text):
    from katalog.stages.gates import insufficient

    assert insufficient(extract_facts(text), text) is None


@pytest.mark.parametrize(
    ("text", "front", "back"),
    [
        ("저는 직진하는데 앞에 우회전하던 오토바이를 받았어요.", "오토바이", "저"),
        ("앞에 좌회전하려고 멈춘 버스를 뒤에서 받았어요.", "버스", "A"),
    ],
)
def test_relative_clause_of_the_object_ahead(text, front, back):
    """"앞에 우회전하던 오토바이를": the turn is the motorcycle's; the writer hit it."""
    f = extract_facts(text)
    assert _party(f, front).movement in ("right_turn", "left_turn")
    assert _party(f, back).movement not in ("right_turn", "left_turn")


@pytest.mark.parametrize(
    ("text", "given", "parked"),
    [
        ("저 운전하다가 골목에 세워져 있던 승합차를 긁었어요. 승합차 안에는 아무도 없었어요.", ["승합차", "저"], "승합차"),
        ("제가 운전하던 중에 길가에 주차돼 있던 트럭을 박았습니다.", None, "트럭"),
    ],
)
def test_driving_writer_hits_a_parked_car(text, given, parked):
    """"저 운전하다가 … 서 있던 차를 박았어요": the writer drove on (a generic straight), the parked car stood;
    the hit parked car is a party, not scenery."""
    from katalog.stages.gates import insufficient

    f = extract_facts(text, given)
    assert _party(f, parked).movement == "stopped"
    writer = next(p for p in f.parties if p.name != parked)
    assert writer.movement == "straight"
    assert insufficient(f, text) is None
