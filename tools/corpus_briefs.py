"""Write the chart briefs the everyday-corpus writers work from (chart text only, never engine output).

    python tools/corpus_briefs.py OUT_DIR

One Markdown file per writer group; each chart lists its situation, parties, variants (base ratios) and
modifiers by id, so a writer can label a description without running the engine.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOKS = ("MAIN2023", "PM2021", "ROUND2025", "NONTYPICAL2020")


def _num(cid: str) -> int:
    m = re.search(r"(\d+)", cid)
    return int(m.group(1)) if m else 0


def group_of(chart: dict) -> str:
    cid = chart["id"]
    if cid.startswith("보"):
        return "bo"
    if cid.startswith("거"):
        return "geo"
    if cid.startswith("차"):
        return "cha_int" if _num(cid) < 31 else "cha_road"
    if cid.startswith("PM") or cid.startswith("회전"):
        return "pm_round"
    return "nontypical"


def _cut(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def brief(chart: dict) -> str:
    lines = [f"### {chart['id']} — {chart['title']}  ({chart['book']}, {chart.get('section', '')})"]
    for key, label in (("situation", "상황"), ("application", "적용"), ("base_explanation", "기본과실 설명")):
        if chart.get(key):
            lines.append(f"- {label}: {_cut(chart[key], 500)}")
    p = chart["parties"]
    lines.append(f"- A: {p['A']['label']} ({p['A']['type']}) / B: {p['B']['label']} ({p['B']['type']})")
    for v in chart["variants"]:
        cond = f" — {v['condition']}" if v.get("condition") else ""
        lab = f"({v['label']})" if v.get("label") else ""
        lines.append(f"- variant `{v['key']}`{lab}: A {v['base']['A']} : B {v['base']['B']}{cond}")
    for m in chart["modifiers"]:
        only = f" [variants {','.join(m['variants'])}]" if m.get("variants") else ""
        lines.append(f"  - modifier `{m['id']}`: {m['party']} {m['name']} {m['delta']:+d}{only}")
    if chart.get("modifier_explanation"):
        lines.append(f"- 수정요소 설명: {_cut(chart['modifier_explanation'], 900)}")
    return "\n".join(lines)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[str]] = {}
    for book in BOOKS:
        for chart in json.loads((ROOT / "data/standard/charts" / f"{book}.json").read_text("utf-8")):
            groups.setdefault(group_of(chart), []).append(brief(chart))
    for name, items in groups.items():
        (out / f"brief_{name}.md").write_text("\n\n".join(items) + "\n", "utf-8")
        print(name, len(items))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/briefs"))
