"""How far the split could move: open modifiers one at a time, and the close competing charts."""

from __future__ import annotations

from collections.abc import Sequence

from katalog import params
from katalog.calculator import compute
from katalog.matching.candidates import Ranked
from katalog.matching.signatures import ChartSignature
from katalog.models import AccidentFacts, Calculation, PartyMapping, PossibleModifier, WhatIf
from katalog.stages.calculation import evaluate_chart, fault_of
from katalog.standard.schema import Chart

CLOSE_GAP = params.get("engine.close_gap")  # a competing chart within this confidence of the top one is a scenario


def what_if(chart: Chart, variant: str, calc: Calculation, mapping: PartyMapping,
            possible: Sequence[PossibleModifier], ranked: Sequence[Ranked], facts: AccidentFacts,
            names: Sequence[str], sigs: dict[str, ChartSignature], std) -> WhatIf:
    """Range of the first party's final fault over open modifiers (one at a time) and close competing charts."""
    first = names[0]
    final = fault_of(first, mapping, calc)
    lo = hi = final
    scenarios: list[str] = []
    base_ids = [d.modifier_id for d in calc.applied if d.skipped is None]
    for m in possible:
        v = fault_of(first, mapping, compute(chart, variant, [*base_ids, m.modifier_id]))
        if v != final:
            lo, hi = min(lo, v), max(hi, v)
    top_conf = ranked[0].confidence if ranked else 0.0
    for r in ranked[1:4]:
        if top_conf - r.confidence > CLOSE_GAP or r.chart_id == chart.id:
            continue
        other = std.charts[r.chart_id]
        v = evaluate_chart(other, sigs[other.id], facts, names, r.fit.swapped).fault_of(first)
        lo, hi = min(lo, v), max(hi, v)
        scenarios.append(f"{other.id} {other.title}: {first} {v}%")
    second = names[1]
    return WhatIf(low={first: lo, second: 100 - lo}, high={first: hi, second: 100 - hi}, scenarios=scenarios)
