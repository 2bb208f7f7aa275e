"""Modifier evidence → chart modifier: book spellings, umbrella fallbacks, presupposed role labels."""

from __future__ import annotations

from katalog.facts import extract_facts

NAMES = ["청구차량", "피청구차량"]





def test_role_label_presupposes_the_violation_and_its_same_act_cues(applied):
    # 차7-2 B is '직진(일방통행 위반)': the road-marking cue of the same act adds nothing again.
    text = "사거리에서 두 차량이 직진하다 충돌했는데 피청구차량이 노면 지시를 위반하여 일방통행로를 역주행했습니다"
    assert applied("차7-2", text, {0: "A", 1: "B"}) == set()


def test_unrelated_cue_of_a_labelled_party_still_applies(applied):
    text = "피청구차량이 일방통행로를 역주행했고, 한편 피청구차량은 휴대폰을 보면서 운전했습니다"
    assert ("B", "현저한과실") in applied("차7-2", text, {0: "A", 1: "B"})


def test_book_spelling_of_solid_line_modifier(applied):
    # 504 names it '진로변경금지구간'; the lexicon's chart_names carry that spelling.
    text = "고속도로에서 청구차량이 실선구간에서 3차로로 진로변경하다 피청구차량과 충돌했습니다"
    assert ("B", "진로변경금지구간") in applied("504", text, {0: "B", 1: "A"})


def test_solid_line_lane_change_falls_back_to_notable_fault(applied):
    # 차54-3 has no 진로변경 금지장소 modifier: crossing a solid line is a road-marking breach.
    text = "회전교차로에서 청구차량이 실선구간에서 2차로로 진로변경하던 중 피청구차량과 충돌했습니다"
    assert ("A", "현저한과실") in applied("차54-3", text, {0: "A", 1: "B"})


def test_abrupt_lane_change_falls_back_to_notable_fault(applied):
    text = "회전교차로에서 청구차량이 2차로로 급진로변경을 하다가 회전하던 피청구차량과 충돌했습니다"
    assert ("A", "현저한과실") in applied("차54-4", text, {0: "A", 1: "B"})


def test_tight_left_turn_is_the_charts_left_turn_method_breach(applied):
    text = "청구차량이 대로에서 빠르게 소좌회전을 하다가 소로에서 좌회전하던 피청구차량과 충돌했습니다"
    assert ("B", "좌회전방법위반") in applied("차17-2", text, {0: "B", 1: "A"})


def test_no_stop_before_turning_is_slow_down_failure(applied):
    text = "청구차량이 대로를 직진하는데 피청구차량이 소로에서 일시정지 없이 좌회전했습니다"
    assert ("A", "서행불이행") in applied("337", text, {0: "B", 1: "A"})


def test_lane_change_out_of_a_queue(applied):
    text = "청구차량이 정체 중인 차로에서 옆 차로로 진로변경하다가 피청구차량과 부딪혔습니다"
    facts = extract_facts(text, parties=NAMES)
    assert "정체차로변경" in facts.parties[0].factors
    assert ("A", "정체차로변경") in applied("차43-3", text, {0: "A", 1: "B"})


def test_slippery_surface_is_not_a_visibility_limit():
    facts = extract_facts("빙판길에서 피청구차량이 미끄러져 정지해 있던 청구차량을 추돌했습니다", parties=NAMES)
    assert "악천후" not in facts.scene_factors
    assert "노면미끄러움" in facts.conditions
    rainy = extract_facts("비가 많이 오는 날 피청구차량이 청구차량을 추돌했습니다", parties=NAMES)
    assert "악천후" in rainy.scene_factors
