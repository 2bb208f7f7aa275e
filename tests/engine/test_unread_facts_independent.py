"""Facts still not read (wt-facts): sentences written for this file from the chart texts in data/standard before
any fold row was read, in first person, adjuster notes, terse notes, chat and typos. Families (docs/reader.md
"What is left"):

- W: a driver or passenger who got out of the car is a walker (motorway 보36, an ordinary road 보23);
- T: a party named twice ("앞차를 추월하다가 … 앞차와") is one party, not a third;
- R: a generic or typed "후진하던 X가" / "뒤로 빼던 X가" keeps its reversing;
- K: kin words (아들, 딸, 아버지, 어머니, 할머니, 아이, 애, 남편, 아내, 친구 …) are parties when they walk or ride,
  and no party when they only ride along ("아내 태우고 가다가");
- S: a vehicle a walker goes around ("정차한 버스 뒤로 돌아서") is scenery, not a party;
- L: the other car's lane ("2차로로 달려오던 트럭") and a turner with no turn light ("좌회전 신호도 안 들어왔는데").

Each row: id, acceptable charts, the A party (a regex over the name the engine maps to A; ME = the writer, OTHER =
anyone but the writer), A's base (None where the text does not tell the variant), text.

Measured before the fixes (main a244ad2, shipped reader fused; an abstention is a miss): see MEASURED_BEFORE.
After: 44/44 (hit@1 and base), FRESH 10/10. Rules-only dev sets unchanged (committee 0.963 / 0.817 / 0.696 / 0.922,
q2 0.950, queries 0.844, structured 0.923). Out of fold (tools/train_reader.py --no-write, 2,906 fold rows): clogit /
as answered 0.8906 (main 0.890), rules alone 0.8482 (0.848); 2 rows gained (EV-CR-0213, EV-GE-0464), none lost.
"""

from __future__ import annotations

import pytest

from .conftest import Answer, answer_rows, base_right, row_params, top1_right

ME = r"^(저|제|내|나|본인|당사|우리)"
OTHER = r"^(?!(저|제|내|나|본인|당사|우리))"

WALKERS = [
    ('w01', ['보36'], '운전자', 60, '고속도로에서 사고 나서 차에서 내려 갓길 쪽으로 걸어가던 운전자를 뒤따라오던 트럭이 쳤습니다.'),
    ('w02', ['보36'], '동승자', 60, '고속도로 타이어 펑크 나서 차 세우고 내려서 삼각대 놓으러 가던 동승자가 뒤에서 오던 승용차에 치였어요'),
    ('w03', ['보36'], '운전자', 60, '고속도로 1차로에 고장차 세워두고 내린 운전자가 차 뒤에서 수신호 하다가 후행 차량에 충격됨'),
    ('w04', ['보36'], '운전자', 60, '자동차전용도로에서 접촉사고 후 차 밖으로 나와 있던 상대 운전자를 제 차가 쳤어요'),
    ('w05', ['보36'], '남편', 60, '남편이 고속도로에서 차 고장나서 내려서 비상삼각대 설치하다가 뒤에서 오던 차에 치였어요'),
    ('w06', ['보36'], '운전자', 60, '고속도로갓길에 차 대고 내려서 트렁크에서 삼각대 꺼내던 운전자를 뒤차가 받음'),
    ('w07', ['보36'], '운전자', 60, '고속도로 터널 안에서 사고 처리하려고 차에서 내린 운전자를 뒤에서 온 SUV가 치었습니다'),
    ('w08', ['보23'], '운전자', 20, '편도 1차로 시골길에서 차 세우고 내려서 길 건너던 운전자를 마주 오던 트럭이 쳤어요'),
]

