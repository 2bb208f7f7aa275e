"""Stopped in the lane vs parked at the edge, and its neighbours (wt-stop): sentences written for this file from the
chart texts in data/standard before any fold row was read, in first person, adjuster notes, terse notes, chat and
typos. Families:

- S: a car stopped in its lane (a light, a queue, "가만히 서 있었는데", "정차 중") hit from behind is 차41-1's front
  car ("앞차량 정지 직후 포함"), not 차42-2's car parked at the road's edge;
- P: a car parked or stopped at the edge (갓길, 가장자리, 길가, 도로변, 주차) stays 차42-2 (차42-3 on a motorway's
  shoulder, 차42-1 stranded after an accident);
- H: moving off the shoulder back into the lane is 차43-2's lane change, moving onto the shoulder 차43-6's;
- X: an exit on an ordinary road or motorway ("출구로 빠지려고", "나들목으로 나가려고") is no roundabout exit;
- R: a relative clause before a later noun is that noun's ("후진하던 차가 … 앞으로 빼서 나가던 제 차를"; not fixed);
- U: a suffered act with no writer named ("끼어들기 당해서 … 그 차 뒤를 박았어요", "후방추돌 당함").

Each row: id, acceptable charts, the A party (a regex over the name the engine maps to A; ME = the writer, OTHER =
anyone but the writer), A's base (None where the text does not tell the variant), text.

Measured before the fixes (main dd65f1b, shipped reader fused; an abstention is a miss): see MEASURED_BEFORE,
hit@1 30/46, base exact 27/46. After: hit@1 41/46, base exact 40/46 (STILL_WRONG, BASE_WRONG say why); merged with
wt-sd4: h02 right too (42/46).
"""

from __future__ import annotations

import pytest

from .conftest import Answer, answer_rows, base_right, row_params, top1_right

ME = r"^(저|제|내|나|본인|당사|우리)"
OTHER = r"^(?!(저|제|내|나|본인|당사|우리))"

STOPPED = [
    ('s01', ['차41-1'], '승용차', 100, '신호대기로 서 있었는데 뒤에서 승용차가 박았어요'),
    ('s02', ['차41-1'], OTHER, 100, '차가 막혀서 서 있는데 뒤차가 들이받음'),
    ('s03', ['차41-1'], 'SUV', 100, '정체 구간에서 멈춰 있었는데 뒤에서 오던 SUV가 제 차 뒤를 쳤어요'),
    ('s04', ['차41-1'], '택시', 100, '빨간불이라 정지해 있었는데 택시가 뒤에서 추돌했습니다'),
    ('s05', ['차41-1'], '버스', 100, '그냥 가만히 서있는데 뒤에서 버스가 쾅 박았어요'),
    ('s06', ['차41-1'], OTHER, 100, '정차 중 후방 추돌 당함'),
    ('s07', ['차41-1'], '트럭', 100, '멈춰있는 제 차를 뒤따르던 트럭이 받았습니다'),
    ('s08', ['차41-1'], OTHER, 100, '앞차 때문에 서있다가 뒤차한테 받혔어요'),
    ('s09', ['차41-1'], '뒤차', 100, '횡단보도 앞에서 사람 지나가길 기다리며 정차해 있었는데 뒤차가 박음'),
    ('s10', ['차41-1'], '승합차', 100, '브레이크 밟고 서 있는데 뒤에서 승합차가 들이받았어요'),
    ('s11', ['차41-1'], '후행', 100, '당사 차량 정차중 후행 차량이 추돌함'),
    ('s12', ['차41-1'], OTHER, 100, '잠깐 멈춰 서 있었는데 뒤에 오던 차가 제 차 뒤범퍼를 받음'),
    ('s13', ['차41-1'], OTHER, 100, '서있는데 뒤에서 박음 ㅠㅠ 어케해요'),
    ('s14', ['차41-1'], '화물차', 100, '앞에 차들이 서 있어서 저도 정지해 있는데 화물차가 뒤를 받았어요'),
]

PARKED = [
    ('p01', ['차42-2'], ME, 0, '갓길에 잠깐 세워뒀는데 뒤에서 오던 차가 제 차를 박았어요'),
    ('p02', ['차42-2'], ME, 0, '도로 가장자리에 주차해둔 제 차를 트럭이 뒤에서 받았어요'),
    ('p03', ['차42-2'], None, 0, '길가에 차 대놓고 있었는데 뒤에서 오던 택시가 들이받음'),
    ('p04', ['차42-2'], None, 0, '비상등 켜고 갓길에 정차해 있었는데 뒤차가 추돌'),
    ('p05', ['차42-2'], ME, 0, '도로변에 정차 중이었는데 뒤에서 오던 승용차가 제 차를 박았습니다'),
    ('p06', ['차42-3'], '트럭', 100, '고속도로 갓길에 차 세워두고 있었는데 뒤에서 트럭이 박았다'),
    ('p07', ['차42-1'], 'SUV', 80, '앞에서 사고가 나서 차로에 멈춰 있던 제 차를 뒤에서 오던 SUV가 박았어요'),
]

