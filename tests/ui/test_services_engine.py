"""The app's adapters over the shipped engine: an adjusted result is the engine's own result for the
user's choices (no modifier mapping in the UI), and a re-analysis reuses the engine's reading."""

from __future__ import annotations

import pytest

from katalog.engine import assess as engine_assess
from katalog.ui import services

LEFT = "신호 없는 교차로에서 당사 차량은 직진하고 상대 차량은 맞은편에서 좌회전하다 충돌했습니다"
PARTIES = ["당사 차량", "상대 차량"]


def _same(a, b) -> None:
    assert a.model_dump(exclude={"timings_ms"}) == b.model_dump(exclude={"timings_ms"})


@pytest.fixture(scope="module")
def result():
    a = services.assess(LEFT, PARTIES)
    assert a.status == "ok" and a.possible, a.abstention
    return a


def test_adjusted_assessment_is_the_engines_result_for_the_users_modifiers(result):
    ids = [m.modifier_id for m in result.applied] + [result.possible[0].modifier_id]
    calc = services.recompute(result.chart_id, result.variant, ids)  # what the app shows
    saved = services.adjusted_assessment(result, calc, result.chart_id, result.variant, ids, by="김담당")
    assert saved.calculation == calc and saved.final == {result.mapping.A: calc.final.A, result.mapping.B: calc.final.B}
    assert "사용자가 앱에서 조정함" in saved.warnings[-1] and result.possible[0].name in saved.warnings[-1]
    assert [(o.field, o.by) for o in saved.overrides] == [("modifiers", "김담당")]
    assert any(m.modifier_id == result.possible[0].modifier_id and m.source == "user" for m in saved.applied)
    engine = engine_assess(LEFT, PARTIES, modifiers=ids)
    _same(saved.model_copy(update={"warnings": saved.warnings[:-1], "overrides": engine.overrides}), engine)
    assert result.final != saved.final  # the engine's own result is untouched


def test_reassess_through_the_services_equals_a_new_assessment(result):
    other = next(c.chart_id for c in result.candidates if c.chart_id != result.chart_id)
    _same(services.reassess(result, chart_id=other, party_a=result.mapping.B),
          services.assess(LEFT, PARTIES, chart_id=other, party_a=result.mapping.B))
