"""A tiny stand-in engine for UI tests that must not depend on the real engine's answers.

Used for the app's own mechanics (toggling, recomputation, error display); the main flows are also
tested against the real engine in test_apptest.py.
"""

from __future__ import annotations

from katalog.errors import InputError
from katalog.models import (
    Abstention,
    AppliedDelta,
    AppliedModifier,
    Assessment,
    Calculation,
    ChartCandidate,
    Citation,
    FollowUpQuestion,
    PartyMapping,
    PossibleModifier,
    WhatIf,
)
from katalog.stages.near_same import near_same_charts
from katalog.standard.schema import Chart, Modifier, Party, Ratio, Variant

CHART = Chart(
    id="테스트-1",
    book="TEST",
    category="차대차",
    title="시험용 교차로 도표",
    parties={"A": Party(label="직진 차량"), "B": Party(label="좌회전 차량")},
    variants=[Variant(key="가", base=Ratio(A=20, B=80)), Variant(key="나", base=Ratio(A=40, B=60))],
    modifiers=[
        Modifier(id="A-야간", party="A", name="야간", delta=5),
        Modifier(id="B-지시", party="B", name="방향지시등 미사용", delta=10),
        Modifier(id="A-과속", party="A", name="과속", delta=10),
    ],
)
OTHER = CHART.model_copy(update={"id": "테스트-2", "title": "경쟁 도표",
                                 "variants": [Variant(key="기본", base=Ratio(A=50, B=50))]})
CHARTS = {c.id: c for c in (CHART, OTHER)}


def compute(chart_id, variant=None, modifiers=()):
    if chart_id not in CHARTS:
        raise InputError(f"없는 도표 {chart_id}")
    chart = CHARTS[chart_id]
    v = chart.variant(variant)
    a = v.base.A
    applied = []
    for mid in modifiers:
        m = next(m for m in chart.modifiers if m.id == mid)
        a += m.delta if m.party == "A" else -m.delta
        applied.append(AppliedDelta(modifier_id=m.id, party=m.party, name=m.name, delta=m.delta))
    a = max(0, min(100, a))
    return Calculation(chart_id=chart_id, variant=v.key, base=v.base, applied=applied,
                       final=Ratio(A=a, B=100 - a), formula=f"A {v.base.A} → {a}")


def _facts(description, parties):
    """Facts the sketch can draw: an intersection, the second party from the right."""
    from katalog.models import AccidentFacts, PartyFacts

    if "장소 모름" in description:
        return AccidentFacts(parties=[PartyFacts(name=parties[0]), PartyFacts(name=parties[1])])
    return AccidentFacts(
        place="unsignal_intersection", collision="side",
        parties=[PartyFacts(name=parties[0], movement="straight"),
                 PartyFacts(name=parties[1], movement="straight", from_direction="right")],
    )


