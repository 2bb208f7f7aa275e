"""A third independent check of the same-direction family (차41–47): sentences written for this file (wt-sd4)
from the chart texts in data/standard before any fold row was read, in first person, adjuster notes, terse
notes, chat and typos. Families:

- Q: a sudden lane change of a MOVING car ("갑자기 차로를 바꾸는 바람에", "칼치기", "급차선변경") is 차43-2 (A the
  straight car behind, 30); only a car that waited in a queue or a turning line (줄, 대기, 정체, 막혀서 서 있던)
  and came out of it is 차43-4 (A the queued changer, 100);
- R: a rear-end with loosely named parties (앞차, 그 차, 버스, 뒤 화물차, the writer) is 차41-1, A the rear car;
- L: a lane change with loosely named parties (옆차, 그 차, 버스, 트럭, the writer), A the straight car behind;
- F: in one lane, the car behind changing first ("제가 먼저 … 앞차도 뒤늦게") is 차43-5's A (40);
- O: an overtaking that ends in front: on an ordinary multi-lane road 차43-2, in a tunnel / on a bridge 차45-3,
  over a white solid line 차45-6;
- S: both moving into one lane (차43-3, 50).

Each row: id, acceptable charts, the A party (a regex over the name the engine maps to A; ME = the writer, OTHER =
anyone but the writer, None = either), A's base, text.

MEASURED_BEFORE / after: see the dicts below.
"""

from __future__ import annotations

import pytest

from .conftest import Answer, answer_rows, base_right, row_params, top1_right

ME = r"^(저|제|내|나|본인|당사|우리)"
OTHER = r"^(?!(저|제|내|나|본인|당사|우리))"

QUEUE = [
    ('q01', ['차43-2'], ME, 30, '앞에 가던 SUV가 갑자기 차로를 바꾸는 바람에 브레이크 밟았는데도 그 차 옆구리를 받았어요'),
    ('q02', ['차43-2'], ME, 30, '옆차선 승용차가 깜빡이도 안 켜고 갑자기 제 차선으로 훅 들어와서 못 피하고 박았습니다'),
    ('q03', ['차43-2'], ME, 30, '트럭이 칼치기하는 바람에 제 차 앞범퍼가 트럭 뒷바퀴 쪽에 닿았어요'),
    ('q04', ['차43-2'], ME, 30, '고속도로 2차로 주행중 1차로 차량이 급차선변경으로 제 앞에 끼어들어 추돌'),
    ('q05', ['차43-2'], ME, 30, '시속 80으로 달리는데 옆 차로 택시가 급하게 차선 바꾸면서 제 차 앞으로 들어와 부딪쳤어요'),
    ('q06', ['차43-2'], ME, 30, '상대방이 갑자기 진로변경해서 제가 급브레이크 밟았지만 충돌했어요'),
    ('q07', ['차43-4'], OTHER, 100, '좌회전 차로에 줄 서 있던 차가 갑자기 직진 차로로 나오면서 직진하던 제 차 옆을 박았어요'),
    ('q08', ['차43-4'], OTHER, 100, '차가 막혀서 서 있던 옆 차로 차가 갑자기 제 차로로 머리를 들이밀어서 지나가던 제 차 옆면이랑 부딪혔어요'),
    ('q09', ['차43-4'], ME, 100, '정체된 1차로에서 기다리다가 답답해서 2차로로 급하게 빠졌는데 2차로로 오던 차 옆을 제가 받았어요'),
    ('q10', ['차43-4'], OTHER, 100, '우회전 대기줄에 있던 택시가 갑자기 옆 차로로 튀어나와서 제 차 옆을 쳤어요'),
    ('q11', ['차43-2'], ME, 30, '차가 잘 빠지는 도로에서 옆 차가 급차선 변경을 해서 제 차랑 부딪혔어요'),
    ('q12', ['차43-2'], ME, 30, '제 앞으로 끼어들기 당해서 그 차 뒤를 박았어요'),
    ('q13', ['차43-4'], OTHER, 100, '꽉 막힌 좌회전 차선에서 기다리던 승합차가 직진 차선으로 갑자기 끼어들다 직진하던 제 차 옆을 받았습니다'),
]

