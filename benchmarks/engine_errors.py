"""List the engine's wrong base ratios on dev_committee next to the casebook's referenced chart.

    python benchmarks/engine_errors.py                      # every row with a wrong base ratio
    python benchmarks/engine_errors.py --all                # every row
    python benchmarks/engine_errors.py --summary            # only the cause counts

Each wrong row shows the description, expected and predicted base ratio, the predicted chart,
variant and A/B mapping, the legacy chart the casebook decision referenced (with its title and role
labels from data/standard), and the extracted facts. A coarse cause is guessed for each row so the
errors can be grouped; it is a reading aid, not a metric. Development only: it reads the casebook
rows in /work/shared/reference to show the referenced chart (the engine never does).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import katalog.engine
from katalog.evaluation import chart_aliases, read_cases
from katalog.standard.loader import load_standard

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "data/eval/dev_committee.jsonl"
CASEBOOK = Path("/work/shared/reference/cases/committee_dev.jsonl")
LEGACY = ROOT / "data/standard/legacy_map.json"


def casebook() -> dict[str, dict[str, Any]]:
    """Casebook rows by eval id (empty without ../shared); final_errors.py reads it too."""
    rows: dict[str, dict[str, Any]] = {}
    if CASEBOOK.exists():
        for line in CASEBOOK.open(encoding="utf-8"):
            r = json.loads(line)
            rows[r["eval_row"]["id"]] = r
    return rows


def _referenced(std: Any, legacy: dict[str, list[str]], ref: str | None) -> list[str]:
    """2023 (or PORTAL) chart ids that the casebook's old chart number stands for."""
    if not ref:
        return []
    out = list(legacy.get(ref, []))
    for cid, chart in std.charts.items():
        if cid == ref or cid.endswith(f"-{ref}") or ref in (chart.legacy_ids or []):
            out.append(cid)
    return list(dict.fromkeys(out))


def _chart_text(std: Any, cid: str) -> str:
    c = std.charts.get(cid)
    if c is None:
        return f"{cid} (unknown)"
    roles = " | ".join(f"{k}:{p.label}" for k, p in c.parties.items())
    variants = " ; ".join(f"{v.key}={v.base.A}:{v.base.B} {v.condition[:50]}".strip() for v in c.variants)
    return f"{cid} {c.title} [{roles}] {{{variants}}}"


def _facts(a: Any) -> str:
    f = a.facts
    ps = []
    for p in f.parties:
        bits = [p.name, p.type, p.movement, p.signal, p.road, p.from_direction]
        if p.entered_first is not None:
            bits.append(f"first={p.entered_first}")
        if p.conditions:
            bits.append("cond=" + ",".join(p.conditions))
        if p.factors:
            bits.append("fac=" + ",".join(p.factors))
        ps.append(" ".join(str(b) for b in bits if b))
    scene = f"place={f.place} sig={f.signal_controlled} coll={f.collision} cond={f.conditions}"
    return scene + "\n      " + "\n      ".join(ps)


def _cause(std: Any, exp: dict[str, Any], a: Any, ref_ids: list[str], pred_base: list[int] | None) -> str:
    """A coarse reason for a wrong base ratio."""
    if not a.answered:
        return "abstained"
    good_ids = set(exp.get("chart_ids") or []) | set(ref_ids)
    chart_ok = a.chart_id in good_ids or any(x in good_ids for x in chart_aliases(std, a.chart_id))
    if len(a.facts.parties) < 2:
        return "party_missing"
    if any(p.movement is None for p in a.facts.parties[:2]) and not chart_ok:
        return "movement_missing"
    if pred_base and list(reversed(pred_base)) == exp["base_ratio"]:
        return "mapping_swapped"
    if chart_ok:
        return "variant_or_ratio"
    if good_ids and any(g.split("-")[0] == (a.chart_id or "").split("-")[0] for g in good_ids):
        return "chart_sibling"
    if any(g[:1].isdigit() or g.startswith("PORTAL") for g in good_ids) and not (a.chart_id or "").startswith(
        "PORTAL"
    ):
        return "legacy_series_not_used"
    return "chart_family"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="show correct rows too")
    ap.add_argument("--summary", action="store_true", help="only print the cause counts")
    ap.add_argument("--file", default=str(EVAL))
    args = ap.parse_args(argv)
    std = load_standard()
    legacy = json.loads(LEGACY.read_text(encoding="utf-8")) if LEGACY.exists() else {}
    book = casebook()
    causes: Counter[str] = Counter()
    n = ok = 0
    for _, case in read_cases(args.file):
        a = katalog.engine.assess(case.description, parties=case.parties, exclude_ids=[case.id])
        exp = case.expected.model_dump()
        order = case.parties or ([a.mapping.A, a.mapping.B] if a.mapping else a.parties)
        pred = [a.base.get(p, -1) for p in order] if a.answered and a.base else None
        n += 1
        good = pred == exp["base_ratio"]
        ok += good
        row = book.get(case.id, {})
        ref = row.get("referenced_standard_original")
        ref_ids = _referenced(std, legacy, ref)
        if not good:
            causes[_cause(std, exp, a, ref_ids, pred)] += 1
        if (good and not args.all) or args.summary:
            continue
        cause = "OK" if good else _cause(std, exp, a, ref_ids, pred)
        print(f"== {case.id} [{cause}] exp base={exp['base_ratio']} charts={exp.get('chart_ids')} ref={ref}")
        print(f"   {case.description}")
        mp = f"A={a.mapping.A} B={a.mapping.B}" if a.mapping else "-"
        print(f"   pred {a.chart_id} var={a.variant} {mp} base={pred} top3={[c.chart_id for c in a.candidates[:3]]}")
        for cid in ref_ids[:2]:
            print(f"   ref  {_chart_text(std, cid)}")
        if a.chart_id and a.chart_id not in ref_ids:
            print(f"   got  {_chart_text(std, a.chart_id)}")
        print(f"   facts {_facts(a)}")
        if row.get("decision_reason"):
            print(f"   why  {row['decision_reason'][:220]}")
    print(f"\nbase_exact {ok}/{n} = {ok / max(n, 1):.3f}")
    for c, k in causes.most_common():
        print(f"  {c:24s} {k}")


if __name__ == "__main__":
    main()
