"""An independent everyday check of pedestrians (보 charts) and same-direction cars (차41–48, the
highway 50x series): 50 descriptions written for this file (wt-pd), not taken from any corpus, in the
voices of drivers, pedestrians, family members, adjusters and chat messages, with the chart a reader of
the standard would pick (any listed id is right; a legacy id counts through its `maps_to`).

Measured before the fixes of this branch (shipped reader, rules + retrieval + reader fused): hit@1
33/50 (pedestrians 14/25, same direction 19/25), hit@3 46/50; abstentions count as misses. The comment
on each row is its top chart before. After them: hit@1 41/50 (19/25, 22/25), hit@3 49/50. `STILL_WRONG` lists the rows whose top-1 is still not right; they
are checked not to get worse (their top-3 must still hold the answer), every other row must be right.

wt-ev2 (on main aa938f0): s08 was already right; p12, p14 (차도 read as a car: the walker was lost; 보도랑
차도 구분 없는 as a road with a sidewalk), s22 (갑자기 서서, a sudden stop with 서다) and p23 (가해차량 beside
the pedestrian made a third, empty writer party) and p02 (신호 바뀌자마자 출발: the car had the green) are
right now, with their families in tests/facts/test_everyday_leftovers.py: hit@1 47/50.
"""

from __future__ import annotations

import pytest

from katalog.engine import assess
from katalog.evaluation import chart_matches

