"""Engine parameters as data (data/engine/params.yaml): strict loading, provenance, code reads them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from katalog import params
from katalog.params import KEYS, Fitted, Hand, ParamsError
from katalog.paths import data_dir, repo_root

SHIPPED = repo_root() / "data" / "engine" / "params.yaml"


@pytest.fixture()
def params_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A data folder holding only engine/params.yaml; `write(raw)` puts a (modified) file there."""
    (tmp_path / "engine").mkdir()
    monkeypatch.setenv("KATALOG_DATA_DIR", str(tmp_path))
    params.clear_cache()

    def write(raw: dict | str) -> Path:
        f = tmp_path / "engine" / "params.yaml"
        f.write_text(raw if isinstance(raw, str) else yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        params.clear_cache()
        return f

    yield write
    params.clear_cache()


def _raw() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def test_shipped_file_defines_every_key_with_provenance() -> None:
    p = params.load()
    assert sorted(p.names()) == sorted(KEYS)
    for name in p.names():
        prov = p.entry(name).provenance
        assert isinstance(prov, Fitted | Hand), name
        if KEYS[name] == "stored":
            assert isinstance(prov, Fitted), f"{name}: a stored value was fitted by a script"
            assert p.stored(name) is not None  # the pointer resolves in the model file


def test_code_reads_the_file() -> None:
    """The modules' constants are the file's values (the snapshot diff proves the engine unchanged)."""
    from katalog import modifier_selection
    from katalog.matching import candidates as c
    from katalog.reader import features, model, pipeline
    from katalog.retrieval.fusion import FusionConfig

    g = params.get
    assert (c.W_TYPE, c.W_MOVE, c.TWO_WHEELER_CAR_FIT, c.SOFTMAX_T, c.W_RETRIEVAL, c.SPECIAL_MISSING) == (
        g("matching.w_type"), g("matching.w_move"), g("matching.two_wheeler_car_fit"), g("matching.softmax_t"),
        g("matching.w_retrieval"), g("matching.special_missing"))
    assert c.MOVE_NEAR[frozenset({"lane_change", "merging"})] == params.table("matching.move_near")["lane_change|merging"]
    assert len(c.PLACE_NEAR) == len(params.table("matching.place_near"))
    assert modifier_selection._SAME_ACT_GAP == g("modifiers.same_act_gap")
    assert (pipeline.K_GATED, pipeline.K_ALL, pipeline.K_TEXT, model.FLOOR, features.RULE_LOGP_T) == (
        g("reader.pool_gated"), g("reader.pool_all"), g("reader.pool_text"), g("reader.unseen_logprob"),
        g("reader.feature_rule_logp_t"))
    f = FusionConfig()
    assert (f.rrf_k, f.dense_weight, f.type_prior, f.book_prior) == (
        g("retrieval.rrf_k"), g("retrieval.dense_weight"), g("retrieval.type_prior"), params.table("retrieval.book_prior"))
    from katalog.stages import candidates, gates, mapping, questions, retrieval, what_if

    assert (gates.MIN_CONFIDENCE, gates.MIN_FIT, what_if.CLOSE_GAP, retrieval.RETRIEVAL_K, questions.QUESTION_POOL,
            candidates.TOP, mapping.W_SIGNAL, mapping.W_CONDITION_ABSENT) == (
        g("engine.min_confidence"), g("engine.min_fit"), g("engine.close_gap"), g("engine.retrieval_k"),
        g("engine.question_pool"), g("engine.rank_top"), g("engine.variant_signal"), g("engine.variant_condition_absent"))


def test_reader_model_agrees_with_the_hand_set_values() -> None:
    meta = json.loads((data_dir() / "models" / "reader" / "reader.json").read_text(encoding="utf-8"))
    assert meta["fusion"]["contradiction_cap"] == params.get("reader.contradiction_cap")
    assert meta["floor"] == params.get("reader.unseen_logprob")
    assert meta["pool"] == {"k_gated": params.get("reader.pool_gated"), "rank_cap": params.get("reader.rank_cap")}


def test_a_model_trained_with_other_feature_parameters_is_refused() -> None:
    from katalog.reader.model import trained_with_other_params

    assert trained_with_other_params({}) == []  # reader.json of before the record: nothing to compare
    same = {"provenance": {"params": {"values": {k: params.get(k) for k in params.READER_DEFINITION}}}}
    assert trained_with_other_params(same) == []
    same["provenance"]["params"]["values"]["reader.pool_text"] = 9
    assert trained_with_other_params(same) == ["reader.pool_text"]


def _edit(raw: dict, dotted: str, **fields) -> dict:
    section, key = dotted.split(".")
    raw[section][key].update(fields)
    return raw


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda r: r["matching"].update(w_typo={"value": 1.0, "provenance": {"set_by": "hand", "why": "x"}}),
         "matching.w_typo"),
        (lambda r: r["matching"].pop("w_move"), "matching.w_move"),
        (lambda r: r.update(extras={}), "extras"),
        (lambda r: _edit(r, "matching.w_type", value="3"), "matching.w_type"),
        (lambda r: _edit(r, "matching.move_near", value=0.5), "matching.move_near"),
        (lambda r: _edit(r, "reader.pool_gated", value=20.5), "reader.pool_gated"),
        (lambda r: _edit(r, "matching.w_type", provenance={"set_by": "hand"}), "matching.w_type"),
        (lambda r: _edit(r, "matching.softmax_t", provenance={"fitted_by": "benchmarks/calibration.py"}),
         "matching.softmax_t"),
        (lambda r: _edit(r, "matching.w_type", stored_in="models/x.json#y"), "matching.w_type"),
        (lambda r: _edit(r, "matching.w_type", colour="red"), "matching.w_type"),
    ],
)
def test_a_bad_file_fails_naming_file_and_key(params_home, change, named: str) -> None:
    raw = _raw()
    change(raw)
    params_home(raw)
    with pytest.raises(ParamsError) as err:
        params.load()
    assert "params.yaml" in str(err.value)
    assert named in str(err.value)


