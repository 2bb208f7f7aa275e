"""Near-same charts: the same situation in two books, base ratio or modifiers differ (`Chart.near_same_as`).

The importer derives the pairs from the charts' roles (signatures) and values; the loader checks the
relation; twins (`same_as`) stay what they were.
"""

from __future__ import annotations

import json

import pytest

from katalog.errors import DataError
from katalog.evaluation import chart_matches, near_hit
from katalog.standard.loader import load_standard
from katalog.standard.schema import NearSame, Ratio


@pytest.fixture(scope="module")
def derived(std, importer):
    """Every proposed pair, derived afresh from the committed charts and signatures, the relation cleared."""
    from katalog.matching.signatures import chart_signatures

    sigs = chart_signatures()

    def book(b):
        return [c.model_copy(update={"near_same_as": []}) for c in std if c.book == b]

    rows = []
    for old, new, rule in importer.NEAR_BOOKS:
        rows += importer.pair_near_same(book(old), book(new), sigs, rule)
    return rows


def _accepted(rows):
    return {(r.a, r.b): r for r in rows if not r.why}


def test_the_situations_of_two_books_are_paired(derived):
    ok = _accepted(derived)
    for pair in (("비정형-1", "차5-2"), ("비정형-3", "차3-7"), ("비정형-6", "차18-1"), ("비정형-9", "차20-2"),
                 ("비정형-17", "차31-4"), ("회전-15", "차54-3"), ("302", "차1-1"), ("511", "차43-6")):
        if pair == ("511", "차43-6"):
            assert pair not in ok  # identical values: the same chart, not near-same
            continue
        assert pair in ok, pair
    assert ok[("비정형-1", "차5-2")].rule == "situation" and ok[("302", "차1-1")].rule == "maps_to"
    # roles read the other way round: the straight rider is A in 2020 and B in 2023; the portal's two-wheeler
    # chart. 비정형-17's labels follow its modifiers (the importer's repair), so it reads 차31-4 A to A.
    assert ok[("비정형-21", "차14-1")].swapped and ok[("302", "차1-1")].swapped
    assert not ok[("비정형-17", "차31-4")].swapped
    assert not ok[("비정형-1", "차5-2")].swapped


def test_what_differs_is_recorded(derived):
    ok = _accepted(derived)
    assert any("대형차" in d for d in ok[("비정형-1", "차5-2")].differs)
    assert any(d.startswith("modifiers") for d in ok[("비정형-3", "차3-7")].differs)
    assert any(d.startswith("base") for d in ok[("비정형-15", "차43-3")].differs)


def test_contradicting_roles_and_twins_are_never_paired(std, derived):
    ok = _accepted(derived)
    rejected = {(r.a, r.b): r.why for r in derived if r.why}
    assert rejected[("509", "보35")].startswith("roles contradict")  # pedestrian against a car's role
    assert ("365", "차19-1") not in ok  # the turner behind, not ahead
    twins = {(c.id, t) for c in std for t in c.same_as}
    assert not twins & set(ok) and not {(b, a) for a, b in twins} & set(ok)


def test_committed_relation_equals_the_derived_one(std, derived):
    ok = _accepted(derived)
    committed = {(c.id, n.id) for c in std for n in c.near_same_as}
    assert committed == set(ok) | {(b, a) for a, b in ok}
    for c in std:
        for n in c.near_same_as:
            assert n.id not in c.same_as


def test_the_record_reads_the_other_chart_in_this_charts_roles(std):
    here = next(n for n in std.get("비정형-21").near_same_as if n.id == "차14-1")
    other = std.get("차14-1")
    assert here.swapped
    assert here.base == {v.key: Ratio(A=v.base.B, B=v.base.A) for v in other.variants}
    back = next(n for n in other.near_same_as if n.id == "비정형-21")
    assert back.swapped and back.base == {v.key: Ratio(A=v.base.B, B=v.base.A) for v in std.get("비정형-21").variants}
    one = next(n for n in std.get("차5-2").near_same_as if n.id == "비정형-1")
    assert one.modifiers_only_there == ["A 대형차 +5"] and one.modifiers_only_here == []
    assert one.base == {v.key: v.base for v in std.get("비정형-1").variants}