def assess(description, parties=None, llm=None, *, answers=None, chart_id=None, variant=None, modifiers=None,
           party_a=None, accident_date=None):
    from katalog.models import Override

    parties = parties or ["A", "B"]
    if "보험료" in description:
        return Assessment(description=description, parties=parties, status="abstained",
                          abstention=Abstention(code="out_of_scope", message="교통사고 설명이 아닙니다."))
    if "오류" in description:
        raise RuntimeError("엔진 내부 오류")
    chart = CHARTS[chart_id or CHART.id]
    yellow = (answers or {}).get("q-signal") == "황색" and "나" in chart.variant_keys
    own_variant = "나" if yellow else chart.variants[0].key
    variant = variant or own_variant
    from_text = ["A-야간"] if "야간" in description else []
    mods = from_text if modifiers is None else list(modifiers)
    calc = compute(chart.id, variant, mods)
    p1, p2 = parties
    overrides = [Override(field="chart", before=CHART.id, after=chart.id)] if chart.id != CHART.id else []
    if party_a == parties[1]:  # the user's swap: the second party plays A
        p1, p2 = p2, p1
        overrides.append(Override(field="parties", before=f"A={p2}, B={p1}", after=f"A={p1}, B={p2}"))
    if variant != own_variant:  # the engine lists the user's choices against its own
        overrides.append(Override(field="variant", before=own_variant, after=variant))
    if sorted(mods) != sorted(from_text):
        name = {m.id: m.name for m in chart.modifiers}
        overrides.append(Override(field="modifiers", before=", ".join(name[i] for i in sorted(from_text)) or "없음",
                                  after=", ".join(name[i] for i in sorted(mods)) or "없음"))
    overrides += [Override(field="answer", after=f"{k}={v}") for k, v in (answers or {}).items()]
    return Assessment(
        description=description, parties=parties, chart_id=chart.id, chart_title=chart.title, variant=variant,
        mapping=PartyMapping(A=p1, B=p2, reason="설명 순서"),
        applied=[AppliedModifier(modifier_id=d.modifier_id, party=d.party, party_name=p1 if d.party == "A" else p2,
                                 name=d.name, delta=d.delta, evidence="야간" if d.modifier_id in from_text else None,
                                 source="rules" if d.modifier_id in from_text else "user") for d in calc.applied],
        possible=[PossibleModifier(modifier_id="B-지시", party="B", party_name=p2, name="방향지시등 미사용",
                                   delta=10, why="언급 없음")],
        calculation=calc, base={p1: calc.base.A, p2: calc.base.B}, final={p1: calc.final.A, p2: calc.final.B},
        confidence=0.8,
        candidates=[ChartCandidate(chart_id=CHART.id, title=CHART.title, category="차대차", score=1, confidence=0.8),
                    ChartCandidate(chart_id=OTHER.id, title=OTHER.title, category="차대차", score=0.5,
                                   confidence=0.3, variant="기본")],
        what_if=WhatIf(low={p1: calc.final.A, p2: calc.final.B}, high={p1: calc.final.A, p2: calc.final.B - 10}),
        questions=[FollowUpQuestion(id="q-signal", text="상대 차량의 신호는?", options=["녹색", "황색"], impact=20)],
        citations=[Citation(kind="law", id="도로교통법 제25조", title="교차로 통행방법", text="조문")],
        explanation="시험용 설명",
        facts=_facts(description, parties).model_copy(update={"accident_date": accident_date}),
        overrides=overrides,
        role_fit=0.6 if "역할 불일치" in description else 0.95,
        edition_note=f"사고일 {accident_date}: 당시 기준" if accident_date else "사고 일자 미상: 현행 기준",
        near_same=near_same_charts(chart, PartyMapping(A=p1, B=p2, reason=""), _Std()),
    )


class _Std:
    version = "test-1"
    charts = CHARTS

    def chart(self, chart_id):
        return CHARTS[chart_id]


ASKED: dict[int, tuple[Assessment, dict]] = {}  # id(result) → (result, the call that made it)


def _remembered(result: Assessment, call: dict) -> Assessment:
    ASKED[id(result)] = (result, call)
    return result


def _assess(description, parties=None, llm=None, **choices):
    call = {"description": description, "parties": parties, "llm": llm, **choices}
    return _remembered(assess(description, parties, llm, **choices), call)


def reassess(result, **changes):
    """Like `katalog.engine.reassess`: the earlier call with `changes` (KEEP: left as it was)."""
    from katalog.engine import KEEP

    kept, call = ASKED.get(id(result), (None, None))
    assert kept is result, "reassess of an assessment the fake engine did not make"
    given = {k: v for k, v in changes.items() if v is not KEEP}
    if "chart_id" in given and given["chart_id"] != call.get("chart_id"):  # pins of the old chart go
        call = {**call, "variant": None, "modifiers": None}
    call = {**call, **given}
    return _remembered(assess(**call), call)


def install(monkeypatch) -> None:
    """Replace the engine, the calculator and the standard loader by the fakes for one test (the
    functions of the real modules, so the app's services and the batch scorer both get them)."""
    import katalog.calculator
    import katalog.engine
    import katalog.standard.loader

    ASKED.clear()
    monkeypatch.setattr(katalog.engine, "assess", _assess)
    monkeypatch.setattr(katalog.engine, "reassess", reassess)
    monkeypatch.setattr(katalog.calculator, "compute", compute)
    monkeypatch.setattr(katalog.standard.loader, "load_standard", lambda: _Std())
