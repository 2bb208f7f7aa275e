"""The LLM proposal check names modifiers through standard.names, which reads the grades' spellings from
data/vocab/modifiers.yaml: "중과실" is the chart's "중대한 과실", as it is for the calculator."""

from __future__ import annotations

import json

from katalog.llm.fake import FakeBackend
from katalog.llm.proposal import propose
from katalog.standard.loader import load_standard

PARTIES = ["청구차량", "피청구차량"]
DESC = "신호기 있는 교차로에서 청구차량이 적색신호에 직진하다 녹색신호에 직진하던 피청구차량과 충돌했다."


def _proposal(name: str) -> str:
    return json.dumps({"facts": {}, "chart_id": "차1-1", "variant": "기본", "party_a": "청구차량",
                       "party_b": "피청구차량", "modifiers": [{"party": "A", "name": name}]}, ensure_ascii=False)


def test_short_grade_spelling_resolves_to_the_printed_modifier() -> None:
    std = load_standard()
    chart = std.get("차1-1")
    grave = next(m for m in chart.modifiers if m.party == "A" and m.name == "중대한 과실")
    for name in ("중대한 과실", "중대한과실", "중과실"):
        res = propose(FakeBackend([_proposal(name)]), DESC, PARTIES, [{"chart_id": "차1-1"}], [], standard=std)
        assert res.ok, (name, res.warnings)
        assert res.modifier_ids == [grave.id], name


def test_a_name_the_chart_does_not_print_is_still_rejected() -> None:
    std = load_standard()
    res = propose(FakeBackend([_proposal("졸음운전")] * 2), DESC, PARTIES, [{"chart_id": "차1-1"}], [], standard=std)
    assert not res.ok
    assert any("is not in chart" in w for w in res.warnings)
