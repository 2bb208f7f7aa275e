"""Shipped assistant examples for the two chart tasks, drawn from the everyday corpus folds (never the blind split).

    python tools/everyday_examples.py          # writes general_tasks/examples/fault_{chart_identification,ratio_reasoning}.jsonl

60 rows per task, spread over the chart families by a stable hash; outputs come from the same formatter the dataset
builder uses (chart, named A/B, modifiers, the calculator's split), so shipped examples and training records agree.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from general_tasks.builders.base import BuildContext  # noqa: E402
from general_tasks.builders.katalog_legal import everyday_answer, everyday_rows  # noqa: E402
from katalog.standard.loader import load_standard  # noqa: E402

PER_TASK = 60


def _pick(rows: list[dict], n: int, salt: str) -> list[dict]:
    """Round-robin over families, each family ordered by a salted hash of the id."""
    fams: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        fams[r["meta"]["family"]].append(r)
    for items in fams.values():
        items.sort(key=lambda r: hashlib.sha256((salt + r["id"]).encode()).hexdigest())
    out, i = [], 0
    while len(out) < n and any(fams.values()):
        for fam in sorted(fams):
            if i < len(fams[fam]) and len(out) < n:
                out.append(fams[fam][i])
        i += 1
    return out


def main() -> int:
    rows = everyday_rows(BuildContext(use_hub=False))
    std = load_standard()
    out_dir = ROOT / "general_tasks" / "examples"
    tasks = {
        "fault_chart_identification": lambda r: r["expected"]["chart_ids"][0],
        "fault_ratio_reasoning": lambda r: everyday_answer(r, std),
    }
    for task, output in tasks.items():
        picked = _pick(rows, PER_TASK, task)
        with (out_dir / f"{task}.jsonl").open("w", encoding="utf-8") as fh:
            for r in picked:
                fh.write(json.dumps({"inputs": {"description": r["description"]}, "output": output(r)},
                                    ensure_ascii=False) + "\n")
        print(task, len(picked))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
