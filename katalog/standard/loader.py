"""Load and validate `data/standard/`: the manifest, one chart file per book, the legacy map.

The loader is strict: a file that is not valid JSON, a chart that fails the schema, an id used
twice, or a manifest that disagrees with the files raises `DataError` naming the file and chart.
"""

from __future__ import annotations

import difflib
import json
import re
import threading
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from katalog.errors import DataError, UnknownChartError
from katalog.paths import standard_dir
from katalog.standard.schema import Book, Chart, Ratio, StandardManifest, normalize_name
from katalog.vocab import load

__all__ = ["Standard", "load_standard", "canonical_chart_id", "clear_cache"]

#: how many close ids an UnknownChartError lists
CLOSEST = 5

_FULLWIDTH = str.maketrans({"－": "-", "–": "-", "—": "-", "‐": "-", "−": "-", "（": "(", "）": ")"})
_T = load("text_checks")
_ID_RE = _T.regex("chart_id")
_CHART_WORD = _T.regex("chart_word", re.I)
_PREFIX_NUMBER = _T.regex("chart_prefix_number", re.I)


def canonical_chart_id(text: str) -> str:
    """'차 43-1', '차43－1', '(차43-1)', '도표 차43-1' → '차43-1'; 'pm 5' → 'PM-05'; '회전 3' → '회전-3'."""
    s = str(text).translate(_FULLWIDTH).strip().strip("[]()<>「」『』\"' ")
    s = _CHART_WORD.sub("", s)
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"^pm", "PM", s, flags=re.I)
    s = _PREFIX_NUMBER.sub(r"\1", s)
    m = _ID_RE.match(s)
    if not m:
        return s
    prefix, a, b = m.group(1) or "", m.group(2), m.group(3)
    if prefix == "PM":
        return f"PM-{int(a):02d}"
    if prefix in ("회전", "비정형"):
        return f"{prefix}-{int(a)}"
    return f"{prefix}{int(a)}" + (f"-{int(b)}" if b else "")


class Standard:
    """The loaded standard: every chart of every book, looked up by id."""

    def __init__(
        self,
        manifest: StandardManifest,
        charts: dict[str, Chart],
        legacy_map: dict[str, list[str]],
        path: Path,
    ):
        self.manifest = manifest
        self.charts = charts
        self.legacy_map = legacy_map
        self.path = path

    # -- metadata ----------------------------------------------------------------------
    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def books(self) -> list[Book]:
        return list(self.manifest.books)

    def book(self, book_id: str) -> Book:
        for b in self.manifest.books:
            if b.id == book_id:
                return b
        raise DataError(
            f"알 수 없는 책: {book_id}",
            f"unknown book {book_id!r}",
            hints=[b.id for b in self.manifest.books],
        )

    def __len__(self) -> int:
        return len(self.charts)

    def __iter__(self):
        return iter(self.charts.values())

    def __contains__(self, chart_id: object) -> bool:
        return isinstance(chart_id, str) and canonical_chart_id(chart_id) in self.charts

    # -- lookups -----------------------------------------------------------------------
    def get(self, chart_id: str) -> Chart:
        """The chart with this id; tolerant to spacing, full-width dashes and brackets."""
        key = canonical_chart_id(chart_id)
        chart = self.charts.get(key)
        if chart is None:
            raise UnknownChartError(
                f"도표를 찾을 수 없습니다: {chart_id!r}",
                f"unknown chart id {chart_id!r}; closest",
                hints=self.closest(key),
            )
        return chart

    def closest(self, text: str, n: int = CLOSEST) -> list[str]:
        """The `n` chart ids closest to `text` (same prefix first, then string similarity)."""
        key = canonical_chart_id(text)
        ids = list(self.charts)
        scored = sorted(ids, key=lambda i: (-difflib.SequenceMatcher(None, key, i).ratio(), i))
        return scored[:n]

    def search(
        self, text: str | None = None, category: str | None = None, book: str | None = None
    ) -> list[Chart]:
        """Charts whose id/title/parties/situation contain `text` (spacing ignored), filtered."""
        needle = normalize_name(text) if text else ""
        out = []
        for c in self.charts.values():
            if category and c.category != category:
                continue
            if book and c.book != book:
                continue
            if needle:
                hay = normalize_name(
                    " ".join(
                        [
                            c.id,
                            c.title,
                            c.section,
                            c.parties["A"].label,
                            c.parties["B"].label,
                            c.summary,
                            c.situation,
                        ]
                    )
                )
                if needle not in hay:
                    continue
            out.append(c)
        return out

    def current(self, chart_id: str) -> str:
        """The id the engine answers for this chart: its twin in the newer book when superseded
        (`Chart.superseded_by`), else the chart itself."""
        chart = self.get(chart_id)
        return chart.superseded_by or chart.id

    def legacy(self, old_no: str | int) -> list[str]:
        """2023 chart ids that replace an old chart number (empty when none is known)."""
        return list(self.legacy_map.get(str(old_no).strip(), []))