TWICE = [
    ('t01', ['차45-1', '비정형-10'], '뒤차', 100, '앞차가 좌회전하려고 서행하는데 뒤차가 황색 실선 넘어 앞차를 추월하다가 좌회전하던 앞차와 부딪혔어요'),
    ('t02', ['차45-1', '비정형-10'], '트럭', 100, '제가 좌회전하려고 깜빡이 켜고 속도 줄이는데 뒤에 오던 트럭이 중앙선 넘어서 추월하다가 트럭이 제 차 옆을 박았어요'),
    ('t03', ['차41-1'], '뒤차', 100, '앞차가 앞에 고양이 보고 속도 줄였는데 뒤차가 앞차를 들이받았어요'),
    ('t04', ['차43-2'], ME, 30, '택시가 갑자기 차선을 바꿔서 제 앞으로 들어왔고 택시 뒤를 제가 받았습니다'),
    ('t05', ['차41-1'], '뒤차', 100, '신호대기중이었는데 뒤차가 빵빵거리더니 뒤차가 제 차를 추돌했어요'),
    ('t06', ['차43-2'], ME, 30, '화물차가 2차로에서 1차로로 차선 변경하다가 1차로 직진하던 제 차를 화물차가 긁었어요'),
]

REVERSING = [
    ('r01', ['비정형-19'], OTHER, 40, '주차장 통로에서 후진하던 SUV가 주차칸에서 빠져나오던 제 차를 박았어요'),
    ('r02', ['비정형-19'], OTHER, 40, '지하주차장 통로에서 뒤로 빼던 트럭이 주차면에서 나가던 제 차랑 부딪혔어요'),
    ('r03', ['비정형-19'], OTHER, 40, '마트 주차장 통로를 후진하던 택시가 주차구역에서 출차하던 내 차 옆을 쳤어요'),
    ('r04', ['보32', '보31'], ME, 0, '골목에서 후진하던 트럭이 뒤에 걸어가던 저를 쳤어요'),
    ('r05', ['보32', '보31'], '할머니', 0, '후진하던 승합차가 뒤에 지나가던 할머니를 못 보고 쳤습니다'),
    ('r06', ['비정형-19'], OTHER, 40, '주차장에서 후진 중이던 차량이 주차칸에서 나오던 당사 차량과 충돌함.'),
    ('r07', ['비정형-19'], OTHER, 40, '주차장 통로 후진하던 차가 주차자리에서 앞으로 나오던 내차 박음ㅠ'),
]

KIN = [
    ('k01', ['보34'], '딸', 0, '아파트 단지 안 길을 건너던 우리 딸을 배달 오토바이가 쳤어요'),
    ('k02', ['보13'], '아버지', 0, '신호등 없는 횡단보도 건너던 아버지를 우회전하던 트럭이 치었습니다'),
    ('k03', ['보10', '보5'], '아이', 0, '우리 아이가 초록불에 횡단보도 건너는데 빨간불에 달려온 승용차가 아이를 쳤어요'),
    ('k04', ['보23'], '어머니', 20, '어머니가 횡단보도 없는 도로를 건너시다가 직진하던 택시에 치이셨어요'),
    ('k05', ['보27-1', '보27-2'], '할머니', 0, '할머니께서 인도 없는 동네 골목길 가장자리로 걸어가시는데 뒤에서 오던 차가 할머니를 치고 갔어요'),
    ('k06', ['거8-1'], '아들|자전거', 10, '아들이 자전거 타고 신호 없는 교차로를 직진하다가 맞은편에서 좌회전하던 차에 부딪혔어요'),
    ('k07', ['거1-1'], '남편|자전거', 0, '남편이 자전거로 교차로를 녹색신호에 직진하는데 빨간불에 직진한 승용차가 남편을 박았어요'),
    ('k08', ['차15-1'], ME, 30, '아내 태우고 신호 없는 교차로에서 직진하는데 맞은편에서 좌회전하던 차가 박았어요'),
    ('k09', ['차41-1'], '트럭', 100, '애들 태우고 가다가 신호대기 중인데 뒤에서 트럭이 들이받았어요'),
    ('k10', ['차43-2'], OTHER, 30, '친구 차 조수석에 타고 있었는데 친구가 차선 바꾸다가 옆 차로에서 직진하던 차랑 부딪혔어요'),
    ('k11', ['보23'], '엄마', 20, '엄마가 차에서 내려서 버스 정류장 쪽으로 길 건너다가 지나가던 오토바이에 치였어요'),
    ('k12', ['보23'], '애', 20, '애가 학교 앞 횡단보도 없는 데서 뛰어서 건너다가 학원 차에 치였어요'),
]

