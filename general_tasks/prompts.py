"""Prompt builder: a task + field values → the exact DaG prompt the fine-tuning pipeline trains on."""

from __future__ import annotations

import hashlib
from typing import Any

from general_tasks.prompt_format import render_prompt
from general_tasks.registry import Task, get_task


def template_index(task: Task, key: str, seed: int = 0) -> int:
    """Deterministic template choice for a record key (stable across runs and machines)."""
    digest = hashlib.sha256(f"{seed}:{task.id}:{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % len(task.templates)


def build_prompt(task: Task | str, fields: dict[str, Any] | str, template: int = 0) -> str:
    """Render `render_prompt(instruction, input)` for `task`.

    `fields` is a dict of the task's input fields, or a plain string that fills the first field
    (a free request from `katalog assist`).
    """
    t = get_task(task) if isinstance(task, str) else task
    values = {t.inputs[0]: fields} if isinstance(fields, str) else fields
    return render_prompt(t.instruction(template), t.render_input(values))


def instruction_and_input(task: Task, fields: dict[str, Any], template: int = 0) -> tuple[str, str]:
    """(instruction, input) pair as stored in an InstructionRecord."""
    return task.instruction(template), task.render_input(fields)
