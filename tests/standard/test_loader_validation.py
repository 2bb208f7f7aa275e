"""The loader rejects each kind of broken data with a DataError naming the file and the chart."""

from __future__ import annotations

import json

import pytest

from katalog.errors import DataError
from katalog.standard.loader import load_standard


def test_tiny_fixture_loads(tiny):
    std = load_standard(tiny)
    assert sorted(std.charts) == ["차15-1", "차6-1", "회전-1"]
    assert std.legacy("228") == ["차6-1"]


@pytest.fixture()
def broken(tiny, book_io):
    def run(mutate, book="MAIN2023"):
        rows = book_io.read(tiny, book)
        mutate(rows)
        book_io.write(tiny, rows, book)
        with pytest.raises(DataError) as exc:
            load_standard(tiny)
        return str(exc.value)

    return run


def test_ratio_not_100(broken):
    def mutate(rows):
        rows[0]["variants"][0]["base"] = {"A": 30, "B": 60}

    msg = broken(mutate)
    assert "차15-1" in msg and "MAIN2023.json" in msg and "sum to 100" in msg


def test_delta_not_multiple_of_5(broken):
    def mutate(rows):
        rows[0]["modifiers"][0]["delta"] = 7

    msg = broken(mutate)
    assert "차15-1" in msg and "multiple of 5" in msg


def test_delta_out_of_range_unless_exceptional(broken):
    def mutate(rows):
        rows[0]["modifiers"][0]["delta"] = 40

    assert "within ±30" in broken(mutate)


def test_exceptional_delta_is_accepted(tiny, book_io):
    rows = book_io.read(tiny)
    rows[0]["modifiers"][0].update(delta=40, exceptional=True)
    book_io.write(tiny, rows)
    assert load_standard(tiny).get("차15-1").modifiers[0].delta == 40


def test_unknown_party(broken):
    def mutate(rows):
        rows[0]["modifiers"][0]["party"] = "C"

    msg = broken(mutate)
    assert "차15-1" in msg and "party" in msg


def test_missing_party_b(broken):
    def mutate(rows):
        del rows[1]["parties"]["B"]

    assert "차6-1" in broken(mutate)


def test_duplicate_modifier_ids(broken):
    def mutate(rows):
        rows[0]["modifiers"][1]["id"] = rows[0]["modifiers"][0]["id"]

    assert "duplicate modifier ids" in broken(mutate)


def test_unknown_variant_reference(broken):
    def mutate(rows):
        rows[1]["modifiers"][0]["variants"] = ["라"]

    msg = broken(mutate)
    assert "차6-1" in msg and "unknown variant" in msg


def test_duplicate_variant_keys(broken):
    def mutate(rows):
        rows[1]["variants"][1]["key"] = "가"

    assert "duplicate variant keys" in broken(mutate)


def test_duplicate_chart_id_across_books(broken):
    def mutate(rows):
        rows[0]["id"] = "차15-1"

    msg = broken(mutate, book="ROUND2025")
    assert "duplicate chart id 차15-1" in msg


def test_unknown_field(broken):
    def mutate(rows):
        rows[0]["colour"] = "red"

    assert "차15-1" in broken(mutate)


def test_book_mismatch(broken):
    def mutate(rows):
        rows[0]["book"] = "PM2021"

    assert "says book" in broken(mutate)


def test_corrupt_json(tiny):
    (tiny / "charts" / "MAIN2023.json").write_text('[{"id": "차15-1", ', encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_standard(tiny)
    assert "MAIN2023.json" in str(exc.value) and "corrupt JSON" in str(exc.value)


def test_missing_chart_file(tiny):
    (tiny / "charts" / "ROUND2025.json").unlink()
    with pytest.raises(DataError, match="ROUND2025.json"):
        load_standard(tiny)


def test_manifest_count_mismatch(tiny):
    manifest = json.loads((tiny / "manifest.json").read_text(encoding="utf-8"))
    manifest["counts"]["MAIN2023"] = 3
    (tiny / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DataError, match="manifest counts 3"):
        load_standard(tiny)


def test_invalid_manifest(tiny):
    (tiny / "manifest.json").write_text('{"version": 1}', encoding="utf-8")
    with pytest.raises(DataError, match="manifest"):
        load_standard(tiny)


def test_legacy_map_unknown_id(tiny):
    (tiny / "legacy_map.json").write_text('{"228": ["차99-9"]}', encoding="utf-8")
    with pytest.raises(DataError, match="차99-9"):
        load_standard(tiny)
