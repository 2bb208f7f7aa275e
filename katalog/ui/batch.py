"""Upload parsing, column mapping and result tables of the app's batch page (pure functions)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from katalog import csv_rows
from katalog.db.export import neutralize
from katalog.errors import InputError
from katalog.models import Assessment

#: Fields of a case and the column names we recognise for each (lower-cased, spaces removed).
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "case_id", "caseid", "external_id", "사고번호", "사건번호", "번호", "접수번호"),
    "description": ("description", "text", "desc", "사고내용", "사고설명", "설명", "내용", "사고경위"),
    "party_1": ("party_1", "party1", "당사자1", "청구", "청구차량", "당사차량", "당사자_1"),
    "party_2": ("party_2", "party2", "당사자2", "피청구", "피청구차량", "상대차량", "당사자_2"),
}
FIELD_KO = {
    "id": "사건 번호",
    "description": "사고 설명 (필수)",
    "party_1": "당사자 1",
    "party_2": "당사자 2",
}
MAX_ROWS = 5000
MAX_BYTES = 20 * 1024 * 1024

RESULT_COLUMNS = [
    "id",
    "status",
    "chart_id",
    "chart_title",
    "party_1",
    "party_2",
    "fault_1",
    "fault_2",
    "confidence",
    "reason",
]

#: Korean headers of the results table on screen (downloads keep the machine-readable names).
COLUMN_KO = {
    "id": "사건 번호",
    "status": "상태",
    "chart_id": "도표",
    "chart_title": "도표 제목",
    "party_1": "당사자 1",
    "party_2": "당사자 2",
    "fault_1": "당사자 1 과실",
    "fault_2": "당사자 2 과실",
    "confidence": "신뢰도",
    "reason": "사유",
}
STATUS_KO = {"ok": "판단", "abstained": "판단 보류", "error": "오류", "unscored": "미평가"}


def read_table(name: str, data: bytes) -> pd.DataFrame:
    """CSV (UTF-8, UTF-8 with BOM or CP949) or XLSX bytes → DataFrame of strings.

    Raises `InputError` with a Korean message for an empty, oversized, unreadable or unsupported file.
    Malformed CSV rows are left out; `read_upload` also returns them as rejects.
    """
    return read_upload(name, data)[0]


def read_upload(name: str, data: bytes) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """(table, rejects). A CSV row that cannot be read (unclosed quote, wrong number of cells, NUL
    byte, undecodable bytes) is a reject with its line number and a Korean reason; the rest imports.

    A CSV table is indexed by file line number (`attrs["line_index"]`), so later rejects cite the
    line a person sees in an editor even when rows before it were left out.
    """
    lower = (name or "").lower()
    if not data:
        raise InputError("업로드한 파일이 비어 있습니다", "the uploaded file is empty")
    if len(data) > MAX_BYTES:
        raise InputError("파일이 너무 큽니다 (최대 20MB)", "file too large (max 20 MB)")
    rejects: list[dict[str, Any]] = []
    try:
        if lower.endswith((".xlsx", ".xlsm")):
            frame = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
        elif lower.endswith((".csv", ".txt")):
            frame, rejects = _read_csv(data)
        else:
            raise InputError(
                f"지원하지 않는 파일 형식입니다: {name} (CSV 또는 XLSX만 가능)",
                "unsupported file type (CSV or XLSX only)",
            )
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 — any parser failure is a bad upload to the user
        raise InputError(
            "파일을 읽을 수 없습니다: 손상되었거나 CSV/XLSX 형식이 아닙니다", f"cannot read the file: {exc}"
        ) from exc
    frame = frame.dropna(how="all")
    if (frame.empty or len(frame.columns) == 0) and not rejects:
        raise InputError("파일에 데이터 행이 없습니다", "the file has no data rows")
    if len(frame) > MAX_ROWS:
        raise InputError(
            f"한 번에 {MAX_ROWS:,}건까지 평가할 수 있습니다 (파일: {len(frame):,}건). "
            "더 많은 건수는 `katalog batch score`를 사용하세요.",
            f"at most {MAX_ROWS} rows per upload; use `katalog batch score` for more",
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    out = frame.fillna("").astype(str)
    out.attrs.update(frame.attrs)
    return out, rejects


#: A quoted cell may hold line breaks; past this many lines an open quote is taken as unclosed.
MAX_RECORD_LINES = 20
#: How the shared CSV reader's error codes read to a person (Korean, English).
_CSV_REASONS = {
    "unclosed_quote": ('따옴표(")가 닫히지 않았습니다', "unclosed quote"),
    "bad_csv": ('따옴표(")가 잘못 쓰였습니다', "bad quoting"),
}


def _decode_lines(data: bytes) -> tuple[list[str], list[dict[str, Any]]]:
    """Lines of the file as text: one encoding for the whole file when one fits, else per line."""
    for encoding in csv_rows.ENCODINGS:
        try:
            return csv_rows.split_lines(data.decode(encoding)), []
        except UnicodeDecodeError:
            continue
    raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    lines, rejects = [], []
    for no, chunk in enumerate(raw.splitlines(keepends=True), start=1):
        for encoding in ("utf-8", "cp949"):
            try:
                lines.append(chunk.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
        else:
            lines.append("")  # keeps line numbers; the row is a reject
            rejects.append(
                _reject(no, "", "글자를 읽을 수 없습니다 (UTF-8·CP949가 아닌 바이트)", "undecodable bytes")
            )
    return lines, rejects


def _reject(line: int, case_id: str, reason_ko: str, reason_en: str) -> dict[str, Any]:
    return {"line": line, "id": case_id, "reason": reason_ko, "reason_en": reason_en}


def _read_csv(data: bytes) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The rows of a CSV upload (read by `katalog.csv_rows`, like the importer reads a file) and its rejects."""
    lines, rejects = _decode_lines(data)
    header: list[str] | None = None
    rows: list[list[str]] = []
    index: list[int] = []
    for rec in csv_rows.records(lines, max_lines=MAX_RECORD_LINES):
        if header is None:
            if "\x00" in rec.raw:
                raise InputError(
                    "머리글 행에 NUL 문자가 있어 파일을 읽을 수 없습니다", "NUL byte in the header"
                )
            if rec.cells is None:
                raise InputError("머리글 행을 읽을 수 없습니다 (따옴표 확인)", f"bad header: {rec.error}")
            header = rec.cells
            continue
        case_id = _first_cell(rec.cells[0] if rec.cells else rec.raw.split(",", 1)[0])
        if "\x00" in rec.raw:
            rejects.append(
                _reject(rec.line, case_id, "보이지 않는 NUL 문자(\\0)가 들어 있습니다", "NUL byte")
            )
        elif rec.cells is None:
            code, _, detail = rec.error.partition(":")
            ko, en = _CSV_REASONS[code]
            rejects.append(_reject(rec.line, case_id, ko, f"{en}: {detail.strip()}"))
        elif len(rec.cells) != len(header):
            ko = f"칸 수가 맞지 않습니다 ({len(rec.cells)}칸, 머리글은 {len(header)}칸)"
            rejects.append(
                _reject(rec.line, case_id, ko, f"{len(rec.cells)} cells, header has {len(header)}")
            )
        elif any(c.strip() for c in rec.cells):
            rows.append(rec.cells)
            index.append(rec.line)
    if header is None:
        raise InputError("파일에 데이터 행이 없습니다", "the file has no data rows")
    frame = pd.DataFrame(rows, columns=header, index=index, dtype=str)
    frame.attrs["line_index"] = True
    return frame, sorted(rejects, key=lambda r: r["line"])


