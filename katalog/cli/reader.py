"""`katalog bench reader`: speed and memory of the learned reader (docs/reader.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import typer

_FIRST = """
import json, resource, time
t0 = time.perf_counter()
from katalog.engine import assess
a = assess({text!r})
t1 = time.perf_counter()
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"first_ms": round((t1 - t0) * 1000, 1), "cpu_ms": round((ru.ru_utime + ru.ru_stime) * 1000, 1),
                  "chart": a.chart_id, "rss_mb": round(ru.ru_maxrss / 1024, 1)}}))
"""

_TEXT = "신호등 있는 사거리에서 제가 초록불에 직진하는데 맞은편에서 좌회전하던 차가 부딪혔어요"


def _first_assessment(env_reader: str) -> dict:
    import os

    env = dict(os.environ, KATALOG_READER=env_reader)
    out = subprocess.run([sys.executable, "-c", _FIRST.format(text=_TEXT)], capture_output=True, text=True,
                         env=env, timeout=300, check=False)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": out.stderr[-500:]}


def _first_assessments(env_reader: str, runs: int) -> dict:
    """Median of `runs` fresh processes: wall time, CPU time (all threads; on a shared box the wall time
    also counts other sessions' load) and peak RSS, with every run's wall time."""
    from statistics import median

    got = [_first_assessment(env_reader) for _ in range(max(runs, 1))]
    ok = [g for g in got if "first_ms" in g]
    if not ok:
        return got[-1]
    return {"runs": len(ok), "first_ms": median(g["first_ms"] for g in ok),
            "cpu_ms": median(g.get("cpu_ms", 0.0) for g in ok), "rss_mb": median(g["rss_mb"] for g in ok),
            "chart": ok[-1]["chart"], "all_ms": [g["first_ms"] for g in ok]}


def register(app: typer.Typer) -> None:
    from katalog.cli.bench import bench_app

    @bench_app.command("reader")
    def bench_reader(
        file: Path = typer.Argument(None, help="JSONL of descriptions (default: data/eval/dev_queries.jsonl)"),
        repeat: int = typer.Option(2, help="passes over the file"),
        first: int = typer.Option(3, help="fresh processes per first-assessment measurement (median)"),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """학습된 판독기의 속도·메모리 / learned reader: first assessment in a new process, per-assessment
        p50/p95 with and without the reader, reader load time and model size."""
        import resource
        import time

        from katalog.engine import assess
        from katalog.paths import data_dir
        from katalog.percentile import percentile
        from katalog.reader import model as reader_model

        path = file or data_dir() / "eval" / "dev_queries.jsonl"
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        report: dict = {"file": str(path), "rows": len(rows)}
        report["first_assessment_reader"] = _first_assessments("1", first)
        report["first_assessment_rules"] = _first_assessments("0", first)
        t0 = time.perf_counter()
        reader_model.get_reader.cache_clear()
        reader = reader_model.get_reader()
        report["reader_load_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        d = reader_model.model_dir()
        report["model_bytes"] = sum(p.stat().st_size for p in d.iterdir() if p.is_file()) if d.is_dir() else 0
        assess(_TEXT)  # warm both paths (index, kiwi)
        for label in ("reader", "rules"):
            if label == "rules":
                reader_model.get_reader.cache_clear()
                import os

                os.environ["KATALOG_READER"] = "0"
            times = []
            for _ in range(repeat):
                for r in rows:
                    t = time.perf_counter()
                    assess(r["description"], parties=r.get("parties"))
                    times.append((time.perf_counter() - t) * 1000)
            report[label] = {"n": len(times), "p50_ms": round(percentile(times, 0.5) or 0.0, 1),
                             "p95_ms": round(percentile(times, 0.95) or 0.0, 1)}
        report["reader_loaded"] = reader is not None
        report["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        if as_json:
            typer.echo(json.dumps(report, ensure_ascii=False))
        else:
            for k, v in report.items():
                typer.echo(f"{k}: {v}")
