"""Import cases from CSV, JSONL or XLSX: validate each row, insert in chunks, reject with reasons.

Re-running an import is safe: a row whose external id already exists with the same content is
counted as unchanged; the same id with different content is rejected (never overwritten).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from katalog.db.orm import Case
from katalog.db.records import ImportReport, Reject
from katalog.errors import InputError

FIELDS = ("id", "description", "party_1", "party_2", "accident_date", "source")
CHUNK = 500
_DATE = re.compile(r"^(\d{4})[-./]?(\d{1,2})[-./]?(\d{1,2})(?:[ T].*)?$")


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


def parse_date(value: Any) -> dt.date | None:
    """None for empty; ValueError for anything that is not a real calendar date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.match(str(value).strip())
    if not m:
        raise ValueError(str(value))
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


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
ENCODINGS = ("utf-8-sig", "cp949")
"""Text encodings tried in order: UTF-8 (with or without BOM), then CP949 (Korean Excel's CSV)."""


def text_encoding(path: Path) -> str:
    """The first of `ENCODINGS` that decodes the whole file (read in 1 MiB chunks)."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as fh:
                for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise InputError(f"파일 인코딩을 알 수 없습니다 (UTF-8 또는 CP949): {path}", f"unknown text encoding: {path}")


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    with path.open(encoding=text_encoding(path), newline="") as fh:
        reader = csv.DictReader(fh)
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield start, None, f"bad_csv: {exc}"
                continue
            if None in row:  # more cells than header columns
                yield start, None, "bad_csv: too many cells"
                continue
            yield start, row, ""


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    with path.open(encoding=text_encoding(path)) as fh:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield no, None, f"bad_json: {exc.msg}"
                continue
            if not isinstance(obj, dict):
                yield no, None, "bad_json: not an object"
                continue
            yield no, obj, ""


def _read_xlsx(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
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
            yield no, dict(zip(header, values, strict=False)), ""
    finally:
        wb.close()


def read_file(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
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
    cols = {f: mapping.get(f, f) for f in FIELDS}
    get = {f: _clean(raw.get(col)) for f, col in cols.items()}
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
        date = parse_date(get["accident_date"])
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
    rows: Iterable[tuple[int, Mapping[str, Any] | None, str]],
    *,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    report: ImportReport,
    chunk: int = CHUNK,
) -> ImportReport:
    """Validate and insert; one transaction per chunk of valid rows."""
    mapping = dict(mapping or {})
    seen: dict[str, str] = {}  # external id → content hash, across the whole file
    pending: list[tuple[int, dict[str, Any]]] = []

    def flush() -> None:
        if not pending:
            return
        ids = [c["external_id"] for _, c in pending]
        with Session(engine) as session, session.begin():
            existing = dict(
                (ext, h)
                for ext, h in session.execute(
                    select(Case.external_id, Case.content_hash).where(Case.external_id.in_(ids))
                )
            )
            for line, case in pending:
                old = existing.get(case["external_id"])
                if old is None:
                    session.add(Case(**case))
                    report.inserted += 1
                elif old == case["content_hash"]:
                    report.unchanged += 1
                else:
                    report.rejects.append(
                        Reject(line, case["external_id"], "duplicate_in_db", "same id, different content")
                    )
                    report.rejected += 1
        report.chunks += 1
        pending.clear()

    for line, raw, error in rows:
        report.rows += 1
        if raw is None:
            report.rejects.append(Reject(line, None, error.split(":")[0], error))
            report.rejected += 1
            continue
        try:
            case = normalize_row(raw, mapping, source)
        except ValueError as exc:
            reason = str(exc)
            ext = raw.get(mapping.get("id", "id"))
            report.rejects.append(
                Reject(line, None if ext in (None, "") else str(ext), reason.split(":")[0], reason)
            )
            report.rejected += 1
            continue
        ext = case["external_id"]
        if ext in seen:
            if seen[ext] == case["content_hash"]:
                report.unchanged += 1
            else:
                report.rejects.append(Reject(line, ext, "duplicate_in_file", "same id, different content"))
                report.rejected += 1
            continue
        seen[ext] = case["content_hash"]
        pending.append((line, case))
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
        w.writerow(["line", "id", "reason", "detail"])
        for r in report.rejects:
            w.writerow([r.line, neutralize(r.external_id or ""), r.reason, neutralize(r.detail)])
    report.rejects_path = path
