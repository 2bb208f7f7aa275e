"""Write the committed chart signatures, `data/engine/signatures.json`, which the engine loads at start.

    python tools/build_signatures.py            # rebuild and write (prints what changed)
    python tools/build_signatures.py --check    # exit 1, listing charts and fields, when the file is stale

Each signature is read from the chart's own text by `katalog.matching.signatures.read_signature`
(the facts extractor and data/vocab) and corrected by `data/engine/signature_overrides.yaml`.
Run it after editing charts, the vocabulary, the facts lexicon or the overrides, and commit the file
with the change: its diff shows which charts a lexicon edit moved. The output is deterministic
(charts sorted by id, keys sorted, default values left out).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from katalog.matching.signatures import (  # noqa: E402
    build_signatures,
    diff_signatures,
    dump_signatures,
    load_overrides,
    read_signature,
    read_signatures,
    redundant_overrides,
    signatures_path,
)
from katalog.standard.loader import load_standard  # noqa: E402


def _redundant() -> list[str]:
    from katalog.facts import extract_facts

    std = load_standard()
    out = []
    for cid, overrides in load_overrides().items():
        out += redundant_overrides(read_signature(std.charts[cid], extract_facts), overrides)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare with the committed file")
    ap.add_argument("--out", type=Path, default=None, help="write here instead of data/engine/signatures.json")
    args = ap.parse_args(argv)
    out = args.out or signatures_path()
    rebuilt = build_signatures()
    changes = diff_signatures(read_signatures(out)[1], rebuilt) if out.is_file() else ["(no committed file yet)"]
    for line in _redundant():
        print(f"warning: redundant override, delete it: {line}", file=sys.stderr)
    if args.check:
        if changes:
            print(f"{out} is stale ({len(changes)} differences); rebuild with python tools/build_signatures.py")
            print("\n".join(changes))
            return 1
        print(f"{out}: up to date ({len(rebuilt)} charts)")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump_signatures(rebuilt, load_standard().version), encoding="utf-8")
    print(f"wrote {out}: {len(rebuilt)} charts, {len(changes)} differences from the previous file")
    print("\n".join(changes[:200]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