def test_missing_file_duplicate_key_and_bad_yaml_fail_clearly(params_home) -> None:
    with pytest.raises(ParamsError, match="params.yaml"):
        params.load()
    text = SHIPPED.read_text(encoding="utf-8")
    params_home(text.replace("  w_move:\n", "  w_type:\n", 1))
    with pytest.raises(ParamsError, match="duplicate key 'w_type'"):
        params.load()
    params_home("matching: [")
    with pytest.raises(ParamsError, match="YAML"):
        params.load()
    params_home(text)
    with pytest.raises(ParamsError, match="'matching.nope'"):
        params.get("matching.nope")
    with pytest.raises(ParamsError, match="not a number"):
        params.get("matching.move_near")


def _data_dir_with(tmp_path: Path, text: str) -> Path:
    """A data folder like the shipped one (links) whose engine/params.yaml is `text`."""
    d = tmp_path / "data"
    d.mkdir()
    for child in (repo_root() / "data").iterdir():
        if child.name != "engine":
            (d / child.name).symlink_to(child, target_is_directory=child.is_dir())
    (d / "engine").mkdir()
    for child in (repo_root() / "data" / "engine").iterdir():
        if child.name != "params.yaml":
            (d / "engine" / child.name).symlink_to(child)
    (d / "engine" / "params.yaml").write_text(text, encoding="utf-8")
    return d


_PROBE = """
import json
from katalog.engine import assess
a = assess("신호 있는 교차로에서 당사 차량은 녹색신호에 직진하고 상대 차량은 적색신호에 직진하다 충돌", ["당사 차량", "상대 차량"])
print(json.dumps({"status": a.status, "chart": a.chart_id, "confidence": a.confidence}))
"""


def _probe(data: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KATALOG_LLM_")}
    env.update(KATALOG_READER="0", PYTHONPATH=str(repo_root()))
    env.pop("KATALOG_DATA_DIR", None)
    if data is not None:
        env["KATALOG_DATA_DIR"] = str(data)
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=300,
                         check=True, cwd=repo_root())
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # two engine processes (~17 s)
def test_a_changed_parameter_changes_the_engine_in_the_expected_direction(tmp_path: Path) -> None:
    """A hotter rules softmax (matching.softmax_t × 2) keeps the chart and lowers its confidence."""
    text = SHIPPED.read_text(encoding="utf-8")
    hot = text.replace("  softmax_t:\n    value: 0.45\n", "  softmax_t:\n    value: 0.9\n")
    assert hot != text
    before = _probe(None)
    after = _probe(_data_dir_with(tmp_path, hot))
    assert before["status"] == after["status"] == "ok"
    assert after["chart"] == before["chart"]
    assert after["confidence"] < before["confidence"] - 0.05, (before, after)
