"""SQLAlchemy tables: cases, their assessments (one current per case) and append-only reviews.

The Alembic migrations in `katalog/db/migrations/` create exactly these tables; `tests/db` checks
that the two never drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from katalog.errors import KatalogError


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Case(Base):
    """One claim: the text to assess and what the insurer knows about it."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    party_1: Mapped[str | None] = mapped_column(String(200))
    party_2: Mapped[str | None] = mapped_column(String(200))
    accident_date: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(500))
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Hash of (description, parties, date): re-importing the same row is a no-op, a changed row is rejected.
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    # Batch work claim (migration 0004): which scorer run holds the case, and until when (UTC).
    # A claim is taken atomically (BEGIN IMMEDIATE on SQLite, FOR UPDATE SKIP LOCKED on PostgreSQL),
    # renewed while the run lives and cleared when its result is written.
    lease_owner: Mapped[str | None] = mapped_column(String(200), index=True)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime)

    @property
    def parties(self) -> list[str] | None:
        return [self.party_1, self.party_2] if self.party_1 and self.party_2 else None


class AssessmentRow(Base):
    """One engine run on one case. Exactly one row per case has `is_current` (partial unique index)."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # ok | abstained | error
    message: Mapped[str | None] = mapped_column(Text)  # abstention message or error text
    abstention_code: Mapped[str | None] = mapped_column(String(40))
    chart_id: Mapped[str | None] = mapped_column(String(40), index=True)
    variant: Mapped[str | None] = mapped_column(String(40))
    mapping: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    modifiers: Mapped[list[Any] | None] = mapped_column(JSON)
    party_1: Mapped[str | None] = mapped_column(String(200))
    party_2: Mapped[str | None] = mapped_column(String(200))
    base_1: Mapped[int | None] = mapped_column(Integer)
    base_2: Mapped[int | None] = mapped_column(Integer)
    final_1: Mapped[int | None] = mapped_column(Integer)
    final_2: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    # Gap between the two best chart candidates' confidence (None with fewer than two candidates).
    top2_gap: Mapped[float | None] = mapped_column(Float)
    disagreement: Mapped[str | None] = mapped_column(Text)
    engine_version: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    standard_version: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    llm_model: Mapped[str | None] = mapped_column(String(200))
    prompt_hash: Mapped[str | None] = mapped_column(String(80))
    # "engine|standard|model": a case is up to date when its current row carries the run's key.
    version_key: Mapped[str] = mapped_column(String(400), nullable=False)
    timings: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the full Assessment as JSON
    is_current: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    __table_args__ = (
        Index(
            "uq_assessments_one_current",
            "case_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )


class Review(Base):
    """An adjuster's decision on an assessment. Append-only: never updated, never deleted."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), nullable=False, index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), nullable=False, index=True)
    reviewer: Mapped[str] = mapped_column(String(200), nullable=False)
    ratio_1: Mapped[int] = mapped_column(Integer, nullable=False)
    ratio_2: Mapped[int] = mapped_column(Integer, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class AppendOnlyError(KatalogError):
    """Someone tried to change or delete a review."""


@event.listens_for(Session, "before_flush")
def _reviews_are_append_only(session: Session, _ctx: Any, _instances: Any) -> None:
    # Enforced in code here and by triggers in the migration (PostgreSQL and SQLite).
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Review) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyError(
                "검토 기록은 수정하거나 삭제할 수 없습니다",
                "reviews are append-only; add a new review instead",
            )
