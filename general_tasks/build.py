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
#: No task may exceed this share of the built mix (train + validation); see `share_caps`.
DEFAULT_MAX_TASK_SHARE = 0.15
MANIFEST_VERSION = 2


@dataclass
class BuildResult:
    out_dir: Path
    train: list[InstructionRecord]
    validation: list[InstructionRecord]
    manifest: dict[str, Any]
    skipped: list[dict[str, str]] = field(default_factory=list)


def _key(text: str) -> str:
    return " ".join(text.split())


def _source_examples(task_id: str, ctx: BuildContext, stats: Counter) -> Any:
    """(fields, output, origin) from the task's public/generated source, then its shipped examples.

    A missing source is recorded in `stats["source_missing"]`; SourceMissing is raised only when the task
    has no shipped examples either.
    """
    from general_tasks.example_files import shipped_examples

    shipped = shipped_examples(task_id, ctx.examples_dir) if ctx.use_shipped else []
    src = SOURCES.get(task_id)
    try:
        if src is None:
            raise SourceMissing(f"{task_id}: 원천 없음", f"{task_id}: no source defined")
        for ex, _row in src.examples(ctx):
            stats["rows_read"] += 1
            if ex is None:
                stats["rejected"] += 1
                continue
            yield ex[0], ex[1], src.origin or get_task(task_id).source
    except SourceMissing as exc:
        if not shipped:
            raise
        stats["source_missing"] = 1
        ctx.notes.setdefault(f"{task_id}:missing", str(exc))
    for fields, output in shipped:
        stats["shipped"] += 1
        yield fields, output, "shipped:general_tasks/examples"


def task_records(task_id: str, ctx: BuildContext) -> tuple[list[InstructionRecord], dict[str, Any]]:
    """All deduplicated records of one task (before the cap), with read/reject/duplicate counts.

    The task's source (hub, local file or generator) comes first, then its shipped project-written
    examples (`general_tasks/examples/<task>.jsonl` + the task definition's examples), so every task
    builds offline. Raises SourceMissing only when neither is available.
    """
    task = get_task(task_id)
    seen: set[tuple[str, str]] = set()
    records: list[InstructionRecord] = []
    stats = Counter()
    for fields, output, origin in _source_examples(task_id, ctx, stats):
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
                source=origin,
            )
        )
    info = {"rows_read": stats["rows_read"], "rejected": stats["rejected"], "duplicates": stats["duplicates"],
            "shipped": stats["shipped"]}
    src = SOURCES.get(task_id)
    if stats["source_missing"]:
        info["origin"] = "shipped"
        info["source_missing"] = ctx.notes.get(f"{task_id}:missing", "")
    else:
        info["origin"] = ctx.notes.get(task_id) or (src.origin if src else "") or "generated"
    return records, info


def share_caps(available: dict[str, int], max_share: float | None) -> dict[str, int]:
    """Per-task record limits so that no task exceeds `max_share` of the mix.

    Water-filling: the largest tasks are cut to a common limit c with c ≤ max_share × Σ min(n_i, c).
    With fewer than ⌈1 / max_share⌉ tasks the share cannot hold; the counts are returned unchanged.
    """
    if not max_share or not available or len(available) * max_share < 1:
        return dict(available)
    c = max(available.values())
    while True:
        allowed = int(max_share * sum(min(n, c) for n in available.values()))
        if c <= allowed:
            break
        c = allowed
    return {t: min(n, c) for t, n in available.items()}


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
    max_task_share: float | None = DEFAULT_MAX_TASK_SHARE,
    use_shipped: bool = True,
    examples_dir: str | Path | None = None,
) -> BuildResult:
    """Build `train.jsonl`, `validation.jsonl` and `manifest.json` in `out_dir`.

    Every task has shipped project-written examples, so a missing public source only means fewer
    records (noted in the manifest); a task is skipped only when it has neither. `max_task_share`
    (default 15 %) caps every task so that none exceeds that share of the mix (`share_caps`).
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
        use_shipped=use_shipped,
        examples_dir=Path(examples_dir) if examples_dir else None,
    )
    say = log or (lambda _msg: None)
    train: list[InstructionRecord] = []
    val: list[InstructionRecord] = []
    per_task: dict[str, Any] = {}
    skipped: list[dict[str, str]] = []
    collected: dict[str, tuple[list[InstructionRecord], dict[str, Any]]] = {}
    for task in all_tasks():
        if tasks and task.id not in tasks:
            continue
        try:
            collected[task.id] = task_records(task.id, ctx)
        except SourceMissing as exc:
            skipped.append({"task": task.id, "reason": str(exc)})
            say(f"건너뜀 / skipped: {exc}")
    limits = share_caps({t: min(len(r), cap) for t, (r, _i) in collected.items()}, max_task_share)
    if max_task_share and collected and len(collected) * max_task_share < 1:
        say(f"경고 / warning: {len(collected)} task(s) cannot stay under {max_task_share:.0%} each; share cap not applied")
    for task_id, (records, info) in collected.items():
        task = get_task(task_id)
        tr, va = cap_and_split(records, task_id, limits[task_id], seed, val_fraction)
        train += tr
        val += va
        info.update(category=task.category, source=task.source, available=len(records), train=len(tr), validation=len(va))
        if limits[task_id] < min(len(records), cap):
            info["share_capped_at"] = limits[task_id]
        per_task[task_id] = info
        extra = f" + {info['shipped']} shipped" if info["shipped"] and info["origin"] != "shipped" else ""
        say(f"{task_id}: {len(records)} → train {len(tr)} / validation {len(va)} ({info['origin']}{extra})")
    total = len(train) + len(val)
    for info in per_task.values():
        info["share"] = round((info["train"] + info["validation"]) / total, 4) if total else 0.0
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
        "params": {"cap": cap, "seed": seed, "val_fraction": val_fraction, "use_hub": use_hub, "max_rows": max_rows,
                   "max_task_share": max_task_share, "use_shipped": use_shipped},
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
