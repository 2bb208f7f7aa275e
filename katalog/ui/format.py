"""Formatting of ratios, modifiers, charts and citations for the app (pure functions)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

#: Bar colours: first named party (usually 당사 차량) then the other one.
BAR_COLOURS = ("#1f4e79", "#c55a11")

CITATION_KIND_KO = {
    "chart": "과실비율 인정기준 도표",
    "law": "법령",
    "precedent": "판례",
    "committee": "과실비율분쟁심의위원회 심의결정",
}

ABSTENTION_KO = {
    "empty": "사고 설명이 비어 있습니다",
    "out_of_scope": "교통사고 과실비율 판단 범위를 벗어난 내용입니다",
    "damages_question": "손해액·보험금 산정은 과실비율 기준의 범위가 아닙니다",
    "multi_party": "3대 이상 연쇄 사고 등 인정기준이 다루지 않는 사고입니다",
    "insufficient": "판단에 필요한 사실관계가 부족합니다",
    "contradictory": "설명 안의 사실관계가 서로 모순됩니다",
}

STATUS_KO = {"ok": "판단", "abstained": "판단 보류", "error": "오류"}


def signed(delta: int) -> str:
    """`+10`, `-5`, `0`."""
    return f"{delta:+d}" if delta else "0"


def ratio_text(ratio: Mapping[str, int], parties: Sequence[str]) -> str:
    """`당사 차량 30 : 상대 차량 70` in the order of `parties`."""
    return " : ".join(f"{p} {ratio[p]}" for p in parties if p in ratio)


def ratio_bar_html(ratio: Mapping[str, int], parties: Sequence[str], *, caption: str = "", token: str = "") -> str:
    """A two-segment horizontal bar, widths proportional to each party's fault.

    Names are HTML-escaped (they come from user input). `data-ratio` carries the numbers so that
    browser tests and screen readers do not have to parse the styling.
    """
    names = [p for p in parties if p in ratio][:2]
    if len(names) != 2:
        return ""
    numbers = ":".join(str(int(ratio[p])) for p in names)
    segments = []
    for name, colour in zip(names, BAR_COLOURS, strict=True):
        value = int(ratio[name])
        label = f"{html.escape(name)} {value}%"
        # A segment narrower than its label still shows it, right after the bar, via the title.
        inner = label if value >= 12 else ""
        segments.append(
            f'<div title="{label}" style="width:{value}%;background:{colour};color:#fff;'
            "display:flex;align-items:center;justify-content:center;font-weight:600;"
            f'font-size:0.95rem;white-space:nowrap;overflow:hidden">{inner}</div>'
        )
    legend = " &nbsp; ".join(
        f'<span style="color:{colour}">&#9632;</span> {html.escape(name)} {int(ratio[name])}%'
        for name, colour in zip(names, BAR_COLOURS, strict=True)
    )
    cap = f" &nbsp;·&nbsp; {html.escape(caption)}" if caption else ""
    cap = f'<div style="font-size:0.85rem;color:#555;margin-top:4px">{legend}{cap}</div>'
    return (
        f'<div class="katalog-ratio" data-ratio="{numbers}" data-token="{html.escape(token)}" aria-label="과실비율 {html.escape(ratio_text(ratio, names))}">'
        '<div style="display:flex;height:2.4rem;border-radius:6px;overflow:hidden;border:1px solid #ccc">'
        + "".join(segments)
        + "</div>"
        + cap
        + "</div>"
    )


def named_ratio(a_value: int, b_value: int, mapping_a: str, mapping_b: str) -> dict[str, int]:
    """Chart A/B fault → fault per named party."""
    return {mapping_a: int(a_value), mapping_b: int(b_value)}


def confidence_label(confidence: float) -> str:
    """`높음 (0.87)` / `보통` / `낮음` — words first, the number for the expert."""
    word = "높음" if confidence >= 0.75 else "보통" if confidence >= 0.45 else "낮음"
    return f"{word} ({confidence:.2f})"


def variant_label(key: str | None) -> str:
    """`(가)` for 가/나/다 variants, the key itself otherwise."""
    if not key:
        return "-"
    return f"({key})" if len(key) == 1 else key


def what_if_text(low: Mapping[str, int], high: Mapping[str, int], party: str) -> str:
    """One line: the range of `party`'s fault over the unconfirmed facts."""
    lo, hi = low.get(party), high.get(party)
    if lo is None or hi is None:
        return ""
    if lo == hi:
        return f"확인되지 않은 사실이 바뀌어도 {party}의 과실은 {lo}%로 같습니다."
    return f"확인되지 않은 사실에 따라 {party}의 과실은 {min(lo, hi)}% ~ {max(lo, hi)}% 범위에서 달라질 수 있습니다."


