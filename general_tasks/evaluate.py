"""Evaluate an LLM backend on every task: render → generate → parse → score, per task and per category.

Examples are the registry's worked examples (default) or the records of a built `validation.jsonl`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from general_tasks.build import read_records
from general_tasks.metrics import score
from general_tasks.parsers import parse_output
from general_tasks.prompt_format import INSTRUCTION_HEADER, render_prompt
from general_tasks.prompts import build_prompt
from general_tasks.registry import Task, all_tasks, get_task

if TYPE_CHECKING:
    from katalog.llm.base import LLMBackend


@dataclass
class TaskResult:
    task: str
    category: str
    metric: str
    score: float
    n: int
    errors: int = 0
    samples: list[dict[str, str]] = field(default_factory=list)


@dataclass
class EvalReport:
    backend: str
    model: str
    source: str
    tasks: list[TaskResult]
    seconds: float

    def by_category(self) -> dict[str, float]:
        """Unweighted mean of the task scores in each category."""
        groups: dict[str, list[float]] = defaultdict(list)
        for r in self.tasks:
            groups[r.category].append(r.score)
        return {c: sum(v) / len(v) for c, v in groups.items()}

    def overall(self) -> float:
        return sum(r.score for r in self.tasks) / len(self.tasks) if self.tasks else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "model": self.model,
            "source": self.source,
            "seconds": round(self.seconds, 2),
            "overall": round(self.overall(), 4),
            "categories": {c: round(s, 4) for c, s in self.by_category().items()},
            "tasks": {
                r.task: {"category": r.category, "metric": r.metric, "score": round(r.score, 4), "n": r.n, "errors": r.errors}
                for r in self.tasks
            },
        }


def _items(task: Task, records_by_task: dict[str, list] | None, limit: int | None, template: int):
    if records_by_task is not None:
        items = [(render_prompt(r.instruction, r.input), r.output) for r in records_by_task.get(task.id, [])]
    else:
        items = [(build_prompt(task, ex.fields, template), ex.output) for ex in task.examples]
    return items[:limit] if limit else items


def evaluate_task(
    task: Task, backend: LLMBackend, items: list[tuple[str, str]], keep_samples: int = 2
) -> TaskResult:
    preds, refs, samples, errors = [], [], [], 0
    for prompt, gold in items:
        try:
            raw = backend.generate(prompt, max_tokens=task.max_new_tokens, temperature=0.0, stop=[INSTRUCTION_HEADER])
        except Exception:  # one failing call scores as an empty answer; the run goes on
            raw, errors = "", errors + 1
        preds.append(parse_output(raw, task))
        refs.append(parse_output(gold, task))
        if len(samples) < keep_samples:
            samples.append({"prompt": prompt[-200:], "raw": raw[:200], "parsed": preds[-1], "gold": refs[-1]})
    value = score(task.metric, preds, refs) if refs else 0.0
    return TaskResult(task.id, task.category, task.metric, value, len(refs), errors, samples)


def evaluate(
    backend: LLMBackend,
    *,
    tasks: list[str] | None = None,
    limit: int | None = None,
    validation: str | Path | None = None,
    template: int = 0,
    progress: Any = None,
) -> EvalReport:
    """Run `backend` on each task's examples and score them with the task's metric.

    `validation`: a built `validation.jsonl` (records keep their own instruction template);
    default: the registry's worked examples rendered with template `template`.
    """
    records_by_task = None
    if validation is not None:
        records_by_task = defaultdict(list)
        for r in read_records(validation):
            records_by_task[r.task].append(r)
    chosen = [get_task(t) for t in tasks] if tasks else all_tasks()
    t0 = time.monotonic()
    results = []
    for task in chosen:
        items = _items(task, records_by_task, limit, template)
        if not items:
            continue
        res = evaluate_task(task, backend, items)
        results.append(res)
        if progress:
            progress(res)
    return EvalReport(
        backend=getattr(backend, "name", "?"),
        model=getattr(backend, "model_id", "?"),
        source=str(validation) if validation else "worked examples",
        tasks=results,
        seconds=time.monotonic() - t0,
    )


def echo_baseline(prompt: str) -> str:
    """The `--backend fake` answer: the first line of the input section (a trivial, deterministic baseline)."""
    body = prompt.split("### 입력:", 1)[1] if "### 입력:" in prompt else prompt
    body = body.split("### 응답:", 1)[0].strip()
    line = body.split("\n", 1)[0]
    return line.split(":", 1)[1].strip() if ":" in line else line
