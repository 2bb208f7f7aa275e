"""`write_current_many` (one batch chunk in two statements) stores what one `write_current` per case stores."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from katalog.batch.fake import FakeScorer
from katalog.batch.scorer import score_one
from katalog.db.orm import AssessmentRow, Case
from katalog.db.store import write_current, write_current_many, write_session

_SKIP = {"id", "created_at", "is_current"}


def _columns(row: AssessmentRow) -> dict[str, Any]:
    return {c.name: getattr(row, c.key) for c in AssessmentRow.__table__.columns if c.name not in _SKIP}


def test_many_equals_one_by_one(db, rows):
    db.import_cases(rows(30))  # ok, abstained (no mapping) and error rows (no payload fields)
    with db.session() as s:
        cases = list(s.execute(select(Case.id, Case.description, Case.party_1, Case.party_2)
                               .order_by(Case.id)).all())
    scorer = FakeScorer()
    items = [(cid, score_one(scorer, text, [p1, p2], scorer.version_key)) for cid, text, p1, p2 in cases]
    assert {f["status"] for _, f in items} == {"ok", "abstained", "error"}
    with write_session(db.engine) as s:
        for cid, fields in items:
            write_current(s, cid, fields)
    with write_session(db.engine) as s:
        write_current_many(s, items)
        write_current_many(s, [])  # nothing to write: no statement
    with db.session() as s:
        stored = list(s.execute(select(AssessmentRow).order_by(AssessmentRow.id)).scalars())
    first, second = stored[: len(items)], stored[len(items):]
    assert len(second) == len(items)
    # the same columns, byte for byte as read back, in the same order; only the second round is current
    assert [_columns(r) for r in second] == [_columns(r) for r in first]
    assert [r.case_id for r in second] == [cid for cid, _ in items]
    assert not any(r.is_current for r in first) and all(r.is_current for r in second)
    assert min(r.id for r in second) > max(r.id for r in first)
    # the JSON columns as stored (JSON null and SQL NULL read back alike through the ORM)
    raw = "SELECT " + ", ".join(f"CAST({c} AS TEXT)" for c in ("mapping", "modifiers", "payload", "message"))
    with db.engine.connect() as conn:
        texts = conn.execute(text(raw + " FROM assessments ORDER BY id")).all()
    assert texts[len(items):] == texts[: len(items)]