def _first_cell(cell: str) -> str:
    """A row's first cell (its id, usually) as far as it can be read, for the reject table."""
    return cell.replace("\x00", "").strip().strip('"')[:40]


def _norm(col: str) -> str:
    return "".join(str(col).lower().split())


def guess_columns(columns: Sequence[str]) -> dict[str, str | None]:
    """Best guess of which column holds each field; None when nothing matches."""
    normed = {_norm(c): c for c in columns}
    guess: dict[str, str | None] = {}
    for field, aliases in FIELDS.items():
        guess[field] = next((normed[a] for a in aliases if a in normed), None)
    return guess


def cases_from_table(frame: pd.DataFrame, mapping: Mapping[str, str | None]) -> tuple[list[dict], list[dict]]:
    """(cases, rejects). A case is `{"id", "description", "parties"}`; a reject names its line and reason.

    Line numbers count the header as line 1, like a spreadsheet.
    """
    desc_col = mapping.get("description")
    if not desc_col or desc_col not in frame.columns:
        raise InputError("사고 설명 열을 지정해 주세요", "choose the description column")
    id_col, p1_col, p2_col = mapping.get("id"), mapping.get("party_1"), mapping.get("party_2")
    cases: list[dict] = []
    rejects: list[dict] = []
    seen: set[str] = set()
    by_line = bool(frame.attrs.get("line_index"))
    for pos, (idx, row) in enumerate(frame.iterrows()):
        line = int(idx) if by_line else pos + 2
        case_id = str(row[id_col]).strip() if id_col else ""
        case_id = case_id or f"row-{line}"
        description = str(row[desc_col]).strip()
        if not description:
            rejects.append(_reject(line, case_id, "사고 설명이 비어 있습니다", "empty description"))
            continue
        if case_id in seen:
            rejects.append(_reject(line, case_id, "사건 번호가 앞 행과 중복됩니다", "duplicate id"))
            continue
        seen.add(case_id)
        p1 = str(row[p1_col]).strip() if p1_col else ""
        p2 = str(row[p2_col]).strip() if p2_col else ""
        parties = [p1, p2] if p1 and p2 and p1 != p2 else None
        cases.append({"id": case_id, "description": description, "parties": parties})
    return cases, rejects


