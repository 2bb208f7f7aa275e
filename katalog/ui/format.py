"""Formatting of ratios, modifiers, charts and citations for the app (pure functions)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from katalog.vocab import load

_T = load("text_checks")

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


#: short Korean names of the books, for a line that names a chart's twin in another book
BOOK_SHORT_KO = {
    "MAIN2023": "2023 인정기준",
    "NONTYPICAL2020": "2020 비정형사고 기준",
    "PM2021": "2021 PM 기준",
    "ROUND2025": "2025 회전교차로 기준",
    "PORTAL": "구 포털 도표",
}


def twin_line(chart: Any, std: Any) -> str:
    """'같은 도표: 비정형-4 (2020 비정형사고 기준)' for a chart published in two books (`same_as`), else ''."""
    named = []
    for cid in getattr(chart, "same_as", None) or []:
        twin = std.charts.get(cid)
        book = twin.book if twin is not None else ""
        named.append(f"{cid} ({BOOK_SHORT_KO.get(book, book)})" if book else cid)
    return "같은 도표: " + ", ".join(named) if named else ""


#: differing modifiers named per side in a near-same line before "외 N개"
NEAR_SAME_SHOWN = 3


def _some(items: list[str]) -> str:
    shown = ", ".join(items[:NEAR_SAME_SHOWN])
    return shown + (f" 외 {len(items) - NEAR_SAME_SHOWN}개" if len(items) > NEAR_SAME_SHOWN else "")


def near_same_text(near: Any) -> str:
    """One near-same chart (`Assessment.near_same`): '차5-2 (2023 인정기준) 기본 갑 80 : 을 20 · 수정요소 차이:
    이 도표에만 갑 대형차 +5'. Ratios and modifiers are already in the assessment's party names."""
    book = BOOK_SHORT_KO.get(near.book, near.book)
    head = f"{near.chart_id} ({book})" if book else near.chart_id
    ratios = []
    for key, split in near.base.items():
        shown = " : ".join(f"{name} {value}" for name, value in split.items())
        ratios.append(shown if key == "기본" else f"({key}) {shown}")
    text = head + (" 기본 " + ", ".join(ratios) if ratios else "")
    diffs = []
    if near.only_here:
        diffs.append(f"이 도표에만 {_some(near.only_here)}")
    if near.only_there:
        diffs.append(f"{near.chart_id}에만 {_some(near.only_there)}")
    return text + (" · 수정요소 차이: " + "; ".join(diffs) if diffs else "")


def near_same_line(near: list[Any]) -> str:
    """'비슷한 도표: …' for the charts of other books on the same situation whose values differ, else ''."""
    return "비슷한 도표: " + " / ".join(near_same_text(n) for n in near) if near else ""


def citation_heading(kind: str, cid: str, title: str, ratio: str | None) -> str:
    """Expander title: `판례 · 대법원 2011다… — 제목 (청구 30 : 피청구 70)`.

    Index ids are not for people: `precedent:2003다6873` shows as its title `대법원 2003다6873`,
    `KFRC-2019-008384` as `심의 2019-008384`.
    """
    shown = cid.split(":", 1)[1] if ":" in cid else cid
    shown = shown.replace("KFRC-", "심의 ")
    if kind == "precedent" and title:
        shown, title = title, ""
    head = f"{CITATION_KIND_KO.get(kind, kind)} · {shown}"
    if title and title not in (cid, shown):
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


# --------------------------------------------------------------------------------------------
# Confidence in words
# --------------------------------------------------------------------------------------------
#: Chart accuracy of the top candidate by stated confidence, rules-only, on the four development
#: sets (149 answerable rows, 2026-12-06, script in docs/app.md): the softmax is under-confident in the
#: middle, so words follow the observed accuracy, not the raw number.
CONFIDENCE_BANDS: tuple[tuple[float, str, int], ...] = (
    (0.90, "높음", 97),  # 61 rows
    (0.35, "보통", 89),  # 81 rows (0.35–0.5: 86 %, 0.5–0.9: 90 %)
    (0.00, "낮음", 29),  # 7 rows
)
#: Role fit (structured fit of the facts to the chart's A/B roles) below which the chart is right
#: less often (0.7–0.8: 71 %, below 0.7: 0 of 1) — one word lower, or 낮음.
ROLE_FIT_WEAK, ROLE_FIT_POOR = 0.8, 0.7
_WORDS = ("낮음", "보통", "높음")


def confidence_words(confidence: float, role_fit: float | None = None) -> dict[str, Any]:
    """`{"word", "accuracy", "lowered", "why"}`: a word that matches calibrated accuracy.

    A poor role fit lowers the word (a chart whose roles do not fit the facts is often wrong,
    however high the softmax says), and `why` says so.
    """
    word, accuracy = "낮음", 29
    for floor, w, acc in CONFIDENCE_BANDS:
        if confidence >= floor:
            word, accuracy = w, acc
            break
    why = ""
    lowered = False
    if role_fit is not None and role_fit < ROLE_FIT_WEAK:
        level = _WORDS.index(word)
        new = 0 if role_fit < ROLE_FIT_POOR else max(level - 1, 0)
        if new < level:
            lowered, word = True, _WORDS[new]
            why = f"당사자의 사실관계가 도표의 A·B 역할과 잘 맞지 않습니다 (역할 적합도 {role_fit:.2f})"
    return {"word": word, "accuracy": accuracy, "lowered": lowered, "why": why}


def confidence_text(confidence: float, role_fit: float | None = None) -> str:
    """`높음 — 비슷한 사례의 97%에서 도표가 맞았습니다` (lowered: says why)."""
    c = confidence_words(confidence, role_fit)
    if c["lowered"]:
        return f"{c['word']} — {c['why']}"
    return f"{c['word']} — 비슷한 신뢰도의 개발 사례 {c['accuracy']}%에서 도표가 맞았습니다"


# --------------------------------------------------------------------------------------------
# Names instead of A/B, Korean instead of codes
# --------------------------------------------------------------------------------------------
_AB_RATIO = _T.regex("ab_split")
_AB_PARTY = _T.regex("ab_party")


def formula_named(formula: str, a_name: str, b_name: str) -> str:
    """The calculator's formula with party names: `기본 당사 차량 40 : 상대 차량 60 → 당사 차량 중대한 과실 +20 …`."""
    out = _AB_RATIO.sub(lambda m: f"{a_name} {m.group(1)} : {b_name} {m.group(2)}", formula or "")
    return _AB_PARTY.sub(lambda m: a_name if m.group(1) == "A" else b_name, out)