REAR = [
    ('r01', ['차41-1'], ME, 100, '앞차가 갑자기 서는 바람에 제가 앞차 뒤를 박았어요'),
    ('r02', ['차41-1'], OTHER, 100, '시내버스가 제 차 뒤를 들이받았어요. 저는 천천히 가고 있었고요'),
    ('r03', ['차41-1'], ME, 100, '출근길에 졸다가 앞에 가던 트럭 뒤를 박았습니다 ㅠ'),
    ('r04', ['차41-1'], OTHER, 100, '신호 바뀌어서 출발했는데 뒤에서 따라오던 차가 제 차 뒷범퍼를 받았어요'),
    ('r05', ['차41-1'], '후행', 100, '선행차량 감속 중 후행차량이 안전거리 미확보로 추돌'),
    ('r06', ['차41-1'], ME, 100, '그 차가 브레이크 밟길래 저도 밟았는데 늦어서 그 차 뒤를 쿵 했어요'),
    ('r07', ['차41-1'], OTHER, 100, '고속도로 정체 구간에서 서행하다 멈췄는데 뒤 화물차가 못 서고 추돌함'),
    ('r08', ['차41-1'], '뒤차', 100, '앞차 정차 직후 뒤차가 들이받음'),
]

LANE = [
    ('l01', ['차43-2'], OTHER, 30, '제가 옆 차로로 차선 바꾸다가 그 차로 뒤에서 오던 버스랑 부딪혔어요'),
    ('l02', ['차43-2'], ME, 30, '옆 차로 버스가 제 차로로 차선 변경하다가 제 차 조수석 쪽을 긁었어요'),
    ('l03', ['차43-2'], OTHER, 30, '우측 깜빡이 켜고 들어가는데 옆차가 속도를 올려서 제 차 뒤쪽을 받았어요'),
    ('l04', ['차43-2'], ME, 30, '진로변경 차량(상대)과 직진 차량(당사) 측면 접촉'),
    ('l05', ['차43-2'], ME, 30, '그 차가 왼쪽 깜빡이 켜더니 바로 넘어와서 제 차 오른쪽 앞문을 찍었어요'),
    ('l06', ['차43-2'], OTHER, 30, '내가 2차로에서 1차로로 넘어가는데 1차로로 오던 그랜저가 내 차 뒤를 박음'),
    ('l07', ['차43-2'], ME, 30, '옆차가 깜빡이 없이 차선 변경, 본인 차량 운전석 쪽 충격'),
    ('l08', ['차43-2'], OTHER, 30, '트럭 앞으로 차로 바꿨는데 트럭이 제 차 뒤를 받았어요'),
    ('l09', ['차43-2'], ME, 30, '깜빡이도 안 켜고 들어온 택시 땜에 사고났어요. 저는 제 차로로 직진만 했어요'),
    ('l10', ['차43-2'], ME, 30, '1차로 직진 중인데 옆 차선에서 방향지시등 없이 진로변경한 SUV와 충돌'),
    ('l11', ['차43-2'], OTHER, 30, '나 차선 바꾸다 옆에서 오던 차랑 쿵함ㅠ 깜빡이는 켰는데'),
    ('l12', ['차43-2'], ME, 30, '옆 차로에서 나란히 가던 승용차가 제 차로로 넘어오다가 제 차 왼쪽을 긁고 갔어요'),
]

FIRST = [
    ('f01', ['차43-5'], ME, 40, '같은 차로에서 앞차 따라가다가 제가 먼저 오른쪽 깜빡이 켜고 빠지는데 앞차도 나중에 오른쪽으로 들어와서 부딪혔어요'),
    ('f02', ['차43-5'], '후행', 40, '동일 차로 후행차량이 먼저 좌측 진로변경 개시, 선행차량이 뒤늦게 같은 방향으로 진로변경하여 충돌'),
    ('f03', ['차43-5'], OTHER, 40, '제가 앞에 가다가 왼쪽으로 차선 바꿨는데 뒤에 있던 차가 이미 먼저 왼쪽으로 나와 있어서 부딪혔어요'),
    ('f04', ['차43-5'], ME, 40, '한 차로에서 제가 뒤였는데 먼저 옆 차로로 나갔고 앞차가 늦게 따라 나오다가 제 차 앞쪽을 쳤어요'),
]

