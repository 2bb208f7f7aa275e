"""Imported text with terminal escapes is shown without them (issue 17, findings 7 and 8: time zones)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from katalog.cli import app

runner = CliRunner()
EVIL = "\x1b]0;pwned\x07\x1b[2J\x1b[H\x9b31m\u202e\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def _run(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False, env=env)
    assert result.exit_code == 0, result.output
    return result.output


def _clean(out: str) -> None:
    assert not any(c in out for c in RAW), repr(out[:400])


def test_review_show_and_cases_list_strip_escape_sequences(tmp_path, fake):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    f = tmp_path / "claims.jsonl"
    f.write_text(
        json.dumps({"id": f"E1{EVIL}", "description": f"교차로 충돌 {EVIL} 설명", "party_1": f"갑{EVIL}",
                    "party_2": "을", "source": EVIL}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    out = _run("cases", "import", str(f), "--db", url)
    _clean(out)
    _run("batch", "score", "--db", url, "--scorer", fake)
    case_id = f"E1{EVIL}"
    _run("review", "decide", case_id, "--db", url, "--ratio", "30:70", "--reason", f"사유 {EVIL}",
         "--reviewer", f"kim{EVIL}")  # fmt: skip
    for args in (
        ("cases", "list", "--db", url),
        ("review", "show", case_id, "--db", url),
        ("review", "show", case_id, "--db", url, "--json"),
        ("batch", "report", "--db", url),
        ("batch", "report", "--db", url, "--json"),
    ):
        out = _run(*args)
        _clean(out)
    shown = _run("review", "show", case_id, "--db", url)
    assert "교차로 충돌" in shown and "pwned" not in shown and "evil.example" not in shown
    detail = json.loads(_run("review", "show", case_id, "--db", url, "--json"))
    assert detail["case"]["description"] == f"교차로 충돌 {EVIL} 설명"  # the data itself is kept verbatim
    assert detail["reviews"][0]["created_at"].endswith("+00:00")


def test_review_times_carry_a_time_zone(tmp_path, fake):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    f = tmp_path / "c.csv"
    f.write_text("id,description\nT1,교차로 충돌\n", encoding="utf-8")
    _run("cases", "import", str(f), "--db", url)
    _run("batch", "score", "--db", url, "--scorer", fake)
    out = _run("review", "decide", "T1", "--db", url, "--ratio", "30:70", "--reason", "r", "--reviewer", "kim")
    assert "+00:00" in out
    assert "+00:00" in _run("review", "show", "T1", "--db", url)
    seoul = _run("review", "show", "T1", "--db", url, env={"KATALOG_TZ": "Asia/Seoul"})
    assert "+09:00" in seoul
    bad = runner.invoke(app, ["review", "show", "T1", "--db", url], env={"KATALOG_TZ": "Mars/Base"})
    assert bad.exit_code != 0
    bad = runner.invoke(app, ["review", "decide", "T1", "--db", url, "--ratio", "40:60", "--reason", "r",
                              "--reviewer", "kim"], env={"KATALOG_TZ": "Mars/Base"})  # fmt: skip
    assert bad.exit_code != 0
    detail = json.loads(_run("review", "show", "T1", "--db", url, "--json"))
    assert len(detail["reviews"]) == 1  # nothing recorded by the refused command


def test_export_of_hostile_text_works_in_every_format(tmp_path, fake):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": f"X{EVIL}", "description": "교차로 충돌", "party_1": f"=갑{EVIL}",
                             "party_2": "을"}, ensure_ascii=False) + "\n", encoding="utf-8")  # fmt: skip
    _run("cases", "import", str(f), "--db", url)
    _run("batch", "score", "--db", url, "--scorer", fake)
    for name in ("o.csv", "o.xlsx", "o.parquet"):
        _run("batch", "export", "--db", url, "--out", str(tmp_path / name))
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "o.xlsx").active
    row = [c.value for c in next(ws.iter_rows(min_row=2, max_row=2))]
    assert row[0].startswith("X\\x1b]0;pwned") and row[3].startswith("'=갑")  # visible, not executed
