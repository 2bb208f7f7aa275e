"""List dev_committee rows whose base ratio is right but whose final ratio is wrong.

    python benchmarks/final_errors.py            # base right, final wrong
    python benchmarks/final_errors.py --all      # every row with a right base ratio

Each row shows the description, expected base/final, the predicted final, the applied modifiers
with their evidence, the chart's role labels and still-possible modifiers, and the casebook's
decision reason. Development only: it reads the casebook in /work/shared/reference to show the
reason (the engine never does).
"""

from __future__ import annotations

import argparse

from engine_errors import EVAL, casebook  # same folder: run as `python benchmarks/final_errors.py`

import katalog.engine
from katalog.evaluation import read_cases
from katalog.standard.loader import load_standard


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="show rows whose final ratio is right too")
    ap.add_argument("--file", default=str(EVAL))
    args = ap.parse_args(argv)
    std = load_standard()
    book = casebook()
    n_base = n_final = n_w10 = 0
    for _, case in read_cases(args.file):
        exp = case.expected
        if not (exp.answerable and exp.base_ratio and exp.final_ratio):
            continue
        a = katalog.engine.assess(case.description, parties=case.parties, exclude_ids=[case.id])
        if not a.answered or not a.base or not a.final:
            continue
        order = case.parties or ([a.mapping.A, a.mapping.B] if a.mapping else a.parties)
        base = [a.base.get(p, -1) for p in order]
        final = [a.final.get(p, -1) for p in order]
        if base != list(exp.base_ratio):
            continue
        n_base += 1
        ok = final == list(exp.final_ratio)
        n_final += ok
        n_w10 += abs(final[0] - exp.final_ratio[0]) <= 10
        if ok and not args.all:
            continue
        chart = std.charts.get(a.chart_id or "")
        roles = " | ".join(f"{k}:{p.label}" for k, p in chart.parties.items()) if chart else "-"
        mp = f"A={a.mapping.A} B={a.mapping.B}" if a.mapping else "-"
        print(f"== {case.id} {'OK' if ok else 'WRONG'} base={exp.base_ratio} exp final={exp.final_ratio} got={final}")
        print(f"   {case.description}")
        print(f"   chart {a.chart_id} var={a.variant} {mp} [{roles}]")
        for m in a.applied:
            print(f"   +  {m.party}({m.party_name}) {m.name} {m.delta:+d}  ev={m.evidence!r} src={m.source}")
        poss = ", ".join(f"{m.party}:{m.name}{m.delta:+d}" for m in a.possible)
        print(f"   possible {poss}")
        fac = " / ".join(f"{p.name}:{','.join(p.factors)}" for p in a.facts.parties)
        print(f"   factors {fac} scene={a.facts.scene_factors}")
        why = book.get(case.id, {}).get("decision_reason")
        if why:
            print(f"   why  {why[:300]}")
    print(f"\nbase right {n_base}; final exact among them {n_final}; within10 {n_w10}")


if __name__ == "__main__":
    main()
