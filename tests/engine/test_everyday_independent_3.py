"""A third independent everyday check (wt-indep2): pedestrians beyond the crosswalk basics (보), the
non-typical book (비정형), roundabouts (차54, 회전 of 2025) and motorways. 60 descriptions written for this
file from the chart texts in data/standard before any fold row was read, in first person, adjuster notes,
terse notes, slang, typos and long rambles. Each row: id, acceptable charts, the A party (a regex over the
party name the engine maps to A; ME = the writer), the A party's base ratio (None where the chart's variant
is not told by the text or two acceptable charts differ), text.

Accepted pairs: a 비정형 chart and its near-identical 2023 차 chart (docs/reader.md "Near-identical chart
pairs", and the others found reading the texts: 비정형-2/차1-5, -4/차3-8, -5/차14-1, -8/차18-2, -10/차45-1,
-11/차11-3, -12/차11-6, -13/차47-2, -14/차47-3, -16/차43-5, -18/차51-2) are accepted either way; a 2025
회전 chart and the 2023 차54 chart that tells the same collision too (회전-9/차54-1, 회전-11/차54-2,
회전-2/차54-5, 회전-3/차54-4). 비정형-17 and 차31-4 name A the other way round (both 20), so no base there.

Measured before the fixes of this branch (main 375edd9, shipped reader, rules + retrieval + reader fused;
an abstention is a miss), see MEASURED_BEFORE.
"""

from __future__ import annotations

import pytest

from katalog.evaluation import chart_matches

from .conftest import Answer, answer_rows, base_right, row_params, top1_right

ME = r"^(저|제|내|나|본인|당사|우리)"

PEDESTRIANS = [
    ('b01', ['보20'], ME, 20, '신호등 없는 횡단보도에서 한 3미터 옆으로 비껴서 건너다가 달려오던 차에 치였어요.'),
    ('b02', ['보20'], '피해자|보행자', 20, '피해자가 횡단보도 인근 약 5m 지점을 횡단 중 직진하던 가해차량에 충격됨.'),
    ('b03', ['보23'], '할아버지', 20, '왕복 2차선 도로에서 무단횡단하던 할아버지를 제 차로 쳤습니다. 횡단보도는 100미터 넘게 떨어져 있었어요.'),
    ('b04', ['보23'], '애|아이', 20, '초딩 애가 학원 앞 도로에서 차 사이로 갑자기 튀어나와서 서행하던 내 차에 부딪힘 횡단보도 없음'),
    ('b05', ['보22'], '할머니', None, '신호 없는 사거리에서 길 건너시던 할머니를 우회전하던 택시가 쳤어요.'),
    ('b06', ['보24'], ME, 0, '인도로 걸어가고 있었는데 주유소로 들어가던 승용차가 인도를 가로질러 들어오면서 저를 쳤어요.'),
    ('b07', ['보24'], '보행자', 0, '보도 보행 중인 보행자를 이면도로에서 나오던 차량이 보도를 침범하여 충격'),
    ('b08', ['보27-2'], ME, 0, '인도 없는 국도 가장자리로 걷고 있었는데 뒤에서 온 화물차 백미러에 팔을 맞았어요.'),
    ('b09', ['보27-1'], ME, 0, '중앙선도 인도도 없는 골목길 걸어가는데 뒤에서 오던 택배 트럭이 저를 치고 갔어요.'),
    ('b10', ['보25'], ME, 10, '인도가 공사중이라 막아놔서 차도 끝으로 걸어가다 뒤에서 오던 차에 부딪혔어요.'),
    ('b11', ['보26'], '사람|보행자', None, '보도가 있는데도 차도로 내려와서 걷고 있던 사람을 제 차가 쳤습니다. 보도 경계석에서 1미터쯤 떨어진 곳이었어요.'),
    ('b12', ['보28'], '아저씨', 20, '보도 차도 구분 없는 동네 길에서 길 한가운데로 걸어가던 아저씨를 마주 오던 차가 쳤어요.'),
    ('b13', ['보30'], '사람', 40, '술 취한 사람이 밤에 차도에 누워 있는 걸 못 보고 제 차가 밟고 지나갔어요.'),
    ('b14', ['보30'], '애', 40, '애들이 차도에서 공놀이하다가 지나가던 차에 치임'),
    ('b15', ['보31', '보32'], ME, 0, '마트 주차장에서 후진하던 차 바로 뒤 2미터쯤을 지나가다가 그 차에 치였어요.'),
    ('b16', ['보31', '보32'], ME, 0, '골목에서 트럭이 후진하는데 그 트럭 뒤로 지나가던 저를 못 보고 쳤어요.'),
    ('b17', ['보34'], ME, 0, '마트 주차장 안에서 걸어가던 중에 주차 자리 찾던 SUV에 부딪혔어요.'),
    ('b18', ['보34'], '아들', 0, '아파트 단지 안 통로를 건너던 우리 아들을 택배차가 쳤어요.'),
    ('b19', ['보23'], '보행자', 20, '야간에 가로등 없는 도로에서 검은 옷 입고 무단횡단하는 보행자를 못 보고 충격함.'),
    ('b20', ['보21'], '남자', 40, '지하도 입구 바로 앞에서 지하도 안 쓰고 도로로 건너던 남자를 직진하다 쳤습니다.'),
    ('b21', ['보13'], ME, 0, '신호등 없는 횡단보도 건너는데 우회전하던 차가 멈추지도 않고 저를 쳤어요.'),
    ('b22', ['보10', '보5'], ME, 0, '보행신호 초록불에 건너던 중에 신호 위반한 버스에 치였습니다.'),
    ('b23', ['보8', '보1'], '보행자', 70, '차량 신호 녹색에 직진 중 적색 신호에 횡단보도로 뛰어든 보행자 충격'),
    ('b24', ['보12'], ME, 5, '녹색불 깜빡일 때 건너기 시작했는데 아직 깜빡이는 중에 빨간불 무시하고 온 차에 치였어요.'),
    ('b25', ['보29-2'], ME, 0, '보행자우선도로로 지정된 이면도로에서 걷고 있었는데 차가 뒤에서 와서 저를 쳤어요.'),
]

