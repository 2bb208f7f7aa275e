"""Files that are not clean UTF-8 CSV/JSONL/XLSX: CP949 is read, anything unreadable is one clear error."""

from __future__ import annotations

import sys

import pytest

from katalog.errors import InputError


def test_cp949_csv_is_imported(db, tmp_path):
    f = tmp_path / "claims.csv"
    f.write_bytes("id,description\nK1,뒤에서 오던 차가 추돌했습니다\n".encode("cp949"))
    report = db.import_cases(f)
    assert report.inserted == 1 and not report.rejected
    assert db.case_detail("K1").case.description == "뒤에서 오던 차가 추돌했습니다"


def test_undecodable_text_file_is_an_input_error(db, tmp_path):
    f = tmp_path / "claims.jsonl"
    f.write_bytes(b'{"id": "1", "description": "\xff\xfe\xfa"}\n')
    with pytest.raises(InputError, match="인코딩"):
        db.import_cases(f)


def test_file_that_is_not_a_workbook_is_an_input_error(db, tmp_path):
    f = tmp_path / "claims.xlsx"
    f.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="XLSX"):
        db.import_cases(f)


def test_cli_turns_os_errors_into_one_line(tmp_path, monkeypatch, capsys):
    from katalog.cli import main

    folder = tmp_path / "out.csv"
    folder.mkdir()
    monkeypatch.setattr(
        sys, "argv", ["katalog", "batch", "export", "--out", str(folder), "--db", f"sqlite:///{tmp_path / 'k.db'}"]
    )
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("오류 / error:") and "\n" not in err and "Traceback" not in err
