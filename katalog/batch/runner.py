"""Local batch scoring: the main process reads pending cases and writes results; worker processes score.

Memory stays flat: cases are claimed in chunks of 16 (see `RunPlan.claim`: leases, so several
runners on one database split the work) and at most `workers × 3` chunks are in flight. Each
chunk of results is one transaction, so a kill at any moment loses at most the chunks in flight,
which the next run picks up again (a dead local run's leases are freed at once, others expire).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from katalog.batch.plan import LEASE_S, CaseTask, RunPlan, new_owner
from katalog.batch.scorer import ScorerSpec, probe_version_key, resolve_scorer, score_one
from katalog.db.database import Database
from katalog.errors import InputError

Progress = Callable[[int, int], None]
Task = list[CaseTask]
CHUNK = 16


@dataclass
class BatchSummary:
    pending: int = 0
    scored: int = 0
    ok: int = 0
    abstained: int = 0
    errors: int = 0
    skipped: int = 0  # finished by another runner meanwhile
    leased_elsewhere: int = 0  # pending cases other live runners held when this run ended
    elapsed_s: float = 0.0  # scoring only
    startup_s: float = 0.0  # loading the engine in the workers, probing its versions
    version_key: str = ""
    workers: int = 1
    engine: str = "local"
    interrupted: bool = False

    @property
    def throughput(self) -> float:
        return self.scored / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def add(self, fields: list[dict[str, Any]], written: int, skipped: int) -> None:
        self.scored += written
        self.skipped += skipped
        # Status counts are over what was scored (a skipped duplicate is still counted by status).
        for f in fields:
            key = {"ok": "ok", "abstained": "abstained"}.get(f["status"], "errors")
            setattr(self, key, getattr(self, key) + 1)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"throughput": round(self.throughput, 2)}

    def text(self) -> str:
        return (
            f"채점 {self.scored} (정상 {self.ok} · 판단보류 {self.abstained} · 오류 {self.errors})"
            f" · {self.elapsed_s:.1f}초 · {self.throughput:.1f}건/초"
            f" / scored {self.scored} (ok {self.ok}, abstained {self.abstained}, errors {self.errors}),"
            f" {self.elapsed_s:.1f}s, {self.throughput:.1f} cases/s"
            + (f", skipped {self.skipped}" if self.skipped else "")
            + (
                f"; 다른 실행이 채점 중 {self.leased_elsewhere} / {self.leased_elsewhere} in progress elsewhere"
                if self.leased_elsewhere
                else ""
            )
            + (" — 중단됨 / interrupted" if self.interrupted else "")
        )


# Worker side -------------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _die_with_parent() -> None:
    # A kill -9 of the driver must not leave orphaned workers behind (Linux: PR_SET_PDEATHSIG).
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)


def _one_thread_each() -> None:
    # N workers on N cores: torch/BLAS thread pools per worker would oversubscribe the CPUs.
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


def _init_worker(spec: ScorerSpec, in_pool: bool = True, barrier: Any = None) -> None:
    _WORKER["barrier"] = barrier
    if in_pool:
        _die_with_parent()
        _one_thread_each()
    try:
        _WORKER["scorer"] = resolve_scorer(spec)  # loaded once per worker process
        _WORKER.pop("error", None)
    except Exception as exc:  # noqa: BLE001 - a failing initializer would make Pool respawn forever
        _WORKER["error"] = exc


def _probe() -> str:
    if "error" in _WORKER:
        raise _WORKER["error"]
    return probe_version_key(_WORKER["scorer"])


#: a pool worker's young-generation collection threshold once its engine is loaded (Python's default is 700)
YOUNG_GC_THRESHOLD = 50_000


def _settle_heap() -> None:
    """After the probe has loaded the engine (standard, signatures, retrieval index, reader): move what is
    loaded into the collector's permanent generation and collect the young generation less often. The cyclic
    collector otherwise walked the loaded engine again and again (~2 ms CPU per case, ~8 %); what an
    assessment leaves behind is mostly freed by reference counting, and the cycles it leaves wait for a
    collection a little longer (a few MB at most). Pool workers only: a caller's own process keeps its
    collector settings."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GC_THRESHOLD, *gc.get_threshold()[1:])


def _ready() -> str:
    """Probe, then wait for every worker: N such tasks land on N distinct, fully loaded workers."""
    try:
        key = _probe()
        _settle_heap()
    except BaseException:
        _WORKER["barrier"].abort()
        raise
    _WORKER["barrier"].wait(timeout=900)
    return key


def _start_pool(stack: contextlib.ExitStack, scorer: ScorerSpec, workers: int) -> tuple[Any, str]:
    """A pool whose workers have all loaded the scorer; returns (pool, version key)."""
    # An import path (or the default engine) is loaded fresh in each spawned worker, so the
    # driver never holds an engine and torch never sees a fork; a ready-made object is forked.
    by_path = scorer is None or isinstance(scorer, str)
    resolve_scorer(scorer)  # a bad import path fails here, once, with a clear message
    ctx = mp.get_context("spawn" if by_path or "fork" not in mp.get_all_start_methods() else "fork")
    barrier = ctx.Barrier(workers)
    pool = stack.enter_context(ctx.Pool(workers, initializer=_init_worker, initargs=(scorer, True, barrier)))
    pending = [pool.apply_async(_ready) for _ in range(workers)]
    keys, errors = [], []
    for p in pending:
        try:
            keys.append(p.get())
        except threading.BrokenBarrierError as exc:
            errors.append(exc)
        except Exception as exc:  # noqa: BLE001 - re-raised below, the real cause first
            errors.insert(0, exc)
    if errors:
        raise errors[0]
    return pool, keys[0]