def ratios_named(text: str, a_name: str, b_name: str) -> str:
    """Only the `A40:B60` splits of a prose text, with party names (prose keeps "도표의 A")."""
    return _AB_RATIO.sub(lambda m: f"{a_name} {m.group(1)} : {b_name} {m.group(2)}", text or "")


def people_ids(text: str) -> str:
    """Index ids in prose as people cite them: `KFRC-2018-045956` → `2018-045956`, `precedent:` dropped."""
    return re.sub(r"\bKFRC-(?=\d)", "", (text or "").replace("precedent:", ""))


def cell(value: Any) -> str:
    """A table cell a person reads: `–` for nothing (never `None` / `nan`)."""
    if value is None:
        return "–"
    if isinstance(value, float) and value != value:  # NaN
        return "–"
    text = str(value)
    return "–" if text in ("", "None", "nan", "NaT", "<NA>") else text


OVERRIDE_KO = {"chart": "도표", "parties": "A·B 당사자", "variant": "변형", "modifiers": "수정요소",
               "answer": "추가 질문 답변"}


_BY_KO = {"user": "사용자", "llm": "LLM 제안 (검증됨)"}


def override_rows(overrides: Sequence[Any]) -> list[dict[str, str]]:
    """The user's changes as a Korean table (`Override` models or their dicts)."""
    rows = []
    for o in overrides:
        d = o if isinstance(o, Mapping) else o.model_dump()
        rows.append({"항목": OVERRIDE_KO.get(d["field"], d["field"]), "엔진": cell(d.get("before")),
                     "변경": cell(d.get("after")), "변경한 사람": _BY_KO.get(d.get("by") or "user", d.get("by"))})
    return rows


# --------------------------------------------------------------------------------------------
# Committee decisions on the chart: base → decided, as a small dot plot
# --------------------------------------------------------------------------------------------
_SIDE = _T.regex("committee_side")


def parse_committee_ratio(text: str | None) -> dict[str, int] | None:
    """`청구 20 : 피청구 80` (either order) → `{"청구": 20, "피청구": 80}`."""
    found = {side: int(v) for side, v in _SIDE.findall(text or "")}
    return found if {"청구", "피청구"} <= set(found) else None


def committee_points(decisions: Sequence[Mapping[str, Any]], chart: Any) -> list[dict[str, Any]]:
    """Each decision as A's fault before and after: the claimant is A when its base matches the chart's A.

    A decision whose base ratio matches no variant of the chart (an older chart's base) is kept with
    `role` None and the claimant's fault.
    """
    bases_a = {v.base.A for v in chart.variants} if chart is not None else set()
    bases_b = {v.base.B for v in chart.variants} if chart is not None else set()
    out = []
    for d in decisions:
        base, decided = parse_committee_ratio(d.get("base")), parse_committee_ratio(d.get("decided"))
        if base is None or decided is None:
            continue
        claimant_is = "A" if base["청구"] in bases_a else "B" if base["청구"] in bases_b else None
        key = "청구" if claimant_is in ("A", None) else "피청구"
        out.append({"id": d["id"], "title": d.get("title", ""), "role": claimant_is, "base": base[key],
                    "final": decided[key], "cited": bool(d.get("cited"))})
    return out


