"""The one CSV reader behind the importer and the app's upload (`katalog.csv_rows`)."""

from __future__ import annotations

from katalog import csv_rows
from katalog.ui import batch as upload


def _read(text: str, max_lines: int = 20) -> list[tuple[int, list[str] | None, str]]:
    recs = csv_rows.records(csv_rows.split_lines(text), max_lines=max_lines)
    return [(r.line, r.cells, r.error.partition(":")[0]) for r in recs]


def test_multi_line_cells_blank_lines_and_the_header_width():
    text = 'id,description\n\n   \nA1,"첫 줄\n둘째 줄, 쉼표도 있음\n끝"\nA2,한 줄\n'
    assert _read(text) == [
        (1, ["id", "description"], ""),
        (4, ["A1", "첫 줄\n둘째 줄, 쉼표도 있음\n끝"], ""),  # a middle line with a comma but no one-word id
        (7, ["A2", "한 줄"], ""),
    ]


def test_a_quote_that_swallows_rows_rejects_its_own_line_with_any_line_ending():
    for end in ("\n", "\r\n", "\r"):
        text = (
            end.join(["id,description", 'B1,"열린 따옴표', "B2,둘째 행", 'B3,셋째 행"', "B4,넷째 행"]) + end
        )
        assert _read(text) == [
            (1, ["id", "description"], ""),
            (2, None, "unclosed_quote"),
            (3, ["B2", "둘째 행"], ""),
            (4, ["B3", '셋째 행"'], ""),
            (5, ["B4", "넷째 행"], ""),
        ], repr(end)


def test_a_row_shaped_line_that_closes_the_cell_is_its_last_line():
    assert _read('id,description\nF1,"\n0,0"\nF2,다음\n') == [
        (1, ["id", "description"], ""),
        (2, ["F1", "\n0,0"], ""),
        (4, ["F2", "다음"], ""),
    ]


def test_a_quote_open_past_the_line_limit_or_broken_later_rejects_one_line():
    text = 'id,description\nC1,"열림\n계속\n닫힘"\n'
    assert _read(text) == [(1, ["id", "description"], ""), (2, ["C1", "열림\n계속\n닫힘"], "")]
    assert _read(text, max_lines=2) == [
        (1, ["id", "description"], ""),
        (2, None, "unclosed_quote"),
        (3, ["계속"], ""),  # the cell count is the caller's to check
        (4, ['닫힘"'], ""),
    ]
    broken = 'id,description\nC1,"열림\n계속\nC2,"닫힌 뒤" 글자\n'
    assert [(n, e) for n, _, e in _read(broken)] == [(1, ""), (2, "unclosed_quote"), (3, ""), (4, "bad_csv")]


def test_only_cr_and_lf_end_a_line():
    text = "id,description\nD1,줄 구분자\u2028와 폼피드\x0c가 든 설명\n"
    assert _read(text)[1] == (2, ["D1", "줄 구분자\u2028와 폼피드\x0c가 든 설명"], "")
    frame, rejects = upload.read_upload("d.csv", text.encode())
    assert rejects == [] and list(frame["description"]) == ["줄 구분자\u2028와 폼피드\x0c가 든 설명"]


def test_the_importer_and_the_upload_reject_the_same_lines(db, tmp_path):
    text = (
        "id,description\n"
        'G1,"닫히지 않은 따옴표\n'
        "G2,둘째 행\n"
        'G3,"닫힌 뒤" 글자\n'
        'G4,"여러 줄\n설명"\n'
        "G5,마지막\n"
    )
    f = tmp_path / "g.csv"
    f.write_text(text, encoding="utf-8")
    report = db.import_cases(f)
    frame, rejects = upload.read_upload("g.csv", text.encode())
    assert [(r.line, r.reason) for r in report.rejects] == [(2, "unclosed_quote"), (4, "bad_csv")]
    assert [r["line"] for r in rejects] == [2, 4] and "닫히지 않았습니다" in rejects[0]["reason"]
    assert list(frame.index) == [3, 5, 7] and report.inserted == 3
