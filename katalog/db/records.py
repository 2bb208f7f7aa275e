"""Plain result objects the DB API returns (no ORM objects leak out of a session)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """Stored timestamps are naive UTC; records carry them time-zone aware (ISO output ends in +00:00)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Reject:
    """One row the importer refused: where (first line of the row in the file), why (a stable code plus
    Korean and English text) and the raw text of the row (control characters escaped, cut to 500 chars)."""

    line: int
    external_id: str | None
    reason: str
    detail: str = ""
    reason_ko: str = ""
    reason_en: str = ""
    raw: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportReport:
    source: str
    rows: int = 0
    inserted: int = 0
    unchanged: int = 0
    rejected: int = 0
    chunks: int = 0
    rejects_path: Path | None = None
    rejects: list[Reject] = field(default_factory=list)

    @property
    def reasons(self) -> Counter[str]:
        return Counter(r.reason for r in self.rejects)

    def summary(self) -> str:
        text = (
            f"읽음 {self.rows} · 추가 {self.inserted} · 이미 있음 {self.unchanged} · 거부 {self.rejected}"
            f" / read {self.rows}, inserted {self.inserted}, unchanged {self.unchanged}, rejected {self.rejected}"
        )
        if self.rejected:
            reasons = ", ".join(f"{k} {v}" for k, v in self.reasons.most_common())
            text += f"\n거부 사유 / reasons: {reasons}"
            if self.rejects_path:
                text += f"\n거부 목록 / rejects file: {self.rejects_path}"
        return text


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    case_id: int
    status: str
    message: str | None
    abstention_code: str | None
    chart_id: str | None
    variant: str | None
    parties: list[str]
    base: list[int] | None
    final: list[int] | None
    confidence: float
    top2_gap: float | None
    disagreement: str | None
    engine_version: str
    standard_version: str
    llm_model: str | None
    prompt_hash: str | None
    is_current: bool
    created_at: dt.datetime
    payload: dict[str, Any] | None = None

    def ratio_text(self) -> str:
        return ":".join(str(x) for x in self.final) if self.final else "-"


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    case_id: int
    assessment_id: int
    reviewer: str
    ratio: list[int]
    reason: str
    created_at: dt.datetime

    def ratio_text(self) -> str:
        return f"{self.ratio[0]}:{self.ratio[1]}"


@dataclass(frozen=True)
class CaseSummary:
    id: int
    external_id: str
    description: str
    parties: list[str] | None
    accident_date: dt.date | None
    source: str | None
    status: str | None  # of the current assessment; None = not scored yet
    chart_id: str | None
    final: list[int] | None
    confidence: float | None
    flags: list[str]
    review_state: str  # unscored | none | needs_review | reviewed
    reviewed_ratio: list[int] | None = None  # the case's latest human decision (survives rescoring)
    reviewer: str | None = None
    reviewed_at: dt.datetime | None = None  # UTC, time-zone aware
    reviewed_assessment_id: int | None = None  # the assessment the decision was made on

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CaseDetail:
    case: CaseSummary
    meta: dict[str, Any] | None
    assessments: list[AssessmentRecord]
    reviews: list[ReviewRecord]

    def trail(self) -> list[tuple[dt.datetime, str, AssessmentRecord | ReviewRecord]]:
        """Assessments and reviews merged in the order they were written."""
        items: list[tuple[dt.datetime, int, str, Any]] = [
            (a.created_at, 0, "assessment", a) for a in self.assessments
        ]
        items += [(r.created_at, 1, "review", r) for r in self.reviews]
        items.sort(key=lambda t: (t[0], t[1], t[3].id))
        return [(t[0], t[2], t[3]) for t in items]
