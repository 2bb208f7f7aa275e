"""CSV records from a file's lines: the one reader behind the case importer (`db.importer`) and the
app's upload (`ui.batch`), so that both read a file the same way.

The policy:

- cells are RFC 4180 (`,` separates, `"` quotes, `""` is a quote); a quote inside an unquoted cell is text;
- a quoted cell may hold line breaks, over at most `max_lines` lines of the file;
- a line of nothing but white space is blank: skipped, never a row;
- the first record is the header; its number of cells is the width of a row;
- a line inside an open quote that is by itself a whole row (the header's width, a one-word id first)
  means the quote above never closed, unless that line closes the record: then it is the cell's last
  line (a real CSV writer writes `F1,"\\n0,0"` for the cell "\\n0,0");
- a quote that never closes (end of file, `max_lines`, text after a later closing quote, or rows it
  would swallow) rejects its own first line only, and the lines after it are read again as records.

A record is read or rejected with an error '<code>: detail', the code `unclosed_quote` or `bad_csv`;
each caller words the reasons for people (Korean and English) and checks the cells it needs.
"""

from __future__ import annotations

import io
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

ENCODINGS = ("utf-8-sig", "cp949")
"""Text encodings tried in order: UTF-8 (with or without BOM), then CP949 (Korean Excel's CSV)."""

NEVER_CLOSES = "unclosed_quote: a quoted cell starts on this line and never closes properly"
SWALLOWS_ROWS = "unclosed_quote: the quoted cell swallows the rows that follow"


@dataclass(frozen=True, slots=True)
class Record:
    """One CSV record: `line` is its first line in the file (from 1); `cells` is None for a reject,
    with `error` '<code>: detail'; `raw` is the record's text (a reject's: its first line only)."""

    line: int
    cells: list[str] | None
    error: str
    raw: str


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split where a file read with `newline=""` splits them (CR, LF, CRLF):
    other characters (U+2028, form feed, …) stay inside their cell."""
    return io.StringIO(text, newline="").readlines()


_PLAIN_END = re.compile(r"[,\r\n]")


def split_csv_record(text: str) -> tuple[list[str], str]:
    """Parse one CSV record (RFC 4180, `,` and `"`): (cells, status).

    status: "ok"; "open" (a quoted cell is still open at the end: the record may go on on the next
    line); or "bad: …" (text after a closing quote). A quote inside an unquoted cell is text.
    """
    cells: list[str] = []
    i, n = 0, len(text)
    while True:
        if i < n and text[i] == '"':  # a quoted cell: up to the closing quote ("" is a quote)
            parts: list[str] = []
            j = i + 1
            while True:
                k = text.find('"', j)
                if k == -1:
                    return cells, "open"
                parts.append(text[j:k])
                if k + 1 < n and text[k + 1] == '"':
                    parts.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            cells.append("".join(parts))
            if i >= n:
                return cells, "ok"
            if text[i] == ",":
                i += 1
                continue
            if text[i] in "\r\n":
                if text[i:].strip("\r\n"):
                    return cells, "bad: line break inside a record"
                return cells, "ok"
            return cells, f"bad: text after a closing quote at column {i + 1}"
        m = _PLAIN_END.search(text, i)
        if m is None:
            cells.append(text[i:])
            return cells, "ok"
        cells.append(text[i : m.start()])
        if m.group() == ",":
            i = m.end()
            continue
        if text[m.start() :].strip("\r\n"):
            return cells, "bad: line break inside a record"
        return cells, "ok"


def looks_like_a_row(line: str, width: int) -> bool:
    """A physical line that is by itself a complete row of the header's width with a one-word id."""
    cells, status = split_csv_record(line)
    first = cells[0].strip() if cells else ""
    return status == "ok" and len(cells) == width and bool(first) and " " not in first


def records(lines: Iterable[str], *, max_lines: int) -> Iterator[Record]:
    """Every record of the file whose `lines` (with their endings) are given, the header first."""
    numbered = enumerate(lines, 1)
    pushed: deque[tuple[int, str]] = deque()  # lines to read again after a rejected quote

    def next_line() -> tuple[int, str] | None:
        return pushed.popleft() if pushed else next(numbered, None)

    width: int | None = None  # the header's, once read
    header_read = False
    while (first := next_line()) is not None:
        start, text = first
        if not text.strip():
            continue
        buf = [text]
        taken: list[tuple[int, str]] = []  # the lines after the first
        cells, status = split_csv_record(text)
        why = ""
        while status == "open":
            more = next_line() if len(buf) < max_lines else None
            if more is None:
                why = NEVER_CLOSES
                break
            taken.append(more)
            buf.append(more[1])
            cells, status = split_csv_record("".join(buf))
            closes = status == "ok" and (width is None or len(cells) == width)
            if width is not None and not closes and looks_like_a_row(more[1], width):
                why = SWALLOWS_ROWS  # a whole row of its own: the quote above never closed
                break
        if not why and status == "ok":
            if not header_read:
                header_read, width = True, len(cells)
            yield Record(start, cells, "", "".join(buf))
        elif not why and not taken:
            header_read = True
            yield Record(start, None, f"bad_csv: {status.removeprefix('bad: ')}", text)
        else:
            header_read = True
            yield Record(start, None, why or NEVER_CLOSES, text)
            pushed.extendleft(reversed(taken))
