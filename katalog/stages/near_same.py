"""The answer chart's near-same charts (`Chart.near_same_as`), told in the assessment's party names."""

from __future__ import annotations

from typing import Any

from katalog.models import NearSameChart, PartyMapping
from katalog.standard.schema import Chart


def _named_modifier(text: str, mapping: PartyMapping) -> str:
    """'A 대형차 +5' → '당사 차량 대형차 +5' (the party letter is the answer chart's)."""
    party, _, rest = text.partition(" ")
    name = {"A": mapping.A, "B": mapping.B}.get(party)
    return f"{name} {rest}" if name else text


def near_same_charts(chart: Chart, mapping: PartyMapping, std: Any) -> list[NearSameChart]:
    """The charts `chart` names as near-same, with their base ratios and differing modifiers per named party.
    Only the data's own record is read: nothing is ranked or recomputed here."""
    out = []
    for n in chart.near_same_as:
        other = std.charts.get(n.id)
        out.append(NearSameChart(
            chart_id=n.id,
            book=other.book if other is not None else "",
            title=other.title if other is not None else "",
            swapped=n.swapped,
            base={k: {mapping.A: r.A, mapping.B: r.B} for k, r in n.base.items()},
            only_here=[_named_modifier(t, mapping) for t in n.modifiers_only_here],
            only_there=[_named_modifier(t, mapping) for t in n.modifiers_only_there],
            rule=n.rule,
        ))
    return out