PEDESTRIANS = [
    ('p01', ['보10', '보5'], '저는 초록불 켜진 거 확인하고 횡단보도 건너고 있었는데요, 빨간불인데도 그냥 달려온 승용차에 다리를 치였어요.'),  # before: 보10
    ('p02', ['보11'], '횡단보도 초록불이 깜빡이길래 뛰어서 건너기 시작했는데 중간쯤 갔을 때 빨간불로 바뀌었고, 정지선에 서 있던 차가 신호 바뀌자마자 출발하면서 저를 쳤습니다.'),  # before: 보7
    ('p03', ['보8', '보1'], '제 쪽 신호가 초록불이라 직진하고 있었는데 보행자 신호가 빨간불인 횡단보도로 사람이 갑자기 뛰어 건너와서 피하지 못하고 부딪혔습니다.'),  # before: 차53-1
    ('p04', ['보13'], '아파트 정문 앞에 신호등 없는 횡단보도가 있는데 거기를 건너시던 어머니를 지나가던 SUV가 쳤어요. 운전자는 사람을 못 봤다고 하네요.'),  # before: 보13
    ('p05', ['보13'], '신호기 미설치 횡단보도를 횡단 중이던 피해자를 직진 중인 가해차량이 충격함.'),  # before: 보13
    ('p06', ['보20'], '신호등 없는 횡단보도에서 한 5미터쯤 떨어진 데로 길을 건너다가 달려오던 차에 부딪혔어요. 횡단보도로 안 건넌 건 제 잘못이긴 한데...'),  # before: 보20
    ('p07', ['보19'], '신호등 있는 횡단보도 바로 옆으로, 한 3m 정도 벗어난 곳으로 건넜는데 보행자 신호는 초록불이었어요. 횡단보도 앞에서 달려오던 택시가 저를 쳤습니다.'),  # before: 보19
    ('p08', ['보23'], '밤 11시쯤 왕복 4차로 도로 한가운데를 무단횡단하던 사람을 제가 직진하다가 쳤습니다. 근처에 횡단보도는 없었고 어두운 옷을 입고 있었어요.'),  # before: 보23
    ('p09', ['보23'], '우리 애가 일곱 살인데 주차된 차들 사이로 공 주우러 도로로 뛰어나갔다가 지나가던 승용차에 부딪혔어요. 횡단보도 없는 동네 길이었습니다.'),  # before: 차42-2
    ('p10', ['보27-2'], '인도가 따로 없는 시골 도로 가장자리를 걸어가고 있었는데 뒤에서 오던 트럭 사이드미러에 어깨를 맞았습니다.'),  # before: 보27-2
    ('p11', ['보27-1'], '보도 구분 없고 중앙선도 없는 좁은 골목길을 걸어가는데 뒤에서 오던 차가 저를 치고 지나갔어요.'),  # before: 보27-1
    ('p12', ['보28'], '보도랑 차도 구분 없는 길인데 아버지가 길 한복판으로 걸어가시다가 마주 오던 차에 치이셨어요.'),  # before: abstained
    ('p13', ['보26'], '인도가 멀쩡히 있는데 차도로 내려와서 걷던 보행자를 우측 차로로 주행하던 제 차가 쳤습니다. 보도 경계석에서 2미터 정도 안쪽이었어요.'),  # before: 보26
    ('p14', ['보25'], '보도 공사 중이라 막혀 있어서 어쩔 수 없이 차도 가장자리로 걸어가는데 차가 와서 부딪혔어요.'),  # before: abstained
    ('p15', ['보24'], '인도를 걸어가고 있는데 건물 주차장으로 들어가려던 차가 인도 위로 올라오면서 저를 쳤어요.'),  # before: 보24
    ('p16', ['보23'], '택시에서 내려서 차 뒤로 돌아 길 건너편 편의점 가려고 도로를 건너다가 뒤따라오던 차에 치였습니다. 횡단보도는 멀리 있었어요.'),  # before: 보20
    ('p17', ['보22'], '신호등 없는 사거리에서 길을 건너던 중에 좌회전하던 차가 저를 못 보고 쳤어요.'),  # before: 보22
    ('p18', ['보35'], '술에 취한 남자가 고속도로 본선 위를 걸어 다니다가 1차로를 달리던 제 차에 치였습니다.'),  # before: 510
    ('p19', ['보36'], '고속도로에서 타이어 펑크가 나서 갓길에 세우고 삼각대 설치하러 뒤쪽으로 걸어가던 중에 지나가던 차에 치였어요.'),  # before: 보36
    ('p20', ['보21'], '육교가 바로 옆에 있는데도 육교 안 올라가고 그 아래 도로로 건너던 학생을 제가 직진하다가 쳤어요.'),  # before: abstained
    ('p21', ['보34'], '아파트 단지 안 도로를 천천히 지나가고 있었는데 단지 내 길을 건너시던 할머니와 부딪혔습니다.'),  # before: 보34
    ('p22', ['보30'], '새벽에 술 취한 사람이 도로 위에 누워 있었는데 어두워서 못 보고 밟고 지나갈 뻔하다가 부딪혔어요.'),  # before: abstained
    ('p23', ['보4'], '가해차량이 교차로를 황색신호에 진입하여 통과한 후, 녹색신호에 횡단보도를 건너던 피해 보행자를 충격한 사고임.'),  # before: 보15
    ('p24', ['보10', '보5'], 'ㅠㅠ 엄마 나 횡단보도 파란불에 건너다가 차에 치였어 차가 신호 무시하고 옴 다리 좀 아파'),  # before: 보10
    ('p25', ['보23'], '할머니 병원 가는 길이었는데 버스에서 내려서 시간이 급해서 횡단보도까지 안 가고 그냥 길을 가로질러 건넜거든요. 중앙선 넘어서 반대편 차로 건너는 중에 오던 승용차가 저를 쳤고 발목이 부러졌어요. 주변에 횡단보도나 신호등은 한참 떨어져 있었어요.'),  # before: 보13
]