SCENERY = [
    ('s01', ['보23'], ME, 20, '정차한 버스 뒤로 돌아서 길을 건너다가 오던 차에 치였어요'),
    ('s02', ['보23'], '학생', 20, '주차된 트럭 앞으로 나와서 도로를 건너던 학생을 제 차가 쳤습니다'),
    ('s03', ['보23'], ME, 20, '서 있는 택시 사이로 빠져나와 길 건너던 중에 오토바이에 부딪혔어요'),
    ('s04', ['보23'], ME, 20, '마을버스에서 내려서 버스 앞으로 건너가다가 반대편에서 오던 승용차에 치였습니다'),
    ('s05', ['보23'], '아이', 20, '길가에 세워둔 화물차 뒤에서 갑자기 튀어나온 아이를 직진하던 제 차가 쳤어요'),
    ('s06', ['보23'], '할아버지', 20, '불법주차된 SUV 사이로 건너던 할아버지를 택시가 쳤어요'),
]

LANES = [
    ('l01', ['차43-2'], '트럭', 30, '고속도로 3차로에서 2차로로 차선 변경하다가 2차로로 달려오던 트럭과 충돌'),
    ('l02', ['차43-2'], OTHER, 30, '편도 3차로 도로에서 2차로로 들어가다가 2차로를 달리던 차랑 부딪혔어요'),
    ('l03', ['차43-2'], ME, 30, '1차로 주행 중 2차로에서 1차로로 진로 변경한 차량과 충돌'),
    ('l04', ['차2-2'], ME, 0, '신호등 있는 사거리에서 초록불에 직진하는데 맞은편 차가 좌회전 신호도 안 들어왔는데 좌회전해서 박았어요'),
    ('l05', ['차2-2'], ME, 0, '교차로 녹색 신호에 직진 중, 반대편 차량이 좌회전 신호가 아닌데 좌회전하여 충돌'),
]

#: written after the fixes, before being run (a check that the fixes are families, not these 44 phrasings): 9/10 at
#: first (f03 read "저희 딸" and "딸" as two people, f06 "사이로 나온 아이" was no walker), 10/10 after two more rules
FRESH = [
    ('f01', ['보36'], '운전자', 60, '고속도로 갓길에 사고차 세워두고 내린 운전자가 수신호하다가 지나가던 화물차에 치였습니다'),
    ('f02', ['보23'], '할머니', 20, '할머니가 시내버스에서 내리셔서 버스 앞으로 길을 건너시다가 마주 오던 승용차에 치이셨어요'),
    ('f03', ['보13'], '딸', 0, '저희 딸이 신호등 없는 횡단보도를 건너는데 SUV가 서지 않고 딸을 쳤어요'),
    ('f04', ['거8-1'], '남편|자전거', 10, '남편이 자전거로 직진하는데 반대편에서 좌회전하던 택시가 남편 자전거를 박았대요'),
    ('f05', ['차41-1'], '뒤차', 100, '딸아이 태우고 가다가 신호대기 중인데 뒤차가 들이받았습니다'),
    ('f06', ['보23'], '아이', 20, '주차된 승합차 사이로 나온 아이를 제가 직진하다가 못 보고 쳤습니다'),
    ('f07', ['차43-2'], ME, 30, '2차로 주행 중 3차로에서 2차로로 진로 변경하는 차량과 충돌함'),
    ('f08', ['비정형-19'], OTHER, 40, '주차장 통로에서 뒤로 빼던 승용차가 주차구역에서 나오던 당사 차량을 충격함'),
    ('f09', ['보36'], '동승자', 60, '자동차전용도로에서 펑크 나서 차 세우고 내려서 트렁크 쪽으로 가던 동승자를 뒤따르던 차가 쳤어요'),
    ('f10', ['보10', '보5'], '아버지', 0, '아버지께서 초록불에 횡단보도 건너시는데 신호 위반한 오토바이가 아버지를 치었습니다'),
]

