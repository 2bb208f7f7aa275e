"""`katalog bench batch`: throughput, peak memory and resume time of batch scoring.

Cases are generated variations of the development descriptions in `data/eval/*.jsonl`, or of the
descriptions of given JSONL files (`--source data/corpus/everyday/folds.jsonl`; the sealed blind split is
refused). Each scoring run happens in a child process so its peak memory (and its workers') can be
measured; every case's CPU time (`timings.batch_cpu`, the worker process's, kiwi's threads included) gives
a throughput that does not depend on other jobs on the machine.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from katalog.errors import DataError
from katalog.percentile import percentile

PREFIXES = (
    "",
    "어제 저녁 ",
    "오늘 아침 출근길에 ",
    "비가 오는 날 ",
    "퇴근 시간에 ",
    "야간에 ",
    "주말 오후에 ",
)
SUFFIXES = (
    "",
    " 과실비율이 어떻게 되나요?",
    " 보험 처리 기준이 궁금합니다.",
    " 상대방은 자기 잘못이 없다고 합니다.",
)
FAKE = "katalog.batch.fake:fake_scorer"


def eval_descriptions(root: Path | None = None) -> list[tuple[str, list[str] | None]]:
    from katalog.paths import data_dir

    folder = (root or data_dir()) / "eval"
    out: list[tuple[str, list[str] | None]] = []
    for f in sorted(folder.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append((row["description"], row.get("parties")))
    if not out:
        raise DataError(
            f"개발용 설명이 없습니다: {folder}", "no development descriptions (data/eval/*.jsonl)"
        )
    return out


def file_descriptions(paths: list[Path]) -> list[tuple[str, list[str] | None]]:
    """(description, parties) of every row of the given JSONL files (`--source`)."""
    out: list[tuple[str, list[str] | None]] = []
    for f in paths:
        if "blind" in f.name:
            # The sealed blind split is never read outside its own evaluation command.
            raise DataError(f"봉인된 평가 파일은 쓸 수 없습니다: {f}", f"refusing the sealed blind split: {f}")
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append((row["description"], row.get("parties")))
    if not out:
        raise DataError(f"설명이 없습니다: {paths}", f"no descriptions in {[str(f) for f in paths]}")
    return out


def generate_cases(n: int, base: list[tuple[str, list[str] | None]]) -> Iterator[dict[str, Any]]:
    """n distinct descriptions: each development description with a prefix/suffix variation."""
    for i in range(n):
        desc, parties = base[i % len(base)]
        k = i // len(base)
        text = f"{PREFIXES[k % len(PREFIXES)]}{desc}{SUFFIXES[(k // len(PREFIXES)) % len(SUFFIXES)]}"
        row: dict[str, Any] = {"id": f"bench-{i:07d}", "description": text, "source": "bench"}
        if parties:
            row["party_1"], row["party_2"] = parties
        yield row


def _child_main() -> None:
    """Child process: score a DB and print one JSON line with the summary and peak memory."""
    url, workers, scorer = sys.argv[1], int(sys.argv[2]), sys.argv[3] or None
    from katalog.batch import score_cases
    from katalog.db import open_db

    with open_db(url) as db:
        c0 = time.process_time()
        s = score_cases(db, scorer, workers=workers)
        driver_cpu = time.process_time() - c0  # claims, writes, the pool's start and its messages
    # VmHWM is this process's own peak (ru_maxrss would carry the parent's peak over fork+exec);
    # RUSAGE_CHILDREN is the largest worker's peak once the pool has been joined.
    me = _vm_hwm_kb()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            s.to_dict()
            | {"peak_rss_mb": round(me / 1024, 1), "peak_worker_rss_mb": round(kids / 1024, 1),
               "driver_cpu_ms_per_case": round(driver_cpu * 1000 / s.scored, 2) if s.scored else None}
        )
    )


def _vm_hwm_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child_cmd(url: str, workers: int, scorer: str | None) -> list[str]:
    code = "from katalog.batch.bench import _child_main; _child_main()"
    return [sys.executable, "-c", code, url, str(workers), scorer or ""]


def _run_child(url: str, workers: int, scorer: str | None) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.run(_child_cmd(url, workers, scorer), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise DataError("벤치마크 채점 실패", f"bench scoring failed: {proc.stderr.strip()[-500:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["wall_s"] = round(time.perf_counter() - t0, 2)
    return out


def _fresh_db(folder: Path, name: str, n: int, base: list[tuple[str, list[str] | None]]) -> tuple[str, float]:
    from katalog.db import open_db

    url = f"sqlite:///{folder / name}"
    t0 = time.perf_counter()
    with open_db(url) as db:
        db.import_cases(generate_cases(n, base), source="bench")
    return url, time.perf_counter() - t0


def _cpu_per_case(url: str) -> dict[str, float]:
    """Mean and p50/p95 CPU milliseconds per scored case (`timings.batch_cpu`), and the cases/s that
    number allows on `os.cpu_count()` idle cores (one worker per core)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from katalog.db.connect import make_engine
    from katalog.db.orm import AssessmentRow

    engine = make_engine(url)
    try:
        with Session(engine) as s:
            rows = s.execute(select(AssessmentRow.timings)).scalars().all()
    finally:
        engine.dispose()
    cpu = sorted(float(t["batch_cpu"]) for t in rows if t and "batch_cpu" in t)
    if not cpu:
        return {}
    mean = sum(cpu) / len(cpu)
    return {
        "cpu_ms_mean": round(mean, 2),
        "cpu_ms_p50": round(percentile(cpu, 0.5) or 0.0, 2),
        "cpu_ms_p95": round(percentile(cpu, 0.95) or 0.0, 2),
        "cpu_bound_cases_per_s": round((os.cpu_count() or 1) * 1000 / mean, 1) if mean > 0 else 0.0,
    }


