"""A second independent everyday check (wt-indep1): car-to-car intersections (signals, 비보호 좌회전, 우회전,
유턴 구역 and 불법 유턴, 꼬리물기, 황색 진입, 점멸, 신호 없는 교차로 폭/방향, 아파트·주유소에서 도로 진입),
two-wheelers (오토바이, 배달 오토바이), PM (킥보드) and bicycles (거 charts): 60 descriptions written for this
file before any fold row was read, in the voices of drivers, riders, adjusters and chat messages, each with the
chart a reader of data/standard would pick (any listed id is right; an alias counts through `maps_to`, as the
evaluation does) and the base fault of one named party.

A two-wheeler may be answered on a 2023 car chart or on a portal 3xx chart; both are listed, and the base
accepts either book's share for the rider (which book answers undated text is the lead's open choice).

Each row: (id, acceptable charts, party, faults, text). `party` picks the engine's party whose facts match
"type:movement:signal" (empty fields match anything); `faults` are the base fault that party must get.

Measured before the fixes of this branch (main 375edd9, shipped reader, rules + retrieval + reader fused;
an abstention counts as a miss): hit@1 52/60 (0.867; intersections 22/25, two-wheelers 10/12, PM 10/12,
bicycles 10/11), hit@3 56/60 (0.933), base 52/60 (0.867). Wrong before: i06 차1-1, i09 abstained, i12 차15-1,
m01 326, m12 381, k03 PM-19, k06 PM-29, b05 차43-2. After (wt-indep1): hit@1 55/60 (0.917), hit@3 58/60
(0.967), base 55/60 (0.917); the families fixed are tested below. `STILL_WRONG` lists the rows whose top-1
is still not right; every other row must be right, and three of those keep the answer in their top 3.

OOF with these fixes (tools/train_reader.py --no-write, 2,906 fold rows): clogit hit@1 0.8885 (main 0.8882),
hit@3 0.9759 (0.9756), as answered 0.8699 (0.8696), rules alone 0.8317 (0.8314); dev sets rules-only unchanged.
"""

from __future__ import annotations

import pytest

from katalog.evaluation import chart_matches
from katalog.models import Assessment

from .conftest import assessed

Row = tuple[str, list[str], str, tuple[int, ...], str]

