"""A second independent check of the same-direction family (차41–48): which car changed lanes, cut in or
overtook, i.e. who is the chart's A. Written for this file (wt-sd3) before any corpus row was read, aimed at
the ways of telling a lane change the first file (test_same_direction_independent.py) does not try: the
mover told only by its result ("제 앞에 갑자기 들어와서", "밀고 들어옴", "차선 물고 들어오다"), the writer as
the mover told through what it meant to do ("2차로로 가려고", "들어가다가", "합류하려는데"), passive and
causative forms ("끼어들기를 당해서", "밀려서", "칼치기 당했어요"), the mover named by lane position
("우측 차량", "옆 차로 차"), both moving, merging where a lane ends (차43-1) and the shoulder, a bus that is
or is not 차47-3's bus, and an object without 를 ("승용차가 버스 추월해서").

Rows, parties and checks as in the first file (its `party_a`/`outcome` are reused): the first chart, the
first three, and the base of the party that is A. `STILL_WRONG` rows are strict xfails with the reason.

Measured on main a244ad2 (shipped reader) before the fixes of this branch: first chart 28/44, chart in the
first three 40/44, chart and A's base right 22/44 (rules alone, KATALOG_READER=0: 29/44, 33/44, 23/44).
After them (wt-sd3): 36/44, 42/44, 36/44 (rules alone: 36/44, 40/44, 36/44). Fixed:
- a lane change told by its result, the car arriving in the writer's way or coming in from the side
  (`cut_in_by_result`: "제 앞에 들어와서", "제 차로로 들어오는", "차선 물고", "옆 차가 밀고 들어옴", "옆 차로에서
  들어오던 차"), or by the mover's aim into a named lane (`lane_change_meant`: "2차로로 가려고 … 넘어가는데",
  "옆 차로로 깜빡이 켜고 천천히 들어갔는데"), read only where the party says nothing more specific (e01, e03,
  e05, e07, e09, e14, e42; the first file's d01); "차선을 바꿀라꼬" (e12);
- a suffered cut-in ("칼치기 당했어요", "끼어들기를 당해서"): the other party moved, its conduct too;
- "제 차로로 합쳐 들어오다가" merges, and at a merge the one party moving in to a side ("제가 왼쪽으로
  들어가다가") is 차43-1's merging car (e34, e35; the first file's d22);
- a bare name right after another party's subject is the object also when it is the sentence's last
  mention or follows the writer's possessive ("승용차가 버스 추월해서", "택시가 제 버스 추월해서": e27, e28);
- the cue 버스 calls 차47-3 only for a bus that moves off or stands (not one changing lanes or going
  straight: e30, e32; the first file's d06); an overtaking that ends in front of the car passed, with no
  passing rule, centre line, junction or stopped car told, is 차43-2's lane change and 추월 no chart cue
  (the first file's d08; e24 by the rules).

wt-sd4 (test_same_direction_independent_3.py) fixed e08 and e18 (the cue 급차로변경 calls 차43-4 only where a
queue is told: a moving car's sudden change is 차43-2 with its 급진로변경 modifier) and e16 (a suffered cut-in
told before any party is named is the cut of the party named next; "끼어들기를 당해서" and "그 차 뒤를" are
traffic words). e24 stays: the rules answer 차43-2, the shipped reader 차45-3 (its text models read 추월).
"""

from __future__ import annotations

import pytest

# the first file's per-row outcome (party names, chart, A's base)
from .conftest import row_params
from .test_same_direction_independent import outcome

