"""Index persistence: reuse when current, rebuild when stale or corrupt; model loading path."""

from __future__ import annotations

import json

import numpy as np
import pytest

from katalog.errors import DataError
from katalog.retrieval.corpus import CorpusDoc, load_corpus, write_corpus
from katalog.retrieval.dense import Encoder
from katalog.retrieval.index import COMPONENTS, MANIFEST, index_key, open_index, verify


def test_tiny_model_loads_offline_and_encodes(tiny_model) -> None:
    enc = Encoder(str(tiny_model))
    assert enc.preprocess == "morphemes"
    vecs = enc.encode(["후방 추돌", "빨간불"], query=True)
    assert vecs.shape == (2, 64) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)


def test_the_default_encoder_follows_the_model_setting(monkeypatch, tiny_model) -> None:
    """The shared default encoder is the model configured now, not the one configured at the first call: a
    process that once pointed `KATALOG_EMBED_MODEL` elsewhere must not keep encoding with that model."""
    from katalog.retrieval.dense import EMBED_MODEL_ENV, get_encoder, resolve_model_name

    monkeypatch.setenv(EMBED_MODEL_ENV, str(tiny_model))
    assert get_encoder().name == str(tiny_model)
    monkeypatch.delenv(EMBED_MODEL_ENV)
    assert get_encoder().name == resolve_model_name() != str(tiny_model)


def test_missing_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(DataError, match="embedding model"):
        _ = Encoder(str(tmp_path / "no-such-model")).model


def test_build_then_reuse_then_rebuild_on_change(tmp_path, tiny_model, fixture_docs) -> None:
    docs = list(fixture_docs)
    enc = Encoder(str(tiny_model))
    comps, info = open_index(docs, enc, root=tmp_path)
    assert info["built"] is True
    folder = tmp_path / info["key"]
    assert {p.name for p in folder.iterdir()} >= {MANIFEST, COMPONENTS, "0_BM25", "1_FAISS"}
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["n_docs"] == len(docs) and manifest["versions"]["faiss"] != "missing"
    assert json.loads((folder / "1_FAISS" / "config.json").read_text())["dim"] == 64

    _, again = open_index(docs, enc, root=tmp_path)
    assert again["built"] is False and again["key"] == info["key"]

    changed = docs + [CorpusDoc(id="law:x", kind="law", title="새 조문", text="새로운 내용")]
    _, third = open_index(changed, enc, root=tmp_path)
    assert third["built"] is True and third["key"] != info["key"]


@pytest.mark.parametrize("target", ["1_FAISS/index.faiss", "0_BM25/vocab.index.json", MANIFEST, COMPONENTS])
def test_corrupt_file_is_detected_and_rebuilt(tmp_path, tiny_model, fixture_docs, target: str) -> None:
    enc = Encoder(str(tiny_model))
    comps, info = open_index(list(fixture_docs), enc, root=tmp_path)
    path = tmp_path / info["key"] / target
    path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 2)])
    assert verify(tmp_path / info["key"], info["key"]) is not None
    comps2, info2 = open_index(list(fixture_docs), enc, root=tmp_path)
    assert info2["built"] is True
    assert verify(tmp_path / info2["key"], info2["key"]) is None
    q = "후방 추돌"
    assert np.allclose(comps[0].scores(q), comps2[0].scores(q))


def test_index_key_depends_on_model(tmp_path, tiny_model, model_factory) -> None:
    other = model_factory(tmp_path / "other", ["후방 추돌 사고"], dim=32)
    assert index_key("h", Encoder(str(tiny_model))) != index_key("h", Encoder(str(other)))


def test_corpus_loader_rejects_bad_lines(tmp_path, fixture_docs) -> None:
    write_corpus(list(fixture_docs), tmp_path)
    with (tmp_path / "law.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"id": "law:bad", "kind": "law"}\n')
    with pytest.raises(DataError, match="law.jsonl:2"):
        load_corpus(tmp_path)
    with pytest.raises(DataError):
        load_corpus(tmp_path / "missing")


def test_loaded_bm25_scores_like_bm25s_without_importing_it(tmp_path, fixture_docs) -> None:
    """The saved BM25 index is scored from its arrays: same float32 scores as bm25s itself, for
    repeated, unknown and no tokens, and loading it needs no bm25s (scipy) import."""
    import subprocess
    import sys

    import bm25s

    from katalog.retrieval.bm25 import BM25Component

    built = BM25Component()
    built.build(list(fixture_docs))
    built.save(tmp_path / "bm25")
    loaded = BM25Component.load(tmp_path / "bm25")
    reference = bm25s.BM25.load(str(tmp_path / "bm25"), show_progress=False, verbosity=0)
    queries = [
        "뒤에서 들이받은 추돌 사고",
        "초록불 직진 대 빨간불 직진 직진",
        "회전교차로 진입",
        "없는낱말 우주선",
        "",
    ]
    for q in queries:
        toks = loaded.analyzer(q)
        mine = loaded.scores(q)
        assert mine.dtype == np.float32 and mine.shape == (len(fixture_docs),)
        assert np.array_equal(mine, built.scores(q))
        want = (
            np.asarray(reference.get_scores(toks), dtype=np.float32) if toks else np.zeros(len(fixture_docs))
        )
        assert np.array_equal(mine, want), q
    assert loaded.scores("뒤에서 들이받은 추돌 사고").max() > 0

    code = (
        f"import sys; from pathlib import Path; from katalog.retrieval.bm25 import BM25Component; "
        f"BM25Component.load(Path({str(tmp_path / 'bm25')!r})); print('bm25s' in sys.modules, 'scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