# --------------------------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------------------------
_CACHE: dict[Path, Standard] = {}
#: an absolute folder asked for → its resolved path (`resolve()` stats every part; an assessment asks ~4 times)
_RESOLVED: dict[Path, Path] = {}
_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget loaded standards (tests that rewrite data files call this)."""
    with _LOCK:
        _CACHE.clear()
        _RESOLVED.clear()


def load_standard(path: Path | None = None) -> Standard:
    """Load `data/standard/` (or `path`), validated; cached per resolved path."""
    asked = Path(path).expanduser() if path is not None else standard_dir()
    root = _RESOLVED.get(asked)
    if root is None:
        root = asked.resolve()
        if asked.is_absolute():  # a relative path resolves against the working folder of the moment
            _RESOLVED[asked] = root
    with _LOCK:
        cached = _CACHE.get(root)
        if cached is not None:
            return cached
        std = _load(root)
        _CACHE[root] = std
        return std


def _read_json(file: Path) -> Any:
    if not file.is_file():
        raise DataError(
            f"표준 데이터 파일이 없습니다: {file}",
            f"missing standard data file {file} (run tools/import_standard.py)",
        )
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"JSON 형식 오류: {file}", f"corrupt JSON in {file}: {exc}") from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(x) for x in err.get("loc", ()))
    return f"{loc}: {err.get('msg')}" if loc else str(err.get("msg"))


def _load(root: Path) -> Standard:
    manifest_file = root / "manifest.json"
    try:
        manifest = StandardManifest.model_validate(_read_json(manifest_file))
    except ValidationError as exc:
        raise DataError(
            f"manifest 오류: {manifest_file}", f"invalid manifest {manifest_file}: {_first_error(exc)}"
        ) from None
    book_ids = [b.id for b in manifest.books]
    charts: dict[str, Chart] = {}
    where: dict[str, Path] = {}
    for book_id in book_ids:
        file = root / "charts" / f"{book_id}.json"
        rows = _read_json(file)
        if not isinstance(rows, list):
            raise DataError(f"도표 목록이 아닙니다: {file}", f"{file} must hold a JSON list of charts")
        for n, row in enumerate(rows):
            cid = row.get("id", f"#{n}") if isinstance(row, dict) else f"#{n}"
            try:
                chart = Chart.model_validate(row)
            except ValidationError as exc:
                raise DataError(
                    f"도표 {cid} 검증 실패 ({file.name})", f"chart {cid} in {file}: {_first_error(exc)}"
                ) from None
            _cross_check(chart, book_id, file)
            if chart.id in charts:
                raise DataError(
                    f"중복된 도표 번호 {chart.id} ({file.name}, {where[chart.id].name})",
                    f"duplicate chart id {chart.id} in {file} and {where[chart.id]}",
                )
            charts[chart.id] = chart
            where[chart.id] = file
        expected = manifest.counts.get(book_id)
        got = sum(1 for c in charts.values() if c.book == book_id)
        if expected is not None and expected != got:
            raise DataError(
                f"도표 수 불일치: {file}", f"{file}: manifest counts {expected} charts, file has {got}"
            )
    legacy_file = root / "legacy_map.json"
    legacy = _read_json(legacy_file) if legacy_file.exists() else {}
    if not isinstance(legacy, dict):
        raise DataError(f"legacy_map 형식 오류: {legacy_file}", f"{legacy_file} must be an object")
    for old, ids in legacy.items():
        unknown = [i for i in ids if i not in charts]
        if unknown:
            raise DataError(
                f"legacy_map 오류: {old} → {unknown}",
                f"{legacy_file}: {old} maps to unknown chart ids {unknown}",
            )
    for c in charts.values():
        unknown = [i for i in c.maps_to if i not in charts]
        if unknown:
            raise DataError(
                f"도표 {c.id}: maps_to 오류 {unknown}", f"chart {c.id}: maps_to names unknown ids {unknown}"
            )
    _check_twins(charts)
    _check_near_same(charts)
    return Standard(manifest, charts, {str(k): list(v) for k, v in legacy.items()}, root)


def _check_twins(charts: dict[str, Chart]) -> None:
    """`same_as` names existing charts of another book and is symmetric; `superseded_by` is one of them and
    is itself current (a chart the engine answers instead must not be superseded in turn)."""
    for c in charts.values():
        for other in c.same_as:
            twin = charts.get(other)
            if twin is None or twin.book == c.book or c.id not in twin.same_as:
                why = "unknown id" if twin is None else "same book" if twin.book == c.book else "not symmetric"
                raise DataError(
                    f"도표 {c.id}: same_as 오류 {other} ({why})", f"chart {c.id}: same_as {other}: {why}"
                )
        sup = c.superseded_by
        if sup is not None and (sup not in c.same_as or charts[sup].superseded_by is not None):
            raise DataError(
                f"도표 {c.id}: superseded_by 오류 {sup}",
                f"chart {c.id}: superseded_by {sup} must be a current chart named in same_as",
            )


def _check_near_same(charts: dict[str, Chart]) -> None:
    """`near_same_as` names existing charts of another book, never a twin, both ways with the same `swapped`,
    and records the other chart's base ratios as that chart prints them (read in this chart's A/B)."""
    for c in charts.values():
        for n in c.near_same_as:
            other = charts.get(n.id)
            back = next((m for m in other.near_same_as if m.id == c.id), None) if other is not None else None
            if other is None:
                why = "unknown id"
            elif other.book == c.book:
                why = "same book"
            elif n.id in c.same_as:
                why = "a twin (same_as) is not near-same"
            elif back is None or back.swapped != n.swapped:
                why = "not symmetric"
            elif n.base != {v.key: (Ratio(A=v.base.B, B=v.base.A) if n.swapped else v.base) for v in other.variants}:
                why = "base ratios differ from the other chart's"
            else:
                continue
            raise DataError(
                f"도표 {c.id}: near_same_as 오류 {n.id} ({why})", f"chart {c.id}: near_same_as {n.id}: {why}"
            )


def _cross_check(chart: Chart, book_id: str, file: Path) -> None:
    """Checks the per-chart schema cannot do: the book matches its file."""
    if chart.book != book_id:
        raise DataError(
            f"도표 {chart.id}: 책 불일치 ({file.name})",
            f"chart {chart.id} in {file} says book {chart.book!r}",
        )
    for m in chart.modifiers:
        if m.party not in chart.parties:  # pragma: no cover - the schema already enforces A/B
            raise DataError(
                f"도표 {chart.id}: 수정요소 {m.id} 대상 오류",
                f"chart {chart.id}: modifier {m.id} targets {m.party}",
            )
