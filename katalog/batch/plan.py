"""Which cases a run must score, claiming them, and writing their results idempotently.

A case is pending when it has no current assessment, or its current one carries another
(engine, standard, model) key, or — with `--rescore` / `--retry-errors` — it predates the run.

Concurrent runners (several `katalog batch score` on one database, on one or many machines) split
the work with **leases**: `claim()` atomically marks a page of pending, unleased cases with the
run's owner id and an expiry (`cases.lease_owner`, `cases.lease_until`). On PostgreSQL the page
is selected `FOR UPDATE OF cases SKIP LOCKED`, so claimers never wait for each other; on SQLite
the claim runs under `BEGIN IMMEDIATE` (the single write lock). A running scorer renews its
leases (`renew()`); a killed one's leases expire, or are freed at once by the next run on the
same host when the owner's process is gone (`release_dead_local()`).

Leases only split the work. Correctness is the write: `write()` locks the cases (`FOR UPDATE`,
in id order; `BEGIN IMMEDIATE` on SQLite), then re-checks "still pending" in a new statement, so
a result is dropped (not duplicated) when another runner, or an earlier attempt of this one,
already stored it — even after a lease expired under a slow scorer.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from katalog.db.orm import AssessmentRow, Case, utcnow
from katalog.db.store import write_current_many, write_session

LEASE_S = 120.0
"""Default lease length; a live runner renews its leases every third of it."""
_HOST = socket.gethostname()[:120]
"""This machine in lease owners ("host:pid:nonce"); dead local owners are freed by pid."""


def new_owner() -> str:
    """'host:pid:random' — unique per run; host and pid let a rerun free a dead local run's leases."""
    return f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:10]}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else
    return True

_CUR = aliased(AssessmentRow, name="cur")


class CaseTask(NamedTuple):
    """One pending case as a worker scores it."""

    id: int
    description: str
    party_1: str | None
    party_2: str | None
    accident_date: dt.date | None = None

    @property
    def parties(self) -> list[str] | None:
        return [self.party_1, self.party_2] if self.party_1 and self.party_2 else None


