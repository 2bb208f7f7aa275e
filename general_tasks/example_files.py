"""Project-written examples shipped as JSONL: `general_tasks/examples/<task_id>.jsonl`.

One JSON object per line::

    {"inputs": {"premise": "…", "hypothesis": "…"}, "output": "함의"}

`inputs` holds exactly the task's input fields (`Task.inputs`), each a non-empty string; `output` is the
expected answer as the task's parser and metric expect it (a label of the task's label set, a number,
'A30:B70', …). Validation is strict: an unknown task (file name), a missing or unknown input field, or an
output the task's parser cannot turn into a valid value is an `ExampleFileError` naming file and line.

`shipped_examples(task_id)` = the examples inside the task definition + the file's examples (deduplicated);
`builders` feed them into the offline mix (see `general_tasks.build`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from katalog.errors import KatalogError

if TYPE_CHECKING:
    from general_tasks.registry import Task

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
#: What "every task ships at least 50 examples" means (task-definition examples + file examples).
MIN_EXAMPLES = 50
_ALLOWED_KEYS = {"inputs", "output"}


class ExampleFileError(KatalogError):
    """A shipped example file that does not match its task (message names file and line)."""


@cache
def _chart_ids() -> frozenset[str]:
    """Chart ids of the bundled standard (empty when it cannot be loaded: the check is then skipped)."""
    try:
        from katalog.standard.loader import load_standard

        std = load_standard()
        return frozenset(std.charts)
    except Exception:  # noqa: BLE001 - optional consistency check only
        return frozenset()


def output_problem(task: Task, output: str) -> str | None:
    """Why `output` is not a valid gold answer for `task` (None when it is)."""
    from general_tasks.parsers import parse_output

    if not isinstance(output, str) or not output.strip():
        return "output is empty / 출력이 비어 있습니다"
    parsed = parse_output(output, task)
    if task.parser in ("label", "choice"):
        if parsed not in task.labels:
            return f"output {output!r} is not one of the task's labels {task.labels} / 레이블이 아닙니다"
    elif task.parser == "multilabel":
        parts = [p.strip() for p in re.split(r"[,\n;、]+", output) if p.strip()]
        bad = [p for p in parts if p not in task.labels and p not in task.label_aliases]
        if not parts or bad:
            return f"labels {bad or [output]} are not in {task.labels} (comma-separated) / 알 수 없는 레이블"
    elif task.parser == "score":
        try:
            value = float(output.strip())
        except ValueError:
            return f"output {output!r} is not a number 0–5 / 0–5 사이 숫자가 아닙니다"
        if not 0.0 <= value <= 5.0:
            return f"score {value} outside 0–5"
    elif task.parser == "number":
        if not parsed:
            return f"output {output!r} has no number / 숫자가 없습니다"
    elif task.parser == "entities":
        if parsed != "없음" and not all(re.fullmatch(r".+:[A-Z]{2}", p) for p in parsed.split(", ")):
            return f"output {output!r} is not 'text:TAG, …' or '없음' / 개체 형식 오류"
    elif task.parser == "ratio":
        if not parsed:
            return f"output {output!r} has no ratio summing to 100 (e.g. 'A30:B70') / 과실비율 형식 오류"
    elif task.parser == "fault":
        chart, _, ratio = parsed.partition("|")
        if not chart or not ratio:
            return f"output lacks '도표: <chart id>' or '과실비율: A..:B..' (parsed {parsed!r}) / 도표·과실비율 누락"
        charts = _chart_ids()
        if charts and chart not in charts:
            return f"chart {chart!r} is not in the bundled standard / 기준에 없는 도표"
    elif not parsed:
        return f"output {output!r} parses to nothing / 파싱 결과가 비어 있습니다"
    if task.id == "fault_chart_identification":
        charts = _chart_ids()
        if charts and parsed not in charts:
            return f"chart {parsed!r} is not in the bundled standard / 기준에 없는 도표"
    return None


def _err(path: Path, line: int, en: str) -> ExampleFileError:
    return ExampleFileError(f"{path}:{line}: 예제 오류", f"{path}:{line}: {en}")


def load_file(path: str | Path, task_id: str | None = None) -> list[tuple[dict[str, str], str]]:
    """Validated `(fields, output)` pairs of one example file (task = file stem unless given).

    Raises `ExampleFileError` at the first problem, naming file and line.
    """
    from general_tasks.registry import UnknownTaskError, get_task

    path = Path(path)
    tid = task_id or path.stem
    try:
        task = get_task(tid)
    except UnknownTaskError:
        raise ExampleFileError(
            f"{path}: 알 수 없는 과제 {tid!r}", f"{path}: unknown task {tid!r} (file name must be <task_id>.jsonl)"
        ) from None
    out: list[tuple[dict[str, str], str]] = []
    seen: dict[str, int] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ExampleFileError(f"{path}: 읽을 수 없습니다", f"{path}: unreadable: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _err(path, n, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise _err(path, n, "each line must be a JSON object {\"inputs\": {...}, \"output\": \"...\"}")
        extra = set(obj) - _ALLOWED_KEYS
        if extra or "inputs" not in obj or "output" not in obj:
            raise _err(path, n, f"keys must be exactly {sorted(_ALLOWED_KEYS)} (got {sorted(obj)})")
        inputs = obj["inputs"]
        if not isinstance(inputs, dict):
            raise _err(path, n, "'inputs' must be an object of field → text")
        missing = [f for f in task.inputs if f not in inputs]
        unknown = [f for f in inputs if f not in task.inputs]
        if missing or unknown:
            raise _err(
                path, n, f"task {tid} takes inputs {task.inputs}; missing {missing}, unknown {unknown}"
            )
        for f in task.inputs:
            if not isinstance(inputs[f], str) or not inputs[f].strip():
                raise _err(path, n, f"input field {f!r} must be a non-empty string")
        output = obj["output"]
        if not isinstance(output, str):
            raise _err(path, n, "'output' must be a string")
        problem = output_problem(task, output)
        if problem:
            raise _err(path, n, problem)
        fields = {f: inputs[f].strip() for f in task.inputs}
        key = task.render_input(fields)
        if key in seen:
            raise _err(path, n, f"duplicate inputs (same as line {seen[key]})")
        seen[key] = n
        out.append((fields, output.strip()))
    return out


def example_file(task_id: str, directory: Path | None = None) -> Path:
    return (directory or EXAMPLES_DIR) / f"{task_id}.jsonl"


def shipped_examples(task_id: str, directory: Path | None = None) -> list[tuple[dict[str, str], str]]:
    """The task definition's examples + its example file's (if any), deduplicated by rendered input."""
    from general_tasks.registry import get_task

    task = get_task(task_id)
    pairs = [(dict(e.fields), e.output) for e in task.examples]
    path = example_file(task_id, directory)
    if path.is_file():
        pairs += load_file(path, task_id)
    seen: set[str] = set()
    out = []
    for fields, output in pairs:
        key = task.render_input(fields)
        if key not in seen:
            seen.add(key)
            out.append((fields, output))
    return out


@dataclass
class FileReport:
    path: Path
    task: str
    count: int = 0
    total: int = 0
    """Task-definition examples + this file's (deduplicated)."""
    error: str | None = None
    labels: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    def line(self, minimum: int = MIN_EXAMPLES) -> str:
        if self.error:
            return f"FAIL {self.path}: {self.error}"
        short = f" (need ≥ {minimum})" if self.total < minimum else ""
        dist = ""
        if self.labels and len(self.labels) <= 12:
            dist = "  labels " + ", ".join(f"{k}={v}" for k, v in sorted(self.labels.items()))
        status = "OK  " if not short else "LOW "
        return f"{status} {self.task}: {self.count} in file, {self.total} with task examples{short}{dist}"


