"""KATALOG's legal sources: 도로교통법 articles, the fault-ratio standard, committee decisions and the
everyday-Korean corpus (its folds only: the sealed blind split never reaches training data).

Charts give description → chart / mapping / modifiers / ratio records (descriptions are built from
the chart's own situation text; ratios come from `katalog.calculator.compute`). Committee decisions
give description → decided ratio + reasoning. Nothing here reads /work/shared: the law and the
cases come from `data/` (or `--source-dir` / `--cases`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from general_tasks.builders.base import (
    BuildContext,
    Example,
    Source,
    SourceMissing,
    read_rows,
    stable_index,
    text,
)
from katalog.calculator import compute
from katalog.errors import KatalogError


def fault_answer(chart: str, a: str, b: str, mods: str, ratio: tuple[int, int], why: str) -> str:
    """The `fault_ratio_reasoning` output: the five lines its templates ask for (general_tasks/tasks/legal.yaml)."""
    return f"도표: {chart}\n대응: A={a}, B={b}\n수정요소: {mods}\n과실비율: A{ratio[0]}:B{ratio[1]}\n설명: {why}"


# -- statutes --------------------------------------------------------------------------------
LAW_FILES = ["road_traffic_law.jsonl", "team11_ROADLAW_articles.jsonl"]
_HEADER = re.compile(r"^\s*(제\d+조(?:의\d+)?)\s*\(([^)]*)\)\s*")
_NOTE = re.compile(r"<[^<>]*(?:개정|신설|시행)[^<>]*>|\[[^\[\]]*(?:개정|신설|제목)[^\[\]]*\]")


def _law_rows(ctx: BuildContext) -> tuple[list[dict], str]:
    if ctx.source_dir is not None:
        for name in LAW_FILES:
            path = Path(ctx.source_dir) / name
            if path.is_file():
                return list(read_rows(path, "jsonl")), f"local:{name}"
    corpus = ctx.katalog_data() / "corpus" / "law.jsonl"
    if corpus.is_file():
        return list(read_rows(corpus, "jsonl")), _shown(corpus, ctx)
    raise SourceMissing(
        "statute_qa: 도로교통법 조문 파일이 없습니다",
        "statute_qa: no Road Traffic Act articles found",
        hints=[f"--source-dir 에 {LAW_FILES[0]} ({{article_no, title, text}} JSONL) 또는 data/corpus/law.jsonl"],
    )


def first_paragraph(article_text: str) -> str:
    """The first 항 of an article without its '제N조(제목)' header and amendment notes."""
    body = _NOTE.sub(" ", _HEADER.sub("", article_text))
    body = body.split("②", 1)[0].split("부칙", 1)[0].replace("①", "")
    return text(body)


def statute_examples(ctx: BuildContext) -> Iterator[Example]:
    rows, origin = _law_rows(ctx)
    ctx.notes["statute_qa"] = origin
    seen: dict[str, Example] = {}
    for row in rows:
        meta = row.get("metadata") or {}
        raw = str(row.get("text") or "")
        head = _HEADER.match(raw) or _HEADER.match(str(row.get("title", "")).replace("도로교통법", "").strip())
        no = row.get("article_no") or meta.get("article_no") or (head.group(1) if head else None)
        title = row.get("title") if row.get("article_no") else (head.group(2) if head else None)
        in_force = row.get("in_force", meta.get("in_force", True))
        body = first_paragraph(raw)
        if not no or not title or len(body) < 15 or "삭제" in body[:10] or (no in seen and not in_force):
            continue
        seen[no] = ({"text": body[:600]}, f"{no}({title})")
    yield from seen.values()


# -- the standard ----------------------------------------------------------------------------
def _charts(ctx: BuildContext) -> list[Any]:
    std = ctx.standard
    if std is None:
        try:
            from katalog.standard.loader import load_standard

            std = load_standard(ctx.katalog_data() / "standard") if ctx.data_dir else load_standard()
        except (KatalogError, ImportError, OSError) as exc:
            raise SourceMissing(
                "과실비율 기준(data/standard)을 불러오지 못했습니다",
                f"could not load the fault-ratio standard: {exc}",
                hints=["tools/import_standard.py 로 data/standard 를 만드세요 / build data/standard first"],
            ) from None
        ctx.standard = std
    charts = list(std.charts.values()) if hasattr(std, "charts") else list(std)
    return [c for c in charts if not c.maps_to]


_VARIANT_MARK = re.compile(r"\(([가나다라마바사])\)")


def variant_situation(chart: Any, key: str) -> str:
    """The situation sentence for one variant: the '(가) …' segment when the book splits it."""
    sit = text(chart.situation)
    if not sit:
        return f"{chart.parties['A'].label}인 A와 {chart.parties['B'].label}인 B의 사고 ({chart.title})"
    parts = _VARIANT_MARK.split(sit)
    if len(parts) > 2:
        segs = dict(zip(parts[1::2], parts[2::2], strict=False))
        if key in segs:
            return text(segs[key])
    v = chart.variant(key)
    extra = v.label or v.condition
    return sit if key in ("기본", chart.variants[0].key) or not extra else f"{sit} ({extra})"


_PARTY = re.compile(r"([AB])(차량|자전거|이륜차|보행자|오토바이|버스|화물차)")


def _lay(m: re.Match) -> str:
    who, noun = m.group(1), m.group(2)
    if noun == "보행자":
        return f"보행자({who})"
    return f"{'제' if who == 'A' else '상대'} {noun}({who})"  # the noun keeps the particle that follows correct


def phrase(situation: str, style: int) -> str:
    """Three deterministic phrasings of a chart situation (official wording, lay wording, terse)."""
    if style == 1:
        s = _PARTY.sub(_lay, situation)
        return re.sub(r"사고이다\.?$", "사고가 났습니다. 과실은 어떻게 되나요?", s)
    if style == 2:
        return re.sub(r"\s*사고이다\.?$", " 사고.", situation)
    return situation


def _first_sentence(s: str, limit: int = 140) -> str:
    s = text(s)
    cut = re.search(r"(?<=다\.)\s", s)
    s = s[: cut.start()] if cut else s
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _final(chart: Any, key: str, mod: Any) -> tuple[int, int]:
    """The ratio after one modifier, from the calculator (clamping and its rules included)."""
    calc = compute(chart, key, [mod.id])
    return calc.final.A, calc.final.B


MAX_MODIFIER_RECORDS = 3
"""Per chart variant: the base record plus this many single-modifier records."""


def fault_reasoning_examples(ctx: BuildContext) -> Iterator[Example]:
    charts = _charts(ctx)
    ctx.notes["fault_ratio_reasoning"] = f"{len(charts)} charts"
    for chart in charts:
        a_label, b_label = chart.parties["A"].label, chart.parties["B"].label
        for v in chart.variants:
            sit = variant_situation(chart, v.key)
            cid = chart.id if len(chart.variants) == 1 else f"{chart.id} ({v.key})"
            why = _first_sentence(chart.base_explanation) or f"{chart.id} 도표의 기본 과실비율을 적용했다."
            desc = phrase(sit, stable_index(f"{chart.id}{v.key}", 3))
            yield {"description": desc}, fault_answer(cid, a_label, b_label, "없음", (v.base.A, v.base.B), why)
            mods = chart.modifiers_for(v.key)
            for m in sorted(mods, key=lambda m: stable_index(f"{chart.id}{v.key}{m.id}", 10**6))[:MAX_MODIFIER_RECORDS]:
                a, b = _final(chart, v.key, m)
                who = "A" if m.party == "A" else "B"
                cue = f" 또한 {who}에게 '{m.name}'에 해당하는 사정이 있었다."
                explain = f"기본 A{v.base.A}:B{v.base.B}에서 {who}의 {m.name} {m.delta:+d}을 적용했다."
                yield (
                    {"description": phrase(sit, stable_index(f"{chart.id}{v.key}{m.id}", 3)) + cue},
                    fault_answer(cid, a_label, b_label, f"{who} {m.name} {m.delta:+d}", (a, b), explain),
                )
    n_everyday = 0
    for n_everyday, example in enumerate(everyday_reasoning_examples(ctx), 1):  # noqa: B007 - count kept
        yield example
    if n_everyday:
        ctx.notes["fault_ratio_reasoning"] += f" + {n_everyday} everyday descriptions (folds)"


EVERYDAY_TRAIN = "folds.jsonl"
"""The everyday corpus file that may train a model; `blind.jsonl` beside it is sealed for evaluation."""


def everyday_rows(ctx: BuildContext) -> list[dict]:
    """Answerable rows of the everyday corpus folds (empty when the corpus is not shipped)."""
    path = ctx.katalog_data() / "corpus" / "everyday" / EVERYDAY_TRAIN
    if not path.is_file():
        return []
    return [r for r in read_rows(path, "jsonl") if r["expected"].get("answerable") and r.get("parties")]


def everyday_answer(row: dict, std: Any) -> str:
    """Chart, the named A/B, the stated modifiers and the calculator's split (A:B order)."""
    exp, (p1, p2) = row["expected"], row["parties"]
    a_name = row["meta"]["A"]
    b_name = p2 if a_name == p1 else p1
    chart = std.get(exp["chart_ids"][0])
    base, final = exp["base_ratio"], exp["final_ratio"]
    if a_name != p1:
        base, final = base[::-1], final[::-1]
    by_id = {m.id: m for m in chart.modifiers}
    mods = [by_id[i] for i in exp.get("modifiers") or [] if i in by_id]
    mod_text = ", ".join(f"{m.party} {m.name} {m.delta:+d}" for m in mods) or "없음"
    cid = chart.id if len(chart.variants) == 1 else f"{chart.id} ({exp['variant']})"
    why = f"{chart.title} 도표의 기본 A{base[0]}:B{base[1]}" + (f"에 {mod_text}을 적용했다." if mods else "을 적용했다.")
    return fault_answer(cid, a_name, b_name, mod_text, (final[0], final[1]), why)


