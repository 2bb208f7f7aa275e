"""Signature readings fixed after the committee error analysis (benchmarks/engine_errors.py)."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.signatures import build_signature, label_signal, special_cues
from katalog.standard.loader import load_standard


@pytest.fixture(scope="module")
def std():
    return load_standard()


def _sig(std, cid: str):
    return build_signature(std.charts[cid], extract_facts)


def test_bracketed_colour_reads_as_the_first_colour():
    assert label_signal("황(적)색 직진") == "yellow"
    assert label_signal("녹색(적색)신호위반 좌회전") == "green"


def test_simultaneous_note_in_a_role_is_not_a_distinctive_condition(std):
    # 306 «오른쪽 도로에서 직진(동시)»: "(동시)" names the first variant, descriptions rarely say it
    assert "동시" not in _sig(std, "306").special
    assert "동시" in _sig(std, "차43-3").special  # "좌우 동시 차로 변경" in the title still counts


def test_signal_violation_is_implied_by_red_or_yellow_roles(std):
    assert "신호위반" not in _sig(std, "304").special  # 적색 직진 / 황색 직진
    assert "신호위반" in _sig(std, "316").special  # 녹색 직진 / 녹색 좌회전: the title's violation is the point


def test_roles_with_signal_colours_are_at_a_signal_intersection(std):
    sig = _sig(std, "322")  # 황(적)색 직진 대 황(적)색 좌회전
    assert sig.place == "signal_intersection"
    assert (sig.A.signal, sig.B.signal) == ("yellow", "yellow")


def test_signal_uturn_variant_is_a_green_uturn(std):
    sig = _sig(std, "차33-1")  # (가) 유턴(상시유턴구역) / (나) 유턴(신호유턴)
    assert [v.B.signal for v in sig.variants] == [None, "green"]


def test_partial_signal_chart_takes_any_colour_of_its_variants(std):
    sig = _sig(std, "차6-1")  # B on the signalled approach: (가) 녹색 (나) 황색 (다) 적색
    assert sig.B.signal is None
    assert sig.A.signal == "none"


def test_variant_conditions_set_variants_apart(std):
    assert [v.conditions for v in _sig(std, "차46-1").variants] == [["급진행"], ["동시진행"]]
    assert [v.conditions for v in _sig(std, "차43-7").variants] == [["안전지대통과전"], ["안전지대통과후"]]
    assert all(not v.conditions for v in _sig(std, "차12-2").variants)  # 동시/선진입 is entered_first


def test_abrupt_lane_change_is_a_distinctive_condition(std):
    assert "급차로변경" in _sig(std, "차43-4").special
    assert "급차로변경" not in special_cues("피청구차량이 2차로에서 1차로로 진로를 변경하다가 충격")
    assert "급차로변경" in special_cues("정체 중에 갑자기 끼어든 차와 부딪혔습니다")


def test_included_place_is_not_required(std):
    # 차42-1 "…사고(고속도로등 포함)" covers highways too; it does not require one
    assert "고속도로" not in _sig(std, "차42-1").special
    assert "2차사고" in _sig(std, "차42-1").special  # 재추돌(2차): a crash after an earlier one


def test_portal_highway_series_requires_a_highway(std):
    assert {"고속도로", "합류"} <= set(_sig(std, "501").special)
    assert "차로감소" not in _sig(std, "501").special  # 합류도로 (on-ramp)
    assert "차로감소" in _sig(std, "502").special  # 차로 감소도로


def test_lane_reduction_and_secondary_crash_cues():
    assert {"차로감소", "고속도로"} <= special_cues("고속도로의 차로 감소구간에서 합류하던 차량과 충돌")
    assert "2차사고" in special_cues("선행사고로 정지하고 있던 차량을 충격")
    assert "2차사고" not in special_cues("가장자리에 정차하고 있던 중 후행 차량이 추돌")


def test_straight_and_left_signal_is_green(std):
    assert _sig(std, "차11-2").A.signal == "green"  # "직진 및 좌회전 신호에 따라 … 직진하는 A차량"


def test_unsignalled_chart_keeps_no_colour_from_an_analogy_sentence(std):
    # 차11-3 (신호 없음) "… 직진 및 좌회전 신호가 등화된 상태 …의 경우에도 준용할 수 있다"
    sig = _sig(std, "차11-3")
    assert (sig.A.signal, sig.B.signal) == ("none", "none")


def test_portal_signature_names_its_2023_charts(std):
    assert _sig(std, "306").maps_to == ["차12-1"]
    assert _sig(std, "차12-1").maps_to == []


def test_pm_signal_violation_tables_cover_any_crossing_movement(std):
    # PM-01 "자동차신호위반사고" with roles "PM" / "자동차": green PM vs red car, whatever the movement
    sig = _sig(std, "PM-01")
    assert (sig.A.signal, sig.B.signal) == ("green", "red")
    assert {"straight", "left_turn"} <= set(sig.A.alt_movements)
    assert sig.signal_controlled is True and sig.collision == "side"
    # a chart whose roles name a movement keeps it (PM-05 "적색 직진" / "적색 직진")
    assert _sig(std, "PM-05").A.alt_movements == []


def test_stop_sign_role_is_the_non_priority_road(std):
    # 차8-1 "직진 | 좌회전(일시정지 위반)", 차8-2 "직진(일시정지 위반) | 좌회전(오른쪽 도로에서 진입)"
    assert _sig(std, "차8-1").B.road == "non_priority"
    assert _sig(std, "차8-1").A.road != "non_priority"
    assert (_sig(std, "차8-2").A.road, _sig(std, "차8-2").B.road) == ("non_priority", None)