def check_file(path: str | Path) -> FileReport:
    """Validate one file and count its examples (never raises for content problems)."""
    from general_tasks.registry import get_task

    path = Path(path)
    rep = FileReport(path=path, task=path.stem)
    try:
        pairs = load_file(path)
        rep.count = len(pairs)
        rep.total = len(shipped_examples(path.stem, path.parent)) if path.parent.resolve() == EXAMPLES_DIR else len(
            _merge(path.stem, pairs)
        )
        task = get_task(path.stem)
        if task.output_type == "labels":
            from general_tasks.parsers import parse_output

            for _f, o in pairs:
                k = parse_output(o, task)
                rep.labels[k] = rep.labels.get(k, 0) + 1
    except ExampleFileError as exc:
        rep.error = exc.en if hasattr(exc, "en") else str(exc)
    return rep


def _merge(task_id: str, pairs: list[tuple[dict[str, str], str]]) -> list[tuple[dict[str, str], str]]:
    from general_tasks.registry import get_task

    task = get_task(task_id)
    keys = {task.render_input(e.fields) for e in task.examples}
    return [*task.examples, *[p for p in pairs if task.render_input(p[0]) not in keys]]


def coverage(directory: Path | None = None) -> dict[str, int]:
    """task id → shipped example count (definition + file), for every task."""
    from general_tasks.registry import task_ids

    return {tid: len(shipped_examples(tid, directory)) for tid in task_ids()}
