"""Errors of the LLM layer. Backends raise these; `propose`/`explain` turn them into warnings."""

from __future__ import annotations

from katalog.errors import KatalogError


class LLMError(KatalogError):
    """An LLM call failed (transport, server or output)."""


class LLMConfigError(LLMError):
    """The LLM configuration (env / settings) is invalid or incomplete."""


class LLMTimeoutError(LLMError):
    """The call ran past its deadline."""


class LLMHTTPError(LLMError):
    """The server answered with an error status or could not be reached."""

    def __init__(self, ko: str, en: str = "", *, status: int | None = None) -> None:
        self.status = status
        super().__init__(ko, en)
