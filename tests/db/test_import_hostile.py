"""NUL bytes, unclosed quotes and oversized values are per-row rejects (issue 17, finding 5)."""

from __future__ import annotations

import csv
import json

from katalog.csv_rows import split_csv_record


def _rejects_file(path) -> list[dict[str, str]]:
    with path.with_name(path.name + ".rejects.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_nul_byte_in_csv_rejects_only_that_row(db, tmp_path):
    f = tmp_path / "claims.csv"
    f.write_text("id,description\nN1,정상 설명\nN2,NUL \x00 들어간 설명\nN3,다른 정상 설명\n", encoding="utf-8")
    report = db.import_cases(f)
    assert (report.inserted, report.rejected) == (2, 1)
    r = report.rejects[0]
    assert (r.line, r.external_id, r.reason) == (3, "N2", "nul_byte")
    assert "NUL" in r.reason_ko and "NUL" in r.reason_en and "\\x00" in r.raw
    assert {s.external_id for s in db.list_cases()} == {"N1", "N3"}
    rows = _rejects_file(f)
    assert rows[0]["line"] == "3" and rows[0]["reason"] == "nul_byte" and rows[0]["reason_en"]
    assert "\x00" not in f.with_name(f.name + ".rejects.csv").read_text(encoding="utf-8-sig")


def test_nul_byte_in_jsonl_and_in_dict_rows(db, tmp_path):
    f = tmp_path / "claims.jsonl"
    lines = [
        {"id": "J1", "description": "정상"},
        {"id": "J2", "description": "널 \u0000 문자"},
        {"id": "J3", "description": "정상", "party_1": "갑\u0000", "party_2": "을"},
        {"id": "J4", "description": "정상 4", "메모\u0000": "x"},
    ]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    report = db.import_cases(f)
    assert report.inserted == 1 and [(r.line, r.reason) for r in report.rejects] == [
        (2, "nul_byte"),
        (3, "nul_byte"),
        (4, "nul_byte"),
    ]
    more = db.import_cases([{"id": "D1", "description": "a\x00b"}, {"id": "D2", "description": "ok"}])
    assert (more.inserted, more.rejected) == (1, 1)


def test_unclosed_quote_does_not_merge_the_next_rows(db, tmp_path):
    f = tmp_path / "claims.csv"
    f.write_text(
        "id,description,party_1,party_2\n"
        'Q1,"따옴표가 닫히지 않은 설명,갑,을\n'
        "Q2,다음 행 설명,갑,을\n"
        'Q3,"정상적으로 ""인용""된 설명",갑,을\n'
        'Q4,"여러 줄\n설명도 괜찮습니다",갑,을\n',
        encoding="utf-8",
    )
    report = db.import_cases(f)
    assert [(r.line, r.reason) for r in report.rejects] == [(2, "unclosed_quote")]
    assert report.inserted == 3
    assert db.case_detail("Q2").case.description == "다음 행 설명"
    assert db.case_detail("Q3").case.description == '정상적으로 "인용"된 설명'
    assert db.case_detail("Q4").case.description == "여러 줄\n설명도 괜찮습니다"
    r = report.rejects[0]
    assert r.external_id is None and "따옴표" in r.reason_ko and "quote" in r.reason_en
    assert r.raw.startswith('Q1,"따옴표가')


def test_unclosed_quote_at_the_end_and_one_that_closes_rows_later(db, tmp_path):
    f = tmp_path / "claims.csv"
    f.write_text(
        'id,description\nE1,"열린 따옴표 설명\nE2,두 번째 행\nE3,세 번째 행" 뒤에 글자\nE4,"닫힌 뒤" 글자\nE5,"끝까지 열림\n',
        encoding="utf-8",
    )
    report = db.import_cases(f)
    assert {s.external_id for s in db.list_cases()} == {"E2", "E3"}  # a quote inside a plain cell is text
    assert [(r.line, r.reason) for r in report.rejects] == [(2, "unclosed_quote"), (5, "bad_csv"), (6, "unclosed_quote")]

    g = tmp_path / "late.csv"  # the stray quote closes cleanly two rows later: still not merged
    g.write_text('id,description\nL1,"설명 하나\nL2,설명 둘\nL3,설명 셋"\nL4,설명 넷\n', encoding="utf-8")
    report = db.import_cases(g)
    assert {r.reason for r in report.rejects} == {"unclosed_quote"}
    assert db.case_detail("L2").case.description == "설명 둘"
    assert db.case_detail("L4").case.description == "설명 넷"


def test_values_longer_than_their_column_are_rejected_on_every_database(db):
    report = db.import_cases(
        [
            {"id": "X" * 201, "description": "긴 번호"},
            {"id": "P1", "description": "긴 당사자", "party_1": "갑" * 201, "party_2": "을"},
            {"id": "OK", "description": "정상"},
        ]
    )
    assert [r.reason for r in report.rejects] == ["too_long", "too_long"] and report.inserted == 1


def test_split_csv_record():
    assert split_csv_record('a,"b,c",d\n') == (["a", "b,c", "d"], "ok")
    assert split_csv_record('a,"b\n') == (["a"], "open")
    assert split_csv_record('a,"b"x,c')[1].startswith("bad")
    assert split_csv_record('a,b"c,d') == (["a", 'b"c', "d"], "ok")
    assert split_csv_record("") == ([""], "ok")


def test_a_row_the_database_refuses_is_a_reject_and_the_chunk_survives(db, monkeypatch):
    from katalog.db import importer

    monkeypatch.setattr(importer, "MAX_LEN", {})  # let an over-long id reach the database
    report = db.import_cases(
        [{"id": f"C{i}", "description": "정상"} for i in range(5)] + [{"id": "Y" * 300, "description": "긴 번호"}]
    )
    if db.engine.dialect.name == "postgresql":  # varchar(200) is enforced there
        assert (report.inserted, [r.reason for r in report.rejects]) == (5, ["db_error"])
        assert report.rejects[0].line == 6 and report.rejects[0].reason_en
    else:  # SQLite does not enforce lengths
        assert report.inserted == 6


def test_saving_an_assessment_with_a_nul_byte_is_an_input_error(db):
    import pytest

    from katalog.errors import InputError
    from katalog.models import Assessment

    with pytest.raises(InputError, match="NUL"):
        db.save_assessment("Z1", Assessment(description="설명\x00", parties=["a", "b"]))
    with pytest.raises(InputError, match="NUL"):
        db.save_assessment("Z\x002", Assessment(description="설명", parties=["a", "b"]))
    assert db.count_cases() == 0


def test_a_cell_that_starts_with_a_line_break_and_ends_in_a_rows_shape_is_one_cell(db, tmp_path):
    """Found by the fuzz suite: a real CSV writer's multi-line cell whose last line looks like a row."""
    import csv

    f = tmp_path / "writer.csv"
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerows([["id", "description"], ["F1", "\n0,0"], ["F2", "다음 행"]])
    report = db.import_cases(f)
    assert (report.inserted, report.rejects) == (2, [])
    assert db.case_detail("F1").case.description == "0,0"  # stored stripped, like every value