def everyday_reasoning_examples(ctx: BuildContext) -> Iterator[Example]:
    rows = everyday_rows(ctx)
    std = ctx.standard if ctx.standard is not None and hasattr(ctx.standard, "get") else None
    if std is None:
        from katalog.standard.loader import load_standard

        std = load_standard()
    for row in rows:
        if row["expected"]["chart_ids"][0] in std:
            yield {"description": row["description"]}, everyday_answer(row, std)


def chart_id_examples(ctx: BuildContext) -> Iterator[Example]:
    charts = _charts(ctx)
    ctx.notes["fault_chart_identification"] = f"{len(charts)} charts"
    for chart in charts:
        for v in chart.variants:
            sit = variant_situation(chart, v.key)
            # a different phrasing than the reasoning record of the same variant
            style = (stable_index(f"{chart.id}{v.key}", 3) + 1) % 3
            yield {"description": phrase(sit, style)}, chart.id
    everyday = everyday_rows(ctx)
    if everyday:
        ctx.notes["fault_chart_identification"] += f" + {len(everyday)} everyday descriptions (folds)"
    for row in everyday:
        yield {"description": row["description"]}, row["expected"]["chart_ids"][0]
    try:
        cases = list(committee_cases(ctx))
    except SourceMissing:
        return
    ctx.notes["fault_chart_identification"] += f" + {ctx.notes['committee_fault_ratio']}"
    for case in cases:
        if case["chart_ids"]:
            yield {"description": case["description"]}, case["chart_ids"][0]


