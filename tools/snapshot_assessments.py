"""Snapshot what the engine answers, row by row, to prove a refactor changes nothing.

    python tools/snapshot_assessments.py OUT.jsonl                 # dev sets + corpus folds
    python tools/snapshot_assessments.py OUT.jsonl --limit 400     # first 400 fold rows only
    python tools/snapshot_assessments.py --diff BEFORE.jsonl AFTER.jsonl

Each line keeps the decisions, not the prose: status, abstention code, chart, variant, who is A,
applied modifiers, base and final split, confidence (4 places), top-3 candidates, question keys and
cited ids. `KATALOG_READER=0` snapshots the rules alone. Never reads the sealed blind split.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from katalog.engine import assess
from katalog.evaluation import read_cases
from katalog.evaluation_report import default_sets


def _row(case) -> dict:
    a = assess(case.description, case.parties)
    return {
        "id": case.id,
        "status": a.status,
        "abstention": a.abstention.code if a.abstention else None,
        "error": a.error,
        "chart": a.chart_id,
        "variant": a.variant,
        "a_is": a.mapping.A if a.mapping else None,
        "applied": [m.modifier_id for m in a.applied],
        "base": a.base,
        "final": a.final,
        "confidence": round(a.confidence, 4),
        "top3": [c.chart_id for c in a.candidates[:3]],
        "questions": [q.id for q in a.questions],
        "citations": [c.id for c in a.citations],
    }


def snapshot(out: Path, limit: int | None) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for path in default_sets():  # the bench's sets; never the blind split
            cases = [c for _, c in read_cases(path)]
            if limit is not None and path.name == "folds.jsonl":
                cases = cases[:limit]
            for case in cases:
                fh.write(json.dumps({"file": path.name, **_row(case)}, ensure_ascii=False) + "\n")


def diff(before: Path, after: Path) -> int:
    def read(p: Path) -> dict:
        return {(r["file"], r["id"]): r for r in map(json.loads, p.read_text(encoding="utf-8").splitlines())}

    b, a = read(before), read(after)
    changed = [k for k in b if k in a and b[k] != a[k]]
    for k in changed:
        fields = [f for f in b[k] if b[k][f] != a[k].get(f)]
        print(k[0], k[1], {f: (b[k][f], a[k][f]) for f in fields})
    missing = sorted(set(b) ^ set(a))
    print(f"{len(b)} before, {len(a)} after, {len(changed)} changed, {len(missing)} only on one side")
    return 1 if changed or missing else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--diff", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args()
    if args.diff:
        sys.exit(diff(*args.diff))
    if not args.out:
        ap.error("OUT is required unless --diff is given")
    snapshot(args.out, args.limit)


if __name__ == "__main__":
    main()
