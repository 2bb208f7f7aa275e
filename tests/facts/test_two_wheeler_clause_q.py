"""Two-wheelers in car situations and clause-ownership leftovers (session 17, helper q): motorcycle names
(원동기, 바이크, 배달 오토바이) and a rider writer, a cut-in told by the missing blinker, a position word or
a particle-less lane before the next party's name, a "…했다가 출발한" relative clause, and a stop colour
before the party that went against it. Sentences are our own."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.facts.extract import party_texts


def _party(facts, word: str):
    return next(p for p in facts.parties if word in p.name)


def _writer(facts):
    return facts.parties[0]


@pytest.mark.parametrize(
    "text, word",
    [
        ("원동기가 오른쪽에서 왼쪽으로 차선 바꾸다가 직진하던 제 차랑 닿았어요", "원동기"),
        ("원동기장치자전거 운전자가 진로 변경 중 후행 직진하던 당사 차량과 접촉", "원동기"),
        ("바이크가 옆 차로에서 갑자기 끼어들어서 제 차 앞범퍼에 부딪혔어요", "바이크"),
        ("모터사이클이 차선을 바꾸다가 제 차 옆을 긁고 갔습니다", "모터사이클"),
    ],
)
def test_motorcycle_names_are_two_wheelers(text: str, word: str) -> None:
    f = extract_facts(text)
    p = _party(f, word)
    assert p.type == "two_wheeler"
    assert p.movement == "lane_change"


@pytest.mark.parametrize(
    "text",
    [
        "바이크 타고 직진하는데 옆 차가 갑자기 차선 바꿔서 넘어졌어요",
        "저는 바이크로 2차로 달리는 중이었고 택시가 제 차로로 차선 변경했어요",
    ],
)
def test_rider_writer_on_a_bike(text: str) -> None:
    f = extract_facts(text)
    assert _writer(f).type == "two_wheeler"
    assert any(p.movement == "lane_change" and p.type == "car" for p in f.parties)


@pytest.mark.parametrize(
    "text, word",
    [
        ("저는 초록불 보고 직진했고 배달 오토바이가 맞은편에서 좌회전하다가 부딪혔습니다", "배달 오토바이"),
        ("제가 좌회전하는데 퀵 오토바이가 반대편에서 직진해 왔어요", "퀵 오토바이"),
    ],
)
def test_delivery_word_is_the_motorcycles(text: str, word: str) -> None:
    f = extract_facts(text)
    assert _party(f, word).type == "two_wheeler"
    assert "배달" not in party_texts(text)[0] and "퀵" not in party_texts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "스쿠터 타고 2차로 직진하는데 1차로 승용차가 깜빡이 없이 들어와서 넘어졌어요",
        "오토바이로 3차로 가는 중에 옆 차선 SUV가 깜빡이도 안 켜고 넘어왔어요",
    ],
)
def test_blinkerless_cut_in_is_a_lane_change(text: str) -> None:
    f = extract_facts(text)
    assert _writer(f).type == "two_wheeler"
    car = next(p for p in f.parties if p.type == "car")
    assert car.movement == "lane_change"
    assert "차로" not in party_texts(text)[0].split("직진")[-1] if "직진" in text else True


def test_particle_less_lane_before_the_next_name_is_its_own() -> None:
    text = "제가 3차로 달리는데 2차로 택시가 갑자기 차선 바꿔서 들어왔어요"
    mine, theirs = party_texts(text)
    assert "2차로 택시" in theirs and "2차로" not in mine


@pytest.mark.parametrize(
    "text, before",
    [
        ("오토바이 타고 가는데 앞에 차가 갑자기 멈춰 섰어요", "앞에"),
        ("자전거 말고 오토바이 몰고 가는데 옆에 트럭이 붙어 왔어요", "옆에"),
    ],
)
def test_position_word_before_a_name_is_that_names(text: str, before: str) -> None:
    mine, theirs = party_texts(text)
    assert before in theirs and before not in mine


def test_time_after_is_not_a_position() -> None:
    text = "저는 빨간불 된 뒤에 트럭이 들어와서 부딪혔어요"
    mine, _ = party_texts(text)
    assert "뒤에" in mine


@pytest.mark.parametrize(
    "text, word",
    [
        ("정차했다가 출발한 화물차가 제 차 옆을 긁었습니다", "화물차"),
        ("제가 직진하는데 섰다가 다시 출발한 버스가 제 차선으로 들어왔어요", "버스"),
        ("저는 2차로로 가는데 멈췄다가 출발하던 트럭을 박았어요", "트럭"),
    ],
)
def test_stop_then_start_relative_clause_is_the_named_partys(text: str, word: str) -> None:
    f = extract_facts(text)
    assert _party(f, word).movement == "starting"
    assert _writer(f).movement != "starting"


def test_past_then_is_not_the_writers_going_on() -> None:
    # "직진하다가 | 좌회전하던 차": no past tense before 다가, the writer went straight
    f = extract_facts("직진하다가 좌회전하던 차랑 부딪혔어요")
    assert _writer(f).movement == "straight"


@pytest.mark.parametrize(
    "text, word",
    [
        ("빨간불인데 상대차가 비보호 좌회전을 하다가 직진하던 제 차랑 부딪혔어요", "상대"),
        ("신호가 빨간불이었는데 오토바이가 그냥 지나가다가 제 차를 받았어요", "오토바이"),
        ("적색이었는데도 택시가 교차로에 진입해서 제 차 옆을 받았습니다", "택시"),
    ],
)
def test_stop_colour_before_the_goer_is_the_goers(text: str, word: str) -> None:
    f = extract_facts(text)
    assert _party(f, word).signal == "red"
    assert _writer(f).signal != "red"


def test_stop_colour_before_a_rear_ender_stays_the_writers() -> None:
    f = extract_facts("빨간불인데 트럭이 뒤에서 박았어요")
    assert _party(f, "트럭").signal != "red"


@pytest.mark.parametrize(
    "text",
    [
        "제가 교차로 들어갈 때는 초록불이었어요. 건너는 중에 노란불로 바뀌었고 왼쪽에서 오토바이가 출발해서 부딪혔어요",
        "직진하는데 노란불로 바뀌어서 오른쪽에서 오토바이가 먼저 출발해서 부딪혔어요",
    ],
)
def test_light_change_during_the_writers_clause_is_the_writers(text: str) -> None:
    f = extract_facts(text)
    assert _writer(f).type == "car"
    assert _party(f, "오토바이").signal != "yellow"
    assert "바뀌" in party_texts(text)[0]


def test_light_change_opening_the_sentence_stays_the_goers() -> None:
    f = extract_facts("빨간불로 바뀌었는데 오토바이가 그냥 지나가다가 제 차를 받았어요")
    assert _party(f, "오토바이").signal == "red"


@pytest.mark.parametrize(
    "text, stopper",
    [
        ("배달 중에 앞에 택시가 급정거하는 바람에 뒤에서 박았어요", "택시"),
        ("오토바이 타고 가는데 앞에 차가 갑자기 서서 뒤에서 박았어", "B"),
        ("저는 스쿠터로 따라가고 있었고 트럭이 급브레이크 밟아서 결국 뒤에서 받았습니다", "트럭"),
    ],
)
def test_hit_from_behind_after_a_sudden_stop_is_the_others(text: str, stopper: str) -> None:
    f = extract_facts(text)
    front = _party(f, stopper)
    back = next(p for p in f.parties if p is not front)
    assert front.from_direction != "behind"
    assert back.from_direction == "behind"


def test_stopper_named_as_writer_keeps_the_truck_behind() -> None:
    f = extract_facts("제 차가 급정거했는데 뒤에서 트럭이 박았어요")
    assert _party(f, "트럭").from_direction == "behind"


@pytest.mark.parametrize(
    "text",
    [
        "배달 중이었는데 옆 차선 승용차가 갑자기 끼어들어서 넘어졌어요",
        "제가 배달 가다가 우회전하던 택시에 부딪혀서 넘어졌습니다",
        "배달하던 중에 골목에서 SUV가 튀어나와서 미끄러졌어요",
    ],
)
def test_delivery_writer_who_fell_rides_a_two_wheeler(text: str) -> None:
    assert _writer(extract_facts(text)).type == "two_wheeler"


def test_delivery_writer_without_a_fall_stays_a_car() -> None:
    assert _writer(extract_facts("배달 중인데 뒤에서 트럭이 박았어요")).type == "car"