SHOULDER = [
    ('h01', ['차43-2'], OTHER, 30, '갓길에 세워둔 차를 빼서 다시 차로로 들어가다가 뒤에서 오던 차랑 부딪혔어요'),
    ('h02', ['차43-2'], ME, 30, '갓길에 서 있던 승합차가 갑자기 차로로 끼어들어서 직진하던 제 차를 긁었습니다'),
    ('h03', ['차43-2'], OTHER, 30, '갓길에 차 대고 있다가 다시 도로로 나가는데 2차로로 오던 차가 제 차 뒤쪽을 박았어요'),
    ('h04', ['차43-6'], ME, 60, '정체가 심해서 갓길로 빠지다가 갓길로 달려오던 오토바이랑 부딪힘'),
    ('h05', ['차43-6'], ME, 60, '갓길로 차로 변경하는데 갓길을 달리던 차가 제 차를 박았습니다'),
    ('h06', ['차43-6'], OTHER, 60, '갓길로 주행하던 제 차 앞으로 2차로 차가 갑자기 갓길로 들어왔어요'),
]

EXITS = [
    ('x01', ['차43-2'], OTHER, 30, '출구로 빠지려고 오른쪽 차로로 옮기다가 그 차로로 오던 승용차랑 부딪혔어요'),
    ('x02', ['차43-2'], '트럭', 30, '나들목으로 나가려고 차선 바꾸다가 옆 차로 트럭이랑 접촉'),
    ('x03', ['차43-2'], OTHER, 30, 'IC 출구 쪽으로 빠지려고 우측 차로로 차선 변경하는데 뒤에서 오던 차가 제 차를 받았어요'),
    ('x04', ['차43-2'], OTHER, 30, '고속도로 출구 나가려고 3차로로 진로 변경하다가 3차로 직진 차량과 충돌함'),
    ('x05', ['차43-2'], 'SUV', 30, '톨게이트 빠져나가려고 오른쪽으로 차선 옮기는데 옆 차로 SUV랑 부딪혔어요'),
    ('x06', ['차54-4'], ME, 60, '회전교차로 1차로에서 돌다가 출구로 나가려고 2차로로 옮기는데 2차로에서 돌던 차랑 부딪혔어요'),
    ('x07', ['차54-3'], ME, 30, '2차로형 회전교차로 안쪽 차로에서 돌다가 진출하려고 바깥으로 나가는데 진입하던 차랑 부딪혔어요'),
]

RELATIVE = [
    ('r01', ['비정형-19'], OTHER, 40, '후진하던 차가 주차칸에서 앞으로 빼서 나가던 제 차를 박았어요'),
    ('r02', ['비정형-19'], OTHER, 40, '마트 주차장에서 뒤로 빼던 승용차가 주차면에서 앞으로 나와서 통로로 가던 제 차를 박음'),
    ('r03', ['차43-2'], ME, 30, '차선 바꾸던 택시가 2차로로 직진하던 제 차를 박았어요'),
    ('r04', ['차41-1'], '버스', 100, '뒤에서 오던 버스가 신호대기로 서 있던 제 차를 들이받았습니다'),
    ('r05', ['차43-2'], ME, 30, '옆 차로에서 넘어오던 SUV가 제 차로에서 그냥 가던 제 차를 긁었어요'),
]

SUFFERED = [
    ('u01', ['차43-2'], ME, 30, '끼어들기 당해서 브레이크 밟았는데 못 서고 그 차 뒤를 박았어요'),
    ('u02', ['차43-2'], ME, 30, '칼치기 당해서 급브레이크 밟았는데 결국 그 차 뒤를 박음'),
    ('u03', ['차41-1'], OTHER, 100, '신호대기중 후방추돌 당했습니다'),
    ('u04', ['차41-1'], OTHER, 100, '뒤에서 받혔어요. 차 막혀서 서 있었음'),
    ('u05', ['차41-1'], OTHER, 100, '정차중에 뒤에서 추돌 당했어요'),
    ('u06', ['차43-2'], ME, 30, '옆차가 차선 변경하면서 밀고 들어와서 당했어요, 저는 직진 중이었고요'),
    ('u07', ['차42-2'], None, 0, '길가에 주차해 둔 차가 뒤에서 받혔어요'),
]

ROWS = STOPPED + PARKED + SHOULDER + EXITS + RELATIVE + SUFFERED

