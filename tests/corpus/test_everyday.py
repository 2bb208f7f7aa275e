"""The everyday corpus: labels recomputed by the calculator, a deterministic build, a sealed blind split."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from katalog.models import EvalCase
from katalog.standard.loader import load_standard

ROOT = Path(__file__).resolve().parents[2]
EVERYDAY = ROOT / "data" / "corpus" / "everyday"


def _tool():
    spec = importlib.util.spec_from_file_location("build_everyday", ROOT / "tools" / "build_everyday.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (EVERYDAY / name).read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def tool():
    return _tool()


@pytest.fixture(scope="module")
def shipped() -> dict[str, list[dict]]:
    return {"folds": _rows("folds.jsonl"), "blind": _rows("blind.jsonl")}


def test_rebuild_equals_shipped(tool, tmp_path):
    """Every ratio and split is reproducible from the writers' raw labels (nothing typed by hand)."""
    tool.build(EVERYDAY / "raw", tmp_path)
    for name in ("folds.jsonl", "blind.jsonl", "stats.json"):
        assert (tmp_path / name).read_text("utf-8") == (EVERYDAY / name).read_text("utf-8"), name


def test_rows_are_eval_cases_with_calculator_ratios(shipped):
    std = load_standard()
    from katalog.calculator import compute

    for row in shipped["folds"] + shipped["blind"]:
        case = EvalCase.model_validate(row)
        exp = case.expected
        if not exp.answerable:
            assert exp.chart_ids is None and row["meta"]["family"] == "decline"
            continue
        assert all(c in std for c in exp.chart_ids)
        assert all(p in case.description for p in case.parties)
        calc = compute(exp.chart_ids[0], row["expected"]["variant"], exp.modifiers, standard=std)
        a_first = case.parties[0] == row["meta"]["A"]
        want = [calc.final.A, calc.final.B] if a_first else [calc.final.B, calc.final.A]
        assert exp.final_ratio == want, case.id


def test_blind_split_is_disjoint_and_about_a_fifth_of_every_family(shipped):
    folds, blind = shipped["folds"], shipped["blind"]
    assert not {r["id"] for r in folds} & {r["id"] for r in blind}
    assert not {r["description"] for r in folds} & {r["description"] for r in blind}
    total = Counter(r["meta"]["family"] for r in folds + blind)
    sealed = Counter(r["meta"]["family"] for r in blind)
    for family, n in total.items():
        assert abs(sealed[family] - round(n * 0.2)) <= 1, family
    assert {r["meta"]["fold"] for r in folds} == {0, 1, 2, 3, 4}


def test_check_rejects_bad_labels_with_the_reason(tool):
    std = load_standard()
    good = {"id": "X-1", "description": "사거리에서 제 차가 초록불에 직진하는데 상대 차가 빨간불에 달려왔어요",
            "parties": ["제 차", "상대 차"],
            "label": {"answerable": True, "chart_ids": ["차1-1"], "variant": "기본", "A": "제 차", "modifiers": []}}
    row = tool.check_row(good, std)
    assert row["expected"]["base_ratio"] == [0, 100] and row["meta"]["family"] == "차-intersection"
    flipped = tool.check_row({**good, "parties": ["상대 차", "제 차"]}, std)
    assert flipped["expected"]["base_ratio"] == [100, 0]
    bad = [
        ({"parties": ["제 차", "트럭"]}, "does not occur"),
        ({"parties": ["차", "상대 차"]}, "overlap"),
        ({"label": {**good["label"], "chart_ids": ["차999-1"]}}, "unknown chart"),
        ({"label": {**good["label"], "A": "택시"}}, "is not one of the parties"),
        ({"label": {**good["label"], "modifiers": ["Z-없는수정요소"]}}, "수정요소"),
        ({"label": {"answerable": False, "decline": "boring"}}, "decline reason"),
    ]
    for change, message in bad:
        with pytest.raises(tool.RowError, match=message):
            tool.check_row({**good, **change}, std)


def test_blind_split_never_reaches_training_examples(shipped):
    from general_tasks.builders.base import BuildContext
    from general_tasks.builders.katalog_legal import chart_id_examples, fault_reasoning_examples

    ctx = BuildContext(use_hub=False)
    seen = {inputs["description"] for inputs, _ in fault_reasoning_examples(ctx)}
    seen |= {inputs["description"] for inputs, _ in chart_id_examples(ctx)}
    assert not seen & {r["description"] for r in shipped["blind"]}
    assert {r["description"] for r in shipped["folds"] if r["expected"]["answerable"]} <= seen
