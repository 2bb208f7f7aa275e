"""LangChain adapters: any `LLMBackend` as a LangChain `LLM` / `BaseChatModel`, plus helpers that
build LangChain's own OpenAI-compatible and Hugging Face clients from `LLMSettings`.

The wrappers are thin (the backend does the work), so chains, retrievers and callbacks compose
with every KATALOG backend, including the fake one in tests.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.language_models.llms import LLM
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict

from general_tasks.prompt_format import render_prompt
from katalog.llm.base import LLMBackend
from katalog.llm.settings import LLMSettings


class KatalogLLM(LLM):
    """A completion-style LangChain LLM over an `LLMBackend`; prompts pass through unchanged."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    backend: Any
    """The wrapped `LLMBackend`."""
    max_tokens: int = 256
    temperature: float = 0.0

    @property
    def _llm_type(self) -> str:
        return f"katalog-{getattr(self.backend, 'name', 'backend')}"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"backend": getattr(self.backend, "name", None), "model": getattr(self.backend, "model_id", None)}

    def _call(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> str:
        return self.backend.generate(
            prompt,
            max_tokens=kwargs.get("max_tokens", self.max_tokens),
            temperature=kwargs.get("temperature", self.temperature),
            stop=stop,
            json_schema=kwargs.get("json_schema"),
        )


def _messages_to_dag(messages: list[BaseMessage]) -> str:
    """System (or first human) message → instruction, the next human message → input."""
    instruction, input_text = "", ""
    for msg in messages:
        content = msg.content if isinstance(msg.content, str) else str(msg.content)
        if isinstance(msg, SystemMessage):
            instruction = content
        elif isinstance(msg, HumanMessage):
            if instruction:
                input_text = content
            else:
                instruction = content
        elif isinstance(msg, AIMessage):
            continue  # the DaG format is single-turn; earlier answers are not replayed
        else:
            raise ValueError(f"unsupported message type: {type(msg).__name__}")
    return render_prompt(instruction, input_text)


class KatalogChatModel(BaseChatModel):
    """A chat model over an `LLMBackend`, rendering messages in the DaG instruction format."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    backend: Any
    """The wrapped `LLMBackend`."""
    max_tokens: int = 256
    temperature: float = 0.0

    @property
    def _llm_type(self) -> str:
        return f"katalog-chat-{getattr(self.backend, 'name', 'backend')}"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = self.backend.generate(
            _messages_to_dag(messages),
            max_tokens=kwargs.get("max_tokens", self.max_tokens),
            temperature=kwargs.get("temperature", self.temperature),
            stop=stop,
            json_schema=kwargs.get("json_schema"),
        )
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


def as_langchain(backend: LLMBackend, *, chat: bool = False, **params: Any) -> KatalogLLM | KatalogChatModel:
    """Wrap a backend for LangChain chains (`chat=True` for a chat model)."""
    return KatalogChatModel(backend=backend, **params) if chat else KatalogLLM(backend=backend, **params)


def chat_openai(settings: LLMSettings | None = None, **params: Any) -> Any:
    """`langchain_openai.ChatOpenAI` pointed at the configured OpenAI-compatible server.

    The server needs a chat template for Polyglot (`--chat-template
    katalog/prompts/polyglot_chat_template.jinja`). For schema-constrained output pass
    `extra_body={"structured_outputs": {"json": schema}}` or use `.with_structured_output(...)`.
    """
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise ImportError('langchain-openai is not installed: pip install "katalog[llm]"') from None
    s = settings or LLMSettings.from_env(backend="openai")
    if not s.base_url:
        from katalog.llm.errors import LLMConfigError

        raise LLMConfigError("KATALOG_LLM_BASE_URL이 필요합니다", "KATALOG_LLM_BASE_URL is required")
    from katalog.llm.openai_compat import _api_root

    return ChatOpenAI(
        model=s.model or "default",
        base_url=_api_root(s.base_url),
        api_key=s.api_key.get_secret_value() if s.api_key else "EMPTY",
        timeout=s.timeout_s,
        max_retries=s.max_retries,
        temperature=0.0,
        **params,
    )


def huggingface_pipeline(model_path: str, *, max_new_tokens: int = 256, device: int | None = None) -> Any:
    """`langchain_huggingface.HuggingFacePipeline` over a local folder (no hub download when the
    folder exists). Wrap with `ChatHuggingFace` only after giving the tokenizer a chat template."""
    try:
        from langchain_huggingface import HuggingFacePipeline
    except ImportError:
        raise ImportError('langchain-huggingface is not installed: pip install "katalog[llm]"') from None
    return HuggingFacePipeline.from_model_id(
        model_id=model_path,
        task="text-generation",
        device=device,
        pipeline_kwargs={"max_new_tokens": max_new_tokens, "do_sample": False, "return_full_text": False},
    )