#: measured before the fixes (main dd65f1b, reader fused), per family: (hit@1, base exact, rows)
MEASURED_BEFORE: dict[str, tuple[int, int, int]] = {
    "s": (7, 5, 14),  # a stop with no light or queue told (서 있는데, 정차 중, 멈춰있는) reads as parked: 차42-2
    "p": (7, 7, 7),  # already right
    "h": (3, 2, 6),  # back off the shoulder read as onto it (차43-6); "갓길로 들어왔어요" is no lane change
    "x": (6, 6, 7),  # x01: "출구로 빠지려고" on a road fuses to 차54-3 (the roundabout 진출 cue)
    "r": (2, 2, 5),  # r01/r02: the object's relative clause goes to the subject; r04 the bus "신호대기로 서"
    "u": (5, 5, 7),  # u01 "끼어들기 당해서" goes to the writer; u05 "정차중에" reads as parked
}
#: all 46 before: hit@1 30 (0.652), base exact 27 (0.587). After this branch: hit@1 41, base exact 40.

#: still wrong at top-1, with why
STILL_WRONG: dict[str, str] = {
    # h02 is right since the merge with wt-sd4 (the cue 급차로변경 calls 차43-4 only where a queue is told)
    "r01": "차51-1 for 비정형-19: after a subject, the stretch up to the object's relative verb ('주차칸에서 앞으로 "
           "빼서') is read as the subject's; a rule giving all of it to the object broke queue lane changers "
           "('서 있던 트럭이 직진 차로로 튀어나와서 지나가던 제 차를', tests/facts) and was taken back",
    "r02": "차51-1 for 비정형-19: the same relative clause ('주차면에서 앞으로 나와서 통로로 가던 제 차를') read as the "
           "subject's; '뒤로 빼던' now reverses",
    "r04": "차42-2 for 차41-1: '신호대기로 서' after '뒤에서 오던 버스가' is read as the bus's, so two parties stand and "
           "the in-lane default (one stopped party) does not apply",
    "u01": "차41-1 for 차43-2: the facts read the suffered cut-in (A straight, B lane_change), but '그 차 뒤를 "
           "박았어요' makes a rear_end collision and retrieval favours 차41-1 (rules alone too)",
}
#: hit (top-1) but A or A's base is wrong, with why
BASE_WRONG: dict[str, str] = {
    "s08": "'앞차 때문에 서있다가': the car ahead named as the reason of the stop is read as a party (the front car)",
}


@pytest.fixture(scope="module")
def answers() -> dict[str, Answer]:
    """rid → (top chart or None, top 3, A party, B party, A's base) of every row, assessed once."""
    return answer_rows(ROWS)


def test_rows_are_distinct():
    assert len(ROWS) >= 40 and len({r[0] for r in ROWS}) == len(ROWS) and len({r[4] for r in ROWS}) == len(ROWS)
    ids = {r[0] for r in ROWS}
    assert set(STILL_WRONG) <= ids and set(BASE_WRONG) <= ids


@pytest.mark.parametrize("row", row_params(ROWS, STILL_WRONG))
def test_top1(std, answers, row):
    assert top1_right(std, row, answers[row[0]]), (row[0], row[1], answers[row[0]])


@pytest.mark.parametrize("row", row_params([r for r in ROWS if r[3] is not None and r[0] not in STILL_WRONG],
                                      BASE_WRONG))
def test_base(answers, row):
    assert base_right(row, answers[row[0]]), (row[0], answers[row[0]])


# ---- the readings fixed on this branch, at the level they were fixed ----------------------------------------

def _moves(text: str) -> list[tuple[str, str | None]]:
    from katalog.facts import extract_facts
    return [(p.name, p.movement) for p in extract_facts(text).parties]


@pytest.mark.parametrize(
    ("text", "front", "move"),
    [
        ("가만히 서 있었는데 뒤에서 트럭이 박았어요", "A", "straight"),  # no edge told: in the lane
        ("정차 중 뒤차가 추돌함", "A", "straight"),
        ("갓길에 정차 중이었는데 뒤차가 추돌함", "A", "stopped"),  # the edge told: 차42
        ("길가에 세워둔 제 차를 트럭이 받았어요", "제 차", "stopped"),
        ("도로 우측에 정차 중인 택시를 뒤에서 오던 SUV가 박았다", "택시", "stopped"),
    ],
)
def test_a_rear_ended_stop_is_in_the_lane_unless_the_edge_is_told(text, front, move):
    assert dict(_moves(text))[front] == move, _moves(text)


@pytest.mark.parametrize(
    ("text", "mover"),
    [
        ("갓길에 세워져 있던 트럭이 다시 차로로 들어오다가 제 차 옆을 긁었어요", "트럭"),
        ("갓길에 잠깐 섰다가 다시 차로로 들어가는데 뒤차가 제 차를 받았어요", "제 차"),
    ],
)
def test_back_off_the_shoulder_is_a_lane_change(text, mover):
    assert dict(_moves(text))[mover] == "lane_change", _moves(text)