ROWS = WALKERS + TWICE + REVERSING + KIN + SCENERY + LANES + FRESH

#: measured before the fixes (main a244ad2, reader fused), per family: (hit@1, base exact, rows)
MEASURED_BEFORE: dict[str, tuple[int, int, int]] = {
    "w": (1, 1, 8),  # a driver out of the car is no mention (운전자/동승자) or stays a car: 차42-3 answers
    "t": (6, 6, 6),  # already right on main (n07 was fixed by an earlier branch)
    "r": (6, 6, 7),  # r02: "뒤로 빼던 트럭" reverses, yet 차51-1 wins
    "k": (12, 11, 12),  # k01: the kin word 딸 is no mention, the crossing goes to the motorcycle
    "s": (2, 2, 6),  # the bus / truck / taxi walked around is a stopped party: 차42-2 answers
    "l": (2, 2, 5),  # a terse note's leading clause with no named writer goes to the other car
}
#: all 44 before: hit@1 29 (0.659), base exact 28 (0.636). After this branch: hit@1 44, base exact 44 (the rules were
#: written against these rows, hence FRESH).

#: still wrong at top-1, with why
STILL_WRONG: dict[str, str] = {}
#: hit (top-1) but A or A's base is wrong, with why
BASE_WRONG: dict[str, str] = {}


@pytest.fixture(scope="module")
def answers() -> dict[str, Answer]:
    """rid → (top chart or None, top 3, A party, B party, A's base) of every row, assessed once."""
    return answer_rows(ROWS)


def test_rows_are_distinct():
    assert len(ROWS) >= 50 and len({r[0] for r in ROWS}) == len(ROWS) and len({r[4] for r in ROWS}) == len(ROWS)
    ids = {r[0] for r in ROWS}
    assert set(STILL_WRONG) <= ids and set(BASE_WRONG) <= ids


@pytest.mark.parametrize("row", row_params(ROWS, STILL_WRONG))
def test_top1(std, answers, row):
    assert top1_right(std, row, answers[row[0]]), (row[0], row[1], answers[row[0]])


@pytest.mark.parametrize("row", row_params([r for r in ROWS if r[3] is not None and r[0] not in STILL_WRONG],
                                      BASE_WRONG))
def test_base(answers, row):
    assert base_right(row, answers[row[0]]), (row[0], answers[row[0]])


# ---- the families fixed on this branch, at the level they were fixed -------------------------------------

def _parties(text: str) -> list[tuple[str, str | None, str | None]]:
    from katalog.facts import extract_facts
    return [(p.name, p.type, p.movement) for p in extract_facts(text).parties]


@pytest.mark.parametrize(
    ("text", "walker"),
    [
        ("고속도로 사고 후 차에서 내려서 뒤에 안전삼각대 세우러 가던 운전자를 뒤에서 오던 차가 쳤음", "운전자"),
        ("고속도로에서 고장으로 내린 동승자가 갓길을 걷다가 뒤에서 온 트럭에 치였습니다", "동승자"),
        ("접촉사고 후 차 밖으로 나와 있던 상대 운전자를 제 차가 쳤어요", "상대 운전자"),
    ],
)
def test_a_driver_or_passenger_out_of_the_car_is_a_walker(text, walker):
    ps = _parties(text)
    assert len(ps) == 2 and (walker, "pedestrian") in [(n, t) for n, t, _m in ps], ps


@pytest.mark.parametrize(
    "text",
    [
        "뒤차가 박았는데 운전자가 내려서 사과했어요",  # the driver who got out is hit by nobody
        "신호대기 중에 뒤차가 박았어요. 운전자가 음주였습니다",
    ],
)
def test_a_driver_who_is_not_hit_is_no_party(text):
    assert len(_parties(text)) == 2 and all(t != "pedestrian" for _n, t, _m in _parties(text))