INTERSECTIONS: list[Row] = [
    ('i01', ['차1-1'], 'car::green', (0,), '저는 초록불에 직진하고 있었는데 왼쪽 도로에서 빨간불인데 그냥 달려온 차가 제 운전석 쪽을 들이받았어요.'),
    ('i02', ['차2-6'], 'car:left_turn', (90,), '교차로 비보호 좌회전 하다가 맞은편에서 직진하던 차랑 쾅. 초록불이었고 비보호 표지판 있는 곳이에요'),
    ('i03', ['차2-6'], 'car:left_turn', (90,), 'A차량 녹색신호에 교차로 직진 중, 맞은편 B차량 비보호 좌회전 중 충돌.'),
    ('i04', ['차12-2'], 'car::', (30,), '신호등 없는 교차로에서 제가 넓은 큰길로 직진하는데 좁은 골목길에서 튀어나온 차가 제 차 옆을 박았어요'),
    ('i05', ['차12-1'], 'car::', (40,), '신호 없는 동네 사거리고 둘 다 폭이 같은 도로임. 나는 오른쪽 도로에서 직진, 상대는 왼쪽 도로에서 직진하다 충돌'),
    ('i06', ['차5-2'], 'car:right_turn', (100,), '제 쪽 신호가 빨간불이라 우회전했는데 왼쪽 도로에서 초록불 받고 직진해 오던 차랑 부딪혔어요. 신호등 있는 사거리예요.'),
    ('i07', ['차33-1'], 'car:straight', (20,), '유턴 표시 있는 곳에서 유턴하다가 맞은편에서 직진해 오던 차랑 부딪혔습니다. 유턴 신호는 따로 없는 곳이에요.'),
    ('i08', ['차31-3'], 'car:straight', (0,), '중앙선이 실선인데 맞은편 차가 불법유턴 하다가 직진하던 내 차를 들이받음'),
    ('i09', ['차1-2'], 'car::', (30,), '차가 밀려서 앞차 따라 초록불에 교차로 들어갔는데 교차로 안에서 빨간불로 바뀌어 버렸고, 그때 옆 도로에서 녹색 신호 받고 출발한 차가 제 차 옆을 받았어요. 꼬리물기라고 하네요.'),
    ('i10', ['차1-3'], 'car::yellow', (30,), '노란불에 교차로 들어갔는데 옆 도로에서 빨간불 무시하고 들어온 차랑 박았어요'),
    ('i11', ['차2-1'], 'car:straight', (100,), '제가 빨간불인데 직진했어요 ㅠ 맞은편에서 녹색 화살표 신호 받고 좌회전하던 차를 받았습니다. 제 잘못 맞죠?'),
    ('i12', ['차2-2'], 'car:straight', (0,), '비보호 표시 없는 교차로에서 당 차량 직진 녹색신호에 진행 중, 맞은편 상대 차량이 좌회전 신호 없이 좌회전 감행하여 충돌함.'),
    ('i13', ['차3-6'], 'car:straight', (0,), '제 신호가 초록불이라 직진하는데 오른쪽 도로에서 빨간불에 좌회전하던 차가 나와서 충돌했어요'),
    ('i14', ['차21-1'], 'car::', (40, 60), '좌회전 차로가 2개인 교차로에서 나란히 좌회전하다가 옆 차랑 부딪혔어요. 저는 오른쪽 차로에서 돌고 있었고 왼쪽 차가 크게 돌면서 붙었어요.'),
    ('i15', ['차15-1'], 'car:straight', (30,), '신호등 없는 교차로에서 직진하는데 맞은편 차가 좌회전하면서 제 차 앞을 가로막아 부딪힘'),
    ('i16', ['차7-1'], 'car::', (20,), '상대방 쪽에 일시정지 표지판이 있었는데 안 서고 그냥 직진해서 들어와 교차로를 직진하던 제 차 옆구리를 받았습니다.'),
    ('i17', ['차44-1'], 'car:straight', (20,), '아파트 단지에서 나와서 도로로 우회전해 들어가다가 그 도로를 직진하던 차랑 부딪혔어요'),
    ('i18', ['차31-2'], 'car:straight', (0,), '주유소에서 기름 넣고 나온 차가 중앙선을 넘어 좌회전으로 도로에 진입하다가 직진하던 제 차와 충돌했습니다.'),
    ('i19', ['차1-5'], 'car::red_flash', (70,), '새벽이라 신호등이 깜빡이는 점멸이었는데 제 쪽은 황색 점멸, 상대 쪽은 적색 점멸이었고 둘 다 직진하다 교차로에서 충돌'),
    ('i20', ['차4-1'], 'car:left_turn', (20,), '좌회전 신호 받고 좌회전하는데 맞은편에서 우회전하던 차가 같은 차로로 들어와서 부딪혔습니다'),
    ('i21', ['차4-2'], 'car:left_turn', (60,), '비보호 좌회전 중이었는데 맞은편에서 우회전하던 차량이랑 같은 차선으로 들어가다가 부딪혔어요'),
    ('i22', ['차13-1'], 'car:right_turn', (60,), '신호 없는 삼거리에서 우회전하다가 왼쪽에서 직진해 오던 차량과 부딪힘'),
    ('i23', ['차33-2'], 'car:right_turn', (30,), '유턴 구역에서 유턴했는데 오른쪽 도로에서 우회전해 나오던 차랑 부딪혔어'),
    ('i24', ['차1-4'], 'car::', (50,), '사거리에서 직진하다 옆에서 직진하던 차랑 부딪혔는데 경찰이 블박 보더니 저도 빨간불, 상대도 빨간불에 들어왔대요'),
    ('i25', ['차2-2'], 'car:straight', (0,), '어제 퇴근길에 있었던 일인데요, 큰 사거리에서 제가 직진 신호 받고 가고 있었거든요. 근데 반대편에서 오던 택시가 좌회전 신호도 아닌데 그냥 좌회전해 버리는 거예요. 여기 비보호 아니고 좌회전 전용 신호가 따로 있는 곳이에요. 제 차 앞부분이랑 택시 옆구리가 완전 박살 났고 택시 기사는 자기도 초록불이었다고 우기네요.'),
]

