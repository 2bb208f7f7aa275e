"""The one interface every LLM backend implements (OpenAI-compatible HTTP, local transformers, none)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class LLMBackend(Protocol):
    """A text-completion backend. Prompts are already rendered in the DaG format
    (`general_tasks.prompt_format.render_prompt`); the backend only completes them."""

    name: str
    """Stable backend id: 'openai', 'local', 'fake' …"""

    model_id: str
    """The served / loaded model's id, stored with every assessment."""

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
        """Complete `prompt`. With `json_schema`, constrain decoding to it where supported.

        `timeout_s` is the caller's limit for this call (None: the backend's own configured limit). A
        backend stops working on the call once it passes (an HTTP deadline, `max_time` of a local
        model), so the thread running it ends by itself; `katalog.llm.proposal.call_with_deadline`
        always passes it, cut to what is left of the assessment's LLM budget (`katalog.llm.deadline`)."""
        ...

    def health(self) -> dict[str, Any]:
        """`{"ok": bool, "backend": name, "model": model_id, "detail": str}`; never raises."""
        ...
