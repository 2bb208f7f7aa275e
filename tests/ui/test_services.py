"""The app's adapters over the katalog API (`katalog.ui.services`)."""

from __future__ import annotations

import pytest

from katalog.errors import KatalogError
from katalog.ui import services


def test_assess_passes_the_users_choices_to_the_engine(fake_engine, monkeypatch):
    seen = {}

    def spy(description, parties=None, llm=None, **kw):
        seen.update(kw)
        return fake_engine.assess(description, parties, llm, **kw)

    monkeypatch.setattr(services.engine, "assess", spy)
    a = services.assess("교차로 충돌", ["갑", "을"], answers={"q-signal": "황색"}, chart_id="테스트-2", language="en")
    assert seen == {"answers": {"q-signal": "황색"}, "chart_id": "테스트-2", "party_a": None, "accident_date": None}
    assert a.chart_id == "테스트-2" and a.variant == "기본"
    assert services.engine_speaks("ko") and not services.engine_speaks("en")  # English is the app's rendering


def test_engine_failures_become_korean_errors(fake_engine, monkeypatch):
    with pytest.raises(services.ServiceUnavailable, match="분석 중 오류"):
        services.assess("오류 문장", None)

    def bad_chart(*a, **k):
        raise KatalogError("없는 도표입니다", "unknown chart")

    monkeypatch.setattr(services.engine, "assess", bad_chart)
    with pytest.raises(KatalogError, match="없는 도표"):  # the engine's own error passes unchanged
        services.assess("교차로 충돌", None)
    assert services.warm_up()["ok"] is False


def test_services_call_the_library_api_itself():
    """Imported at import time and called by name: a renamed function fails when the app starts."""
    import inspect as source

    import katalog.calculator
    import katalog.engine

    assert services.engine is katalog.engine and services.calculator is katalog.calculator
    assert services.engine.reassess is katalog.engine.reassess
    text = source.getsource(services)
    assert "importlib" not in text and "signature(" not in text and "_module(" not in text


def test_recompute_and_adjusted_assessment(fake_engine):
    a = services.assess("교차로 충돌", ["갑", "을"])
    assert services.adjusted_assessment(a, a.calculation, a.chart_id, a.variant, []) is a  # unchanged
    calc = services.recompute(a.chart_id, a.variant, ["B-지시"])
    adj = services.adjusted_assessment(a, calc, a.chart_id, a.variant, ["B-지시"])
    assert adj.final == {"갑": 10, "을": 90} and adj.applied[0].source == "user"
    assert adj.calculation == calc and "사용자가 앱에서 조정함" in adj.warnings[-1]
    assert a.final == {"갑": 20, "을": 80}  # the engine's own result is untouched
    with pytest.raises(KatalogError):
        services.recompute("없는-도표", None, [])


def test_chart_lookup_and_versions(fake_engine):
    assert services.get_chart("테스트-1").title == "시험용 교차로 도표"
    assert services.get_chart("없음") is None
    assert services.standard_version() == "test-1"


def test_llm_status_without_and_with_a_backend(monkeypatch):
    status = services.llm_status()
    assert status["ok"] and status["backend"] == "none" and services.llm_backend() is None
    monkeypatch.setenv("KATALOG_LLM_BACKEND", "fake")
    status = services.llm_status()
    assert status["backend"] == "fake" and status["ok"]
    assert ("KATALOG_LLM_BACKEND", "fake") in services.llm_config_key()
    monkeypatch.setenv("KATALOG_LLM_BACKEND", "local")  # local without a model path: a config error
    from katalog.llm import factory

    factory.clear_cache()
    status = services.llm_status()
    assert status["ok"] is False and "KATALOG_LLM_MODEL" in status["detail"]


def test_db_round_trip_through_the_adapters(fake_engine):
    a = services.assess("교차로 충돌", ["갑", "을"])
    case_id = services.save_assessment(a)
    assert case_id.startswith("ui-")
    rows = services.db_results()
    assert rows[0]["id"] == case_id and (rows[0]["fault_1"], rows[0]["fault_2"]) == (20, 80)
    assert services.db_summary()["cases"] == 1
    services.review_decide(None, case_id, reviewer="검토자", fault_1=40, reason="영상 확인")
    trail = services.audit_trail(None, case_id)
    assert [t["종류"] for t in trail] == ["평가 판단 · 도표 테스트-1 · 갑 20 : 을 80", "검토 결정 갑 40 : 을 60"]
    with pytest.raises(KatalogError):
        services.review_decide(None, case_id, reviewer="검토자", fault_1=40, reason=" ")


def test_background_warm_up_reports_running_then_ok_and_retries_a_failure(fake_engine, monkeypatch):
    import threading

    gate = threading.Event()
    calls = []

    def slow_warm_up():
        calls.append(1)
        gate.wait(5)
        return {"ok": len(calls) > 1, "ms": 1.0, "error": None if len(calls) > 1 else "실패"}

    monkeypatch.setattr(services, "warm_up", slow_warm_up)
    warm = services.WarmUp()
    assert warm.state == "running" and warm.elapsed_s == 0.0  # not started: nothing has run yet
    warm.ensure_started()
    assert warm.state == "running"
    gate.set()
    assert warm.wait(5)["ok"] is False and warm.state == "error"
    warm.ensure_started()  # a failed warm-up is tried again
    assert warm.wait(5)["ok"] is True and warm.state == "ok" and len(calls) == 2
    warm.ensure_started()
    assert len(calls) == 2  # and a good one is not repeated


def test_chart_search_and_sketch_adapters(fake_engine):
    assert [c.id for c in services.search_charts("테스트-2")][:1] == ["테스트-2"]
    assert [c.id for c in services.search_charts("경쟁 도표")] == ["테스트-2"]
    assert [c.id for c in services.search_charts("", "차대차")] == ["테스트-1", "테스트-2"]
    assert services.search_charts("없는") == [] and services.chart_categories() == ["차대차"]
    a = services.assess("교차로 충돌", ["갑", "을"])
    sk = services.sketch(a)
    assert sk.drawn and sk.layout == "intersection" and "갑 (A)" in sk.svg
    broken = a.model_copy(update={"facts": None})
    assert not services.sketch(broken).drawn  # a drawing failure is a refusal with a reason, not a crash
    assert "오류" in services.sketch(broken).reason


def test_adjusted_assessment_records_variant_and_modifier_changes_with_the_name(fake_engine):
    a = services.assess("교차로 충돌", ["갑", "을"], party_a="을")
    calc = services.recompute("테스트-1", "나", ["B-지시"])
    saved = services.adjusted_assessment(a, calc, "테스트-1", "나", ["B-지시"], by="김담당")
    assert [(o.field, o.by) for o in saved.overrides] == [("parties", "김담당"), ("variant", "김담당"),
                                                          ("modifiers", "김담당")]
    assert saved.overrides[2].after == "방향지시등 미사용" and saved.overrides[2].before == "없음"
    same = services.adjusted_assessment(a, a.calculation, "테스트-1", a.variant, [], by="")
    assert same is a
