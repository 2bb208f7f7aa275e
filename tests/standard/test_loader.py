"""The shipped standard: counts, tolerant lookups, search, legacy numbers."""

from __future__ import annotations

import pytest

from katalog.errors import UnknownChartError
from katalog.standard.loader import canonical_chart_id, load_standard


def test_counts_per_book(std):
    counts = {b.id: sum(1 for c in std if c.book == b.id) for b in std.books}
    assert counts == {"MAIN2023": 201, "ROUND2025": 15, "PM2021": 38, "NONTYPICAL2020": 23, "PORTAL": 109}
    main = [c for c in std if c.book == "MAIN2023"]
    assert sum(c.id.startswith("보") for c in main) == 38
    assert sum(c.id.startswith("차") for c in main) == 108
    assert sum(c.id.startswith("거") for c in main) == 55
    assert {"거43-1", "거43-2", "거43-3"} <= set(std.charts)
    assert [f"회전-{i}" for i in range(1, 16)] == [c.id for c in std if c.book == "ROUND2025"]
    assert [f"PM-{i:02d}" for i in range(1, 39)] == [c.id for c in std if c.book == "PM2021"]


def test_version_and_cache(std):
    assert std.version.startswith("1.0+")
    assert load_standard() is load_standard()


@pytest.mark.parametrize("text", ["차43-1", "차 43-1", "차43－1", "(차43-1)", " 차43 - 1 ", "도표 차43-1"])
def test_tolerant_ids(std, text):
    assert std.get(text).id == "차43-1"


@pytest.mark.parametrize(
    ("text", "cid"),
    [
        ("pm 5", "PM-05"),
        ("PM05", "PM-05"),
        ("회전 3", "회전-3"),
        ("비정형 No.3", "비정형-3"),
        ("보 22", "보22"),
    ],
)
def test_canonical_ids(text, cid):
    assert canonical_chart_id(text) == cid


def test_unknown_chart_lists_five_closest(std):
    with pytest.raises(UnknownChartError) as exc:
        std.get("차43-9")
    assert len(exc.value.hints) == 5
    assert "차43-1" in exc.value.hints or "차43-2" in exc.value.hints


def test_search(std):
    left = std.search("좌회전", category="차대차")
    assert left and all(c.category == "차대차" for c in left)
    assert "차15-1" in {c.id for c in left}
    assert {c.book for c in std.search(book="PM2021")} == {"PM2021"}
    assert std.search("회전교차로 없는 말") == []


def test_legacy_and_maps_to(std):
    assert "차1-1" in std.legacy("301")
    assert std.get("301").maps_to and "차1-1" in std.get("301").maps_to
    assert std.legacy("999999") == []


def test_party_types_and_categories(std):
    assert std.get("보1").parties["A"].type == "pedestrian"
    assert std.get("거1-1").parties["A"].type == "bicycle"
    assert std.get("PM-05").parties["A"].type == "pm"
    assert std.get("301").category == "차대자전거·이륜차"
    assert std.get("501").category == "차대차"


def test_known_source_defects_fixed(std):
    v = {x.key: (x.base.A, x.base.B) for x in std.get("차6-1").variants}
    assert v == {"가": (80, 20), "나": (40, 60), "다": (10, 90)}
    assert {x.key: x.base.A for x in std.get("보22").variants} == {"가": 10, "나": 20, "다": 30}
    assert {x.key: x.base.A for x in std.get("차5-1").variants}["가"] == 80
    assert std.get("보20").variants[0].base.A == 20  # skn11 inverted it
    for c in std:
        for m in c.modifiers:
            assert "\r" not in m.name and "<br" not in m.name and "①" not in m.name


def test_every_chart_has_text(std):
    for c in std:
        assert c.title and c.parties["A"].label and c.parties["B"].label, c.id
