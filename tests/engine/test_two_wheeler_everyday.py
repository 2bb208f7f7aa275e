"""Two-wheeler accidents in everyday words (issue 15, two-wheeler helper): a rider, a car driver or a third
person telling of lane filtering, the shoulder, a wrong-way scooter, turns at junctions, side-swipes and
rear-ends, passing on the right, a crosswalk ridden over, an alley, and a few bicycle cases. Sentences are our
own, written before reading the fold rows.

Where the engine answers a portal two-wheeler chart (3xx) whose situation is the expected 2023 chart's but
whose data names no `maps_to` (319 이륜차 비보호 좌회전 ↔ 차2-6, 348/349 ↔ 차13-1, 350/351 ↔ 차13-3, 337 ↔
차16-3, 369 ↔ 차45-1, 395 열린 문 ↔ 차52-1/차61-3), that portal chart is listed as acceptable too: which book
decides two-wheeler cases is an open decision (docs/reader.md, `model.book_of_rules`), not a wording."""

from __future__ import annotations

import pytest

from katalog.engine import assess
from katalog.evaluation import chart_matches
from katalog.facts import extract_facts
from katalog.matching.signatures import described_cues
from katalog.standard.loader import load_standard

# (text, acceptable charts, k): the answer (or, k=3, one of the first three) is one of them
CASES = [
    # filtering between cars / a congested road
    ("퇴근길에 차가 막혀서 오토바이로 차들 사이로 빠져나가는데 옆 차선 승용차가 갑자기 차선 바꾸면서 제 오토바이를 쳤어요.",
     ["차43-2", "차43-4"], 1),
    ("신호 없는 사거리에서 차들이 쭉 밀려 서 있었는데 배달 오토바이가 정체된 차들 오른쪽 틈으로 직진해 오다가, "
     "차들 사이로 좌회전하던 제 차랑 부딪혔습니다.", ["차61-1"], 1),
    ("차 막히는 길에서 제가 바이크 타고 정체된 차량 우측 좁은 공간으로 지나가는데 교차로에서 맞은편 차가 차 사이로 "
     "좌회전해 나와서 박았어요", ["차61-1"], 1),
    ("정체 구간에서 스쿠터가 1차로와 2차로 사이로 주행하다 차로를 변경하던 승용차 옆면을 들이받았다.", ["차43-2", "차43-4"], 3),
    # the shoulder
    ("제가 오토바이로 갓길로 달리는데 2차로에 있던 SUV가 깜빡이도 없이 갓길 쪽으로 붙으면서 부딪혔어요", ["차43-6"], 1),
    ("차가 밀려서 갓길로 가던 중에 승용차가 갓길로 진로를 바꾸다가 오토바이 탄 저를 쳤습니다", ["차43-6"], 1),
    # wrong way / over the centre line
    ("제 차선으로 역주행하던 스쿠터랑 정면으로 부딪혔어요. 저는 그냥 제 차로로 직진 중이었고요", ["차31-1"], 1),
    ("오토바이가 중앙선 넘어와서 제 차랑 정면충돌했습니다", ["차31-1"], 1),
    ("배달 오토바이가 반대 차선으로 역주행해서 오다가 직진하던 제 차 앞 범퍼를 들이받았어요", ["차31-1"], 1),
    ("제가 오토바이로 앞차들 추월하려고 중앙선 넘어서 달리다가 맞은편에서 오던 차랑 부딪혔어요", ["차31-1"], 3),
    # turns at signalled junctions
    ("교차로에서 제가 오토바이로 비보호 좌회전하는데 맞은편에서 초록불에 직진하던 차랑 부딪혔어요", ["차2-6", "319"], 1),
    ("초록불 보고 직진하는데 맞은편 오토바이가 비보호 좌회전하면서 제 앞으로 들어와서 박았습니다", ["차2-6", "319"], 1),
    ("좌회전 신호 받고 좌회전하던 중에 맞은편에서 빨간불인데 직진해 온 오토바이가 제 차를 받았어요", ["차2-1"], 1),
    ("녹색 신호에 직진하는 배달 오토바이를 제가 좌회전하다 못 보고 쳤어요. 좌회전 신호는 아니었어요", ["차2-2", "차2-6"], 3),
    # turns at junctions without lights, alleys
    ("신호등 없는 사거리에서 제가 직진하는데 맞은편에서 오던 오토바이가 좌회전하면서 제 차 옆을 받았어요", ["차15-1"], 1),
    ("신호 없는 교차로에서 오토바이 타고 직진하는데 맞은편 승용차가 갑자기 좌회전해서 부딪혔어요", ["차15-1"], 1),
    ("신호 없는 교차로에서 제가 스쿠터로 직진하는데 오른쪽 골목에서 나온 차가 우회전하다가 저랑 부딪혔어요",
     ["차13-1", "차13-3", "348", "349", "350", "351"], 1),
    ("골목에서 큰길로 우회전해서 나가는데 왼쪽에서 직진해 오던 오토바이랑 부딪혔어요", ["차13-3", "차13-1", "350", "351"], 1),
    ("골목길에서 오토바이가 튀어나와서 큰길로 직진하던 제 차 옆을 받았어요", ["차12-2", "차13-3", "차16-3"], 3),
    ("이면도로 사거리에서 제 차는 직진하고 있었는데 왼쪽 좁은 골목에서 오토바이가 그대로 직진해 나와서 부딪혔어요", ["차12-2"], 1),
    ("오토바이로 좁은 골목에서 큰 도로로 좌회전해서 나가다가 오른쪽에서 직진해 오던 차에 받혔어요", ["차16-3", "337"], 1),
    # 차14-1's layout with a two-wheeler: the 비정형 book's two-wheeler charts (the corpus also labels it 차14-1)
    ("신호등 없는 네거리에서 제가 스쿠터로 우회전하는데 오른쪽 길에서 곧장 달려오던 승용차랑 부딪혔어요", ["비정형-20"], 1),
    ("신호 없는 사거리에서 우회전하다가 오른쪽 도로에서 직진해 온 바이크를 제 차가 받았어요", ["비정형-21"], 3),
    ("이륜차가 신호기 없는 교차로에서 우회전하던 중 그 오른쪽 도로에서 직진해 오던 화물차와 충돌함", ["비정형-20"], 1),
    # same direction: lane changes, rear-ends
    ("2차로로 가는데 옆 차선 오토바이가 깜빡이 없이 제 앞으로 끼어들어서 제 차 앞범퍼에 박았어요", ["차43-2"], 1),
    ("스쿠터 타고 직진하고 있는데 앞에 가던 택시가 갑자기 차선 바꾸면서 저를 쳤어요", ["차43-2"], 1),
    ("신호 대기하다가 출발했는데 앞에 가던 오토바이가 갑자기 서서 제가 뒤에서 박았습니다", ["차41-1"], 1),
    ("오토바이 타고 가다가 앞차가 급정거해서 못 멈추고 뒤에서 박았어요", ["차41-1"], 1),
    # passing on the right / left of a turning car (same direction: the crossing layouts stay near)
    ("교차로에서 우회전하려고 속도 줄였는데 오른쪽으로 오토바이가 추월해 들어오다가 제 차랑 부딪혔어요",
     ["차45-2", "비정형-21"], 1),
    ("배달 오토바이가 차 오른쪽으로 앞질러 가려다가 우회전하던 제 차 앞을 긁었어요", ["차45-2", "비정형-21"], 1),
    ("제가 오토바이로 도로 오른쪽 끝으로 직진하는데 옆에 있던 차가 갑자기 우회전하면서 저를 쳤어요",
     ["차19-1", "차45-2", "비정형-21"], 3),
    ("오토바이가 2차로에서 갑자기 우회전하면서 3차로로 직진하던 제 차 앞을 가로질러 부딪혔어요",
     ["차19-1", "차11-4", "비정형-20"], 3),
    ("앞차가 좌회전하려고 속도를 줄이는데 제가 오토바이로 왼쪽으로 추월하다가 부딪혔어요. 중앙선은 노란 실선이었어요",
     ["차45-1", "369"], 1),
    # a crosswalk ridden over, doors
    ("오토바이 타고 횡단보도를 건너다가 직진하는 차에 치였어요. 보행자 신호는 빨간불이었어요", ["차53-1"], 1),
    ("원동기 타고 가는데 주차돼 있던 차 문이 갑자기 열려서 부딪혔어요", ["차52-1", "차61-3", "395"], 1),
    ("정차한 택시 오른쪽으로 오토바이로 지나가는데 택시 조수석 문이 벌컥 열려서 부딪혔어요", ["차61-3", "395"], 1),
    # bicycles (거 charts)
    ("자전거 타고 도로 오른쪽 끝으로 가는데 옆에 가던 차가 우회전하면서 저를 쳤어요", ["거10-1", "거10-2"], 1),
    ("신호 없는 교차로에서 자전거로 직진하는데 맞은편 차가 좌회전하다 저를 쳤어요", ["거8-1"], 1),
    ("자전거가 역주행으로 오다가 제 차랑 부딪혔어요", ["거21-1"], 1),
    ("골목에서 자전거가 갑자기 튀어나와 큰길 직진하던 제 차에 부딪혔어요", ["거6-4", "거6-3"], 3),
    # a rider waiting at a red and hit from behind is the front car of a rear-end (a known gap until the
    # waiting-in-lane reading of session 17; 391, the portal 추돌 chart, maps to 차41-1)
    ("빨간불에 오토바이 세우고 기다리는데 뒤에서 승용차가 그대로 와서 들이받았어요", ["차41-1"], 1),
    # the known gap of session 17: the bare 차 the writer handles ("차 세우려고") is the writer's car, not the
    # motorcycle (tests/engine/test_party_words.py), and the portal series no longer answers undated text
    ("우측 갓길에 차 세우려고 핸들 꺾었는데 뒤에서 갓길로 달려오던 오토바이가 제 차 조수석 쪽을 박았어요", ["차43-6"], 1),
]


