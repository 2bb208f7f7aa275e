"""One description's facts are fitted to each chart once: the rankings of one assessment share the fits."""

from __future__ import annotations

import dataclasses

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import FITS, Fit, FitCache, rank_candidates, structured_fit
from katalog.matching.signatures import chart_signatures, special_cues
from katalog.reader.pipeline import score_all

NAMES = ["내 차", "상대 차"]
TEXT = "신호 없는 삼거리에서 내 차가 직진하는데 왼쪽 골목에서 상대 차가 갑자기 우회전해 나와 부딪혔어요"


@pytest.fixture()
def fresh():
    FITS.clear()
    yield
    FITS.clear()


def test_second_ranking_of_the_same_facts_reuses_every_fit(fresh):
    sigs = chart_signatures()
    facts = extract_facts(TEXT, NAMES)
    cues = special_cues(TEXT)
    first = rank_candidates(facts, sigs, {"차9-1": 3.0}, top=10, cues=cues)
    # the question stage ranks the same facts again without retrieval: the fit does not read it
    again = rank_candidates(facts, sigs, {}, top=10, cues=cues)
    by_id = {r.chart_id: r.fit for r in first}
    assert any(r.chart_id in by_id for r in again)
    for r in again:
        if r.chart_id in by_id:
            assert r.fit is by_id[r.chart_id]
    # … and every shared fit is the fit computed afresh
    for r in first:
        assert r.fit == structured_fit(facts, sigs[r.chart_id], cues)


def test_the_readers_scores_equal_the_uncached_ones(fresh):
    sigs = chart_signatures()
    facts = extract_facts(TEXT, NAMES)
    cues = special_cues(TEXT)
    cached = score_all(facts, sigs, {}, cues)
    FITS.clear()
    FitCache.SIZE, size = 0, FitCache.SIZE  # nothing kept: every fit computed afresh
    try:
        plain = score_all(facts, sigs, {}, cues)
    finally:
        FitCache.SIZE = size
    assert [(s.ranked.chart_id, s.ranked.score, s.ranked.fit) for s in cached] == [
        (s.ranked.chart_id, s.ranked.score, s.ranked.fit) for s in plain
    ]


def test_other_facts_cues_or_signature_are_fitted_anew(fresh):
    sigs = chart_signatures()
    facts = extract_facts(TEXT, NAMES)
    cid = "차9-1"
    base = rank_candidates(facts, sigs, {}, top=1, allowed={cid}, cues=set())[0].fit
    # an answered question changes one fact: its own fit
    turned = facts.model_copy(deep=True)
    turned.parties[0].movement = "left_turn"
    assert rank_candidates(turned, sigs, {}, top=1, allowed={cid}, cues=set())[0].fit is not base
    # other cues: other fits
    assert rank_candidates(facts, sigs, {}, top=1, allowed={cid}, cues={"정체"})[0].fit is not base
    # a rebuilt signature of the same chart is not served the old one's fit
    rebuilt = {cid: sigs[cid].model_copy()}
    assert rank_candidates(facts, rebuilt, {}, top=1, cues=set())[0].fit is not base
    # (the table keeps one signature per chart: the original is fitted again, to the same fit)
    assert rank_candidates(facts, sigs, {}, top=1, allowed={cid}, cues=set())[0].fit == base


def test_a_shared_fit_cannot_be_changed():
    fit = Fit(score=0.5, swapped=False, reasons=["장소 일치"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        fit.score = 1.0  # type: ignore[misc]
