"""Check and build the everyday-Korean corpus (`data/corpus/everyday/`).

    python tools/build_everyday.py check FILE...   # validate writer files, one line per problem
    python tools/build_everyday.py build           # raw/*.jsonl → folds.jsonl + blind.jsonl + stats.json

Writers label chart ids, the variant, which named party is A and the modifier ids the text states; this
script never trusts a typed ratio: base and final are recomputed by `katalog.calculator` in the order of
`parties`. Every row gets a chart family, and the build splits rows deterministically (hash of the id)
into a sealed blind split (~20 %) and five folds, stratified by family.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from katalog.calculator import compute  # noqa: E402
from katalog.errors import KatalogError  # noqa: E402
from katalog.evaluation_families import family_of  # noqa: E402
from katalog.standard.loader import load_standard  # noqa: E402

EVERYDAY = ROOT / "data" / "corpus" / "everyday"
DECLINE_REASONS = ("damages", "insurance_procedure", "single_vehicle", "multi_party", "vague", "not_traffic")
BLIND_SHARE = 0.2
N_FOLDS = 5


class RowError(ValueError):
    pass


def check_row(row: dict[str, Any], std: Any) -> dict[str, Any]:
    """One writer row → one eval row (EvalCase shape) with calculator ratios; RowError names the problem."""
    for key in ("id", "description", "label"):
        if key not in row:
            raise RowError(f"missing field {key!r}")
    desc, label = row["description"], row["label"]
    if not isinstance(desc, str) or len(desc.strip()) < 4:
        raise RowError("description empty or too short")
    meta = dict(row.get("meta") or {})
    if not label.get("answerable", True):
        reason = label.get("decline")
        if reason not in DECLINE_REASONS:
            raise RowError(f"decline reason {reason!r} not one of {DECLINE_REASONS}")
        meta.update(family="decline", decline=reason)
        return {"id": row["id"], "description": desc, "parties": row.get("parties"),
                "expected": {"answerable": False}, "meta": meta}
    parties = row.get("parties")
    if not (isinstance(parties, list) and len(parties) == 2 and all(isinstance(p, str) and p for p in parties)):
        raise RowError("parties must be two non-empty names")
    if parties[0] == parties[1] or parties[0] in parties[1] or parties[1] in parties[0]:
        raise RowError(f"party names overlap: {parties}")
    for p in parties:
        if p not in desc:
            raise RowError(f"party name {p!r} does not occur in the description")
    charts = label.get("chart_ids") or []
    if not charts:
        raise RowError("chart_ids empty")
    for cid in charts:
        if cid not in std:
            raise RowError(f"unknown chart {cid!r}")
    a_name = label.get("A")
    if a_name not in parties:
        raise RowError(f"A={a_name!r} is not one of the parties {parties}")
    try:
        calc = compute(charts[0], label.get("variant"), label.get("modifiers") or (), standard=std)
    except KatalogError as exc:
        raise RowError(str(exc).splitlines()[0]) from exc
    a_first = parties[0] == a_name

    def order(r: Any) -> list[int]:
        return [r.A, r.B] if a_first else [r.B, r.A]

    chart = std.get(charts[0])
    meta.update(family=family_of(chart.id, chart.category, meta.get("road_users") or ()), book=chart.book, A=a_name)
    return {
        "id": row["id"],
        "description": desc,
        "parties": parties,
        "expected": {
            "answerable": True,
            "chart_ids": charts,
            "variant": calc.variant,
            "base_ratio": order(calc.base),
            "final_ratio": order(calc.final),
            "modifiers": [d.modifier_id for d in calc.applied],
        },
        "meta": meta,
    }


def read_raw(paths: list[Path]) -> tuple[list[tuple[Path, int, dict]], list[str]]:
    rows, errors = [], []
    for path in paths:
        for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append((path, lineno, json.loads(line)))
            except json.JSONDecodeError as exc:
                errors.append(f"{path.name}:{lineno}: invalid JSON ({exc.msg})")
    return rows, errors


def _bucket(key: str) -> float:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:12], 16) / float(16**12)


def assign_splits(rows: list[dict[str, Any]]) -> None:
    """Blind (~20 %) and folds 0–4, stratified by family: rows of a family are ordered by a hash of
    their id, the first fifth is blind, the rest dealt round-robin into folds (deterministic)."""
    by_family: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_family[r["meta"]["family"]].append(r)
    for fam in sorted(by_family):
        items = sorted(by_family[fam], key=lambda r: _bucket("katalog-everyday:" + r["id"]))
        n_blind = round(len(items) * BLIND_SHARE)
        for i, r in enumerate(items):
            if i < n_blind:
                r["meta"]["split"] = "blind"
                r["meta"].pop("fold", None)
            else:
                r["meta"]["split"] = "folds"
                r["meta"]["fold"] = (i - n_blind) % N_FOLDS


def build(raw_dir: Path = EVERYDAY / "raw", out_dir: Path = EVERYDAY) -> dict[str, Any]:
    std = load_standard()
    raw, errors = read_raw(sorted(raw_dir.glob("*.jsonl")))
    good, seen = [], set()
    for path, lineno, row in raw:
        rid = row.get("id")
        if rid in seen:
            errors.append(f"{path.name}:{lineno}: duplicate id {rid!r}")
            continue
        try:
            good.append(check_row(row, std))
            seen.add(rid)
        except RowError as exc:
            errors.append(f"{path.name}:{lineno}: {rid}: {exc}")
    assign_splits(good)
    blind = [r for r in good if r["meta"]["split"] == "blind"]
    folds = [r for r in good if r["meta"]["split"] == "folds"]
    for name, rows in (("folds.jsonl", folds), ("blind.jsonl", blind)):
        with (out_dir / name).open("w", encoding="utf-8") as fh:
            for r in sorted(rows, key=lambda r: r["id"]):
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    covered = Counter(r["expected"]["chart_ids"][0] for r in good if r["expected"]["answerable"])
    stats = {
        "rows": len(good),
        "rejected": len(errors),
        "blind": len(blind),
        "folds": Counter(str(r["meta"]["fold"]) for r in folds),
        "by_family": Counter(r["meta"]["family"] for r in good),
        "by_book": Counter(r["meta"].get("book", "decline") for r in good),
        "by_decline": Counter(r["meta"]["decline"] for r in good if r["meta"]["family"] == "decline"),
        "by_style": Counter(r["meta"].get("style", "?") for r in good),
        "charts_covered": len(covered),
        "charts_under_8": sorted(
            c.id for c in std if c.book in ("MAIN2023", "PM2021", "ROUND2025", "NONTYPICAL2020")
            and covered.get(c.id, 0) < 8
        ),
    }
    (out_dir / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                        "utf-8")
    (out_dir / "rejected.txt").write_text("".join(e + "\n" for e in errors), "utf-8")
    return stats | {"errors": errors}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("check", "build"):
        print(__doc__)
        return 2
    if argv[0] == "check":
        std = load_standard()
        raw, errors = read_raw([Path(p) for p in argv[1:]])
        ids = Counter(r.get("id") for _, _, r in raw)
        for path, lineno, row in raw:
            if ids[row.get("id")] > 1:
                errors.append(f"{path.name}:{lineno}: duplicate id {row.get('id')!r}")
            try:
                check_row(row, std)
            except RowError as exc:
                errors.append(f"{path.name}:{lineno}: {row.get('id')}: {exc}")
        print("\n".join(errors) if errors else f"ok: {len(raw)} rows")
        return 1 if errors else 0
    stats = build()
    errs = stats.pop("errors")
    print(json.dumps({k: v for k, v in stats.items() if k != "charts_under_8"}, ensure_ascii=False))
    print(f"charts with < 8 rows: {len(stats['charts_under_8'])} {stats['charts_under_8'][:40]}")
    for e in errs[:50]:
        print("rejected:", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
