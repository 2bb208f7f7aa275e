"""The standard in force on an accident's date decides the book (katalog.standard.edition)."""

from __future__ import annotations

from datetime import date

import pytest

from katalog import assess
from katalog.engine import reassess
from katalog.errors import InputError
from katalog.models import EvalCase
from katalog.standard.edition import (
    accident_day,
    date_in_text,
    date_of_case_id,
    edition_note,
    superseded_books,
)
from katalog.standard.loader import load_standard

TODAY = date(2026, 12, 6)
# a two-wheeler hit by a car turning right out of a side road: the portal series (3xx) and the 2023 car
# charts both describe it, with different base ratios
RIDER = "편도 2차로 도로에서 제 오토바이가 직진 중인데 오른쪽 골목에서 나온 승용차가 우회전하면서 부딪혔어요"


def test_the_portal_series_is_superseded_by_the_2023_edition_from_its_effective_date() -> None:
    books = load_standard().books
    main = next(b for b in books if b.id == "MAIN2023")
    portal = next(b for b in books if b.id == "PORTAL")
    assert portal.superseded_by == "MAIN2023"
    assert superseded_books(books, date(2019, 5, 3)) == frozenset()
    assert superseded_books(books, main.effective_date) == {"PORTAL"}
    assert superseded_books(books, None) == {"PORTAL"}  # undated: the standard in force today


@pytest.mark.parametrize(("text", "expected"), [
    ("2019년 5월 3일 오후에 교차로에서", date(2019, 5, 3)),
    ("사고일 2021.03.05 직진 중", date(2021, 3, 5)),
    ("2022-11-30 새벽 골목길", date(2022, 11, 30)),
    ("2020년 7월쯤 있었던 사고", date(2020, 7, 1)),  # a month without a day: its first day
    ("2019년식 아반떼를 타고 가다가", None),  # a model year is not a date
    ("2019년 5월 3일에 사고, 2020년 1월 2일에 소송", None),  # two dates: which one is the accident's?
    ("2027년 1월 5일 사고", None),  # in the future
    ("2021년 2월 30일 사고", None),  # no such day
    ("사고 설명에 날짜가 없음", None),
])
def test_a_date_the_text_states(text: str, expected: date | None) -> None:
    assert date_in_text(text, today=TODAY) == expected


def test_a_committee_case_number_dates_the_case_by_its_year() -> None:
    assert date_of_case_id("KFRC-2019-008384") == date(2019, 1, 1)
    assert date_of_case_id("EV-BO-0001") is None
    row = EvalCase(id="KFRC-2018-070162", description="…", expected={"answerable": True})
    assert row.dated == date(2018, 1, 1)
    given = EvalCase(id="KFRC-2018-070162", description="…", expected={"answerable": True}, accident_date="2024-02-01")
    assert given.dated == date(2024, 2, 1)


def test_a_bad_accident_date_is_an_input_error_naming_it() -> None:
    assert accident_day("2019-05-03") == date(2019, 5, 3)
    assert accident_day(None) is None and accident_day("") is None
    with pytest.raises(InputError, match="2019-13-40"):
        accident_day("2019-13-40")
    with pytest.raises(InputError, match="미래"):
        accident_day("2030-01-01", today=TODAY)


def test_an_undated_two_wheeler_accident_follows_the_2023_edition() -> None:
    std = load_standard()
    a = assess(RIDER)
    assert a.status == "ok"
    assert std.charts[a.chart_id].book == "MAIN2023"
    assert all(std.charts[c.chart_id].book != "PORTAL" for c in a.candidates)
    assert a.facts.accident_date is None
    assert "현행 기준" in a.edition_note


def test_a_dated_two_wheeler_accident_before_2023_follows_the_portal_series() -> None:
    std = load_standard()
    a = assess(RIDER, accident_date="2019-05-03")
    assert a.status == "ok"
    assert std.charts[a.chart_id].book == "PORTAL"
    assert a.facts.accident_date == date(2019, 5, 3)
    assert "2023-06-01" in a.edition_note and "당시 기준" in a.edition_note
    # the same date stated in the text does the same
    b = assess("2019년 5월 3일 " + RIDER)
    assert std.charts[b.chart_id].book == "PORTAL"


def test_reassess_with_another_date_changes_the_edition_and_keeps_it_otherwise() -> None:
    std = load_standard()
    old = assess(RIDER, accident_date=date(2019, 5, 3))
    new = reassess(old, accident_date=None)
    assert std.charts[new.chart_id].book == "MAIN2023"
    kept = reassess(old, party_a=old.mapping.B)
    assert kept.facts.accident_date == date(2019, 5, 3)
    assert std.charts[kept.chart_id].book == "PORTAL"


def test_the_edition_note_names_a_book_not_yet_in_force() -> None:
    books = load_standard().books
    note = edition_note(books, date(2019, 3, 1), "ROUND2025")
    assert "2025-01-01" in note and "다를 수 있습니다" in note
    assert edition_note(books, date(2024, 3, 1), "MAIN2023").startswith("사고일 2024-03-01")
    assert edition_note(books, None, "NO-SUCH-BOOK") == ""


def test_the_cli_takes_a_date_and_names_a_bad_one() -> None:
    import json

    from typer.testing import CliRunner

    from katalog.cli import app

    runner = CliRunner()
    bad = runner.invoke(app, ["assess", "--date", "2019-13-40", RIDER])
    assert bad.exit_code == 2 and "2019-13-40" in bad.output
    ok = runner.invoke(app, ["assess", "--date", "2019-05-03", "--json", RIDER])
    assert ok.exit_code == 0, ok.output
    a = json.loads(ok.output)
    assert a["facts"]["accident_date"] == "2019-05-03" and "당시 기준" in a["edition_note"]
    shown = runner.invoke(app, ["assess", RIDER])
    assert "현행 기준" in shown.output
