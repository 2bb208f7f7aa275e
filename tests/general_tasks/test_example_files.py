"""Shipped example files: strict validation (file + line in every error), the check CLI, the build reading them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from general_tasks import example_files as ef
from general_tasks.build import build
from general_tasks.cli import main as gt_main
from general_tasks.registry import get_task


def _write(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


NLI_OK = [
    {"inputs": {"premise": "비가 와서 소풍이 취소되었다.", "hypothesis": "소풍은 예정대로 열렸다."}, "output": "모순"},
    {"inputs": {"premise": "철수는 매일 아침 우유를 마신다.", "hypothesis": "철수는 우유를 마신다."}, "output": "함의"},
]


def test_valid_file_loads(tmp_path):
    pairs = ef.load_file(_write(tmp_path / "kornli.jsonl", NLI_OK))
    assert pairs[0] == ({"premise": "비가 와서 소풍이 취소되었다.", "hypothesis": "소풍은 예정대로 열렸다."}, "모순")


@pytest.mark.parametrize(
    ("name", "row", "needle"),
    [
        ("nosuch_task.jsonl", NLI_OK[0], "unknown task"),
        ("kornli.jsonl", {"inputs": {"premise": "전제만 있다."}, "output": "함의"}, "missing ['hypothesis']"),
        ("kornli.jsonl", {"inputs": {**NLI_OK[0]["inputs"], "extra": "x"}, "output": "함의"}, "unknown ['extra']"),
        ("kornli.jsonl", {"inputs": NLI_OK[0]["inputs"], "output": "아마도"}, "not one of the task's labels"),
        ("kornli.jsonl", {"inputs": {**NLI_OK[0]["inputs"], "hypothesis": " "}, "output": "함의"}, "non-empty"),
        ("kornli.jsonl", {"inputs": NLI_OK[0]["inputs"], "output": "함의", "id": 3}, "keys must be exactly"),
        ("kornli.jsonl", '{"inputs": {"premise": "a", ', "invalid JSON"),
        ("korsts.jsonl", {"inputs": {"sentence1": "가", "sentence2": "나"}, "output": "7"}, "outside 0–5"),
        ("math_word_problem.jsonl", {"inputs": {"question": "사과 두 개"}, "output": "두 개"}, "has no number"),
        ("committee_fault_ratio.jsonl", {"inputs": {"description": "추돌"}, "output": "과실비율: A30:B60"}, "no ratio"),
        ("fault_ratio_reasoning.jsonl", {"inputs": {"description": "추돌"}, "output": "과실비율: A100:B0"}, "도표"),
        ("klue_ner.jsonl", {"inputs": {"sentence": "서울에 갔다."}, "output": "서울 장소"}, "text:TAG"),
        ("unsmile_multilabel.jsonl", {"inputs": {"text": "어쩌고"}, "output": "연령, 외계인"}, "외계인"),
    ],
)
def test_errors_name_file_and_line(tmp_path, name, row, needle):
    path = _write(tmp_path / name, [row])
    with pytest.raises(ef.ExampleFileError) as err:
        ef.load_file(path)
    msg = str(err.value)
    assert needle in msg and str(path) in msg
    if "unknown task" not in needle:
        assert f"{path}:1:" in msg


def test_error_line_number_and_duplicates(tmp_path):
    path = _write(tmp_path / "kornli.jsonl", [NLI_OK[0], "", NLI_OK[1], NLI_OK[0]])
    with pytest.raises(ef.ExampleFileError, match=r"kornli.jsonl:4: duplicate inputs \(same as line 1\)"):
        ef.load_file(path)


def test_check_cli_exit_codes(tmp_path, capsys):
    good = _write(tmp_path / "kornli.jsonl", NLI_OK)
    assert gt_main(["examples", "check", str(good)]) == 1  # valid but under 50
    assert "LOW" in capsys.readouterr().out
    assert gt_main(["examples", "check", "--min", "2", str(good)]) == 0
    bad = _write(tmp_path / "klue_nli.jsonl", [{"inputs": {"premise": "x"}, "output": "함의"}])
    assert gt_main(["examples", "check", "--min", "2", str(good), str(bad)]) == 2
    out = capsys.readouterr().out
    assert "FAIL" in out and "klue_nli.jsonl:1" in out
    assert gt_main(["examples", "check", "--json", "--min", "1", str(good)]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["files"][0]["count"] == 2 and rep["files"][0]["labels"] == {"모순": 1, "함의": 1}


def test_build_reads_example_files_and_refuses_bad_ones(tmp_path, no_hub):
    d = tmp_path / "ex"
    d.mkdir()
    _write(d / "kornli.jsonl", NLI_OK)
    res = build(tmp_path / "o", use_hub=False, tasks=["kornli"], examples_dir=d, data_dir=tmp_path / "nodata")
    info = res.manifest["tasks"]["kornli"]
    assert info["shipped"] == len(get_task("kornli").examples) + 2 == info["available"]
    _write(d / "kornli.jsonl", [NLI_OK[0], {"inputs": NLI_OK[1]["inputs"], "output": "몰라"}])
    with pytest.raises(ef.ExampleFileError, match="kornli.jsonl:2"):
        build(tmp_path / "o2", use_hub=False, tasks=["kornli"], examples_dir=d, data_dir=tmp_path / "nodata")


def test_registry_examples_pass_the_same_validation():
    from general_tasks.registry import all_tasks

    for task in all_tasks():
        for e in task.examples:
            assert ef.output_problem(task, e.output) is None, (task.id, e.output)


def test_shipped_files_are_valid():
    """Every file under general_tasks/examples validates (what `examples check` runs)."""
    for path in sorted(ef.EXAMPLES_DIR.glob("*.jsonl")):
        ef.load_file(path)


def test_every_task_ships_at_least_50_examples():
    counts = ef.coverage()
    assert len(counts) == 41
    low = {t: n for t, n in counts.items() if n < ef.MIN_EXAMPLES}
    assert not low, f"tasks under {ef.MIN_EXAMPLES} shipped examples: {low}"
