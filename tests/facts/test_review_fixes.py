"""Review regressions: evidence of the first crash kept beside a second-crash word, the movement at
the crash kept over what a party did after it, and only an entered road makes a subject a road's."""

from __future__ import annotations

from katalog.facts import extract_facts
from katalog.facts.extract import secondary_spans


def _factors(text: str, names: list[str] | None = None) -> list[list[str]]:
    return [p.factors for p in extract_facts(text, names).parties]


def test_violation_before_a_recrash_is_kept():
    f = _factors("A차량이 중앙선을 침범하여 B차량과 충돌 후 재충돌하였다.")
    assert "중앙선침범" in f[0]


def test_speeding_before_a_second_rear_end_is_kept():
    f = _factors("A차량이 과속으로 B차량을 추돌하여 2차 추돌이 발생")
    assert "과속" in f[0]


def test_later_crash_clause_ends_at_its_connective():
    f = _factors("이후 A차량이 다른 차량과 충돌하면서 B차량이 과속")
    assert "과속" in f[1]


def test_second_crash_with_a_third_vehicle_still_dropped():
    t = "갑차량이 을차량과 충돌한 후 심의외 차량과 과속으로 2차 충돌"
    spans = secondary_spans(t)
    assert spans and any(t[a:b].startswith("후") for a, b in spans)
    assert not any("과속" in p for p in _factors(t, ["갑차량", "을차량"]))


def test_stopping_after_the_crash_is_not_the_movement():
    f = extract_facts("A차량이 좌회전하다가 B차량과 충돌한 후 정차하였다")
    assert f.parties[0].movement == "left_turn"


def test_moving_on_after_hitting_is_not_the_movement():
    f = extract_facts("A차량이 유턴하다 B차량과 부딪친 뒤 도주하여 직진")
    assert f.parties[0].movement == "u_turn"


def test_finished_manoeuvre_before_the_crash_still_gives_way():
    f = extract_facts("A차량이 진로를 변경하여 안전지대를 통과한 후 직진하다가 B차량과 충돌")
    assert f.parties[0].movement == "straight"


def test_sudden_stop_in_the_lane_it_drove_is_the_subjects():
    f = _factors("청구차량이 직진하던 차로에서 급정거하여 피청구차량이 추돌", ["청구차량", "피청구차량"])
    assert "이유없는급정지" in f[0] and "이유없는급정지" not in f[1]


def test_road_entered_by_another_still_names_the_enterer():
    f = extract_facts("주유소에서 나오던 B차량이 A차량이 진행 중인 도로로 진입하다가 충돌", ["A차량", "B차량"])
    assert f.parties[1].movement == "entering"


def test_road_named_with_its_roadway_in_brackets_names_the_enterer():
    f = extract_facts("도로(차도)를 진행하는 A차량과 주차장에서 나와 A차량이 진행하는 도로(차도)로 진입하는 B차량이 충돌")
    assert f.parties[1].movement == "entering"