TWO_WHEELERS: list[Row] = [
    ('m01', ['301', '차1-1'], 'two_wheeler', (0,), '오토바이 타고 초록불에 직진하는데 옆 도로에서 신호위반한 승용차가 저를 쳤어요'),
    ('m02', ['302', '차1-1'], 'two_wheeler', (100,), '배달 오토바이가 빨간불에 교차로 들어와서 녹색신호에 직진하던 내 차 옆을 박음'),
    ('m03', ['318', '차2-6'], 'two_wheeler', (10,), '배달대행 기사인데요 교차로에서 초록불에 직진하고 있는데 맞은편 차가 비보호 좌회전하다가 저를 쳤습니다'),
    ('m04', ['389', '차43-2'], 'two_wheeler', (60, 70), '오토바이가 차선 변경하다가 뒤에서 직진하던 내 차랑 접촉함'),
    ('m05', ['390', '차41-1'], 'two_wheeler', (100,), '신호 대기 중이었는데 제 차 뒤를 배달 오토바이가 추돌했어요'),
    ('m06', ['388', '차43-2'], 'two_wheeler', (20, 30), '스쿠터 타고 직진하는데 앞에 가던 승용차가 갑자기 차로 변경하면서 저를 쳤어요'),
    ('m07', ['376', '차61-1'], 'two_wheeler', (70,), '오토바이로 정체된 차들 오른쪽 가장자리로 직진하다가 교차로에서 차들 사이로 좌회전하던 차와 충돌'),
    ('m08', ['395', '차61-3', '차52-1'], 'two_wheeler', (20, 30), '길가에 세워둔 차 운전자가 문을 갑자기 열어서 옆을 지나가던 제 오토바이가 문에 부딪혔어요'),
    ('m09', ['381', '차61-2'], 'two_wheeler', (70,), '오토바이가 인도로 달리다가 건물 주차장으로 우회전해 들어가던 차에 부딪힘'),
    ('m10', ['393', '차33-1'], 'two_wheeler', (80,), '배달 오토바이가 유턴하다가 직진하던 내 차랑 부딪혔어. 유턴 허용 구역이었음'),
    ('m11', ['382', '차31-1'], 'two_wheeler', (100,), '오토바이가 중앙선 넘어서 역주행하다가 마주 오던 제 차와 정면충돌했습니다'),
    ('m12', ['378', '차44-1'], 'two_wheeler', (70, 80), '편의점 앞 인도에 있던 오토바이가 차도로 바로 내려오다가 직진하던 제 차에 받혔어요'),
]

PM: list[Row] = [
    ('k01', ['PM-26'], 'pm', (0,), '전동킥보드 타고 초록불에 횡단보도 건너는데 차가 빨간불 무시하고 와서 치였어요'),
    ('k02', ['PM-02'], 'pm', (100,), '킥보드가 빨간불에 사거리 들어와서 초록불 직진하던 제 차랑 부딪혔어요'),
    ('k03', ['PM-30'], 'pm', (70,), '공유킥보드 탄 학생이 인도에서 갑자기 차도로 내려와서 제 차랑 부딪힘'),
    ('k04', ['PM-32'], 'pm', (10,), '킥보드 타고 도로 가장자리로 가고 있는데 앞차가 갑자기 오른쪽으로 차선 바꾸다가 저를 쳤어요'),
    ('k05', ['PM-28'], 'pm', (100,), '전동킥보드가 중앙선 넘어 역주행해 오다가 내 차와 충돌'),
    ('k06', ['PM-35'], 'pm', (0,), '자전거도로로 킥보드 타고 가는데 차가 자전거도로로 넘어 들어와서 부딪혔어요'),
    ('k07', ['PM-33'], 'pm', (0,), '전동킥보드 타고 신호 대기 중이었는데 뒤에서 오던 차가 그대로 박았어요'),
    ('k08', ['PM-12'], 'pm', (10,), '킥보드로 신호등 없는 사거리 직진하는데 맞은편 차가 좌회전하다가 충돌'),
    ('k09', ['PM-38'], 'pm', (20,), '킥보드 타고 가다가 주차된 차 문이 갑자기 열려서 문에 부딪혔어요'),
    ('k10', ['PM-36'], 'pm', (40,), '전동킥보드 인도 주행 중 건물 주차장으로 우회전 진입하던 차량과 충돌'),
    ('k11', ['PM-20'], 'pm', (0,), '킥보드 타고 교차로 옆 자전거횡단도 건너다가 좌회전하던 차에 치였어요'),
    ('k12', ['PM-13'], 'pm', (60,), '킥보드 탄 사람이 신호없는 교차로에서 좌회전하다가 맞은편에서 직진하던 제 차와 부딪혔어요'),
]

