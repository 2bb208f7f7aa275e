"""A car that stood at the roadside and then moved off carries 정차후출발 (the role "정차후 출발" of 비정형-15,
비정형-13, 차47-x); a stop at a sign or a queue's wait does not."""

from __future__ import annotations

import pytest

from katalog.facts.extract import extract_facts
from katalog.matching.candidates import party_conditions
from katalog.matching.signatures import chart_signatures

STARTED = [
    ("승용차가 길가에 세워 두었다가 출발하면서 옆 차로로 들어가는데 1차로 SUV도 동시에 들어왔어요", "승용차"),
    ("택시가 손님을 내려 주고 출발하면서 2차로로 바꾸다가 1차로에서 넘어오던 제 차와 부딪혔습니다", "택시"),
    ("트럭이 갓길에 정차했다가 출발하면서 2차로로 바꾸는 순간 제 차와 부딪혔어요", "트럭"),
    ("우측에 서 있던 승합차가 출발하면서 차로를 바꿔 제 차와 충돌", "승합차"),
]

NOT_STARTED = [
    "일시정지 표지 앞에서 멈췄다가 출발해서 좌회전하는데 오른쪽에서 오던 차와 부딪혔어요",
    "정체된 차로에서 대기하다가 옆 차로로 바꾸는데 옆 차로 차와 동시에 들어가 부딪힘",
]


@pytest.mark.parametrize("text,who", STARTED)
def test_a_car_that_stood_then_moved_off(text, who):
    facts = extract_facts(text)
    party = next(p for p in facts.parties if p.name == who)
    assert "정차후출발" in party.conditions
    assert "정차후출발" in party_conditions(party)
    assert not any("정차후출발" in p.conditions for p in facts.parties if p is not party)


@pytest.mark.parametrize("text", NOT_STARTED)
def test_a_sign_stop_or_a_queue_is_not_a_roadside_stop(text):
    facts = extract_facts(text)
    assert not any("정차후출발" in p.conditions for p in facts.parties)


def test_the_started_roles_name_it():
    sigs = chart_signatures()
    for cid in ("비정형-15", "비정형-13", "차47-1", "차47-2"):
        assert "정차후출발" in sigs[cid].A.conditions
    assert "starting" in sigs["비정형-15"].A.alt_movements
    assert not sigs["차43-3"].A.conditions
