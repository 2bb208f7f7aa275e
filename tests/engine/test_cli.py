"""`katalog eval` (the contract other tools call) and `katalog assess` through the real CLI app."""

from __future__ import annotations

import json
import re
import sys

import pytest
from typer.testing import CliRunner

from katalog.cli import app, main
from katalog.evaluation import METRIC_KEYS
from katalog.models import Assessment

runner = CliRunner()

CONTRACT_KEYS = {
    "n", "answered", "chart_hit1", "chart_hit3", "base_exact", "final_exact", "final_within10",
    "abstain_precision", "abstain_recall", "p50_ms", "p95_ms",
}
P = ["당사 차량", "상대 차량"]
ROWS = [
    {
        "id": "t-signal",
        "description": "신호기 있는 교차로에서 당사 차량은 녹색신호에 직진하고 상대 차량은 적색신호에 직진하다 충돌",
        "parties": P,
        "expected": {"answerable": True, "chart_ids": ["차1-1"], "base_ratio": [0, 100], "final_ratio": [0, 100]},
    },
    {
        "id": "t-left",
        "description": "신호 없는 교차로에서 당사 차량은 직진하고 상대 차량은 맞은편에서 서행하지 않고 좌회전하다 충돌",
        "parties": P,
        "expected": {"answerable": True, "chart_ids": ["차15-1"], "base_ratio": [30, 70], "final_ratio": [20, 80]},
    },
    {"id": "t-money", "description": "합의금은 얼마나 받을 수 있나요?", "expected": {"answerable": False}},
]


