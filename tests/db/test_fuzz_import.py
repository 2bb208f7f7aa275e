"""Property-based fuzzing of the importer (Hypothesis), on SQLite and PostgreSQL (issue 17).

Whatever the cells contain (quotes, commas, line breaks, NUL, terminal escapes, CP949-unfriendly
characters), an import never crashes, accounts for every row, stores each accepted row exactly as
written and never merges two rows.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from katalog.csv_rows import split_csv_record
from katalog.db.importer import REASONS

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
_ids = itertools.count()

# Text that tends to break importers: CSV syntax, line breaks, NUL and other controls, escapes, Hangul.
HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(',"\'\n\r\t\x00\x1b\x07\x9b\u202e\ufeff;=+-@[]{}\\')),
        st.characters(min_codepoint=0xAC00, max_codepoint=0xAC40),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=40,
)


def _row(desc: str, p1: str | None, p2: str | None) -> dict[str, str]:
    row = {"id": f"F{next(_ids)}", "description": desc}
    if p1 is not None:
        row["party_1"] = p1
    if p2 is not None:
        row["party_2"] = p2
    return row


rows_strategy = st.lists(
    st.builds(_row, HOSTILE, st.none() | HOSTILE, st.none() | HOSTILE), min_size=1, max_size=8
)


def _check_report(db, rows, report) -> None:
    assert report.rows == len(rows) == report.inserted + report.unchanged + report.rejected
    assert all(r.reason in REASONS for r in report.rejects), [r.reason for r in report.rejects]
    assert all(r.reason_ko and r.reason_en and r.line >= 1 for r in report.rejects)
    rejected_ids = {r.external_id for r in report.rejects}
    for row in rows:
        if row["id"] in rejected_ids:
            continue
        stored = db.case_detail(row["id"]).case
        assert stored.description == row["description"].strip()  # exactly what was written, never merged
        assert "\x00" not in stored.description


@FUZZ
@given(rows=rows_strategy)
def test_csv_written_by_a_real_csv_writer_round_trips(db, tmp_path, rows):
    f = tmp_path / "fuzz.csv"
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "description", "party_1", "party_2"])
        w.writeheader()
        w.writerows(rows)
    report = db.import_cases(f)
    _check_report(db, rows, report)


@FUZZ
@given(rows=rows_strategy)
def test_jsonl_and_dict_rows_never_crash(db, tmp_path, rows):
    f = tmp_path / "fuzz.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    _check_report(db, rows, db.import_cases(f))
    again = [dict(r, id=f"{r['id']}-d") for r in rows]
    _check_report(db, again, db.import_cases(again))


@FUZZ
@given(lines=st.lists(HOSTILE, min_size=1, max_size=10))
def test_arbitrary_csv_text_is_read_or_rejected_line_by_line(db, tmp_path, lines):
    f = tmp_path / "raw.csv"
    content = "id,description\n" + "\n".join(lines) + "\n"
    f.write_bytes(content.encode("utf-8"))
    physical = len(re.split(r"\r\n|\r|\n", content)) - 1  # a lone CR ends a line too
    report = db.import_cases(f)
    assert report.rows == report.inserted + report.unchanged + report.rejected
    assert all(r.reason in REASONS and 2 <= r.line <= physical for r in report.rejects)
    for case in db.list_cases(limit=1000):  # nothing stored holds a NUL byte
        assert "\x00" not in case.description and "\x00" not in case.external_id


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(HOSTILE, min_size=1, max_size=6))
def test_split_csv_record_reads_what_csv_writer_writes(cells):
    buf = io.StringIO()
    csv.writer(buf).writerow(cells)  # the default "\r\n" terminator: CR and LF in cells are quoted
    parsed, status = split_csv_record(buf.getvalue())
    assert (parsed, status) == (cells, "ok")


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy)
def test_csv_round_trip_many_examples(db, tmp_path, rows):
    test_csv_written_by_a_real_csv_writer_round_trips.hypothesis.inner_test(db, tmp_path, rows)
