"""Chart signatures read from the standard's own text, checked against the printed role labels.

Each expectation below restates what the chart's labels (and title) say, e.g. 차42-1
A «뒤차(추돌차)» / B «앞차(사고로 주정차중)» → A goes straight and is behind, B is stopped in front.
"""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.signatures import build_signature, read_role, special_cues
from katalog.standard.loader import load_standard


@pytest.fixture(scope="module")
def std():
    return load_standard()


def _sig(std, cid: str):
    return build_signature(std.charts[cid], extract_facts)


# chart, party, field, expected value (from the chart's labels / title)
CASES = [
    ("차42-1", "A", "movement", "straight"),  # 뒤차(추돌차)
    ("차42-1", "A", "direction", "behind"),
    ("차42-1", "B", "movement", "stopped"),  # 앞차(사고로 주정차중)
    ("차42-1", "B", "direction", "front"),
    ("차42-3", "A", "movement", "straight"),  # 추돌
    ("차42-3", "B", "movement", "stopped"),  # 피추돌(갓길 주정차중)
    ("차42-3", "B", "direction", "front"),
    ("차19-1", "B", "movement", "left_turn"),  # 좌(우)회전
    ("차19-1", "B", "alt_movements", ["left_turn", "right_turn"]),
    ("차19-1", "A", "direction", "behind"),  # 후행 직진
    ("차1-2", "A", "movement", "straight"),  # 적색 충돌: the situation says it went straight
    ("차1-2", "A", "signal", "red"),
    ("차43-2", "B", "movement", "lane_change"),  # 선행 진로 변경
    ("차43-2", "B", "direction", "front"),
    ("차43-6", "A", "direction", "front"),  # 선행 중 갓길로 진로변경 (situation)
    ("차43-6", "B", "direction", "behind"),  # 갓길에서 후행 직진
    ("차52-1", "B", "direction", "front"),  # 문 열림 in front of 후행 직진
    ("차12-1", "A", "direction", "right"),  # 우측도로에서 직진
    ("차12-2", "B", "road", "minor"),  # 소로 직진
    ("차6-1", "A", "alt_movements", ["straight", "left_turn"]),  # 직진(좌회전)
    ("차54-3", "B", "in_roundabout", False),  # 회전2차로로 진입
    ("차54-1", "A", "in_roundabout", True),  # 교차로 내 회전
    ("보31", "A", "movement", "crossing"),  # 후진차량 3m 이내 횡단 (the pedestrian does not reverse)
    ("보27-1", "B", "movement", "straight"),  # 차도 주행
    ("거43-1", "A", "movement", "straight"),  # 자전거 전용도로 통행
    ("PM-08", "A", "road", "major"),  # labels say only "PM"; the title "대로직진대소로직진사고" does
    ("PM-03", "B", "signal", "red"),  # title "양차량신호위반사고(황색대적색)"
    ("PM-01", "B", "signal", "red"),  # title "자동차신호위반사고": the car ran the red
    ("PM-01", "A", "signal", "green"),
    ("보13", "B", "signal", "none"),  # 신호기가 없는 횡단보도 … "보행 자" with a PDF space is still A
    ("차41-1", "A", "direction", "behind"),
    ("거5-1", "B", "direction", "left"),  # title "… 대 왼쪽 직진 자동차"
    ("거5-1", "A", "direction", "right"),
    ("차20-2", "A", "direction", "behind"),  # title "후행 … 끼어들기 대 선행 … 대기 후 출발"
    ("차45-1", "A", "signal", None),  # 황색실선 is a lane marking, not a signal
    ("차45-1", "B", "direction", "front"),  # title "… 대 선행 좌회전"
    ("382", "A", "movement", "straight"),  # 중앙선 침범
]


@pytest.mark.parametrize("cid,party,field,value", CASES, ids=[f"{c}-{p}-{f}" for c, p, f, _ in CASES])
def test_chart_party_signature(std, cid: str, party: str, field: str, value) -> None:
    sig = _sig(std, cid)
    assert getattr(getattr(sig, party), field) == value, getattr(sig, party)


def test_variant_signals_follow_the_variant_condition(std) -> None:
    sig = _sig(std, "보11")  # (가) 녹색신호에 횡단 개시 / (나) 녹색점멸신호에 횡단 개시
    assert [v.A.signal for v in sig.variants] == ["green", "green_flash"]
    assert {v.B.signal for v in sig.variants} == {"green"}  # B 녹색에 직진
    sig = _sig(std, "차1-2")  # A 적색 충돌(녹색 직진 진입) / (황색 직진 진입): the entry signal decides
    assert [v.A.signal for v in sig.variants] == ["green", "yellow"]


def test_variant_entry_order(std) -> None:
    sig = _sig(std, "차12-2")
    assert [(v.A.entered_first, v.B.entered_first) for v in sig.variants] == [(None, None), (True, False), (False, True)]


def test_special_conditions(std) -> None:
    assert "후진" not in _sig(std, "차43-5").special  # 후진로변경 is not reversing
    assert "회전교차로" in _sig(std, "회전-13").special  # roundabout charts need a roundabout
    assert "갓길" in _sig(std, "차43-6").special
    assert "보도" not in _sig(std, "보19").special  # 횡단보도 is not 보도
    assert _sig(std, "차41-1").place == "straight_road"  # "도로(고속도로 … 포함)": not highway-only
    assert "후진" in special_cues("후진하던 차") and "후진" not in special_cues("후진입한 차")


def test_read_role_alternatives() -> None:
    assert read_role("중앙선 넘어 불법좌회전(또는 유턴)", "car").alt_movements == ["left_turn", "u_turn"]
    assert read_role("좌회전(직진 노면표시차로)", "car").alt_movements == []  # a lane name, not an alternative
    assert read_role("녹색 좌회전", "car").signal == "green_left_arrow"
