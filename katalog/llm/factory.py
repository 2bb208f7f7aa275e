"""`get_backend()`: the configured backend, or None for the rules-only engine."""

from __future__ import annotations

import threading

from katalog.llm.base import LLMBackend
from katalog.llm.errors import LLMConfigError
from katalog.llm.settings import LLMSettings

_CACHE: dict[LLMSettings, LLMBackend] = {}
_LOCK = threading.Lock()


def get_backend(settings: LLMSettings | None = None) -> LLMBackend | None:
    """Backend for `settings` (default: from `KATALOG_LLM_*`); None when backend is 'none'.

    Instances are cached per settings, so a local model is loaded once per process.
    Raises `LLMConfigError` (a `KatalogError`) when the configuration is incomplete.
    """
    settings = settings or LLMSettings.from_env()
    if settings.backend == "none":
        return None
    with _LOCK:
        cached = _CACHE.get(settings)
        if cached is not None:
            return cached
        backend = _build(settings)
        _CACHE[settings] = backend
        return backend


def _build(settings: LLMSettings) -> LLMBackend:
    if settings.backend == "openai":
        from katalog.llm.openai_compat import OpenAICompatBackend

        return OpenAICompatBackend(settings)
    if settings.backend == "local":
        if not settings.model:
            raise LLMConfigError(
                "로컬 백엔드에는 KATALOG_LLM_MODEL(경로)이 필요합니다",
                "the local backend needs KATALOG_LLM_MODEL (a folder or hub id)",
            )
        from katalog.llm.local_hf import LocalHFBackend

        return LocalHFBackend(settings.model, device=settings.device, fast_decode=settings.fast_decode)
    if settings.backend == "fake":
        from katalog.llm.fake import FakeBackend

        return FakeBackend(model_id=settings.model or "fake-model")
    raise LLMConfigError(f"알 수 없는 LLM 백엔드: {settings.backend}", f"unknown LLM backend {settings.backend!r}")


def clear_cache() -> None:
    """Forget cached backends (tests, config reload)."""
    with _LOCK:
        _CACHE.clear()
