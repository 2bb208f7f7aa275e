"""Errors of the fine-tuning pipeline: one bilingual line, raised before any GPU work."""

from __future__ import annotations

from katalog.errors import KatalogError


class FinetuneError(KatalogError):
    """Base class for `finetune` errors (the CLI prints the message and exits 2)."""


class ConfigError(FinetuneError):
    """The YAML config is missing, malformed or internally inconsistent."""


class DataMismatchError(FinetuneError):
    """Config and data disagree (missing files, manifest hash, tokenizer/model vocab …)."""


class InsufficientStepsError(FinetuneError):
    """The data, batch and epochs give too few optimizer steps (all in warm-up, or under the minimum)."""
