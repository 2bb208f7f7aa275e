"""A 비보호 left turn made on a red (or yellow) light the text states is a signal violation: the green
비보호 chart (차2-6) is not proposed for it (`described_cues`), and a 비보호 turner whose light is only
implied got the plain green, not an arrow (no arrow at a 비보호 turn)."""

from __future__ import annotations

import pytest

from katalog.facts.extract import extract_facts
from katalog.matching.signatures import described_cues, special_cues

ON_RED = [
    "상대 차량이 비보호 좌회전 구간에서 빨간불에 좌회전하다가 맞은편에서 직진하던 내 차랑 충돌",
    "비보호좌회전 차로에서 적색신호에 좌회전하던 A차량과 맞은편에서 녹색신호에 직진하던 B차량이 충돌",
    "적색 신호에 비보호 좌회전하던 차와 맞은편 직진 차량 사고",
    "제가 초록불에 직진하는데 맞은편 차가 비보호라고 빨간불에 좌회전을 해서 부딪혔습니다",
    "맞은편 트럭이 노란불인데 비보호좌회전 하다가 직진하던 저랑 사고 났어요",
]

ON_GREEN = [
    "초록불에 비보호 좌회전을 하다가 맞은편에서 직진하던 차와 부딪혔어요",
    "트럭은 녹색신호에 직진했고 제 차는 비보호 좌회전 중이었어요",
]


def _turner(facts):
    return next(p for p in facts.parties if "비보호좌회전" in p.conditions)


@pytest.mark.parametrize("text", ON_RED)
def test_a_unprotected_turn_on_red_is_no_unprotected_chart(text):
    facts = extract_facts(text)
    assert _turner(facts).signal in ("red", "yellow")
    assert "비보호" in special_cues(text)
    assert "비보호" not in described_cues(text, facts)


@pytest.mark.parametrize("text", ON_GREEN)
def test_a_unprotected_turn_on_green_keeps_its_cue(text):
    facts = extract_facts(text)
    assert _turner(facts).signal in (None, "green")
    assert "비보호" in described_cues(text, facts)


@pytest.mark.parametrize("text", ON_RED[:3])
def test_rules_do_not_answer_the_green_unprotected_chart(text, rules_only):
    from katalog.engine import assess

    a = assess(text)
    assert a.answered and a.chart_id != "차2-6"
    assert a.chart_id in ("차2-2", "차3-6", "차3-2", "차2-4", "차3-3")


def test_the_implied_light_of_a_unprotected_turner_is_the_plain_green():
    facts = extract_facts("신호등 있는 교차로에서 제가 빨간불에 직진했는데 맞은편 차가 비보호 좌회전을 하다 부딪혔어요")
    assert _turner(facts).signal == "green"