def _proposed(text: str) -> list[str]:
    a = assess(text)
    return ([a.chart_id] if a.chart_id else []) + [c.chart_id for c in a.candidates if c.chart_id != a.chart_id]


@pytest.mark.parametrize(("text", "expected", "k"), CASES)
def test_everyday_two_wheeler_answer(text: str, expected: list[str], k: int) -> None:
    std = load_standard()
    got = _proposed(text)
    assert any(chart_matches(c, expected, std) for c in got[:k]), (got[:3], expected)


# ---- the facts behind the answers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "오토바이가 중앙선 넘어와서 제 차랑 정면충돌했습니다",
        "배달 오토바이가 반대 차선으로 역주행해서 오다가 직진하던 제 차를 받았어요",
        "스쿠터가 맞은편 차로에서 역주행으로 달려와 제 차랑 정면으로 부딪혔어요",
    ],
)
def test_a_centre_line_crossing_tells_both_wrong_way_cues(text: str) -> None:
    assert {"중앙선", "역주행"} <= described_cues(text, extract_facts(text))


@pytest.mark.parametrize(
    "text",
    ["오토바이가 중앙선 넘어 유턴하다가 제 차랑 부딪혔어요", "맞은편 오토바이가 중앙선 넘어 좌회전하다가 직진하던 제 차를 받았어요"],
)
def test_a_turn_over_the_centre_line_is_no_wrong_way(text: str) -> None:
    assert "역주행" not in described_cues(text, extract_facts(text))


