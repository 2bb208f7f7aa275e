"""Weighted reciprocal-rank fusion of several score vectors."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from katalog import params

# defaults, with their provenance, in data/engine/params.yaml (`retrieval.*`)
_P = params.load()
_BOOK_PRIOR = _P.table("retrieval.book_prior")


class FusionConfig(BaseModel):
    """Weights and constants of the fusion. Defaults come from data/engine/params.yaml (`retrieval.*`, with
    their provenance: the dense weight and RRF k were tuned on the dev sets, docs/retrieval.md); a changed
    file takes effect in a new process."""

    model_config = ConfigDict(extra="forbid")

    bm25_weight: float = Field(_P.get("retrieval.bm25_weight"), ge=0)
    dense_weight: float = Field(_P.get("retrieval.dense_weight"), ge=0)
    rrf_k: float = Field(_P.get("retrieval.rrf_k"), gt=0, description="RRF constant: small values favour the top ranks")
    depth: int = Field(_P.get("retrieval.depth"), ge=1, description="only the first `depth` ranks of each list contribute")
    type_prior: float = Field(
        _P.get("retrieval.type_prior"), ge=0, le=1,
        description="chart score multiplier when the chart's road users (pedestrian, bicycle, "
        "two-wheeler, PM) differ from those the query names; 1.0 disables the prior",
    )
    scene_prior: float = Field(
        _P.get("retrieval.scene_prior"), ge=0, le=1,
        description="chart score multiplier when the chart title names a scene (긴급자동차, "
        "주정차, 주차장, 고속도로 …) the query does not mention; 1.0 disables the prior",
    )
    signal_prior: float = Field(
        _P.get("retrieval.signal_prior"), ge=0, le=1,
        description="chart score multiplier when the query says there is (no) signal and the chart "
        "says the opposite; 1.0 disables the prior",
    )
    book_prior: dict[str, float] = Field(
        default_factory=lambda: dict(_BOOK_PRIOR),
        description="chart score multiplier per book: the non-typical (비정형) book applies only "
        "when no typical chart fits, so it yields ties to the main book",
    )


def ranks(scores: np.ndarray, mask: np.ndarray, depth: int, *, min_score: float | None = None) -> np.ndarray:
    """1-based rank of each allowed document among allowed documents; 0 = not ranked.

    Documents outside `mask`, beyond `depth`, or with a score ≤ `min_score` get rank 0.
    """
    out = np.zeros(scores.shape[0], dtype=np.int64)
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return out
    sub = scores[idx]
    if min_score is not None:
        keep = sub > min_score
        idx, sub = idx[keep], sub[keep]
    order = idx[np.argsort(-sub, kind="stable")][:depth]
    out[order] = np.arange(1, order.size + 1)
    return out


def rrf(rank_lists: list[tuple[np.ndarray, float]], k: float) -> np.ndarray:
    """Σ weight / (k + rank) over the lists where the document is ranked."""
    total = np.zeros(rank_lists[0][0].shape[0], dtype=np.float64)
    for r, w in rank_lists:
        if w <= 0:
            continue
        hit = r > 0
        total[hit] += w / (k + r[hit])
    return total
