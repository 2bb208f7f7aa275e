"""A fourth independent everyday check (wt-fresh): 60 descriptions written for this file from the chart texts in
data/standard (titles, situations, party labels) before any fold row was read, weighted on the weaker families
of the sealed set: the 비정형 book, two-wheelers, bicycles and PM, roundabouts, motorways, intersections with and
without signals, and eight that must be declined (no accident, one vehicle alone, not enough said). Voices:
first person (victim and at fault), third person, adjuster notes, chat with typos.

Each answered row: id, acceptable charts, the A party (a regex over the name the engine maps to A; ME = the
writer, OTHER = anyone but the writer, None = not checked), A's base (None where the acceptable charts or the
chart's variant disagree on it), text. A near-identical 비정형/차 pair, a portal 3xx/5xx chart and the 2023 chart
it maps to, and a 2025 회전 chart with its 차54 twin are accepted either way.

Measured before any fix (main dd65f1b, shipped reader fused; an abstention is a miss; `scores`): hit@1 48/52
(0.923), hit@3 51/52 (0.981), A's base 41/45 (0.911), declines precision 7/7 (1.000), recall 7/8 (0.875). Wrong:
n16 (보1: "보행자 빨간불인데 오토바이가" made 보행자 a walker party), m06 (거42-1: "횡단보도도 아닌 데서" read as a
crosswalk), i04 (차8-1 over 차7-1: "튀어나온 차" has no movement), n17 (차43-3 over 비정형-15: the start from a stop
is outranked by the lane change), h01 (A's base: the writer's car stopped on the shoulder is taken for the
rear-ender), d01 (answered 차51-1: "누가 그랬는지 몰라요" not read as an unknown other party). (The A regex of the
rows whose writer rides a bicycle or a kick scooter was widened to the vehicle's name, ME_BIKE / ME_PM, before the
fixes: the engine names that party "자전거" / "킥보드", which is the writer, right.)

Fixed on this branch (vocabulary, three families): a crosswalk denied after a particle ("횡단보도도 아닌 데서",
"횡단보도가 아닌 곳", places.yaml); 보행자 right before a lay colour is the walk light, not a party ("보행자
빨간불인데", parties.yaml), and its colour goes to the one who crosses (clauses.yaml ped_light, its light noun
optional); not knowing who did it ("누가 그랬는지 몰라요", "누가 박았는지 모르겠어요") is an unknown other party
(gates.yaml unknown_actor). After: hit@1 50/52 (0.962), hit@3 52/52 (1.000), A's base 43/45 (0.956), declines
precision 8/8 (1.000), recall 8/8 (1.000); FRESH 3/4 (f01, written after the fixes, shows a
rider named by a person word, "자전거 타고 건너던 아저씨", split into two parties: `FRESH_WRONG`). A fourth family, "튀어나온 차" read as going straight (as
"나온 차"), fixed i04 but lost four fold rows whose darting-out was a lane change ("제쪽으로 튀어나와서"), a PM
entering the road ("차도로 튀어나왔어요") or a rider on a crosswalk, so it was taken back; i04 stays wrong.
"""

from __future__ import annotations

import pytest

from katalog.evaluation import chart_matches
from katalog.standard.loader import Standard

from .conftest import Answer, answer_rows, assessed, base_right, row_params, top1_right

ME = r"^(저|제|내|나|본인|당사|우리)"
OTHER = r"^(?!(저|제|내|나|본인|당사|우리))"
MOTO = r"오토바이|이륜|바이크"
#: the writer on a bicycle or a kick scooter, named by the vehicle ("자전거", "전동킥보드")
ME_BIKE = ME + r"|자전거"
ME_PM = ME + r"|킥보드"

