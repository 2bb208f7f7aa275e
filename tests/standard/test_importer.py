"""`tools/import_standard.py` is deterministic: a fresh import equals the committed data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"

pytestmark = pytest.mark.skipif(not (REFERENCE / "knia").is_dir(), reason="shared/reference not available")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, importer):
    out = tmp_path_factory.mktemp("std")
    mod = importer
    assert (
        mod.main(
            ["--reference", str(REFERENCE), "--out", str(out / "standard"), "--report", str(out / "dq.md")]
        )
        == 0
    )
    return out


def test_fresh_import_equals_committed(fresh):
    committed = ROOT / "data" / "standard"
    names = sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*.json"))
    assert names == sorted(
        p.relative_to(fresh / "standard").as_posix() for p in (fresh / "standard").rglob("*.json")
    )
    for name in names:
        assert (committed / name).read_bytes() == (fresh / "standard" / name).read_bytes(), name
    assert (ROOT / "docs" / "data_quality.md").read_text(encoding="utf-8") == (fresh / "dq.md").read_text(
        encoding="utf-8"
    )


def test_counts(fresh):
    counts = json.loads((fresh / "standard" / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["MAIN2023"] >= 201
    assert counts["ROUND2025"] == 15
    assert counts["PM2021"] == 38
    assert counts["NONTYPICAL2020"] == 23
    assert counts["PORTAL"] == 109


def test_report_lists_known_defects(fresh):
    text = (fresh / "dq.md").read_text(encoding="utf-8")
    for needle in ("차6-1", "보22", "보31", "차5-1", "보20", "거31-2", "거43", "PM-35"):
        assert needle in text, needle


def test_label_helpers(importer):
    mod = importer
    lab = mod.parse_label("B 중과실⑤")
    assert (lab.party_hint, lab.name, lab.notes) == ("B", "중과실", ["⑤"])
    lab = mod.parse_label("A (가)교차로 정체중\r\n진입<br/>")
    assert (lab.name, lab.variants) == ("교차로 정체중 진입", ["가"])
    assert mod.despace_garbage("진로변경 신 호 불 이 행 · 지 연") == "진로변경 신호불이행·지연"
