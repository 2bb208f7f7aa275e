"""`import_cases`: column mapping, rejects with line numbers, chunked and re-runnable."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from katalog.errors import InputError

CSV = (
    "claim_no,text,party_1,party_2,accident_date,branch\n"
    "1,뒤에서 받혔어요,A차,B차,2024-01-05,서울\n"
    "2,,A,B,2024-01-05,서울\n"
    '3,"여러 줄\n설명",A,B,2024-13-40,부산\n'
    "4,정상 설명,갑,을,2024.02.03,부산\n"
    "1,다른 내용,A차,B차,2024-01-05,서울\n"
    "5,한쪽 당사자만,A,,,대구\n"
    "1,뒤에서 받혔어요,A차,B차,2024-01-05,서울\n"
)


def _rejects(path):
    with path.open(encoding="utf-8-sig") as fh:
        return [(int(r["line"]), r["id"], r["reason"]) for r in csv.DictReader(fh)]


def test_csv_mapping_rejects_and_rerun(db, tmp_path):
    f = tmp_path / "claims.csv"
    f.write_text(CSV, encoding="utf-8")
    report = db.import_cases(f, ["id=claim_no", "description=text"], chunk=2)
    assert (report.rows, report.inserted, report.unchanged, report.rejected) == (7, 2, 1, 4)
    assert report.rejects_path == tmp_path / "claims.csv.rejects.csv"
    # Line numbers are the file's lines (the multi-line quoted record starts on line 4).
    assert _rejects(report.rejects_path) == [
        (3, "2", "missing_description"),
        (4, "3", "bad_date"),
        (7, "1", "duplicate_in_file"),
        (8, "5", "incomplete_parties"),
    ]
    assert "거부 4" in report.summary() and "rejects file" in report.summary()
    case = db.case_detail("4")
    assert case.case.accident_date == dt.date(2024, 2, 3)
    assert case.meta == {"branch": "부산"}
    assert case.case.parties == ["갑", "을"]

    again = db.import_cases(f, {"id": "claim_no", "description": "text"})
    assert (again.inserted, again.unchanged, again.rejected) == (0, 3, 4)
    assert db.count_cases() == 2


def test_changed_row_in_db_is_rejected_not_overwritten(db):
    db.import_cases([{"id": "X", "description": "원래 설명"}])
    report = db.import_cases([{"id": "X", "description": "바뀐 설명"}, {"id": "Y", "description": "새 사건"}])
    assert (report.inserted, report.rejected) == (1, 1)
    assert report.rejects[0].reason == "duplicate_in_db" and report.rejects[0].line == 1
    assert db.case_detail("X").case.description == "원래 설명"


def test_jsonl_and_xlsx(db, tmp_path):
    j = tmp_path / "c.jsonl"
    j.write_text(
        json.dumps({"id": 10, "description": "직진 중 충돌", "accident_date": "20240301"}, ensure_ascii=False)
        + "\n\n{not json\n"
        + json.dumps({"id": 11, "description": "후진 차량과 충돌", "extra": {"k": 1}}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    r = db.import_cases(j)
    assert (r.inserted, r.rejected) == (2, 1)
    assert r.rejects[0].line == 3 and r.rejects[0].reason == "bad_json"
    assert db.case_detail("10").case.accident_date == dt.date(2024, 3, 1)

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id", "description", "accident_date"])
    ws.append([20, "주차장 사고", dt.datetime(2024, 5, 6, 10, 0)])
    ws.append([21, None, None])
    x = tmp_path / "c.xlsx"
    wb.save(x)
    r = db.import_cases(x)
    assert (r.inserted, r.rejected) == (1, 1)
    assert r.rejects[0].line == 3
    assert db.case_detail("20").case.accident_date == dt.date(2024, 5, 6)


def test_bad_inputs_are_clear_errors(db, tmp_path):
    with pytest.raises(InputError, match="알 수 없는 필드"):
        db.import_cases([], ["nope=x"])
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        db.import_cases([], ["nope"])
    with pytest.raises(InputError, match="파일이 없습니다"):
        db.import_cases(tmp_path / "missing.csv")
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(InputError, match="지원하지 않는"):
        db.import_cases(tmp_path / "a.txt")
