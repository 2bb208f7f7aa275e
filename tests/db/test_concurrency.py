"""Several `katalog batch score` runs on one database at once (issue 17, finding 1).

Every case must end with exactly one assessment (none lost, none scored twice) on SQLite and
PostgreSQL, with two and with four concurrent scorers, and the runs must split the work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, select

from katalog.batch import RunPlan
from katalog.batch.fake import FakeScorer
from katalog.batch.plan import new_owner
from katalog.batch.scorer import score_one
from katalog.db.orm import AssessmentRow, Case


def _assessments_per_case(db) -> tuple[int, int, int]:
    """(assessment rows, cases with a current one, max rows per case)."""
    with db.session() as s:
        rows = s.execute(select(func.count(AssessmentRow.id))).scalar_one()
        per_case = s.execute(
            select(AssessmentRow.case_id, func.count()).group_by(AssessmentRow.case_id)
        ).all()
        current = s.execute(
            select(func.count()).where(AssessmentRow.is_current.is_(True))
        ).scalar_one()
    return int(rows), int(current), max((n for _, n in per_case), default=0)


def _cmd(db_url: str, fake: str, *extra: str) -> list[str]:
    return [
        sys.executable, "-c", "from katalog.cli import main; main()",
        "batch", "score", "--db", db_url, "--scorer", fake, "--json", *extra,
    ]  # fmt: skip


@pytest.mark.parametrize("scorers", [2, 4])
def test_concurrent_scorers_store_each_case_once(db, db_url, rows, fake, scorers):
    n = 200
    db.import_cases(rows(n))
    env = os.environ | {"KATALOG_FAKE_DELAY_MS": "3"}
    procs = [
        subprocess.Popen(_cmd(db_url, fake), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(scorers)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-2000:]
    summaries = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
    total, current, most = _assessments_per_case(db)
    assert (total, current, most) == (n, n, 1)  # nothing lost, nothing duplicated
    assert sum(s["scored"] for s in summaries) == n
    assert sum(1 for s in summaries if s["scored"] > 0) >= 2  # the runs shared the work
    with db.session() as s:  # every lease was given back
        assert s.execute(select(func.count()).where(Case.lease_owner.is_not(None))).scalar_one() == 0


def test_claims_from_many_threads_are_disjoint(db, rows):
    db.import_cases(rows(200))
    plan = RunPlan.start(db.engine, FakeScorer.version_key)
    got: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def claimer() -> None:
        owner = new_owner()
        mine: list[int] = []
        try:
            while batch := plan.claim(db.engine, owner, 7):
                mine += [t.id for t in batch]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        got[owner] = mine

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    claimed = [cid for ids in got.values() for cid in ids]
    assert len(claimed) == len(set(claimed)) == 200


def test_lease_blocks_others_until_released_or_expired(db, rows):
    db.import_cases(rows(5))
    plan = RunPlan.start(db.engine, FakeScorer.version_key)
    a, b = new_owner(), new_owner()
    assert len(plan.claim(db.engine, a, 10)) == 5
    assert plan.claim(db.engine, b, 10) == []
    assert plan.leased_elsewhere(db.engine, b) == 5
    RunPlan.release(db.engine, a, [1, 2])
    assert [t.id for t in plan.claim(db.engine, b, 10)] == [1, 2]
    assert plan.claim(db.engine, b, 10, lease_s=-1) == []  # the rest is still a's
    RunPlan.release(db.engine, a)
    claimed = plan.claim(db.engine, b, 10, lease_s=-1)  # an already-expired lease …
    assert [t.id for t in claimed] == [3, 4, 5]
    assert [t.id for t in plan.claim(db.engine, a, 10)] == [3, 4, 5]  # … is free for anyone


def test_dead_local_owner_is_released(db, rows):
    db.import_cases(rows(3))
    plan = RunPlan.start(db.engine, FakeScorer.version_key)
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = new_owner().rsplit(":", 2)
    dead_owner = f"{dead[0]}:{proc.stdout.strip()}:{dead[2]}"
    plan.claim(db.engine, dead_owner, 10)
    assert plan.claim(db.engine, new_owner(), 10) == []
    assert RunPlan.release_dead_local(db.engine) == 3
    assert len(plan.claim(db.engine, new_owner(), 10)) == 3


def test_a_slow_runner_whose_lease_expired_does_not_duplicate(db, rows):
    db.import_cases(rows(4))
    plan = RunPlan.start(db.engine, FakeScorer.version_key)
    slow, fast = new_owner(), new_owner()
    claimed = plan.claim(db.engine, slow, 10, lease_s=-1)  # expired at once
    again = plan.claim(db.engine, fast, 10)
    assert [t.id for t in claimed] == [t.id for t in again]
    results = [(t.id, score_one(FakeScorer(), t.description, t.parties, plan.version_key)) for t in claimed]
    assert plan.write(db.engine, results, fast) == (4, 0)
    assert plan.write(db.engine, results, slow) == (0, 4)
    assert _assessments_per_case(db) == (4, 4, 1)


def test_racing_writers_of_the_same_results_store_each_case_once(db, rows):
    """The write itself is the guarantee: lock, then check (the old check-then-write stored duplicates)."""
    db.import_cases(rows(60))
    plan = RunPlan.start(db.engine, FakeScorer.version_key)
    pending = plan.page(db.engine, 0, 100)
    results = [(t.id, score_one(FakeScorer(), t.description, t.parties, plan.version_key)) for t in pending]
    chunks = [results[i : i + 6] for i in range(0, len(results), 6)]
    outcome: list[tuple[int, int]] = []
    barrier = threading.Barrier(4)

    def writer(order: list) -> None:
        barrier.wait()
        for chunk in order:
            outcome.append(plan.write(db.engine, chunk))

    threads = [threading.Thread(target=writer, args=(chunks[::-1] if k % 2 else chunks,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(w for w, _ in outcome) == 60 and sum(s for _, s in outcome) == 180
    assert _assessments_per_case(db) == (60, 60, 1)