NONTYPICAL = [
    ('n01', ['비정형-1', '차5-2'], ME, 100, '당사 차량 교차로 우회전 시 전방 횡단보도 보행신호 녹색 상태에서 우회전 진행, 좌측 도로에서 녹색신호 받고 직진하던 상대 차량과 충돌.'),
    ('n02', ['비정형-5', '차14-1'], ME, 70, '중앙선도 없는 좁은 골목 사거리에서 제가 우회전하는데 오른쪽에서 왼쪽으로 직진해 가던 차랑 부딪쳤어요'),
    ('n03', ['비정형-6', '차18-1'], ME, 50, '중앙선 없는 동네 이면도로 교차로에서 제가 우회전하는데 오른쪽 길에서 좌회전해 나오던 차랑 부딪혔어요'),
    ('n04', ['비정형-7', '차4-2'], '택시', 60, '비보호 좌회전 하던 택시가 맞은편에서 우회전하던 제 차를 박았어요'),
    ('n05', ['비정형-8', '차18-2'], ME, 60, '신호등없는 사거리에서 좌회전하는데 맞은편에서 우회전 하는 차랑 같은 차선으로 들어가다 박음ㅠ'),
    ('n06', ['비정형-9', '차20-2'], 'SUV', 70, '우회전하려고 일시정지해서 기다리는데 뒤에 있던 SUV가 제 오른쪽 좁은 틈으로 끼어들다가 제 차를 긁었어요'),
    ('n07', ['비정형-11', '차11-3'], OTHER, 40, '신호 없는 교차로에서 좌회전 차로에 있던 차가 직진하고, 옆 직진 차로에 있던 제가 좌회전하다가 부딪혔습니다'),
    ('n08', ['비정형-12', '차11-6'], ME, 40, '우회전 전용차로에서 직진하던 제 차와, 왼쪽 직진차로에서 갑자기 우회전하던 트럭이 충돌했어요'),
    ('n09', ['비정형-13', '차47-2'], ME, 70, '길가에 잠깐 세웠다가 출발하는데 옆 차로 차가 제 앞으로 차선 바꿔 들어오다 부딪혔어요'),
    ('n10', ['비정형-14', '차47-3'], '버스', 40, '시내버스가 정류장에서 승객 하차 후 출발하던 중, 후방에서 오던 당사 차량이 버스를 추월하여 버스 앞으로 진로변경하다 접촉'),
    ('n11', ['비정형-16', '차43-5'], ME, 40, '같은 차로 앞차 뒤에서 제가 먼저 왼쪽 차로로 옮기고 있었는데 앞차가 뒤늦게 똑같이 왼쪽으로 차선 바꾸면서 부딪혔어요'),
    ('n12', ['비정형-18', '차51-2'], '앞차', 40, '마트 주차장 통로에서 앞차가 주차칸에 들어가려고 멈칫하길래 옆으로 추월해서 지나가다가 그 차랑 부딪혔어요'),
    ('n13', ['비정형-21'], MOTO, 20, '배달 오토바이가 제 오른쪽으로 직진하는데 제가 우회전하다가 오토바이랑 부딪혔어요'),
    ('n14', ['비정형-22', '차45-2'], MOTO, 90, '우회전하려고 속도 줄이는데 뒤에 오던 오토바이가 같은 차선 오른쪽 틈으로 확 밀고 들어오다 제 차랑 충돌'),
    ('n15', ['비정형-20'], MOTO, 60, '오토바이 우회전 중 우측에서 직진하던 승용차와 충돌함'),
    ('n16', ['비정형-23', '차53-1'], MOTO, 100, '보행자 빨간불인데 오토바이가 횡단보도로 타고 건너가다가 신호 받고 직진하던 제 차에 부딪혔어요'),
    ('n17', ['비정형-15'], ME, 70, '갓길에 정차했다가 출발하면서 2차로로 들어가는데, 3차로에 있던 차도 동시에 2차로로 차선 바꾸다가 부딪힘'),
]

