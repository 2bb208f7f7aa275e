"""Fact reading behind answerable descriptions that were declined (wt-dec2; the engine-level rows are in
tests/engine/test_decline_independent.py, a27–a40 and d26–d34): the writer hit as a bare pronoun, a
two-wheeler filtering between cars, a vehicle only overtaken, and a turn's direction before a degree word or
the -어버리다 auxiliary."""

from __future__ import annotations

import pytest

from katalog.facts.extract import extract_facts


def _parties(text: str) -> list[tuple[str, str | None]]:
    return [(p.type, p.movement) for p in extract_facts(text).parties]


@pytest.mark.parametrize("text", [
    "걸어가는데 차가 나 치고 그냥 감",
    "길 건너는데 차가 나 치고 그냥 감",
    "신호 없는 횡단보도 건너는데 트럭이 저 치고 도망갔어요",
])
def test_a_bare_pronoun_hit_is_a_walker(text: str) -> None:
    f = extract_facts(text)
    assert f.parties[0].type == "pedestrian", [(p.name, p.type) for p in f.parties]


@pytest.mark.parametrize("text", [
    "신호대기중인데 뒤차가 제 차 치고 감",  # 제 차: the writer's car
    "자전거 타고 가는데 차가 나 치고 감",  # the writer rides
])
def test_a_named_vehicle_of_the_writer_stays(text: str) -> None:
    assert extract_facts(text).parties[0].type != "pedestrian"


@pytest.mark.parametrize("text", [
    "오토바이가 차 사이로 빠져나가다가 내 사이드미러 치고감",
    "정체된 도로에서 오토바이가 차들 사이로 빠져나가다가 제 차 범퍼를 긁었어요",
    "배달 오토바이가 차선 사이로 빠져나가다 제 차 옆을 긁음",
])
def test_filtering_is_overtaking(text: str) -> None:
    assert ("two_wheeler", "overtaking") in _parties(text)


@pytest.mark.parametrize("text", [
    "오토바이가 차 사이로 빠져나가다 넘어졌어요",  # a fall, nobody hit
    "차 사이로 빠져나가는 오토바이 불법인가요?",
    "아이가 주차된 차 사이로 뛰어나와서 제 차에 부딪혔어요",  # a walker darting out
])
def test_no_filtering_without_a_collision_after_it(text: str) -> None:
    assert all(m != "overtaking" for _, m in _parties(text))


def test_a_vehicle_only_overtaken_is_no_party() -> None:
    f = extract_facts("중앙선 넘어서 앞차 추월하다가 맞은편에서 오던 차랑 정면충돌")
    assert f.parties[0].movement == "overtaking" and "중앙선침범" in f.parties[0].factors
    assert all(p.name != "앞차" for p in f.parties)


def test_a_vehicle_overtaken_and_named_again_is_the_counterpart() -> None:
    f = extract_facts("앞차를 추월하려고 중앙선 넘었는데 앞차가 갑자기 좌회전해서 부딪힘")
    assert [p.movement for p in f.parties] == ["overtaking", "left_turn"]


@pytest.mark.parametrize(("text", "turn"), [
    ("교차로 직진중인데 맞은편 차가 왼쪽으로 확 꺾어버렸어요", "left_turn"),
    ("제가 직진하는데 앞차가 갑자기 오른쪽으로 확 틀어버려서 박았어요", "right_turn"),
    ("사거리 직진하는데 왼쪽으로 튼 차가 제 차 앞을 막아서 부딪힘", "left_turn"),
    ("교차로에서 직진하는데 상대차가 왼쪽으로 홱 돌아버려서 부딪힘", "left_turn"),
])
def test_turns_with_a_degree_word_or_an_auxiliary(text: str, turn: str) -> None:
    assert [m for _, m in _parties(text)] == ["straight", turn]


def test_a_degree_word_over_the_centre_line() -> None:
    f = extract_facts("맞은편 차가 중앙선을 조금 물고 와서 제 차 사이드미러를 쳤어요")
    assert [("중앙선침범" in p.factors) for p in f.parties] == [False, True]
