"""Label-swap invariance: the split must follow the facts, not which name the text mentions first.

    python benchmarks/symmetry.py                       # dev_committee (청구 ↔ 피청구)
    python benchmarks/symmetry.py --file data/eval/dev_structured.jsonl

For every row the two party names are exchanged in the description ("청구차량이 직진 … 피청구차량과"
becomes "피청구차량이 직진 … 청구차량과") and the row is assessed again with the same `parties`. A
consistent engine gives the same chart, and each name swaps its share. Rows where the chart, the
split or the answered/abstained status changes are listed; the last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from katalog.engine import assess
from katalog.evaluation import read_cases

ROOT = Path(__file__).resolve().parents[1]
_LABEL_PAIRS = [("청구차량", "피청구차량"), ("A차량", "B차량"), ("당사 차량", "상대 차량")]


def swap_names(text: str, first: str, second: str) -> str:
    """Exchange two names in a text, longest first so "피청구차량" is not read as "청구차량"."""
    a, b = sorted((first, second), key=len, reverse=True)
    # casebook texts carry PDF line-break spaces inside names ("청구차 량"): match those too
    loose = {n: r"\s?".join(map(re.escape, n.replace(" ", ""))) for n in (a, b)}
    pattern = re.compile(f"(?P<a>{loose[a]})|(?P<b>{loose[b]})")
    return pattern.sub(lambda m: b if m.group("a") else a, text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", default=str(ROOT / "data/eval/dev_committee.jsonl"))
    args = ap.parse_args()
    n = broken = 0
    for _, case in read_cases(Path(args.file)):
        pairs = [case.parties] if case.parties else [list(p) for p in _LABEL_PAIRS]
        names = next((p for p in pairs if all(nm in case.description for nm in p)), None)
        if names is None:
            continue
        n += 1
        plain = assess(case.description, parties=names)
        mirror = assess(swap_names(case.description, names[0], names[1]), parties=names)
        same = (
            plain.answered == mirror.answered
            and plain.chart_id == mirror.chart_id
            and (not plain.answered or plain.final[names[0]] == mirror.final[names[1]])
        )
        if not same:
            broken += 1
            print(f"{case.id}: {plain.chart_id} {plain.final} | swapped: {mirror.chart_id} {mirror.final}")
            print(f"   {case.description[:110]}")
    print(json.dumps({"rows": n, "inconsistent": broken, "consistent_rate": round(1 - broken / n, 4) if n else None}))


if __name__ == "__main__":
    main()
