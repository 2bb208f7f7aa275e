"""Hybrid retrieval over charts, precedents, committee decisions and the Road Traffic Act.

    from katalog.retrieval import get_retriever
    r = get_retriever()
    r.search_charts("뒤에서 오던 차가 제 차를 들이받았어요", k=3)
    r.search("신호위반 교차로", k=5, kinds=["precedent"], exclude_ids=["KFRC-2019-008384"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from katalog.retrieval.types import ChartHit, Hit

if TYPE_CHECKING:
    from katalog.retrieval.hybrid import HybridRetriever

__all__ = ["ChartHit", "Hit", "HybridRetriever", "get_retriever"]


def get_retriever(**kwargs: Any) -> HybridRetriever:
    """Lazy process-wide `HybridRetriever` (loads or builds the persisted index)."""
    from katalog.retrieval.hybrid import get_retriever as _get

    return _get(**kwargs)


def __getattr__(name: str) -> Any:
    if name == "HybridRetriever":
        from katalog.retrieval.hybrid import HybridRetriever

        return HybridRetriever
    raise AttributeError(name)
