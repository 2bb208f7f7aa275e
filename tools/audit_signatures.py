"""Print every chart's role labels next to the signature read from its text, to spot wrong readings.

    python tools/audit_signatures.py                 # all charts
    python tools/audit_signatures.py 차42 차19-1      # charts whose id starts with one of these
    python tools/audit_signatures.py --json > sigs.jsonl

The signature is what `katalog.matching.signatures.build_signature` makes of the chart's own
situation text, role labels and variant conditions; compare the columns with the labels by eye.
"""

from __future__ import annotations

import argparse
import json

from katalog.facts import extract_facts
from katalog.matching.signatures import PartySignature, build_signature
from katalog.standard.loader import load_standard

_SHORT = {
    "movement": "mv",
    "alt_movements": "alt",
    "signal": "sig",
    "road": "road",
    "direction": "dir",
    "entered_first": "first",
    "in_roundabout": "inR",
    "roundabout_lane": "rLane",
}


def _party(p: PartySignature) -> str:
    parts = [p.type]
    for field, short in _SHORT.items():
        v = getattr(p, field, None)
        if v not in (None, [], ""):
            parts.append(f"{short}={v}")
    return " ".join(parts)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prefixes", nargs="*", help="chart id prefixes to show (default: all)")
    ap.add_argument("--json", action="store_true", help="one JSON object per chart")
    args = ap.parse_args(argv)
    std = load_standard()
    for cid, chart in std.charts.items():
        if args.prefixes and not any(cid == p or cid.startswith(p) for p in args.prefixes):
            continue
        sig = build_signature(chart, extract_facts)
        if args.json:
            print(json.dumps({"id": cid, "title": chart.title, "A_label": chart.parties["A"].label,
                              "B_label": chart.parties["B"].label, "signature": sig.model_dump()}, ensure_ascii=False))
            continue
        print(f"== {cid} [{chart.category}] {chart.title}")
        print(f"   place={sig.place} controlled={sig.signal_controlled} collision={sig.collision} special={sig.special}")
        for k in ("A", "B"):
            print(f"   {k} «{chart.parties[k].label}»  →  {_party(getattr(sig, k))}")
        for v, vs in zip(chart.variants if len(chart.variants) > 1 else [], sig.variants, strict=False):
            print(f"   ({v.key}) «{v.condition or v.label}»  →  A: {_party(vs.A)} | B: {_party(vs.B)}")


if __name__ == "__main__":
    main()
