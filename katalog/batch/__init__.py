"""Batch liability scoring over the case database (local processes or Ray Data).

from katalog.db import open_db
from katalog.batch import score_cases
summary = score_cases(open_db(), workers=2)      # resumable; see docs/db_batch.md
"""

from __future__ import annotations

from katalog.batch.plan import RunPlan
from katalog.batch.runner import BatchSummary, score_cases
from katalog.batch.scorer import EngineScorer, Scorer, probe_version_key, resolve_scorer

__all__ = [
    "BatchSummary",
    "EngineScorer",
    "RunPlan",
    "Scorer",
    "probe_version_key",
    "resolve_scorer",
    "score_cases",
]
