"""Settings from the environment; the API key never shows."""

from __future__ import annotations

import pytest

from katalog.llm import LLMSettings, get_backend
from katalog.llm.errors import LLMConfigError
from katalog.llm.factory import clear_cache

SECRET = "sk-very-secret-4242"


def test_from_env_and_overrides():
    s = LLMSettings.from_env({"KATALOG_LLM_BACKEND": "openai", "KATALOG_LLM_BASE_URL": "http://h:8000",
                              "KATALOG_LLM_TIMEOUT_S": "12.5", "KATALOG_LLM_MAX_RETRIES": "3"}, model="dag")
    assert (s.backend, s.base_url, s.timeout_s, s.max_retries, s.model) == ("openai", "http://h:8000", 12.5, 3, "dag")
    assert LLMSettings.from_env({}).backend == "none"


def test_bad_env_is_a_clear_error():
    with pytest.raises(LLMConfigError) as exc:
        LLMSettings.from_env({"KATALOG_LLM_BACKEND": "gpt5"})
    assert "KATALOG_LLM_BACKEND" in str(exc.value)


def test_secret_never_in_repr_or_status():
    from katalog.llm.openai_compat import OpenAICompatBackend

    s = LLMSettings.from_env({"KATALOG_LLM_BACKEND": "openai", "KATALOG_LLM_BASE_URL": "http://127.0.0.1:9",
                              "KATALOG_LLM_API_KEY": SECRET})
    assert s.api_key.get_secret_value() == SECRET
    b = OpenAICompatBackend(s)
    for text in (repr(s), str(s), repr(b), str(b), str(s.public()), str(s.model_dump()), str(vars(b)),
                 str(b.health())):
        assert SECRET not in text
    assert s.public()["api_key_set"] is True


def test_factory():
    clear_cache()
    assert get_backend(LLMSettings()) is None
    with pytest.raises(LLMConfigError):
        get_backend(LLMSettings(backend="openai"))
    with pytest.raises(LLMConfigError):
        get_backend(LLMSettings(backend="local"))
    s = LLMSettings(backend="openai", base_url="http://127.0.0.1:9/v1", model="m")
    b = get_backend(s)
    assert b is get_backend(s) and b.api_root == "http://127.0.0.1:9/v1"
    assert get_backend(LLMSettings(backend="fake")).name == "fake"
    clear_cache()


def test_public_api():
    import katalog.llm as llm

    assert set(llm.__all__) >= {"get_backend", "LLMSettings", "LLMBackend", "OpenAICompatBackend",
                                "LocalHFBackend", "FakeBackend"}
    for name in llm.__all__:
        assert getattr(llm, name) is not None
    from katalog.llm.base import LLMBackend
    from katalog.llm.fake import FakeBackend

    assert isinstance(FakeBackend(), LLMBackend)
