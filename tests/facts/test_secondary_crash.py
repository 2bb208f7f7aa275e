"""Ownership of possessed conduct nouns, later crashes with third vehicles, and turns that make a
junction."""

from __future__ import annotations

from katalog.facts import extract_facts

NAMES = ["갑차량", "을차량"]


def test_possessed_conduct_noun_is_the_possessors():
    f = extract_facts("갑차량의 급정지로 인해 뒤따르던 을차량이 갑차량을 들이받음", NAMES)
    assert "이유없는급정지" in f.parties[0].factors
    assert "이유없는급정지" not in f.parties[1].factors
    f = extract_facts("교차로에서 을차량의 운전부주의로 좌회전하던 을차량이 직진하던 갑차량을 들이받음", NAMES)
    assert "전방주시태만" in f.parties[1].factors and "전방주시태만" not in f.parties[0].factors


def test_later_crash_with_a_third_vehicle_gives_no_modifier():
    text = ("신호 없는 교차로에서 갑차량이 먼저 진입하여 직진하던 중 을차량이 뒤늦게 진입하다 갑차량과 부딪힘. "
            "그 후 갑차량의 전방주시 태만으로 갓길에 서 있던 다른 차량을 충격함(2차 사고)")
    f = extract_facts(text, NAMES)
    assert not any("전방주시태만" in p.factors for p in f.parties)
    assert f.parties[0].entered_first is True  # the first crash is still read


def test_third_vehicle_inside_the_accident_is_no_later_crash():
    f = extract_facts("갑차량이 과속으로 직진하다가 심의외 차량을 피해 진로를 변경하던 중 을차량과 충돌", NAMES)
    assert "과속" in f.parties[0].factors


def test_turn_ahead_of_a_passing_car_is_at_a_junction():
    f = extract_facts("같은 차로에서 앞서 가던 갑차량이 좌회전하는데 뒤에서 오던 을차량이 왼쪽으로 추월하다 부딪힘", NAMES)
    assert f.place in ("intersection", "signal_intersection", "unsignal_intersection")
