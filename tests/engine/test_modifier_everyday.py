"""Modifier families in everyday wording, judged on the chart the case belongs to: who a solid lane line or a
cut-in belongs to (the lane changer or the overtaker, priced in by a 차43/45 role), a U-turn before its zone,
a walker stopping, stepping back or weaving, elderly and night wordings, places the next noun's 없는 does not
deny, and the car's 현저한/중대한 과실 that pedestrian charts list under the walker (passing cars that stopped
for the walker, drink, a phone) against the walker's own phone. Sentences written for these tests (not from
the corpus); each names its chart, the chart's modifiers that apply and the final ratio in `parties` order."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.standard.loader import Standard

from .conftest import on_chart

# (description, parties, chart, applied modifier ids, final ratio in `parties` order)
CASES: list[tuple[str, list[str], str, set[str], list[int]]] = [
    # ---- a solid lane line is the lane changer's or the overtaker's ----------------------------------
    ("국도 진출로 앞 흰색 실선 구간이었는데 옆 차로 SUV가 실선을 밟고 제 차로로 차선을 바꿔 들어왔어요. 저는 제 "
     "차로로 그냥 가고 있었어요.", ["저", "SUV"], "차43-2", {"B-진로변경금지장소"}, [10, 90]),
    ("차선 변경 금지 구간인데 택시가 깜빡이도 없이 제 차로로 넘어와서 제 차 앞부분을 긁었어요.", ["제 차", "택시"],
     "차43-2", {"B-진로변경금지장소", "B-진로변경신호불이행지연"}, [0, 100]),
    ("제가 하얀 실선인 걸 못 보고 2차로로 차선을 바꾸다가 뒤에서 오던 트럭이랑 부딪혔어요.", ["저", "트럭"],
     "차43-2", {"B-진로변경금지장소"}, [90, 10]),
    ("터널 안 실선 구간에서 옆 차로 승용차가 제 차로로 차선을 바꾸다가 부딪혔어요.", ["저", "승용차"],
     "차43-2", {"B-진로변경금지장소"}, [10, 90]),
    ("백색 실선이 그어진 구간에서 뒤따라오던 화물차가 옆 차로로 나가 저를 앞지르다가 제 차 옆을 쳤어요. 저는 차로를 "
     "그대로 지켰어요.", ["저", "화물차"], "차45-6", set(), [0, 100]),
    ("실선 구간이었어요. 상대 차가 뒤에서 따라오다 실선을 넘어 저를 추월하다가 부딪혔습니다.", ["저", "상대 차"],
     "차45-6", set(), [0, 100]),
    # ---- a cut-in is what a lane-changing role is: no 현저한 과실 on top --------------------------------
    ("옆 차로 SUV가 칼치기로 제 앞에 끼어들어서 제 차 앞범퍼랑 부딪혔어요. 저는 쭉 직진만 했어요.", ["제 차", "SUV"],
     "차43-2", set(), [30, 70]),
    ("버스가 갑자기 차선을 바꿔 제 차로로 들어오는 바람에 부딪혔습니다. 저는 제 차로에서 직진하고 있었어요.",
     ["저", "버스"], "차43-2", set(), [30, 70]),
    # ---- a U-turn before or past its zone ----------------------------------------------------------------
    ("둘 다 유턴하는 상황이었는데 뒤차가 유턴 구역 시작되기 전 실선에서 먼저 돌다가 앞에서 유턴하던 제 차를 "
     "박았어요.", ["제 차", "뒤차"], "차46-1", {"B-유턴구역을벗어난유턴"}, [0, 100]),
    # ---- a walker stopping, stepping back, weaving -----------------------------------------------------
    ("깜빡이는 초록불에 건너다가 중간쯤에서 멈칫하고 뒷걸음질을 쳤는데 빨간불을 무시하고 온 승용차에 부딪혔어요. "
     "부딪힐 때도 보행자 신호는 깜빡이고 있었어요.", ["저", "승용차"], "보12", {"A-정지후퇴ㄹ자보행"}, [10, 90]),
    ("빨간불에 횡단보도 옆으로 건너던 아주머니가 차를 보고 도로 가운데에서 멈춰 섰다가 다시 걸었는데, 초록불에 "
     "교차로를 지나온 제 차와 부딪혔어요.", ["아주머니", "제 차"], "보16", {"A-정지후퇴ㄹ자보행"}, [60, 40]),
    ("빨간불인데 할배 한 분이 횡단보도를 건너시다가 되돌아가시는 걸 초록불에 교차로 들어가던 제 차가 쳤어요. "
     "부딪힐 때도 보행자 신호는 빨간불이었어요.", ["할배", "제 차"], "보1",
     {"A-어린이노인장애인", "A-정지후퇴ㄹ자보행"}, [70, 30]),
    ("중앙선 없는 좁은 길 가장자리를 걷던 남자가 술에 취해 비틀거리면서 차도 쪽으로 들어와 제 차 옆에 부딪혔어요.",
     ["남자", "제 차"], "보27-1", {"A-사행"}, [5, 95]),
    ("중앙선 없는 골목에서 아저씨가 휘청휘청 걸어가다가 천천히 지나가던 제 차 쪽으로 쓰러지듯 부딪혔어요.",
     ["아저씨", "제 차"], "보27-1", {"A-사행"}, [5, 95]),
    # ---- elderly in lay words -----------------------------------------------------------------------------
    ("초록불에 직진하는데 빨간불에 할매가 횡단보도를 건너시다가 제 차에 부딪혔어요. 사거리 들어가기 전 "
     "횡단보도였어요.", ["할매", "제 차"], "보8", {"A-어린이노인장애인"}, [65, 35]),
    ("신호등 없는 횡단보도 바로 옆으로 노인분이 건너시다가 직진하던 제 차에 치이셨어요.", ["노인분", "제 차"],
     "보20", {"A-어린이노인장애인"}, [15, 85]),
    # ---- night said by the clock --------------------------------------------------------------------------
    ("22시경 신호 없는 횡단보도 부근(약 5m 지점)을 횡단하던 보행자를 직진하던 승용차가 충격함.", ["보행자", "승용차"],
     "보20", {"A-야간기타시야장애"}, [30, 70]),
    ("오후 9시 무렵 건물 앞 도로에서 후진하던 택시 바로 뒤를 지나가던 저를 택시가 쳤어요.", ["저", "택시"],
     "보31", {"A-야간기타시야장애"}, [10, 90]),
    # ---- a place is not denied by the next noun's 없는; an apartment complex is no 주택가 ----------------
    ("재래시장 입구 신호등 없는 횡단보도 옆을 건너던 할아버지를 제 차가 쳤어요.", ["할아버지", "제 차"], "보20",
     {"A-주택상점가학교", "A-어린이노인장애인"}, [10, 90]),
    ("주택가 중앙선 없는 도로에서 아이가 길을 건너다 직진하던 트럭에 부딪혔어요.", ["아이", "트럭"], "보23",
     {"A-주택상점가학교", "A-어린이노인장애인"}, [10, 90]),
    ("아파트 단지 안 도로에서 후진하던 SUV가 바로 뒤를 지나가던 저를 쳤어요.", ["저", "SUV"], "보31", set(), [0, 100]),
    # ---- the car's 현저한/중대한 과실 on a pedestrian chart ---------------------------------------------
    ("신호 없는 횡단보도 옆으로 건너는데 1차로 차들은 모두 멈춰 주었어요. 그런데 2차로로 오던 택시는 안 서고 그대로 "
     "달려와 저를 쳤어요.", ["저", "택시"], "보20", {"A-차의현저한과실"}, [10, 90]),
    ("횡단보도 없는 길을 건너는데 다른 차들은 다 서서 기다려 줬거든요. 근데 배달 트럭 한 대가 옆 차로로 추월해 "
     "오더니 저를 쳤어요.", ["저", "배달 트럭"], "보23", {"A-차의현저한과실"}, [10, 90]),
    ("빨간불에 건너던 저를 초록불에 교차로를 지나온 승용차가 쳤어요. 경찰이 재 보니 승용차 운전자는 면허 취소 "
     "수치였대요. 부딪힐 때도 보행자 신호는 빨간불이었어요.", ["저", "승용차"], "보1", {"A-차의중대한과실"}, [50, 50]),
    ("신호등 없는 횡단보도 바로 옆을 건너는데 승용차가 휴대폰을 보면서 오다가 저를 쳤어요.", ["저", "승용차"], "보20",
     {"A-차의현저한과실"}, [10, 90]),
    ("제가 휴대폰을 보면서 신호등 없는 횡단보도 옆을 건너다가 직진하던 승용차에 부딪혔어요.", ["저", "승용차"], "보20",
     set(), [20, 80]),
    ("횡단보도 없는 도로를 건너다 차에 치였어요. 운전자가 혈중알코올농도 0.12%였대요.", ["저", "차"], "보23",
     {"A-차의중대한과실"}, [0, 100]),
    ("횡단보도 없는 길을 건너는데 승용차가 내비를 만지면서 오다가 저를 쳤어요.", ["저", "승용차"], "보23",
     {"A-차의현저한과실"}, [10, 90]),
    ("신호 없는 횡단보도 옆을 건너는데 승용차가 과속으로 달려와 저를 쳤어요.", ["저", "승용차"], "보20",
     {"A-차의현저한과실"}, [10, 90]),
    # ---- a group crossing or walking, the driver's horn listed under the walker, a road with no sidewalk -------
    ("회사 동료 네 명이랑 같이 빨간불에 횡단보도 옆으로 한꺼번에 건너다가 노란불에 교차로 들어온 승용차에 제가 "
     "치였어요.", ["저", "승용차"], "보15", {"A-집단횡단"}, [45, 55]),
    ("모임 끝나고 일행들이랑 인도 말고 차도 가장자리로 몰려서 걸어가는데 뒤에서 온 택시가 저를 쳤어요.", ["저", "택시"],
     "보26", {"A-집단보행"}, [15, 85]),
    ("골목에서 트럭이 후진하면서 경적도 울렸는데 저는 통화하면서 걷느라 못 듣고 트럭 바로 뒤를 건너다 부딪혔어요.",
     ["저", "트럭"], "보31", {"A-경음기를울린경우"}, [10, 90]),
    ("보·차도 구분이 없는 골목길 사거리인데 노란불에 들어온 승용차가 횡단보도 바로 옆에서 초록불에 건너던 저를 "
     "쳤어요.", ["저", "승용차"], "보15", {"A-보차도구분없음"}, [5, 95]),
    # ---- a sudden dash, lying on the road at night ---------------------------------------------------------
    ("초록불에 사거리 전 횡단보도를 지나는데 빨간불에 학생이 갑자기 뛰어들어서 제 차에 부딪혔어요.", ["학생", "제 차"],
     "보8", {"A-보행자급진입"}, [75, 25]),
    ("새벽 2시에 술에 취해 도로에 누워 있던 남자를 제 차가 밟고 지나갔어요.", ["남자", "제 차"], "보30",
     {"A-야간기타시야장애"}, [60, 40]),
]


def _on_chart(std: Standard, text: str, parties: list[str], chart_id: str) -> tuple[set[str], list[int]]:
    """Applied modifier ids and the final ratio (in `parties` order) of `text` on `chart_id`."""
    _a, ids, final, _variant = on_chart(std, text, parties, chart_id)
    return ids, final


@pytest.mark.parametrize(("text", "parties", "chart_id", "mods", "final"), CASES, ids=[f"{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_modifiers_and_final_on_the_chart(
    std: Standard, text: str, parties: list[str], chart_id: str, mods: set[str], final: list[int]
) -> None:
    got, ratio = _on_chart(std, text, parties, chart_id)
    assert got == mods
    assert ratio == final


@pytest.mark.parametrize(
    "text",
    [
        "황색 실선을 넘어 앞지르려던 승용차가 좌회전하던 제 차를 박았어요.",
        "노란 실선인 왕복 2차로에서 SUV가 실선을 넘어왔어요.",
        "이중 실선 넘어서 유턴하던 택시랑 부딪혔어요.",
    ],
)
def test_a_centre_line_is_no_lane_line(text: str) -> None:
    facts = extract_facts(text)
    assert all("진로변경금지장소" not in p.factors for p in facts.parties)


def test_other_cars_stopping_needs_a_walker() -> None:
    # between two cars the same words are no pedestrian-protection fault
    text = "다른 차들은 다 서 있었는데 택시가 옆 차로로 추월해서 제 차 앞으로 들어왔어요."
    facts = extract_facts(text, ["제 차", "택시"])
    assert all("정지차량앞지르기" not in p.factors for p in facts.parties)