# (id, chart, A party, A's base fault, variant or None, text)
ROWS: list[tuple[str, str, str, int, str | None, str]] = [
    # the mover told only by its result: the writer goes straight behind (A of 차43-2, 30)
    ("e01", "차43-2", "me", 30, None, "2차로로 잘 가고 있는데 옆 차가 제 앞에 갑자기 들어와서 제 차 앞범퍼랑 그 차 뒷바퀴 쪽이 부딪혔어요."),
    ("e02", "차43-2", "me", 30, None, "옆 차로 차가 깜빡이도 없이 밀고 들어와서 피할 틈도 없이 박았습니다."),
    ("e03", "차43-2", "me", 30, None, "우측 차량이 차선 물고 들어오다가 제 차 조수석 앞문을 긁었어요."),
    ("e04", "차43-2", "me", 30, None, "직진 중인데 왼쪽 차로에 있던 트럭이 갑자기 제 차로로 넘어와서 부딪쳤습니다."),
    ("e05", "차43-2", "me", 30, None, "ㅠ 옆차선 차가 훅 들어와서 박음 블박 있음"),
    ("e06", "차43-2", "me", 30, None, "앞에 있던 차가 갑자기 제 차로로 들어오는 바람에 급정거했는데 결국 그 차 옆을 받았어요."),
    ("e07", "차43-2", "me", 30, None, "옆 차가 밀고 들어옴 ㅡㅡ 내 차 앞범퍼 다 긁힘"),
    ("e08", "차43-2", "me", 30, None, "상대 차가 갑자기 차로를 바꾸는 바람에 제가 피하지 못하고 받았습니다."),
    # the writer as the mover, told through what it meant to do (A is the other, 30)
    ("e09", "차43-2", "other", 30, None, "2차로로 가려고 깜빡이 켜고 넘어가는데 뒤에서 오던 차가 제 차 뒷문을 박았어요."),
    ("e10", "차43-2", "other", 30, None, "옆 차로로 들어가다가 그 차로 뒤에서 오던 승용차랑 부딪혔습니다."),
    ("e11", "차43-2", "other", 30, None, "출구로 빠지려고 오른쪽 차로로 옮기다가 그 차로로 달려오던 SUV랑 접촉했어요."),
    ("e12", "차43-2", "other", 30, None, "내가 차선을 바꿀라꼬 옆으로 들어갔는디 뒤에서 오던 차가 내 차를 받았어"),
    ("e13", "차43-2", "other", 30, None, "나 합정에서 차선 옮기다가 옆에 오던 차랑 살짝 닿았어ㅠ"),
    ("e14", "차43-2", "other", 30, None, "옆 차로로 깜빡이 켜고 천천히 들어갔는데 그 차로 뒤차가 속도를 줄이지도 않고 제 차를 박았어요."),
    ("e15", "차43-2", "other", 30, None, "제가 차선 변경할려다가 옆차선 차를 못보고 부딪쳤어여"),
    # passive and causative forms: the writer suffers the cut-in
    ("e16", "차43-2", "me", 30, None, "끼어들기를 당해서 피할 새도 없이 그 차 뒤를 받았어요."),
    ("e17", "차43-2", "me", 30, None, "옆 차에 밀려서 제 차 왼쪽이 다 긁혔어요. 그 차가 차선 변경하면서 저를 못 본 거예요."),
    ("e18", "차43-2", "me", 30, None, "택시한테 칼치기 당했어요. 제 앞으로 확 들어오는 바람에 택시 뒤를 박았습니다."),
    ("e19", "차43-2", "me", 30, None, "차선변경하던 차가 제차 앞으로 끼어듬 그래서 박앗음"),
    # the mover named by lane position (notes)
    ("e20", "차43-2", "직진", 30, None, "우측 차량이 좌측으로 차로 변경 중 좌측 차로 직진 차량과 충돌"),
    ("e21", "차43-2", "피해차량", 30, None, "피해차량 2차로 정상 주행 중 1차로 가해차량이 우측으로 차로 변경하며 피해차량 좌측 앞 충격"),
    # both moving into the same lane (차43-3, 50:50)
    ("e22", "차43-3", "other", 50, None, "제가 3차로에서 2차로로 옮기는데 1차로에 있던 차도 2차로로 들어오면서 가운데서 부딪혔어요."),
    ("e23", "차43-3", "A차량", 50, None, "A차량과 B차량이 양쪽에서 동시에 2차로로 진로변경하다 충돌"),
    # overtaking then cutting in on a dashed line is 43-2's application; a no-passing place is 45-3
    ("e24", "차43-2", "me", 30, None, "뒤에서 오던 승용차가 저를 추월하더니 바로 제 앞으로 들어오다가 제 차 앞범퍼를 쳤어요."),
    ("e25", "차45-3", "me", 0, None, "다리 위에서 뒤차한테 추월당하다가 그 차가 제 앞으로 다시 들어오면서 부딪혔습니다."),
    ("e26", "차45-5", "me", 0, None, "시골길 황색 점선 구간에서 뒤차가 중앙선 넘어 저를 바짝 추월하고 바로 제 앞으로 들어오다 제 차 앞을 쳤어요."),
    # the bus leaving its stop (차47-3: the bus A 40), overtaken; object without 를
    ("e27", "차47-3", "버스", 40, None, "정류장에서 출발하는 버스 앞으로 승용차가 버스 추월해서 들어오다가 부딪힘"),
    ("e28", "차47-3", "버스", 40, None, "버스 기사입니다. 정류장에서 승객 태우고 출발하는데 택시가 제 버스 추월해서 앞으로 끼어들다 버스 앞범퍼에 받혔습니다."),
    ("e29", "차47-3", "버스", 40, None, "정류장에서 막 출발하던 버스를 추월해서 그 앞으로 들어가다가 버스랑 부딪혔어요."),
    # a bus that is not 47-3's bus: it changes lanes, or goes straight behind
    ("e30", "차43-2", "me", 30, None, "제가 2차로로 가는데 1차로 광역버스가 정류장에 서려고 오른쪽으로 차로를 바꾸면서 제 차 왼쪽을 긁었어요."),
    ("e31", "차43-2", "버스", 30, None, "제가 버스 앞으로 차로 변경했는데 뒤에서 달려오던 버스가 제 차 뒤를 박았어요."),
    ("e32", "차43-2", "버스", 30, None, "시내버스 2차로 직진 중 3차로 승용차가 좌측으로 차로 변경하면서 버스 앞범퍼와 접촉"),
    # merging where a lane ends (차43-1: the main-lane car A 40)
    ("e33", "차43-1", "other", 40, None, "제 차로가 공사로 끝나서 옆 차로로 합류하려는데 그 차로로 오던 트럭이 제 차 옆을 쳤어요."),
    ("e34", "차43-1", "me", 40, None, "차로가 줄어드는 구간에서 오른쪽 차로 차가 제 차로로 합쳐 들어오다가 제 차 조수석 쪽을 받았어요."),
    ("e35", "차43-1", "other", 40, None, "3차로가 없어지는 곳이라 왼쪽으로 들어가다가 2차로 차랑 부딪혔어요."),
    ("e36", "차43-1", "본선", 40, None, "차로 감소 지점에서 합류차량이 좌측 본선 진입 중 본선 직진차량 측면 충격"),
    # the shoulder: moving onto it (차43-6, A 60), or back into the lane from it (a lane change, 차43-2)
    ("e37", "차43-6", "other", 60, None, "고속도로 정체 중에 제가 갓길로 달리고 있었는데 옆 차로 차가 갑자기 갓길로 빠지면서 부딪혔어요."),
    ("e38", "차43-2", "me", 30, None, "갓길에 서 있던 화물차가 깜빡이도 없이 차로로 끼어들어서 제 차 오른쪽 앞이랑 부딪혔습니다."),
    ("e39", "차43-2", "other", 30, None, "갓길에 잠깐 세웠다가 다시 차로로 들어가는데 그 차로로 달려오던 차가 제 차 뒤를 받았어요."),
    # the writer slowed or stopped by a cut-in in a queue (차43-4: the queued changer A 100)
    ("e40", "차43-4", "other", 100, None, "직진 차로로 잘 가고 있는데 옆에 꽉 막힌 좌회전 대기줄에 서 있던 차가 갑자기 튀어나와서 제 차 옆을 받았어요."),
    # a rear-end after the cut-in has ended (차41-1) vs during it (차43-2)
    ("e41", "차41-1", "me", 100, None, "제 앞으로 들어온 차가 한참 가다가 급정거해서 제가 그 차 뒤를 받았어요."),
    ("e42", "차43-2", "me", 30, None, "옆 차로에서 들어오던 차가 아직 반쯤 걸쳐 있을 때 제 차 앞범퍼가 그 차 뒷문을 긁었어요."),
    # terse shorthand
    ("e43", "차43-2", "first", 30, None, "직진차 / 끼어든 차"),
    ("e44", "차43-2", "second", 30, None, "차선변경 차량 vs 후행 직진 차량"),
]

