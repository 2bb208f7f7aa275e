"""Build `data/corpus/*.jsonl` (charts, precedents, committee decisions, Road Traffic Act).

    python tools/build_corpus.py [--reference ../shared/reference] [--out data/corpus]

Charts come from `data/standard/` (current charts only: a chart that `maps_to` another is a
legacy duplicate); the other kinds from the read-only reference folder. The app never reads the
reference folder: this importer is the only bridge. Committee decision ids are the eval ids
(e.g. `KFRC-2019-008384`) so an evaluation can exclude the case it is scoring.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from katalog.retrieval.corpus import CorpusDoc, write_corpus  # noqa: E402
from katalog.retrieval.metadata import (  # noqa: E402
    detect_has_signal,
    detect_party_types,
    detect_place,
)
from katalog.retrieval.summaries import chart_place, chart_summary  # noqa: E402
from katalog.standard.schema import Chart  # noqa: E402

DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
_PLACEHOLDER = re.compile(r"^\s*(?:-|없음|해당\s*없음|준비\s*중|\.)?\s*$")


def load_charts(standard_dir: Path) -> tuple[list[Chart], dict[str, list[str]]]:
    """Charts (validated by the project loader, from `standard_dir` — not the default data dir) and the legacy map."""
    from katalog.standard.loader import load_standard

    charts = list(load_standard(standard_dir).charts.values())
    legacy_path = standard_dir / "legacy_map.json"
    legacy = json.loads(legacy_path.read_text(encoding="utf-8")) if legacy_path.exists() else {}
    return charts, legacy


_TITLE_USERS = {"pedestrian": r"보행자", "bicycle": r"자전거", "two_wheeler": r"이륜차|오토바이",
                "pm": r"개인형\s*이동장치|킥보드|PM"}


def _title_users(title: str) -> set[str]:
    """Road users a chart title names outright (the party types sometimes miss them)."""
    return {t for t, p in _TITLE_USERS.items() if re.search(p, title)}


def chart_doc(chart: Chart) -> CorpusDoc:
    a, b = chart.parties["A"], chart.parties["B"]
    official = [
        f"[{chart.id}] {chart.title}",
        chart.section,
        f"A: {a.label} / B: {b.label}",
        *(f"({v.key}) {v.condition}" for v in chart.variants if v.condition),
        chart.situation,
        "수정요소: " + ", ".join(dict.fromkeys(m.name for m in chart.modifiers)) if chart.modifiers else "",
    ]
    place, signal = chart_place(chart)
    return CorpusDoc(
        id=f"chart:{chart.id}",
        kind="chart",
        title=f"{chart.id} {chart.title}",
        text="\n".join(p for p in official if p),
        summary=chart_summary(chart),
        chart_ids=[chart.id],
        # a title such as "후행이륜차 … 대 선행정차 …" names a road user the party types miss
        party_types=sorted({a.type, b.type} | _title_users(chart.title)),
        place=place,
        has_signal=signal,
        metadata={
            "chart_id": chart.id, "book": chart.book, "category": chart.category, "section": chart.section,
            "parties": {"A": a.label, "B": b.label},
            "variants": [{"key": v.key, "condition": v.condition, "base": str(v.base)} for v in chart.variants],
            "laws": chart.laws, "legacy_ids": chart.legacy_ids,
            # kept for display, not searched: long scope notes dilute the chart's own words
            "application": "" if _PLACEHOLDER.match(chart.application) else chart.application,
        },
    )


def _case_key(text: str) -> str:
    """'대법원 2000. 2. 25. 선고 99다31704' → '99다31704' (the case number alone)."""
    m = re.search(r"(\d{2,4})\s*([가-힣]{1,3})\s*(\d+)\s*$", text.strip())
    if not m:
        return text.strip()
    year = m.group(1)[-2:] if len(m.group(1)) == 4 and m.group(1).startswith("19") else m.group(1)
    return f"{year}{m.group(2)}{m.group(3)}"


def precedent_docs(path: Path, charts: list[Chart]) -> list[CorpusDoc]:
    cited: dict[str, list[str]] = {}
    for c in charts:
        for p in c.precedents:
            cited.setdefault(_case_key(p), []).append(c.id)
    docs: dict[str, CorpusDoc] = {}
    for row in json.loads(path.read_text(encoding="utf-8")):
        case_id = str(row["case_id"]).strip()
        doc_id = f"precedent:{case_id}"
        text = " ".join(str(row.get("content", "")).split())
        if doc_id in docs:  # the same case listed twice: keep both holdings in one document
            docs[doc_id].text += "\n" + text
            continue
        docs[doc_id] = CorpusDoc(
            id=doc_id, kind="precedent", title=f"{row.get('court', '')} {case_id}".strip(), text=text,
            chart_ids=sorted(set(cited.get(_case_key(case_id), []))),
            party_types=detect_party_types(text), place=detect_place(text), has_signal=detect_has_signal(text),
            metadata={"court": row.get("court", ""), "case_id": case_id},
        )
    return list(docs.values())


def _ratio(r: dict | None, a: str, b: str) -> str | None:
    return None if not r else f"{a} {r.get('a')} : {b} {r.get('b')}"


def committee_docs(path: Path, legacy: dict[str, list[str]]) -> list[CorpusDoc]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        ev = row.get("eval_row") or {}
        a, b = row.get("a_party", "청구"), row.get("b_party", "피청구")
        chart_ids = list((ev.get("expected") or {}).get("chart_ids") or [])
        old = str(row.get("referenced_standard_original") or "")
        if not chart_ids and old:
            chart_ids = list(legacy.get(old, []))
        base, decided = _ratio(row.get("base_ratio"), a, b), _ratio(row.get("decision_ratio"), a, b)
        desc = " ".join(str(row.get("accident_description", "")).split())
        parts = [desc, f"쟁점: {row['key_issues']}" if row.get("key_issues") else "",
                 f"기본 과실비율: {base}" if base else "", f"결정 과실비율: {decided}" if decided else "",
                 f"결정 이유: {' '.join(str(row.get('decision_reason', '')).split())}"]
        docs.append(CorpusDoc(
            id=ev.get("id") or f"KFRC-{row['review_no']}", kind="committee", title=row.get("title", ""),
            text="\n".join(p for p in parts if p), chart_ids=chart_ids,
            party_types=detect_party_types(desc), place=detect_place(desc), has_signal=detect_has_signal(desc),
            metadata={"review_no": row.get("review_no"), "legacy_chart": old or None, "base_ratio": base,
                      "decided_ratio": decided, "parties": [f"{a}차량", f"{b}차량"],
                      "source_page": row.get("source_page")},
        ))
    return docs


def law_docs(path: Path, charts: list[Chart]) -> list[CorpusDoc]:
    """One document per article; where current and future text both exist, keep the one in force."""
    cited: dict[str, list[str]] = {}
    for c in charts:
        for law in c.laws:
            m = re.search(r"제\d+조(?:의\d+)?", law)
            if m and "도로교통법" in law and "시행" not in law:
                cited.setdefault(m.group(0), []).append(c.id)
    rows: dict[str, dict] = {}
    other: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        no = row["article_no"]
        if no in rows:
            keep, drop = (row, rows[no]) if row.get("in_force") and not rows[no].get("in_force") else (rows[no], row)
            rows[no] = keep
            other.setdefault(no, []).append(str(drop.get("effective_from") or "미상"))
        else:
            rows[no] = row
    docs = []
    for no, row in rows.items():
        text = row["text"].strip()
        docs.append(CorpusDoc(
            # the title is exactly how charts cite the article ("도로교통법 제25조")
            id=f"law:도로교통법 {no}", kind="law", title=f"도로교통법 {no}", text=text,
            chart_ids=sorted(set(cited.get(no, []))), party_types=detect_party_types(text),
            metadata={"article_no": no, "article_title": row.get("title", ""), "chapter": row.get("chapter"), "in_force": bool(row.get("in_force", True)),
                      "other_version_effective": other.get(no)},
        ))
    return docs


def build(reference: Path, standard_dir: Path) -> list[CorpusDoc]:
    charts, legacy = load_charts(standard_dir)
    current = [c for c in charts if not c.maps_to]
    docs = [chart_doc(c) for c in current]
    docs += precedent_docs(reference / "precedents" / "skn11_court_precedents.json", current)
    docs += committee_docs(reference / "cases" / "committee_dev.jsonl", legacy)
    docs += law_docs(reference / "law" / "team11_ROADLAW_articles.jsonl", current)
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    ap.add_argument("--standard", type=Path, default=ROOT / "data" / "standard")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "corpus")
    args = ap.parse_args(argv)
    docs = build(args.reference, args.standard)
    counts = write_corpus(docs, args.out)
    size = sum(f.stat().st_size for f in args.out.glob("*.jsonl"))
    print(json.dumps({"counts": counts, "bytes": size, "out": str(args.out)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
