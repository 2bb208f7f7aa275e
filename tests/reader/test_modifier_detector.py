"""The learned modifier detector: loads with numpy only, falls back to the rules' modifiers without its
files, changes the rules' choice only past its thresholds, and shows where an added modifier comes from."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from katalog.facts.extract import party_texts
from katalog.models import Evidence
from katalog.modifier_selection import Selection
from katalog.reader import model as M
from katalog.reader import modifiers as D
from katalog.standard.loader import load_standard


@pytest.fixture()
def fresh_detector():
    D.get_detector.cache_clear()
    yield
    D.get_detector.cache_clear()


def test_party_texts_give_each_party_its_own_clauses():
    a, b = party_texts(
        "제가 초록불에 직진하는데, 택시가 빨간불에 좌회전하면서 제 차를 들이받았어요.", ["저", "택시"]
    )
    assert "직진" in a and "좌회전" not in a
    assert "좌회전" in b and "직진하는데" not in b


def test_concept_reads_the_other_partys_conduct():
    assert D.concept("차의현저한과실") == ("현저한과실", True)
    assert D.concept("현저한과실") == ("현저한과실", False)
    assert D.party_index("A", swapped=False) == 0 and D.party_index("A", swapped=True) == 1


def test_grave_fault_replaces_notable_fault_of_the_same_party():
    assert D.grade_conflicts(["A-현저한과실", "A-중대한과실", "B-현저한과실"]) == [
        "A-중대한과실",
        "B-현저한과실",
    ]


def test_shipped_detector_loads(fresh_detector, monkeypatch):
    monkeypatch.setenv("KATALOG_READER", "1")
    det = D.load_detector(M.model_dir())
    assert isinstance(det.meta["use"], bool)  # decided by its out-of-fold gain over the rules
    assert (D.get_detector() is not None) == det.meta["use"]
    assert det.coef_whole.shape == (len(det.concepts), len(det.vocab))
    assert 0.0 <= det.drop_spanned_below <= det.drop_below <= 1.0 and 0.0 < det.add_above <= 1.01
    assert len(det.weights) == len(D.FEATURES)


def test_missing_detector_means_rules_only(fresh_detector, monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("KATALOG_READER", "1")
    monkeypatch.setattr(M, "model_dir", lambda: tmp_path)
    with caplog.at_level(logging.WARNING):
        assert D.get_detector() is None
    assert any("modifier detector not found" in r.message for r in caplog.records)
    from katalog.stages.modifiers import modifier_detector

    assert modifier_detector("text", "text", None, None) is None  # type: ignore[arg-type]


def test_a_detector_without_gain_out_of_fold_is_not_used(fresh_detector, monkeypatch, tmp_path):
    import json
    import shutil

    for f in D.model_files(M.model_dir()):
        shutil.copy(f, tmp_path / f.name)
    meta_path = D.model_files(tmp_path)[0]
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    monkeypatch.setenv("KATALOG_READER", "1")
    monkeypatch.setattr(M, "model_dir", lambda: tmp_path)
    for use in (True, False):
        meta_path.write_text(json.dumps({**meta, "use": use}, ensure_ascii=False), encoding="utf-8")
        D.get_detector.cache_clear()
        assert (D.get_detector() is not None) is use


def test_switch_off_means_rules_only(fresh_detector, monkeypatch):
    monkeypatch.setenv("KATALOG_READER", "0")
    assert D.get_detector() is None


def _toy_detector(p_of: dict[str, float]) -> D.ModifierDetector:
    """A detector whose fused probability per modifier id is given (for the decision logic)."""
    det = D.ModifierDetector(
        vocab={},
        idf=np.zeros(0, dtype=np.float32),
        norm="l2",
        concepts=[],
        coef_whole=np.zeros((0, 0)),
        b_whole=np.zeros(0),
        coef_party=np.zeros((0, 0)),
        b_party=np.zeros(0),
        priors=D.Priors({}, {}, {}, {}),
        weights=np.zeros(len(D.FEATURES)),
        intercept=0.0,
        mean=np.zeros(len(D.FEATURES)),
        scale=np.ones(len(D.FEATURES)),
        add_above=0.9,
        drop_below=0.3,
        drop_spanned_below=0.0,
        meta={},
    )
    det.probabilities = lambda chart_id, candidates, applied, swapped, ts: {
        m: p_of.get(m, 0.0) for m in candidates
    }
    return det


def test_decisions_follow_the_thresholds_and_keep_the_rules_spans():
    det = _toy_detector({})
    cands = ["A-x", "A-y", "B-z", "B-w"]
    applied = {"A-x": True, "A-y": False}  # x with a text span, y without (e.g. an answer)
    p = {"A-x": 0.01, "A-y": 0.1, "B-z": 0.95, "B-w": 0.6}
    assert det.decide(cands, applied, p) == [
        "A-x",
        "B-z",
    ]  # y dropped (< 0.3), z added (≥ 0.9), w not (< 0.9)


def test_an_added_modifier_is_shown_as_read_by_the_model():
    from katalog.calculator import compute
    from katalog.models import PartyMapping
    from katalog.stages.modifiers import applied_modifiers

    chart = load_standard().charts["거9-5"]
    variant = chart.variant(None).key
    target = next(m for m in chart.modifiers_for(variant) if m.party == "B" and m.key == "현저한과실")
    det = _toy_detector({target.id: 0.99})
    sel = Selection(applied=[], possible=list(chart.modifiers_for(variant)))
    text = "자전거로 큰길을 가는데 골목에서 나온 오토바이 운전자가 전화하면서 좌회전했어요."
    from katalog.facts import extract_facts

    facts = extract_facts(text, ["저", "오토바이"])
    out = det.adjust(chart, variant, sel, False, text, text, ["저", "오토바이"], facts)
    assert [m.id for m, _ in out.applied] == [target.id]
    assert target.id not in {m.id for m in out.possible}
    calc = compute(chart, variant, [target.id])
    shown = applied_modifiers(calc, tuple(out.applied), PartyMapping(A="저", B="오토바이", reason=""), {})
    assert shown[0].source == "reader" and shown[0].party_name == "오토바이"
    assert shown[0].evidence.startswith(D.READ_BY_MODEL)


def test_rules_evidence_is_not_taken_for_the_models():
    from katalog.calculator import compute
    from katalog.models import PartyMapping
    from katalog.stages.modifiers import applied_modifiers

    chart = load_standard().charts["거9-5"]
    variant = chart.variant(None).key
    m = next(m for m in chart.modifiers_for(variant) if m.party == "B" and m.key == "현저한과실")
    ev = Evidence(factor="휴대폰", span="휴대폰을 보면서", start=3, end=11, party=1)
    shown = applied_modifiers(
        compute(chart, variant, [m.id]), ((m, ev),), PartyMapping(A="a", B="b", reason=""), {}
    )
    assert shown[0].source == "rules" and shown[0].evidence == "휴대폰을 보면서"


@pytest.mark.parametrize("reader", ["0", "1"])
def test_a_stated_phone_call_is_that_partys_notable_fault_and_an_unstated_one_is_absent(
    reader, monkeypatch, fresh_detector
):
    from katalog.engine import assess

    monkeypatch.setenv("KATALOG_READER", reader)
    M.get_reader.cache_clear()
    try:
        stated = assess(
            "신호 없는 교차로에서 직진하던 제 차를 왼쪽 도로에서 우회전하던 트럭이 들이받았는데, 트럭은 "
            "휴대폰 통화 중이었습니다.",
            ["제 차", "트럭"],
        )
        plain = assess(
            "신호 없는 교차로에서 직진하던 제 차를 왼쪽 도로에서 우회전하던 트럭이 들이받았습니다.",
            ["제 차", "트럭"],
        )
    finally:
        M.get_reader.cache_clear()
    assert stated.answered and plain.answered
    notable = [m for m in stated.applied if "현저한과실" in m.modifier_id]
    assert notable and all(m.party_name == "트럭" for m in notable)
    assert not [m for m in plain.applied if "현저한과실" in m.modifier_id or "중대한과실" in m.modifier_id]
