"""Writing assessments: one row per engine run, the current flag flipped in the same transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, insert, update
from sqlalchemy.orm import Session

from katalog.db.orm import AssessmentRow
from katalog.models import Assessment


def version_key_of(engine_version: str, standard_version: str, llm_model: str | None) -> str:
    return f"{engine_version}|{standard_version}|{llm_model or ''}"


def _two_parties(a: Assessment) -> list[str]:
    names = list(a.parties[:2])
    for d in (a.final, a.base):
        if len(names) < 2 and d:
            names += [k for k in d if k not in names][: 2 - len(names)]
    return names + [None] * (2 - len(names))  # type: ignore[list-item]


def _asked_model(a: Assessment) -> str | None:
    """The LLM the engine asked (whether or not its output was used: see `LLMInfo.used`)."""
    return a.llm.model if a.llm.model and a.llm.model != "unknown" else None


def row_fields(a: Assessment, version_key: str | None = None) -> dict[str, Any]:
    """The columns of an `assessments` row for one `Assessment`."""
    p1, p2 = _two_parties(a)
    confs = sorted((c.confidence for c in a.candidates), reverse=True)
    message = a.error if a.status == "error" else (a.abstention.message if a.abstention else None)
    return {
        "status": a.status,
        "message": message,
        "abstention_code": a.abstention.code if a.abstention else None,
        "chart_id": a.chart_id,
        "variant": a.variant,
        "mapping": a.mapping.model_dump(mode="json") if a.mapping else None,
        "modifiers": [m.model_dump(mode="json") for m in a.applied],
        "party_1": p1,
        "party_2": p2,
        "base_1": a.base.get(p1) if a.base and p1 else None,
        "base_2": a.base.get(p2) if a.base and p2 else None,
        "final_1": a.final.get(p1) if a.final and p1 else None,
        "final_2": a.final.get(p2) if a.final and p2 else None,
        "confidence": float(a.confidence),
        "top2_gap": round(confs[0] - confs[1], 6) if len(confs) >= 2 else None,
        "disagreement": a.llm.disagreement or None,
        "engine_version": a.engine_version,
        "standard_version": a.standard_version,
        "llm_model": a.llm.model if a.llm.used or a.llm.model else None,
        "prompt_hash": a.llm.prompt_hash,
        "version_key": version_key
        or version_key_of(a.engine_version, a.standard_version, _asked_model(a)),
        "timings": dict(a.timings_ms) or None,
        "payload": a.model_dump(mode="json"),
    }


def write_current(session: Session, case_id: int, fields: dict[str, Any]) -> AssessmentRow:
    """Retire the case's current assessment and insert the new one as current (caller commits).

    The partial unique index makes a second concurrent writer fail instead of leaving two current rows.
    """
    session.execute(
        update(AssessmentRow)
        .where(AssessmentRow.case_id == case_id, AssessmentRow.is_current.is_(True))
        .values(is_current=False)
    )
    row = AssessmentRow(case_id=case_id, is_current=True, **fields)
    session.add(row)
    session.flush()
    return row


def write_current_many(session: Session, items: list[tuple[int, dict[str, Any]]]) -> None:
    """`write_current` of several distinct cases in two statements (caller commits): their current
    assessments retired at once, the new rows inserted in the given order (so their ids are the ones
    one `write_current` per case gives). A batch chunk is written so: one ORM flush and one UPDATE
    per case were most of the driver's CPU."""
    if not items:
        return
    session.execute(
        update(AssessmentRow)
        .where(AssessmentRow.case_id.in_([cid for cid, _ in items]), AssessmentRow.is_current.is_(True))
        .values(is_current=False)
    )
    session.execute(insert(AssessmentRow), [{"case_id": cid, "is_current": True, **f} for cid, f in items])


@contextlib.contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction holds the write lock from its first statement on SQLite.

    pysqlite starts a transaction only at the first INSERT/UPDATE, so a "check, then write" would
    check outside the transaction; `BEGIN IMMEDIATE` takes SQLite's single write lock up front (other
    writers wait, readers go on under WAL). PostgreSQL callers lock rows explicitly
    (`FOR UPDATE`); there this is an ordinary transaction. Commits on success, rolls back on error.
    """
    with Session(engine, expire_on_commit=False) as session:
        if engine.dialect.name == "sqlite":
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