@dataclass(frozen=True)
class RunPlan:
    version_key: str
    rescore: bool = False
    retry_errors: bool = False
    cutoff: int = 0  # highest assessment id when the run started (rows ≤ cutoff are "old")

    @classmethod
    def start(
        cls, engine: Engine, version_key: str, rescore: bool = False, retry_errors: bool = False
    ) -> RunPlan:
        cutoff = 0
        if rescore or retry_errors:
            with Session(engine) as s:
                cutoff = int(s.execute(select(func.coalesce(func.max(AssessmentRow.id), 0))).scalar_one())
        return cls(version_key, rescore, retry_errors, cutoff)

    def pending_clause(self, a: Any = _CUR) -> ColumnElement[bool]:
        clauses = [a.id.is_(None), a.version_key != self.version_key]
        if self.rescore:
            clauses.append(a.id <= self.cutoff)
        if self.retry_errors:
            clauses.append(and_(a.status == "error", a.id <= self.cutoff))
        return or_(*clauses)

    def _base(self, *cols: Any) -> Any:
        return (
            select(*cols)
            .select_from(Case)
            .outerjoin(_CUR, and_(_CUR.case_id == Case.id, _CUR.is_current.is_(True)))
            .where(self.pending_clause())
        )

    @staticmethod
    def _claimable(now: dt.datetime) -> ColumnElement[bool]:
        return or_(Case.lease_owner.is_(None), Case.lease_until.is_(None), Case.lease_until < now)

    def claim(
        self,
        engine: Engine,
        owner: str,
        size: int,
        *,
        after: int = 0,
        lease_s: float = LEASE_S,
    ) -> list[CaseTask]:
        """Atomically lease up to `size` pending, unleased cases with id > after.

        Returns `CaseTask`s in id order. Another runner never gets the same
        case while the lease lives.
        """
        now = utcnow()
        stmt = (
            self._base(Case.id, Case.description, Case.party_1, Case.party_2, Case.accident_date)
            .where(Case.id > after, self._claimable(now))
            .order_by(Case.id)
            .limit(size)
        )
        if engine.dialect.name == "postgresql":
            stmt = stmt.with_for_update(of=Case, skip_locked=True)
        with write_session(engine) as s:
            rows = s.execute(stmt).all()
            if rows:
                s.execute(
                    update(Case)
                    .where(Case.id.in_([r[0] for r in rows]))
                    .values(lease_owner=owner, lease_until=now + dt.timedelta(seconds=lease_s))
                )
        return [CaseTask(*row) for row in rows]

    @staticmethod
    def renew(engine: Engine, owner: str, lease_s: float = LEASE_S) -> int:
        """Extend every lease `owner` holds; returns how many."""
        with write_session(engine) as s:
            res = s.execute(
                update(Case)
                .where(Case.lease_owner == owner)
                .values(lease_until=utcnow() + dt.timedelta(seconds=lease_s))
            )
            return int(res.rowcount or 0)

    @staticmethod
    def release(engine: Engine, owner: str, ids: list[int] | None = None) -> int:
        """Give back `owner`'s leases (all of them, or those on `ids`)."""
        stmt = update(Case).where(Case.lease_owner == owner)
        if ids is not None:
            stmt = stmt.where(Case.id.in_(ids))
        with write_session(engine) as s:
            res = s.execute(stmt.values(lease_owner=None, lease_until=None))
            return int(res.rowcount or 0)

    @staticmethod
    def release_dead_local(engine: Engine) -> int:
        """Free leases held by runs on this host whose process no longer exists (e.g. after kill -9)."""
        with Session(engine) as s:
            owners = s.execute(
                select(Case.lease_owner).where(Case.lease_owner.like(f"{_HOST}:%")).distinct()
            ).scalars().all()
        freed = 0
        for owner in owners:
            parts = owner.rsplit(":", 2)
            if len(parts) == 3 and parts[1].isdigit() and not _pid_alive(int(parts[1])):
                freed += RunPlan.release(engine, owner)
        return freed

    def leased_elsewhere(self, engine: Engine, owner: str) -> int:
        """Pending cases currently leased by another live run."""
        now = utcnow()
        with Session(engine) as s:
            return int(
                s.execute(
                    self._base(func.count(Case.id)).where(
                        Case.lease_owner.is_not(None), Case.lease_owner != owner, Case.lease_until >= now
                    )
                ).scalar_one()
            )

    def count(self, engine: Engine) -> int:
        with Session(engine) as s:
            return int(s.execute(self._base(func.count(Case.id))).scalar_one())

    def page(
        self, engine: Engine, after: int, size: int, upto: int | None = None
    ) -> list[CaseTask]:
        """Next `size` pending cases with id > after (and ≤ upto), as `CaseTask`s."""
        stmt = self._base(Case.id, Case.description, Case.party_1, Case.party_2, Case.accident_date).where(
            Case.id > after)
        if upto is not None:
            stmt = stmt.where(Case.id <= upto)
        with Session(engine) as s:
            rows = s.execute(stmt.order_by(Case.id).limit(size)).all()
        return [CaseTask(*row) for row in rows]

    def write(
        self, engine: Engine, results: list[tuple[int, dict[str, Any]]], owner: str | None = None
    ) -> tuple[int, int]:
        """Store results (one transaction; each case's insert + current flip together).

        Returns (written, skipped); skipped = cases another writer finished first. `owner`'s
        leases on these cases are released in the same transaction.
        """
        if not results:
            return 0, 0
        try:
            return self._write(engine, results, owner)
        except IntegrityError:
            # A writer outside the batch (e.g. the app saving an assessment) raced us on some case:
            # fall back to one transaction per case.
            written = skipped = 0
            for item in results:
                try:
                    w, s = self._write(engine, [item], owner)
                except IntegrityError:
                    w, s = 0, 1
                    if owner:
                        self.release(engine, owner, [item[0]])
                written, skipped = written + w, skipped + s
            return written, skipped

    def _write(
        self, engine: Engine, results: list[tuple[int, dict[str, Any]]], owner: str | None
    ) -> tuple[int, int]:
        ids = sorted({cid for cid, _ in results})
        with write_session(engine) as s:
            if engine.dialect.name == "postgresql":
                # Lock first (in id order: two writers never deadlock), then check in a *new*
                # statement: under READ COMMITTED it sees what a writer that held the lock committed.
                s.execute(select(Case.id).where(Case.id.in_(ids)).order_by(Case.id).with_for_update())
            still = set(s.execute(self._base(Case.id).where(Case.id.in_(ids))).scalars())
            todo: list[tuple[int, dict[str, Any]]] = []
            for cid, fields in results:
                if cid in still:
                    todo.append((cid, fields))
                    still.discard(cid)  # the same case twice in one chunk is written once
            write_current_many(s, todo)
            written = len(todo)
            if owner:
                s.execute(
                    update(Case)
                    .where(Case.id.in_(ids), Case.lease_owner == owner)
                    .values(lease_owner=None, lease_until=None)
                )
        return written, len(results) - written
