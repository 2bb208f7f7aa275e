"""The scene sketch: layouts, parties, arrows, signals and impact from the facts, and refusals."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from katalog.josa import fix_josa, josa
from katalog.models import AccidentFacts, PartyFacts, PartyMapping
from katalog.sketch import draw_scene

NS = "{http://www.w3.org/2000/svg}"


def facts(place, *parties, collision=None, **kw) -> AccidentFacts:
    return AccidentFacts(place=place, collision=collision, parties=[PartyFacts(**p) for p in parties], **kw)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def labels(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text") if t.text and " · " in t.text]


def test_signalled_intersection_left_turn_across_the_path():
    f = facts("signal_intersection",
              {"name": "당사 차량", "movement": "straight", "signal": "green"},
              {"name": "상대 차량", "movement": "left_turn", "signal": "green", "from_direction": "opposite"},
              collision="side")
    sk = draw_scene(f, mapping=PartyMapping(A="당사 차량", B="상대 차량", reason=""))
    assert sk.drawn and sk.layout == "intersection" and not sk.notes
    root = parse(sk.svg)
    assert root.get("data-layout") == "intersection"
    assert labels(root) == ["당사 차량 (A) · 승용차 · 직진", "상대 차량 (B) · 승용차 · 좌회전"]
    arrows = [p for p in root.iter(f"{NS}path") if p.get("marker-end")]
    assert len(arrows) == 2 and any(" Q" in a.get("d") for a in arrows)  # the left turn curves
    assert sk.svg.count(">녹색<") == 2  # both signal heads lit green and labelled
    assert "충돌" in sk.svg  # side collision at the centre


def test_roundabout_circulating_against_entering():
    f = facts("roundabout",
              {"name": "회전 차량", "in_roundabout": True},
              {"name": "진입 차량", "movement": "straight", "in_roundabout": False})
    sk = draw_scene(f)
    root = parse(sk.svg)
    assert sk.layout == "roundabout"
    assert labels(root) == ["회전 차량 · 승용차 · 회전 중", "진입 차량 · 승용차 · 직진"]
    assert "충돌" not in sk.svg  # no collision type stated: no impact drawn

    class Role:
        movement = "straight"

    mapped = draw_scene(f, mapping=PartyMapping(A="회전 차량", B="진입 차량", reason=""),
                        roles={"A": Role(), "B": Role()}, chart_id="차54-1")
    assert "회전 차량 (A) · 승용차 · 회전 중" in mapped.svg and not mapped.notes  # the fact beats the chart role


def test_crosswalk_pedestrian_and_turning_car():
    f = facts("crosswalk",
              {"name": "당사 차량", "movement": "right_turn"},
              {"name": "보행자", "type": "pedestrian", "movement": "crossing", "signal": "green"},
              collision="pedestrian")
    sk = draw_scene(f)
    root = parse(sk.svg)
    assert sk.layout == "crosswalk"
    assert labels(root) == ["당사 차량 · 승용차 · 우회전", "보행자 · 보행자 · 횡단"]
    assert ">녹색<" in sk.svg and "충돌" in sk.svg


def test_parking_lot_reversing_out_of_a_bay():
    f = facts("parking_lot", {"name": "A차", "movement": "straight"}, {"name": "B차", "movement": "reversing"})
    sk = draw_scene(f)
    assert sk.layout == "parking" and 'stroke-dasharray="7 5"' in sk.svg  # reversing arrow is dashed


def test_straight_road_lane_change_and_rear_end():
    lane = draw_scene(facts("highway", {"name": "갑", "movement": "straight"}, {"name": "을", "movement": "lane_change"},
                            collision="sideswipe"))
    assert lane.layout == "straight" and "고속도로" in lane.svg and "진로 변경" in lane.svg
    rear = draw_scene(facts(None, {"name": "갑", "movement": "stopped", "from_direction": "front"},
                            {"name": "을", "movement": "straight", "from_direction": "behind"}, collision="rear_end"))
    assert rear.layout == "straight" and "정지" in rear.svg and "충돌" in rear.svg


def test_unknown_approach_is_drawn_beside_the_road_not_guessed():
    f = facts("unsignal_intersection", {"name": "갑", "movement": "straight"}, {"name": "을", "movement": "straight"},
              collision="side")
    sk = draw_scene(f)
    assert sk.drawn and any("어느 쪽에서 왔는지" in n for n in sk.notes)
    assert "방향 미상" in sk.svg and "충돌" not in sk.svg  # no impact point without both positions


def test_chart_roles_fill_an_unstated_movement_and_say_so():
    class Role:
        movement = "left_turn"

    f = facts("signal_intersection", {"name": "갑", "movement": "straight"},
              {"name": "을", "from_direction": "opposite"})
    sk = draw_scene(f, mapping=PartyMapping(A="갑", B="을", reason=""), roles={"A": Role(), "B": Role()},
                    chart_id="차2-1")
    assert "을 (B) · 승용차 · 좌회전" in sk.svg
    assert sk.notes == ["을이 어떻게 진행했는지는 설명에 없어 도표 차2-1의 B 역할(좌회전)로 그렸습니다."]


@pytest.mark.parametrize(
    "f, why",
    [
        (facts(None, {"name": "갑"}, {"name": "을"}), "사고 장소"),
        (facts("signal_intersection", {"name": "갑"}), "두 당사자"),
    ],
)
def test_a_scene_the_facts_do_not_support_is_not_drawn(f, why):
    sk = draw_scene(f)
    assert not sk.drawn and sk.svg is None and why in sk.reason and sk.fluid() == ""


def test_names_are_escaped_and_the_page_version_is_fluid():
    f = facts("straight_road", {"name": '<b>"갑"</b>', "movement": "straight"},
              {"name": "을 & 병", "movement": "lane_change"}, collision="sideswipe")
    sk = draw_scene(f)
    parse(sk.svg)
    assert "<b>" not in sk.svg and "을 &amp; 병" in sk.svg
    assert 'width="100%"' in sk.fluid() and 'width="480"' in sk.svg


@pytest.mark.parametrize(
    "word, pair, expected",
    [
        ("전동킥보드", "은/는", "전동킥보드는"),
        ("당사 차량", "이/가", "당사 차량이"),
        ("BMW", "이/가", "BMW가"),
        ("3번 차량(B)", "을/를", "3번 차량(B)을"),
        ("서울", "으로/로", "서울로"),
        ("집", "으로/로", "집으로"),
        ("차1", "과/와", "차1과"),
        ("A", "는/은", "A는"),
        ("Bell", "이/가", "Bell이"),
    ],
)
def test_josa(word, pair, expected):
    assert josa(word, pair) == expected


def test_fix_josa_resolves_template_particles():
    text = "당사 차량이(가) 직진하고 전동킥보드은(는) 좌회전, 자전거(으)로 이동, 보행자와(과) 충돌"
    assert fix_josa(text) == "당사 차량이 직진하고 전동킥보드는 좌회전, 자전거로 이동, 보행자와 충돌"
    assert fix_josa("말이(가) 안 됨 ʕ이(가)") == "말이 안 됨 ʕ이(가)"  # unreadable last sound: left as is
