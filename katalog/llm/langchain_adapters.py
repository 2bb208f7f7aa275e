"""LangChain adapters: any `LLMBackend` as a LangChain `LLM` / `BaseChatModel`, plus helpers that
build LangChain's own OpenAI-compatible and Hugging Face clients from `LLMSettings`.

The wrappers are thin (the backend does the work), so chains, retrievers and callbacks compose
with every KATALOG backend, including the fake one in tests. Both stream (`.stream`, `.astream`,
token callbacks), run async (`.ainvoke`, in a worker thread: the backends are synchronous), and the
chat model has `with_structured_output(schema)`: the schema is sent as the backend's JSON constraint
(vLLM `structured_outputs`, lm-format-enforcer locally) and the answer is parsed and validated
(`LLMProposal` or any pydantic model / JSON schema dict).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.language_models.llms import LLM
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult, GenerationChunk
from langchain_core.runnables import Runnable, RunnableLambda, RunnableMap, RunnablePassthrough
from langchain_core.runnables.config import run_in_executor
from pydantic import BaseModel, ConfigDict

from general_tasks.prompt_format import render_prompt
from katalog.llm.base import LLMBackend
from katalog.llm.settings import LLMSettings


class _OverBackend(BaseModel):
    """The fields of a LangChain model over an `LLMBackend`, and the options of one call to it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    backend: Any
    """The wrapped `LLMBackend`."""
    max_tokens: int = 256
    temperature: float = 0.0
    timeout_s: float | None = None
    """Each call's limit passed to the backend (`LLMBackend.generate(timeout_s=)`); a call's own
    `timeout_s=` keyword (`.invoke(..., timeout_s=5)`, `.bind(timeout_s=5)`) wins. None: the backend's."""

    def _options(self, stop: list[str] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
        """`generate`/`stream_text` options of a call: its own keywords win over the model's fields."""
        return {
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "stop": stop,
            "json_schema": kwargs.get("json_schema"),
            "timeout_s": kwargs.get("timeout_s", self.timeout_s),
        }


class KatalogLLM(_OverBackend, LLM):
    """A completion-style LangChain LLM over an `LLMBackend`; prompts pass through unchanged."""


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
        return self.backend.generate(prompt, **self._options(stop, kwargs))

    def _stream(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[GenerationChunk]:
        from katalog.llm.streaming import stream_text

        for delta in stream_text(self.backend, prompt, **self._options(stop, kwargs)):
            chunk = GenerationChunk(text=delta)
            if run_manager:
                run_manager.on_llm_new_token(delta, chunk=chunk)
            yield chunk

    async def _acall(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> str:
        return await run_in_executor(None, self._call, prompt, stop, None, **kwargs)


def _messages_to_dag(messages: list[BaseMessage]) -> str:
    """System (or first human) message → instruction, the last human message → input.

    The DaG format is single-turn: earlier turns (human and AI) of a conversation are folded into the
    input as a short '이전 대화' block before the last request, so a follow-up keeps its context.
    """
    instruction, turns = "", []
    for msg in messages:
        content = msg.content if isinstance(msg.content, str) else str(msg.content)
        if isinstance(msg, SystemMessage):
            instruction = content
        elif isinstance(msg, HumanMessage):
            if not instruction and not turns:
                instruction = content
            else:
                turns.append(("사용자", content))
        elif isinstance(msg, AIMessage):
            turns.append(("도우미", content))
        else:
            raise ValueError(f"unsupported message type: {type(msg).__name__}")
    if not turns:
        return render_prompt(instruction, "")
    *history, (_, last) = turns
    if history:
        past = "\n".join(f"{who}: {text}" for who, text in history[-6:])
        last = f"이전 대화:\n{past}\n\n요청: {last}"
    return render_prompt(instruction, last)


class KatalogChatModel(_OverBackend, BaseChatModel):
    """A chat model over an `LLMBackend`, rendering messages in the DaG instruction format."""


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
        text = self.backend.generate(_messages_to_dag(messages), **self._options(stop, kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        from katalog.llm.streaming import stream_text

        for delta in stream_text(self.backend, _messages_to_dag(messages), **self._options(stop, kwargs)):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
            if run_manager:
                run_manager.on_llm_new_token(delta, chunk=chunk)
            yield chunk

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        return await run_in_executor(None, self._generate, messages, stop, None, **kwargs)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        iterator = self._stream(messages, stop, None, **kwargs)
        done = object()
        while True:
            chunk = await run_in_executor(None, next, iterator, done)
            if chunk is done:
                break
            if run_manager:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    def with_structured_output(
        self, schema: dict[str, Any] | type, *, include_raw: bool = False, **kwargs: Any
    ) -> Runnable:
        """A runnable answering with a validated object of `schema` (a pydantic class, e.g. `LLMProposal`,
        or a JSON-schema dict → a dict). The schema constrains decoding (`json_schema`); parsing failures
        raise `OutputParserException`, or land in `parsing_error` with `include_raw=True`."""
        if kwargs.get("method") not in (None, "json_schema", "json_mode"):
            raise ValueError(f"method {kwargs['method']!r} is not supported (json_schema only)")
        json_schema = structured_schema(schema)
        bound = self.bind(json_schema=json_schema)
        parse = RunnableLambda(lambda msg: parse_structured(msg, schema))
        if not include_raw:
            return bound | parse

        def _safe(msg: AIMessage) -> dict[str, Any]:
            try:
                return {"parsed": parse_structured(msg, schema), "parsing_error": None}
            except Exception as exc:  # reported, not raised, as LangChain's include_raw contract says
                return {"parsed": None, "parsing_error": exc}

        return bound | RunnableMap(raw=RunnablePassthrough()) | RunnableLambda(
            lambda d: {"raw": d["raw"], **_safe(d["raw"])}
        )


def structured_schema(schema: dict[str, Any] | type) -> dict[str, Any]:
    """The JSON schema sent as the decoding constraint (pydantic `$ref`s inlined)."""
    from katalog.llm.proposal import inline_refs

    if isinstance(schema, type) and issubclass(schema, BaseModel):
        out = inline_refs(schema.model_json_schema())
        out.pop("title", None)
        return out
    if isinstance(schema, dict):
        return inline_refs(schema)
    raise TypeError(f"schema must be a pydantic model class or a JSON schema dict, not {type(schema).__name__}")


def parse_structured(message: Any, schema: dict[str, Any] | type) -> Any:
    """The first JSON object of the answer, validated against `schema`."""
    from langchain_core.exceptions import OutputParserException

    text = message.content if hasattr(message, "content") else str(message)
    text = text if isinstance(text, str) else str(text)
    start, end = text.find("{"), text.rfind("}")
    try:
        obj = json.loads(text[start : end + 1]) if start >= 0 and end > start else json.loads(text)
    except ValueError as exc:
        raise OutputParserException(f"not JSON: {exc}", llm_output=text) from None
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        try:
            return schema.model_validate(obj)
        except Exception as exc:
            raise OutputParserException(f"schema validation failed: {exc}", llm_output=text) from None
    required = [k for k in (schema.get("required") or []) if k not in obj] if isinstance(obj, dict) else []
    if not isinstance(obj, dict) or required:
        raise OutputParserException(f"missing required keys {required}", llm_output=text)
    return obj


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
    from katalog.llm.openai_compat import api_root_url

    return ChatOpenAI(
        model=s.model or "default",
        base_url=api_root_url(s.base_url),
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