BICYCLES: list[Row] = [
    ('b01', ['거1-1'], 'bicycle', (0,), '자전거 타고 초록불에 교차로 직진 중이었는데 신호위반 차량이 옆에서 들이받음'),
    ('b02', ['거1-2'], 'bicycle', (90,), '자전거가 빨간불에 교차로로 건너오다가 녹색신호에 직진하던 제 차에 부딪혔어요'),
    ('b03', ['거10-1', '거10-2'], 'bicycle', (30, 70), '자전거 타고 직진하는데 앞에 가던 차가 우회전하면서 저를 쳤어요'),
    ('b04', ['거33-2'], 'bicycle', (60,), '자전거가 인도에서 차도로 갑자기 내려와서 제 차와 충돌했습니다'),
    ('b05', ['거43-2'], 'bicycle', (0,), '자전거 전용차로 달리는데 승용차가 차로 변경해서 들어와 부딪힘'),
    ('b06', ['거42-1'], 'bicycle', (0,), '자전거횡단도로 자전거 타고 건너는데 직진하던 차에 치었어요'),
    ('b07', ['거41-1'], 'bicycle', (40,), '자전거가 횡단보도 아닌 곳에서 도로를 가로질러 건너다 달리던 차와 충돌'),
    ('b08', ['거21-1'], 'bicycle', (60,), '자전거가 역주행으로 반대방향에서 달려오다가 제 차랑 정면으로 부딪혔어요'),
    ('b09', ['거8-1'], 'bicycle', (10,), '신호등 없는 교차로에서 자전거 타고 직진하는데 맞은편 차가 좌회전하다 치었어요'),
    ('b10', ['거31-1'], 'bicycle', (0,), '자전거 타고 가는데 뒤에서 오던 차가 제 자전거 뒷바퀴를 추돌했습니다'),
    ('b11', ['거2-1'], 'bicycle', (5,), '자전거로 초록불에 직진하는데 맞은편에서 비보호 좌회전하던 차량이 저를 쳤습니다'),
]

ROWS = INTERSECTIONS + TWO_WHEELERS + PM + BICYCLES

#: still wrong at top-1 (documented, not hidden): id → why
STILL_WRONG: dict[str, str] = {
    "i12": "차2-6 for 차2-2 (second; before wt-facts 차2-1, fourth): '좌회전 신호 없이 좌회전' against a green straight is now "
           "the turner's 신호위반 on that green (the lay wording answers 차2-2), but the shipped reader still prefers 2-6's "
           "green left turn; rules alone answer 차2-5",
    "m01": "326 for 301 / 차1-1 (third): a side car that ran the red with no movement named is read as the "
           "portal's red left turn; the car-only wording answers 차1-1",
}


def _top(text: str) -> tuple[str | None, list[str]]:
    a = assessed(text)
    return (a.chart_id if a.status == "ok" else None), [c.chart_id for c in a.candidates[:3]]


def party_fault(a: Assessment, party: str) -> int | None:
    """The base fault of the one engine party whose facts match "type:movement:signal"; between two cars
    where both or neither match (two cars going straight, a movement left unread), the fault of the chart's
    A party, as `party` always names the expected chart's A there. None without an answer or where no party
    matches."""
    if a.status != "ok" or not a.base:
        return None
    want = (party.split(":") + ["", "", ""])[:3]
    # facts name parties as the text does ('A', 'B'); the answer may rename them, in the same order
    names = a.parties if len(a.parties) == len(a.facts.parties) else [p.name for p in a.facts.parties]
    hits = [
        n for n, p in zip(names, a.facts.parties, strict=False)
        if all(not w or w == (v or "") for w, v in zip(want, (p.type, p.movement, p.signal), strict=True))
        and n in a.base
    ]
    if len(hits) == 1:
        return a.base[hits[0]]
    if a.mapping is not None and (len(hits) > 1 or (not hits and want[0] == "car")):
        return a.base.get(a.mapping.A)
    return None


def test_sixty_distinct_rows():
    assert (len(INTERSECTIONS), len(TWO_WHEELERS), len(PM), len(BICYCLES)) == (25, 12, 12, 11)
    assert len({r[0] for r in ROWS}) == 60 and len({r[4] for r in ROWS}) == 60
    assert set(STILL_WRONG) <= {r[0] for r in ROWS}


@pytest.mark.parametrize(("rid", "expected", "party", "faults", "text"),
                         [r for r in ROWS if r[0] not in STILL_WRONG], ids=lambda x: x if isinstance(x, str) and len(x) == 3 else "")
def test_top1(std, rid, expected, party, faults, text):
    chart, top3 = _top(text)
    assert chart is not None and chart_matches(chart, expected, std), (rid, expected, chart, top3)