SAME_DIRECTION = [
    ('s01', ['차43-2'], '2차로로 직진 중이었는데 옆 1차로 차가 깜빡이도 안 켜고 갑자기 제 차로로 들어와서 제 앞범퍼랑 그 차 뒷문이 부딪혔습니다.'),  # before: 차43-2
    ('s02', ['차43-2'], '제가 방향지시등 켜고 오른쪽 차로로 옮기는 중이었는데 뒤에서 빠르게 오던 차가 제 차 뒷부분을 박았어요.'),  # before: 차41-1
    ('s03', ['차43-2'], '와 진짜 어이없네 옆차가 칼치기로 내 앞으로 확 끼어들어서 브레이크 밟았는데 결국 쾅함'),  # before: 차43-2
    ('s04', ['차41-1'], '빨간불이라 정지선 앞에 서 있었는데 뒤차가 그대로 와서 들이받았어요.'),  # before: abstained
    ('s05', ['차41-1'], '앞차가 아무 이유 없이 갑자기 급브레이크를 밟는 바람에 뒤따라가던 제가 못 서고 추돌했습니다.'),  # before: 차41-1
    ('s06', ['차43-1'], '고속도로 진입로에서 본선으로 합류하다가 본선 2차로를 달리던 차와 부딪혔어요. 저는 가속차로 끝 부분이었습니다.'),  # before: 501
    ('s07', ['차43-1'], '공사 때문에 3차로가 2차로로 줄어드는 구간에서 오른쪽 차로가 없어지면서 그쪽 차가 제 차로로 밀고 들어와 옆을 긁었어요.'),  # before: 차43-3
    ('s08', ['차41-1'], '고속도로 1차로에서 화물차가 60km로 느리게 가고 있었는데 뒤에서 따라가던 제가 늦게 봐서 그 화물차 뒤를 추돌했습니다.'),  # before: 505
    ('s09', ['차43-2'], '고속도로 2차로에서 추월하려고 1차로로 차선을 바꾸다가 1차로를 빠르게 달려오던 차와 부딪혔어요.'),  # before: 503
    ('s10', ['차43-2'], '고속도로 주행차로인 3차로를 가는데 2차로 차가 제 앞으로 진로변경을 하다가 제 차 앞부분과 충돌했습니다.'),  # before: 504
    ('s11', ['차42-3'], '고속도로에서 차가 고장 나 갓길에 비상등 켜고 세워 뒀는데 뒤에서 오던 승용차가 갓길로 넘어와 제 차를 받았습니다.'),  # before: 차42-3
    ('s12', ['차42-1'], '고속도로에서 앞에서 난 사고 때문에 차로에 멈춰 서 있던 차를 뒤에서 오던 제가 들이받았습니다.'),  # before: 505
    ('s13', ['차48-1'], '고속도로 달리는데 앞에 가던 화물차 적재함에서 합판이 떨어져서 제 차가 그걸 밟고 범퍼가 깨졌어요.'),  # before: 508
    ('s14', ['차48-1'], '시내 도로에서 앞 트럭에 실려 있던 철근이 떨어져 뒤따르던 내 차 보닛을 찍었다.'),  # before: 차48-1
    ('s15', ['차52-1'], '도로 가장자리에 세워둔 차 운전자가 갑자기 문을 확 열어서 옆을 지나가던 제 차 조수석 쪽이 문에 걸렸습니다.'),  # before: 차52-1
    ('s16', ['차43-3'], '3차로 도로에서 저는 3차로에서 2차로로, 상대는 1차로에서 2차로로 동시에 차선을 바꾸다가 2차로에서 서로 부딪혔어요.'),  # before: 차43-3
    ('s17', ['차43-4'], '차 막히는 길에서 좌회전 차로에 서 있던 차가 직진 차로로 갑자기 빠져나오면서 직진하던 제 차 옆을 박았습니다.'),  # before: 차43-4
    ('s18', ['차43-6'], '정체 구간이라 앞차가 갓길로 차선 변경을 하길래 저는 원래 갓길로 가고 있었는데 그 차랑 부딪혔어요.'),  # before: 차43-6
    ('s19', ['차45-3'], '앞지르기 금지 구간인데 뒤차가 중앙선 넘어 제 차를 추월하더니 다시 제 앞으로 들어오다가 제 차 앞범퍼를 쳤어요.'),  # before: 차45-5
    ('s20', ['차45-6'], '흰색 실선 구간인데 뒤에 있던 차가 옆 차로로 빠져서 추월하고 다시 제 앞으로 차선 변경하다 저랑 부딪혔습니다.'),  # before: 차45-6
    ('s21', ['차42-2'], '일반 도로 가장자리에 잠깐 주차해놨는데 뒤에서 오던 차가 제 차 뒤를 박고 갔어요.'),  # before: 차42-2
    ('s22', ['차41-1'], 'ㅋㅋ 앞차가 갑자기 서서 내가 박음 ㅠ 보험 불러놨어'),  # before: 차51-2
    ('s23', ['차47-3'], '버스정류장에 서 있던 버스가 출발하는데 제가 그 버스 앞으로 차로 변경해서 들어가다가 버스랑 부딪혔습니다.'),  # before: 차47-3
    ('s24', ['차43-1'], '주말에 부산 친구 결혼식 가려고 아침 일찍 출발했는데 휴게소에서 커피 한잔하고 다시 고속도로 본선으로 합류하려고 가속차로에서 속도 올리면서 들어가다가, 본선 끝 차로로 달려오던 SUV 옆구리를 긁었어요. 결혼식엔 늦었고요.'),  # before: 501
    ('s25', ['차41-1'], '고속도로 주행 중 선행차량을 후행차량이 전방주시 태만으로 추돌함. 양 차량 모두 주행 중이었음.'),  # before: 차41-1
]

