"""`katalog assess TEXT --party P1 --party P2 --sketch FILE.svg`: the scene as a file, JSON stays clean."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from typer.testing import CliRunner

from katalog.cli import app

runner = CliRunner()
TEXT = "신호 없는 교차로에서 직진하던 제 차와 오른쪽 도로에서 직진하던 상대 차량이 충돌했습니다"


def test_assess_writes_the_sketch_and_keeps_json_on_stdout(tmp_path):
    out = tmp_path / "scene.svg"
    r = runner.invoke(app, ["assess", TEXT, "--party", "당사 차량", "--party", "상대 차량", "--json",
                            "--sketch", str(out)])
    assert r.exit_code == 0, r.output
    json.loads(r.stdout)  # the scene messages went to stderr
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert root.get("data-layout") == "intersection" and root.get("width") == "480"
    assert "당사 차량" in out.read_text(encoding="utf-8") and "사고 장면" in r.stderr


def test_a_scene_that_cannot_be_drawn_is_said_and_no_file_is_written(tmp_path):
    out = tmp_path / "scene.svg"
    r = runner.invoke(app, ["assess", "어제 사고가 났어요. 상대가 잘못했어요.", "--sketch", str(out)])
    assert r.exit_code == 0 and not out.exists()
    assert "사고 장면을 그리지 않았습니다" in r.stderr