# -- committee decisions ---------------------------------------------------------------------
_RATIO_TEXT = re.compile(r"(피청구|청구)(?:차량|인)?\s*(\d{1,3})")


def _cases_path(ctx: BuildContext) -> Path:
    if ctx.cases is not None:
        if not Path(ctx.cases).is_file():
            raise SourceMissing(f"심의 사례 파일이 없습니다: {ctx.cases}", f"cases file not found: {ctx.cases}")
        return Path(ctx.cases)
    root = ctx.katalog_data()
    for cand in (root / "corpus" / "committee.jsonl", root / "eval" / "dev_committee.jsonl"):
        if cand.is_file():
            return cand
    raise SourceMissing(
        "committee_fault_ratio: 분쟁심의 사례 파일이 없습니다",
        "committee_fault_ratio: no committee decisions found",
        hints=["--cases PATH (casebook / corpus / eval JSONL) 또는 data/corpus/committee.jsonl"],
    )


def _by_role(roles: list[str], values: list) -> tuple[int | None, int | None]:
    """(청구, 피청구) from values listed in `roles` order ('청구차량', '피청구', …)."""
    out: dict[str, int] = {}
    for role, v in zip(roles, values, strict=False):
        key = "피청구" if str(role).startswith("피청구") else "청구" if str(role).startswith("청구") else ""
        if key and v is not None:
            out[key] = int(v)
    return out.get("청구"), out.get("피청구")


