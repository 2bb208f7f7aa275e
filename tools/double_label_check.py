"""Validate a second labeller's file (ids, chart ids, variants, parties, modifier ids) without showing the
first labels, then — with `--agreement` — compare both labellings of the everyday corpus.

    python tools/double_label_check.py data/corpus/everyday/double/NAME.jsonl
    python tools/double_label_check.py --agreement          # all files in double/, JSON report

Agreement is reported per field over the doubly-labelled rows: answerable/decline, chart (the two
first-choice charts accept each other), variant and A (where the charts agree), the modifier set, and the
final ratio each labelling implies (recomputed by the calculator).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

from build_everyday import EVERYDAY, RowError, check_row, read_raw  # noqa: E402

from katalog.standard.loader import load_standard  # noqa: E402


def _raw_rows() -> dict[str, dict]:
    rows, _ = read_raw(sorted((EVERYDAY / "raw").glob("*.jsonl")))
    return {r["id"]: r for _, _, r in rows}


def check(path: Path) -> list[str]:
    std, raw = load_standard(), _raw_rows()
    problems = []
    for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            second = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{lineno}: invalid JSON ({exc.msg})")
            continue
        first = raw.get(second.get("id"))
        if first is None:
            problems.append(f"{lineno}: unknown id {second.get('id')!r}")
            continue
        try:
            check_row({**first, "label": second.get("label") or {}}, std)
        except RowError as exc:
            problems.append(f"{lineno}: {second['id']}: {exc}")
    return problems


def _label_summary(row: dict) -> dict:
    exp = row["expected"]
    if not exp["answerable"]:
        return {"answerable": False, "decline": row["meta"]["decline"]}
    return {"answerable": True, "charts": exp["chart_ids"], "variant": exp["variant"], "A": row["meta"]["A"],
            "modifiers": sorted(exp["modifiers"]), "final": exp["final_ratio"], "base": exp["base_ratio"]}


def agreement() -> dict:
    std, raw = load_standard(), _raw_rows()
    n = {k: 0 for k in ("rows", "answerable", "decline_reason", "chart", "variant", "A", "modifiers", "base", "final")}
    d = dict.fromkeys(n, 0)
    seconds, errors = read_raw(sorted((EVERYDAY / "double").glob("*.jsonl")))
    if errors:
        raise SystemExit("\n".join(errors))
    for _, _, second in seconds:
        first = raw.get(second["id"])
        if first is None:
            continue
        try:
            a = _label_summary(check_row(first, std))
            b = _label_summary(check_row({**first, "label": second["label"]}, std))
        except RowError:
            continue
        n["rows"] += 1
        d["answerable"] += 1
        n["answerable"] += a["answerable"] == b["answerable"]
        if not (a["answerable"] and b["answerable"]):
            if not a["answerable"] and not b["answerable"]:
                d["decline_reason"] += 1
                n["decline_reason"] += a["decline"] == b["decline"]
            continue
        d["chart"] += 1
        same_chart = a["charts"][0] in b["charts"] or b["charts"][0] in a["charts"]
        n["chart"] += same_chart
        for key in ("base", "final"):
            d[key] += 1
            n[key] += a[key] == b[key]
        if same_chart:
            for key in ("variant", "A", "modifiers"):
                d[key] += 1
                n[key] += a[key] == b[key]
    return {"rows": n["rows"], **{k: {"agree": n[k], "of": d[k], "share": round(n[k] / d[k], 3) if d[k] else None}
                                   for k in n if k != "rows"}}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--agreement"]:
        print(json.dumps(agreement(), ensure_ascii=False, indent=1))
        return 0
    if not argv:
        print(__doc__)
        return 2
    problems = [p for f in argv for p in check(Path(f))]
    print("\n".join(problems) if problems else "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
