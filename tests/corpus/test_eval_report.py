"""Per-family metrics, confidence calibration and the blind log of `katalog bench engine`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from katalog.evaluation import CaseResult, by_family, calibration
from katalog.evaluation_families import family_of


@pytest.mark.parametrize(
    ("chart", "users", "family"),
    [("보1", (), "보"), ("차1-1", (), "차-intersection"), ("차43-2", (), "차-same-direction"),
     ("차54-1", (), "회전"), ("회전-3", (), "회전"), ("거10-1", (), "거"), ("PM-12", (), "PM"), ("12", (), "PM"),
     ("비정형-4", (), "비정형"), ("371", (), "two-wheelers"), ("차43-2", ("car", "motorcycle"), "two-wheelers"),
     (None, (), "decline")],
)
def test_family_of(chart, users, family):
    assert family_of(chart, "", users) == family


def _r(i, conf, hit, answerable=True, answered=True, family="보"):
    return CaseResult(id=str(i), category="x", family=family, answerable=answerable, answered=answered,
                      confidence=conf, chart_hit1=hit if answerable else None)


def test_calibration_ece_and_high_confidence_accuracy():
    perfect = [_r(i, 0.9, i < 9) for i in range(10)]  # stated 0.9, right 9 of 10
    cal = calibration(perfect)
    assert cal["ece"] == pytest.approx(0.0, abs=1e-9)
    assert cal["hit1_at_high"] == 0.9 and cal["coverage_at_high"] == 1.0
    over = [_r(i, 0.95, i < 5) for i in range(10)]
    assert calibration(over)["ece"] == pytest.approx(0.45)
    # an answered row that should have been declined is a confident miss
    wrong_answer = calibration([_r(0, 0.85, None, answerable=False)])
    assert wrong_answer["hit1_at_high"] == 0.0
    assert calibration([_r(0, 0.0, False, answered=False)])["n"] == 0


def test_by_family_orders_families_like_the_report():
    rows = [_r(1, 0.5, True, family="decline"), _r(2, 0.5, True, family="거"), _r(3, 0.5, False, family="보")]
    assert list(by_family(rows)) == ["보", "거", "decline"]


def test_bench_reports_gap_and_logs_each_blind_scoring(tmp_path, monkeypatch):
    from katalog import evaluation_report as er
    from katalog.models import Assessment

    corpus = tmp_path / "corpus" / "everyday"
    corpus.mkdir(parents=True)
    (tmp_path / "eval").mkdir()
    (tmp_path / "standard").symlink_to(Path(__file__).resolve().parents[2] / "data" / "standard")
    (tmp_path / "vocab").symlink_to(Path(__file__).resolve().parents[2] / "data" / "vocab")
    (tmp_path / "engine").symlink_to(Path(__file__).resolve().parents[2] / "data" / "engine")
    rows = [{"id": f"r{i}", "description": f"설명 {i}", "expected": {"answerable": True, "chart_ids": ["보1"]},
             "meta": {"family": "보", "fold": i % 5}} for i in range(5)]
    (corpus / "folds.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    (corpus / "blind.jsonl").write_text(json.dumps({**rows[0], "id": "b0"}, ensure_ascii=False) + "\n", "utf-8")
    monkeypatch.setenv("KATALOG_DATA_DIR", str(tmp_path))

    def fake(text, **_):
        return Assessment(description=text, parties=["A", "B"], chart_id="보1", final={"A": 1, "B": 99},
                          confidence=0.9)

    report = er.bench(er.default_sets(blind=True), assess_fn=fake)
    assert set(report["sets"]) == {"folds.jsonl", "blind.jsonl"}
    assert report["gap_blind_minus_folds"]["chart_hit1"] == 0.0
    assert len(report["sets"]["folds.jsonl"]["folds"]) == 5
    assert "gap blind − folds" in er.format_report(report)
    er.log_blind(report["sets"]["blind.jsonl"], "test")
    logged = [json.loads(x) for x in (corpus / "blind_log.jsonl").read_text("utf-8").splitlines()]
    assert logged[-1]["note"] == "test" and logged[-1]["metrics"]["chart_hit1"] == 1.0
    assert er.default_sets(blind=False)[-1].name == "folds.jsonl"
