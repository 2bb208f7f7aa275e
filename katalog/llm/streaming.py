"""Streaming generation over any backend: `stream_text(backend, prompt, …)` yields text deltas.

- A backend with `stream()` (the OpenAI-compatible one: server-sent events) streams from the server.
- The local transformers backend streams token by token (`TextIteratorStreamer`, generation in a
  thread under the backend's lock).
- Anything else (the fake backend, a backend with a JSON schema) generates once and yields the text.

Stop strings and the DaG format's next-header cut (`### 지시:` …) are applied across chunk
boundaries: only the tail of a delta that could still be the start of a stop string is held back, so what is
yielded, joined, equals what `generate()` would have returned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from general_tasks.prompt_format import INSTRUCTION_HEADER

#: Headers that end a DaG answer (the model starting a new turn).
DEFAULT_STOPS = (INSTRUCTION_HEADER, "### 입력:", "### 응답:", "<|endoftext|>")


class StopScanner:
    """Feeds deltas, releases text that can no longer turn into a stop string; `done` once one is seen."""

    def __init__(self, stops: list[str] | tuple[str, ...]) -> None:
        self.stops = [s for s in stops if s]
        self.hold = max((len(s) for s in self.stops), default=1) - 1
        self.buf = ""
        self.done = False

    def feed(self, delta: str) -> str:
        if self.done:
            return ""
        self.buf += delta
        cut = min((i for i in (self.buf.find(s) for s in self.stops) if i >= 0), default=-1)
        if cut >= 0:
            out, self.buf, self.done = self.buf[:cut], "", True
            return out
        keep = self._partial()
        out, self.buf = self.buf[: len(self.buf) - keep], self.buf[len(self.buf) - keep :]
        return out

    def _partial(self) -> int:
        """Length of the longest tail of the buffer that could still grow into a stop string."""
        for k in range(min(len(self.buf), self.hold), 0, -1):
            tail = self.buf[-k:]
            if any(s.startswith(tail) for s in self.stops):
                return k
        return 0

    def flush(self) -> str:
        out, self.buf = ("" if self.done else self.buf), ""
        return out


def raw_stream(
    backend: Any,
    prompt: str,
    *,
    max_tokens: int = 256,
    temperature: float = 0.0,
    json_schema: dict[str, Any] | None = None,
    timeout_s: float | None = None,
) -> Iterator[str]:
    """Deltas as the backend produces them (no stop handling)."""
    if json_schema is None and callable(getattr(backend, "stream", None)):
        yield from backend.stream(prompt, max_tokens=max_tokens, temperature=temperature, timeout_s=timeout_s)
        return
    yield backend.generate(prompt, max_tokens=max_tokens, temperature=temperature, json_schema=json_schema,
                           timeout_s=timeout_s)


def stream_text(
    backend: Any,
    prompt: str,
    *,
    max_tokens: int = 256,
    temperature: float = 0.0,
    stop: list[str] | None = None,
    json_schema: dict[str, Any] | None = None,
    timeout_s: float | None = None,
) -> Iterator[str]:
    """Text deltas of one completion, cut at `stop` and at the next DaG header."""
    scanner = StopScanner([*(stop or []), *DEFAULT_STOPS])
    for delta in raw_stream(backend, prompt, max_tokens=max_tokens, temperature=temperature,
                            json_schema=json_schema, timeout_s=timeout_s):
        out = scanner.feed(delta)
        if out:
            yield out
        if scanner.done:
            return
    tail = scanner.flush()
    if tail:
        yield tail