#: how many `STILL_WRONG` rows hold the answer in their top 3 (all since wt-facts: i12 has it second). b05, i06 and i09 are right
#: since wt-int2 (a writer riding the bike lane is a cyclist; 차5-2 no longer requires a 횡단보도 said; a front
#: car only followed is no party).
TOP3_KEPT = len(STILL_WRONG)


def test_still_wrong_rows_keep_the_answer_in_top3(std):
    kept = [rid for rid, expected, _party, _faults, text in ROWS if rid in STILL_WRONG
            and (top := _top(text))[0] is not None and any(chart_matches(c, expected, std) for c in top[1])]
    assert len(kept) >= TOP3_KEPT, sorted(set(STILL_WRONG) - set(kept))


@pytest.mark.parametrize(("rid", "expected", "party", "faults", "text"),
                         [r for r in ROWS if r[0] not in STILL_WRONG], ids=lambda x: x if isinstance(x, str) and len(x) == 3 else "")
def test_base(rid, expected, party, faults, text):
    """The named party's base fault, on the chart answered (either book for a two-wheeler)."""
    f = party_fault(assessed(text), party)
    assert f in faults, (rid, party, f, faults, assessed(text).base)


@pytest.mark.parametrize(
    ("text", "name", "typ", "movement"),
    [
        # a rider named after the vehicle ("킥보드 탄 학생이") is the vehicle's party and the clause's subject
        ("킥보드 탄 학생이 인도에서 갑자기 차도로 내려와서 제 차랑 부딪힘", "킥보드", "pm", "entering"),
        ("오토바이를 타던 남자가 인도에서 차도로 나와서 제 차랑 부딪혔어요", "오토바이", "two_wheeler", "entering"),
        ("자전거 탄 할아버지가 역주행해서 오다가 제 차랑 부딪혔어요", "자전거", "bicycle", None),
        # coming down from the pavement onto the road is entering it from a place that is not a road
        ("자전거가 인도에서 차도로 갑자기 내려와서 제 차와 충돌했습니다", "자전거", "bicycle", "entering"),
    ],
)
def test_rider_and_road_entry_families(text, name, typ, movement):
    from katalog.facts import extract_facts

    f = extract_facts(text)
    p = next((p for p in f.parties if p.name == name), None)
    assert p is not None and len(f.parties) == 2, [(q.name, q.type) for q in f.parties]
    assert p.type == typ and (movement is None or p.movement == movement), (p.type, p.movement)


def test_a_car_entering_the_bike_road_is_no_road_entry():
    """"자전거도로로 들어와" is a car crossing into the bike road (PM-35 / 거43), not one entering the road."""
    from katalog.facts import extract_facts

    f = extract_facts("자전거도로로 킥보드 타고 가는데 차가 자전거도로로 넘어 들어와서 부딪혔어요")
    assert f.place != "off_road" and all(p.movement != "entering" for p in f.parties)


@pytest.mark.parametrize(
    ("text", "signal_controlled"),
    [
        ("교차로에서 초록불에 직진하는데 맞은편 차가 좌회전 신호 없이 좌회전해서 부딪혔어요", True),
        ("교차로에서 유턴 신호는 따로 없는데 초록불에 직진하다 유턴 차랑 부딪혔어요", True),
        ("신호 없는 교차로에서 직진하는데 맞은편 차가 좌회전해서 부딪혔어요", False),
    ],
)
def test_no_arrow_is_no_unsignalled_junction(text, signal_controlled):
    """"좌회전 신호 없이" says the turn had no arrow; the junction still has signals, and the turner no arrow."""
    from katalog.facts import extract_facts

    f = extract_facts(text)
    # a junction with a light named reads as signalled; with none, it is left open (None), never unsignalled
    assert (f.signal_controlled is False) is (not signal_controlled), (f.place, f.signal_controlled)
    assert all(p.signal != "green_left_arrow" for p in f.parties)


def test_dang_charyang_is_the_writer():
    """"당 차량" (an adjuster's insured car) is a party of its own; "해당 차량" is not it."""
    from katalog.facts import extract_facts

    f = extract_facts("당 차량 신호대기 중 후행 차량이 추돌함.")
    assert "당 차량" in [p.name for p in f.parties]
    f = extract_facts("해당 차량이 신호대기 중 후행 차량이 추돌함.")
    assert "해당 차량" not in [p.name for p in f.parties] and "당 차량" not in [p.name for p in f.parties]
