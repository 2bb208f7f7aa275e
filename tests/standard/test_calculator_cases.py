"""Hand-worked calculator cases kept as YAML data (tests/standard/cases/*.yaml), OpenFisca style.

Each item: name, chart, variant?, modifiers, base [A, B], final [A, B], clamped?, skipped? (ids),
formula?, or error (the KatalogError subclass name).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from katalog import errors
from katalog.calculator import compute

CASES = Path(__file__).parent / "cases"


def _load() -> list:
    out = []
    for file in sorted(CASES.glob("*.yaml")):
        for item in yaml.safe_load(file.read_text(encoding="utf-8")):
            out.append(pytest.param(item, id=f"{file.stem}:{item['name']}"))
    return out


ALL = _load()


def test_at_least_40_worked_cases():
    worked = [p for p in ALL if "error" not in p.values[0]]
    assert len(worked) >= 40
    prefixes = {str(p.values[0]["chart"])[:1] for p in worked}
    assert {"차", "보", "거", "회", "P", "비"} <= prefixes


@pytest.mark.parametrize("case", ALL)
def test_case(case, std):
    if "error" in case:
        with pytest.raises(getattr(errors, case["error"])):
            compute(
                str(case["chart"]), variant=case.get("variant"), modifiers=case["modifiers"], standard=std
            )
        return
    calc = compute(str(case["chart"]), variant=case.get("variant"), modifiers=case["modifiers"], standard=std)
    assert case["base"] == [calc.base.A, calc.base.B], case["name"]
    assert case["final"] == [calc.final.A, calc.final.B], f"{case['name']}: {calc.formula}"
    assert calc.final.A + calc.final.B == 100
    assert calc.clamped is case.get("clamped", False)
    if "skipped" in case:
        assert [a.modifier_id for a in calc.applied if a.skipped] == case["skipped"]
    if "formula" in case:
        assert calc.formula == case["formula"]
