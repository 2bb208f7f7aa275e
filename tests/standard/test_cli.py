"""`katalog chart | charts | calc`: output shapes and every error path (exit 2, one line)."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from katalog.cli import standard as cli_standard


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """test root"""

    cli_standard.register(app)
    return app


runner = CliRunner()


def run(app, *args):
    return runner.invoke(app, list(args))


def assert_one_line_error(result, *needles):
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert err.count("\n") == 0 and err.startswith("오류 / error:"), err
    assert "Traceback" not in result.output
    for n in needles:
        assert n in err


def test_calc_json_shape(app):
    r = run(app, "calc", "차15-1", "--modifier", "B 서행불이행", "--modifier", "A 현저한 과실", "--json")
    assert r.exit_code == 0, r.output
    obj = json.loads(r.stdout)
    assert set(obj) == {"chart_id", "variant", "base", "applied", "final", "formula"}
    assert obj["base"] == {"A": 30, "B": 70}
    assert obj["applied"] == [
        {"party": "B", "name": "서행 불이행", "delta": 10},
        {"party": "A", "name": "현저한 과실", "delta": 10},
    ]
    assert obj["final"] == {"A": 30, "B": 70}
    assert obj["formula"].startswith("기본 A30:B70 → B 서행 불이행 +10")


def test_calc_text_and_variant(app):
    r = run(app, "calc", "차6-1", "--variant", "다", "-m", "A 소회전·대회전")
    assert r.exit_code == 0
    assert "A20:B80" in r.stdout


def test_calc_skipped_listed(app):
    r = run(app, "calc", "차1-1", "-m", "A 현저한 과실", "-m", "A 중대한 과실")
    assert r.exit_code == 0 and "제외" in r.stdout


def test_charts_json(app):
    r = run(app, "charts", "--search", "좌회전", "--category", "차대차", "--json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert rows and all(set(x) == {"id", "book", "category", "title"} for x in rows)
    assert all(x["category"] == "차대차" for x in rows)


def test_charts_all_json(app, std):
    rows = json.loads(run(app, "charts", "--json").stdout)
    assert len(rows) == len(std) == 386


def test_charts_table(app):
    r = run(app, "charts", "--book", "ROUND2025")
    assert r.exit_code == 0 and "회전-15" in r.stdout


def test_chart_card(app):
    r = run(app, "chart", "차 15-1")
    assert r.exit_code == 0
    for text in ("차15-1", "B-서행불이행", "도로교통법", "30", "70"):
        assert text in r.stdout


def test_chart_json(app):
    obj = json.loads(run(app, "chart", "보22", "--json").stdout)
    assert obj["id"] == "보22" and [v["key"] for v in obj["variants"]] == ["가", "나", "다"]


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("chart", "차99-9"), ("차99-9", "closest")),
        (("chart", "차99-9", "--json"), ("차99-9",)),
        (("calc", "차99-9"), ("closest",)),
        (("calc", "차15-1", "--variant", "나"), ("variants", "기본")),
        (("calc", "차15-1", "-m", "음주운전"), ("valid", "B-서행불이행")),
        (("calc", "차15-1", "-m", "A 서행불이행"), ("B-서행불이행",)),
        (("calc", "차2-1", "-m", "현저한 과실"), ("A/B",)),
        (("calc", "차1-2", "-v", "나", "-m", "A 교차로 정체중 진입"), ("나",)),
        (("calc", "차15-1", "-m", "  "), ("empty",)),
        (("charts", "--book", "NOPE"), ("MAIN2023",)),
        (("charts", "--category", "우주선"), ("차대차",)),
    ],
)
def test_error_paths(app, args, needles):
    assert_one_line_error(run(app, *args), *needles)


def test_data_error_is_one_line(app, tmp_path, monkeypatch):
    from katalog.standard.loader import clear_cache

    monkeypatch.setenv("KATALOG_DATA_DIR", str(tmp_path))
    clear_cache()
    try:
        assert_one_line_error(run(app, "chart", "차1-1"), "manifest.json")
    finally:
        monkeypatch.delenv("KATALOG_DATA_DIR")
        clear_cache()