def _count_assessments(url: str) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from katalog.db.connect import make_engine
    from katalog.db.orm import AssessmentRow

    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return int(s.execute(select(func.count(AssessmentRow.id))).scalar_one())
    finally:
        engine.dispose()


def _integrity(url: str) -> dict[str, int]:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from katalog.db.connect import make_engine
    from katalog.db.orm import AssessmentRow, Case

    engine = make_engine(url)
    try:
        with Session(engine) as s:
            cases = s.execute(select(func.count(Case.id))).scalar_one()
            rows = s.execute(select(func.count(AssessmentRow.id))).scalar_one()
            current = s.execute(select(func.count()).where(AssessmentRow.is_current.is_(True))).scalar_one()
        return {"cases": cases, "assessments": rows, "current": current}
    finally:
        engine.dispose()


def pick_scorer(choice: str) -> tuple[str | None, str]:
    """'engine'/'auto' → the real engine (no LLM; the learned reader unless `KATALOG_READER=0`); 'fake' → the
    stand-in; else an import path."""
    if choice == "fake":
        return FAKE, "fake"
    if choice in ("engine", "auto"):
        from katalog.reader.model import switched_off

        return None, "engine (rules only)" if switched_off() else "engine (rules + reader, no LLM)"
    return choice, choice


def run_bench(
    cases: int = 10_000,
    workers: list[int] | None = None,
    scorer: str = "auto",
    kill_after: float = 0.3,
    source: list[Path] | None = None,
    checks: bool = True,
) -> dict[str, Any]:
    """Throughput per worker count, then (`checks`) peak memory at n/10 and n cases and resume after kill -9.
    `source`: JSONL files whose descriptions are scored (default: the development sets)."""
    workers = workers or [1, 2]
    spec, label = pick_scorer(scorer)
    base = file_descriptions(source) if source else eval_descriptions()
    result: dict[str, Any] = {
        "cases": cases,
        "source": [str(f) for f in source] if source else "data/eval/*.jsonl",
        "scorer": label,
        "cpus": os.cpu_count(),
        # Other work on the machine skews throughput; the load average says how much.
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="katalog-bench-") as tmp:
        folder = Path(tmp)
        for w in workers:
            url, import_s = _fresh_db(folder, f"w{w}.db", cases, base)
            try:
                run = _run_child(url, w, spec)
            except DataError as exc:
                if scorer != "auto" or spec == FAKE:
                    raise
                # 'auto' without a working engine: measure the batch machinery with the stand-in, and say so.
                spec, label = FAKE, f"fake (engine unavailable: {str(exc)[:160]})"
                result["scorer"] = label
                run = _run_child(url, w, spec)
            run["import_cases_per_s"] = round(cases / import_s, 1)
            run |= _cpu_per_case(url)
            result["runs"].append(run)
        if not checks:
            result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
            return result
        # Peak memory must not grow with the number of cases (keyset pages, bounded in-flight chunks).
        small = max(100, cases // 10)
        url, _ = _fresh_db(folder, "small.db", small, base)
        result["memory"] = {
            "cases_small": small,
            "peak_rss_mb_small": _run_child(url, 1, spec)["peak_rss_mb"],
            "cases_large": cases,
            "peak_rss_mb_large": next(r["peak_rss_mb"] for r in result["runs"] if r["workers"] == workers[0]),
        }
        result["resume"] = _resume(folder, cases, base, max(workers), spec, kill_after)
    result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def _resume(
    folder: Path,
    n: int,
    base: list[tuple[str, list[str] | None]],
    workers: int,
    spec: str | None,
    frac: float,
) -> dict[str, Any]:
    """kill -9 a run once `frac` of the cases are stored, rerun, and check nothing was lost or duplicated."""
    url, _ = _fresh_db(folder, "resume.db", n, base)
    proc = subprocess.Popen(
        _child_cmd(url, workers, spec), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    target = int(n * frac)
    while proc.poll() is None and _count_assessments(url) < target:
        time.sleep(0.05)
    before = _count_assessments(url)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    t0 = time.perf_counter()
    rerun = _run_child(url, workers, spec)
    check = _integrity(url)
    return {
        "killed_at": before,
        "rerun_scored": rerun["scored"],
        "rerun_s": round(time.perf_counter() - t0, 2),
        "rerun_startup_s": round(rerun["wall_s"] - rerun["elapsed_s"], 2),
        "integrity": check,
        "ok": check["cases"] == check["current"] == check["assessments"],
    }
