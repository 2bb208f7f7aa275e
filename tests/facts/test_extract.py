"""Behaviour of the rule-based fact extractor on sentences written for these tests.

Each case states what a reader of the sentence would extract: party order and names, road-user
types, manoeuvres, signals, directions, the place, and modifier evidence with its exact span.
"""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.models import AccidentFacts

CP = ["청구차량", "피청구차량"]


def _party(f: AccidentFacts, i: int):
    assert len(f.parties) > i, f"expected at least {i + 1} parties, got {[p.name for p in f.parties]}"
    return f.parties[i]


def _check(f: AccidentFacts, exp: dict) -> None:
    for key in ("place", "collision", "signal_controlled", "in_scope", "scope_code"):
        if key in exp:
            assert getattr(f, key) == exp[key], (key, getattr(f, key))
    for i, pexp in enumerate(exp.get("parties", [])):
        p = _party(f, i)
        for key, val in pexp.items():
            if key == "conditions":
                for k in val:
                    assert k in p.conditions, (i, k, p.conditions)
            elif key == "factors":
                for k in val:
                    assert k in p.factors, (i, k, p.factors)
            elif key == "no_factors":
                for k in val:
                    assert k not in p.factors, (i, k, p.factors)
            else:
                assert getattr(p, key) == val, (i, key, getattr(p, key))
    for factor, span, party in exp.get("evidence", []):
        hits = [e for e in f.evidence if e.factor == factor and e.span == span and e.party == party]
        assert hits, (factor, span, party, [(e.factor, e.span, e.party) for e in f.evidence])
    for k in exp.get("scene", []):
        assert k in f.scene_factors, (k, f.scene_factors)
    for k in exp.get("conditions", []):
        assert k in f.conditions, (k, f.conditions)
    for k in exp.get("no_scene", []):
        assert k not in f.scene_factors, (k, f.scene_factors)
    if "contradictions" in exp:
        assert bool(f.contradictions) == exp["contradictions"], f.contradictions


