"""Calibration of the engine's chart confidence on the development sets.

For each answerable row with `chart_ids`, take the top candidate's confidence and whether it is
right; report expected calibration error (ECE, 5 bins) and the NLL-optimal softmax temperature
over the candidate scores (re-scaling `katalog.matching.candidates.SOFTMAX_T`).

    python benchmarks/calibration.py [data/eval/dev_*.jsonl ...]
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from katalog.engine import assess
from katalog.evaluation import chart_matches, read_cases
from katalog.matching import candidates as C
from katalog.paths import data_dir
from katalog.standard.loader import load_standard


def _collect(paths: list[Path]) -> list[tuple[list[float], list[bool]]]:
    std = load_standard()
    rows = []
    for path in paths:
        for _, case in read_cases(path):
            exp = case.expected
            if not exp.answerable or not exp.chart_ids:
                continue
            a = assess(case.description, parties=case.parties, exclude_ids=[case.id])
            if not a.candidates:
                continue

            rows.append(([c.score for c in a.candidates], [chart_matches(c.chart_id, exp.chart_ids, std) for c in a.candidates]))
    return rows


def main(argv: list[str]) -> None:
    paths = [Path(p) for p in argv] or sorted((data_dir() / "eval").glob("dev_*.jsonl"))
    paths = [p for p in paths if "orig" not in p.name]
    rows = _collect(paths)
    best = None
    for t in [0.3, 0.5, 0.7, 0.9, 1.2, 1.5, 2.0, 3.0]:
        nll = 0.0
        for scores, hits in rows:
            p = sum(pi for pi, h in zip(C.softmax(scores, t), hits, strict=True) if h)
            nll -= math.log(max(p, 1e-6))
        nll /= max(len(rows), 1)
        best = min(best or (nll, t), (nll, t))
        print(f"T={t:<4} NLL={nll:.3f}")
    bins = [[0, 0.0, 0] for _ in range(5)]
    for scores, hits in rows:
        conf = C.softmax(scores, C.SOFTMAX_T)[0]
        b = bins[min(4, int(conf * 5))]
        b[0] += 1
        b[1] += conf
        b[2] += int(hits[0])
    n = sum(b[0] for b in bins) or 1
    ece = sum(abs(b[1] - b[2]) for b in bins if b[0]) / n
    print(f"rows={len(rows)} current T={C.SOFTMAX_T} ECE={ece:.3f} best T={best[1]}")
    for i, b in enumerate(bins):
        if b[0]:
            print(f"  conf {i / 5:.1f}-{(i + 1) / 5:.1f}: n={b[0]} mean conf={b[1] / b[0]:.2f} accuracy={b[2] / b[0]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
