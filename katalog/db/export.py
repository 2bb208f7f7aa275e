"""Export one row per case to CSV, Parquet or XLSX, streaming, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from katalog.db.records import CaseSummary
from katalog.errors import InputError

FORMATS = ("csv", "parquet", "xlsx")
COLUMNS = (
    "id",
    "status",
    "chart_id",
    "party_1",
    "party_1_ratio",
    "party_2",
    "party_2_ratio",
    "confidence",
    "flags",
    "review_state",
    "reviewed_ratio",
    "reviewer",
    "reviewed_at",
)
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralize(value: Any) -> Any:
    """Prefix `'` to a text cell a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def _xlsx_cell(value: Any) -> Any:
    """XLSX cannot hold most C0 control characters (openpyxl refuses them): show them as `\\x1b`."""
    if isinstance(value, str) and _XLSX_ILLEGAL.search(value):
        from katalog.textsafe import escape_controls

        return _XLSX_ILLEGAL.sub(lambda m: escape_controls(m.group()), value)
    return value


def export_row(s: CaseSummary) -> dict[str, Any]:
    p = s.parties or [None, None]
    f = s.final or [None, None]
    return {
        "id": s.external_id,
        "status": s.status or "unscored",
        "chart_id": s.chart_id,
        "party_1": p[0],
        "party_1_ratio": f[0],
        "party_2": p[1],
        "party_2_ratio": f[1],
        "confidence": round(s.confidence, 4) if s.confidence is not None else None,
        "flags": ",".join(s.flags),
        "review_state": s.review_state,
        "reviewed_ratio": f"{s.reviewed_ratio[0]}:{s.reviewed_ratio[1]}" if s.reviewed_ratio else None,
        "reviewer": s.reviewer,
        "reviewed_at": s.reviewed_at.isoformat(timespec="seconds") if s.reviewed_at else None,
    }


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def write_export(rows: Iterable[dict[str, Any]], out: Path, fmt: str) -> int:
    """Write rows (dicts with COLUMNS) to `out`; returns the number of rows written."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise InputError(f"지원하지 않는 형식: {fmt}", f"format must be one of {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    if fmt == "csv":
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(COLUMNS)
            for row in rows:
                w.writerow([neutralize(row[c]) if row[c] is not None else "" for c in COLUMNS])
                n += 1
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("cases")
        ws.append(list(COLUMNS))
        for row in rows:
            ws.append([_xlsx_cell(neutralize(row[c])) for c in COLUMNS])
            n += 1
        wb.save(out)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema(
            [
                ("id", pa.string()),
                ("status", pa.string()),
                ("chart_id", pa.string()),
                ("party_1", pa.string()),
                ("party_1_ratio", pa.int32()),
                ("party_2", pa.string()),
                ("party_2_ratio", pa.int32()),
                ("confidence", pa.float64()),
                ("flags", pa.string()),
                ("review_state", pa.string()),
                ("reviewed_ratio", pa.string()),
                ("reviewer", pa.string()),
                ("reviewed_at", pa.string()),
            ]
        )
        with pq.ParquetWriter(out, schema) as writer:
            for batch in _batches(rows, 5000):
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
            if n == 0:
                writer.write_table(schema.empty_table())
    return n
