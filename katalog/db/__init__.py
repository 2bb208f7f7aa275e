"""Case database: cases, assessments (one current per case) and an append-only review trail.

    from katalog.db import open_db
    db = open_db("sqlite:///katalog.db")       # or any SQLAlchemy URL; migrations run on open
    db.import_cases("claims.csv", {"id": "claim_no"})
    db.review_queue()

See docs/db_batch.md.
"""

from __future__ import annotations

from katalog.db.connect import DEFAULT_URL, DatabaseError, init_db, make_engine, resolve_url
from katalog.db.database import Database, open_db, parse_ratio
from katalog.db.flags import QueueConfig
from katalog.db.records import (
    AssessmentRecord,
    CaseDetail,
    CaseSummary,
    ImportReport,
    Reject,
    ReviewRecord,
)

__all__ = [
    "DEFAULT_URL",
    "AssessmentRecord",
    "CaseDetail",
    "CaseSummary",
    "Database",
    "DatabaseError",
    "ImportReport",
    "QueueConfig",
    "Reject",
    "ReviewRecord",
    "init_db",
    "make_engine",
    "open_db",
    "parse_ratio",
    "resolve_url",
]