def result_row(case_id: str, assessment: Assessment | None, error: str | None = None) -> dict[str, Any]:
    """One row of the results table; fault_1/fault_2 follow the assessment's party order."""
    if assessment is None:
        return dict.fromkeys(RESULT_COLUMNS, None) | {"id": case_id, "status": "error", "reason": error or ""}
    ratio = assessment.ratio_list() or [None, None]
    parties = list(assessment.parties) + [None, None]
    reason = ""
    if assessment.abstention is not None:
        reason = assessment.abstention.message
    elif assessment.error:
        reason = assessment.error
    return {
        "id": case_id,
        "status": assessment.status,
        "chart_id": assessment.chart_id,
        "chart_title": assessment.chart_title,
        "party_1": parties[0],
        "party_2": parties[1],
        "fault_1": ratio[0],
        "fault_2": ratio[1],
        "confidence": round(float(assessment.confidence), 3),
        "reason": reason,
    }


def results_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=RESULT_COLUMNS)
    for col in ("fault_1", "fault_2"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
    frame["confidence"] = pd.to_numeric(frame["confidence"], errors="coerce")
    return frame


def filter_sort(
    frame: pd.DataFrame,
    *,
    statuses: Sequence[str] | None = None,
    charts: Sequence[str] | None = None,
    text: str = "",
    sort_by: str | None = None,
    ascending: bool = True,
) -> pd.DataFrame:
    """Rows matching every given filter, sorted; empty filters keep everything."""
    out = frame
    if statuses:
        out = out[out["status"].isin(list(statuses))]
    if charts:
        out = out[out["chart_id"].isin(list(charts))]
    if text.strip():
        needle = text.strip()
        mask = out.apply(lambda r: any(needle in str(v) for v in r.values), axis=1)
        out = out[mask.astype(bool)] if len(out) else out
    if sort_by and sort_by in out.columns:
        out = out.sort_values(sort_by, ascending=ascending, na_position="last", kind="stable")
    return out


def chart_counts(frame: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Number of cases per chart (answered cases only), most frequent first."""
    answered = frame[frame["status"] == "ok"]
    counts = answered["chart_id"].value_counts().head(top)
    return counts.rename_axis("도표").to_frame("건수")


def ratio_distribution(frame: pd.DataFrame) -> pd.DataFrame:
    """How many answered cases put 0, 10, …, 100 % of the fault on the first party."""
    answered = frame[(frame["status"] == "ok") & frame["fault_1"].notna()]
    bins = (answered["fault_1"].astype(int) // 10 * 10).clip(0, 100)
    counts = bins.value_counts().reindex(range(0, 101, 10), fill_value=0)
    counts.index = [f"{b}%" for b in counts.index]
    return counts.rename_axis("당사자 1 과실").to_frame("건수")


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    return {s: int((frame["status"] == s).sum()) for s in ("ok", "abstained", "error")}


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with BOM (so Excel shows Korean) and formula-like cells neutralised."""
    safe = frame.map(neutralize) if len(frame) else frame
    return safe.to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    safe = frame.map(neutralize) if len(frame) else frame
    safe.to_excel(buf, index=False, engine="openpyxl")
    return buf.getvalue()


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The results table as shown: statuses in Korean (the data and downloads keep the codes)."""
    out = frame.copy()
    out["status"] = out["status"].map(lambda s: STATUS_KO.get(s, s))
    for col in ("chart_id", "chart_title", "party_1", "party_2", "reason"):  # a dash, never "None"
        out[col] = out[col].map(
            lambda v: "–" if v is None or (isinstance(v, float) and pd.isna(v)) or v == "" else v
        )
    return out


#: Korean column names of the reject table (the data keeps `line`, `id`, `reason`, `reason_en`).
REJECT_KO = {"line": "줄", "id": "사건 번호", "reason": "제외 사유"}


def rejects_frame(rejects: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Rejected rows as a Korean table: 줄 · 사건 번호 · 제외 사유 (no English, no `None`)."""
    rows = [
        {ko: ("–" if r.get(k) in (None, "") else r.get(k)) for k, ko in REJECT_KO.items()} for r in rejects
    ]
    return pd.DataFrame(rows, columns=list(REJECT_KO.values()))


def korean_export(frame: pd.DataFrame) -> pd.DataFrame:
    """The results with Korean headers and Korean status words, for people (the default export
    keeps the stable machine names `id`, `status`, … for programs)."""
    out = frame.copy()
    out["status"] = out["status"].map(lambda s: STATUS_KO.get(s, s))
    return out.rename(columns=COLUMN_KO)
