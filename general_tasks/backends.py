"""Backends for `general_tasks eval` / `katalog assist`, all from `katalog.llm`."""

from __future__ import annotations

from katalog.llm import LLMSettings, get_backend
from katalog.llm.base import LLMBackend

CONFIGURE_HELP = (
    "LLM 백엔드가 설정되지 않았습니다. 다음 중 하나를 설정하세요 / No LLM backend is configured. Set one of:\n"
    "  - OpenAI 호환 서버 / OpenAI-compatible server:\n"
    "      export KATALOG_LLM_BACKEND=openai KATALOG_LLM_BASE_URL=http://127.0.0.1:8000/v1 [KATALOG_LLM_MODEL=…]\n"
    "  - 로컬 모델 / local transformers model:\n"
    "      export KATALOG_LLM_BACKEND=local KATALOG_LLM_MODEL=/path/to/model\n"
    "자세한 내용 / details: docs/general_tasks.md"
)


def make_backend(kind: str, model: str | None = None, base_url: str | None = None) -> LLMBackend:
    """A backend of `kind` ('fake' = the echo baseline; 'openai' / 'local' via katalog.llm settings)."""
    if kind == "fake":
        from general_tasks.evaluate import echo_baseline
        from katalog.llm.fake import FakeBackend

        return FakeBackend([echo_baseline], model_id="echo-baseline")
    settings = LLMSettings.from_env(backend=kind, model=model, base_url=base_url)
    backend = get_backend(settings)
    if backend is None:  # only for kind 'none'
        from katalog.llm.errors import LLMConfigError

        raise LLMConfigError("LLM 백엔드가 없습니다", "no LLM backend", hints=[CONFIGURE_HELP])
    return backend


def configured_backend() -> LLMBackend | None:
    """The backend configured by `KATALOG_LLM_*`, or None when none is configured."""
    return get_backend()