OVERTAKE = [
    ('o01', ['차43-2'], ME, 30, '옆 차로로 저를 앞질러 간 차가 다시 제 앞으로 들어오다 제 차 범퍼를 긁었어요'),
    ('o02', ['차45-3'], ME, 0, '터널 안에서 뒤차가 저를 추월해서 제 앞으로 들어오다 부딪혔어요'),
    ('o03', ['차45-6'], ME, 100, '백색 실선 구간에서 제가 앞차를 추월해서 다시 그 차 앞으로 들어가다가 부딪혔습니다'),
    ('o04', ['차43-2'], ME, 30, '뒤에서 따라오던 SUV가 옆 차로로 나가 저를 제치고 바로 앞으로 끼어들다 제 차랑 충돌'),
    ('o05', ['차45-3'], ME, 0, '교량 위 추월금지 구간에서 뒤차가 저를 앞질러 제 앞으로 들어오다 충돌했습니다'),
]

BOTH = [
    ('s01', ['차43-3'], None, 50, '저는 1차로에서, 상대는 3차로에서 둘 다 2차로로 들어가다 부딪혔어요'),
    ('s02', ['차43-3'], None, 50, '양쪽 차로에서 동시에 가운데 차로로 진로변경하다 충돌'),
    ('s03', ['차43-3'], None, 50, '내가 오른쪽에서 가운데 차로로 들어가고 왼쪽 차도 동시에 가운데로 들어와서 부딪힘'),
]

ROWS = QUEUE + REAR + LANE + FIRST + OVERTAKE + BOTH

#: measured before the fixes (main dd65f1b, shipped reader fused; an abstention is a miss), per family:
#: (hit@1, chart and A's base right, rows)
MEASURED_BEFORE: dict[str, tuple[int, int, int]] = {
    "q": (10, 9, 13),  # q03, q06: 차43-4 for a moving car's sudden change (the cue 급차로변경); q12 declined
    "r": (7, 5, 8),  # r02/r07: the car hit on its back made A ("시내버스가 제 차 뒤를", "추돌함"); r06 declined
    "l": (11, 9, 12),  # l03/l08: the writer's lane change unread or lent to the car named first; l05 declined
    "f": (2, 2, 4),  # f03/f04: the rear car's first change unread ("이미 먼저 왼쪽으로 나와")
    "o": (4, 4, 5),  # o04: 차43-5 for an overtaking ending in front
    "s": (2, 2, 3),  # s01: one of "둘 다 2차로로 들어가다" read
}
#: all 45 before: hit@1 36, chart and A's base 31. After (wt-sd4, the shipped reader not retrained): 41 and 40.
#: Rules-only dev sets unchanged (committee 0.963 / 0.817 / 0.704 / 0.922, queries 0.844, q2 0.950, structured
#: 0.923). Out of fold (tools/train_reader.py --no-write, 2,906 fold rows): clogit as answered 0.8933 (main 0.8926),
#: rules alone 0.8510 (0.8503); 차-same-direction 0.9167 (0.9167); gained EV-BO-0027, EV-CR-0543, EV-GE-0428,
#: EV-NT-0131; lost EV-CI-0051 and EV-CR-0053, whose facts and rule ranking are main's (the refit reader's noise).
MEASURED_AFTER: dict[str, tuple[int, int, int]] = {
    "q": (13, 12, 13), "r": (8, 8, 8), "l": (11, 11, 12), "f": (3, 3, 4), "o": (4, 4, 5), "s": (2, 2, 3),
}

#: still wrong at top-1, with why
STILL_WRONG: dict[str, str] = {
    "l03": "차41-1 for 차43-2: '우측 깜빡이 켜고 들어가는데' is not read as the writer's lane change (a blinker "
           "and 들어가 is also a turn into a side road), so the back hit ('제 차 뒤쪽을 받았어요') reads a rear-end",
    "o04": "차43-5 for 차43-2: '옆 차로로 나가 저를 제치고 바로 앞으로 끼어들다' — the overtaking told by 제치고 (no "
           "추월) is a lane change of the car behind, which 차43-5 fits as well as 차43-2",
    "s01": "차43-2 for 차43-3: '둘 다 2차로로 들어가다' gives the move to one party only",
}
#: hit (top-1) but A or A's base is wrong, with why
BASE_WRONG: dict[str, str] = {
    "q01": "right chart and base (30 to the rear car), but the writer left unnamed is called '차량', no writer word",
}


