"""OpenAI-compatible HTTP backend (vLLM, SGLang, llama.cpp server, TGI).

`/v1/completions` is the default because Polyglot-Ko has no chat template; `/v1/chat/completions`
works when the server was given one (`katalog/prompts/polyglot_chat_template.jinja`). JSON-schema
constrained decoding uses vLLM's current request field `structured_outputs: {"json": schema}`
(the `guided_json` field was removed in vLLM 0.12). Every call has a hard deadline: the response
is read as a stream and abandoned once the deadline passes, so a server that drips bytes cannot
hang the engine.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import httpx

from katalog.llm.errors import LLMError, LLMHTTPError, LLMTimeoutError
from katalog.llm.settings import LLMSettings

log = logging.getLogger("katalog.llm")

_RETRY_STATUS = {429, 500, 502, 503, 504}


def api_root_url(base_url: str) -> str:
    """'http://h:8000', 'http://h:8000/', 'http://h:8000/v1' → 'http://h:8000/v1'."""
    root = base_url.strip().rstrip("/")
    return root if root.endswith("/v1") else root + "/v1"


class OpenAICompatBackend:
    """Completes DaG prompts through an OpenAI-compatible server."""

    name = "openai"

    def __init__(self, settings: LLMSettings | None = None, *, transport: httpx.BaseTransport | None = None):
        self.settings = settings or LLMSettings.from_env(backend="openai")
        if not self.settings.base_url:
            from katalog.llm.errors import LLMConfigError

            raise LLMConfigError(
                "KATALOG_LLM_BASE_URL이 필요합니다", "KATALOG_LLM_BASE_URL is required for the openai backend"
            )
        self.api_root = api_root_url(self.settings.base_url)
        headers = {"Content-Type": "application/json"}
        if self.settings.api_key is not None and self.settings.api_key.get_secret_value():
            headers["Authorization"] = f"Bearer {self.settings.api_key.get_secret_value()}"
        # The key lives only inside the client's headers, never as a plain attribute of this object.
        self._client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(self.settings.timeout_s, connect=self.settings.connect_timeout_s),
            transport=transport,
        )
        self._model: str | None = self.settings.model
        self._model_failed_at = float("-inf")
        self._structured_ok = self.settings.structured

    def __repr__(self) -> str:
        return f"OpenAICompatBackend(base_url={self.api_root!r}, model={self._model!r})"

    __str__ = __repr__

    # -- identity --------------------------------------------------------------------------
    @property
    def model_id(self) -> str:
        """The configured model, else the server's first served model (asked once)."""
        if self._model is None:
            # A server that does not answer is not asked again for a minute (each ask would cost
            # the assessment's LLM budget), and the ask itself stays within that budget.
            if time.monotonic() - self._model_failed_at < 60.0:
                return "unknown"
            from katalog.llm import deadline

            wait = deadline.limit(min(self.settings.connect_timeout_s, 3.0))
            if wait < deadline.MIN_CALL_S:
                return "unknown"
            try:
                models = self.list_models(timeout_s=wait)
                self._model = models[0] if models else None
            except LLMError:
                self._model_failed_at = time.monotonic()
                return "unknown"
        return self._model or "unknown"

    def list_models(self, timeout_s: float | None = None) -> list[str]:
        data = self._request_json("GET", "/models", None, deadline=time.monotonic() + (timeout_s or 10.0))
        return [str(m.get("id")) for m in data.get("data", []) if isinstance(m, dict)]

    # -- completion ------------------------------------------------------------------------
    def _body(self, prompt: str, max_tokens: int, temperature: float, stop: list[str] | None) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model_id, "max_tokens": max_tokens, "temperature": temperature}
        if self.settings.endpoint == "chat":
            body["messages"] = [{"role": "user", "content": prompt}]
        else:
            body["prompt"] = prompt
        if stop:
            body["stop"] = stop
        return body

    def _budget(self, timeout_s: float | None) -> float:
        """The configured timeout is a ceiling; a caller may only ask for less."""
        return min(timeout_s, self.settings.timeout_s) if timeout_s else self.settings.timeout_s

    @property
    def _path(self) -> str:
        return "/chat/completions" if self.settings.endpoint == "chat" else "/completions"

    def generate(
        self,
        prompt: str,
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        stop: list[str] | None = None,
        json_schema: dict[str, Any] | None = None,
        timeout_s: float | None = None,
    ) -> str:
        """Complete `prompt`; raises `LLMError` subclasses (never hangs past `timeout_s`)."""
        deadline = time.monotonic() + self._budget(timeout_s)
        body = self._body(prompt, max_tokens, temperature, stop)
        if json_schema is not None and self._structured_ok:
            body["structured_outputs"] = {"json": json_schema}
        try:
            data = self._request_json("POST", self._path, body, deadline=deadline)
        except LLMHTTPError as exc:
            # A server without vLLM's structured outputs rejects the field: retry once without it.
            if "structured_outputs" in body and exc.status in (400, 422):
                log.warning("server rejected structured_outputs (%s); retrying without it", exc.status)
                self._structured_ok = False
                body.pop("structured_outputs")
                data = self._request_json("POST", self._path, body, deadline=deadline)
            else:
                raise
        return self.text_of(data)

    def complete_json(
        self, prompt: str, *, max_tokens: int = 256, timeout_s: float | None = None
    ) -> dict[str, Any]:
        """The server's whole answer to a greedy completion: `text_of` reads its text, `usage` its token
        counts (what `llm bench` measures)."""
        deadline = time.monotonic() + self._budget(timeout_s)
        body = self._body(prompt, max_tokens, 0.0, None)
        return self._request_json("POST", self._path, body, deadline=deadline)

    def text_of(self, data: dict[str, Any]) -> str:
        """The completion text of a server answer (chat or completions endpoint)."""
        try:
            choice = data["choices"][0]
            text = choice["message"]["content"] if "message" in choice else choice["text"]
        except (KeyError, IndexError, TypeError):
            raise LLMError("LLM 응답 형식이 올바르지 않습니다", "malformed completion response") from None
        return text or ""

    def stream(
        self, prompt: str, *, max_tokens: int = 256, temperature: float = 0.0, timeout_s: float | None = None
    ) -> Iterator[str]:
        """Yield text deltas of a streamed completion (server-sent events)."""
        deadline = time.monotonic() + self._budget(timeout_s)
        body = self._body(prompt, max_tokens, temperature, None)
        body["stream"] = True
        try:
            left = max(0.05, deadline - time.monotonic())
            timeout = httpx.Timeout(
                min(self.settings.timeout_s, left), connect=min(self.settings.connect_timeout_s, left)
            )
            with self._client.stream("POST", self.api_root + self._path, json=body, timeout=timeout) as resp:
                if resp.status_code >= 400:
                    raise LLMHTTPError(
                        f"LLM 서버 오류 (HTTP {resp.status_code})", f"HTTP {resp.status_code}", status=resp.status_code
                    )
                for line in resp.iter_lines():
                    if time.monotonic() > deadline:
                        raise LLMTimeoutError("LLM 응답 시간 초과", "LLM stream deadline exceeded")
                    if not line.startswith("data:"):
                        continue
                    payload = line[5:].strip()
                    if payload == "[DONE]":
                        return
                    try:
                        choice = json.loads(payload)["choices"][0]
                    except (ValueError, KeyError, IndexError, TypeError):
                        continue
                    delta = choice.get("text")
                    if delta is None:
                        delta = (choice.get("delta") or {}).get("content")
                    if delta:
                        yield delta
        except httpx.TimeoutException:
            raise LLMTimeoutError("LLM 응답 시간 초과", "LLM request timed out") from None
        except httpx.HTTPError as exc:
            raise LLMHTTPError("LLM 서버에 연결할 수 없습니다", f"transport error: {type(exc).__name__}") from None

    # -- transport -------------------------------------------------------------------------
    def _request_json(self, method: str, path: str, body: dict[str, Any] | None, *, deadline: float) -> dict:
        """One request with retries (connection errors, 429, 5xx) and exponential backoff."""
        attempts = self.settings.max_retries + 1
        last: LLMError | None = None
        for attempt in range(attempts):
            if attempt:
                pause = self.settings.backoff_s * (2 ** (attempt - 1))
                if time.monotonic() + pause >= deadline:
                    break
                time.sleep(pause)
            try:
                return self._once(method, path, body, deadline)
            except LLMHTTPError as exc:
                last = exc
                if exc.status is not None and exc.status not in _RETRY_STATUS:
                    raise
                log.info("LLM request failed (%s), attempt %d/%d", exc.en, attempt + 1, attempts)
        raise last or LLMTimeoutError("LLM 응답 시간 초과", "LLM deadline exceeded before a retry")

    def _once(self, method: str, path: str, body: dict[str, Any] | None, deadline: float) -> dict:
        if time.monotonic() >= deadline:
            raise LLMTimeoutError("LLM 응답 시간 초과", "LLM deadline exceeded")
        chunks: list[bytes] = []
        # Every socket wait ends by the deadline: a server that accepts and then says nothing
        # cannot keep this thread past it.
        left = max(0.05, deadline - time.monotonic())
        timeout = httpx.Timeout(
            min(self.settings.timeout_s, left), connect=min(self.settings.connect_timeout_s, left)
        )
        try:
            with self._client.stream(method, self.api_root + path, json=body, timeout=timeout) as resp:
                for chunk in resp.iter_bytes():
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise LLMTimeoutError("LLM 응답 시간 초과", "LLM response deadline exceeded")
                status = resp.status_code
        except httpx.TimeoutException:
            raise LLMTimeoutError("LLM 응답 시간 초과", "LLM request timed out") from None
        except httpx.HTTPError as exc:
            raise LLMHTTPError(
                "LLM 서버에 연결할 수 없습니다", f"transport error: {type(exc).__name__}", status=None
            ) from None
        raw = b"".join(chunks)
        if status >= 400:
            detail = raw[:200].decode("utf-8", "replace")
            raise LLMHTTPError(f"LLM 서버 오류 (HTTP {status})", f"HTTP {status}: {detail}", status=status)
        try:
            data = json.loads(raw)
        except ValueError:
            raise LLMError("LLM 서버 응답이 JSON이 아닙니다", "server response is not JSON") from None
        if not isinstance(data, dict):
            raise LLMError("LLM 응답 형식이 올바르지 않습니다", "malformed server response")
        return data

    # -- health ----------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        """`{"ok", "backend", "model", "detail", "latency_ms"}`; never raises."""
        t0 = time.monotonic()
        try:
            models = self.list_models(timeout_s=min(5.0, self.settings.timeout_s))
        except LLMError as exc:
            return {"ok": False, "backend": self.name, "model": self._model, "detail": exc.message}
        except Exception as exc:  # health must never raise
            return {"ok": False, "backend": self.name, "model": self._model, "detail": repr(exc)[:200]}
        if self._model is None and models:
            self._model = models[0]
        ok = self._model in models if models else True
        detail = f"{self.api_root} serves {models}" if ok else f"model {self._model!r} not in {models}"
        return {
            "ok": ok,
            "backend": self.name,
            "model": self._model,
            "detail": detail,
            "latency_ms": round((time.monotonic() - t0) * 1000, 1),
        }

    def close(self) -> None:
        self._client.close()
