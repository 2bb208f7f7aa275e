"""Which books of the standard were in force on an accident's date.

A fault ratio follows the standard in force when the accident happened. The portal's legacy series
(two-wheeler 3xx, highway 5xx) decided accidents until the 2023 edition replaced it; the 2023 edition
folds two-wheelers into the car charts and its base ratios differ. `Book.superseded_by` records that
succession in the data; this module reads it.

An undated description is assessed under the standard in force today (the current edition): users type
recent accidents, and an old accident's date can be given (`assess(..., accident_date=…)`, the CLI's
`--date`, the app's date field, an eval row's `accident_date`) or is read from the text ("2019년 5월 3일").
"""

from __future__ import annotations

import re
from datetime import date

from katalog.dates import parse_day
from katalog.standard.schema import Book

__all__ = ["accident_day", "date_in_text", "date_of_case_id", "edition_note", "superseded_books"]


def superseded_books(books: list[Book], on: date | None) -> frozenset[str]:
    """The books no longer in force on `on` (None: today): those whose successor had taken effect."""
    effective = {b.id: b.effective_date for b in books}
    day = on or date.today()
    return frozenset(
        b.id for b in books
        if b.superseded_by and b.superseded_by in effective and effective[b.superseded_by] <= day
    )


def edition_note(books: list[Book], on: date | None, chart_book: str) -> str:
    """One Korean line saying which edition the answer follows and why (shown with the chart)."""
    by_id = {b.id: b for b in books}
    book = by_id.get(chart_book)
    if book is None:
        return ""
    if on is None:
        return f"사고 일자 미상: 현행 기준({book.title} {book.edition})으로 판단했습니다."
    if book.superseded_by in by_id:  # a superseded book answers only for an accident before its successor
        nxt = by_id[book.superseded_by]
        return (f"사고일 {on.isoformat()}: {nxt.title} {nxt.edition} 시행({nxt.effective_date.isoformat()}) 전의 "
                f"사고여서 당시 기준({book.title})을 적용했습니다.")
    if on < book.effective_date:
        return (f"사고일 {on.isoformat()}: 이 도표의 기준({book.title} {book.edition})은 "
                f"{book.effective_date.isoformat()} 시행입니다. 사고 당시의 기준과 다를 수 있습니다.")
    return f"사고일 {on.isoformat()}: {book.title} {book.edition} 기준."


#: a full date with a four-digit year: 2019년 5월 3일, 2019.5.3, 2019-05-03, 2019/5/3; or a year and a
#: month (2019년 5월, 2019.05). A bare year is not a date: "2019년식 차량" names a model year.
_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:년\s*|[.\-/]\s*)(1[0-2]|0?[1-9])\s*(?:월\s*|[.\-/]\s*)"
    r"(?:(3[01]|[12]\d|0?[1-9])(?!\d)\s*일?)?"
)
#: a committee decision's case number: KFRC-2019-008384 (the year the case was filed)
_CASE_ID = re.compile(r"^KFRC-((?:19|20)\d{2})-\d+$")


def date_in_text(text: str, today: date | None = None) -> date | None:
    """The accident date a description states, when it states exactly one (a year with a month at least);
    None when it states none, several different ones, or one in the future."""
    found: set[date] = set()
    for m in _DATE.finditer(text or ""):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        try:
            found.add(date(year, month, day))
        except ValueError:  # 2월 30일: not a date, and nothing to guess from
            return None
    if len(found) != 1:
        return None
    (on,) = found
    return on if on <= (today or date.today()) else None


def date_of_case_id(case_id: str) -> date | None:
    """The committee case number's year as a date (1 January): the accident happened before the case
    was filed; within the filing year the earlier edition is the usual case."""
    m = _CASE_ID.match(case_id or "")
    return date(int(m.group(1)), 1, 1) if m else None


def accident_day(value: date | str | None, today: date | None = None) -> date | None:
    """A user's accident date as a `date`: a `date`, a written date (`katalog.dates.parse_day`: 2019-05-03,
    2019.05.03, 2019년 5월 3일 …) or None; an unreadable or future date is an `InputError` naming it."""
    from katalog.errors import InputError

    if value is not None and not isinstance(value, str | date):
        raise InputError(f"사고 일자는 날짜여야 합니다: {value!r}", f"accident_date must be a date, got {type(value).__name__}")
    try:
        day = parse_day(value)
    except ValueError:
        raise InputError(f"사고 일자를 읽을 수 없습니다: {value!r} (예: 2019-05-03)",
                         f"cannot read the accident date {value!r}; use YYYY-MM-DD") from None
    if day is not None and day > (today or date.today()):
        raise InputError(f"사고 일자가 미래입니다: {day.isoformat()}", f"the accident date {day.isoformat()} is in the future")
    return day