def _score_task(key: str, task: Task) -> list[tuple[int, dict[str, Any]]]:
    scorer = _WORKER["scorer"]
    return [(t.id, score_one(scorer, t.description, t.parties, key, t.accident_date)) for t in task]


# Driver side -------------------------------------------------------------------------------
def claimed_tasks(
    db: Database, plan: RunPlan, owner: str, limit: int | None, lease_s: float = LEASE_S, size: int = CHUNK
) -> Iterator[Task]:
    """Chunks of cases leased to `owner`, claimed lazily (only when a worker has room).

    One pass in id order, then passes from the start again for cases freed meanwhile (an expired
    or released lease, or one held by a run on this host that died), until a pass from the start
    claims nothing.
    """
    after, left, passes = 0, limit if limit is not None else float("inf"), 0
    while left > 0:
        rows = plan.claim(db.engine, owner, int(min(size, left)), after=after, lease_s=lease_s)
        if not rows:
            if passes >= 5:
                return
            freed = RunPlan.release_dead_local(db.engine)  # a killed neighbour's cases are ours now
            if after == 0 and not freed:
                return
            after, passes = 0, passes + 1
            continue
        after = rows[-1][0]
        left -= len(rows)
        yield rows


class Heartbeat:
    """Renews `owner`'s leases every `lease_s / 3` seconds in a daemon thread (stop() joins it)."""

    def __init__(self, engine: Any, owner: str, lease_s: float = LEASE_S) -> None:
        self.engine, self.owner, self.lease_s = engine, owner, lease_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="katalog-lease-heartbeat", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.lease_s / 3):
            with contextlib.suppress(Exception):  # a failed renewal only risks a repeated score
                RunPlan.renew(self.engine, self.owner, self.lease_s)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def score_cases(
    db: Database,
    scorer: ScorerSpec = None,
    workers: int = 1,
    limit: int | None = None,
    rescore: bool = False,
    progress: Progress | None = None,
    *,
    retry_errors: bool = False,
    engine: str = "local",
    lease_s: float = LEASE_S,
) -> BatchSummary:
    """Score every pending case of `db` (see `RunPlan`); returns counts and throughput.

    `scorer`: None (the engine), a callable `(description, parties) -> Assessment`, or "module:name".
    Several calls (processes, machines) may score one database at once: each case is claimed by
    one of them (`lease_s` seconds, renewed while the run lives) and stored exactly once.
    """
    if workers < 1:
        raise InputError("작업자 수는 1 이상이어야 합니다", "--workers must be ≥ 1")
    if engine == "ray":
        from katalog.batch.ray_runner import score_cases_ray

        return score_cases_ray(
            db, scorer, workers, limit, rescore, progress, retry_errors=retry_errors, lease_s=lease_s
        )
    if engine != "local":
        raise InputError(f"알 수 없는 실행 엔진: {engine}", "--engine must be local or ray")

    t_start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if workers == 1:
            _init_worker(scorer, in_pool=False)
            key = _probe()
            pool = None
        else:
            pool, key = _start_pool(stack, scorer, workers)
        plan = RunPlan.start(db.engine, key, rescore=rescore, retry_errors=retry_errors)
        RunPlan.release_dead_local(db.engine)  # leases of a killed run on this host
        owner = new_owner()
        total = plan.count(db.engine)
        if limit is not None:
            total = min(total, limit)
        summary = BatchSummary(pending=total, version_key=key, workers=workers, engine="local")
        summary.startup_s = time.perf_counter() - t_start
        t0 = time.perf_counter()
        record = recorder(db, plan, owner, summary, total, progress)
        stack.enter_context(Heartbeat(db.engine, owner, lease_s))
        stack.callback(release_quietly, db, owner)
        tasks = claimed_tasks(db, plan, owner, limit, lease_s)
        try:
            if pool is None:
                for task in tasks:
                    record(_score_task(key, task))
            else:
                inflight: deque[Any] = deque()
                for task in tasks:
                    inflight.append(pool.apply_async(_score_task, (key, task)))
                    if len(inflight) >= workers * 3:
                        record(inflight.popleft().get())
                while inflight:
                    record(inflight.popleft().get())
        except KeyboardInterrupt:
            summary.interrupted = True
        with contextlib.suppress(Exception):
            summary.leased_elsewhere = plan.leased_elsewhere(db.engine, owner)
    summary.elapsed_s = time.perf_counter() - t0
    return summary


def recorder(db: Database, plan: RunPlan, owner: str, summary: BatchSummary, total: int,
             progress: Progress | None) -> Callable[[list[tuple[int, dict[str, Any]]]], None]:
    """`record(results)`: store one scored chunk (the idempotent `RunPlan.write`) and count it in `summary`
    and `progress` — one for the local and the Ray runner. Reports 0 of `total` at once."""
    done = 0
    if progress:
        progress(0, total)

    def record(results: list[tuple[int, dict[str, Any]]]) -> None:
        nonlocal done
        written, skipped = plan.write(db.engine, results, owner)
        summary.add([f for _, f in results], written, skipped)
        done += len(results)
        if progress:
            progress(done, max(total, done))

    return record


def release_quietly(db: Database, owner: str) -> None:
    """Give back the work leases `owner` still holds (a run ending or interrupted); never raises."""
    with contextlib.suppress(Exception):
        RunPlan.release(db.engine, owner)