WHEELS = [
    ('m01', ['388', '차43-2'], None, None, '제가 오토바이 타고 2차로 직진하는데 1차로 승용차가 깜빡이 없이 제 차로로 들어와서 부딪혔어요'),
    ('m02', ['거31-1'], ME_BIKE, 0, '자전거 타고 도로 가장자리로 가는데 뒤에서 오던 차가 제 자전거 뒷바퀴를 들이받았어요'),
    ('m03', ['거21-1'], '자전거', 60, '자전거가 도로를 거꾸로 역주행해서 오다가 정상적으로 가던 제 차랑 부딪혔어요'),
    ('m04', ['거32-2'], ME_BIKE, 10, '자전거로 차도 오른쪽 끝을 달리는데 앞에 가던 택시가 오른쪽으로 차로를 바꾸면서 저를 쳤어요'),
    ('m05', ['거42-1'], ME_BIKE, 0, '자전거횡단도로 자전거 타고 건너는데 직진하던 차가 멈추지 않고 저를 쳤어요'),
    ('m06', ['거41-1'], '학생|자전거', 40, '횡단보도도 아닌 데서 자전거 탄 학생이 도로를 가로질러 건너다가 직진하던 제 차에 부딪힘'),
    ('m07', ['거1-2'], '자전거', None, '교차로에서 녹색신호 받고 직진하는데 옆 도로에서 빨간불에 자전거가 건너와서 부딪혔습니다'),
    ('m08', ['PM-02'], '킥보드|학생', 100, '킥보드 탄 학생이 빨간불인데 교차로로 그냥 들어와서 초록불에 직진하던 제 차랑 부딪혔어요'),
    ('m09', ['PM-33'], ME_PM, 0, '전동킥보드 타고 차도 끝으로 가는데 뒤따라오던 차가 제 킥보드를 뒤에서 박았어요'),
    ('m10', ['PM-38'], ME_PM, 20, '킥보드 타고 가는데 길가에 서 있던 택시 승객이 문을 확 열어서 문에 부딪혔어요'),
    ('m11', ['PM-30'], '킥보드', 70, '인도에서 타던 킥보드가 갑자기 차도로 내려오다 직진하던 제 차에 부딪혔음'),
    ('m12', ['324', '차15-1'], ME, None, '신호등 없는 교차로에서 오토바이 타고 직진하는데 맞은편 차가 좌회전하면서 저를 쳤어요'),
]

ROUND = [
    ('r01', ['차54-1', '회전-9'], ME, 20, '회전교차로 안에서 돌고 있는데 밖에서 들어오던 차가 제 옆을 박았어요'),
    ('r02', ['차54-1', '회전-9'], OTHER, 20, '1차로형 회전교차로 진입 중이던 당사 차량이 회전 중인 상대 차량 측면 충격'),
    ('r03', ['차54-2', '회전-11'], ME, 10, '2차로 회전교차로 안쪽 1차로로 돌고 있는데 바깥에서 들어오던 차가 2차로 안 거치고 바로 1차로로 크게 들어와서 박았음'),
    ('r04', ['차54-4', '회전-3'], ME, None, '2차로 회전교차로 1차로에서 돌다가 나가려고 2차로로 옮기는데 2차로로 돌던 차랑 부딪혔어요'),
    ('r05', ['차54-3'], ME, 30, '회전교차로 안쪽 차로에서 돌다가 바깥 차로로 빠지는데 그때 진입하던 차가 바깥 차로로 들어와서 충돌'),
    ('r06', ['차54-5', '회전-2'], ME, None, '회전교차로 들어갈 때 제가 왼쪽 1차로로, 옆 차는 2차로로 동시에 들어가다가 안에서 부딪혔어요'),
]

MOTORWAY = [
    ('h01', ['차42-3', '506'], '트럭', 100, '고속도로 갓길에 차 세우고 비상등 켜놓고 있었는데 트럭이 갓길로 와서 뒤를 박았어요'),
    ('h02', ['차43-1', '501', '502'], None, None, '고속도로 진입로에서 본선으로 합류하다가 본선 끝차로 달리던 차랑 부딪힘'),
    ('h03', ['차42-1', '505'], None, None, '고속도로 1차로에서 앞차랑 접촉사고 나서 차로에 서 있었는데 뒤에서 오던 차가 또 박았어요'),
    ('h04', ['차48-1', '508'], ME, 0, '고속도로 달리는데 앞 트럭 적재함에서 합판이 떨어져서 제 차 앞유리 깨졌어요'),
    ('h05', ['보35', '509'], '사람', 80, '고속도로에서 사람이 걸어서 도로를 건너다가 제 차에 치였어요'),
    ('h06', ['차41-1', '507'], '뒤차', 100, '고속도로 2차로 주행중 정체로 급정거했는데 뒤차가 못 서고 추돌'),
]

