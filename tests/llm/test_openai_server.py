"""The OpenAI-compatible backend against a scripted server on 127.0.0.1: every behaviour ends in a
valid proposal or None + warning, never an exception or a hang."""

from __future__ import annotations

import time

import pytest

from katalog.llm.errors import LLMHTTPError, LLMTimeoutError
from katalog.llm.proposal import propose

DESC = "교차로에서 청구차량이 적색신호에 직진하다 녹색신호로 직진하던 피청구차량과 충돌했다."


def _run(backend, case, standard, **kw):
    t0 = time.monotonic()
    res = propose(backend, DESC, case["parties"], case["candidates"], [], standard=standard, **kw)
    return res, time.monotonic() - t0


def test_valid_json_sends_structured_outputs(http_backend, llm_server, case, standard):
    res, _ = _run(http_backend("valid", api_key="sk-test-123"), case, standard)
    assert res.ok and res.chart_id == "차1-1" and res.modifier_ids == ["B-현저한과실"]
    req = llm_server.requests[-1]
    assert req["path"] == "/valid/v1/completions"
    assert req["body"]["structured_outputs"]["json"]["properties"]["chart_id"]["enum"] == ["차1-1", "차43-1"]
    assert "guided_json" not in req["body"]
    assert req["body"]["prompt"].endswith("### 응답:\n") and req["body"]["temperature"] == 0.0
    assert req["auth"] == "Bearer sk-test-123"


def test_invalid_json(http_backend, case, standard):
    res, _ = _run(http_backend("invalid"), case, standard)
    assert res.proposal is None and any("invalid JSON" in w for w in res.warnings)


def test_unknown_chart(http_backend, case, standard):
    res, _ = _run(http_backend("unknown_chart"), case, standard)
    assert res.proposal is None and any("차999-9" in w for w in res.warnings)


def test_timeout(http_backend, case, standard):
    res, took = _run(http_backend("timeout", timeout_s=0.5), case, standard, timeout_s=5)
    assert res.proposal is None and any("timed out" in w or "deadline" in w for w in res.warnings)
    assert took < 2.5


def test_http_500_is_retried_then_reported(http_backend, llm_server, case, standard):
    res, _ = _run(http_backend("http500", max_retries=2), case, standard)
    assert res.proposal is None and any("HTTP 500" in w for w in res.warnings)
    assert sum(r["mode"] == "http500" for r in llm_server.requests) == 3  # 1 + 2 retries, no proposal-level retry


def test_slow_stream_hits_the_deadline(http_backend, case, standard):
    res, took = _run(http_backend("slow_stream", timeout_s=0.8), case, standard, timeout_s=5)
    assert res.proposal is None and any("deadline" in w or "timed out" in w for w in res.warnings)
    assert took < 3.0


def test_proposal_deadline_caps_a_slow_backend(http_backend, case, standard):
    # Backend allows 30 s, the proposal only 0.7 s: the thread guard ends it.
    res, took = _run(http_backend("slow_stream", timeout_s=30), case, standard, timeout_s=0.7)
    assert res.proposal is None and took < 2.0


def test_server_without_structured_outputs(http_backend, llm_server, case, standard):
    res, _ = _run(http_backend("no_structured"), case, standard)
    assert res.ok
    assert "structured_outputs" not in llm_server.requests[-1]["body"]


def test_connection_refused_is_an_http_error():
    from katalog.llm.openai_compat import OpenAICompatBackend
    from katalog.llm.settings import LLMSettings

    b = OpenAICompatBackend(LLMSettings(backend="openai", base_url="http://127.0.0.1:9", model="m",
                                        max_retries=1, backoff_s=0.01, timeout_s=1, connect_timeout_s=0.5))
    with pytest.raises(LLMHTTPError):
        b.generate("x")
    h = b.health()
    assert h["ok"] is False and h["backend"] == "openai"


def test_health_and_model_discovery(http_backend):
    b = http_backend("valid", model=None)
    assert b.model_id == "dag"
    h = b.health()
    assert h["ok"] and h["model"] == "dag"
    assert http_backend("down").health()["ok"] is False


def test_stream_yields_deltas_and_respects_deadline(http_backend):
    assert "".join(http_backend("valid").stream("x")).startswith("t0 t1 ")
    with pytest.raises(LLMTimeoutError):
        list(http_backend("slow_stream", timeout_s=0.5).stream("x"))
