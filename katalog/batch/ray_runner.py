"""`--engine ray`: the same scoring as `runner.py`, with a pool of Ray actors instead of processes.

    driver: claim chunks (leases) ─► actor pool (×workers, engine loaded once per actor) ─► driver writes

Each actor loads the scorer once and probes its version key; the driver claims cases in chunks of
16 (`RunPlan.claim`, so several drivers on one database split the work), keeps two chunks queued
per actor, and stores every chunk with the same idempotent `RunPlan.write` as the local runner.
Actors may live on any node of a Ray cluster (`RAY_ADDRESS`); they never touch the database, so
only the driver needs to reach it.

An earlier version ran this as a Ray Data pipeline (read ranges → `map_batches` scorer actors →
writer actor); on one machine it was 4.6× slower than local processes (per-block scheduling,
object-store round trips, and an extra engine load in the driver for the version probe).
`benchmarks/ray_vs_local.py` measures both runners; see docs/db_batch.md.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from typing import Any

from katalog.batch.plan import LEASE_S, CaseTask, RunPlan, new_owner
from katalog.batch.runner import BatchSummary, Heartbeat, Progress, claimed_tasks, recorder, release_quietly
from katalog.batch.scorer import ScorerSpec, probe_version_key, resolve_scorer, score_one
from katalog.db.database import Database
from katalog.errors import KatalogError

QUEUED_PER_ACTOR = 2


class _ScorerActor:
    """One per worker: loads the scorer once (one BLAS/torch thread, like a local worker)."""

    def __init__(self, spec: ScorerSpec) -> None:
        for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            os.environ.setdefault(var, "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.scorer = resolve_scorer(spec)

    def key(self) -> str:
        return probe_version_key(self.scorer)

    def score(self, key: str, task: list[CaseTask]) -> list[tuple[int, dict[str, Any]]]:
        return [(t.id, score_one(self.scorer, t.description, t.parties, key, t.accident_date))
                for t in task]


def score_cases_ray(
    db: Database,
    scorer: ScorerSpec,
    workers: int,
    limit: int | None,
    rescore: bool,
    progress: Progress | None,
    *,
    retry_errors: bool = False,
    lease_s: float = LEASE_S,
) -> BatchSummary:
    try:
        import ray
    except ImportError as exc:
        raise KatalogError(
            "Ray가 설치되어 있지 않습니다", "Ray is not installed", hints=["pip install 'katalog[ray]'"]
        ) from exc

    t_start = time.perf_counter()
    resolve_scorer(scorer)  # a bad import path fails here, once, with a clear message
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    summary = BatchSummary(workers=workers, engine="ray")
    try:
        actor_cls = ray.remote(num_cpus=1)(_ScorerActor)
        actors = [actor_cls.remote(scorer) for _ in range(workers)]
        try:
            keys = ray.get([a.key.remote() for a in actors])  # every actor loaded and probed
        except (ray.exceptions.RayTaskError, ray.exceptions.RayActorError) as exc:
            cause = exc.as_instanceof_cause() if isinstance(exc, ray.exceptions.RayTaskError) else exc
            if isinstance(cause, KatalogError):
                raise cause from None
            raise KatalogError("Ray 채점기를 시작할 수 없습니다", f"Ray scorer failed to start: {cause}") from None
        key = keys[0]
        plan = RunPlan.start(db.engine, key, rescore=rescore, retry_errors=retry_errors)
        RunPlan.release_dead_local(db.engine)
        owner = new_owner()
        total = plan.count(db.engine)
        if limit is not None:
            total = min(total, limit)
        summary.pending, summary.version_key = total, key
        summary.startup_s = time.perf_counter() - t_start
        t0 = time.perf_counter()
        record = recorder(db, plan, owner, summary, total, progress)
        with Heartbeat(db.engine, owner, lease_s):
            try:
                idle = deque(a for _ in range(QUEUED_PER_ACTOR) for a in actors)
                inflight: dict[Any, Any] = {}
                tasks = claimed_tasks(db, plan, owner, limit, lease_s)
                exhausted = False
                while True:
                    while idle and not exhausted:
                        task = next(tasks, None)
                        if task is None:
                            exhausted = True
                            break
                        actor = idle.popleft()
                        inflight[actor.score.remote(key, task)] = actor
                    if not inflight:
                        break
                    ready, _ = ray.wait(list(inflight), num_returns=1)
                    idle.append(inflight.pop(ready[0]))
                    record(ray.get(ready[0]))
            except KeyboardInterrupt:
                summary.interrupted = True
            finally:
                release_quietly(db, owner)
        with contextlib.suppress(Exception):
            summary.leased_elsewhere = plan.leased_elsewhere(db.engine, owner)
        summary.elapsed_s = time.perf_counter() - t0
        for a in actors:
            with contextlib.suppress(Exception):
                ray.kill(a)
    finally:
        if started:
            ray.shutdown()
    return summary
