"""The chart card names a chart's twin in another book: "같은 도표: 비정형-4 (2020 비정형사고 기준)"."""

from __future__ import annotations

from katalog.standard.loader import load_standard


def _caption_texts(at) -> list[str]:
    return [c.value for c in at.caption]


def test_chart_card_names_the_twin(app, fake_engine, monkeypatch):
    real = load_standard()
    twin = fake_engine.CHART.model_copy(update={"same_as": ["비정형-4"]})
    monkeypatch.setitem(fake_engine.CHARTS, twin.id, twin)
    monkeypatch.setitem(fake_engine.CHARTS, "비정형-4", real.get("비정형-4"))
    at = app()
    at.text_area(key="description").input("야간 교차로에서 충돌")
    at.button(key="analyze").click().run()
    assert not at.exception
    assert "같은 도표: 비정형-4 (2020 비정형사고 기준)" in _caption_texts(at)


def test_chart_card_without_twin_has_no_line(app, fake_engine):
    at = app()
    at.text_area(key="description").input("야간 교차로에서 충돌")
    at.button(key="analyze").click().run()
    assert not at.exception
    assert not [t for t in _caption_texts(at) if t.startswith("같은 도표")]


def test_the_accident_date_reaches_the_engine_and_the_card_says_which_edition(app, fake_engine):
    import datetime as dt

    at = app()
    at.text_area(key="description").input("야간 교차로에서 충돌")
    at.button(key="analyze").click().run()
    assert "사고 일자 미상: 현행 기준" in _caption_texts(at)
    at.date_input(key="accident_date").set_value(dt.date(2019, 5, 3))
    at.button(key="analyze").click().run()
    assert not at.exception
    assert "사고일 2019-05-03: 당시 기준" in _caption_texts(at)
