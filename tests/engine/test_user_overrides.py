"""`assess(..., party_a=)`: the user's A/B assignment survives answers and a pinned chart, every pin that
differs from the engine's choice is listed in `Assessment.overrides`, and nothing changes without one."""

from __future__ import annotations

import pytest

from katalog.engine import assess

REAR_END = "적색 신호에 정지해 있던 당사 차량을 뒤에서 오던 상대 차량이 들이받았습니다."
PARTIES = ["당사 차량", "상대 차량"]


@pytest.fixture(scope="module")
def engine_choice():
    return assess(REAR_END, PARTIES)


def test_no_override_means_the_engine_result_and_an_empty_record(engine_choice):
    a = engine_choice
    assert a.status == "ok" and a.overrides == [] and 0.0 < a.role_fit <= 1.0
    again = assess(REAR_END, PARTIES, party_a=a.mapping.A)  # the engine's own assignment is no override
    assert again.final == a.final and again.mapping == a.mapping and again.overrides == []


def test_party_a_swaps_and_is_kept_through_answers_and_a_pinned_chart(engine_choice):
    other = engine_choice.mapping.B
    swapped = assess(REAR_END, PARTIES, party_a=other)
    assert swapped.mapping.A == other and swapped.chart_id == engine_choice.chart_id
    assert swapped.final[other] == engine_choice.final[engine_choice.mapping.A]  # the split follows the roles
    assert "사용자가" in swapped.mapping.reason and "을(를)" not in swapped.mapping.reason
    assert [o.field for o in swapped.overrides] == ["parties"]
    q = next((q for q in swapped.questions if q.options), None)
    if q is not None:
        answered = assess(REAR_END, PARTIES, party_a=other, answers={q.id: q.options[0]})
        assert answered.status != "ok" or answered.mapping.A == other
        assert any(o.field == "answer" and o.after == f"{q.id}={q.options[0]}" for o in answered.overrides)
    pin = "차42-1" if engine_choice.chart_id == "차41-1" else "차41-1"  # a chart the engine did not choose itself
    pinned = assess(REAR_END, PARTIES, party_a=other, chart_id=pin)
    assert pinned.chart_id == pin and pinned.mapping.A == other
    chart = next(o for o in pinned.overrides if o.field == "chart")
    assert (chart.before, chart.after, chart.by) == (engine_choice.chart_id, pin, "user")


def test_an_unknown_party_a_is_a_warning_not_a_new_party(engine_choice):
    a = assess(REAR_END, PARTIES, party_a="제3자")
    assert a.mapping == engine_choice.mapping and a.overrides == []
    assert any("'제3자'가 당사자 이름에 없어" in w for w in a.warnings)  # 자 + 가: particle resolved
