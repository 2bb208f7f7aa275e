"""LLM configuration from the environment (`KATALOG_LLM_*`) or explicit values.

Kept as a plain pydantic model with `from_env()` so the core install needs no extra package.
The API key is a `SecretStr`: it never appears in `repr`, `str`, logs or `katalog llm status`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from katalog.llm.errors import LLMConfigError

BackendKind = Literal["none", "openai", "local", "fake"]

ENV_PREFIX = "KATALOG_LLM_"


class LLMSettings(BaseModel):
    """Which backend to use and how to reach it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: BackendKind = "none"
    """'none' (rules only), 'openai' (OpenAI-compatible HTTP), 'local' (transformers), 'fake' (tests)."""
    base_url: str | None = None
    """OpenAI-compatible server, e.g. 'http://127.0.0.1:8000' or '…/v1'."""
    model: str | None = None
    """Served model name (openai) or a local path / hub id (local). For openai, None = first served model."""
    api_key: SecretStr | None = None
    """Bearer token for the server; never printed."""
    endpoint: Literal["completions", "chat"] = "completions"
    """Polyglot has no chat template, so plain completions are the default."""
    structured: bool = True
    """Send vLLM `structured_outputs` (JSON schema) with proposal requests."""
    connect_timeout_s: float = Field(5.0, gt=0)
    timeout_s: float = Field(60.0, gt=0, description="per-request read timeout and total deadline")
    max_retries: int = Field(2, ge=0, le=10)
    backoff_s: float = Field(0.5, ge=0)
    device: str | None = None
    """Local backend: 'cuda', 'cpu' … (None = cuda when available)."""
    fast_decode: bool = False
    """Local backend on CUDA: unconstrained greedy calls use the static-cache CUDA-graph decoder
    (`katalog/llm/fast_decode.py`) for GPT-NeoX models."""
    proposal_timeout_s: float = Field(60.0, gt=0, description="hard overall limit of one proposal")
    explain_timeout_s: float = Field(30.0, gt=0, description="hard overall limit of one explanation")
    assessment_timeout_s: float = Field(
        20.0, gt=0, description="one deadline for all LLM calls of one assessment (facts, proposal, explanation)"
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> LLMSettings:
        """Read `KATALOG_LLM_<FIELD>` variables (case-insensitive field names); overrides win."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for name in cls.model_fields:
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is not None and raw.strip() != "":
                values[name] = raw.strip()
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            fields = ", ".join(ENV_PREFIX + str(e["loc"][0]).upper() for e in exc.errors() if e["loc"])
            raise LLMConfigError(
                f"LLM 설정이 올바르지 않습니다 ({fields})",
                f"invalid LLM settings ({fields}): {exc.errors()[0]['msg']}",
            ) from None

    def public(self) -> dict[str, object]:
        """Settings safe to show (the key is reduced to whether one is set)."""
        data = self.model_dump(exclude={"api_key"})
        data["api_key_set"] = self.api_key is not None and bool(self.api_key.get_secret_value())
        return data
