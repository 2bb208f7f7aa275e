"""Issue 17, findings 3 and 4: every LLM text checked before display; one LLM deadline per assessment."""

from __future__ import annotations

import json
import threading
import time

import pytest

from katalog.llm.explain import explain, explain_template, number_claims, sanitize_llm_text
from katalog.llm.fake import FakeBackend
from katalog.models import Assessment, PartyMapping, WhatIf

from .conftest import LANE_CHANGE as DESC
from .conftest import PARTIES
from .test_explain import CONTEXT, _assessment


def _split(p1: int, p2: int) -> Assessment:
    """차15-1-like result: 제 차 p1 : 상대 차량 p2."""
    names = ["제 차", "상대 차량"]
    d = dict(zip(names, (p1, p2), strict=True))
    return Assessment(
        description="교차로 사고", parties=names, chart_id="차15-1", chart_title="교차로", variant="기본",
        mapping=PartyMapping(A="제 차", B="상대 차량", reason="r"), base=d, final=d, confidence=0.7,
        what_if=WhatIf(low={"제 차": p1}, high={"제 차": p1}),
    )  # fmt: skip


@pytest.mark.parametrize(
    "claim",
    [
        "최종 과실비율은 제 차 0 : 상대 차량 100입니다.",
        "제 차의 과실은 0%로 확정됩니다.",
        "0%로 확정됩니다.",
        "과실은 100 대 0으로 봅니다.",
        "100대0입니다.",
        "상대 차량 30 : 제 차 70으로 정합니다.",  # the right numbers on the wrong parties
        "A 70 : B 30",
        "제 차 70%, 상대 차량 30%",
        "결과는 ４０：６０입니다.",  # full-width digits
        "제 차 30.5%",
        "40 vs 60",
        "상대 차량의 과실은 30퍼센트입니다.",
        "중앙선 침범으로 15%p 가산했습니다.",
    ],
)
def test_any_number_the_calculator_did_not_produce_is_caught(claim):
    assert number_claims(claim, _split(30, 70)), claim


@pytest.mark.parametrize(
    "claim",
    [
        "최종 과실비율은 제 차 30 : 상대 차량 70입니다.",
        "30:70으로 봅니다.",
        "70 대 30",  # unnamed: either order
        "제 차의 과실은 30%, 상대 차량은 70%입니다.",
        "A 30 : B 70",
        "신뢰도 70%입니다.",
        "차량 2대가 1차로에서 충돌했습니다.",
        "2024/01/05 사고입니다.",
    ],
)
def test_numbers_the_calculator_produced_pass(claim):
    assert number_claims(claim, _split(30, 70)) == [], claim


def test_a_wrong_split_anywhere_shows_the_template():
    a = _split(30, 70)
    reply = "이 사고는 차15-1에 해당합니다. 최종 과실비율은 제 차 0 : 상대 차량 100입니다."
    text, warnings = explain(FakeBackend([reply]), a, [{"id": "차15-1", "title": "교차로"}])
    assert text == explain_template(a) and any("0 : 상대 차량 100" in w for w in warnings)
    for reply in ("제 차 과실은 0%로 확정됩니다. 나머지 설명입니다.", "결론: 100 대 0. 설명을 덧붙입니다."):
        assert explain(FakeBackend([reply]), a, [])[0] == explain_template(a)
    good = "이 사고는 차15-1에 해당합니다. 최종 과실비율은 제 차 30 : 상대 차량 70입니다."
    assert explain(FakeBackend([good]), a, [{"id": "차15-1", "title": "교차로"}])[0] == good


def test_templates_never_trip_the_number_check():
    for a in (_split(30, 70), _split(100, 0), _split(0, 100), _assessment()):
        assert number_claims(explain_template(a), a) == []


