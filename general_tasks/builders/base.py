"""Source specs, the build context and the file readers every converter shares."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from katalog.errors import KatalogError

#: One converted example: input field values and the expected output. None = row rejected.
Example = tuple[dict[str, str], str]
Row = dict[str, Any]

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # news bodies and judgments exceed the 128 KiB default


class SourceMissing(KatalogError):
    """A task's source is not available; the build skips the task and records why."""


@dataclass
class BuildContext:
    """Where sources are looked for. `use_hub=False` never calls `datasets.load_dataset`."""

    source_dir: Path | None = None
    use_hub: bool = True
    seed: int = 0
    data_dir: Path | None = None
    """KATALOG data folder (standard, corpus); None = `katalog.paths.data_dir()`."""
    cases: Path | None = None
    """Committee decisions JSONL (raw casebook, corpus or eval format)."""
    standard: Any = None
    """A loaded `Standard` (or list of Charts); None = `load_standard()` on first use."""
    max_rows: int | None = None
    """Stop reading a source after this many rows (cheap builds; None = all)."""
    generated_count: int = 2000
    use_shipped: bool = True
    """Add the shipped project-written examples (`general_tasks/examples`) to every task."""
    examples_dir: Path | None = None
    """Folder of `<task_id>.jsonl` example files (None = `general_tasks/examples`)."""
    notes: dict[str, str] = field(default_factory=dict)
    hub_down: str | None = None
    """Set after the first connection failure, so an offline build does not retry the hub per task."""

    def katalog_data(self) -> Path:
        if self.data_dir is not None:
            return Path(self.data_dir)
        from katalog.paths import data_dir

        return data_dir()


@dataclass
class Source:
    """How to obtain one task's examples.

    `files`: candidate file names in `--source-dir` (first found wins); `reader` parses it into rows.
    `hub`: (dataset id, config, split) for `datasets.load_dataset`. `convert` maps one row to zero or
    more examples; `convert_all` (instead) sees every row, for sources that pair or group rows.
    `load`: a custom loader (generated data, KATALOG's own data) that replaces files/hub.
    """

    task: str
    files: list[str] = field(default_factory=list)
    reader: str = "auto"
    hub: tuple[str, str | None, str] | None = None
    convert: Callable[[Row], Iterable[Example] | Example | None] | None = None
    convert_all: Callable[[list[Row]], Iterable[Example]] | None = None
    load: Callable[[BuildContext], Iterator[Example]] | None = None
    fmt: str = ""
    """Human description of the expected local format (shown when the source is missing)."""
    origin: str = field(default="", init=False)

    def how_to(self) -> str:
        parts = []
        if self.files:
            parts.append(f"--source-dir 에 {self.files[0]} 파일을 두세요 / put {self.files[0]} in --source-dir")
        if self.fmt:
            parts.append(f"형식 / format: {self.fmt}")
        if self.hub:
            hid, cfg, split = self.hub
            parts.append(f"또는 허브 / or hub: datasets.load_dataset({hid!r}{', ' + repr(cfg) if cfg else ''}, split={split!r})")
        return "; ".join(parts)

    def examples(self, ctx: BuildContext) -> Iterator[tuple[Example | None, Row | None]]:
        """Yield (example or None when the row was rejected, row)."""
        self.origin = ""
        if self.load is not None:
            self.origin = "generated"
            for ex in self.load(ctx):
                yield ex, None
            return
        rows = self._rows(ctx)
        if self.convert_all is not None:
            for ex in self.convert_all(list(rows)):
                yield ex, None
            return
        assert self.convert is not None, self.task
        for row in rows:
            out = self.convert(row)
            if out is None:
                yield None, row
            elif isinstance(out, tuple):
                yield out, row
            else:
                produced = False
                for ex in out:
                    produced = True
                    yield ex, row
                if not produced:
                    yield None, row

    def _rows(self, ctx: BuildContext) -> Iterator[Row]:
        if ctx.source_dir is not None:
            for name in self.files:
                path = Path(ctx.source_dir) / name
                if path.is_file():
                    self.origin = f"local:{name}"
                    yield from _limit(read_rows(path, self.reader), ctx.max_rows)
                    return
        if self.hub and ctx.use_hub:
            yield from _limit(_hub_rows(self, ctx), ctx.max_rows)
            return
        raise SourceMissing(
            f"{self.task}: 원본 데이터가 없습니다", f"{self.task}: source not found", hints=[self.how_to()]
        )


