"""The chart card lists the near-same charts of the answer (비슷한 도표), and one click applies one."""

from __future__ import annotations

from katalog.standard.schema import NearSame, Ratio


def _caption_texts(at) -> list[str]:
    return [c.value for c in at.caption]


def _with_near_same(fake_engine, monkeypatch) -> None:
    """테스트-1 and 테스트-2 as near-same charts of each other (the fake standard's two charts)."""
    here = fake_engine.CHART.model_copy(update={"near_same_as": [NearSame(
        id="테스트-2", rule="situation", base={"기본": Ratio(A=50, B=50)},
        modifiers_only_here=["A 야간 +5", "B 방향지시등 미사용 +10", "A 과속 +10", "B 과속 +10"])]})
    there = fake_engine.OTHER.model_copy(update={"near_same_as": [NearSame(
        id="테스트-1", rule="situation", base={"가": Ratio(A=20, B=80), "나": Ratio(A=40, B=60)},
        modifiers_only_there=["A 야간 +5", "B 방향지시등 미사용 +10", "A 과속 +10"])]})
    monkeypatch.setitem(fake_engine.CHARTS, here.id, here)
    monkeypatch.setitem(fake_engine.CHARTS, there.id, there)


def test_chart_card_lists_near_same_charts_and_switches(app, fake_engine, monkeypatch):
    _with_near_same(fake_engine, monkeypatch)
    at = app()
    at.text_area(key="description").input("야간 교차로에서 충돌")
    at.button(key="analyze").click().run()
    assert not at.exception
    texts = _caption_texts(at)
    assert any(t.startswith("비슷한 도표") for t in texts)
    line = next(t for t in texts if t.startswith("테스트-2"))
    assert "기본" in line and "50" in line and "이 도표에만" in line and "외 1개" in line
    at.button(key="near_0").click().run()
    assert not at.exception
    assert [m.value for m in at.metric if m.label == "적용 도표"] == ["테스트-2"]
    # the other chart names the first back, with both of its variants
    back = next(t for t in _caption_texts(at) if t.startswith("테스트-1"))
    assert "(가)" in back and "(나)" in back and "테스트-1에만" in back


def test_chart_card_without_near_same_has_no_block(app, fake_engine):
    at = app()
    at.text_area(key="description").input("야간 교차로에서 충돌")
    at.button(key="analyze").click().run()
    assert not at.exception
    assert not [t for t in _caption_texts(at) if t.startswith("비슷한 도표")]
