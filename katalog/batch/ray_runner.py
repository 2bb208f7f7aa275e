"""`--engine ray`: the same scoring as `runner.py`, as a Ray Data pipeline.

    id ranges ─flat_map→ pending cases ─map_batches(score actors ×N)→ row fields ─map_batches(writer)→ counts

Each stage reads or writes the database by URL, so the pipeline runs unchanged on a cluster (with
PostgreSQL); the writer uses `RunPlan.write`, the same idempotent write as the local runner, so a
retried Ray task or a rerun after a crash never duplicates an assessment.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from katalog.batch.plan import RunPlan
from katalog.batch.runner import BatchSummary, Progress
from katalog.batch.scorer import ScorerSpec, probe_version_key, resolve_scorer, score_one
from katalog.db.connect import make_engine
from katalog.db.database import Database
from katalog.errors import KatalogError

_ENGINES: dict[str, Any] = {}
PAGE = 256


def _engine(url: str) -> Any:
    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


class _ReadRange:
    """id range → the pending cases in it (paged, so a huge range never sits in memory at once)."""

    def __init__(self, url: str, plan: RunPlan) -> None:
        self.url, self.plan = url, plan

    def __call__(self, item: dict[str, Any]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        after, hi = int(item["lo"]) - 1, int(item["hi"])
        while True:
            rows = self.plan.page(_engine(self.url), after, PAGE, upto=hi)
            if not rows:
                return out
            after = rows[-1][0]
            out += [
                {
                    "case_id": cid,
                    "description": d,
                    "party_1": (p or [None])[0],
                    "party_2": (p or [None, None])[1],
                }
                for cid, d, p in rows
            ]


class _ScoreBatch:
    """One actor per worker: the engine is loaded once per actor."""

    def __init__(self, spec: ScorerSpec, version_key: str) -> None:
        self.scorer = resolve_scorer(spec)
        self.key = version_key

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        ids, fields = [], []
        for cid, desc, p1, p2 in zip(
            batch["case_id"], batch["description"], batch["party_1"], batch["party_2"], strict=True
        ):
            parties = [str(p1), str(p2)] if p1 and p2 else None
            ids.append(int(cid))
            fields.append(
                json.dumps(score_one(self.scorer, str(desc), parties, self.key), ensure_ascii=False)
            )
        return {"case_id": ids, "fields": fields}


class _WriteBatch:
    def __init__(self, url: str, plan: RunPlan) -> None:
        self.url, self.plan = url, plan

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        results = [(int(c), json.loads(f)) for c, f in zip(batch["case_id"], batch["fields"], strict=True)]
        written, skipped = self.plan.write(_engine(self.url), results)
        status = [f["status"] for _, f in results]
        return {
            "written": [written],
            "skipped": [skipped],
            "ok": [status.count("ok")],
            "abstained": [status.count("abstained")],
            "errors": [len(status) - status.count("ok") - status.count("abstained")],
            "n": [len(results)],
        }


def _ranges(lo: int, hi: int, parts: int) -> list[dict[str, int]]:
    step = max(1, -(-(hi - lo + 1) // parts))
    return [{"lo": s, "hi": min(hi, s + step - 1)} for s in range(lo, hi + 1, step)]


def score_cases_ray(
    db: Database,
    scorer: ScorerSpec,
    workers: int,
    limit: int | None,
    rescore: bool,
    progress: Progress | None,
    *,
    retry_errors: bool = False,
) -> BatchSummary:
    try:
        import ray
        from ray.data import ActorPoolStrategy, DataContext
    except ImportError as exc:
        raise KatalogError(
            "Ray가 설치되어 있지 않습니다", "Ray is not installed", hints=["pip install 'katalog[ray]'"]
        ) from exc

    local = resolve_scorer(scorer)
    key = probe_version_key(local)
    plan = RunPlan.start(db.engine, key, rescore=rescore, retry_errors=retry_errors)
    total = plan.count(db.engine)
    if limit is not None:
        total = min(total, limit)
    summary = BatchSummary(pending=total, version_key=key, workers=workers, engine="ray")
    t0 = time.perf_counter()
    if progress:
        progress(0, total)
    bounds = plan.id_range(db.engine)
    if bounds is None or total == 0:
        summary.elapsed_s = time.perf_counter() - t0
        return summary

    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        ctx = DataContext.get_current()
        ctx.enable_progress_bars = False  # the CLI draws its own progress bar
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        spec = scorer if scorer is None or isinstance(scorer, str) else local
        # Ranges of ~2,000 ids: enough partitions to spread, small enough to page through.
        ds = ray.data.from_items(
            _ranges(*bounds, parts=max(workers * 4, -(-(bounds[1] - bounds[0] + 1) // 2000)))
        )
        ds = ds.flat_map(_ReadRange(db.url, plan), num_cpus=0)
        if limit is not None:
            ds = ds.limit(limit)
        ds = ds.map_batches(
            _ScoreBatch,
            fn_constructor_args=(spec, key),
            compute=ActorPoolStrategy(size=workers),
            batch_size=32,
            num_cpus=1,
        )
        # One writer: SQLite has a single write lock, and PostgreSQL gains little from more.
        ds = ds.map_batches(
            _WriteBatch,
            fn_constructor_args=(db.url, plan),
            compute=ActorPoolStrategy(size=1),
            batch_size=64,
            num_cpus=0,
        )
        done = 0
        for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
            for i in range(len(batch["n"])):
                summary.scored += int(batch["written"][i])
                summary.skipped += int(batch["skipped"][i])
                summary.ok += int(batch["ok"][i])
                summary.abstained += int(batch["abstained"][i])
                summary.errors += int(batch["errors"][i])
                done += int(batch["n"][i])
            if progress:
                progress(done, total)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        if started:
            ray.shutdown()
    summary.elapsed_s = time.perf_counter() - t0
    return summary
