"""Leaving a parking space is read as the exit (`entering`: out of the space into the aisle) even when the car
reverses out of it; the car that reverses along the aisle stays `reversing`. So the aisle car's own
manoeuvre tells 차51-1 (driving along the aisle) from 비정형-19 (reversing along the aisle)."""

from __future__ import annotations

import pytest

from katalog.facts.extract import extract_facts

AISLE_DRIVING = [
    "마트 주차장 통로를 지나가는데 주차칸에서 후진으로 빠져나오던 승합차가 제 차 옆을 받았어요",
    "주차장에서 A차량은 통로를 주행 중이었고 B차량은 주차구획에서 후진 출차 중이었다",
    "주차구역에서 뒤로 빼서 출차하던 택시랑 주차장 통로로 가던 제 차가 부딪힘",
]

AISLE_REVERSING = [
    "주차장 통로에서 후진하던 차가 주차칸에서 앞으로 나오던 제 차를 박았어요",
    "지하주차장에서 제가 주차구획에서 출차하고 있었는데 통로를 거꾸로 후진해 오던 트럭과 충돌",
]


@pytest.mark.parametrize("text", AISLE_DRIVING)
def test_reversing_out_of_a_space_is_the_exit(text):
    facts = extract_facts(text)
    assert facts.place == "parking_lot"
    moves = sorted(str(p.movement) for p in facts.parties)
    assert "entering" in moves and "reversing" not in moves


@pytest.mark.parametrize("text", AISLE_REVERSING)
def test_the_aisle_car_reversing_stays_reversing(text):
    facts = extract_facts(text)
    assert facts.place == "parking_lot"
    assert sorted(str(p.movement) for p in facts.parties) == ["entering", "reversing"]


@pytest.mark.parametrize("text,chart", [(AISLE_DRIVING[0], "차51-1"), (AISLE_DRIVING[1], "차51-1"),
                                        (AISLE_REVERSING[0], "비정형-19"), (AISLE_REVERSING[1], "비정형-19")])
def test_rules_tell_the_aisle_manoeuvre(text, chart, rules_only):
    from katalog.engine import assess

    assert assess(text).chart_id == chart
