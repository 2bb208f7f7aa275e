"""The learned reader: loads with numpy only, re-ranks the rule pool with calibrated confidence, and
the engine still works (rules only) without its files."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from katalog.matching.signatures import chart_signatures
from katalog.reader import features as F
from katalog.reader import model as M


def test_char_ngrams_stay_inside_words():
    grams = F.char_ngrams("좌회전 차량")
    assert "<좌" in grams and "전>" in grams
    assert not any(" " in g for g in grams)


def test_vectorizer_is_l2_normalised_and_ignores_unknown_tokens():
    vec = F.Vectorizer({"a": 0, "b": 1}, np.array([1.0, 2.0], dtype=np.float32))
    idx, val = vec.transform(["a", "b", "b", "zzz"])
    assert sorted(idx.tolist()) == [0, 1]
    assert abs(float((val * val).sum()) - 1.0) < 1e-5
    idx, val = vec.transform(["zzz"])
    assert len(idx) == 0


def test_chart_attributes_and_groups():
    sigs = chart_signatures()
    attrs = F.chart_attributes(sigs["차43-1"]) if "차43-1" in sigs else F.chart_attributes(next(iter(sigs.values())))
    assert set(attrs) == set(F.ATTRIBUTES)
    assert F.chart_group("차43-1") == "차43"
    assert F.chart_group("PM-12") == "PM-12"


def test_role_contradictions_count_a_stated_movement_the_role_cannot_be():
    from katalog.facts import extract_facts

    sigs = chart_signatures()
    facts = extract_facts("신호 없는 교차로에서 직진하던 A차량과 맞은편에서 좌회전하던 B차량이 충돌했습니다")
    # a rear-end chart's roles (both straight / stopped) contradict a stated left turn
    rear = next(s for s in sigs.values() if s.chart_id.startswith("차41"))
    n, _ = F.role_contradictions(facts, rear, False)
    m, _ = F.role_contradictions(facts, rear, True)
    assert min(n, m) >= 1


def test_reader_missing_means_rules_only(monkeypatch, tmp_path):
    monkeypatch.setattr(M, "model_dir", lambda: tmp_path)
    M.get_reader.cache_clear()
    try:
        assert M.get_reader() is None
        from katalog.engine import assess

        a = assess("신호 없는 교차로에서 직진하던 A차량과 맞은편에서 좌회전하던 B차량이 충돌했습니다")
        assert a.answered and a.chart_id
    finally:
        M.get_reader.cache_clear()


def test_reader_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("KATALOG_READER", "0")
    M.get_reader.cache_clear()
    try:
        assert M.get_reader() is None
    finally:
        M.get_reader.cache_clear()


shipped = pytest.mark.skipif(not (M.model_dir() / "reader.json").is_file(), reason="reader not trained")


@shipped
def test_shipped_reader_loads_without_torch_or_sklearn():
    code = (
        "import sys; from katalog.reader import load_reader; r = load_reader(); "
        "assert 'torch' not in sys.modules and 'sklearn' not in sys.modules, sorted(sys.modules); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]


@shipped
def test_shipped_reader_files_are_small_and_have_provenance():
    size = sum(p.stat().st_size for p in M.model_dir().iterdir() if p.is_file())
    assert size <= 50_000_000
    r = M.load_reader()
    prov = r.meta["provenance"]
    assert prov["script"] == "tools/train_reader.py" and prov["data"]["blind"] == "never read" and prov["date"]


@shipped
def test_rank_gives_calibrated_probabilities_in_order():
    from katalog.reader.pipeline import rule_pool

    M.get_reader.cache_clear()
    r = M.get_reader()
    assert r is not None
    pool = rule_pool("신호등 있는 사거리에서 제가 초록불에 직진하는데 맞은편에서 비보호 좌회전하던 차가 부딪혔어요",
                     ["제 차", "상대 차"])
    assert pool is not None
    out = r.rank(pool.query, pool.facts, chart_signatures(), pool.retrieval, pool.cues, top=8)
    assert len(out) == 8
    assert len({x.chart_id for x in out}) == 8
    confs = [x.confidence for x in out]
    assert all(0.0 <= c <= 1.0 for c in confs)
    assert confs[0] == max(confs)
    assert sum(confs) <= 1.0 + 1e-6
    assert [x.score for x in out] == sorted((x.score for x in out), reverse=True)


def test_pool_brings_back_charts_the_road_user_gate_dropped():
    """A text-proposed chart joins the pool even when the rules' road-user gate dropped it (the
    extractor missed a pedestrian: "아저씨가 건너오다"), flagged as gated out."""
    from katalog.reader.pipeline import K_GATED, build_pool, rule_pool

    pool = rule_pool("신호 없는 교차로에서 직진하던 A차량과 맞은편에서 좌회전하던 B차량이 충돌했습니다")
    assert pool is not None
    built = build_pool(pool.scored, ["보1"])
    by_id = {s.ranked.chart_id: s for s in built}
    assert "보1" in by_id and not by_id["보1"].gated_in
    assert sum(s.gated_in for s in built) >= K_GATED


@shipped
def test_a_contradicting_top_chart_is_never_confident():
    r = M.load_reader()
    assert r.contradiction_cap < 0.8


@shipped
def test_engine_uses_the_reader_confidence():
    from katalog.engine import assess

    M.get_reader.cache_clear()
    a = assess("신호 없는 교차로에서 직진하던 A차량과 맞은편에서 좌회전하던 B차량이 충돌했습니다")
    assert a.answered
    assert a.candidates and a.confidence == pytest.approx(a.candidates[0].confidence, abs=1e-4)


def test_exported_trees_predict_like_lightgbm():
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 4))
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0).astype(int)
    m = lgb.LGBMRanker(n_estimators=10, num_leaves=7, min_child_samples=5, verbose=-1).fit(x, y, group=[30] * 10)
    t = M.Trees(M.export_trees(m.booster_))
    assert np.allclose(t.predict(x), m.predict(x))


def test_role_features_are_antisymmetric_in_the_party_order():
    from katalog.facts import extract_facts
    from katalog.reader.roles import role_features

    sigs = chart_signatures()
    sig = next(s for s in sigs.values() if s.chart_id.startswith("차15"))
    f1 = extract_facts("신호 없는 교차로에서 직진하던 A차량과 맞은편에서 좌회전하던 B차량이 충돌했습니다")
    f2 = f1.model_copy(update={"parties": list(reversed(f1.parties))})
    x1, x2 = role_features(f1, sig, False), role_features(f2, sig, True)
    assert np.allclose(x1[:-1], -x2[:-1])
