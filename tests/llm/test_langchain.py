"""LangChain adapters compose with any backend."""

from __future__ import annotations

from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.prompts import PromptTemplate

from katalog.llm.fake import FakeBackend
from katalog.llm.langchain_adapters import KatalogChatModel, KatalogLLM, as_langchain, chat_openai
from katalog.llm.settings import LLMSettings


def test_llm_in_a_chain():
    fake = FakeBackend(["응답입니다"])
    chain = PromptTemplate.from_template("### 지시:\n{q}\n\n### 응답:\n") | as_langchain(fake)
    assert chain.invoke({"q": "요약"}) == "응답입니다"
    assert fake.calls[0]["prompt"] == "### 지시:\n요약\n\n### 응답:\n"
    assert KatalogLLM(backend=fake)._llm_type == "katalog-fake"


def test_chat_model_renders_dag():
    fake = FakeBackend(["네"])
    chat = KatalogChatModel(backend=fake)
    msg = chat.invoke([SystemMessage("분류하세요"), HumanMessage("문장")])
    assert msg.content == "네"
    assert fake.calls[0]["prompt"] == "### 지시:\n분류하세요\n\n### 입력:\n문장\n\n### 응답:\n"


def test_chat_openai_helper_hides_key():
    s = LLMSettings(backend="openai", base_url="http://127.0.0.1:8000", model="dag", api_key="sk-lc-secret")
    client = chat_openai(s)
    assert str(client.openai_api_base).endswith("/v1") and client.model_name == "dag"
    assert "sk-lc-secret" not in repr(client)
