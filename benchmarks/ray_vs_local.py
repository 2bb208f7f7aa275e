"""Ray (`--engine ray`) against local processes on one machine, same cases, same worker count.

    python benchmarks/ray_vs_local.py                                  # fake scorer, 20 ms per case
    python benchmarks/ray_vs_local.py --scorer engine --sizes 500,2000 # the real engine (rules only)

Each run is a child process on a fresh SQLite file. Reported per run: start-up (engine load in
every worker or actor, version probe; for Ray also `ray.init`), scoring throughput (after
start-up), and end-to-end cases/s (cases / wall time of the child). The last line is JSON with
the ratios local/ray and the size from which Ray's end-to-end rate is within 1.5× of local's,
derived from the measured start-up and scoring rates (and checked against the measured sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = """
import json, sys, time
t0 = time.perf_counter()
from katalog.batch import score_cases
from katalog.db import open_db
url, workers, engine, scorer = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] or None
with open_db(url) as db:
    s = score_cases(db, scorer, workers=workers, engine=engine)
print(json.dumps(s.to_dict() | {"wall_s": round(time.perf_counter() - t0, 2)}))
"""


def _db(folder: Path, name: str, n: int) -> str:
    from katalog.batch.bench import eval_descriptions, generate_cases
    from katalog.db import open_db

    url = f"sqlite:///{folder / name}"
    with open_db(url) as db:
        db.import_cases(generate_cases(n, eval_descriptions()), source="bench")
    return url


def _run(url: str, workers: int, engine: str, scorer: str | None, env: dict[str, str]) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(workers), engine, scorer or ""],
        capture_output=True, text=True, env=os.environ | env, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"{engine} run failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="500,2000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scorer", default="fake", help="fake (20 ms per case) | engine | module:name")
    ap.add_argument("--delay-ms", default="20")
    ap.add_argument("--out")
    args = ap.parse_args()
    scorer = {"fake": "katalog.batch.fake:fake_scorer", "engine": None}.get(args.scorer, args.scorer)
    env = {"KATALOG_FAKE_DELAY_MS": args.delay_ms} if args.scorer == "fake" else {}
    sizes = [int(x) for x in args.sizes.split(",")]
    result: dict = {"scorer": args.scorer, "workers": args.workers, "cpus": os.cpu_count(),
                    "loadavg_start": [round(x, 2) for x in os.getloadavg()], "runs": []}  # fmt: skip
    print(f"{'cases':>6} {'engine':<6} {'startup s':>9} {'scoring c/s':>11} {'wall s':>7} {'end-to-end c/s':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            for engine in ("local", "ray"):
                url = _db(Path(tmp), f"{engine}-{n}.db", n)
                t0 = time.perf_counter()
                r = _run(url, args.workers, engine, scorer, env)
                r["cases"], r["end_to_end"] = n, round(n / r["wall_s"], 2)
                r["child_wall_s"] = round(time.perf_counter() - t0, 2)
                result["runs"].append(r)
                print(f"{n:>6} {engine:<6} {r['startup_s']:>9.1f} {r['throughput']:>11.1f} {r['wall_s']:>7.1f}"
                      f" {r['end_to_end']:>14.1f}", flush=True)  # fmt: skip
    by = {(r["cases"], r["engine"]): r for r in result["runs"]}
    result["ratios"] = {
        n: {
            "scoring_local_over_ray": round(by[(n, "local")]["throughput"] / max(1e-9, by[(n, "ray")]["throughput"]), 2),
            "end_to_end_local_over_ray": round(by[(n, "local")]["end_to_end"] / max(1e-9, by[(n, "ray")]["end_to_end"]), 2),
        }
        for n in sizes
    }  # fmt: skip
    # Wall(n) ≈ fixed + n / rate. Ray is within 1.5× of local end-to-end once
    # fixed_ray + n/rate_ray ≤ 1.5 (fixed_local + n/rate_local).
    big = max(sizes)
    lo, ra = by[(big, "local")], by[(big, "ray")]
    f_l, f_r = lo["wall_s"] - lo["elapsed_s"], ra["wall_s"] - ra["elapsed_s"]
    r_l, r_r = lo["throughput"], ra["throughput"]
    denom = 1 / r_r - 1.5 / r_l
    if denom < 0:
        result["within_1_5x_from_cases"] = max(0, int((f_r - 1.5 * f_l) / -denom) + 1)
    else:
        result["within_1_5x_from_cases"] = None  # the scoring rate alone is > 1.5× apart
    result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
