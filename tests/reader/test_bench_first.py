"""`katalog bench reader`: the first assessment is the median of several fresh processes."""

from __future__ import annotations

from katalog.cli import reader as bench


def test_first_assessment_is_the_median_of_fresh_processes(monkeypatch):
    runs = iter(
        [
            {"first_ms": 3000.0, "cpu_ms": 1900.0, "chart": "차2-6", "rss_mb": 440.0},
            {"error": "killed"},  # a failed run is left out, not counted as zero
            {"first_ms": 2000.0, "cpu_ms": 1800.0, "chart": "차2-6", "rss_mb": 450.0},
            {"first_ms": 9000.0, "cpu_ms": 2100.0, "chart": "차2-6", "rss_mb": 445.0},
        ]
    )
    monkeypatch.setattr(bench, "_first_assessment", lambda env: next(runs))
    got = bench._first_assessments("1", 4)
    assert (
        got["runs"] == 3 and got["first_ms"] == 3000.0 and got["cpu_ms"] == 1900.0 and got["rss_mb"] == 445.0
    )
    assert got["all_ms"] == [3000.0, 2000.0, 9000.0]


def test_only_failed_runs_report_the_error(monkeypatch):
    monkeypatch.setattr(bench, "_first_assessment", lambda env: {"error": "no index"})
    assert bench._first_assessments("0", 2) == {"error": "no index"}