@pytest.mark.parametrize(
    ("text", "kin", "typ"),
    [
        ("아파트 단지 안 통로를 건너던 우리 아들을 택배차가 쳤어요.", "우리아들", "pedestrian"),
        ("신호등 없는 횡단보도 건너던 아버지를 우회전하던 트럭이 치었습니다", "아버지", "pedestrian"),
        ("어머니가 횡단보도 없는 도로를 건너시다가 직진하던 택시에 치이셨어요", "어머니", "pedestrian"),
    ],
)
def test_a_kin_word_on_foot_is_the_walker(text, kin, typ):
    ps = _parties(text)
    assert len(ps) == 2 and (kin, typ) in [(n, t) for n, t, _m in ps], ps


@pytest.mark.parametrize(
    "text",
    [
        "아내 태우고 신호 없는 교차로에서 직진하는데 맞은편에서 좌회전하던 차가 박았어요",
        "아내가 조수석에 타고 있었는데 뒤에서 트럭이 박았어요",
        "남편이 옆에 타고 있었는데 신호 없는 교차로에서 오른쪽 차가 박았어요",
        "아들을 학원에 데려다주고 오는 길에 교차로에서 직진하다가 좌회전 차랑 부딪혔어요",
        "아내가 놀라서 병원에 갔어요. 신호대기 중에 뒤차가 박았어요",
        "아들이 자전거 타고 신호 없는 교차로를 직진하다가 맞은편에서 좌회전하던 차에 부딪혔어요",
    ],
)
def test_a_kin_word_riding_along_or_aside_makes_no_third_party(text):
    ps = _parties(text)
    assert len(ps) == 2 and not any(n in ("아내", "남편", "아들") for n, _t, _m in ps), ps


@pytest.mark.parametrize(
    "text",
    [
        "정차한 버스 뒤로 돌아서 길을 건너다가 오던 차에 치였어요",
        "불법주차된 SUV 사이로 건너던 할아버지를 택시가 쳤어요",
        "길가에 세워둔 화물차 뒤에서 갑자기 튀어나온 아이를 직진하던 제 차가 쳤어요",
    ],
)
def test_a_vehicle_a_walker_goes_around_is_scenery(text):
    ps = _parties(text)
    assert len(ps) == 2 and [t for _n, t, _m in ps].count("pedestrian") == 1, ps
    assert all(m != "stopped" for _n, _t, m in ps) and all(t not in ("bus", "truck") for _n, t, _m in ps), ps


def test_a_vehicle_walked_around_that_then_moves_is_a_party():
    ps = _parties("골목에서 트럭이 후진하는데 그 트럭 뒤로 지나가던 저를 못 보고 쳤어요.")
    assert ("트럭", "truck", "reversing") in ps, ps


@pytest.mark.parametrize(
    ("text", "mover"),
    [
        ("고속도로 2차로에서 1차로 추월차로로 차선 바꾸다 1차로로 달려오던 차와 충돌", "lane_change"),
        ("고속도로 3차로에서 2차로로 차선 변경하다가 2차로로 달려오던 트럭과 충돌", "lane_change"),
        ("교차로 녹색 신호에 직진 중, 반대편 차량이 좌회전 신호가 아닌데 좌회전하여 충돌", "straight"),
    ],
)
def test_a_terse_notes_leading_clause_is_the_unnamed_writers(text, mover):
    ps = _parties(text)
    assert len(ps) == 2 and ps[0][0] == "A" and ps[0][2] == mover, ps


def test_a_left_turn_without_its_arrow_against_a_green_straight_is_on_that_green():
    from katalog.facts import extract_facts
    f = extract_facts("교차로에서 초록불에 직진하는데 맞은편 차가 좌회전 신호 없이 좌회전해서 부딪혔어요")
    turner = next(p for p in f.parties if p.movement == "left_turn")
    assert turner.signal == "green" and "신호위반" in turner.factors
