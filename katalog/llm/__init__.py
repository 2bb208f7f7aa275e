"""LLM backends (OpenAI-compatible HTTP, local transformers, fake) behind `LLMBackend`.

The LLM only proposes; `katalog.llm.proposal.propose` validates every proposal against the
standard and `katalog.llm.explain.explain` drops citations that are not in the retrieved context.
Heavy modules (transformers, httpx clients, LangChain) are imported lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from katalog.llm.base import LLMBackend
from katalog.llm.errors import LLMConfigError, LLMError, LLMHTTPError, LLMTimeoutError

if TYPE_CHECKING:
    from katalog.llm.factory import get_backend
    from katalog.llm.fake import FakeBackend
    from katalog.llm.local_hf import LocalHFBackend
    from katalog.llm.openai_compat import OpenAICompatBackend
    from katalog.llm.settings import LLMSettings

__all__ = [
    "FakeBackend",
    "LLMBackend",
    "LLMConfigError",
    "LLMError",
    "LLMHTTPError",
    "LLMSettings",
    "LLMTimeoutError",
    "LocalHFBackend",
    "OpenAICompatBackend",
    "get_backend",
]

# imported on first use: the engine imports `katalog.llm.deadline` and `katalog.llm.explain` for every
# assessment, and the settings model and the factory are wanted only where an LLM is configured
_LAZY = {
    "LLMSettings": "katalog.llm.settings",
    "get_backend": "katalog.llm.factory",
    "FakeBackend": "katalog.llm.fake",
    "LocalHFBackend": "katalog.llm.local_hf",
    "OpenAICompatBackend": "katalog.llm.openai_compat",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