NONTYPICAL = [
    ('n01', ['비정형-1', '차5-2'], ME, 100, '보행자 신호 켜져 있는데 우회전해서 나가다가 왼쪽에서 녹색신호 받고 직진하던 차와 충돌했어요.'),
    ('n02', ['비정형-2', '차1-5'], ME, 70, '새벽에 점멸 신호 교차로에서 저는 빨간 점멸이었고 상대는 노란 점멸로 직진하다 교차로 한가운데서 꽝'),
    ('n03', ['비정형-3', '차3-7'], '차량|당사자', 80, '적색 점멸 신호에서 좌회전하던 차량이 황색 점멸에 직진해 온 차량과 충돌'),
    ('n04', ['비정형-4', '차3-8'], ME, 60, '황색점멸 신호 받고 좌회전하던 상대 차가 적색점멸에서 직진하던 내 차와 충돌'),
    ('n05', ['비정형-5', '차14-1'], ME, 70, '중앙선 없는 동네 이면도로 사거리에서 제가 우회전하는데 오른쪽 길에서 왼쪽으로 직진하던 차와 부딪힘'),
    ('n06', ['비정형-8', '차18-2'], ME, 60, '신호등 없는 사거리에서 제가 좌회전하는데 맞은편에서 우회전하던 차가 같은 길로 들어오다 부딪혔어요.'),
    ('n07', ['비정형-10', '차45-1'], '뒤차', 100, '앞차가 좌회전하려고 하는데 뒤차가 중앙선 넘어서 앞차를 추월하다가 좌회전하던 앞차와 충돌'),
    ('n08', ['비정형-11', '차11-3'], '직진', 40, '좌회전 차로에서 직진하던 차와 직진 차로에서 좌회전하던 제 차가 교차로에서 충돌했습니다.'),
    ('n09', ['비정형-12', '차11-6'], '직진|상대', 40, '우회전 전용차로에서 직진하던 차가 직진 차로에서 우회전하던 저를 박았어요.'),
    ('n10', ['비정형-13', '차47-2'], ME, 70, '길가에 세워놨다가 출발하는데 옆 차로에서 차가 제 앞으로 차선 바꿔 들어오다 부딪힘'),
    ('n11', ['비정형-14', '차47-3'], '버스', 40, '시내버스가 정류장에서 출발하는데 승용차가 버스 추월해서 버스 앞으로 들어오다가 충돌'),
    ('n12', ['비정형-16', '차43-5'], '뒤', 40, '같은 차로에서 뒤에 있던 차가 먼저 왼쪽 차로로 바꾸고 있었는데 앞에 있던 제가 뒤늦게 같은 쪽으로 차선 바꾸다 부딪혔어요.'),
    ('n13', ['비정형-17', '차31-4'], None, None, '정차했다가 후진하는데 맞은편 차가 중앙선 넘어 불법유턴하다가 제 차 뒤랑 부딪힘'),
    ('n14', ['비정형-18', '차51-2'], ME, 40, '주차장에서 제가 먼저 주차하려고 들어가는 중인데 뒤에 오던 차가 옆으로 추월하다가 긁었어요.'),
    ('n15', ['비정형-19'], '후진|상대', 40, '지하주차장 통로에서 후진하던 차가 주차칸에서 앞으로 빼서 나가던 제 차를 박았어요.'),
]

