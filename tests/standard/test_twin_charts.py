"""Twins: the same chart published in two books (2020 비정형 book absorbed into the 2023 book).

The importer derives the relation from the data (roles, base ratios, modifiers); the loader checks it;
the engine answers only the current book's chart; evaluation counts a twin as the same chart both ways.
"""

from __future__ import annotations

import pytest

from katalog.errors import DataError
from katalog.evaluation import chart_aliases, chart_matches
from katalog.standard.loader import load_standard
from katalog.ui.format import twin_line


@pytest.fixture(scope="module")
def derived(std, importer):
    """(pairings, near-misses) derived afresh from the committed charts, the relation itself cleared."""
    mod = importer

    def cleared(book):
        return [c.model_copy(update={"same_as": [], "superseded_by": None}) for c in std if c.book == book]

    pairs, near = mod.pair_twins(cleared("NONTYPICAL2020"), cleared("MAIN2023"))
    return {(r.old, r.new) for r in pairs}, near


def test_relation_is_derived_from_the_values(derived):
    pairs, _ = derived
    assert ("비정형-4", "차3-8") in pairs  # 적색점멸 직진 대 황색점멸 좌회전, 60:40
    assert ("비정형-2", "차1-5") in pairs
    assert ("비정형-22", "차45-2") in pairs
    # value-identical to both 차4-2 and 차18-2: the situation wording decides, one twin each
    assert ("비정형-7", "차4-2") in pairs and ("비정형-8", "차18-2") in pairs
    assert ("비정형-7", "차18-2") not in pairs and ("비정형-8", "차4-2") not in pairs
    # ratios differ
    for old, new in (("비정형-11", "차43-4"), ("비정형-15", "차43-3"), ("비정형-21", "차14-1")):
        assert (old, new) not in pairs
    # the 2020 book's extra 대형차 modifier / a different delta make a near-miss, not a twin
    assert ("비정형-1", "차5-2") not in pairs and ("비정형-3", "차3-7") not in pairs
    olds = [o for o, _ in pairs]
    news = [n for _, n in pairs]
    assert len(set(olds)) == len(olds) and len(set(news)) == len(news)  # one twin per chart


def test_near_misses_name_the_differing_field(derived):
    _, near = derived
    rows = {(r.old, r.new): r.differs for r in near}
    assert any(d.startswith("modifiers") and "대형차" in d for d in rows[("비정형-1", "차5-2")])
    assert any(d.startswith("modifiers") for d in rows[("비정형-3", "차3-7")])
    assert rows[("비정형-7", "차18-2")] == ("situation",)


def test_committed_relation_equals_the_derived_one(std, derived):
    pairs, _ = derived
    committed = {(c.id, t) for c in std if c.book == "NONTYPICAL2020" for t in c.same_as}
    assert committed == pairs


def test_relation_is_symmetric_and_the_older_book_is_superseded(std):
    twins = [c for c in std if c.same_as]
    assert twins
    for c in twins:
        for t in c.same_as:
            assert c.id in std.get(t).same_as
        if c.book == "NONTYPICAL2020":
            assert c.superseded_by == c.same_as[0] and std.get(c.superseded_by).book == "MAIN2023"
        else:
            assert c.superseded_by is None
    assert std.current("비정형-4") == "차3-8" and std.current("차3-8") == "차3-8"
    assert std.current("비정형-11") == "차11-3"
    assert std.current("비정형-15") == "비정형-15"  # no twin: still its own chart


def test_loader_rejects_a_one_sided_or_unknown_twin(tiny, book_io):
    rows = book_io.read(tiny)
    rows[0]["same_as"] = ["회전-1"]  # the ROUND2025 chart does not name it back
    book_io.write(tiny, rows)
    with pytest.raises(DataError, match="not symmetric"):
        load_standard(tiny)
    rows[0]["same_as"] = ["차99-9"]
    book_io.write(tiny, rows)
    with pytest.raises(DataError, match="unknown id"):
        load_standard(tiny)
    rows[0]["same_as"] = [rows[1]["id"]]
    rows[1]["same_as"] = [rows[0]["id"]]
    book_io.write(tiny, rows)
    with pytest.raises(DataError, match="same book"):
        load_standard(tiny)


def test_loader_rejects_superseded_by_outside_same_as(tiny, book_io):
    rows = book_io.read(tiny)
    rows[0]["superseded_by"] = "회전-1"
    book_io.write(tiny, rows)
    with pytest.raises(DataError, match="superseded_by"):
        load_standard(tiny)


def test_superseded_twin_is_never_ranked(std):
    from katalog.matching.signatures import chart_signatures

    sigs = chart_signatures()
    superseded = [c.id for c in std if c.superseded_by]
    assert superseded
    assert all(not sigs[cid].rankable for cid in superseded)
    assert all(sigs[std.current(cid)].rankable for cid in superseded)
    assert sigs["비정형-15"].rankable  # a 2020 chart without a twin is still proposed


def test_evaluation_counts_a_twin_both_ways_and_maps_to_one_way(std):
    assert chart_matches("차3-8", ["비정형-4"], std) and chart_matches("비정형-4", ["차3-8"], std)
    assert not chart_matches("차3-8", ["비정형-4"], std, twins=False)  # the strict count
    assert not chart_matches("차43-4", ["비정형-11"], std)
    legacy = next(c for c in std if c.maps_to)
    assert chart_matches(legacy.id, legacy.maps_to[:1], std)
    assert not chart_matches(legacy.maps_to[0], [legacy.id], std)  # legacy ratios differ: one way only
    assert "비정형-4" in chart_aliases(std, "차3-8") and "비정형-4" not in chart_aliases(std, "차3-8", twins=False)


def test_chart_card_line_names_the_twin_and_its_book(std):
    assert twin_line(std.get("차3-8"), std) == "같은 도표: 비정형-4 (2020 비정형사고 기준)"
    assert twin_line(std.get("비정형-4"), std) == "같은 도표: 차3-8 (2023 인정기준)"
    assert twin_line(std.get("차1-1"), std) == ""


def test_current_chart_scores_at_least_as_its_superseded_twin(std):
    from katalog.facts import extract_facts
    from katalog.matching.candidates import ScoreContext, _rule_score, rule_score
    from katalog.matching.signatures import chart_signatures

    sigs = chart_signatures()
    assert sigs["차11-3"].twins == ["비정형-11"] and sigs["비정형-11"].twins == []
    facts = extract_facts("좌회전 차로에서 직진하던 제 차와 직진 차로에서 좌회전하던 상대 차가 부딪혔어요", ["제 차", "상대 차"])
    ctx = ScoreContext.of(facts, sigs, {})
    merged = rule_score("차11-3", sigs["차11-3"], facts, ctx)
    own = _rule_score("차11-3", sigs["차11-3"], facts, ctx)
    twin = _rule_score("비정형-11", sigs["비정형-11"], facts, ctx)
    assert merged.chart_id == "차11-3"
    assert merged.score == pytest.approx(max(own.score, twin.score))
