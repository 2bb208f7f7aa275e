"""The registry: 41 tasks in 13 categories; every task renders, parses and scores its own examples."""

from __future__ import annotations

import pytest

from general_tasks.metrics import METRICS, score
from general_tasks.parsers import parse_output
from general_tasks.prompt_format import (
    INPUT_HEADER,
    INSTRUCTION_HEADER,
    RESPONSE_HEADER,
    render_example,
    render_prompt,
)
from general_tasks.prompts import build_prompt, instruction_and_input
from general_tasks.registry import UnknownTaskError, all_tasks, categories, get_task, registry_summary

TASKS = all_tasks()


def test_exactly_41_tasks_in_13_categories():
    assert len(TASKS) == 41
    cats = categories()
    assert len(cats) == 13
    assert sum(len(c.tasks) for c in cats) == 41
    assert len({t.id for t in TASKS}) == 41
    assert {t.category for t in TASKS} == {c.id for c in cats}


def test_required_kinds_are_covered():
    ids = {t.id for t in TASKS}
    for needed in ["ynat_topic", "nsmc_sentiment", "apeach_offensive", "unsmile_multilabel", "hatescore_category",
                   "kornli", "klue_nli", "kobest_copa", "korsts", "pawsx_paraphrase", "parakqc_paraphrase",
                   "question_pair", "kobest_wic", "korquad_mrc", "kobest_boolq", "closed_book_qa", "news_summary",
                   "judgment_summary", "klue_ner", "klue_re", "kobest_hellaswag", "style_transfer",
                   "honorific_conversion", "sae4k_intent", "petition_argument", "math_word_problem", "statute_qa",
                   "fault_ratio_reasoning", "committee_fault_ratio"]:  # fmt: skip
        assert needed in ids
    assert {t.metric for t in TASKS} == set(METRICS)
    assert {t.output_type for t in TASKS} == {"labels", "span", "free_text", "number"}


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_task_definition(task):
    assert len(task.templates) >= 3 and len(set(task.templates)) == len(task.templates)
    assert len(task.examples) >= 5
    assert any("\uac00" <= ch <= "\ud7a3" for ch in task.name)
    for ex in task.examples:
        assert set(task.inputs) <= set(ex.fields)


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_every_template_renders_every_example(task):
    for i in range(len(task.templates)):
        for ex in task.examples:
            prompt = build_prompt(task, ex.fields, i)
            instruction, input_text = instruction_and_input(task, ex.fields, i)
            assert prompt == render_prompt(instruction, input_text)
            assert prompt == render_example(instruction, input_text, ex.output)[0]  # the training prompt
            assert prompt.startswith(INSTRUCTION_HEADER) and INPUT_HEADER in prompt
            assert prompt.endswith(RESPONSE_HEADER + "\n")
            assert "{" not in instruction or "{" in "".join(task.labels)  # no unfilled placeholder


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_perfect_predictions_score_one(task):
    gold = [parse_output(ex.output, task) for ex in task.examples]
    assert all(gold), gold
    if task.parser in ("label", "choice"):
        assert set(gold) <= set(task.labels)
    assert score(task.metric, gold, gold) == pytest.approx(1.0)
    # a model answer echoing the gold with a prefix and a trailing header still parses the same
    noisy = [parse_output(f"정답: {ex.output}\n\n### 지시:\n다음", task) for ex in task.examples]
    assert score(task.metric, noisy, gold) == pytest.approx(1.0)


def test_registry_summary_and_lookup():
    rows = registry_summary()
    assert len(rows) == 41 and all(set(r) == {"id", "category", "name", "metric"} for r in rows)
    assert get_task("nsmc_sentiment").category == "sentiment"
    with pytest.raises(UnknownTaskError) as err:
        get_task("nsmc")
    assert "nsmc_sentiment" in str(err.value)


def test_free_request_fills_the_first_field():
    t = get_task("nsmc_sentiment")
    assert build_prompt(t, "정말 재밌다") == render_prompt(t.instruction(0), "리뷰: 정말 재밌다")


def test_docs_list_every_task():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "general_tasks.md").read_text(encoding="utf-8")
    for t in TASKS:
        assert f"`{t.id}`" in doc and t.name in doc, t.id