def modifier_rows(
    applied: Sequence[Mapping[str, object]], possible: Sequence[Mapping[str, object]]
) -> list[dict[str, object]]:
    """One row per modifier for the checkbox table: applied first (checked), then possible.

    Inputs are `model_dump()`s of `AppliedModifier` / `PossibleModifier`; duplicates by id keep the
    applied one, so a modifier is never offered twice.
    """
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for checked, group in ((True, applied), (False, possible)):
        for m in group:
            mid = str(m["modifier_id"])
            if mid in seen:
                continue
            seen.add(mid)
            rows.append(
                {
                    "id": mid,
                    "party": m.get("party_name") or m.get("party"),
                    "name": m["name"],
                    "delta": int(m["delta"]),  # type: ignore[call-overload]
                    "why": (m.get("evidence") if checked else m.get("why")) or "",
                    "checked": checked,
                    "source": m.get("source", "rules") if checked else "possible",
                }
            )
    return rows


def citation_heading(kind: str, cid: str, title: str, ratio: str | None) -> str:
    """Expander title: `판례 · 대법원 2011다… — 제목 (청구 30 : 피청구 70)`."""
    head = f"{CITATION_KIND_KO.get(kind, kind)} · {cid}"
    if title and title != cid:
        head += f" — {title}"
    if ratio:
        head += f" ({ratio})"
    return head


def abstention_text(code: str, message: str) -> str:
    """Headline for a declined assessment: the reason class, then the engine's own message."""
    head = ABSTENTION_KO.get(code, "판단을 보류합니다")
    return f"**KATALOG가 과실비율 판단을 보류했습니다 — {head}.**\n\n{message}".strip()


def ms(value: float | None) -> str:
    """`123 ms` / `1.2 s`."""
    if value is None:
        return "-"
    return f"{value:.0f} ms" if value < 1000 else f"{value / 1000:.1f} s"


def variants_table(variants: Sequence[Any], current: str | None = None) -> str:
    """Markdown table of a chart's variants and their base ratios; the variant in use is bold."""
    lines = ["| 변형 | 조건 | A 과실 | B 과실 |", "|---|---|--:|--:|"]
    for v in variants:
        cond = (v.condition or v.label or "-").replace("|", "/").replace("\n", " ")
        row = [variant_label(v.key), cond, str(v.base.A), str(v.base.B)]
        if v.key == current:
            row = [f"**{x}**" for x in row]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def explanation_en(result: Any, final: Mapping[str, int]) -> str:
    """An English rendering of the assessment's structured fields (no new facts, no new numbers)."""
    if result.chart_id is None or result.mapping is None:
        return ""
    names = list(result.parties)
    parts = [
        f"KATALOG matched chart {result.chart_id} ({result.chart_title or ''}) of the KNIA fault-ratio standard "
        f"with confidence {result.confidence:.0%}.",
        f"{result.mapping.A} is the chart's party A and {result.mapping.B} its party B.",
    ]
    if result.base:
        parts.append("Base split: " + ratio_text(result.base, names) + ".")
    if result.applied:
        mods = ", ".join(f"{m.name} for {m.party_name} ({signed(m.delta)})" for m in result.applied)
        parts.append(f"Modifiers supported by the description: {mods}.")
    else:
        parts.append("No modifier is supported by the description, so the base split stands.")
    parts.append("Final split: " + ratio_text(final, names) + ".")
    if result.possible:
        parts.append(f"{len(result.possible)} further modifier(s) could change the split if confirmed.")
    return " ".join(parts)