def _write(tmp_path, rows, name="cases.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    return path


def _run_main(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """Run the console entry point (`katalog …`), which turns KatalogError into exit 2."""
    monkeypatch.setattr(sys, "argv", ["katalog", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def test_metric_keys_match_the_contract():
    assert set(METRIC_KEYS) == CONTRACT_KEYS


def test_eval_json_last_line_and_out(tmp_path):
    path = _write(tmp_path, ROWS)
    out = tmp_path / "results.jsonl"
    r = runner.invoke(app, ["eval", str(path), "--json", "--out", str(out)])
    assert r.exit_code == 0, r.output
    metrics = json.loads(r.stdout.strip().splitlines()[-1])
    assert set(metrics) == CONTRACT_KEYS
    assert metrics["n"] == 3
    assert metrics["answered"] == pytest.approx(2 / 3, abs=1e-3)
    for k in ("chart_hit1", "chart_hit3", "base_exact", "final_exact", "final_within10",
              "abstain_precision", "abstain_recall"):
        assert metrics[k] == 1.0, (k, metrics)
    assert isinstance(metrics["p50_ms"], float) and metrics["p95_ms"] >= metrics["p50_ms"]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["t-signal", "t-left", "t-money"]
    assert rows[1]["predicted_final"] == [20, 80] and rows[1]["predicted_chart"] == "차15-1"
    assert rows[2]["answered"] is False and rows[2]["abstention"] == "damages_question"


def test_eval_nulls_where_no_row_applies(tmp_path):
    path = _write(tmp_path, [ROWS[2]])
    r = runner.invoke(app, ["eval", str(path), "--json"])
    assert r.exit_code == 0, r.output
    m = json.loads(r.stdout.strip().splitlines()[-1])
    assert m["n"] == 1 and m["answered"] == 0.0
    assert m["chart_hit1"] is None and m["base_exact"] is None and m["final_within10"] is None
    assert m["abstain_recall"] == 1.0


def test_eval_unanswered_answerable_row_is_a_miss(tmp_path):
    row = {"id": "t-thin", "description": "사거리에서 좌회전하다가 사고났습니다",
           "expected": {"answerable": True, "chart_ids": ["차15-1"], "final_ratio": [70, 30]}}
    r = runner.invoke(app, ["eval", str(_write(tmp_path, [row])), "--json"])
    m = json.loads(r.stdout.strip().splitlines()[-1])
    assert m["answered"] == 0.0 and m["chart_hit1"] == 0.0 and m["final_within10"] == 0.0
    assert m["abstain_precision"] == 0.0 and m["abstain_recall"] is None


def test_eval_without_parties_orders_ratios_as_chart_a_b(tmp_path):
    # 차41-1: A = 뒤차 (100), B = 앞차 (0); the text names the front car first.
    row = {"id": "t-rear", "description": "편도 2차로 도로에서 당사 차량이 주행 중인데 뒤에서 오던 상대 차량이 들이받았습니다",
           "expected": {"answerable": True, "chart_ids": ["차41-1"], "base_ratio": [100, 0]}}
    r = runner.invoke(app, ["eval", str(_write(tmp_path, [row])), "--json"])
    m = json.loads(r.stdout.strip().splitlines()[-1])
    assert m["chart_hit1"] == 1.0
    assert m["base_exact"] == 1.0


def test_eval_table_without_json(tmp_path):
    r = runner.invoke(app, ["eval", str(_write(tmp_path, ROWS))], env={"COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    assert "chart_hit1" in r.stdout and "unanswerable" in r.stdout


def test_eval_malformed_line_exits_2_with_line_number(tmp_path, monkeypatch, capsys):
    path = _write(tmp_path, [ROWS[0], '{"id": "x", "description": "d"}', ROWS[2]])
    code, _, err = _run_main(monkeypatch, capsys, "eval", str(path), "--json")
    assert code == 2
    assert "2" in err and ("line 2" in err or "2행" in err), err
    assert "Traceback" not in err


def test_eval_invalid_json_line_exits_2(tmp_path, monkeypatch, capsys):
    path = _write(tmp_path, [ROWS[0], ROWS[1], "{not json"])
    code, _, err = _run_main(monkeypatch, capsys, "eval", str(path), "--json")
    assert code == 2 and ("line 3" in err or "3행" in err), err


def test_eval_missing_file_exits_2(tmp_path, monkeypatch, capsys):
    code, _, err = _run_main(monkeypatch, capsys, "eval", str(tmp_path / "nope.jsonl"), "--json")
    assert code == 2 and "nope.jsonl" in err and err.startswith("오류 / error:")


def test_assess_json_parses_as_assessment():
    r = runner.invoke(app, ["assess", ROWS[1]["description"], "--party", P[0], "--party", P[1], "--json"])
    assert r.exit_code == 0, r.output
    a = Assessment.model_validate_json(r.stdout)
    assert a.chart_id == "차15-1" and a.final == {"당사 차량": 20, "상대 차량": 80}


def test_assess_single_party_exits_2():
    r = runner.invoke(app, ["assess", ROWS[0]["description"], "--party", "당사 차량"])
    assert r.exit_code == 2
    assert "--party" in r.stderr


def test_assess_bad_answer_exits_2():
    r = runner.invoke(app, ["assess", "사거리에서 좌회전하다가 사고났습니다", "--answer", "p1.movement"])
    assert r.exit_code == 2 and "id=" in r.stderr


def test_assess_answer_option_reassesses():
    r = runner.invoke(app, ["assess", "사거리에서 좌회전하다가 사고났습니다", "--answer", "p1.movement=직진",
                            "--answer", "place=신호 없는 교차로", "--json"])
    assert r.exit_code == 0, r.output
    assert Assessment.model_validate_json(r.stdout).answered


def test_assess_human_output_shows_chart_and_bar():
    r = runner.invoke(app, ["assess", ROWS[0]["description"], "--party", P[0], "--party", P[1]],
                      env={"COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    assert "차1-1" in r.stdout
    # the ratio bar: "당사 차량 0% [░░…] 100% 상대 차량"
    assert re.search(r"당사 차량 0% \[[█░]{10,}\] 100% 상대 차량", r.stdout), r.stdout


def test_assess_human_output_for_abstention():
    r = runner.invoke(app, ["assess", "합의금은 얼마나 받을 수 있나요?"])
    assert r.exit_code == 0, r.output
    assert "damages_question" in r.stdout
