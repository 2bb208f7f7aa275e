"""LangChain adapters: a `BaseRetriever` over `HybridRetriever` and an `Embeddings` over `Encoder`.

    from katalog.retrieval.langchain_adapters import KatalogRetriever, KatalogEmbeddings, faiss_store
    KatalogRetriever(k=3, kinds=["precedent"]).invoke("신호위반 직진 사고")   # -> list[Document]
    store = faiss_store()                     # langchain_community FAISS over the corpus
    store.similarity_search("후방 추돌", k=3)
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import BaseModel, ConfigDict, PrivateAttr

from katalog.retrieval.types import Hit


def hit_to_document(hit: Hit) -> Document:
    """A `Hit` as a LangChain `Document` (text as page content, everything else as metadata)."""
    meta = {"doc_id": hit.doc_id, "kind": hit.kind, "title": hit.title, "score": hit.score,
            "chart_ids": list(hit.chart_ids), **hit.metadata}
    return Document(page_content=hit.text, metadata=meta, id=hit.doc_id)


class KatalogRetriever(BaseRetriever):
    """Hybrid (BM25 + dense) KATALOG search as a LangChain retriever.

    With `charts=True` it returns one Document per ranked chart (its chart document, with the
    fused chart score); otherwise the documents of `kinds` (all kinds when None).
    """

    k: int = 4
    """Number of documents to return."""
    kinds: list[str] | None = None
    """Restrict to these kinds: chart, precedent, committee, law."""
    filters: dict[str, Any] | None = None
    """Metadata filters (party_types, place, has_signal, chart_ids)."""
    exclude_ids: list[str] | None = None
    """Document ids never returned (e.g. the committee case being evaluated)."""
    charts: bool = False
    """Rank charts (chart documents only) instead of documents."""

    _retriever: Any = PrivateAttr(default=None)

    def __init__(self, retriever: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._retriever = retriever

    def _get(self):
        if self._retriever is None:
            from katalog.retrieval.hybrid import get_retriever

            self._retriever = get_retriever()
        return self._retriever

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun
                                ) -> list[Document]:
        r = self._get()
        if self.charts:
            docs = []
            for ch in r.search_charts(query, k=self.k, exclude_ids=self.exclude_ids):
                own = next((e for e in ch.evidence if e.kind == "chart"), None)
                if own is None:
                    continue
                d = hit_to_document(own.model_copy(update={"score": ch.score}))
                d.metadata.update(chart_id=ch.chart_id, bm25_score=ch.bm25_score, dense_score=ch.dense_score)
                docs.append(d)
            return docs
        hits = r.search(query, k=self.k, kinds=self.kinds, filters=self.filters, exclude_ids=self.exclude_ids)
        return [hit_to_document(h) for h in hits]


class KatalogEmbeddings(BaseModel, Embeddings):
    """The KATALOG encoder (default: the shipped static model) as LangChain `Embeddings`."""

    model_config = ConfigDict(extra="forbid")

    model_name: str | None = None
    """Model id or path; None = `$KATALOG_EMBED_MODEL` or the shipped model."""

    _client: Any = PrivateAttr(default=None)

    def _encoder(self):
        if self._client is None:
            from katalog.retrieval.dense import get_encoder

            self._client = get_encoder(self.model_name)
        return self._client

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encoder().encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._encoder().encode([text], query=True)[0].tolist()


def corpus_documents(kinds: list[str] | None = None) -> list[Document]:
    """The corpus as LangChain Documents (page content = title, summary and text)."""
    from katalog.retrieval.corpus import load_corpus

    out = []
    for d in load_corpus(kinds=tuple(kinds) if kinds else None):
        meta = {"doc_id": d.id, "kind": d.kind, "title": d.title, "chart_ids": d.chart_ids,
                "party_types": d.party_types, "place": d.place, "has_signal": d.has_signal, **d.metadata}
        out.append(Document(page_content=d.search_text(), metadata=meta, id=d.id))
    return out


def faiss_store(documents: list[Document] | None = None, embeddings: Embeddings | None = None):
    """A langchain_community FAISS vector store (inner product over normalised vectors)."""
    from langchain_community.vectorstores import FAISS
    from langchain_community.vectorstores.utils import DistanceStrategy

    return FAISS.from_documents(documents if documents is not None else corpus_documents(),
                                embeddings or KatalogEmbeddings(),
                                distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT)
