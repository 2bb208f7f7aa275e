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


def test_polyglot_chat_template_renders_dag(tiny_model_dir):
    from transformers import AutoTokenizer

    from general_tasks.prompt_format import render_prompt
    from katalog.llm.prompts import PROMPT_DIR

    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    template = (PROMPT_DIR / "polyglot_chat_template.jinja").read_text(encoding="utf-8")

    def render(messages):
        return tok.apply_chat_template(messages, chat_template=template, tokenize=False, add_generation_prompt=True)

    assert render([{"role": "system", "content": "지시"}, {"role": "user", "content": "입력"}]) == render_prompt("지시", "입력")
    assert render([{"role": "user", "content": "지시만"}]) == render_prompt("지시만")
    history = render([{"role": "user", "content": "첫 질문"}, {"role": "assistant", "content": "답"},
                      {"role": "user", "content": "둘째 질문"}])
    assert history.startswith(render_prompt("첫 질문") + "답") and history.endswith(render_prompt("둘째 질문"))
