"""`katalog assess` input: files, standard input, invalid text, party names (issue 17, findings 6 and 8)."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from katalog.cli import app

runner = CliRunner()
TEXT = "신호 없는 교차로에서 직진하던 제 차와 맞은편에서 좌회전하던 상대 차량이 충돌했습니다"


def _invoke(*args: str, input: bytes | str | None = None):
    return runner.invoke(app, ["assess", *args], input=input)


def _one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("오류 / error:"), result.output
    return lines[0]


def test_file_and_stdin_and_argument_give_the_same_result(tmp_path):
    f = tmp_path / "desc.txt"
    f.write_bytes(("\ufeff" + TEXT + "\n").encode("utf-8"))
    by_arg = json.loads(_invoke(TEXT, "--json").output)
    by_file = json.loads(_invoke("--file", str(f), "--json").output)
    by_stdin = json.loads(_invoke("-", "--json", input=TEXT.encode("utf-8")).output)
    by_file_dash = json.loads(_invoke("--file", "-", "--json", input=TEXT.encode("utf-8")).output)
    for r in (by_file, by_stdin, by_file_dash):
        assert (r["chart_id"], r["final"]) == (by_arg["chart_id"], by_arg["final"])
    assert by_arg["chart_id"] == "차15-1"


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(TEXT.encode("utf-8")[:10] + b"\xff\xfe" + b" rest")
    assert "UTF-8" in _one_line_error(_invoke("--file", str(bad), "--json"))
    assert "UTF-8" in _one_line_error(_invoke("-", "--json", input=b"\xc3\x28 abc"))
    # Arguments with undecodable bytes arrive as lone surrogates (PEP 383).
    assert "UTF-8" in _one_line_error(_invoke("교차로\udcff 충돌", "--json"))
    assert "UTF-8" in _one_line_error(_invoke(TEXT, "--party", "갑\udcfe", "--party", "을"))
    _one_line_error(_invoke("--file", str(tmp_path / "missing.txt")))
    _one_line_error(_invoke())  # no description at all
    _one_line_error(_invoke(TEXT, "--file", str(bad)))  # both


def test_duplicate_party_names_are_a_clear_error():
    line = _one_line_error(_invoke(TEXT, "--party", "제 차", "--party", "제 차"))
    assert "같습니다" in line
    _one_line_error(_invoke(TEXT, "--party", "제 차"))
    _one_line_error(_invoke(TEXT, "--party", " ", "--party", "x"))


def test_party_names_the_text_does_not_use_keep_the_chart_and_warn():
    plain = json.loads(_invoke(TEXT, "--json").output)
    named = json.loads(_invoke(TEXT, "--party", "갑", "--party", "을", "--json").output)
    assert named["chart_id"] == plain["chart_id"] == "차15-1" and named["variant"] == plain["variant"]
    assert named["parties"] == ["갑", "을"]
    assert named["final"] == {"갑": plain["final"]["제 차"], "을": plain["final"]["상대 차량"]} == {"갑": 30, "을": 70}
    assert any("설명에 없" in w for w in named["warnings"])
    assert "갑 30 : 을 70" in named["explanation"]
    same = json.loads(_invoke(TEXT, "--party", "제 차", "--party", "상대 차량", "--json").output)
    assert same["final"] == plain["final"] and not any("설명에 없" in w for w in same["warnings"])
    shown = _invoke(TEXT, "--party", "갑", "--party", "을")
    assert shown.exit_code == 0 and "갑 30%" in shown.output
    # One name the text uses keeps its party; the unknown one takes the other, in the given order.
    half = json.loads(_invoke(TEXT, "--party", "상대 차량", "--party", "당사 차량", "--json").output)
    assert half["chart_id"] == "차15-1" and half["parties"] == ["상대 차량", "당사 차량"]
    assert half["final"] == {"상대 차량": 70, "당사 차량": 30}
    assert list(half["final"]) == ["상대 차량", "당사 차량"]


def test_control_sequences_are_not_printed():
    evil = TEXT + " \x1b]0;pwned\x07\x1b[2J\x9b31m"
    out = _invoke(evil, "--party", "제 차\x1b[31m", "--party", "상대 차량")
    assert out.exit_code == 0, out.output
    assert not any(c in out.output for c in ("\x1b", "\x07", "\x9b"))
    js = _invoke(evil, "--json")
    assert js.exit_code == 0 and "\x9b" not in js.output and "\x1b" not in js.output
    assert json.loads(js.output)["description"] == evil


def test_real_process_exit_codes(tmp_path):
    cmd = [sys.executable, "-c", "from katalog.cli import main; main()", "assess"]
    ok = subprocess.run([*cmd, "-", "--json"], input=TEXT.encode(), capture_output=True, timeout=120)
    assert ok.returncode == 0 and json.loads(ok.stdout)["status"] == "ok"
    bad = subprocess.run([*cmd, "-", "--json"], input=b"\xff\xfe", capture_output=True, timeout=120)
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr
    declined = subprocess.run([*cmd, "오늘 날씨가 좋네요"], capture_output=True, timeout=120)
    assert declined.returncode == 0
