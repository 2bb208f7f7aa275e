"""Calendar dates as people and case files write them: one parser for the API, the CLI, the app and the
case importer (2019-05-03, 2019.05.03, 2019/5/3, 20190503, 2019년 5월 3일, with or without a time after)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = ["parse_day"]

_DAY = re.compile(
    r"^(\d{4})(?:[-./]?(\d{1,2})[-./]?(\d{1,2})|\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일)\.?(?:[ T].*)?$"
)


def parse_day(value: Any) -> dt.date | None:
    """None for None or empty text; a `date` for a date, a datetime or a written date; ValueError naming
    the value for anything that is not a real calendar date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = _DAY.match(text)
    if not m:
        raise ValueError(text)
    year, month, day = m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(text) from None