CASES: list[tuple[str, list[str] | None, dict]] = [
    # ---- committee style ------------------------------------------------------------------
    (
        "신호기가 설치된 사거리에서 청구차량이 녹색신호에 직진하던 중 좌측도로에서 적색신호에 직진하는 피청구차량과 충돌한 사고임",
        CP,
        {"place": "signal_intersection", "signal_controlled": True, "collision": "side",
         "parties": [{"name": "청구차량", "movement": "straight", "signal": "green", "from_direction": "right"},
                     {"name": "피청구차량", "movement": "straight", "signal": "red", "from_direction": "left"}]},
    ),
    (
        # stray PDF spaces inside words
        "신호기 있는 교차로에서 청구차량이 황색신호 에 직진하던 중 우 측도로에서 적색신 호에 직진하는 피청구 차량과 충돌함",
        CP,
        {"place": "signal_intersection",
         "parties": [{"signal": "yellow", "movement": "straight"}, {"signal": "red", "from_direction": "right"}],
         "evidence": [("signal", "적색신 호", 1)]},
    ),
    (
        "신호기 없는 동일 폭 교차로에서 피청구차량이 오른쪽 도로에서 선진입하여 직진하던 중 청구차량이 왼쪽 도로에서 직진하다가 충돌한 사고임",
        CP,
        {"place": "unsignal_intersection", "signal_controlled": False,
         "parties": [{"movement": "straight", "from_direction": "left", "entered_first": False, "road": "equal"},
                     {"movement": "straight", "from_direction": "right", "entered_first": True, "factors": ["선진입"]}],
         "evidence": [("선진입", "선진입", 1)]},
    ),
    (
        "신호기 없는 교차로에서 청구차량이 소로에서 좌회전하던 중 대로를 직진하던 피청구차량과 충돌한 사고임",
        CP,
        {"place": "unsignal_intersection",
         "parties": [{"movement": "left_turn", "road": "minor"}, {"movement": "straight", "road": "major"}]},
    ),
    (
        "편도 3차로 도로에서 청구차량이 2차로를 직진 중 3차로에서 방향지시등을 켜지 않고 진로를 변경하던 피청구차량과 충돌함",
        CP,
        {"place": "straight_road", "collision": "sideswipe",
         "parties": [{"movement": "straight"}, {"movement": "lane_change", "factors": ["방향지시등미사용"]}],
         "evidence": [("방향지시등미사용", "방향지시등을 켜지 않", 1)]},
    ),
    (
        "청구차량이 실선 구간에서 1차로로 진로변경하던 중 1차로를 직진하던 피청구차량과 충돌한 사고임",
        CP,
        {"parties": [{"movement": "lane_change", "factors": ["진로변경금지장소"]}, {"movement": "straight"}]},
    ),
    (
        "중앙선이 있는 도로에서 청구차량이 직진하던 중 맞은편에서 중앙선을 침범하여 좌회전하던 피청구차량과 충돌함",
        CP,
        {"place": "straight_road", "collision": "head_on",
         "parties": [{"movement": "straight", "from_direction": "opposite"},
                     {"movement": "left_turn", "from_direction": "opposite", "factors": ["중앙선침범"]}],
         "evidence": [("중앙선침범", "중앙선을 침범", 1)]},
    ),
    (
        "청구차량이 편도 2차로 가장자리에 정차하던 중 동일방향에서 뒤따르던 피청구차량이 청구차량의 후미를 추돌한 사고임",
        CP,
        {"collision": "rear_end",
         "parties": [{"movement": "stopped", "from_direction": "front"}, {"from_direction": "behind"}]},
    ),
    (
        "회전교차로에서 회전 중이던 피청구차량과 회전교차로로 진입하던 청구차량이 충돌한 사고임",
        CP,
        {"place": "roundabout", "parties": [{"in_roundabout": False}, {"in_roundabout": True}]},
    ),
    (
        "고속도로 합류 구간에서 청구차량이 합류차로에서 본선으로 합류하던 중 본선을 직진하던 피청구차량과 충돌함",
        CP,
        {"place": "merge", "parties": [{"movement": "merging"}, {"movement": "straight"}], "conditions": ["고속도로"]},
    ),
    (
        "지하주차장 통로를 주행하던 청구차량과 주차구획에서 후진으로 출차하던 피청구차량이 충돌한 사고임",
        CP,
        # reversing out of a bay is leaving it (차51-1 B "전진 내지 후진하여 출차"; 후진 is its modifier)
        {"place": "parking_lot", "parties": [{"movement": "straight"}, {"movement": "entering"}]},
    ),
    (
        "청구차량이 도로 가장자리에 정차한 후 운전석 문을 열다가 뒤에서 오던 피청구차량(이륜차)과 충돌함",
        CP,
        {"parties": [{"movement": "door_opening", "type": "car"},
                     {"type": "two_wheeler", "from_direction": "behind"}],
         "evidence": [("type", "피청구차량(이륜차)", 1)]},
    ),
    (
        "신호기 있는 교차로에서 청구차량이 좌회전 신호에 따라 좌회전하던 중 맞은편에서 적색신호를 무시하고 직진한 피청구차량과 충돌",
        CP,
        {"parties": [{"movement": "left_turn", "signal": "green_left_arrow"},
                     {"movement": "straight", "signal": "red", "factors": ["신호위반"]}]},
    ),
    (
        "교차로에서 청구차량은 적색점멸 신호에 직진하고 피청구차량은 황색점멸 신호에 직진하다가 충돌함",
        CP,
        {"parties": [{"signal": "red_flash"}, {"signal": "yellow_flash"}]},
    ),
    (
        "피청구차량(버스)이 정류장에서 출발하던 중 옆 차로를 직진하던 청구차량과 접촉한 사고임",
        CP,
        {"parties": [{"movement": "straight"}, {"type": "bus", "movement": "starting", "factors": ["대형차"]}]},
    ),
    (
        "청구차량이 좌회전차로인 1차로에서 그대로 직진하다가 우측 도로에서 진입하는 피청구차량과 충돌함",
        CP,
        {"parties": [{"movement": "straight", "factors": ["노면표시위반"], "road": None}, {}]},
    ),
    (
        "청구차량과 피청구차량이 모두 적색신호에 교차로로 진입하여 직진하다가 충돌한 사고임",
        CP,
        {"parties": [{"signal": "red", "movement": "straight"}, {"signal": "red", "movement": "straight"}]},
    ),
    # ---- A/B and named parties --------------------------------------------------------------
    (
        "B차량은 황색신호에 좌회전하고 A차량은 맞은편에서 녹색신호에 직진하다 충돌",
        None,
        {"parties": [{"name": "A차량", "movement": "straight", "signal": "green"},
                     {"name": "B차량", "movement": "left_turn", "signal": "yellow"}]},
    ),
    (
        "A자전거는 녹색신호에 직진하고 B자동차는 적색신호에 직진하다 충돌",
        None,
        {"parties": [{"type": "bicycle", "signal": "green"}, {"type": "car", "signal": "red"}]},
    ),
    (
        "상대차량이 좌회전하던 중 직진하던 당사차량과 충돌했습니다",
        ["당사 차량", "상대 차량"],
        {"parties": [{"name": "당사 차량", "movement": "straight"}, {"name": "상대 차량", "movement": "left_turn"}]},
    ),
    (
        "피청구차량이 적색신호에 직진하고 청구차량은 녹색신호에 직진하다 충돌",
        ["청구차량", "피청구차량"],
        {"parties": [{"signal": "green"}, {"signal": "red"}]},
    ),
    # ---- lay style -----------------------------------------------------------------------
    (
        "신호 대기 중이었는데 뒤에서 오던 트럭이 제 차를 들이받았어요",
        None,
        {"collision": "rear_end",
         "parties": [{"name": "제 차", "from_direction": "front"},
                     {"name": "트럭", "type": "truck", "from_direction": "behind", "factors": ["대형차"]}]},
    ),
    (
        "녹색불에 직진하는데 오른쪽에서 빨간불을 무시한 차가 튀어나와 부딪혔어요",
        None,
        {"place": "signal_intersection",
         "parties": [{"name": "A", "movement": "straight", "signal": "green"},
                     {"signal": "red", "from_direction": "right", "factors": ["신호위반"]}]},
    ),
    (
        "제가 좌회전 화살표 신호에 좌회전하는데 맞은편 차가 빨간불에 직진해서 박았어요",
        None,
        {"parties": [{"name": "저", "movement": "left_turn", "signal": "green_left_arrow"},
                     {"movement": "straight", "signal": "red", "from_direction": "opposite"}]},
    ),
    (
        "밤에 깜빡이도 안 켜고 갑자기 끼어든 차랑 부딪혔어요",
        None,
        {"scene": ["야간기타시야장애"],
         "parties": [{}, {"movement": "lane_change", "factors": ["방향지시등미사용", "급진로변경"]}],
         "evidence": [("야간기타시야장애", "밤에", None)]},
    ),
    (
        "상대 차는 깜빡이를 켰고 저는 직진 중이었어요",
        None,
        {"parties": [{"name": "저", "movement": "straight"}, {"no_factors": ["방향지시등미사용"]}]},
    ),
    (
        "상대 운전자가 음주운전에 휴대폰을 보면서 운전하다 제 차를 받았습니다",
        None,
        {"parties": [{"name": "제 차"}, {"factors": ["음주", "중대한과실", "휴대폰", "현저한과실"]}],
         "evidence": [("음주", "음주운전", 1), ("휴대폰", "휴대폰", 1)]},
    ),
    (
        "상대방이 제한속도보다 시속 30km 넘게 과속했어요",
        None,
        {"parties": [{}, {"factors": ["과속20", "중대한과실"], "no_factors": ["과속"]}]},
    ),
    (
        "자전거를 타고 횡단보도를 녹색불에 건너다가 우회전하던 차에 치였어요",
        None,
        {"place": "crosswalk",
         "parties": [{"type": "bicycle", "movement": "crossing", "signal": "green"}, {"movement": "right_turn"}]},
    ),
    (
        "빨간불에 횡단보도를 건너다가 직진하던 차에 치였습니다",
        None,
        {"place": "crosswalk", "collision": "pedestrian",
         "parties": [{"type": "pedestrian", "movement": "crossing", "signal": "red"}, {"movement": "straight"}]},
    ),
    (
        "전동킥보드로 인도를 달리다가 골목에서 나오는 차와 부딪혔어요",
        None,
        {"parties": [{"type": "pm", "name": "전동킥보드"}, {"type": "car"}], "conditions": ["인도"]},
    ),
    (
        "오토바이가 갑자기 중앙선을 넘어와서 제 차와 정면으로 부딪혔어요",
        None,
        {"collision": "head_on",
         "parties": [{"name": "제 차"}, {"type": "two_wheeler", "factors": ["중앙선침범"]}]},
    ),
    (
        "주유소에서 도로로 나오던 차가 직진하던 제 차를 받았어요",
        None,
        {"place": "off_road", "parties": [{"movement": "straight"}, {"movement": "entering"}]},
    ),
    (
        "앞차가 이유 없이 급정거해서 뒤따르던 제가 추돌했습니다",
        None,
        {"collision": "rear_end",
         "parties": [{"name": "저", "from_direction": "behind"},
                     {"name": "앞차", "from_direction": "front", "factors": ["이유없는급정지"]}]},
    ),
    (
        "어린이보호구역에서 할머니가 길을 건너다가 차에 치였어요",
        None,
        {"scene": ["어린이노인장애인보호구역"],
         "parties": [{"type": "pedestrian", "factors": ["어린이노인장애인"]}, {"type": "car"}]},
    ),
    (
        "보행자가 무단횡단하다가 야간에 직진하던 택시에 치였습니다",
        None,
        {"collision": "pedestrian", "scene": ["야간기타시야장애"],
         "parties": [{"type": "pedestrian", "factors": ["무단횡단"]}, {"name": "택시", "type": "car", "movement": "straight"}]},
    ),
    (
        "신호 없는 교차로에서 우회전하는 차 두 대가 부딪혔어요",
        None,
        {"place": "unsignal_intersection",
         "parties": [{"movement": "right_turn"}, {"movement": "right_turn"}]},
    ),
    (
        "회전교차로를 이미 돌고 있었는데 새로 진입한 차가 저를 받았어요",
        None,
        {"place": "roundabout", "parties": [{"in_roundabout": True}, {"in_roundabout": False}]},
    ),
    (
        "청구차량이 주유소에서 도로로 우회전하여 진입하던 중 도로를 직진하던 피청구차량과 충돌함",
        CP,
        {"place": "off_road", "parties": [{"movement": "entering"}, {"movement": "straight"}]},
    ),
    (
        "저는 초록불에 직진했어요. 상대는 빨간불인데 그냥 들어왔어요.",
        None,
        {"parties": [{"name": "저", "signal": "green", "movement": "straight"},
                     {"name": "상대", "signal": "red", "movement": "straight"}]},
    ),
    (
        # 급진입 describes a pedestrian/rider: a car cutting in does not get it
        "골목에서 갑자기 튀어나온 승용차와 부딪혔어요",
        None,
        {"parties": [{}, {"no_factors": ["보행자급진입"]}], "no_scene": ["보행자급진입"]},
    ),
    (
        "신호 없는 교차로에서 비보호로 좌회전하던 피청구차량과 일시정지 표지가 있는 도로에서 직진하던 청구차량이 충돌함",
        CP,
        {"parties": [{"road": "non_priority", "conditions": ["일시정지표지"], "no_factors": ["일시정지표지"]},
                     {"movement": "left_turn", "conditions": ["비보호좌회전"]}],
         "conditions": ["교차로"]},
    ),
    # ---- negation -----------------------------------------------------------------------
    (
        "상대방은 음주는 아니었고 과속도 하지 않았습니다. 상대 차가 좌회전하다 직진하던 제 차와 부딪혔어요",
        None,
        {"parties": [{"movement": "straight"}, {"movement": "left_turn", "no_factors": ["음주", "과속", "중대한과실"]}]},
    ),
    (
        "졸음운전은 없었고 저는 서행했는데 상대 차가 일시정지 없이 튀어나왔어요",
        None,
        {"parties": [{"no_factors": ["졸음운전"], "factors": ["서행이행"]}, {"factors": ["일시정지위반"]}]},
    ),
    # ---- contradictions -----------------------------------------------------------------
    (
        "청구차량이 녹색신호에 직진하다가 적색신호에 직진하던 청구차량이 피청구차량과 충돌함",
        CP,
        {"contradictions": True},
    ),
    (
        "청구차량이 녹색신호에 진입하였으나 적색신호로 바뀐 뒤 우측에서 온 피청구차량과 충돌함",
        CP,
        {"contradictions": False, "parties": [{"signal": "green"}]},
    ),
    # ---- scope --------------------------------------------------------------------------
    ("고속도로에서 차량 다섯 대가 연쇄추돌했어요. 제 과실은요?", None, {"in_scope": False, "scope_code": "multi_party"}),
    ("4중 추돌 사고에서 맨 뒤 차의 과실이 궁금합니다", None, {"in_scope": False, "scope_code": "multi_party"}),
    ("교통사고 위자료랑 합의금은 보통 얼마 받나요", None, {"in_scope": False, "scope_code": "damages_question"}),
    ("사고 나면 보험 처리는 어떻게 하고 렌트비는 누가 내나요", None, {"in_scope": False, "scope_code": "damages_question"}),
    ("김치찌개 맛있게 끓이는 레시피 알려주세요", None, {"in_scope": False, "scope_code": "out_of_scope"}),
    ("내일 서울 날씨 어때요", None, {"in_scope": False, "scope_code": "out_of_scope"}),
    ("요트끼리 부딪혔는데 과실이 어떻게 되나요", None, {"in_scope": False, "scope_code": "out_of_scope"}),
    ("교차로에서 사고가 났어요", None, {"in_scope": True}),
    (
        "갑자기 차선을 바꾼 앞차와 부딪혔어요",  # "갑자기 차" must not read as 기차
        None,
        {"in_scope": True, "parties": [{}, {"movement": "lane_change"}]},
    ),
]


@pytest.mark.parametrize(("text", "parties", "exp"), CASES, ids=[c[0][:24] for c in CASES])
def test_case(text: str, parties: list[str] | None, exp: dict) -> None:
    _check(extract_facts(text, parties), exp)


def test_spans_are_exact_substrings() -> None:
    for text, parties, _ in CASES:
        f = extract_facts(text, parties)
        for e in f.evidence:
            assert text[e.start : e.end] == e.span
            assert e.party is None or 0 <= e.party < len(f.parties)
            if e.factor not in ("movement", "signal", "road", "direction", "entered_first", "in_roundabout", "type", "place",
                                "lane_marking", "roundabout_lane"):
                if e.party is not None:
                    target = f.parties[e.party].factors + f.parties[e.party].conditions
                else:
                    target = f.scene_factors + f.conditions
                assert e.factor in target, (e.factor, text)
