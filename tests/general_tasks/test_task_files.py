"""The task definition files (`general_tasks/tasks/*.yaml`): strict loading, errors that name file and task."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import pytest
import yaml

from general_tasks.builders.katalog_legal import fault_answer
from general_tasks.metrics import METRICS
from general_tasks.parsers import PARSERS, parse_output
from general_tasks.registry import MetricName, ParserName, all_tasks, get_task
from general_tasks.task_files import TASKS_DIR, TaskFileError, category_paths, load_tasks


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "tasks"
    shutil.copytree(TASKS_DIR, out)
    return out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_files_are_the_registry():
    tasks, cats = load_tasks()
    assert list(tasks.values()) == all_tasks()
    assert [p.stem for p in category_paths()] == [p.stem for p in category_paths(TASKS_DIR)]
    assert sorted(p.name for p in TASKS_DIR.glob("*.yaml")) == sorted([*(p.name for p in category_paths()), "index.yaml"])
    assert sum(len(c.tasks) for c in cats.values()) == 41


def test_parser_and_metric_names_resolve_to_functions():
    assert set(get_args(ParserName)) == set(PARSERS)
    assert set(get_args(MetricName)) == set(METRICS)
    assert all(t.parser in PARSERS and t.metric in METRICS for t in all_tasks())


def test_shared_values_are_anchors():
    """Label sets and passages used by several tasks are written once (YAML anchors), not copied."""
    text = (TASKS_DIR / "sentiment.yaml").read_text(encoding="utf-8")
    assert text.count("[긍정, 부정]") == 1 and text.count("*polarity") == 2
    assert get_task("nsmc_sentiment").labels == get_task("shopping_review_sentiment").labels == ["긍정", "부정"]


@pytest.mark.parametrize(
    ("file", "old", "new", "says"),
    [
        ("sentiment.yaml", "  max_new_tokens: 4\n", "  max_new_tokens: 4\n  colour: red\n", "task nsmc_sentiment: colour"),
        ("nli.yaml", "  parser: label\n", "  parser: labels\n", "task kornli: parser"),
        ("nli.yaml", "  metric: accuracy\n", "", "task kornli: metric: Field required"),
        ("qa.yaml", "  output_type: span\n", "  output_type: span\n  category: nli\n", "task korquad_mrc: 'category'"),
        ("topic.yaml", "name: 주제 분류\n", "name: 주제 분류\nicon: x\n", "category: icon"),
        ("style.yaml", "  max_new_tokens: 64\n", "  max_new_tokens: 64\n  max_new_tokens: 8\n", "duplicate key"),
        ("legal.yaml", "- id: judgment_summary\n", "- id: statute_qa\n", "task 'statute_qa' already defined"),
        ("arithmetic.yaml", "id: arithmetic\n", "id: legal_reasoning\n", "category 'legal_reasoning' already"),
    ],
)
def test_invalid_files_name_file_and_task(folder, file, old, new, says):
    _edit(folder / file, old, new)
    with pytest.raises(TaskFileError) as err:
        load_tasks(folder)
    assert file in str(err.value) and says in str(err.value)


def test_example_missing_an_input_field_is_refused(folder):
    _edit(folder / "nli.yaml", "{premise: 민수는 아침마다", "{premize: 민수는 아침마다")
    with pytest.raises(TaskFileError, match=r"nli\.yaml: task kornli: .*example lacks fields \['premise'\]"):
        load_tasks(folder)


def test_index_lists_every_file_once(folder):
    (folder / "extra.yaml").write_text("id: x\nname: x\ntasks: []\n", encoding="utf-8")
    with pytest.raises(TaskFileError, match="not listed in the index.*extra.yaml"):
        load_tasks(folder)
    (folder / "extra.yaml").unlink()
    _edit(folder / "index.yaml", "- legal\n", "- legal\n- legal\n")
    with pytest.raises(TaskFileError, match="listed twice"):
        load_tasks(folder)
    _edit(folder / "index.yaml", "- legal\n- legal\n", "- legal\n- missing\n")
    with pytest.raises(TaskFileError, match="not found: .*missing.yaml"):
        load_tasks(folder)


def test_not_yaml_is_named(folder):
    (folder / "nli.yaml").write_text("id: nli\ntasks: [\n", encoding="utf-8")
    with pytest.raises(TaskFileError, match=r"nli\.yaml: not valid YAML"):
        load_tasks(folder)


def test_fault_answer_follows_the_template_format():
    """The builder's fault_answer writes the five lines the fault_ratio_reasoning templates ask for."""
    task = get_task("fault_ratio_reasoning")
    answer = fault_answer("차15-1", "직진 차량", "좌회전 차량", "없음", (30, 70), "기본 비율이다.")
    format_lines = task.templates[0].split("\n")[1:]
    assert [line.split(":")[0] for line in answer.split("\n")] == [line.split(":")[0] for line in format_lines]
    assert parse_output(answer, task) == "차15-1|A30:B70"
    assert all(parse_output(ex.output, task) for ex in task.examples)


def test_every_file_reads_with_plain_safe_load():
    """No custom tags: any YAML reader sees the same data."""
    for path in category_paths():
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(doc) <= {"id", "name", "note", "tasks"}
