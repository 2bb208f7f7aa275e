"""Chaos test of batch scoring: concurrent scorers, kill -9 in the middle, a flapping LLM server.

    python benchmarks/chaos.py                          # SQLite, and PostgreSQL when it answers
    python benchmarks/chaos.py --cases 3000 --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python benchmarks/chaos.py --skip-llm               # only the database scenarios (no engine load)

Every scenario ends by counting, per case, the stored assessments: a case with none is *lost*, a
case with more than one (in a run that did not ask to rescore) is *duplicated*, and a case with
more than one current assessment breaks the one-current invariant. Everything must be zero; the
exit status is 1 otherwise. The last line is a JSON summary.

Scenarios (each on a fresh database):
  concurrent-2 / concurrent-4  2 or 4 `katalog batch score` processes started together
  kill-9                       2 scorers; one is killed with SIGKILL once 30 % are stored, then the
                               other one finishes and a third run finds nothing left
  kill-9-repeated              one scorer killed three times at random moments, then a final run
  flapping-llm                 the engine with an LLM whose server answers, fails with 500, hangs,
                               sends garbage and drops the connection in turn; one deadline per case
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from katalog.db import open_db  # noqa: E402
from katalog.db.orm import AssessmentRow, Case  # noqa: E402

FAKE = "katalog.batch.fake:fake_scorer"
LLM_SCORER = "katalog.batch.scorer:LLMEngineScorer"
CLI = [sys.executable, "-c", "from katalog.cli import main; main()"]


# ------------------------------------------------------------------------------------------------
# Databases
# ------------------------------------------------------------------------------------------------
class Fresh:
    """A fresh SQLite file or PostgreSQL schema per scenario."""

    def __init__(self, kind: str, pg_url: str | None, tmp: Path) -> None:
        self.kind, self.pg_url, self.tmp = kind, pg_url, tmp
        self.schema: str | None = None

    def __enter__(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.tmp / f'chaos-{uuid.uuid4().hex[:8]}.db'}"
        self.schema = f"chaos_{uuid.uuid4().hex[:8]}"
        admin = create_engine(self.pg_url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        admin.dispose()
        sep = "&" if "?" in self.pg_url else "?"
        return f"{self.pg_url}{sep}options=-csearch_path%3D{self.schema}"

    def __exit__(self, *exc: object) -> None:
        if self.schema:
            admin = create_engine(self.pg_url)
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            admin.dispose()


def pg_answers(url: str) -> bool:
    try:
        eng = create_engine(url, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return True
    except Exception:  # noqa: BLE001
        return False


def seed(url: str, n: int) -> None:
    rows = []
    for i in range(n):
        desc = f"사고 {i}: 신호 없는 교차로에서 직진하던 제 차와 좌회전하던 상대 차량이 충돌했습니다"
        if i % 17 == 3:
            desc += " __boom__"  # the fake scorer raises: an error row, still exactly one
        rows.append({"id": f"K{i:06d}", "description": desc, "party_1": "제 차", "party_2": "상대 차량"})
    with open_db(url) as db:
        db.import_cases(rows)


def audit(url: str) -> dict[str, int]:
    """lost = cases without a current assessment; duplicated = cases with more than one row."""
    eng = create_engine(url)
    with eng.connect() as conn:
        cases = conn.execute(select(func.count(Case.id))).scalar_one()
        rows = conn.execute(select(func.count(AssessmentRow.id))).scalar_one()
        per_case = dict(
            conn.execute(select(AssessmentRow.case_id, func.count()).group_by(AssessmentRow.case_id)).all()
        )
        current = dict(
            conn.execute(
                select(AssessmentRow.case_id, func.count())
                .where(AssessmentRow.is_current.is_(True))
                .group_by(AssessmentRow.case_id)
            ).all()
        )
        leases = conn.execute(select(func.count()).where(Case.lease_owner.is_not(None))).scalar_one()
        errors = conn.execute(
            select(func.count()).where(AssessmentRow.is_current.is_(True), AssessmentRow.status == "error")
        ).scalar_one()
    eng.dispose()
    return {
        "cases": int(cases),
        "assessments": int(rows),
        "lost": int(cases) - len(current),
        "duplicated": sum(1 for n in per_case.values() if n > 1),
        "extra_rows": sum(n - 1 for n in per_case.values() if n > 1),
        "two_current": sum(1 for n in current.values() if n > 1),
        "leases_left": int(leases),
        "error_rows": int(errors),
    }


def stored(url: str) -> int:
    eng = create_engine(url)
    with eng.connect() as conn:
        n = conn.execute(select(func.count(AssessmentRow.id))).scalar_one()
    eng.dispose()
    return int(n)


def scorer(url: str, scorer_path: str, workers: int = 1, env: dict[str, str] | None = None) -> subprocess.Popen:
    cmd = [*CLI, "batch", "score", "--db", url, "--scorer", scorer_path, "--workers", str(workers), "--json"]
    return subprocess.Popen(
        cmd,
        env=os.environ | (env or {}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # kill -9 of the group takes the pool workers too
    )


def finish(proc: subprocess.Popen, timeout: float = 600) -> dict:
    out, err = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"scorer exited {proc.returncode}: {err[-1500:]}")
    return json.loads(out.strip().splitlines()[-1])


def kill9(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


# ------------------------------------------------------------------------------------------------
# Scenarios
# ------------------------------------------------------------------------------------------------
def concurrent(url: str, n: int, k: int) -> dict:
    seed(url, n)
    env = {"KATALOG_FAKE_DELAY_MS": "2"}
    t0 = time.perf_counter()
    procs = [scorer(url, FAKE, env=env) for _ in range(k)]
    runs = [finish(p) for p in procs]
    return {
        "scored_by_run": [r["scored"] for r in runs],
        "skipped_by_run": [r["skipped"] for r in runs],
        "wall_s": round(time.perf_counter() - t0, 1),
        "cases_per_s_each": [round(r["throughput"], 1) for r in runs],
    }


def kill_one(url: str, n: int) -> dict:
    seed(url, n)
    env = {"KATALOG_FAKE_DELAY_MS": "3"}
    a, b = scorer(url, FAKE, workers=2, env=env), scorer(url, FAKE, workers=2, env=env)
    deadline = time.monotonic() + 300
    while stored(url) < 0.3 * n and a.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    killed_at = stored(url)
    kill9(a)
    rb = finish(b)
    rc = finish(scorer(url, FAKE, env=env))
    return {"killed_at": killed_at, "survivor_scored": rb["scored"], "rerun_scored": rc["scored"]}


def kill_repeatedly(url: str, n: int, seed_: int = 7) -> dict:
    seed(url, n)
    rng = random.Random(seed_)
    env = {"KATALOG_FAKE_DELAY_MS": "3"}
    kills = []
    for _ in range(3):
        before = stored(url)
        p = scorer(url, FAKE, workers=2, env=env)
        deadline = time.monotonic() + 120
        while stored(url) == before and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)  # scoring has started …
        time.sleep(rng.uniform(0.1, 1.5))  # … kill it at a random moment
        kills.append(stored(url))
        kill9(p)
    final = finish(scorer(url, FAKE, workers=2, env=env))
    return {"stored_at_kills": kills, "final_run_scored": final["scored"]}


class Flapping(BaseHTTPRequestHandler):
    """Answers, 500, hangs, garbage, dropped connection — in turn, per request."""

    counter = 0
    lock = threading.Lock()
    stop = threading.Event()
    modes = ("wrong_split", "http500", "hang", "garbage", "drop", "right_split", "slow")
    seen: dict[str, int] = {}

    def log_message(self, *args: object) -> None:
        pass

    def _mode(self) -> str:
        with Flapping.lock:
            Flapping.counter += 1
            mode = Flapping.modes[Flapping.counter % len(Flapping.modes)]
            Flapping.seen[mode] = Flapping.seen.get(mode, 0) + 1
        return mode

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._send(200, json.dumps({"object": "list", "data": [{"id": "dag"}]}).encode())

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        mode = self._mode()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if mode in ("wrong_split", "right_split"):  # prose (a JSON request gets it too: rejected)
                split = "제 차 0 : 상대 차량 100" if mode == "wrong_split" else "제 차 30 : 상대 차량 70"
                prose = f"신호 없는 교차로에서 직진 차와 좌회전 차가 부딪힌 사고입니다. 최종 과실비율은 {split}입니다.\x1b]0;x\x07"
                body = {"choices": [{"index": 0, "text": prose}]}
                self._send(200, json.dumps(body, ensure_ascii=False).encode())
            elif mode == "http500":
                self._send(500, b'{"error": "boom"}')
            elif mode == "hang":
                Flapping.stop.wait(30)
            elif mode == "garbage":
                self._send(200, b"\x00\xff not json at all")
            elif mode == "drop":
                self.connection.shutdown(socket.SHUT_RDWR)
            elif mode == "slow":
                self.send_response(200)
                self.send_header("Content-Length", "500")
                self.end_headers()
                for _ in range(50):
                    if Flapping.stop.wait(0.2):
                        break
                    self.wfile.write(b" ")
                    self.wfile.flush()


def flapping_llm(url: str, n: int, deadline_s: float) -> dict:
    Flapping.stop.clear()  # a fresh server per database: hangs hang again, counts start at zero
    Flapping.counter, Flapping.seen = 0, {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Flapping)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        seed(url, n)
        env = {
            "KATALOG_LLM_BACKEND": "openai",
            "KATALOG_LLM_BASE_URL": f"http://127.0.0.1:{server.server_address[1]}",
            "KATALOG_LLM_MODEL": "dag",
            "KATALOG_LLM_ASSESSMENT_TIMEOUT_S": str(deadline_s),
            "KATALOG_LLM_MAX_RETRIES": "1",
            "KATALOG_LLM_BACKOFF_S": "0.05",
        }
        t0 = time.perf_counter()
        first = scorer(url, LLM_SCORER, env=env)
        # Kill it once in the middle too: LLM calls in flight must not leave anything half-written.
        deadline = time.monotonic() + 600
        while stored(url) < max(3, n // 3) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        killed_at = stored(url)
        kill9(first)
        run = finish(scorer(url, LLM_SCORER, env=env))
        wall = time.perf_counter() - t0
        eng = create_engine(url)
        with eng.connect() as conn:
            payloads = conn.execute(
                select(AssessmentRow.payload, AssessmentRow.timings).where(AssessmentRow.is_current.is_(True))
            ).all()
        eng.dispose()
        worst = max((t or {}).get("batch_total", 0) for _, t in payloads) / 1000
        wrong_split_shown = sum(
            1 for p, _ in payloads if p and "0 : 상대 차량 100" in (p.get("explanation") or "")
        )
        escapes_shown = sum(1 for p, _ in payloads if p and "\x1b" in (p.get("explanation") or ""))
        used = sum(1 for p, _ in payloads if p and p["llm"]["used"])
        return {
            "killed_at": killed_at,
            "rerun_scored": run["scored"],
            "server_modes_seen": dict(Flapping.seen),
            "worst_case_s": round(worst, 2),
            "deadline_s": deadline_s,
            "wrong_split_shown": wrong_split_shown,
            "escapes_shown": escapes_shown,
            "llm_used": used,
            "wall_s": round(wall, 1),
        }
    finally:
        Flapping.stop.set()
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------------------------------------
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--llm-cases", type=int, default=40)
    ap.add_argument("--llm-deadline-s", type=float, default=2.0)
    ap.add_argument("--pg-url", default=os.environ.get("KATALOG_TEST_PG_URL")
                    or "postgresql+psycopg://postgres@127.0.0.1:5432/test")  # fmt: skip
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--skip-llm", action="store_true")
    ap.add_argument("--only", action="append", help="run only these scenarios (repeatable)")
    args = ap.parse_args()

    kinds = ["sqlite"]
    if not args.no_pg and pg_answers(args.pg_url):
        kinds.append("postgresql")
    elif not args.no_pg:
        print(f"PostgreSQL does not answer at {args.pg_url}: SQLite only")

    scenarios = [
        ("concurrent-2", lambda u: concurrent(u, args.cases, 2)),
        ("concurrent-4", lambda u: concurrent(u, args.cases, 4)),
        ("kill-9", lambda u: kill_one(u, args.cases)),
        ("kill-9-repeated", lambda u: kill_repeatedly(u, args.cases)),
    ]
    if not args.skip_llm:
        scenarios.append(("flapping-llm", lambda u: flapping_llm(u, args.llm_cases, args.llm_deadline_s)))

    if args.only:
        scenarios = [s for s in scenarios if s[0] in args.only]
    results = []
    bad = False
    print(f"{'db':<11}{'scenario':<17}{'cases':>6}{'rows':>7}{'lost':>6}{'dup':>5}{'2cur':>6}{'leases':>7}  detail")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            for name, run in scenarios:
                with Fresh(kind, args.pg_url, Path(tmp)) as url:
                    t0 = time.perf_counter()
                    try:
                        detail = run(url)
                    except Exception as exc:  # noqa: BLE001 - reported as a failed scenario
                        detail = {"exception": f"{type(exc).__name__}: {exc}"[:500]}
                    counts = audit(url)
                ok = (
                    "exception" not in detail
                    and counts["lost"] == 0
                    and counts["duplicated"] == 0
                    and counts["two_current"] == 0
                    and counts["leases_left"] == 0
                    and detail.get("wrong_split_shown", 0) == 0
                    and detail.get("escapes_shown", 0) == 0
                    and detail.get("worst_case_s", 0) <= detail.get("deadline_s", 0) + 3.0
                )
                bad |= not ok
                rec = {"db": kind, "scenario": name, "ok": ok, **counts, **detail,
                       "seconds": round(time.perf_counter() - t0, 1)}  # fmt: skip
                results.append(rec)
                print(
                    f"{kind:<11}{name:<17}{counts['cases']:>6}{counts['assessments']:>7}{counts['lost']:>6}"
                    f"{counts['duplicated']:>5}{counts['two_current']:>6}{counts['leases_left']:>7}  "
                    f"{'OK ' if ok else 'FAIL'} {json.dumps(detail, ensure_ascii=False)}",
                    flush=True,
                )
    print(json.dumps({"ok": not bad, "results": results}, ensure_ascii=False))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