#: rows the engine still gets wrong, with why: strict xfails (a fix that makes one right must move it out)
STILL_WRONG: dict[str, str] = {
    # rules alone are right on these three (차43-2, A the straight writer); the reader, retrained on the rules'
    # new readings in session 19, still fuses to 차43-4 ("갑자기 … 차로를 바꾸" as a sudden change out of a queue)
    # or 차45-3 (e06, the fourth, is right since that retrain)
    "e24": "차45-3 for 차43-2: the shipped reader outvotes the rules' 차43-2 (an overtaking that ends in front, "
           "no passing rule told; its text models read 추월 as the overtaking charts' move, and 차45-3's missing "
           "금지장소 cue carries a positive learned weight)",
    # right since wt-stop: e11 (an exit on a road is no roundabout's), e16 (the suffered cut-in opening the sentence
    # is the unnamed writer's; "그 차 뒤를" is a traffic word), e38 (the shoulder left behind is no 차43-6 shoulder)
    "e39": "차41-1 for 차43-2: the facts read the writer's lane change back off the shoulder and the chart cue 갓길 "
           "is dropped, but '제 차 뒤를 받았어요' makes a rear_end collision and retrieval favours 차41-1 (rules alone "
           "too)",
}


def test_rows_are_distinct_and_charts_exist(std):
    assert len(ROWS) >= 40
    assert len({r[0] for r in ROWS}) == len(ROWS) and len({r[5] for r in ROWS}) == len(ROWS)
    assert set(STILL_WRONG) <= {r[0] for r in ROWS}
    for r in ROWS:
        chart = std.get(r[1])
        base = next(v.base for v in chart.variants if r[4] in (None, v.key))
        assert base.A == r[3], (r[0], r[1], base)


@pytest.mark.parametrize("row", row_params(ROWS, STILL_WRONG))
def test_chart_and_base_of_party_a(std, row):
    hit1, hit3, base_ok, got = outcome(std, row)
    assert hit1 and base_ok, (row[0], row[1], row[2], row[3], got)
