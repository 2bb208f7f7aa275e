"""Build the instruction-tuning mix: every task's source → records → dedup → cap → split → JSONL + manifest.

Deterministic for a given (sources, cap, seed, val_fraction): shuffles use `random.Random(f"{seed}:{task}")`
and template choice hashes the record key, so two builds write byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from general_tasks.builders import SOURCES, BuildContext, SourceMissing
from general_tasks.prompts import instruction_and_input, template_index
from general_tasks.records import InstructionRecord
from general_tasks.registry import all_tasks, get_task

DEFAULT_CAP = 5000
DEFAULT_VAL_FRACTION = 0.05
MANIFEST_VERSION = 1


@dataclass
class BuildResult:
    out_dir: Path
    train: list[InstructionRecord]
    validation: list[InstructionRecord]
    manifest: dict[str, Any]
    skipped: list[dict[str, str]] = field(default_factory=list)


def _key(text: str) -> str:
    return " ".join(text.split())


def task_records(task_id: str, ctx: BuildContext) -> tuple[list[InstructionRecord], dict[str, Any]]:
    """All deduplicated records of one task (before the cap), with read/reject/duplicate counts.

    Raises SourceMissing when the task's source is unavailable.
    """
    task = get_task(task_id)
    src = SOURCES[task_id]
    seen: set[tuple[str, str]] = set()
    records: list[InstructionRecord] = []
    stats = Counter()
    for ex, _row in src.examples(ctx):
        stats["rows_read"] += 1
        if ex is None:
            stats["rejected"] += 1
            continue
        fields, output = ex
        input_text = task.render_input(fields)
        dedup = (_key(input_text), _key(output))
        if dedup in seen:
            stats["duplicates"] += 1
            continue
        seen.add(dedup)
        rid = hashlib.sha256(f"{task_id}\n{dedup[0]}\n{dedup[1]}".encode()).hexdigest()[:16]
        instruction, input_text = instruction_and_input(task, fields, template_index(task, rid, ctx.seed))
        records.append(
            InstructionRecord(
                id=f"{task_id}-{rid}",
                task=task_id,
                category=task.category,
                instruction=instruction,
                input=input_text,
                output=output.strip(),
                source=src.origin or task.source,
            )
        )
    info = {"rows_read": stats["rows_read"], "rejected": stats["rejected"], "duplicates": stats["duplicates"]}
    info["origin"] = ctx.notes.get(task_id) or src.origin or "generated"
    return records, info


def cap_and_split(
    records: list[InstructionRecord], task_id: str, cap: int, seed: int, val_fraction: float
) -> tuple[list[InstructionRecord], list[InstructionRecord]]:
    """Seeded shuffle, keep `cap`, hold out `val_fraction` (at least 1 when there are ≥ 2 records)."""
    ordered = sorted(records, key=lambda r: r.id)  # source order must not matter
    random.Random(f"{seed}:{task_id}").shuffle(ordered)
    kept = ordered[:cap]
    n_val = 0 if len(kept) < 2 else max(1, round(len(kept) * val_fraction))
    return kept[n_val:], kept[:n_val]


def _write_jsonl(path: Path, records: list[InstructionRecord]) -> str:
    data = "".join(json.dumps(r.model_dump(), ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def build(
    out_dir: str | Path,
    *,
    cap: int = DEFAULT_CAP,
    seed: int = 0,
    val_fraction: float = DEFAULT_VAL_FRACTION,
    source_dir: str | Path | None = None,
    use_hub: bool = True,
    tasks: list[str] | None = None,
    cases: str | Path | None = None,
    data_dir: str | Path | None = None,
    standard: Any = None,
    max_rows: int | None = None,
    log: Any = None,
) -> BuildResult:
    """Build `train.jsonl`, `validation.jsonl` and `manifest.json` in `out_dir`.

    Missing sources are skipped (logged with how to provide them, listed in the manifest);
    the other tasks are still built.
    """
    if cap < 1:
        raise ValueError("cap must be ≥ 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = BuildContext(
        source_dir=Path(source_dir) if source_dir else None,
        use_hub=use_hub,
        seed=seed,
        data_dir=Path(data_dir) if data_dir else None,
        cases=Path(cases) if cases else None,
        standard=standard,
        max_rows=max_rows,
        generated_count=max(cap, 1) * 2,
    )
    say = log or (lambda _msg: None)
    train: list[InstructionRecord] = []
    val: list[InstructionRecord] = []
    per_task: dict[str, Any] = {}
    skipped: list[dict[str, str]] = []
    for task in all_tasks():
        if tasks and task.id not in tasks:
            continue
        try:
            records, info = task_records(task.id, ctx)
        except SourceMissing as exc:
            skipped.append({"task": task.id, "reason": str(exc)})
            say(f"건너뜀 / skipped: {exc}")
            continue
        tr, va = cap_and_split(records, task.id, cap, seed, val_fraction)
        train += tr
        val += va
        info.update(category=task.category, source=task.source, available=len(records), train=len(tr), validation=len(va))
        per_task[task.id] = info
        say(f"{task.id}: {len(records)} → train {len(tr)} / validation {len(va)} ({info['origin']})")
    files = {
        "train.jsonl": {"records": len(train), "sha256": _write_jsonl(out / "train.jsonl", train)},
        "validation.jsonl": {"records": len(val), "sha256": _write_jsonl(out / "validation.jsonl", val)},
    }
    cats: dict[str, dict[str, int]] = {}
    for info in per_task.values():
        c = cats.setdefault(info["category"], {"tasks": 0, "train": 0, "validation": 0})
        c["tasks"] += 1
        c["train"] += info["train"]
        c["validation"] += info["validation"]
    manifest = {
        "version": MANIFEST_VERSION,
        "generated_by": "python -m general_tasks build",
        "params": {"cap": cap, "seed": seed, "val_fraction": val_fraction, "use_hub": use_hub, "max_rows": max_rows},
        "totals": {"tasks_built": len(per_task), "tasks_skipped": len(skipped), "train": len(train), "validation": len(val)},
        "files": files,
        "categories": cats,
        "tasks": per_task,
        "skipped": skipped,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return BuildResult(out, train, val, manifest, skipped)


def read_records(path: str | Path) -> list[InstructionRecord]:
    """Records of a built JSONL file (e.g. `validation.jsonl`)."""
    with Path(path).open(encoding="utf-8") as f:
        return [InstructionRecord.model_validate_json(line) for line in f if line.strip()]
