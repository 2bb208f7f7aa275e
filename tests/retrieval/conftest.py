"""Fixtures: a tiny corpus, a tiny sentence-transformers model built here (no download), and a
hybrid retriever over them with its index in a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from katalog.retrieval.corpus import CorpusDoc, write_corpus

DOCS = [
    CorpusDoc(id="chart:차41-1", kind="chart", title="차41-1 후방 추돌",
              text="같은 방향으로 주행하던 후행차량이 선행차량을 뒤에서 추돌한 사고이다.",
              summary="뒤차가 앞차를 뒤에서 들이받은 사고.", chart_ids=["차41-1"], party_types=["car"],
              place="straight_road", has_signal=None, metadata={"book": "MAIN2023"}),
    CorpusDoc(id="chart:차1-1", kind="chart", title="차1-1 녹색직진 대 적색직진",
              text="신호기가 있는 교차로에서 녹색신호에 직진하는 A차량과 적색신호에 직진하는 B차량이 충돌한 사고이다.",
              summary="초록불 직진 차와 빨간불 직진 차의 교차로 사고.", chart_ids=["차1-1"], party_types=["car"],
              place="signal_intersection", has_signal=True, metadata={"book": "MAIN2023"}),
    CorpusDoc(id="chart:보1", kind="chart", title="보1 보행자 적색신호 횡단",
              text="보행자가 적색신호에 횡단보도를 건너다 녹색신호에 진입한 차량에 충격된 사고이다.",
              summary="빨간불에 길을 건너던 사람이 차에 치인 사고.", chart_ids=["보1"],
              party_types=["car", "pedestrian"], place="crosswalk", has_signal=True, metadata={"book": "MAIN2023"}),
    CorpusDoc(id="chart:차54-1", kind="chart", title="차54-1 회전교차로 진입 차량 대 회전 차량",
              text="회전교차로에 진입하는 차량과 이미 회전 중인 차량이 충돌한 사고이다.",
              summary="로터리에서 돌고 있던 차와 새로 들어온 차의 사고.", chart_ids=["차54-1"], party_types=["car"],
              place="roundabout", has_signal=False, metadata={"book": "MAIN2023"}),
    CorpusDoc(id="precedent:99다1", kind="precedent", title="대법원 99다1",
              text="후행차량은 선행차량과의 안전거리를 확보하여야 하며 추돌 시 주된 과실이 있다.",
              chart_ids=["차41-1"], party_types=["car"], metadata={"court": "대법원"}),
    CorpusDoc(id="KFRC-2019-000001", kind="committee", title="차대차 후방 추돌 사고",
              text="청구차량이 신호대기 중 후행하던 피청구차량이 뒤에서 추돌한 사고임. 결정 과실비율: 청구 0 : 피청구 100",
              chart_ids=["차41-1"], party_types=["car"], metadata={"decided_ratio": "청구 0 : 피청구 100"}),
    CorpusDoc(id="law:도로교통법 제19조", kind="law", title="도로교통법 제19조(안전거리 확보 등)",
              text="모든 차의 운전자는 같은 방향으로 가고 있는 앞차의 뒤를 따르는 경우에는 충돌을 피할 수 있는 거리를 확보하여야 한다.",
              chart_ids=["차41-1"], metadata={"article_no": "제19조"}),
]


def make_tiny_model(path: Path, texts: list[str], dim: int = 64) -> Path:
    """A random-weight StaticEmbedding over a word-level tokenizer of `texts` (morphemes)."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tok.train_from_iterator(texts, trainers.WordLevelTrainer(special_tokens=["[PAD]", "[UNK]"]))
    torch.manual_seed(0)
    static = StaticEmbedding(tok, embedding_dim=dim)
    torch.nn.init.normal_(static.embedding.weight)
    SentenceTransformer(modules=[static], device="cpu").save(str(path))
    (path / "katalog_model.json").write_text('{"preprocess": "morphemes"}', encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("data") / "corpus"
    write_corpus(DOCS, d)
    return d


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    from katalog.retrieval.analyzer import default_analyzer
    from katalog.retrieval.dense import Encoder

    enc = Encoder.__new__(Encoder)
    enc.preprocess = "morphemes"
    default_analyzer()
    texts = [enc.prepare_doc(d) for d in DOCS]
    return make_tiny_model(tmp_path_factory.mktemp("models") / "tiny", texts)


@pytest.fixture(scope="session")
def retriever(corpus_dir, tiny_model, tmp_path_factory):
    from katalog.retrieval.hybrid import HybridRetriever

    return HybridRetriever.open(corpus_dir, str(tiny_model), index_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture()
def katalog_env(monkeypatch, corpus_dir, tiny_model, tmp_path):
    """Point data dir, model and index dir at the fixtures (for get_retriever and the CLI)."""
    monkeypatch.setenv("KATALOG_DATA_DIR", str(corpus_dir.parent))
    monkeypatch.setenv("KATALOG_EMBED_MODEL", str(tiny_model))
    monkeypatch.setenv("KATALOG_INDEX_DIR", str(tmp_path / "index"))
    return tmp_path


@pytest.fixture(scope="session")
def fixture_docs() -> list[CorpusDoc]:
    return list(DOCS)


@pytest.fixture(scope="session")
def model_factory():
    return make_tiny_model
