"""Import cases from CSV, JSONL or XLSX: validate each row, insert in chunks, reject with reasons.

Re-running an import is safe: a row whose external id already exists with the same content is
counted as unchanged; the same id with different content is rejected (never overwritten).

Every refused row becomes a `Reject` (line number, stable reason code, Korean and English reason,
raw text) and the rest of the file is still imported: a NUL byte, an unclosed quote, a value too
long for its column or a row the database refuses never stops the import or merges rows.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from katalog import csv_rows
from katalog.dates import parse_day
from katalog.db.orm import Case
from katalog.db.records import ImportReport, Reject
from katalog.errors import InputError
from katalog.textsafe import escape_controls

FIELDS = ("id", "description", "party_1", "party_2", "accident_date", "source")
CHUNK = 500
MAX_LEN = {"id": 200, "party_1": 200, "party_2": 200, "source": 500, "description": 100_000}
"""Longest value per field (the column sizes; a longer one is rejected as `too_long`)."""
MAX_RECORD_LINES = 500
"""A quoted CSV cell may span lines, but not more than this many (else: `unclosed_quote`)."""
RAW_LIMIT = 500

REASONS: dict[str, tuple[str, str]] = {
    "missing_id": ("사건 번호(id)가 없습니다", "the id is missing"),
    "missing_description": ("사고 설명이 없습니다", "the description is missing"),
    "bad_date": ("사고 일자를 날짜로 읽을 수 없습니다", "the accident date is not a valid date"),
    "incomplete_parties": ("당사자 이름이 하나뿐입니다", "only one of the two party names is given"),
    "same_party_names": ("두 당사자의 이름이 같습니다", "both parties have the same name"),
    "duplicate_in_file": (
        "파일 앞쪽에 같은 번호·다른 내용의 행이 있습니다",
        "the same id appears earlier in the file with other content",
    ),
    "duplicate_in_db": (
        "같은 번호·다른 내용의 사건이 이미 저장되어 있습니다",
        "a case with this id and other content is already stored",
    ),
    "nul_byte": ("NUL 문자(\\x00)가 들어 있습니다", "the row contains a NUL byte (\\x00)"),
    "too_long": ("값이 열의 최대 길이보다 깁니다", "a value is longer than its column allows"),
    "unclosed_quote": (
        "따옴표가 닫히지 않았습니다 (이 행만 거부하고 다음 행부터 다시 읽음)",
        "unclosed quote (only this line is rejected; reading resumes on the next line)",
    ),
    "bad_csv": ("CSV 행을 읽을 수 없습니다", "the CSV row cannot be read"),
    "bad_json": ("JSON 행을 읽을 수 없습니다", "the JSON line cannot be read"),
    "db_error": ("데이터베이스가 이 행을 거부했습니다", "the database refused this row"),
}


def make_reject(line: int, external_id: Any, error: str, raw: Any = "") -> Reject:
    """A `Reject` from an error text '<code>[: detail]' (unknown codes keep their text as the reason)."""
    code, _, detail = str(error).partition(":")
    code = code.strip()
    ko, en = REASONS.get(code, (code, code))
    if not isinstance(raw, str):
        try:
            raw = json.dumps(raw, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            raw = str(raw)
    ext = None if external_id in (None, "") else escape_controls(external_id, 200)
    return Reject(
        line=line,
        external_id=ext,
        reason=code,
        detail=escape_controls(detail.strip() or error, RAW_LIMIT),
        reason_ko=ko,
        reason_en=en,
        raw=escape_controls(raw.rstrip("\r\n"), RAW_LIMIT),
    )


def parse_mapping(pairs: Iterable[str] | Mapping[str, str] | None) -> dict[str, str]:
    """`["id=claim_no", "description=text"]` → `{"id": "claim_no", ...}` (our field → file column)."""
    if pairs is None:
        return {}
    if isinstance(pairs, Mapping):
        items = list(pairs.items())
    else:
        items = []
        for pair in pairs:
            if "=" not in pair:
                raise InputError(f"--map 형식은 필드=열 입니다: {pair!r}", "--map expects FIELD=COLUMN")
            key, _, col = pair.partition("=")
            items.append((key.strip(), col.strip()))
    for key, _ in items:
        if key not in FIELDS:
            raise InputError(
                f"알 수 없는 필드: {key}", f"unknown field {key!r}", hints=[f"fields: {', '.join(FIELDS)}"]
            )
    return dict(items)


def content_hash(description: str, p1: str | None, p2: str | None, date: dt.date | None) -> str:
    blob = json.dumps([description, p1, p2, date.isoformat() if date else None], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)  # Excel stores "1001" as 1001.0
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


# --------------------------------------------------------------------------------------------
# Readers: yield (line number in the file, raw row); a row that cannot be read is (line, None, reason)
# --------------------------------------------------------------------------------------------
def text_encoding(path: Path) -> str:
    """The first of `csv_rows.ENCODINGS` that decodes the whole file (read in 1 MiB chunks)."""
    for encoding in csv_rows.ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as fh:
                for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise InputError(
        f"파일 인코딩을 알 수 없습니다 (UTF-8 또는 CP949): {path}", f"unknown text encoding: {path}"
    )


Row = tuple[int, dict[str, Any] | None, str, str]
"""(first line of the row in the file, the row or None, error '<code>: detail' or '', raw text)."""


def _read_csv(path: Path) -> Iterator[Row]:
    with path.open(encoding=text_encoding(path), newline="") as fh:
        header: list[str] | None = None
        for rec in csv_rows.records(fh, max_lines=MAX_RECORD_LINES):
            if header is None:
                if rec.cells is None:
                    raise InputError(
                        f"CSV 머리글 행을 읽을 수 없습니다: {path}",
                        f"cannot read the CSV header row of {path}",
                    )
                header = [h.strip() for h in rec.cells]
                continue
            width = len(header)
            if rec.cells is None:
                yield rec.line, None, rec.error, rec.raw
            elif len(rec.cells) > width:
                yield rec.line, None, "bad_csv: too many cells", rec.raw
            else:
                cells = rec.cells + [None] * (width - len(rec.cells))
                yield rec.line, dict(zip(header, cells, strict=True)), "", rec.raw


def _read_jsonl(path: Path) -> Iterator[Row]:
    # newline="\n": a raw CR or U+2028 inside a line must not split it (JSON Lines end with LF only).
    with path.open(encoding=text_encoding(path), newline="\n") as fh:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                yield no, None, f"bad_json: {getattr(exc, 'msg', 'nested too deeply')}", line
                continue
            if not isinstance(obj, dict):
                yield no, None, "bad_json: not an object", line
                continue
            yield no, obj, "", line


def _read_xlsx(path: Path) -> Iterator[Row]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError) as exc:  # not an xlsx workbook at all
        raise InputError(
            f"XLSX 파일을 읽을 수 없습니다: {path}", f"not a readable xlsx workbook: {path} ({exc})"
        ) from None
    try:
        rows = wb.active.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for no, values in enumerate(rows, 2):
            if all(v is None for v in values):
                continue
            row = dict(zip(header, values, strict=False))
            yield no, row, "", row
    finally:
        wb.close()


def read_file(path: Path) -> Iterator[Row]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(f"파일이 없습니다: {path}", f"no such file: {path}")
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".jsonl", ".ndjson"):
        return _read_jsonl(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raise InputError(f"지원하지 않는 형식: {suffix}", "use .csv, .jsonl or .xlsx")


# --------------------------------------------------------------------------------------------
# Validation and insertion
# --------------------------------------------------------------------------------------------
def normalize_row(raw: Mapping[str, Any], mapping: Mapping[str, str], source: str | None) -> dict[str, Any]:
    """Raw row → case fields; raises ValueError('<reason>') for an invalid row."""
    for key, value in raw.items():
        if "\x00" in str(key) or (isinstance(value, str) and "\x00" in value):
            raise ValueError(f"nul_byte: in column {escape_controls(key, 60)!s}")
    cols = {f: mapping.get(f, f) for f in FIELDS}
    get = {f: _clean(raw.get(col)) for f, col in cols.items()}
    for f, limit in MAX_LEN.items():
        if get[f] is not None and len(str(get[f])) > limit:
            raise ValueError(f"too_long: {f} has {len(str(get[f]))} characters (at most {limit})")
    ext = get["id"]
    if ext is None:
        raise ValueError("missing_id")
    ext = str(ext)
    desc = get["description"]
    if not isinstance(desc, str) or not desc:
        raise ValueError("missing_description")
    p1, p2 = get["party_1"], get["party_2"]
    p1 = str(p1) if p1 is not None else None
    p2 = str(p2) if p2 is not None else None
    if (p1 is None) != (p2 is None):
        raise ValueError("incomplete_parties")
    if p1 is not None and p1 == p2:
        raise ValueError("same_party_names")
    try:
        date = parse_day(get["accident_date"])
    except ValueError as exc:
        raise ValueError(f"bad_date: {exc}") from None
    used = set(cols.values())
    meta = {k: _jsonable(_clean(v)) for k, v in raw.items() if k not in used and k and _clean(v) is not None}
    return {
        "external_id": ext,
        "description": desc,
        "party_1": p1,
        "party_2": p2,
        "accident_date": date,
        "source": str(get["source"]) if get["source"] is not None else source,
        "meta": meta or None,
        "content_hash": content_hash(desc, p1, p2, date),
    }


def import_rows(
    engine: Engine,
    rows: Iterable[tuple[Any, ...]],
    *,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    report: ImportReport,
    chunk: int = CHUNK,
) -> ImportReport:
    """Validate and insert; one transaction per chunk of valid rows.

    `rows`: (line, row or None, error, [raw text]) tuples. A chunk the database refuses is retried
    row by row, so one bad row is a `db_error` reject and the others are still stored.
    """
    mapping = dict(mapping or {})
    seen: dict[str, str] = {}  # external id → content hash, across the whole file
    pending: list[tuple[int, dict[str, Any], Any]] = []

    def reject(line: int, ext: Any, error: str, raw: Any) -> None:
        report.rejects.append(make_reject(line, ext, error, raw))
        report.rejected += 1

    def store(items: list[tuple[int, dict[str, Any], Any]]) -> None:
        ids = [c["external_id"] for _, c, _ in items]
        with Session(engine) as session, session.begin():
            existing = dict(
                (ext, h)
                for ext, h in session.execute(
                    select(Case.external_id, Case.content_hash).where(Case.external_id.in_(ids))
                )
            )
            added = unchanged = 0
            dups: list[tuple[int, dict[str, Any], Any]] = []
            for item in items:
                _line, case, _raw = item
                old = existing.get(case["external_id"])
                if old is None:
                    session.add(Case(**case))
                    added += 1
                elif old == case["content_hash"]:
                    unchanged += 1
                else:
                    dups.append(item)
            session.flush()
        report.inserted += added
        report.unchanged += unchanged
        for line, case, raw in dups:
            reject(line, case["external_id"], "duplicate_in_db: same id, different content", raw)

    def flush() -> None:
        if not pending:
            return
        try:
            store(pending)
        except DBAPIError:
            for item in pending:  # find the row(s) the database refuses; keep the others
                try:
                    store([item])
                except DBAPIError as exc:
                    msg = " ".join(str(getattr(exc, "orig", exc)).split())[:200]
                    reject(item[0], item[1]["external_id"], f"db_error: {msg}", item[2])
        report.chunks += 1
        pending.clear()

    for item in rows:
        line, raw, error = item[0], item[1], item[2]
        raw_text = item[3] if len(item) > 3 else raw
        report.rows += 1
        if raw is None:
            reject(line, None, error, raw_text)
            continue
        try:
            case = normalize_row(raw, mapping, source)
        except ValueError as exc:
            ext = raw.get(mapping.get("id", "id")) if isinstance(raw, Mapping) else None
            reject(line, ext, str(exc), raw_text)
            continue
        ext = case["external_id"]
        if ext in seen:
            if seen[ext] == case["content_hash"]:
                report.unchanged += 1
            else:
                reject(line, ext, "duplicate_in_file: same id, different content", raw_text)
            continue
        seen[ext] = case["content_hash"]
        pending.append((line, case, raw_text))
        if len(pending) >= chunk:
            flush()
    flush()
    return report


def rejects_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".rejects.csv")


def write_rejects(report: ImportReport, path: Path) -> None:
    from katalog.db.export import neutralize

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["line", "id", "reason", "reason_ko", "reason_en", "detail", "raw"])
        for r in report.rejects:
            w.writerow(
                [
                    r.line,
                    neutralize(r.external_id or ""),
                    r.reason,
                    r.reason_ko,
                    r.reason_en,
                    neutralize(r.detail),
                    neutralize(r.raw),
                ]
            )
    report.rejects_path = path