def test_escapes_markup_and_links_are_removed_before_display():
    a = _assessment()
    reply = (
        "\x1b]0;pwned\x07**피청구차량**이 진로를 바꾼 사고로 [차43-1](http://evil.example/x) 도표가 적용됩니다.\x1b[2J "
        "<script>alert(1)</script>자세한 내용은 https://evil.example/p?q=1 또는 www.evil.example 참고. "
        "[link=http://evil.example]여기[/link] \u202e최종 75:25입니다.\x9b31m"
    )
    text, warnings = explain(FakeBackend([reply]), a, CONTEXT)
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "http", "www.", "<script>", "**", "[link", "evil"):
        assert bad not in text, bad
    assert "차43-1" in text and "75:25" in text and any("markup" in w for w in warnings)
    assert sanitize_llm_text("[차43-1] 도표") == "[차43-1] 도표"  # bracketed ids are not markup


# ----------------------------------------------------------------------------------------------
# Through the engine: llm.used, one deadline, no thread growth
# ----------------------------------------------------------------------------------------------




def _scripted(prose: str):
    """Facts: nothing new; proposal: an unknown chart (rejected); explanation: `prose`."""

    def reply(prompt: str) -> str:
        if "설명하는 짧은 한국어 문단" in prompt:
            return prose
        if "사실관계만 뽑아" in prompt:
            return json.dumps({"facts": {"place": None, "parties": [], "scene_factors": []}})
        return json.dumps({"facts": {"place": None, "parties": [], "scene_factors": []}, "chart_id": "차999-9",
                           "variant": None, "party_a": PARTIES[0], "party_b": PARTIES[1], "modifiers": []})

    return reply


def test_llm_used_is_false_when_nothing_of_the_llm_was_used(engine):
    assess, rules = engine
    a = assess(DESC, parties=PARTIES, llm=FakeBackend([_scripted("최종 과실비율은 청구차량 0 : 피청구차량 100입니다.")]))
    assert a.final == rules.final and a.chart_id == rules.chart_id
    assert a.llm.used is False and a.llm.warnings  # proposal rejected, explanation replaced
    assert a.explanation == explain_template(a)
    split = " : ".join(f"{n} {rules.final[n]}" for n in PARTIES)
    ok = assess(DESC, parties=PARTIES, llm=FakeBackend([_scripted(f"이 사고의 최종 과실비율은 {split}입니다.")]))
    assert ok.llm.used is True and split in ok.explanation  # the checked explanation is the LLM's


def test_default_overall_deadline_is_at_most_20_s():
    from katalog.llm.settings import LLMSettings

    assert LLMSettings().assessment_timeout_s <= 20


def test_hung_server_costs_one_deadline_and_no_threads(engine, http_backend, monkeypatch):
    assess, rules = engine
    monkeypatch.setenv("KATALOG_LLM_ASSESSMENT_TIMEOUT_S", "1.0")
    # Per-call limits as the defaults (60 s): only the shared deadline can stop the calls early.
    backend = http_backend("hang", timeout_s=60.0, connect_timeout_s=5.0, max_retries=2, model=None)
    def client_threads() -> int:  # the scripted server's own handler threads do not count
        return sum(1 for t in threading.enumerate() if "process_request" not in t.name)

    before = client_threads()
    times = []
    for _ in range(5):
        t0 = time.monotonic()
        a = assess(DESC, parties=PARTIES, llm=backend)
        times.append(time.monotonic() - t0)
        assert a.final == rules.final and not a.llm.used and a.llm.warnings
    t0 = time.monotonic()
    assess(DESC, parties=PARTIES)
    rules_s = time.monotonic() - t0
    assert max(times) < 1.0 + rules_s + 1.5, (times, rules_s)  # the deadline plus the rules engine
    # Calls run in a fixed pool: no thread per call piles up behind the hung server.
    from katalog.llm import deadline

    assert client_threads() <= before + deadline.POOL_SIZE
    time.sleep(2.0)  # the backend got the same deadline: its waits end on their own
    busy = [t for t in threading.enumerate() if t.name.startswith("katalog-llm")]
    assert len(busy) <= deadline.POOL_SIZE


def test_nested_budgets_keep_the_outer_deadline():
    from katalog.llm import deadline

    with deadline.budget(1.0) as outer:
        with deadline.budget(20.0) as inner:
            assert inner.deadline <= outer.deadline and deadline.limit(60) <= 1.0
        assert deadline.current() is outer
    assert deadline.current() is None and deadline.limit(60) == 60