def parse_case(row: dict) -> dict | None:
    """One decision in any of the three formats (raw casebook, corpus, eval) → common dict.

    The ratio is always (청구, 피청구) = (A, B), whatever order the source lists the parties in.
    """
    if "accident_description" in row:
        r = row.get("decision_ratio") or {}
        ratio = _by_role([row.get("a_party", "청구"), row.get("b_party", "피청구")], [r.get("a"), r.get("b")])
        desc, reason = row["accident_description"], row.get("decision_reason", "")
        charts = (row.get("eval_row") or {}).get("expected", {}).get("chart_ids") or []
    elif row.get("kind") == "committee":
        body = str(row.get("text", ""))
        desc = body.split("\n", 1)[0]
        pairs = _RATIO_TEXT.findall(str((row.get("metadata") or {}).get("decided_ratio", "")))
        ratio = _by_role([p[0] for p in pairs], [p[1] for p in pairs])
        reason = body.split("결정 이유:", 1)[1] if "결정 이유:" in body else ""
        charts = row.get("chart_ids") or []
    elif "description" in row and "expected" in row:
        fr = row["expected"].get("final_ratio") or [None, None]
        ratio = _by_role(row.get("parties") or ["청구", "피청구"], list(fr))
        desc, reason = row["description"], ""
        charts = row["expected"].get("chart_ids") or []
    else:
        return None
    if ratio[0] is None or ratio[1] is None or ratio[0] + ratio[1] != 100 or not text(desc):
        return None
    return {"description": text(desc), "ratio": (ratio[0], ratio[1]), "reason": text(reason), "chart_ids": charts}


def _shown(path: Path, ctx: BuildContext) -> str:
    """`data/…` for files inside the KATALOG data folder (manifests stay machine independent)."""
    try:
        return "data/" + path.resolve().relative_to(ctx.katalog_data().resolve()).as_posix()
    except ValueError:
        return str(path)


def committee_cases(ctx: BuildContext) -> Iterable[dict]:
    path = _cases_path(ctx)
    ctx.notes["committee_fault_ratio"] = _shown(path, ctx)
    for row in read_rows(path, "jsonl"):
        case = parse_case(row)
        if case:
            yield case


def _short_reason(reason: str, ratio: tuple[int, int]) -> str:
    r = re.sub(r"청구차량\s*\d+%\s*●\s*피청구차량\s*\d+%\s*$", "", reason).strip()
    if not r:
        return f"심의 결과 청구 {ratio[0]}%, 피청구 {ratio[1]}%로 결정되었다."
    return r if len(r) <= 300 else r[:299] + "…"


def committee_examples(ctx: BuildContext) -> Iterator[Example]:
    for case in committee_cases(ctx):
        a, b = case["ratio"]
        yield {"description": case["description"]}, f"과실비율: A{a}:B{b}\n근거: {_short_reason(case['reason'], (a, b))}"


LEGAL_SOURCES = [
    Source("statute_qa", load=statute_examples),
    Source("fault_chart_identification", load=chart_id_examples),
    Source("fault_ratio_reasoning", load=fault_reasoning_examples),
    Source("committee_fault_ratio", load=committee_examples),
]
