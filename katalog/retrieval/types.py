"""Result types of hybrid retrieval (the engine codes against these).

A `Hit` is one corpus document (chart, precedent, committee decision or law article) with its
fused score; a `ChartHit` groups the evidence that points at one chart of the standard.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

DocKind = Literal["chart", "precedent", "committee", "law"]
KINDS: tuple[str, ...] = get_args(DocKind)  # one list of kinds: the Literal above


class Hit(BaseModel):
    """One retrieved document."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str = Field(description="corpus id, e.g. 'chart:차43-1', 'KFRC-2019-008384', 'law:도로교통법 제25조'")
    kind: DocKind
    title: str
    text: str = Field(description="document text (may be shortened for display)")
    score: float = Field(description="fused score (weighted reciprocal rank); higher is better")
    chart_ids: list[str] = Field(default_factory=list, description="2023 chart ids the document refers to")
    metadata: dict[str, Any] = Field(default_factory=dict)


class ChartHit(BaseModel):
    """One chart of the standard, ranked, with the documents that matched it."""

    model_config = ConfigDict(extra="forbid")

    chart_id: str
    score: float = Field(description="fused score; higher is better")
    bm25_score: float = Field(0.0, description="raw BM25 score of the chart document (0 = not retrieved)")
    dense_score: float = Field(0.0, description="cosine similarity of the chart document (0 = not retrieved)")
    evidence: list[Hit] = Field(default_factory=list)