CROSSINGS = [
    ('i01', ['차1-3'], ME, 30, '노란불에 교차로 진입해서 직진하는데 옆길에서 빨간불에 출발한 차랑 부딪혔어요'),
    ('i02', ['차3-6'], ME, 0, '초록불에 직진하는데 왼쪽 도로에서 빨간불에 좌회전해 들어오던 택시가 제 차를 박았습니다'),
    ('i03', ['차4-1'], ME, 20, '좌회전 신호 받고 좌회전하는데 맞은편에서 우회전하던 차가 같은 차로로 들어오면서 부딪힘'),
    ('i04', ['차7-1'], ME, 20, '신호 없는 교차로에서 직진하는데 일시정지 표지 있는 옆길에서 멈추지 않고 튀어나온 차가 제 차를 받았어요'),
    ('i05', ['차13-1'], ME, 60, '신호 없는 교차로에서 우회전하는데 왼쪽에서 직진해오던 차가 제 차 앞을 들이받았어요'),
    ('i06', ['차16-1'], ME, 40, '신호등 없는 교차로를 직진하는데 오른쪽 골목에서 좌회전하려고 나온 차랑 충돌'),
    ('i07', ['차19-1'], ME, 20, '앞차가 깜빡이 없이 갑자기 오른쪽 골목으로 우회전해서 뒤따라 직진하던 제가 그 차 옆을 박았어요'),
    ('i08', ['차33-1'], ME, 20, '유턴 표시 있는 곳에서 상대가 유턴하다가 맞은편에서 직진하던 저랑 부딪혔어요'),
    ('i09', ['차9-1'], OTHER, 80, '일시정지 표지 무시하고 우회전하던 차가 왼쪽에서 직진해 오던 제 차랑 부딪힘'),
    ('i10', ['차44-1'], ME, 20, '주유소에서 나와서 도로로 우회전해 들어오던 차가 직진하던 제 차 옆을 긁었어요'),
    ('i11', ['차31-2'], ME, 0, '아파트 정문에서 나와서 중앙선 넘어 좌회전해 들어오던 차가 직진하던 나랑 박음'),
]

ROWS = NONTYPICAL + WHEELS + ROUND + MOTORWAY + CROSSINGS

#: must be declined (any abstention code)
DECLINE = [
    ('d01', '어제 주차장에 세워뒀는데 아침에 보니 범퍼가 찌그러져 있어요. 누가 그랬는지 몰라요'),
    ('d02', '빗길에 미끄러져서 혼자 가드레일 들이받았어요'),
    ('d03', '고속도로에서 졸다가 중앙분리대 박았습니다 과실 어떻게 되나요'),
    ('d04', '사고 났어요 어떻게 해야 하나요'),
    ('d05', '상대방이랑 부딪혔는데 과실 비율 궁금합니다'),
    ('d06', '오늘 출근길에 별일 없이 잘 왔어요 운전 연수 받을까 고민중'),
    ('d07', '보험료가 작년보다 많이 올랐는데 이유가 뭘까요?'),
    ('d08', '자전거 타다가 혼자 턱에 걸려 넘어졌어요'),
]

#: measured before any fix (main dd65f1b, reader fused), `scores` of the 60 rows
MEASURED_BEFORE: dict[str, float] = {"hit1": 48 / 52, "hit3": 51 / 52, "base": 41 / 45, "decline_p": 7 / 7,
                                     "decline_r": 7 / 8}

#: still wrong at top-1, with why
STILL_WRONG: dict[str, str] = {
    "n17": "차43-3 over 비정형-15 (second): the start from a stop (정차했다가 출발하면서) is outranked by the lane "
           "change, so the stopped-start variant of a simultaneous change is not told apart",
    "i04": "차8-1 over 차7-1 (second; A's base 20 either way): '튀어나온 차' leaves the other car's movement unread; "
           "reading it as straight cost four fold rows (lane changes, PM entering the road), so it is not read",
}
#: hit (top-1) but A or A's base is wrong, with why
BASE_WRONG: dict[str, str] = {
    "h01": "the writer's car stopped on the motorway shoulder (차 세우고) is named 차량 and taken for the rear-ender "
           "(A at 100), the truck that hit it for the car on the shoulder: stopped/shoulder roles (another branch)",
}
#: wrongly declined or wrongly answered decline rows, with why
DECLINE_WRONG: dict[str, str] = {}


