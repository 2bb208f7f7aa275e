"""The reader's stated confidence (`katalog.reader.calibration`): maps chosen by contradiction and by whether
the rules agree, the high-confidence guard on the stated or (older models) raw probability, and the fit of
that guard. Numbers are made up; the shipped maps are fitted by tools/train_reader.py."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from katalog.reader import calibration as C
from katalog.reader import model as M

PLAIN = (np.array([0.0, 0.5, 1.0]), np.array([0.1, 0.6, 0.98]))
DISAGREE = (np.array([0.0, 1.0]), np.array([0.05, 0.7]))
CONTRA = (np.array([0.0, 1.0]), np.array([0.2, 0.95]))


def test_plain_top_uses_the_plain_map():
    assert C.stated_confidence(0.5, False, PLAIN, CONTRA, 0.79) == pytest.approx(0.6)
    assert C.stated_confidence(1.0, False, PLAIN, CONTRA, 0.79, disagreed=False, disagree=DISAGREE) == pytest.approx(0.98)


def test_a_top_the_rules_disagree_with_has_its_own_map():
    assert C.stated_confidence(1.0, False, PLAIN, CONTRA, 0.79, disagreed=True, disagree=DISAGREE) == pytest.approx(0.7)
    # a model without that map (trained before it) states such a top on the plain map
    assert C.stated_confidence(1.0, False, PLAIN, CONTRA, 0.79, disagreed=True, disagree=None) == pytest.approx(0.98)


def test_contradicted_roles_are_capped_whatever_the_agreement():
    for disagreed in (False, True):
        assert C.stated_confidence(1.0, True, PLAIN, CONTRA, 0.79, disagreed, DISAGREE) == pytest.approx(0.79)
    assert C.stated_confidence(0.0, True, PLAIN, None, 0.79) == pytest.approx(0.1)  # no contra map: the plain one


def test_guard_caps_a_raw_top_below_it():
    assert C.guarded(0.9, 0.85, 0.9, 0.79) == pytest.approx(0.79)
    assert C.guarded(0.9, 0.95, 0.9, 0.79) == pytest.approx(0.9)
    assert C.guarded(0.6, 0.10, 0.9, 0.79) == pytest.approx(0.6)  # already below the cap


def test_fit_guard_is_the_lowest_score_with_the_target_accuracy_above_it():
    pairs = [(0.99, True)] * 30 + [(0.9, True)] * 9 + [(0.9, False)] + [(0.8, False)] * 5 + [(0.7, True)] * 5
    # from the top: 30/30, 39/40 = 0.975 at 0.9, 39/45 = 0.867 at 0.8 (all five, not the first alone), 44/50 = 0.88
    assert C.fit_guard(pairs, 0.95) == pytest.approx(0.9)
    assert C.fit_guard(pairs, 0.85) == pytest.approx(0.7)
    assert C.fit_guard(pairs[:10], 0.95) == pytest.approx(1.01)  # fewer than 20 rows: nothing passes
    assert C.fit_guard([(0.9, False)] * 30, 0.5) == pytest.approx(1.01)


def test_rules_agree_reads_the_rule_score_of_gated_charts():
    # columns: rule_score, gated_out
    x = np.array([[3.0, 0.0], [5.0, 1.0], [2.0, 0.0]])
    assert C.rules_agree(x, 0, 1, 0)  # the gated-out chart's higher score does not count
    assert not C.rules_agree(x, 0, 1, 2)


def _model_dir(tmp_path, calibration_extra: dict):
    """A copy of the shipped model whose calibration is replaced (the format before or after the agreement maps)."""
    src = M.model_dir()
    if not (src / "reader.json").is_file():
        pytest.skip("no shipped reader model")
    meta = json.loads((src / "reader.json").read_text(encoding="utf-8"))
    meta["fusion"].update(high_guard=0.9, calibration={"x": [0.0, 1.0], "y": [0.0, 1.0], **calibration_extra})
    (tmp_path / "reader.json").write_text(json.dumps(meta), encoding="utf-8")
    (tmp_path / "text_model.npz").symlink_to(src / "text_model.npz")
    return tmp_path


def test_loads_a_model_before_the_agreement_maps(tmp_path):
    r = M.load_reader(_model_dir(tmp_path, {}))
    assert r.calib_disagree is None and r.high_guard_disagree is None
    assert r.calibrate(0.85) == pytest.approx(M.BELOW_GUARD_CAP)  # raw 0.85 < 0.9
    assert r.calibrate(0.95) == pytest.approx(0.95)
    assert r.calibrate(0.95, disagreed=True) == pytest.approx(0.95)  # one map, one guard for all tops


def test_loads_a_model_with_the_agreement_maps(tmp_path):
    r = M.load_reader(_model_dir(tmp_path, {"disagree": {"x": [0.0, 1.0], "y": [0.0, 1.0], "guard": 0.97}}))
    assert r.high_guard_disagree == pytest.approx(0.97)
    assert r.calibrate(0.95) == pytest.approx(0.95)
    assert r.calibrate(0.95, disagreed=True) == pytest.approx(M.BELOW_GUARD_CAP)  # below its own guard
    assert r.calibrate(0.98, disagreed=True) == pytest.approx(0.98)
    assert r.calibrate(0.95, contradicted=True, disagreed=True) <= r.contradiction_cap


def test_a_guard_with_a_margin_asks_the_lower_bound_to_reach_the_target():
    """Fitted to the rate, a guard admits rows right exactly 0.95 of the time; with z > 0 it asks their
    one-sided Wilson lower bound to reach it, so it sits higher and admits fewer rows."""
    from katalog.reader.calibration import fit_guard, wilson_lower

    assert wilson_lower(95, 100, 0.0) == 0.95
    assert 0.90 < wilson_lower(95, 100, 1.645) < 0.95
    assert wilson_lower(950, 1000, 1.645) > wilson_lower(95, 100, 1.645)
    # 200 rows right, then 400 rows right 80 % of the time, from the top down
    pairs = [(0.99 - i * 1e-4, True) for i in range(200)] + [(0.9 - i * 1e-4, i % 5 != 0) for i in range(400)]
    plain, margin = fit_guard(pairs, 0.95), fit_guard(pairs, 0.95, z=1.645)
    assert margin > plain
    above = [ok for p, ok in pairs if p >= margin]
    assert wilson_lower(sum(above), len(above), 1.645) >= 0.95


def test_agree_score_is_the_raw_probability_without_weights():
    assert C.agree_score(0.83, 0.1, 0.6, None) == pytest.approx(0.83)


def test_agree_score_is_a_logistic_score_of_both_probabilities_and_richness():
    w = [-2.0, 1.0, 0.5, 4.0]  # bias, logit p_top, logit p_second, richness
    expected = -2.0 + math.log(0.9 / 0.1) + 0.5 * math.log(0.05 / 0.95) + 4.0 * 0.8
    assert C.agree_score(0.9, 0.05, 0.8, w) == pytest.approx(expected)
    # a richer description scores higher at the same probabilities
    assert C.agree_score(0.9, 0.05, 0.9, w) > C.agree_score(0.9, 0.05, 0.3, w)
    assert math.isfinite(C.agree_score(1.0, 0.0, 0.5, w))  # probabilities of 0 and 1 are clipped
    with pytest.raises(ValueError):
        C.agree_score(0.9, 0.05, 0.8, w[:3])


def test_the_plain_map_reads_the_score_the_other_maps_the_probability():
    score_map = (np.array([-2.0, 0.0, 2.0]), np.array([0.5, 0.8, 0.97]))
    assert C.stated_confidence(0.5, False, score_map, CONTRA, 0.79, score=2.0) == pytest.approx(0.97)
    assert C.stated_confidence(0.5, False, score_map, CONTRA, 0.79, score=-1.0) == pytest.approx(0.65)
    # disagreeing and contradicted tops keep their own maps of the probability
    assert C.stated_confidence(1.0, False, score_map, CONTRA, 0.79, True, DISAGREE, score=2.0) == pytest.approx(0.7)
    assert C.stated_confidence(0.0, True, score_map, CONTRA, 0.79, score=2.0) == pytest.approx(0.2)


def test_loads_a_model_with_the_agreeing_tops_score(tmp_path):
    w = [0.0, 1.0, 0.0, 0.0]  # the score is the top probability's logit
    r = M.load_reader(_model_dir(tmp_path, {"x": [-1.0, 1.0], "y": [0.7, 1.0],
                                            "score": {"features": list(C.SCORE_FEATURES), "weights": w}}))
    assert r.score_weights == pytest.approx(w)
    # high_guard (0.9) now reads the score: logit 0.75 = 1.10 passes, logit 0.7 = 0.85 does not
    assert r.calibrate(0.75, p_second=0.2, richness=0.5) == pytest.approx(1.0)
    assert r.calibrate(0.7, p_second=0.2, richness=0.5) == pytest.approx(M.BELOW_GUARD_CAP)


def test_refuses_a_score_of_other_features(tmp_path):
    d = _model_dir(tmp_path, {"score": {"features": ["logit_p_top"], "weights": [0.0, 1.0]}})
    with pytest.raises(ValueError):
        M.load_reader(d)
