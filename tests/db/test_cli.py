"""The `cases`, `batch`, `review` and `bench batch` commands, in-process."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from katalog.cli import app

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_import_score_review_export_report(tmp_path, fake):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    f = tmp_path / "claims.csv"
    f.write_text(
        "claim_no,text\nA1,교차로 직진 중 충돌\nA2,\nA3,=cmd|' /C calc'!A0 손해액\nA4,분쟁 사고\n",
        encoding="utf-8",
    )
    out = _run("cases", "import", str(f), "--db", url, "--map", "id=claim_no", "--map", "description=text")
    assert "추가 3" in out and "거부 1" in out and "missing_description 1" in out
    assert (tmp_path / "claims.csv.rejects.csv").exists()
    strict = runner.invoke(
        app,
        [
            "cases",
            "import",
            str(f),
            "--db",
            url,
            "--map",
            "id=claim_no",
            "--map",
            "description=text",
            "--strict",
        ],
    )
    assert strict.exit_code == 1

    summary = json.loads(
        _run("batch", "score", "--db", url, "--scorer", fake, "--json").strip().splitlines()[-1]
    )
    assert summary["scored"] == 3 and summary["abstained"] == 1
    assert "A3" in _run("review", "list", "--db", url)
    _run(
        "review",
        "decide",
        "A3",
        "--db",
        url,
        "--ratio",
        "20:80",
        "--reason",
        "사진 확인",
        "--reviewer",
        "lee",
    )
    bad = runner.invoke(
        app, ["review", "decide", "A3", "--db", url, "--ratio", "20:90", "--reason", "x", "--reviewer", "lee"]
    )
    assert bad.exit_code != 0
    shown = _run("review", "show", "A3", "--db", url)
    assert "평가 #" in shown and "lee → 20:80" in shown
    detail = json.loads(_run("review", "show", "A3", "--db", url, "--json"))
    assert detail["reviews"][0]["reason"] == "사진 확인"

    csv_out = tmp_path / "out.csv"
    _run("batch", "export", "--db", url, "--out", str(csv_out))
    text = csv_out.read_text(encoding="utf-8-sig")
    assert "reviewed,20:80" in text
    _run("batch", "export", "--db", url, "--out", str(tmp_path / "o.parquet"))
    _run("batch", "export", "--db", url, "--format", "xlsx", "--out", str(tmp_path / "o.bin"))
    rep = json.loads(_run("batch", "report", "--db", url, "--json"))
    assert rep["cases"] == 3 and rep["abstentions"] == [["damages_question", 1]] and rep["disagreements"] == 1
    assert "도표 분포" in _run("batch", "report", "--db", url)
    assert "A1" in _run("cases", "list", "--db", url, "--status", "ok")


def test_env_url_and_bad_url(tmp_path, monkeypatch):
    monkeypatch.setenv("KATALOG_DB_URL", f"sqlite:///{tmp_path / 'env.db'}")
    _run("cases", "list")
    assert (tmp_path / "env.db").exists()
    from katalog.cli import main  # noqa: F401 - main() turns KatalogError into one line + exit 2

    r = runner.invoke(app, ["batch", "report", "--db", "nosuch://x"])
    assert r.exit_code != 0


@pytest.mark.slow  # five child processes, each with its own pool
def test_bench_batch_small(tmp_path):
    out = tmp_path / "bench.json"
    text = _run("bench", "batch", "--cases", "200", "--workers", "1,2", "--scorer", "fake", "--out", str(out))
    result = json.loads(out.read_text())
    assert [r["workers"] for r in result["runs"]] == [1, 2]
    assert all(r["scored"] == 200 for r in result["runs"])
    assert result["resume"]["ok"] is True
    assert "cases/s" in text