@pytest.fixture(scope="module")
def answers() -> dict[str, Answer]:
    """rid → (top chart or None, top 3, A party, B party, A's base) of every row, assessed once."""
    return answer_rows(ROWS)


def test_rows_are_distinct(std):
    assert len(ROWS) >= 40 and len({r[0] for r in ROWS}) == len(ROWS) and len({r[4] for r in ROWS}) == len(ROWS)
    ids = {r[0] for r in ROWS}
    assert set(STILL_WRONG) <= ids and set(BASE_WRONG) <= ids
    for r in ROWS:  # A's base is the chart's
        assert std.get(r[1][0]).variants[0].base.A == r[3], r


@pytest.mark.parametrize("row", row_params(ROWS, STILL_WRONG))
def test_top1(std, answers, row):
    assert top1_right(std, row, answers[row[0]]), (row[0], row[1], answers[row[0]])


@pytest.mark.parametrize("row", row_params(ROWS, {**STILL_WRONG, **BASE_WRONG}))
def test_base(answers, row):
    assert base_right(row, answers[row[0]]), (row[0], answers[row[0]])


# ---- the families fixed on this branch, at the level they were fixed -------------------------------------

def _facts(text: str):
    from katalog.facts import extract_facts
    return extract_facts(text)


@pytest.mark.parametrize(
    ("text", "sudden"),
    [
        ("옆 차가 갑자기 차로를 바꾸는 바람에 못 피하고 박았어요", False),  # a moving car: 차43-2's modifier
        ("버스가 칼치기해서 제 차 앞이 긁혔습니다", False),
        ("정체 중에 갑자기 끼어든 차와 부딪혔습니다", True),  # a queue told: 차43-4's cue
        ("좌회전 대기줄에 서 있던 차가 갑자기 직진 차로로 끼어들었어요", True),
    ],
)
def test_a_sudden_change_calls_the_queue_chart_only_out_of_a_queue(text, sudden):
    from katalog.matching.signatures import described_cues
    assert ("급차로변경" in described_cues(text, _facts(text))) is sudden


@pytest.mark.parametrize(
    ("text", "front", "behind"),
    [
        ("택시가 제 차 뒤를 들이받았어요", "제 차", "택시"),
        ("출근길에 졸다가 앞에 가던 화물차 뒤를 박았어요", "화물차", None),
        ("뒤에 오던 버스가 우리 차 뒤범퍼를 쾅 받았습니다", "우리 차", "버스"),
    ],
)
def test_the_car_hit_on_its_back_is_in_front(text, front, behind):
    ps = {p.name: p.from_direction for p in _facts(text).parties}
    assert ps.get(front) == "front", ps
    assert behind is None or ps.get(behind) == "behind", ps


def test_a_back_hit_suffered_keeps_no_order():
    ps = [p.from_direction for p in _facts("주차장 나오다가 제 차 뒤를 박혔어요 ㅠ 상대 차가 빠르게 오더라고요").parties]
    assert "front" not in ps or "behind" in ps  # "뒤를 박혔어요": the writer was hit, not the hitter


@pytest.mark.parametrize(
    ("text", "mover"),
    [
        ("버스 앞으로 차선 바꿨는데 버스가 제 차 뒤를 받았어요", "제 차"),  # the writer unsaid moves
        ("끼어들기를 당해서 어쩔 수 없이 그 SUV 뒤를 받았습니다", "SUV"),  # a suffered cut-in: the one named next
        ("그 차가 오른쪽 깜빡이 켜더니 바로 넘어와서 제 차를 긁었어요", None),  # the blinker, then coming over
    ],
)
def test_who_changed_lanes(text, mover):
    ps = _facts(text).parties
    movers = [p.name for p in ps if p.movement == "lane_change"]
    assert len(movers) == 1, [(p.name, p.movement) for p in ps]
    assert mover is None or mover in movers[0], movers