def scores(std: Standard) -> dict[str, float]:
    """hit@1, hit@3, A's base right (rows with a base) and decline precision / recall over all 60 rows."""
    ans = answer_rows(ROWS)
    hit1 = sum(bool(a[0]) and chart_matches(a[0], r[1], std) for r in ROWS for a in [ans[r[0]]])
    hit3 = sum(any(chart_matches(c, r[1], std) for c in a[1]) for r in ROWS for a in [ans[r[0]]])
    based = [r for r in ROWS if r[3] is not None]
    base = sum(base_right(r, ans[r[0]]) for r in based)
    declined_ok = sum(assessed(t).status != "ok" for _i, t in DECLINE)
    declined_all = declined_ok + sum(a[0] is None for a in ans.values())
    return {"hit1": hit1 / len(ROWS), "hit3": hit3 / len(ROWS), "base": base / len(based),
            "decline_p": declined_ok / max(declined_all, 1), "decline_r": declined_ok / len(DECLINE)}


@pytest.fixture(scope="module")
def answers() -> dict[str, Answer]:
    """rid → (top chart or None, top 3, A party, B party, A's base) of every row, assessed once."""
    return answer_rows(ROWS)


def test_rows_are_distinct():
    assert len(ROWS) + len(DECLINE) == 60 and len({r[0] for r in ROWS}) == len(ROWS)
    assert len({r[4] for r in ROWS} | {t for _i, t in DECLINE}) == 60


@pytest.mark.parametrize("row", row_params(ROWS, STILL_WRONG))
def test_top1(std, answers, row):
    assert top1_right(std, row, answers[row[0]]), (row[0], row[1], answers[row[0]])


@pytest.mark.parametrize("row", row_params([r for r in ROWS if r[3] is not None and r[0] not in STILL_WRONG],
                                      BASE_WRONG))
def test_base(answers, row):
    assert base_right(row, answers[row[0]]), (row[0], answers[row[0]])


@pytest.mark.parametrize("row", row_params(DECLINE, DECLINE_WRONG))
def test_declined(row):
    a = assessed(row[1])
    assert a.status != "ok", (row[0], a.chart_id)


# ---- the families fixed on this branch, at the level they were fixed -------------------------------------

#: written after the fixes, before being run (a check that the fixes are families, not these phrasings)
FRESH = [
    ('f01', ['거41-1'], '아저씨|자전거', 40, '횡단보도는 아닌 곳에서 자전거 타고 도로를 건너던 아저씨를 제가 직진하다 부딪혔어요'),
    ('f02', ['비정형-23', '차53-1'], r'스쿠터|오토바이|이륜', 100, '보행자 빨간불일 때 스쿠터가 횡단보도를 타고 가로지르다가 초록불에 직진하던 택시에 받혔어요'),
    ('f03', ['보10', '보5'], ME, 0, '보행자 초록불에 횡단보도 건너던 저를 신호 무시한 택시가 쳤어요'),
]
FRESH_DECLINE = [('f04', '아침에 나와보니 차 문에 찍힌 자국이 있어요 누가 한 건지 모르겠네요')]


def _facts(text: str):
    from katalog.facts import extract_facts
    return extract_facts(text)


#: fresh rows still wrong, with why
FRESH_WRONG: dict[str, str] = {
    "f01": "보23: the place is no crosswalk now, but '자전거 타고 … 건너던 아저씨를 제가' splits the rider into a "
           "bicycle party and a walker 아저씨 and loses the writer's car (a rider named by a person word: open)",
}


@pytest.mark.parametrize("row", row_params(FRESH, FRESH_WRONG))
def test_fresh(std, row):
    ans = answer_rows([row])[row[0]]
    assert ans[0] is not None and chart_matches(ans[0], row[1], std) and base_right(row, ans), (row[0], ans)


@pytest.mark.parametrize("row", FRESH_DECLINE, ids=lambda r: r[0])
def test_fresh_declined(row):
    assert assessed(row[1]).status != "ok"