def committee_plot_svg(points: Sequence[Mapping[str, Any]], a_name: str) -> str:
    """One row per decision: a hollow dot at the base fault of A, an arrow to the decided fault."""
    if not points:
        return ""
    row_h, left, width = 22, 150, 300  # room right of 100 for the "base→final" label
    height = 34 + row_h * len(points)

    def x(v: float) -> float:
        return left + width * v / 100

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="katalog-committee" viewBox="0 0 {left + width + 60} '
             f'{height}" width="100%" style="max-width:{left + width + 60}px" font-size="11" '
             "font-family=\"'NanumGothic','Noto Sans KR',sans-serif\">"]
    for tick in range(0, 101, 25):
        parts.append(f'<line x1="{x(tick)}" y1="14" x2="{x(tick)}" y2="{height - 18}" stroke="#ddd"/>'
                     f'<text x="{x(tick)}" y="{height - 4}" text-anchor="middle" fill="#555">{tick}</text>')
    parts.append(f'<text x="{left}" y="10" fill="#333">{html.escape(a_name)}(A) 과실 % — ○ 기본 → ● 결정</text>')
    for i, p in enumerate(points):
        y = 24 + i * row_h
        colour = "#1f4e79" if p["role"] else "#888"
        label = ("★ " if p.get("cited") else "") + p["id"].replace("KFRC-", "심의 ") + ("" if p["role"] else " (청구 측)")
        parts.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" fill="#333">{html.escape(label)}</text>')
        if p["base"] != p["final"]:
            parts.append(f'<line x1="{x(p["base"])}" y1="{y}" x2="{x(p["final"])}" y2="{y}" stroke="{colour}" '
                         'stroke-width="2"/>')
        parts.append(f'<circle cx="{x(p["base"])}" cy="{y}" r="5" fill="#fff" stroke="{colour}" stroke-width="2"/>'
                     f'<circle cx="{x(p["final"])}" cy="{y}" r="4" fill="{colour}"/>'
                     f'<text x="{x(max(p["base"], p["final"])) + 9}" y="{y + 4}" fill="#333">'
                     f'{p["base"]}→{p["final"]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def korean_part(text: str) -> str:
    """`한국어 문장 / English sentence` → the Korean half (engine messages carry both)."""
    head, sep, tail = (text or "").partition(" / ")
    if sep and tail and sum(ch.isascii() for ch in tail) > 0.8 * len(tail):
        return head.strip()
    return text


def reason_ko(reason: str) -> str:
    """A candidate's match reason as shown (particles resolved)."""
    from katalog.josa import fix_josa

    return fix_josa(reason)


_SENTENCE_END = _T.regex("display_sentence_end")


def whole_sentences(text: str, cut_at: int = 380) -> str:
    """A cited text ending on a whole sentence: a text cut by the index (≈400 characters) ends at its
    last full stop, with a note, instead of mid-word."""
    text = (text or "").strip()
    if len(text) < cut_at:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if not ends:
        return text + " …"
    return text[: ends[-1]] + " … (이하 생략)"


def applied_rows(applied: Sequence[Any]) -> list[dict[str, str]]:
    """Applied modifiers as a Korean table: 당사자 · 수정요소 · 가감 · 근거."""
    return [
        {"당사자": f"{m.party_name} ({m.party})", "수정요소": m.name, "가감": signed(int(m.delta)),
         "근거": cell(m.evidence) if m.source != "user" else "사용자 선택"}
        for m in applied
    ]


def highlight_spans(text: str, evidence: Sequence[Any]) -> str:
    """The description with every evidence span marked (HTML-escaped; overlapping spans merged)."""
    spans = sorted({(e.start, e.end) for e in evidence if 0 <= e.start < e.end <= len(text or "")})
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark style="background:#fff3a3">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return f'<div class="katalog-evidence" style="line-height:1.8">{"".join(out)}</div>'


def reopen_choices(assessment: Any) -> dict[str, Any]:
    """What the user chose in a saved assessment, to open it again the same way:
    `{"chart_id", "party_a", "answers"}` (None / empty where the engine's choice stood)."""
    out: dict[str, Any] = {"chart_id": None, "party_a": None, "answers": {}}
    if assessment is None:
        return out
    for o in getattr(assessment, "overrides", []) or []:
        if o.field == "chart":
            out["chart_id"] = o.after
        elif o.field == "parties" and assessment.mapping is not None:
            out["party_a"] = assessment.mapping.A
        elif o.field == "answer" and "=" in o.after:
            key, _, value = o.after.partition("=")
            out["answers"][key] = value
    return out
