"""`timeout_s` is part of the `LLMBackend` protocol: every backend takes it, every caller passes it on."""

from __future__ import annotations

import inspect
import time

import pytest

from katalog.llm import deadline
from katalog.llm.base import LLMBackend
from katalog.llm.errors import LLMTimeoutError
from katalog.llm.fake import FakeBackend
from katalog.llm.langchain_adapters import KatalogChatModel, KatalogLLM
from katalog.llm.local_hf import LocalHFBackend
from katalog.llm.openai_compat import OpenAICompatBackend
from katalog.llm.proposal import call_with_deadline


@pytest.mark.parametrize("cls", [LLMBackend, FakeBackend, OpenAICompatBackend, LocalHFBackend])
def test_every_backend_takes_the_protocol_timeout(cls):
    param = inspect.signature(cls.generate).parameters["timeout_s"]
    assert param.kind is param.KEYWORD_ONLY and param.default is None
    assert isinstance(FakeBackend(), LLMBackend)


def test_call_with_deadline_passes_the_limit_cut_to_the_assessment_budget():
    fake = FakeBackend(["ok"])
    assert call_with_deadline(fake, "p", 7.0, max_tokens=5) == "ok"
    assert fake.calls[-1]["timeout_s"] == 7.0 and fake.calls[-1]["max_tokens"] == 5
    with deadline.budget(2.0):
        call_with_deadline(fake, "p", 7.0)
    assert 0 < fake.calls[-1]["timeout_s"] <= 2.0


def test_the_fake_backend_gives_up_at_the_callers_deadline():
    fake = FakeBackend(["late"], delay_s=5.0)
    t0 = time.monotonic()
    with pytest.raises(LLMTimeoutError):
        fake.generate("p", timeout_s=0.1)
    assert time.monotonic() - t0 < 2.0
    assert FakeBackend(["soon"], delay_s=0.01).generate("p", timeout_s=1.0) == "soon"


def test_proposal_and_explanation_calls_carry_their_timeouts():
    from katalog.llm.explain import explain
    from katalog.llm.proposal import propose_facts
    from katalog.models import Assessment

    fake = FakeBackend(["{}"])
    propose_facts(fake, "교차로에서 충돌", ["갑", "을"], timeout_s=4.0)
    assert fake.calls[-1]["timeout_s"] == 4.0
    explain(fake, Assessment(description="x", parties=["갑", "을"]), [], timeout_s=3.0)
    assert all(c["timeout_s"] <= 4.0 for c in fake.calls)


def test_langchain_adapters_pass_the_timeout_through():
    fake = FakeBackend(["네"])
    KatalogLLM(backend=fake, timeout_s=9.0).invoke("질문")
    assert fake.calls[-1]["timeout_s"] == 9.0
    KatalogLLM(backend=fake).invoke("질문", timeout_s=2.5)  # a call's own keyword wins
    assert fake.calls[-1]["timeout_s"] == 2.5
    KatalogLLM(backend=fake).invoke("질문")
    assert fake.calls[-1]["timeout_s"] is None  # the backend's own configured limit
    chat = KatalogChatModel(backend=fake, timeout_s=6.0)
    assert chat.invoke("질문").content == "네" and fake.calls[-1]["timeout_s"] == 6.0
    assert "".join(c.content for c in chat.stream("질문")) == "네" and fake.calls[-1]["timeout_s"] == 6.0
    assert "".join(KatalogLLM(backend=fake).bind(timeout_s=1.5).stream("질문")) == "네"
    assert fake.calls[-1]["timeout_s"] == 1.5


def test_openai_backend_honours_a_shorter_caller_timeout(http_backend):
    backend = http_backend("timeout", timeout_s=10.0)  # the server answers after 3 s
    t0 = time.monotonic()
    with pytest.raises(LLMTimeoutError):
        backend.generate("p", timeout_s=0.4)
    assert time.monotonic() - t0 < 2.5


def test_local_backend_turns_the_timeout_into_max_time(tiny_model_dir, monkeypatch):
    backend = LocalHFBackend(tiny_model_dir, device="cpu")
    backend.load()
    model = backend._model
    seen = {}
    real = model.generate

    def generate(**kwargs):
        seen.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(model, "generate", generate)
    assert isinstance(backend.generate("### 지시:\n요약\n\n### 응답:\n", max_tokens=4, timeout_s=1.25), str)
    assert seen["max_time"] == 1.25