def test_same_as_is_unchanged(std):
    assert std.current("비정형-4") == "차3-8" and std.current("비정형-1") == "비정형-1"
    assert not chart_matches("차5-2", ["비정형-1"], std)  # near-same is not the same chart
    assert near_hit("차5-2", ["비정형-1"], std) and near_hit("비정형-1", ["차5-2"], std)
    assert near_hit("차3-8", ["비정형-4"], std)  # a twin is a hit, so a near hit too
    assert not near_hit("차1-1", ["보1"], std)


def test_importer_reports_the_pairs(importer, std):
    lines = importer.near_section([importer.NearRow("비정형-1", "차5-2", "situation", False, 0.467,
                                                    ("modifiers only 비정형-1: A 대형차 +5; only 차5-2: -",)),
                                   importer.NearRow("509", "보35", "maps_to", False, 0.6, (), "roles contradict: x")])
    text = "\n".join(lines)
    assert "| 비정형-1 | 차5-2 | situation |" in text and "| 509 | 보35 | maps_to | 0.6 | roles contradict: x |" in text


def test_schema_field_defaults_and_rejects_unknown_rules():
    assert NearSame(id="차1-1", rule="maps_to", base={"기본": Ratio(A=0, B=100)}).swapped is False
    with pytest.raises(ValueError):
        NearSame(id="차1-1", rule="guess", base={})


def _pair(tiny, book_io, *, swapped=False, base=None, back=True):
    rows = book_io.read(tiny)
    rnd = json.loads((tiny / "charts" / "ROUND2025.json").read_text(encoding="utf-8"))
    a, r = rows[0], rnd[0]
    flip = (lambda b: {"A": b["B"], "B": b["A"]}) if swapped else (lambda b: b)
    a["near_same_as"] = [{"id": r["id"], "rule": "situation", "swapped": swapped,
                          "base": base or {v["key"]: flip(v["base"]) for v in r["variants"]}}]
    if back:
        r["near_same_as"] = [{"id": a["id"], "rule": "situation", "swapped": swapped,
                              "base": {v["key"]: flip(v["base"]) for v in a["variants"]}}]
    book_io.write(tiny, rows)
    (tiny / "charts" / "ROUND2025.json").write_text(json.dumps(rnd, ensure_ascii=False), encoding="utf-8")


def test_loader_accepts_a_symmetric_pair(tiny, book_io):
    _pair(tiny, book_io, swapped=True)
    std = load_standard(tiny)
    assert [n.id for n in std.get("회전-1").near_same_as] == [book_io.read(tiny)[0]["id"]]


def test_loader_rejects_a_one_sided_pair(tiny, book_io):
    _pair(tiny, book_io, back=False)
    with pytest.raises(DataError, match="not symmetric"):
        load_standard(tiny)


def test_loader_rejects_a_base_that_is_not_the_other_charts(tiny, book_io):
    _pair(tiny, book_io, base={"기본": {"A": 55, "B": 45}})
    with pytest.raises(DataError, match="base ratios differ"):
        load_standard(tiny)


def test_loader_rejects_a_pair_in_one_book(tiny, book_io):
    rows = book_io.read(tiny)
    rows[0]["near_same_as"] = [{"id": rows[1]["id"], "rule": "situation", "base": {}}]
    book_io.write(tiny, rows)
    with pytest.raises(DataError, match="same book"):
        load_standard(tiny)


def test_a_2020_chart_whose_modifiers_name_the_other_partys_act_has_its_labels_swapped(std, importer):
    """The 2020 book prints a title, not A/B labels: 비정형-17's title names the U-turner first, yet its A
    carries 후방주시태만 (the reversing party's duty) and its B 중앙선 침범 and 기회전 (the turner's). The importer
    follows the modifiers, and the base then agrees with the 2023 chart of the same situation (차31-4)."""
    nt = std.get("비정형-17")
    assert "후진" in nt.parties["A"].label and "좌회전" in nt.parties["B"].label
    assert [v.base for v in nt.variants] == [v.base for v in std.get("차31-4").variants]
    keep = importer.nt_labels_by_modifiers  # a chart whose modifiers agree with the title keeps its order
    mods = [importer.RawMod("A", "대우회전", 10, None), importer.RawMod("B", "진로변경 신호불이행·지연", 10, None)]
    assert keep("x", "우회전 차량", "진로변경 차량", mods, importer.Log()) == ("우회전 차량", "진로변경 차량")
    assert importer.nt_acts("선행 후진로변경 차량") == set()  # a later lane change is no reversing
