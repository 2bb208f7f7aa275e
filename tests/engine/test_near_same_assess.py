"""The assessment names the answer's near-same charts (비슷한 도표) and the bench reports near_hit1 beside hit@1."""

from __future__ import annotations

from typer.testing import CliRunner

from katalog.cli import app
from katalog.engine import assess
from katalog.evaluation import CaseResult, score_case, summarize
from katalog.evaluation_report import format_report
from katalog.models import EvalCase
from katalog.standard.loader import load_standard

P = ["당사 차량", "상대 차량"]
SIGNAL = "신호기 있는 교차로에서 당사 차량은 녹색신호에 직진하고 상대 차량은 적색신호에 직진하다 충돌"


def test_assessment_exposes_the_near_same_charts_in_party_names():
    a = assess(SIGNAL, P)
    assert a.chart_id == "차1-1"
    near = {n.chart_id: n for n in a.near_same}
    assert set(near) == {n.id for n in load_standard().get("차1-1").near_same_as} and {"301", "302"} <= set(near)
    two_wheeler = near["302"]  # the portal's two-wheeler chart names the red-light runner A
    assert two_wheeler.book == "PORTAL" and two_wheeler.swapped
    green, red = a.mapping.A, a.mapping.B
    assert two_wheeler.base == {"기본": {green: 0, red: 100}}
    assert any(t.startswith(red) and "현저한 과실" in t for t in two_wheeler.only_there)


def test_cli_prints_the_near_same_line():
    r = CliRunner().invoke(app, ["assess", SIGNAL, "--party", P[0], "--party", P[1]])
    assert r.exit_code == 0, r.output
    line = next(x for x in r.output.splitlines() if x.startswith("비슷한 도표:"))
    assert "301 (구 포털 도표)" in line and "302 (구 포털 도표)" in line


def test_no_line_without_near_same_charts():
    a = assess("횡단보도를 건너던 보행자를 녹색 신호에 직진하던 당사 차량이 쳤습니다", ["당사 차량", "보행자"])
    if a.chart_id and not load_standard().get(a.chart_id).near_same_as:
        assert a.near_same == []
        r = CliRunner().invoke(app, ["assess", a.description, "--party", "당사 차량", "--party", "보행자"])
        assert "비슷한 도표" not in r.output


def test_near_hit1_counts_a_near_same_top_chart_and_hit1_does_not():
    std = load_standard()
    case = EvalCase(id="n1", description=SIGNAL, parties=P,
                    expected={"answerable": True, "chart_ids": ["302"]})
    a = assess(SIGNAL, P)
    r = score_case(case, a, 1.0, std)
    assert r.chart_hit1 is False and r.chart_near_hit1 is True
    hit = CaseResult(id="h", category="answerable", answerable=True, answered=True, chart_hit1=True,
                     chart_near_hit1=True)
    m = summarize([r, hit], strict=True)
    assert m["chart_hit1"] == 0.5 and m["chart_near_hit1"] == 1.0
    assert "chart_near_hit1" not in summarize([r, hit])  # the `katalog eval` contract keeps its keys
    rep = {"sets": {"x": {"metrics": m, "calibration": {"ece": None, "hit1_at_high": None,
                                                        "coverage_at_high": None}}}}
    assert "near1" in format_report(rep).splitlines()[1]
