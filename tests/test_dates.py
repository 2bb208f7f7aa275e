"""One date parser for the API, the CLI, the app and the case importer (`katalog.dates.parse_day`)."""

from __future__ import annotations

import datetime as dt

import pytest

from katalog.batch.scorer import takes_date
from katalog.dates import parse_day
from katalog.errors import InputError
from katalog.standard.edition import accident_day

MAY_3 = dt.date(2019, 5, 3)


@pytest.mark.parametrize("text", [
    "2019-05-03", "2019.05.03", "2019/5/3", "20190503", "2019-05-03 14:20", "2019-05-03T14:20:00",
    "2019년 5월 3일", "2019년5월3일", "2019.5.3.", " 2019-05-03 ",
])
def test_written_dates(text: str) -> None:
    assert parse_day(text) == MAY_3


def test_dates_and_empty() -> None:
    assert parse_day(MAY_3) == MAY_3
    assert parse_day(dt.datetime(2019, 5, 3, 14, 20)) == MAY_3
    assert parse_day(None) is None and parse_day("") is None


@pytest.mark.parametrize("text", ["2019-13-40", "2019-02-30", "어제", "2019", "05/03/2019"])
def test_not_a_date_names_the_value(text: str) -> None:
    with pytest.raises(ValueError, match=text.replace("/", ".")[:4]):
        parse_day(text)


def test_the_api_reads_what_the_importer_reads() -> None:
    """`--date`, `assess(accident_date=)` and the app take the case files' forms too; a bad one is an
    `InputError` in both languages."""
    assert accident_day("2019.05.03") == accident_day("2019년 5월 3일") == MAY_3
    with pytest.raises(InputError, match="사고 일자를 읽을 수 없습니다"):
        accident_day("2019.13.01")
    with pytest.raises(InputError, match="사고 일자는 날짜여야"):
        accident_day(20190503)  # type: ignore[arg-type]


def test_takes_date_is_asked_once_per_scorer() -> None:
    def dated(description, parties, accident_date=None): ...
    def plain(description, parties): ...

    assert takes_date(dated) and not takes_date(plain)
    assert takes_date(lambda d, p, **kw: None)

    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self, description, parties, accident_date=None): ...

    assert takes_date(Unhashable())
