"""`reassess`: a user's changed choice recomputed from an earlier assessment equals `assess` with the
same choices, without reading the text again; retrieval runs once per assessment."""

from __future__ import annotations

import pytest

import katalog.engine as engine
from katalog.engine import KEEP, assess, reassess, request_of
from katalog.models import Assessment

from .conftest import PARTIES

LEFT = "신호 없는 교차로에서 당사 차량은 직진하고 상대 차량은 맞은편에서 좌회전하다 충돌했습니다"
REAR_END = "적색 신호에 정지해 있던 당사 차량을 뒤에서 오던 상대 차량이 들이받았습니다."
LANE = "편도 2차로에서 상대 차량이 방향지시등 없이 진로를 변경하다 직진하던 당사 차량과 부딪혔습니다."
THIN = "교차로에서 당사 차량이 좌회전하다가 상대 차량과 부딪혔습니다"


def same(a: Assessment, b: Assessment) -> None:
    """Equal but for the timings."""
    assert a.model_dump(exclude={"timings_ms"}) == b.model_dump(exclude={"timings_ms"})


def _other_chart(a: Assessment) -> str:
    return next(c.chart_id for c in a.candidates if c.chart_id != a.chart_id)


def _first_answer(a: Assessment) -> dict[str, str]:
    from katalog.followup import options_for

    q = next((q for q in a.questions if q.options), None)
    return {q.id: q.options[0]} if q is not None else {"place": list(options_for("place"))[0]}


@pytest.mark.parametrize("text", [LEFT, REAR_END, LANE])
def test_each_change_equals_assess_with_that_choice(text):
    a = assess(text, PARTIES)
    assert a.status == "ok", a.abstention
    other = a.mapping.B
    possible = [m.modifier_id for m in a.possible][:1]
    choices = [
        {"chart_id": _other_chart(a)},
        {"party_a": other},
        {"variant": a.variant},
        {"modifiers": [m.modifier_id for m in a.applied] + possible},
        {"modifiers": []},
        {"answers": _first_answer(a)},
        {"chart_id": _other_chart(a), "party_a": other, "answers": _first_answer(a)},
    ]
    for choice in choices:
        same(reassess(a, **choice), assess(text, PARTIES, **choice))


def test_changes_accumulate_and_none_returns_a_choice_to_the_engine():
    a = assess(LEFT, PARTIES)
    pin, other, answer = _other_chart(a), a.mapping.B, _first_answer(a)
    b = reassess(a, chart_id=pin)
    c = reassess(b, party_a=other)
    d = reassess(c, answers=answer)
    same(d, assess(LEFT, PARTIES, chart_id=pin, party_a=other, answers=answer))
    same(reassess(d, chart_id=None), assess(LEFT, PARTIES, party_a=other, answers=answer))
    same(reassess(d, party_a=None, answers=None), assess(LEFT, PARTIES, chart_id=pin))
    same(reassess(d), d)  # nothing changed: the same result


def test_a_new_chart_drops_the_old_charts_variant_and_modifiers():
    a = assess(LEFT, PARTIES, variant=None, modifiers=[])
    pin = _other_chart(a)
    same(reassess(a, chart_id=pin), assess(LEFT, PARTIES, chart_id=pin))
    same(reassess(a, chart_id=pin, modifiers=[]), assess(LEFT, PARTIES, chart_id=pin, modifiers=[]))


def test_an_abstention_answered_becomes_the_assessment_of_the_answer():
    a = assess(THIN, PARTIES)
    answer = {"p1.movement": "직진", "place": "신호 없는 교차로"}
    same(reassess(a, answers=answer), assess(THIN, PARTIES, answers=answer))


def test_reassess_reads_the_text_and_retrieves_no_more_than_the_change_needs(monkeypatch):
    a = assess(LEFT, PARTIES)
    calls = {"extract": 0, "retrieve": 0, "rank": 0, "citations": 0, "outcomes": 0}

    def counting(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)

        monkeypatch.setattr(engine, name, wrapper)

    for name in calls:
        counting(name, getattr(engine, name))
    reassess(a, modifiers=[])
    reassess(a, party_a=a.mapping.B)
    reassess(a, chart_id=_other_chart(a))
    assert calls == {"extract": 0, "retrieve": 0, "rank": 0, "citations": 1, "outcomes": 0}
    reassess(a, answers=_first_answer(a))  # an answer changes the facts and the query: those run again
    assert calls["extract"] == 0 and calls["retrieve"] == 1 and calls["rank"] == 1


def test_retrieval_runs_once_per_assessment(monkeypatch):
    seen = []
    real = engine.retrieve
    monkeypatch.setattr(engine, "retrieve", lambda query: seen.append(query) or real(query))
    assess(LEFT, PARTIES)
    assert len(seen) == 1


def test_citations_are_retrieved_once_on_the_llm_path(monkeypatch):
    """The LLM's proposal gets the top chart's citations as context; the result reuses them."""
    from katalog.llm.fake import FakeBackend

    seen = []
    real = engine.citations
    monkeypatch.setattr(engine, "citations", lambda *a, **k: seen.append(a[0].id) or real(*a, **k))
    a = assess(LEFT, PARTIES, llm=FakeBackend(["{}"]))
    assert a.status == "ok" and seen == [a.chart_id]


def test_an_assessment_read_back_is_reassessed_from_what_it_records():
    other = assess(REAR_END, PARTIES).mapping.B
    a = assess(REAR_END, PARTIES, party_a=other, answers={"place": "직선 도로"})
    stored = Assessment.model_validate(a.model_dump())  # e.g. from the case DB: not this process's object
    request = request_of(stored)
    assert request.parties == tuple(PARTIES) and request.party_a == other and request.chart_id is None
    assert request.answers == {"place": "직선 도로"}
    same(reassess(stored), a)
    pin = _other_chart(a)
    same(reassess(stored, chart_id=pin), assess(REAR_END, PARTIES, party_a=other, chart_id=pin,
                                                  answers={"place": "직선 도로"}))


def test_pinned_variant_and_modifiers_are_overrides_against_the_engines_own():
    a = assess(LEFT, PARTIES)
    extra = a.possible[0]
    b = reassess(a, modifiers=[m.modifier_id for m in a.applied] + [extra.modifier_id])
    mods = next(o for o in b.overrides if o.field == "modifiers")
    assert extra.name in mods.after and (mods.before == "없음" or mods.before in mods.after)
    assert reassess(a, modifiers=[m.modifier_id for m in a.applied]).overrides == []  # the engine's own: none
    assert reassess(a, variant=a.variant).overrides == []


def test_keep_is_the_default_and_prints_as_such():
    assert repr(KEEP) == "KEEP"
    a = assess(LEFT, PARTIES, party_a="상대 차량")
    assert reassess(a, chart_id=KEEP).mapping.A == "상대 차량"


def test_reassess_from_threads_sharing_one_memo():
    """App sessions run in threads: concurrent reassessments of one result each equal `assess`."""
    from concurrent.futures import ThreadPoolExecutor

    a = assess(LEFT, PARTIES)
    choices = [{"party_a": a.mapping.B}, {"modifiers": []}, {"chart_id": _other_chart(a)},
               {"answers": _first_answer(a)}] * 3
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda c: reassess(a, **c), choices))
    for choice, b in zip(choices, got, strict=True):
        same(b, assess(LEFT, PARTIES, **choice))