ROUNDABOUTS = [
    ('r01', ['차54-1', '회전-9'], ME, 20, '회전교차로 안에서 돌고 있는데 진입하던 차가 제 차 옆을 박았어요.'),
    ('r02', ['차54-1'], '돌고|회전', 20, '로터리 진입하면서 왼쪽 확인 못하고 들어갔는데 이미 돌고 있던 차랑 부딪혔어요.'),
    ('r03', ['차54-2', '회전-11'], ME, 10, '2차로 회전교차로에서 1차로로 돌고 있었는데 바깥쪽 차로로 진입하던 차가 바로 안쪽 1차로로 들어오면서 충돌'),
    ('r04', ['차54-3'], ME, 30, '회전교차로 안쪽 1차로에서 돌다가 나가려고 2차로로 바꾸는데 2차로로 진입해 들어오던 차와 부딪힘'),
    ('r05', ['차54-4', '회전-3'], ME, None, '회전교차로에서 1차로에서 2차로로 차선 바꾸다 2차로에서 돌던 차 옆을 박았어요.'),
    ('r06', ['차54-5', '회전-2'], ME, None, '제가 진입 1차로에서 회전 2차로로 들어가는데 옆 진입 2차로 차도 회전 2차로로 들어와서 회전교차로 입구에서 부딪힘'),
    ('r07', ['회전-1'], ME, 20, '회전교차로 진입로 2개 차로에서 저는 1차로로, 옆 차는 2차로로 진입했는데 둘 다 회전 1차로로 들어가다가 부딪혔어요.'),
    ('r08', ['회전-9', '차54-1'], ME, 20, '회전교차로에 먼저 들어가서 돌고 있던 저를 6시 방향에서 뒤늦게 진입해 직진하려던 차가 들이받음'),
    ('r09', ['회전-11', '차54-2'], ME, 10, '회전교차로 1차로로 돌고 있었는데 나중에 진입한 차가 들어오자마자 1차로로 차선을 바꾸면서 제 차를 쳤어요.'),
    ('r10', ['회전-3', '차54-4'], ME, None, '회전교차로 안에서 1차로로 돌다가 점선 구간에서 2차로로 차로 변경하는데 2차로로 돌던 차랑 충돌했어요.'),
]

