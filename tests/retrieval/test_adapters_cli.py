"""LangChain adapters, get_retriever() and the CLI commands."""

from __future__ import annotations

import json

from langchain_core.documents import Document
from typer.testing import CliRunner

from katalog.errors import InputError
from katalog.retrieval.langchain_adapters import KatalogEmbeddings, KatalogRetriever, faiss_store


def test_langchain_retriever_returns_documents_with_metadata(retriever) -> None:
    docs = KatalogRetriever(retriever, k=3).invoke("뒤에서 들이받았어요")
    assert docs and all(isinstance(d, Document) for d in docs)
    assert {"doc_id", "kind", "score", "chart_ids"} <= set(docs[0].metadata)
    charts = KatalogRetriever(retriever, k=2, charts=True).invoke("후방 추돌")
    assert charts[0].metadata["chart_id"] == "차41-1" and charts[0].metadata["kind"] == "chart"
    laws = KatalogRetriever(retriever, k=2, kinds=["law"]).invoke("안전거리")
    assert all(d.metadata["kind"] == "law" for d in laws)


def test_embeddings_adapter_with_langchain_faiss(tiny_model) -> None:
    emb = KatalogEmbeddings(model_name=str(tiny_model))
    assert len(emb.embed_query("추돌")) == 64
    assert len(emb.embed_documents(["a", "b"])) == 2
    store = faiss_store(
        [Document(page_content="후행차량이 선행차량을 추돌", metadata={"doc_id": "x"}),
         Document(page_content="보행자가 횡단보도를 건넘", metadata={"doc_id": "y"})],
        emb,
    )
    top = store.similarity_search("뒤에서 추돌", k=1)[0]
    assert top.metadata["doc_id"] == "x"


def test_get_retriever_is_a_lazy_singleton(katalog_env) -> None:
    from katalog.retrieval import get_retriever

    r1 = get_retriever()
    assert r1 is get_retriever()
    assert r1.search_charts("후방 추돌", k=1)[0].chart_id == "차41-1"


def test_cli_search_index_and_errors(katalog_env) -> None:
    from katalog.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["index", "build"])
    assert res.exit_code == 0, res.output
    assert "index" in res.output
    res = runner.invoke(app, ["search", "뒤에서 추돌당했어요", "--k", "2", "--kind", "chart", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data[0]["chart_id"] == "차41-1" and data[0]["evidence"]
    res = runner.invoke(app, ["search", "안전거리", "--k", "3"])
    assert res.exit_code == 0 and "score=" in res.output
    res = runner.invoke(app, ["search", "   "])
    assert isinstance(res.exception, InputError) and "empty query" in str(res.exception)
    res = runner.invoke(app, ["search", "추돌", "--kind", "video"])
    assert isinstance(res.exception, InputError)