@pytest.mark.parametrize(
    ("text", "mover"),
    [
        ("SUV가 깜빡이도 없이 갓길 쪽으로 붙으면서 제 오토바이를 쳤어요", "SUV"),
        ("택시가 손님 내려주려고 갓길로 확 붙다가 옆에서 달리던 제 스쿠터를 쳤어요", "택시"),
        ("승용차가 갓길에 세우려고 핸들을 틀다가 오른쪽에서 오던 제 오토바이를 쳤어요", "승용차"),
    ],
)
def test_moving_onto_the_shoulder_is_a_lane_change(text: str, mover: str) -> None:
    f = extract_facts(text)
    assert next(p for p in f.parties if mover in p.name).movement == "lane_change"


@pytest.mark.parametrize(
    ("text", "who", "movement"),
    [
        ("오토바이가 갓길로 달려오다가 제 차를 박았어요", "오토바이", "straight"),
        # the right-turner's preparation (도로교통법 제25조: 미리 우측 가장자리를 서행), not a lane change
        ("우회전하려고 미리 오른쪽 가장자리로 바짝 붙었는데 뒤에서 오토바이가 박았어요", "A", "right_turn"),
    ],
)
def test_riding_along_the_shoulder_or_the_edge_is_no_lane_change(text: str, who: str, movement: str) -> None:
    f = extract_facts(text)
    assert next(p for p in f.parties if who in p.name).movement == movement


@pytest.mark.parametrize(
    "text",
    [
        "자전거로 역주행하던 저를 마주 오던 오토바이가 박았어요",
        "맞은편 구급차가 사이렌 켜고 중앙선 넘어 제 차로로 달려오다 부딪혔어요",
    ],
)
def test_no_wrong_way_pair_for_a_bicycle_or_an_emergency_vehicle(text: str) -> None:
    f = extract_facts(text)
    assert not {"중앙선", "역주행"} <= described_cues(text, f)


@pytest.mark.parametrize(
    "text",
    ["빨간불에 오토바이 세우고 기다리는데 뒤에서 승용차가 그대로 와서 들이받았어요",
     "신호 기다리던 제 오토바이를 트럭이 뒤에서 박았어요"],
)
def test_waiting_in_the_lane_is_the_front_car_of_a_rear_end(text: str) -> None:
    """Standing to wait ("세우고 기다리는데", "신호 기다리던") and hit from behind: the rider has just stopped in
    the traffic flow, 차41-1's front car ("앞차량 정지 직후 포함"), read as going straight, not parked."""
    f = extract_facts(text)
    assert next(p for p in f.parties if "오토바이" in p.name).movement == "straight"


@pytest.mark.parametrize(
    ("text", "ptype", "other"),
    [
        ("승용차가 갑자기 차선을 바꾸다가 오토바이 탄 저를 쳤어요", "two_wheeler", "승용차"),
        ("택시가 우회전하면서 스쿠터를 탄 저를 쳤어요", "two_wheeler", "택시"),
        ("자전거 타던 저를 트럭이 뒤에서 받았어요", "bicycle", "트럭"),
    ],
)
def test_the_vehicle_ridden_before_a_pronoun_is_the_writers(text: str, ptype: str, other: str) -> None:
    f = extract_facts(text)
    assert len(f.parties) == 2
    them = next(p for p in f.parties if other in p.name)
    me = next(p for p in f.parties if p is not them)
    assert me.type == ptype and them.type != ptype
