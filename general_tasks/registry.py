"""The task registry: 41 Korean instruction tasks in 13 categories, read from `general_tasks/tasks/*.yaml`.

Task definitions are data (one YAML file per category, read by `general_tasks.task_files`); this module
defines the `Task` schema they are validated into and offers the lookups that inference (router, prompts,
eval) and training (builders) share.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from katalog.errors import KatalogError

OutputType = Literal["labels", "span", "free_text", "number"]
MetricName = Literal["accuracy", "macro_f1", "exact_match", "rouge_l", "pearson"]
ParserName = Literal["label", "multilabel", "choice", "span", "text", "number", "score", "entities", "ratio", "fault"]


class UnknownTaskError(KatalogError):
    """A task id that is not in the registry."""


class Example(BaseModel):
    """A worked example written by the project: input field values and the expected output."""

    model_config = ConfigDict(extra="forbid")

    fields: dict[str, str]
    output: str


class Task(BaseModel):
    """One instruction task: what it reads, how it is asked, how answers are parsed and scored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str = Field(description="Korean name")
    category: str
    description: str = Field(description="what the task does (Korean)")
    inputs: list[str] = Field(min_length=1, description="input field names")
    input_format: str = Field(description="str.format template turning the fields into the input text")
    output_type: OutputType
    labels: list[str] = Field(default_factory=list, description="closed label set, if any")
    label_aliases: dict[str, str] = Field(default_factory=dict, description="alias → label")
    parser: ParserName
    metric: MetricName
    templates: list[str] = Field(min_length=3, description="Korean instructions; may use {labels}")
    examples: list[Example] = Field(min_length=5)
    keywords: list[str] = Field(default_factory=list, description="router cues")
    source: str = Field(description="public source, human readable")
    max_new_tokens: int = 32

    @model_validator(mode="after")
    def _consistent(self) -> Task:
        for ex in self.examples:
            missing = set(self.inputs) - set(ex.fields)
            if missing:
                raise ValueError(f"task {self.id}: example lacks fields {sorted(missing)}")
        if self.parser in ("label", "multilabel") and not self.labels:
            raise ValueError(f"task {self.id}: parser {self.parser} needs labels")
        return self

    def instruction(self, template: int = 0) -> str:
        """The instruction text of template `template` (index wraps around)."""
        text = self.templates[template % len(self.templates)]
        return text.replace("{labels}", ", ".join(self.labels))

    def render_input(self, fields: dict[str, Any]) -> str:
        """The input text for these field values (missing optional fields render empty)."""
        safe = {k: "" if fields.get(k) is None else str(fields.get(k)).strip() for k in self.inputs}
        return self.input_format.format(**safe).strip()


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str = Field(description="Korean name")
    tasks: tuple[str, ...]


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, Task], dict[str, Category]]:
    from general_tasks.task_files import load_tasks

    return load_tasks()


def all_tasks() -> list[Task]:
    """Every task, in registry order (category by category)."""
    return list(_load()[0].values())


def task_ids() -> list[str]:
    return list(_load()[0])


def get_task(task_id: str) -> Task:
    """The task with this id; `UnknownTaskError` (bilingual, lists close ids) otherwise."""
    tasks = _load()[0]
    if task_id in tasks:
        return tasks[task_id]
    close = [t for t in tasks if task_id.lower() in t or t in task_id.lower()][:5]
    raise UnknownTaskError(
        f"알 수 없는 과제입니다: {task_id!r} (`katalog tasks`로 목록 확인)",
        f"unknown task {task_id!r} (see `katalog tasks`)",
        hints=close,
    )


def categories() -> list[Category]:
    return list(_load()[1].values())


def category_name(category_id: str) -> str:
    return _load()[1][category_id].name


def registry_summary() -> list[dict[str, str]]:
    """`[{"id", "category", "name", "metric"}]` — the shape of `katalog tasks --json`."""
    return [{"id": t.id, "category": t.category, "name": t.name, "metric": t.metric} for t in all_tasks()]
