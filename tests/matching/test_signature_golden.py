"""The committed chart signatures (data/engine/signatures.json) are what the current vocabulary, chart
texts and overrides produce: a lexicon edit that moves a chart's signature fails here, naming the charts
and fields, until the file is rebuilt and committed with the edit."""

from __future__ import annotations

import json

import pytest

from katalog.errors import DataError
from katalog.facts import extract_facts
from katalog.matching import signatures as sg
from katalog.standard.loader import load_standard


def test_committed_signatures_are_current():
    _, committed = sg.read_signatures(sg.signatures_path())
    changes = sg.diff_signatures(committed, sg.build_signatures())
    shown = "\n  ".join(changes[:40]) + (f"\n  … and {len(changes) - 40} more" if len(changes) > 40 else "")
    assert not changes, (
        f"{sg.signatures_path()} is stale: {len(changes)} chart fields differ from a rebuild "
        f"(committed → rebuilt):\n  {shown}\n"
        f"If the change is intended, run `{sg.BUILD_COMMAND}` and commit the file; "
        f"else fix the vocabulary or add an override in {sg.overrides_path()}."
    )


def test_committed_file_matches_the_standard_and_is_written_by_the_tool():
    std = load_standard()
    version, committed = sg.read_signatures(sg.signatures_path())
    assert version == std.version
    assert set(committed) == set(std.charts)
    text = sg.signatures_path().read_text(encoding="utf-8")
    assert text == sg.dump_signatures(committed, version), f"not in the tool's layout: run `{sg.BUILD_COMMAND}`"


def test_engine_loads_the_committed_signatures_in_chart_order():
    sigs = sg.chart_signatures()
    assert list(sigs) == list(load_standard().charts)
    assert sigs["365"].A.movement == "straight"  # an override, read from the file


def test_every_override_names_a_chart_and_changes_its_reading():
    std = load_standard()
    overrides = sg.load_overrides()
    assert overrides, "the overrides file is read"
    assert set(overrides) <= set(std.charts)
    redundant = [line for cid, os_ in overrides.items()
                 for line in sg.redundant_overrides(sg.read_signature(std.charts[cid], extract_facts), os_)]
    assert not redundant, "overrides the reading already satisfies (delete them, then rebuild):\n" + "\n".join(redundant)


def test_override_operations(tmp_path):
    sig = sg.build_signature(load_standard().charts["차54-5"], extract_facts)
    o = sg.SignatureOverride.model_validate(
        {"chart": "차54-5", "why": "test", "set": {"A.signal": "red", "place": None}, "add": {"special": ["버스"]},
         "remove": {"special": ["회전교차로"]}})
    out = sg.apply_overrides(sig, [o])
    assert (out.A.signal, out.place) == ("red", None)
    assert "버스" in out.special and "회전교차로" not in out.special and out.special == sorted(out.special)
    assert sg.redundant_overrides(out, [o]) != []


def test_bad_override_field_is_named(tmp_path):
    bad = tmp_path / "o.yaml"
    bad.write_text("overrides:\n- chart: '365'\n  why: x\n  set:\n    A.colour: red\n", encoding="utf-8")
    with pytest.raises(DataError, match="A.colour"):
        sg._read_overrides(str(bad))


def test_missing_or_stale_file_names_the_tool(tmp_path):
    with pytest.raises(DataError, match="tools/build_signatures.py"):
        sg.read_signatures(tmp_path / "signatures.json")
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({"standard_version": "0", "charts": {}}), encoding="utf-8")
    with pytest.raises(DataError, match="tools/build_signatures.py"):
        sg._committed(str(stale), load_standard().version)
