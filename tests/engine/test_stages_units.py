"""Each stage of the engine alone (`katalog.stages`): typed inputs, frozen outputs, no engine around it."""

from __future__ import annotations

import dataclasses

import pytest

from katalog.facts import extract_facts
from katalog.matching.signatures import chart_signatures, special_cues
from katalog.models import AccidentFacts, PartyFacts
from katalog.stages import candidates, citations, explanation, gates, mapping, modifiers, questions, retrieval
from katalog.stages.calculation import evaluate_chart, with_modifiers
from katalog.stages.facts import extract, read_facts
from katalog.stages.names import party_names, plain_cars, replace_names
from katalog.stages.what_if import what_if

from .conftest import PARTIES

LEFT = "신호 없는 교차로에서 당사 차량은 직진하고 상대 차량은 맞은편에서 좌회전하다 충돌했습니다"


@pytest.fixture(scope="module")
def sigs():
    return chart_signatures()


@pytest.fixture(scope="module")
def reading():
    return read_facts(LEFT, extract(LEFT, PARTIES), PARTIES, None)


# ---- gates -------------------------------------------------------------------------------
def test_text_gate_cleans_cuts_and_abstains():
    assert gates.read_text(" \x00 ").abstention.code == "empty"
    assert gates.read_text(None).abstention.code == "empty"
    assert gates.read_text("The car hit me at the crossing").abstention.code == "out_of_scope"
    long = gates.read_text("가" * (gates.MAX_CHARS + 10))
    assert len(long.text) == gates.MAX_CHARS and long.abstention is None and "앞 5000자" in long.warnings[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        long.text = ""  # type: ignore[misc]


def test_facts_gates(reading):
    assert gates.facts_abstention(reading.facts) is None
    odd = reading.facts.model_copy(update={"contradictions": ["녹색과 적색"]})
    assert gates.facts_abstention(odd).code == "contradictory"
    out = reading.facts.model_copy(update={"in_scope": False, "scope_code": None, "scope_reason": None})
    assert gates.facts_abstention(out).message == gates.OUT_OF_SCOPE


def test_thin_facts_and_the_confidence_gate(reading):
    thin = extract_facts("당사 차량이 사고가 났습니다", PARTIES)
    assert gates.insufficient(thin, "당사 차량이 사고가 났습니다")
    assert gates.insufficient(reading.facts, LEFT) is None
    assert gates.thin_facts(thin, "당사 차량이 사고가 났습니다", [], gates.ConfidenceGate(), pinned=True) is None
    assert not gates.ConfidenceGate().low([]) and not gates.ConfidenceGate().trusts([])


# ---- names and facts ---------------------------------------------------------------------
def test_party_names():
    facts = AccidentFacts(parties=[PartyFacts(name="A"), PartyFacts(name="B")])
    assert party_names(facts, None) == ["당사자1", "당사자2"]
    assert party_names(facts, [" ", "을"]) == ["당사자1", "을"]
    same = AccidentFacts(parties=[PartyFacts(name="차"), PartyFacts(name="차")])
    assert party_names(same, None) == ["차(1)", "차(2)"]
    assert replace_names("피청구차량이 청구차량을", {"청구차량": "X", "피청구차량": "Y"}) == "Y이 X을"


def test_answers_are_applied_to_a_copy(reading):
    extracted = extract(LEFT, PARTIES)
    before = extracted.model_dump()
    answered = read_facts(LEFT, extracted, PARTIES, {"p0.signal": "녹색"})
    assert extracted.model_dump() == before and answered.facts.parties[0].signal == "green"
    assert reading.names == ("당사 차량", "상대 차량") and reading.warnings == ()
    bad = read_facts(LEFT, extracted, PARTIES, {"p9.signal": "녹색"})
    assert bad.warnings


# ---- retrieval and candidates ------------------------------------------------------------
def test_retrieval_once_gives_every_chart_a_score(reading):
    query = retrieval.retrieval_query(reading.text, reading.names, plain_cars(reading.facts))
    found = retrieval.retrieve(query)
    assert found.ok and found.query == query and len(found.scores) > 40


def test_candidates_rank_and_list(reading, sigs, std):
    query = retrieval.retrieval_query(reading.text, reading.names)
    found = candidates.rank(query, reading.facts, sigs, retrieval.retrieve(query).scores, special_cues(LEFT))
    assert found.top.chart_id == "차15-1" and len(found.ranked) <= candidates.TOP and not found.low
    listed = candidates.chart_candidate(std.charts[found.top.chart_id], found.top)
    assert listed.chart_id == "차15-1" and 0 < listed.confidence <= 1


# ---- mapping, modifiers, calculation -----------------------------------------------------
def test_mapping_and_party_order(reading, sigs, std):
    chart, sig = std.charts["차15-1"], sigs["차15-1"]
    order = mapping.party_order(reading.facts, sig, frozenset(), reading.names, None, None)
    assert not order.swapped and not order.by_user and 0 < order.role_fit <= 1
    mine = mapping.party_order(reading.facts, sig, frozenset(), reading.names, None, "상대 차량")
    assert mine.swapped and mine.by_user and not mine.engine_swapped
    unknown = mapping.party_order(reading.facts, sig, frozenset(), reading.names, None, "제3자")
    assert not unknown.swapped and unknown.warnings
    m = mapping.party_mapping(chart, True, reading.names)
    assert (m.A, m.B) == ("상대 차량", "당사 차량") and "사용자가" in mapping.user_mapping(m).reason
    assert mapping.choose_variant(sig, *mapping.ordered_parties(reading.facts, reading.names, False)) == (None, True)  # one variant


def test_evaluation_and_a_users_modifiers(reading, sigs, std):
    chart = std.charts["차15-1"]
    ev = evaluate_chart(chart, sigs[chart.id], reading.facts, reading.names, False)
    assert ev.variant == "기본" and ev.fault_of("당사 차량") + ev.fault_of("상대 차량") == 100
    mine = with_modifiers(ev, chart, ["B-서행불이행"])
    assert mine.fault_of("당사 차량") == 20 and [m.id for m, _ in mine.chosen] == [
        m.id for m, _ in ev.chosen if m.id == "B-서행불이행"]
    applied = modifiers.applied_modifiers(mine.calc, mine.chosen, mine.mapping, reading.answered)
    assert [(m.modifier_id, m.source) for m in applied] == [("B-서행불이행", "user")]
    possible = modifiers.possible_modifiers(ev.possible, ev.mapping, applied)
    assert "B-서행불이행" not in {m.modifier_id for m in possible}


# ---- what-if, questions, citations, explanation -------------------------------------------
def test_what_if_contains_the_final(reading, sigs, std):
    chart = std.charts["차15-1"]
    ev = evaluate_chart(chart, sigs[chart.id], reading.facts, reading.names, False)
    w = what_if(chart, ev.variant, ev.calc, ev.mapping, [], [], reading.facts, reading.names, sigs, std)
    assert w.low["당사 차량"] == w.high["당사 차량"] == ev.fault_of("당사 차량")


def test_question_outcomes_are_computed_once_and_reused_for_any_split(std, sigs, monkeypatch):
    thin = "교차로에서 당사 차량이 좌회전하다가 상대 차량과 부딪혔습니다"
    facts = read_facts(thin, extract(thin, PARTIES), PARTIES, None).facts
    ranks = []
    real = questions.rank_candidates
    monkeypatch.setattr(questions, "rank_candidates", lambda *a, **k: ranks.append(1) or real(*a, **k))
    found = questions.outcomes(facts, PARTIES, thin, std, sigs)
    answers = sum(min(len(o.options), questions.MAX_OPTIONS) for o in found)
    assert found and len(ranks) <= 1 + answers
    n = len(ranks)
    for current in (0, 30, 100):  # another split: impacts only, nothing ranked again
        asked = questions.questions(facts, PARTIES, found, current)
        assert [q.impact for q in asked] == sorted((q.impact for q in asked), reverse=True)
    assert len(ranks) == n
    assert all(q.impact == 0 for q in questions.questions(facts, PARTIES))  # no split yet


def test_citations_and_explanation(std):
    from katalog.engine import assess

    cites = citations.citations(std.charts["차15-1"], LEFT)
    assert cites[0].kind == "chart" and cites[0].id == "차15-1"
    assert {"precedent", "committee"} & {c.kind for c in cites}
    a = assess(LEFT, PARTIES)
    assert explanation.explanation(a.model_copy(update={"explanation": ""})) == a.explanation
