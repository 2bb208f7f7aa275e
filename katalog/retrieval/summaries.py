"""Project-written chart summaries: the roles in plain sentences plus everyday paraphrases.

Written from the chart's structured fields (title, roles, party types, variant conditions), so
they are our own words, not the book's text. They give lay queries ("빨간불", "뒤차") and role
phrasings ("A차량은 … B차량은 …") something to match.
"""

from __future__ import annotations

import re

from katalog.lexicon.synonyms import lay_variants
from katalog.retrieval.metadata import detect_has_signal, detect_place
from katalog.standard.schema import Chart

TYPE_WORDS: dict[str, str] = {
    "car": "자동차",
    "pedestrian": "보행자",
    "bicycle": "자전거",
    "two_wheeler": "이륜차(오토바이)",
    "pm": "개인형이동장치(전동킥보드)",
    "bus": "버스",
    "truck": "화물차",
    "unknown": "상대방",
}

PLACE_WORDS: dict[str, str] = {
    "signal_intersection": "신호등이 있는 교차로",
    "unsignal_intersection": "신호등이 없는 교차로",
    "partial_signal_intersection": "한쪽에만 신호등이 있는 교차로",
    "straight_road": "같은 도로(직선 구간)",
    "crosswalk": "횡단보도",
    "parking_lot": "주차장",
    "roundabout": "회전교차로",
    "highway": "고속도로",
    "merge": "차로가 합쳐지는 곳",
    "off_road": "도로 밖 장소에서 도로로 드나드는 곳",
    "alley": "골목길",
    "other": "교차로",
}

_GENERIC_LABEL = re.compile(r"^(?:PM|자동차|차량|자전거|이륜차|보행자)$")


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
