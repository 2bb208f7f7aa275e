"""Retrieval benchmark: chart Hit@1 / Hit@3 / MRR on the development sets, latency, build cost.

    katalog bench retrieval [--json] [--misses] [--model ID]
    python benchmarks/retrieval.py  # same

Queries: the clear answerable rows of dev_queries (meta.type == "명확"), dev_q2, dev_structured
and, as an extra, the committee decisions that name a chart (each one excluded from the corpus
while it is being scored). A query counts as a hit when any expected chart id is in the top k.
The index is built fresh into a temporary folder so build time and peak memory are measured.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from katalog.paths import data_dir
from katalog.percentile import percentile

SETS = ("dev_queries", "dev_q2", "dev_structured", "dev_committee")
MODES = ("bm25", "dense", "fused")


def load_set(name: str, eval_dir: Path) -> list[dict]:
    rows = [json.loads(line) for line in (eval_dir / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    out = []
    for r in rows:
        exp = r.get("expected") or {}
        if not exp.get("answerable") or not exp.get("chart_ids"):
            continue
        if name == "dev_queries" and (r.get("meta") or {}).get("type") != "명확":
            continue
        out.append(r)
    return out


def resolve_ids(ids: list[str], known: set[str]) -> set[str]:
    """Eval ids → current chart ids (PM book numbers '12' → 'PM-12')."""
    out = set()
    for cid in ids:
        if cid in known:
            out.add(cid)
        elif cid.isdigit() and f"PM-{int(cid):02d}" in known:
            out.add(f"PM-{int(cid):02d}")
        else:
            out.add(cid)
    return out


def evaluate(retriever, rows: list[dict], mode: str, exclude_self: bool) -> dict:
    known = set(retriever.chart_ids)
    h1 = h3 = rr = 0.0
    lat = []
    misses = []
    for r in rows:
        gold = resolve_ids(r["expected"]["chart_ids"], known)
        t0 = time.perf_counter()
        hits = retriever.search_charts(r["description"], k=10, mode=mode,
                                       exclude_ids=[r["id"]] if exclude_self else None)
        lat.append((time.perf_counter() - t0) * 1000)
        ranked = [h.chart_id for h in hits]
        rank = next((i + 1 for i, c in enumerate(ranked) if c in gold), None)
        h1 += rank == 1
        h3 += rank is not None and rank <= 3
        rr += 1.0 / rank if rank else 0.0
        if rank != 1:
            misses.append({"id": r["id"], "gold": sorted(gold), "top3": ranked[:3], "rank": rank})
    n = max(len(rows), 1)
    return {"n": len(rows), "hit1": round(h1 / n, 4), "hit3": round(h3 / n, 4), "mrr": round(rr / n, 4),
            "latency_ms": lat, "misses": misses}


def run(sets: tuple[str, ...] = SETS, model: str | None = None, eval_dir: Path | None = None,
        show_misses: bool = False) -> dict:
    from katalog.retrieval.corpus import load_corpus
    from katalog.retrieval.dense import get_encoder
    from katalog.retrieval.hybrid import HybridRetriever
    from katalog.retrieval.index import open_index

    eval_dir = eval_dir or data_dir() / "eval"
    docs = load_corpus()
    encoder = get_encoder(model)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        comps, info = open_index(docs, encoder, root=Path(tmp), force=True)
        build_s = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    retriever = HybridRetriever.from_components(docs, comps, info=info)
    retriever.search_charts("워밍업 질의", k=1)
    results: dict = {"model": encoder.name, "n_docs": len(docs), "build_s": round(build_s, 2),
                     "build_components_s": info.get("timings_s"), "peak_rss_mb": round(peak_mb, 1), "sets": {}}
    all_lat: list[float] = []
    for name in sets:
        rows = load_set(name, eval_dir)
        results["sets"][name] = {}
        for mode in MODES:
            res = evaluate(retriever, rows, mode, exclude_self=name == "dev_committee")
            if mode == "fused":
                all_lat += res["latency_ms"]
            res.pop("latency_ms")
            if not show_misses or mode != "fused":
                res.pop("misses")
            results["sets"][name][mode] = res
    results["latency_ms"] = {"p50": round(percentile(all_lat, 0.5) or 0.0, 2),
                             "p95": round(percentile(all_lat, 0.95) or 0.0, 2), "n": len(all_lat)}
    core = [s for s in sets if s != "dev_committee"]
    for mode in MODES:
        tot = sum(results["sets"][s][mode]["n"] for s in core)
        if tot:
            results.setdefault("core", {})[mode] = {
                m: round(sum(results["sets"][s][mode][m] * results["sets"][s][mode]["n"] for s in core) / tot, 4)
                for m in ("hit1", "hit3", "mrr")} | {"n": tot}
    return results


def table(results: dict) -> str:
    lines = ["| set | n | BM25 H@1 / H@3 / MRR | dense H@1 / H@3 / MRR | fused H@1 / H@3 / MRR |",
             "|---|---|---|---|---|"]
    rows = list(results["sets"].items()) + ([("**core (first three)**", results["core"])] if "core" in results else [])
    for name, res in rows:
        cells = [f"{res[m]['hit1']:.3f} / {res[m]['hit3']:.3f} / {res[m]['mrr']:.3f}" for m in MODES]
        lines.append(f"| {name} | {res['fused']['n']} | " + " | ".join(cells) + " |")
    lat = results["latency_ms"]
    lines.append("")
    lines.append(f"model `{results['model']}` · {results['n_docs']} docs · build {results['build_s']} s "
                 f"{results['build_components_s']} · peak RSS {results['peak_rss_mb']} MB · "
                 f"fused query latency p50 {lat['p50']} ms, p95 {lat['p95']} ms (n={lat['n']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args(argv)
    res = run(tuple(s for s in args.sets.split(",") if s), model=args.model, show_misses=args.misses)
    print(json.dumps(res, ensure_ascii=False, indent=1) if args.json else table(res))
    if args.misses and not args.json:
        for name, r in res["sets"].items():
            for m in r["fused"].get("misses", []):
                print(name, m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
