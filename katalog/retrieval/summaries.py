"""Project-written chart summaries: the roles in plain sentences plus everyday paraphrases.

Written from the chart's structured fields (title, roles, party types, variant conditions), so
they are our own words, not the book's text. They give lay queries ("빨간불", "뒤차") and role
phrasings ("A차량은 … B차량은 …") something to match.
"""

from __future__ import annotations

from katalog.lexicon.synonyms import lay_variants
from katalog.retrieval.metadata import detect_has_signal, detect_place
from katalog.standard.schema import Chart
from katalog.vocab import load

_C = load("chart_cues")
_P = load("places")

#: Display words of the road-user types (labels of the party_* entries of data/vocab/chart_cues.yaml).
TYPE_WORDS: dict[str, str] = {
    e.value or e.key: e.label for e in _C.entries if e.key.startswith("party_") and e.label
}

#: Display words of the places (labels in data/vocab/places.yaml).
PLACE_WORDS: dict[str, str] = {
    k: _P.entry(k).label or k
    for k in ("signal_intersection", "unsignal_intersection", "partial_signal_intersection", "straight_road",
              "crosswalk", "parking_lot", "roundabout", "highway", "merge", "off_road", "alley", "other")
}

_GENERIC_LABEL = _C.regex("generic_label")


def _role(label: str, type_: str) -> str:
    label = " ".join(label.split())
    who = TYPE_WORDS.get(type_, "상대방")
    if not label or _GENERIC_LABEL.match(label):
        return who
    return f"{label} {who}"


def chart_place(chart: Chart) -> tuple[str | None, bool | None]:
    """(place, has_signal) detected from the chart's title, section and situation."""
    if chart.category == "회전교차로":
        return "roundabout", False
    head = " ".join([chart.title, chart.section])
    place = detect_place(head) or detect_place(chart.situation[:200])
    signal = detect_has_signal(head)
    if signal is None:
        signal = detect_has_signal(chart.situation[:200])
    return place, signal


def chart_summary(chart: Chart) -> str:
    """A few short Korean sentences describing the chart's accident in everyday words."""
    a, b = chart.parties["A"], chart.parties["B"]
    ra, rb = _role(a.label, a.type), _role(b.label, b.type)
    place, signal = chart_place(chart)
    where = PLACE_WORDS.get(place or "", "")
    if signal is False and place in (None, "other"):
        where = "신호등이 없는 곳"
    lines = [f"{where + '에서 ' if where else ''}A {ra}와(과) B {rb}가 부딪힌 사고: {chart.title}."]
    lines.append(f"A는 {ra}, B는 {rb}.")
    for v in chart.variants:
        if v.condition and v.condition not in lines[-1]:
            lines.append(f"({v.key}) {v.condition}.")
    for sig in ("적색", "녹색", "황색"):
        if sig in a.label and sig in b.label:
            lines.append(f"A와 B 양쪽 모두 {sig}신호에 진행.")
    paraphrase_src = f"{chart.title}. {a.label} 대 {b.label}"
    lines += [p + "." for p in lay_variants(paraphrase_src, limit=2)]
    if signal is False:
        lines.append("신호등 없음, 신호 없는 곳.")
    return " ".join(lines)
