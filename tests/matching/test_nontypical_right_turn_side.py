"""비정형-5 ("우→좌 직진차량"): the straight car comes from the right-turner's right, so a straight car that
follows the turner (후행) is not it; and how far a turn swung ("반대쪽까지 넘어간") is no direction."""

from __future__ import annotations

from katalog.facts.extract import extract_facts
from katalog.matching.candidates import structured_fit
from katalog.matching.signatures import chart_signatures, described_cues


def test_the_straight_car_of_nontypical_5_comes_from_the_right():
    sig = chart_signatures()["비정형-5"]
    assert (sig.A.direction, sig.B.direction) == ("left", "right")


def test_a_follower_fits_the_leader_turn_chart_better():
    text = "편도 1차로에서 앞서 가던 제 차가 오른쪽 골목으로 크게 우회전하는데 뒤따라오던 차가 직진하다 부딪혔어요"
    facts = extract_facts(text)
    sigs, cues = chart_signatures(), described_cues(text, facts)
    assert structured_fit(facts, sigs["차19-1"], cues).score > structured_fit(facts, sigs["비정형-5"], cues).score


def test_a_wide_swing_is_no_direction():
    facts = extract_facts("골목 사거리에서 우회전하다가 오른쪽에서 오던 직진차와 부딪혔어요. 제가 반대쪽까지 넘어간 건 맞아요")
    assert "opposite" not in [p.from_direction for p in facts.parties]
