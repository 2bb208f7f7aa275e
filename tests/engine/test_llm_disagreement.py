"""An LLM proposal never changes the arithmetic; a disagreement is recorded for the review queue."""

from __future__ import annotations

import json

from katalog.engine import assess
from katalog.llm.fake import FakeBackend

TEXT = "신호 없는 교차로에서 당사 차량은 직진하고 상대 차량은 맞은편에서 좌회전하다 충돌했습니다"
PARTIES = ["당사 차량", "상대 차량"]


def _backend(proposal: dict) -> FakeBackend:
    def reply(prompt: str) -> str:
        # facts prompt → empty facts; chart prompt → the proposal; explanation → plain text
        if "chart_id" in prompt:
            return json.dumps(proposal, ensure_ascii=False)
        return "{}" if "JSON" in prompt else "설명입니다."

    return FakeBackend([reply])


def test_rules_result_stands_and_a_chart_disagreement_is_recorded():
    rules = assess(TEXT, parties=PARTIES)
    llm = _backend({"facts": {}, "chart_id": "차1-1", "variant": None, "party_a": "당사 차량", "party_b": "상대 차량", "modifiers": []})
    a = assess(TEXT, parties=PARTIES, llm=llm)
    assert a.chart_id == rules.chart_id and a.final == rules.final
    assert a.llm.backend == "fake" and a.llm.prompt_hash
    assert a.llm.used, a.llm.warnings
    assert a.llm.disagreement and "차1-1" in a.llm.disagreement
    assert a.llm.disagreement in a.warnings


def test_same_chart_with_other_modifiers_is_a_ratio_disagreement():
    rules = assess(TEXT, parties=PARTIES)
    assert rules.chart_id == "차15-1"
    llm = _backend({
        "facts": {}, "chart_id": "차15-1", "variant": None, "party_a": "당사 차량", "party_b": "상대 차량",
        "modifiers": [{"party": "B", "name": "중대한 과실"}],
    })
    a = assess(TEXT, parties=PARTIES, llm=llm)
    assert a.final == rules.final  # the rules result stands
    assert a.llm.used, a.llm.warnings
    assert a.llm.disagreement and "다릅니다" in a.llm.disagreement