#: still wrong at top-1 (documented, not hidden); all hold the answer in their top 3 (p16 since wt-ev2, not yet required;
#: p18, a drunk walker on a motorway, is right since the party-words helper)
STILL_WRONG: dict[str, str] = {
    "p16": "보21 for 보23 (second since wt-ev2): the writer out of the taxi is the walker since the party-words "
           "helper, but 보21 (육교·지하도 부근) still ranks first on its words",
    "s19": "차45-5 for 차45-3: 앞지르기 금지 구간 not weighed over the centre line",
}
ROWS = PEDESTRIANS + SAME_DIRECTION


def _top(text: str) -> tuple[str | None, list[str]]:
    a = assess(text)
    return (a.chart_id if a.status == "ok" else None), [c.chart_id for c in a.candidates[:3]]


def test_fifty_distinct_rows():
    assert len(PEDESTRIANS) == 25 and len(SAME_DIRECTION) == 25
    assert len({r[0] for r in ROWS}) == 50 and len({r[2] for r in ROWS}) == 50
    assert set(STILL_WRONG) <= {r[0] for r in ROWS}


@pytest.mark.parametrize(("rid", "expected", "text"), [r for r in ROWS if r[0] not in STILL_WRONG], ids=lambda x: x if isinstance(x, str) and len(x) == 3 else "")
def test_top1(std, rid, expected, text):
    chart, top3 = _top(text)
    assert chart is not None and chart_matches(chart, expected, std), (rid, expected, chart, top3)


#: how many `STILL_WRONG` rows hold the answer in their top 3 (must not fall)
TOP3_KEPT = len(STILL_WRONG) - 1


def test_still_wrong_rows_keep_the_answer_in_top3(std):
    kept = [rid for rid, expected, text in ROWS if rid in STILL_WRONG
            and any(chart_matches(c, expected, std) for c in _top(text)[1])]
    assert len(kept) >= TOP3_KEPT, sorted(set(STILL_WRONG) - set(kept))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("신호 대기 중에 뒤차가 들이받았어요.", ["차41-1"]),
        ("차가 막혀서 서 있는데 뒤에서 오던 트럭이 추돌했습니다.", ["차41-1"]),
        ("앞차 따라 멈춰 서 있었는데 뒤에서 SUV가 그대로 박았어요.", ["차41-1"]),
        ("정체 구간이라 브레이크 밟고 서 있었는데 뒤에서 SUV가 그대로 박았어요.", ["차41-1"]),
        ("일반 도로 가장자리에 잠깐 주차해놨는데 뒤에서 오던 차가 제 차 뒤를 박고 갔어요.", ["차42-2"]),
        ("빨간불에 멈춰 있었는데 뒤에서 택시가 박았어요.", ["차41-1"]),
        ("사고 나서 도로에 서 있던 차를 뒤차가 또 받았어요.", ["차42-1"]),
    ],
)
def test_a_car_waiting_in_its_lane_is_rear_ended_on_41_not_on_the_parked_charts(std, text, expected):
    """차41-1 counts the front car that has just stopped; a car waiting at a light or in a queue is not
    차42-2's car parked at the road's edge, while a parked one and a stranded one keep their charts."""
    chart, top3 = _top(text)
    assert chart is not None and chart_matches(chart, expected, std), (text, chart, top3)
