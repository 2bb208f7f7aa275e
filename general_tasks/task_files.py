"""Task definitions as data: `general_tasks/tasks/<category>.yaml`, read strictly into `Task` objects.

`tasks/index.yaml` lists the category files in registry order; each category file holds::

    id: sentiment            # category id
    name: 감성 분석           # Korean name
    note: …                  # what the file holds and where its text comes from (not loaded into objects)
    tasks:
    - id: nsmc_sentiment     # every field of `general_tasks.registry.Task` except `category`
      …
      examples:
      - output: 긍정
        fields: {review: …}

Values shared by several tasks of a file (label sets, aliases, passages) are YAML anchors (`&polarity`, `*polarity`).
`parser` and `metric` are names resolved through `general_tasks.parsers.PARSERS` and `general_tasks.metrics.METRICS`.
Validation is strict: an unknown or missing field, a duplicate key or task id, a file missing from (or absent
in) the index is a `TaskFileError` naming the file and the task.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from katalog.errors import DataError
from katalog.vocab.loader import strict_yaml

if TYPE_CHECKING:
    from general_tasks.registry import Category, Task

TASKS_DIR = Path(__file__).resolve().parent / "tasks"
INDEX = "index.yaml"


class TaskFileError(DataError):
    """A task definition file that is missing, not YAML, or does not match the schema (names file and task)."""


class _Index(BaseModel):
    model_config = ConfigDict(extra="forbid")

    categories: list[str] = Field(min_length=1, description="category file stems, in registry order")


class CategoryFile(BaseModel):
    """One `tasks/<stem>.yaml`: the category and its raw task mappings (validated one by one into `Task`)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str = Field(description="Korean name")
    note: str = ""
    tasks: list[dict[str, Any]] = Field(min_length=1)


def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise TaskFileError(f"과제 정의 파일이 없습니다: {path}", f"task definition file not found: {path}")
    try:
        return strict_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TaskFileError(f"과제 정의 파일 {path.name}을 읽을 수 없습니다", f"{path}: not valid YAML: {exc}") from exc


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}" for e in exc.errors())


def _invalid(path: Path, what: str, exc: ValidationError) -> TaskFileError:
    return TaskFileError(f"과제 정의 파일 {path.name}, {what}: 형식 오류", f"{path}: {what}: {_problems(exc)}")


def read_category(path: Path) -> CategoryFile:
    """One category file, checked at the file level (tasks stay raw mappings)."""
    raw = _read_yaml(path)
    try:
        return CategoryFile.model_validate(raw)
    except ValidationError as exc:
        raise _invalid(path, "category", exc) from None


def category_paths(folder: Path = TASKS_DIR) -> list[Path]:
    """The category files in registry order, as `index.yaml` lists them (every other `*.yaml` is an error)."""
    index_path = folder / INDEX
    try:
        index = _Index.model_validate(_read_yaml(index_path))
    except ValidationError as exc:
        raise _invalid(index_path, "index", exc) from None
    listed = [folder / f"{stem}.yaml" for stem in index.categories]
    if len(set(listed)) != len(listed):
        raise TaskFileError(f"{index_path.name}: 같은 파일이 두 번 있습니다", f"{index_path}: a category listed twice")
    unlisted = sorted(p.name for p in folder.glob("*.yaml") if p.name != INDEX and p not in listed)
    if unlisted:
        raise TaskFileError(f"{index_path.name}에 없는 과제 파일: {', '.join(unlisted)}",
                            f"{index_path}: files not listed in the index: {unlisted}")
    return listed


def load_tasks(folder: Path = TASKS_DIR) -> tuple[dict[str, Task], dict[str, Category]]:
    """`({task_id: Task}, {category_id: Category})` in registry order, every task validated."""
    from general_tasks.registry import Category, Task

    tasks: dict[str, Task] = {}
    cats: dict[str, Category] = {}
    cat_file: dict[str, str] = {}
    task_file: dict[str, str] = {}
    for path in category_paths(folder):
        spec = read_category(path)
        if spec.id in cats:
            raise TaskFileError(f"{path.name}: 분야 {spec.id}가 두 번 정의되었습니다",
                                f"{path}: category {spec.id!r} already defined in {cat_file[spec.id]}")
        cat_file[spec.id] = path.name
        ids = []
        for n, raw in enumerate(spec.tasks):
            name = str(raw.get("id") or f"#{n + 1}")
            if "category" in raw:
                raise TaskFileError(f"{path.name}, 과제 {name}: category는 파일의 id입니다",
                                    f"{path}: task {name}: 'category' comes from the file's id, not the task")
            try:
                task = Task.model_validate({**raw, "category": spec.id})
            except ValidationError as exc:
                raise _invalid(path, f"task {name}", exc) from None
            if task.id in tasks:
                raise TaskFileError(f"{path.name}: 과제 {task.id}가 두 번 정의되었습니다",
                                    f"{path}: task {task.id!r} already defined in {task_file[task.id]}")
            tasks[task.id] = task
            task_file[task.id] = path.name
            ids.append(task.id)
        cats[spec.id] = Category(id=spec.id, name=spec.name, tasks=tuple(ids))
    return tasks, cats
