"""Why a case goes to the review queue: low confidence, close charts, LLM/rules disagreement, abstention."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_

from katalog.db.orm import AssessmentRow
from katalog.errors import InputError

FLAGS = ("abstained", "error", "low_confidence", "close_charts", "disagreement", "review_conflict")
"""`review_conflict`: a newer engine result differs from the case's latest human decision (set by the
database layer, which knows the reviews; `flags_for` covers the engine's own flags)."""


@dataclass(frozen=True)
class QueueConfig:
    """Thresholds (env KATALOG_REVIEW_MIN_CONFIDENCE / KATALOG_REVIEW_MAX_GAP override the defaults)."""

    min_confidence: float = 0.5
    max_gap: float = 0.15

    @classmethod
    def from_env(cls, min_confidence: float | None = None, max_gap: float | None = None) -> QueueConfig:
        return cls(
            min_confidence=min_confidence
            if min_confidence is not None
            else _env_float("KATALOG_REVIEW_MIN_CONFIDENCE", cls.min_confidence),
            max_gap=max_gap if max_gap is not None else _env_float("KATALOG_REVIEW_MAX_GAP", cls.max_gap),
        )


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise InputError(f"{name} 값은 숫자여야 합니다: {raw!r}", f"{name} must be a number") from None


def flags_for(
    status: str | None,
    confidence: float | None,
    top2_gap: float | None,
    disagreement: str | None,
    cfg: QueueConfig,
) -> list[str]:
    if status is None:
        return []
    out: list[str] = []
    if status in ("abstained", "error"):
        out.append(status)
    if status == "ok" and (confidence or 0.0) < cfg.min_confidence:
        out.append("low_confidence")
    if status == "ok" and top2_gap is not None and top2_gap < cfg.max_gap:
        out.append("close_charts")
    if disagreement:
        out.append("disagreement")
    return out


def flagged_clause(cfg: QueueConfig, a: type[AssessmentRow] = AssessmentRow) -> ColumnElement[bool]:
    """SQL version of `flags_for(...) != []` (kept in step by tests)."""
    return or_(
        a.status.in_(("abstained", "error")),
        and_(a.status == "ok", a.confidence < cfg.min_confidence),
        and_(a.status == "ok", a.top2_gap.is_not(None), a.top2_gap < cfg.max_gap),
        and_(a.disagreement.is_not(None), a.disagreement != ""),
    )