MOTORWAY = [
    ('m01', ['보35'], '사람', 80, '고속도로 본선에서 사람이 걸어서 차로를 건너다가 제 차에 치였어요. 왜 거기 있었는지는 모르겠어요.'),
    ('m02', ['보36'], '운전자', 60, '고속도로 사고 후 차에서 내려서 뒤에 안전삼각대 세우러 가던 운전자를 뒤에서 오던 차가 쳤음'),
    ('m03', ['차42-3'], '뒤차', 100, '자동차전용도로 갓길에 고장 나서 비상등 켜고 정차 중이었는데 뒤차가 갓길로 들어와 추돌'),
    ('m04', ['차42-1'], '뒤따르', 80, '고속도로 1차로에서 앞 사고로 멈춰 선 차를 뒤따르던 차가 들이받은 2차 사고'),
    ('m05', ['차43-1'], '본선', 40, '고속도로 합류 구간에서 가속차로 타고 본선 들어가다가 본선 차와 부딪혔어요.'),
    ('m06', ['차43-2'], '1차로|상대', 30, '고속도로 2차로에서 1차로 추월차로로 차선 바꾸다 1차로로 달려오던 차와 충돌'),
    ('m07', ['차43-6'], '빠지|상대', 60, '고속도로 정체 때 갓길로 빠지는 차가 갓길로 달리던 제 차와 부딪힘'),
    ('m08', ['차48-1'], ME, 0, '고속도로에서 앞 화물차 적재물이 떨어져서 내 차 앞유리 깨짐'),
    ('m09', ['차41-1'], '뒤차', 100, '자동차전용도로 주행 중 앞차를 뒤차가 추돌함'),
    ('m10', ['차41-1'], ME, 100, '고속도로에서 앞차가 급정거해서 제가 뒤에서 박았어요ㅠ'),
]

ROWS = PEDESTRIANS + NONTYPICAL + ROUNDABOUTS + MOTORWAY

#: measured before the fixes (main 375edd9, reader fused), per family: hit@1 / hit@3 / base exact (rows with a base)
MEASURED_BEFORE = {
    "보": (21, 23, 19, 25, 23),  # hit@1 21/25, hit@3 23/25, base 19/23
    "비정형": (13, 14, 11, 15, 14),
    "회전": (10, 10, 7, 10, 7),
    "motorway": (8, 9, 5, 10, 10),
}
#: before, the wrong top-1 of each row (an abstention is None): b02 보19, b03 보15 (a crosswalk "100미터 넘게
#: 떨어져" read as the place), b16 차32-1, b17 보30 (a walker inside a car park), n07 abstained, n15 차51-1,
#: m01 보36 (a motorway walker whose reason nobody knows), m02 505. All 60: hit@1 52 (0.867), hit@3 56 (0.933),
#: base exact 42/54 (0.778). After this branch: hit@1 55, hit@3 58, base 45/54.

#: still wrong at top-1, with why (documented, not hidden)
STILL_WRONG: dict[str, str] = {
    "b02": "보19 for 보20: the reader's pick; the rules put 보20 first (no signal is named)",
    "n15": "차51-1 for 비정형-19: '후진하던 차가 주차칸에서 앞으로 빼서 나가던 제 차를': the stretch after the "
           "subject up to the last verb ('주차칸에서 앞으로 빼서') is read as the reversing car's, so it exits the space "
           "(entering outranks reversing) and 제 차 gets no movement",
}
#: right since wt-facts: n07 (앞차 named twice), m02 (a driver out of the car is a walker), m06 (a terse note's
#: leading clause is the unnamed writer's), b18 (kin words are mentions); b16 and n11 were right on its base too
#: hit (top-1) but the base is wrong, with why
BASE_WRONG: dict[str, str] = {}
ROW_IDS = {r[0] for r in ROWS}


@pytest.fixture(scope="module")
def answers() -> dict[str, Answer]:
    """rid → (top chart or None, top 3, A party, B party, A's base) of every row, assessed once."""
    return answer_rows(ROWS)


def test_sixty_distinct_rows():
    assert (len(PEDESTRIANS), len(NONTYPICAL), len(ROUNDABOUTS), len(MOTORWAY)) == (25, 15, 10, 10)
    assert len(ROW_IDS) == 60 and len({r[4] for r in ROWS}) == 60
    assert set(STILL_WRONG) <= ROW_IDS and set(BASE_WRONG) <= ROW_IDS
    assert ME  # the writer's names


