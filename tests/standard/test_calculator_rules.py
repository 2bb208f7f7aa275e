"""Calculator rules and error messages beyond the YAML cases."""

from __future__ import annotations

import pytest

from katalog.calculator import compute, resolve_modifier, severity
from katalog.errors import UnknownModifierError, UnknownVariantError


def test_issue_example_formula(std):
    calc = compute("차15-1", modifiers=["B 서행불이행"], standard=std)
    assert calc.formula == "기본 A30:B70 → B 서행 불이행 +10 → A20:B80"
    assert calc.applied[0].modifier_id == "B-서행불이행"


def test_accepts_chart_object_and_default_variant(std):
    chart = std.get("차6-1")
    calc = compute(chart)
    assert calc.variant == "가" and str(calc.final) == "A80:B20"
    assert compute("차6-1", variant="(나)", standard=std).variant == "나"


def test_modifier_by_id_and_tolerant_name(std):
    chart = std.get("차15-1")
    assert resolve_modifier(chart, "B-서행불이행").id == "B-서행불이행"
    assert resolve_modifier(chart, "b:서행 불이행").id == "B-서행불이행"
    assert resolve_modifier(chart, "B  서행·불이행").id == "B-서행불이행"
    # unambiguous without the party prefix
    assert resolve_modifier(chart, "서행불이행").party == "B"


def test_same_modifier_counts_once(std):
    calc = compute("차15-1", modifiers=["B 서행불이행", "B-서행불이행"], standard=std)
    assert str(calc.final) == "A20:B80"
    assert calc.applied[1].skipped and "한 번만" in calc.applied[1].skipped
    assert "제외" in calc.formula


def test_severe_pair_is_per_party(std):
    calc = compute("차15-1", modifiers=["A 현저한 과실", "B 중대한 과실"], standard=std)
    assert all(a.skipped is None for a in calc.applied)
    assert str(calc.final) == "A20:B80"


def test_severity_classes(std):
    mods = {m.id: m for m in std.get("보1").modifiers}
    assert severity(mods["A-차의현저한과실"]) == ("현저", "차의")
    assert severity(std.get("301").modifiers[1]) == ("중대", "")  # '중과실'


def test_clamped_flag_and_formula(std):
    calc = compute("차2-1", modifiers=["A 현저한 과실"], standard=std)
    assert calc.clamped and str(calc.final) == "A100:B0"
    assert "0~100" in calc.formula


def test_unknown_variant_lists_variants(std):
    with pytest.raises(UnknownVariantError) as exc:
        compute("차6-1", variant="라", standard=std)
    assert len(exc.value.hints) == 3 and exc.value.hints[0].startswith("가")


def test_unknown_modifier_lists_valid_ones(std):
    with pytest.raises(UnknownModifierError) as exc:
        compute("차15-1", modifiers=["음주운전"], standard=std)
    assert any("B-서행불이행" in h for h in exc.value.hints)
    assert "차15-1" in str(exc.value)


def test_modifier_of_other_variant(std):
    with pytest.raises(UnknownModifierError) as exc:
        compute("차1-2", variant="나", modifiers=["A-교차로정체중진입"], standard=std)
    assert "나" in str(exc.value)
    assert not any("교차로정체중진입" in h for h in exc.value.hints)


def test_ambiguous_party(std):
    with pytest.raises(UnknownModifierError, match="A/B"):
        compute("차2-1", modifiers=["중대한 과실"], standard=std)


def test_every_chart_computes(std):
    for chart in std:
        for v in chart.variants:
            calc = compute(chart, variant=v.key)
            assert calc.final == v.base
            for m in chart.modifiers_for(v.key):
                one = compute(chart, variant=v.key, modifiers=[m.id])
                assert one.final.A + one.final.B == 100