def _limit(rows: Iterable[Row], n: int | None) -> Iterator[Row]:
    for i, row in enumerate(rows):
        if n is not None and i >= n:
            return
        yield row


def _hub_rows(src: Source, ctx: BuildContext) -> Iterator[Row]:
    """Rows from the Hugging Face hub (only when `use_hub`; never in tests)."""
    hid, cfg, split = src.hub  # type: ignore[misc]
    if ctx.hub_down:
        raise SourceMissing(
            f"{src.task}: 허브에 연결할 수 없습니다 (앞선 실패)",
            f"{src.task}: hub unreachable (earlier failure: {ctx.hub_down})",
            hints=[src.how_to()],
        )
    try:
        import datasets

        ds = datasets.load_dataset(hid, cfg, split=split) if cfg else datasets.load_dataset(hid, split=split)
    except Exception as exc:  # network, auth, missing config: the build goes on without this task
        if isinstance(exc, ConnectionError | OSError) or "reach" in str(exc).lower():
            ctx.hub_down = f"{type(exc).__name__}: {str(exc)[:80]}"
        raise SourceMissing(
            f"{src.task}: 허브 데이터셋을 불러오지 못했습니다 ({hid})",
            f"{src.task}: could not load hub dataset {hid!r}: {type(exc).__name__}: {str(exc)[:160]}",
            hints=[src.how_to()],
        ) from None
    src.origin = f"hub:{hid}" + (f"/{cfg}" if cfg else "") + f":{split}"
    yield from ds


# --------------------------------------------------------------------------------------------
# readers
# --------------------------------------------------------------------------------------------
def read_rows(path: Path, reader: str = "auto") -> Iterator[Row]:
    """Rows of a csv / tsv / json / jsonl file. `reader` may be 'tsv:col1,col2' for headerless TSV,
    'lines' for one text per line, 'json' / 'jsonl' / 'csv' / 'tsv', or 'auto' (by suffix; .txt = lines)."""
    kind = reader
    if kind == "auto":
        kind = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".jsonl": "jsonl", ".txt": "lines"}.get(
            path.suffix.lower(), "tsv"
        )
    try:
        if kind.startswith("tsv:"):
            cols = kind[4:].split(",")
            yield from _tsv(path, cols)
        elif kind == "tsv":
            yield from _tsv(path, None)
        elif kind == "csv":
            with path.open(encoding="utf-8-sig", newline="") as f:
                yield from csv.DictReader(f)
        elif kind == "jsonl":
            with path.open(encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        yield json.loads(line)
        elif kind == "json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                data = data.get("data", data.get("rows", [data]))
            yield from data
        elif kind == "lines":
            with path.open(encoding="utf-8") as f:
                for line in f:
                    yield {"text": line.rstrip("\n")}
        else:
            raise ValueError(f"unknown reader {reader!r}")
    except (json.JSONDecodeError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceMissing(
            f"{path.name}: 파일을 읽을 수 없습니다", f"{path.name}: unreadable file ({type(exc).__name__}: {exc})"
        ) from None


def _tsv(path: Path, cols: list[str] | None) -> Iterator[Row]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = cols or next(rows, None)
        if header is None:
            return
        for values in rows:
            if not values or not any(v.strip() for v in values):
                continue
            yield dict(zip(header, values, strict=False))


# --------------------------------------------------------------------------------------------
# small helpers for converters
# --------------------------------------------------------------------------------------------
def pick(row: Row, *names: str) -> Any:
    """The first present, non-empty column among `names` (sources name the same thing differently)."""
    for n in names:
        v = row.get(n)
        if v is not None and v != "":
            return v
    return None


def text(value: Any, limit: int | None = None) -> str:
    s = " ".join(str(value or "").split())
    return s[:limit] if limit else s


def stable_index(key: str, n: int) -> int:
    """A deterministic pick in 0…n-1 from `key` (same on every run and machine, unlike `hash`)."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % n


def truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "y", "t")