@pytest.mark.parametrize(
    ("text", "crosswalk"),
    [
        ("횡단보도도 아닌 데서 자전거 탄 학생이 도로를 건너다가 제 차에 부딪힘", False),
        ("횡단보도가 아닌 곳에서 자전거 타고 길을 건너다가 달려오던 차에 치였어요", False),
        ("횡단보도는 아닌데 사람이 길을 건너다 제 차에 치였어요", False),
        ("횡단보도 아님. 보행자가 도로 횡단 중 직진 차량에 충격됨", False),
        ("신호등 없는 횡단보도를 건너던 사람을 제 차가 쳤어요", True),
        ("횡단보도에서 자전거를 타고 건너다가 우회전하던 차에 부딪혔어요", True),
    ],
)
def test_a_crosswalk_denied_after_a_particle_is_no_crosswalk(text, crosswalk):
    assert (_facts(text).place == "crosswalk") is crosswalk, _facts(text).place


@pytest.mark.parametrize(
    ("text", "walker"),
    [
        ("보행자 빨간불인데 오토바이가 횡단보도로 건너가다가 직진하던 제 차에 부딪혔어요", False),
        ("보행자 초록불에 우회전하다가 직진하던 차랑 박았어요", False),
        ("보행자 파란불이었는데 킥보드가 횡단보도를 건너다 좌회전 차에 부딪혔어요", False),
        ("보행자가 빨간불에 건너다가 제 차에 치였어요", True),
        ("보행자 빨간불인데 건너던 보행자를 제 차가 쳤어요", True),
    ],
)
def test_a_lay_colour_after_walker_is_the_walk_light(text, walker):
    types = [p.type for p in _facts(text).parties]
    assert ("pedestrian" in types) is walker, types


@pytest.mark.parametrize(
    ("text", "who", "colour"),
    [
        ("밤에 보행자 빨간불인데 사람이 갑자기 횡단보도로 뛰어들어서 직진하던 제 차에 부딪혔어요", "사람", "red"),
        ("보행자 초록불에 건너던 저를 우회전 차가 쳤어요", "저", "green"),
        ("보행자 빨간불인데 오토바이가 횡단보도로 건너가다가 직진하던 제 차에 부딪혔어요", "오토바이", "red"),
    ],
)
def test_the_walk_light_without_its_noun_is_the_crossers(text, who, colour):
    """"보행자 빨간불": the walk light's colour, given to the one who crosses (not the car, not a second walker)."""
    ps = {p.name: (p.type, p.signal) for p in _facts(text).parties}
    assert len(ps) == 2 and ps.get(who, (None, None))[1] == colour, ps


@pytest.mark.parametrize(
    "text",
    [
        "주차장에 세워뒀는데 아침에 보니 범퍼가 찌그러져 있어요. 누가 그랬는지 몰라요",
        "회사 주차장에 세워둔 차 문짝이 찍혀 있네요 누가 했는지 모르겠어요",
        "길가에 주차해둔 제 차를 누가 박았는지 모르겠어요 블박도 없고",
    ],
)
def test_not_knowing_who_did_it_is_declined(text):
    assert assessed(text).status != "ok"


def test_who_is_at_fault_is_still_answered():
    """"누가 잘못인지 모르겠어요" asks for the fault, it does not hide the other party."""
    assert assessed("누가 잘못인지 모르겠어요. 제가 직진하는데 왼쪽에서 좌회전하던 차랑 부딪혔어요").status == "ok"


if __name__ == "__main__":  # python -m tests.engine.test_everyday_independent_4: the scores and every miss
    from katalog.standard.loader import load_standard

    std = load_standard()
    print(scores(std))
    every = answer_rows(ROWS)
    for r in ROWS:
        a = every[r[0]]
        ok1 = bool(a[0]) and chart_matches(a[0], r[1], std)
        okb = r[3] is None or base_right(r, a)
        if not (ok1 and okb):
            print(r[0], r[1], r[2], r[3], "→", a, "|", r[4])
    for i, t in DECLINE:
        a = assessed(t)
        if a.status == "ok":
            print(i, "answered", a.chart_id, "|", t)
