"""Coverage: does each chart's own situation text (the standard's 사고 상황) select that chart?

    python benchmarks/chart_self_match.py              # rate per book + every miss
    python benchmarks/chart_self_match.py --book PM2021

The standard describes every chart in one or two sentences ("신호기에 의해 교통정리가 이루어지고 있지
않은 교차로에 진입하여 직진하는 PM과 … 좌회전하는 자동차가 충돌한 사고이다"). An engine that cannot
pick a chart from its own canonical description cannot pick it from a user's either, so a miss points
at a reading gap (an unknown road-user word, a movement cue, a sibling that always wins). Siblings
whose situation texts are identical are reported as misses too; read them as ties, not errors.
The last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from katalog.engine import assess
from katalog.standard.loader import load_standard


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--book", help="only this book (MAIN2023, PM2021, ROUND2025, PORTAL, NONTYPICAL2020)")
    args = ap.parse_args()
    std = load_standard()
    total: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for cid, chart in std.charts.items():
        text = (chart.situation or "").strip()
        book = str(chart.book)
        if len(text) < 15 or (args.book and book != args.book):
            continue
        total[book] += 1
        a = assess(text[:600])
        if a.chart_id == cid:
            hits[book] += 1
        else:
            print(f"{cid} → {a.chart_id or a.abstention.code if a.abstention else a.chart_id}: {text[:100]}")
    summary = {b: {"n": total[b], "hit1": round(hits[b] / total[b], 3)} for b in sorted(total)}
    summary["all"] = {"n": sum(total.values()), "hit1": round(sum(hits.values()) / max(1, sum(total.values())), 3)}
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