@pytest.mark.parametrize("row", row_params(ROWS, STILL_WRONG))
def test_top1(std, answers, row):
    assert top1_right(std, row, answers[row[0]]), (row[0], row[1], answers[row[0]])


@pytest.mark.parametrize("row", row_params([r for r in ROWS if r[3] is not None and r[0] not in STILL_WRONG],
                                      BASE_WRONG))
def test_base(answers, row):
    assert base_right(row, answers[row[0]]), (row[0], answers[row[0]])


def test_still_wrong_rows_keep_the_answer_in_top3(std, answers):
    """b02 and n15 hold the answer in their top 3."""
    kept = {rid for rid, expected, *_ in ROWS if rid in STILL_WRONG
            and any(chart_matches(c, expected, std) for c in answers[rid][1])}
    assert {"b02", "n15"} <= kept, sorted(set(STILL_WRONG) - kept)


def test_family_scores_do_not_fall(std, answers):
    """hit@1 per family at least what was measured (보 24/25, 비정형 14/15, 회전 10/10, motorway 10/10 since wt-facts: m02
    reads the driver out of the car as a walker, m06 the writer's lane change)."""
    floor = {"b": 24, "n": 14, "r": 10, "m": 10}
    got = {k: sum(1 for r in ROWS if r[0][0] == k and answers[r[0]][0] and chart_matches(answers[r[0]][0], r[1], std))
           for k in floor}
    assert all(got[k] >= floor[k] for k in floor), got


# ---- the families fixed on this branch, at the level they were fixed -------------------------------------

@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("왕복 2차선 도로에서 무단횡단하던 할아버지를 쳤습니다. 횡단보도는 100미터 넘게 떨어져 있었어요.", "straight_road"),
        ("횡단보도는 꽤 떨어져 있어서 그냥 건너다가 차에 치였어요.", "straight_road"),
        ("횡단보도에서 30m 떨어진 곳을 건너다 차에 치였다.", "straight_road"),
        ("횡단보도에서 한 5미터쯤 떨어진 데로 길을 건너다가 차에 치였어요.", "crosswalk"),  # 보20's nearness
        ("횡단보도에서 10m 이내 떨어진 곳을 건너다 차에 치였다.", "crosswalk"),
    ],
)
def test_a_crosswalk_said_far_off_is_not_the_place(text, place):
    from katalog.facts import extract_facts
    assert extract_facts(text).place == place


@pytest.mark.parametrize(
    "text",
    [
        "고속도로 본선에서 사람이 걸어서 차로를 건너다가 제 차에 치였어요. 왜 거기 있었는지는 모르겠어요.",
        "고속도로에서 걸어가던 보행자를 쳤는데 이유는 모름",
    ],
)
def test_a_motorway_walker_whose_reason_nobody_knows_has_none(text):
    from katalog.facts import extract_facts
    f = extract_facts(text)
    walker = [p for p in f.parties if p.type == "pedestrian"]
    assert len(walker) == 1 and "보행사유없음" in walker[0].conditions and "보행사유있음" not in f.conditions


@pytest.mark.parametrize(
    "text",
    [
        "마트 주차장 안에서 걸어가던 중에 주차 자리 찾던 SUV에 부딪혔어요.",
        "지하주차장에서 아이 손 잡고 걸어가는데 주차칸 찾던 차가 와서 부딪혔어요.",
    ],
)
def test_a_walker_inside_a_car_park_is_off_the_road(text):
    """보34 (차도가 아닌 장소에서의 횡단): off the road, crossing, and the 도로외 cue the chart names."""
    from katalog.facts import extract_facts
    from katalog.matching.signatures import described_cues
    f = extract_facts(text)
    assert f.place == "off_road" and [p.movement for p in f.parties if p.type == "pedestrian"] == ["crossing"]
    assert "도로외" in described_cues(text, f)


def test_a_walker_behind_a_reversing_car_in_a_car_park_keeps_the_car_park():
    from katalog.facts import extract_facts
    assert extract_facts("마트 주차장에서 후진하던 차 바로 뒤 2미터쯤을 지나가다가 그 차에 치였어요.").place == "parking_lot"

