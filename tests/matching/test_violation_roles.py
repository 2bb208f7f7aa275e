"""Violation roles (중앙선 침범, 일방통행 위반, caught by a signal change) follow the party that has
them, so exchanging the two names in a text exchanges their shares (label-swap invariance)."""

from __future__ import annotations

import re

import pytest

from katalog.engine import assess
from katalog.facts import extract_facts
from katalog.matching.candidates import party_conditions
from katalog.matching.signatures import role_conditions

NAMES = ["갑차량", "을차량"]


def _swap(text: str) -> str:
    return re.sub("갑차량|을차량", lambda m: "을차량" if m.group(0) == "갑차량" else "갑차량", text)


def test_violation_conditions_are_read_from_role_labels():
    assert role_conditions("중앙선 침범 역주행") == ["중앙선침범"]
    assert role_conditions("중앙선 넘어 불법좌회전(또는 유턴)") == ["중앙선침범"]
    assert role_conditions("직진(일방통행 위반)") == ["일방통행위반"]
    assert role_conditions("역통행") == ["일방통행위반"]
    assert role_conditions("후행 추월(금지장소)") == ["금지장소"]
    assert role_conditions("적색 충돌") == ["진입후신호변경"]
    assert role_conditions("녹색화살표에 좌회전 진입 후 적색에 충돌") == ["진입후신호변경"]
    assert role_conditions("직진") == [] and role_conditions("녹색 직진") == []


def test_one_way_reversal_is_the_one_way_role_not_the_centre_line():
    f = extract_facts("일방통행 도로에서 을차량이 일방통행로를 거꾸로 달려오다 직진하던 갑차량과 부딪힘", NAMES)
    assert party_conditions(f.parties[1]) == {"일방통행위반"}
    assert party_conditions(f.parties[0]) == set()


def test_signal_change_after_entry_is_owned_by_that_party():
    f = extract_facts("신호 교차로에 갑차량이 녹색신호에 들어와 진입한 후 지나가던 중 적색신호로 바뀌었고, "
                      "이어 왼쪽 도로에서 녹색신호를 받고 출발한 을차량과 부딪혔다", NAMES)
    assert "진입후신호변경" in f.parties[0].conditions
    assert "진입후신호변경" not in f.parties[1].conditions


def test_signal_change_before_entry_is_no_such_condition():
    f = extract_facts("갑차량이 신호가 적색으로 바뀌었는데도 교차로에 진입하여 녹색신호에 직진하던 을차량과 충돌", NAMES)
    assert not any("진입후신호변경" in p.conditions for p in f.parties)


@pytest.mark.parametrize("text", [
    "왕복 2차로 도로에서 갑차량이 정상적으로 직진하던 중 반대편에서 중앙선을 넘어 역주행해 온 을차량과 정면으로 부딪힘",
    "일방통행 표지가 있는 신호 없는 교차로에서 갑차량이 직진하는데 을차량이 일방통행로를 역주행하여 들어와 충돌",
    "신호 교차로에서 갑차량이 녹색신호에 진입하여 직진하던 중 적색신호로 변경되었고, 오른쪽 도로에서 녹색신호에 "
    "진입한 을차량과 충돌",
])
def test_exchanging_the_names_exchanges_the_shares(text):
    plain = assess(text, parties=NAMES)
    mirror = assess(_swap(text), parties=NAMES)
    assert plain.answered and mirror.answered
    assert plain.chart_id == mirror.chart_id
    assert plain.final["갑차량"] == mirror.final["을차량"]
    assert plain.final["을차량"] == mirror.final["갑차량"]


def test_centre_line_violator_takes_the_violator_role():
    r = assess("왕복 2차로 도로에서 을차량이 중앙선을 넘어 역주행하다 맞은편에서 직진하던 갑차량과 정면 충돌", parties=NAMES)
    assert r.answered and r.final["을차량"] > r.final["갑차량"]
