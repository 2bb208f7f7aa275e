"""A scripted, deterministic backend for tests and demos (no model, no network)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from katalog.llm.errors import LLMTimeoutError

Reply = str | Exception | Callable[[str], str]


class FakeBackend:
    """Returns scripted replies in order (the last one repeats). An `Exception` reply is raised,
    a callable is called with the prompt. `delay_s` simulates a slow model; a call's `timeout_s` cuts the
    delay short (as a real backend stops at its deadline) and is recorded in `calls`."""

    name = "fake"

    def __init__(self, replies: Sequence[Reply] = ("{}",), *, model_id: str = "fake-model", delay_s: float = 0.0):
        if not replies:
            raise ValueError("FakeBackend needs at least one reply")
        self.replies = list(replies)
        self.model_id = model_id
        self.delay_s = delay_s
        self.calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FakeBackend(model_id={self.model_id!r}, replies={len(self.replies)})"

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
        with self._lock:
            i = len(self.calls)
            self.calls.append({"prompt": prompt, "max_tokens": max_tokens, "json_schema": json_schema, "stop": stop,
                               "timeout_s": timeout_s})
            reply = self.replies[min(i, len(self.replies) - 1)]
        if self.delay_s:
            if timeout_s and self.delay_s > timeout_s:  # a real backend gives up at its deadline
                time.sleep(timeout_s)
                raise LLMTimeoutError(f"LLM 응답 시간 초과 ({timeout_s:.0f}초)",
                                      f"fake backend call exceeded {timeout_s:.1f}s")
            time.sleep(self.delay_s)
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            return reply(prompt)
        return reply

    def health(self) -> dict[str, Any]:
        return {"ok": True, "backend": self.name, "model": self.model_id, "detail": "scripted replies"}
