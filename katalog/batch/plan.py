"""Which cases a run must score, and writing their results idempotently.

A case is pending when it has no current assessment, or its current one carries another
(engine, standard, model) key, or — with `--rescore` / `--retry-errors` — it predates the run.
The same test runs inside the write transaction, so a result is dropped (not duplicated) when
another runner, or an earlier attempt of this one, already stored it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from katalog.db.orm import AssessmentRow, Case
from katalog.db.store import write_current

_CUR = aliased(AssessmentRow, name="cur")


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

    def count(self, engine: Engine) -> int:
        with Session(engine) as s:
            return int(s.execute(self._base(func.count(Case.id))).scalar_one())

    def page(
        self, engine: Engine, after: int, size: int, upto: int | None = None
    ) -> list[tuple[int, str, list[str] | None]]:
        """Next `size` pending cases with id > after (and ≤ upto): (case id, description, parties)."""
        stmt = self._base(Case.id, Case.description, Case.party_1, Case.party_2).where(Case.id > after)
        if upto is not None:
            stmt = stmt.where(Case.id <= upto)
        with Session(engine) as s:
            rows = s.execute(stmt.order_by(Case.id).limit(size)).all()
        return [(cid, d, [p1, p2] if p1 and p2 else None) for cid, d, p1, p2 in rows]

    def id_range(self, engine: Engine) -> tuple[int, int] | None:
        with Session(engine) as s:
            lo, hi = s.execute(self._base(func.min(Case.id), func.max(Case.id))).one()
        return None if lo is None else (int(lo), int(hi))

    def write(self, engine: Engine, results: list[tuple[int, dict[str, Any]]]) -> tuple[int, int]:
        """Store results (one transaction; each case's insert + current flip together).

        Returns (written, skipped); skipped = cases another writer finished first.
        """
        if not results:
            return 0, 0
        try:
            return self._write(engine, results)
        except IntegrityError:
            # A concurrent writer raced us on some case: fall back to one transaction per case.
            written = skipped = 0
            for item in results:
                try:
                    w, s = self._write(engine, [item])
                except IntegrityError:
                    w, s = 0, 1
                written, skipped = written + w, skipped + s
            return written, skipped

    def _write(self, engine: Engine, results: list[tuple[int, dict[str, Any]]]) -> tuple[int, int]:
        ids = [cid for cid, _ in results]
        with Session(engine) as s, s.begin():
            still = set(
                s.execute(
                    self._base(Case.id).where(Case.id.in_(ids)).with_for_update(of=Case)
                    if engine.dialect.name == "postgresql"
                    else self._base(Case.id).where(Case.id.in_(ids))
                ).scalars()
            )
            written = 0
            for cid, fields in results:
                if cid in still:
                    write_current(s, cid, fields)
                    written += 1
        return written, len(results) - written
