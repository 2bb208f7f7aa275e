"""The shipped corpus and model: ids, sizes, offline loading, a smoke ranking."""

from __future__ import annotations

import json

import pytest

from katalog.paths import data_dir
from katalog.retrieval.corpus import load_corpus
from katalog.retrieval.dense import Encoder, default_model_path


def test_committee_doc_ids_are_eval_ids() -> None:
    docs = {d.id: d for d in load_corpus(kinds=("committee",))}
    eval_ids = [json.loads(line)["id"] for line in (data_dir() / "eval" / "dev_committee.jsonl").open(encoding="utf-8")]
    assert set(eval_ids) == set(docs)
    assert all(d.kind == "committee" for d in docs.values())


def test_corpus_has_every_kind_and_stays_small() -> None:
    docs = load_corpus()
    kinds = {d.kind for d in docs}
    assert kinds == {"chart", "precedent", "committee", "law"}
    assert len([d for d in docs if d.kind == "precedent"]) >= 170
    size = sum(f.stat().st_size for f in (data_dir() / "corpus").glob("*.jsonl"))
    size += sum(f.stat().st_size for f in default_model_path().rglob("*") if f.is_file())
    assert size < 10 * 1024 * 1024
    law_ids = [d.id for d in docs if d.kind == "law"]
    assert len(law_ids) == len(set(law_ids))


def test_shipped_model_loads_offline() -> None:
    enc = Encoder(str(default_model_path()))
    assert enc.preprocess == "morphemes"
    assert enc.encode(["뒤에서 추돌"], query=True).shape[0] == 1


@pytest.mark.slow
def test_real_index_ranks_everyday_rear_end(tmp_path) -> None:
    from katalog.retrieval.hybrid import HybridRetriever

    r = HybridRetriever.open(index_dir=tmp_path)
    top = [h.chart_id for h in r.search_charts("뒤에서 오던 차가 제 차를 들이받았어요", k=3)]
    assert "차41-1" in top
    committee = r.search("신호위반 직진 사고", k=3, kinds=["committee"])
    assert committee and all(h.kind == "committee" and h.metadata.get("decided_ratio") for h in committee)
