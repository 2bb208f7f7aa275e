"""Facts-only proposals and merging them under the rules facts."""

from __future__ import annotations

import json

import pytest

from katalog.llm.fake import FakeBackend
from katalog.llm.proposal import merge_facts, propose, propose_facts
from katalog.models import AccidentFacts, PartyFacts

FACTS = {"facts": {"place": "signal_intersection", "collision": "side", "signal_controlled": True,
                   "parties": [{"name": "청구차량", "type": "car", "movement": "left_turn", "signal": "green",
                                "factors": ["음주"]}],
                   "scene_factors": ["야간"]}}


def test_propose_facts_valid_and_invalid():
    fake = FakeBackend([json.dumps(FACTS, ensure_ascii=False)])
    facts, warnings = propose_facts(fake, "좌회전 사고", ["청구차량", "피청구차량"])
    assert facts is not None and not warnings and facts.source == "llm" and facts.parties[0].movement == "left_turn"
    schema = fake.calls[0]["json_schema"]
    assert schema["properties"]["facts"]["properties"]["parties"]["items"]["properties"]["name"]["enum"] == [
        "청구차량", "피청구차량"]
    for bad in ["nope", '{"facts": {"place": "moon"}}', RuntimeError("x")]:
        facts, warnings = propose_facts(FakeBackend([bad]), "사고", None)
        assert facts is None and warnings
    assert propose_facts(None, "사고") == (None, [])


def test_merge_fills_gaps_only():
    rules = AccidentFacts(place="straight_road", parties=[
        PartyFacts(name="청구차량", movement="straight"), PartyFacts(name="피청구차량")])
    llm, _ = propose_facts(FakeBackend([json.dumps(FACTS, ensure_ascii=False)]), "사고", None)
    merged = merge_facts(rules, llm)
    assert merged.place == "straight_road"  # rules win
    assert merged.collision == "side" and merged.signal_controlled is True  # gaps filled
    p = merged.parties[0]
    assert p.movement == "straight" and p.signal == "green" and p.factors == []  # no LLM modifier evidence
    assert merged.scene_factors == [] and merged.source == "rules+llm"
    assert merge_facts(rules, None) is rules


def test_real_standard_if_shipped():
    try:
        from katalog.standard.loader import load_standard

        std = load_standard()
        chart = std.get("차43-1")
    except Exception:
        pytest.skip("standard data not shipped in this checkout")
    mod = chart.modifiers[0]
    reply = {"chart_id": chart.id, "variant": chart.variants[0].key, "party_a": "갑", "party_b": "을",
             "modifiers": [{"party": mod.party, "name": mod.name}]}
    res = propose(FakeBackend([json.dumps(reply, ensure_ascii=False)]), "합류 사고", ["갑", "을"],
                  [{"chart_id": chart.id}])
    assert res.ok and res.modifier_ids == [mod.id]
    res = propose(FakeBackend([json.dumps({**reply, "chart_id": "차999-9"})]), "합류 사고", ["갑", "을"],
                  [{"chart_id": chart.id}])
    assert res.proposal is None and any("차999-9" in w for w in res.warnings)
