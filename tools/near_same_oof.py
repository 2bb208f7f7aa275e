"""Near-same hit@1 of an out-of-fold dump of tools/train_reader.py (`--oof-out`).

    python tools/near_same_oof.py OOF.jsonl [--show]

hit@1 is the dump's own count. near_hit1 also counts a top chart that is a near-same chart of the label
(`katalog.evaluation.near_hit`: the same situation in another book, base ratio or modifiers differ): the
misses it adds are those where the reader found the situation and the label names the other book's chart.
Per family and overall; `--show` lists those rows. The ranking is not touched.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from katalog.evaluation import near_hit  # noqa: E402
from katalog.evaluation_families import family_of  # noqa: E402
from katalog.standard.loader import load_standard  # noqa: E402


def near_report(rows: list[dict], std) -> dict:
    """{family: {n, hit1, near_hit1, near_misses}} over answerable rows with a label, and 'ALL'; plus the
    ids of the misses that are near-same ('rows')."""
    agg: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    near_rows = []
    for r in rows:
        if not r.get("answerable") or not r.get("gold"):
            continue
        hit = bool(r["hit1"])
        near = hit or (bool(r["top3"]) and near_hit(r["top3"][0], r["gold"], std))
        if near and not hit:
            near_rows.append({"id": r["id"], "gold": r["gold"], "top1": r["top3"][0]})
        for k in (family_of(r["gold"][0]), "ALL"):
            agg[k][0] += 1
            agg[k][1] += hit
            agg[k][2] += near
    out = {k: {"n": n, "hit1": round(h / n, 4), "near_hit1": round(m / n, 4), "near_misses": m - h}
           for k, (n, h, m) in sorted(agg.items())}
    return {"families": out, "rows": near_rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump", type=Path)
    ap.add_argument("--show", action="store_true", help="list the misses whose top chart is near-same")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in args.dump.read_text(encoding="utf-8").splitlines() if line.strip()]
    rep = near_report(rows, load_standard())
    print(f"{'family':14} {'n':>5} {'hit1':>7} {'near1':>7} {'+near':>6}")
    for fam, m in rep["families"].items():
        print(f"{fam:14} {m['n']:5} {m['hit1']:7.4f} {m['near_hit1']:7.4f} {m['near_misses']:6}")
    if args.show:
        for r in rep["rows"]:
            print(f"  {r['id']} gold={r['gold']} top1={r['top1']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
