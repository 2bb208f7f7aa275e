"""The run config: one YAML file, validated by pydantic, with DaG LLM's paper defaults.

Batch arithmetic: `effective_batch_size` (2048 sequences) = `per_device_batch_size` (8) ×
gradient accumulation × world size. The accumulation is derived, never written by hand, so the
same file gives 256 micro-batches on one GPU, 32 on eight and 8 on four nodes of eight.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from finetune.errors import ConfigError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TinyModelSpec(_Section):
    """Shape of the locally built GPT-NeoX used by the CPU smoke config and tests."""

    hidden_size: int = Field(64, ge=8)
    num_layers: int = Field(2, ge=1)
    num_heads: int = Field(4, ge=1)
    max_positions: int = Field(512, ge=16)
    vocab_size: int = Field(800, ge=300)


class ModelConfig(_Section):
    name_or_path: str = Field(
        "EleutherAI/polyglot-ko-5.8b", description="local folder or hub id (downloaded only by real runs)"
    )
    build_tiny: TinyModelSpec | None = Field(
        None, description="build a tiny GPT-NeoX + tokenizer into `name_or_path` when it does not exist"
    )
    attn_implementation: Literal["sdpa", "eager", "flash_attention_2", "flex_attention"] = "sdpa"
    torch_dtype: Literal["bfloat16", "float32"] = Field(
        "float32", description="load dtype; float32 master weights + bf16 autocast is the standard recipe"
    )


class DataConfig(_Section):
    manifest: str | None = Field(None, description="manifest.json of the mixture (hashes are checked)")
    train_file: str = "out/general/train.jsonl"
    validation_file: str | None = "out/general/validation.jsonl"
    max_train_records: int | None = Field(None, ge=1, description="use only the first N records (smoke runs)")
    max_validation_records: int | None = Field(None, ge=1)
    seq_len: int = Field(2048, ge=16)
    packing: bool = True
    cache_dir: str = "runs/.cache/finetune-data"
    smoke_fallback: bool = Field(
        False, description="when the mixture is missing, use the built-in smoke records (CPU configs only)"
    )


class TrainingConfig(_Section):
    epochs: float = Field(3.0, gt=0)
    max_steps: int | None = Field(None, ge=1, description="overrides epochs when set")
    learning_rate: float = Field(3e-5, gt=0)
    lr_scheduler: Literal["cosine", "linear", "constant_with_warmup", "constant"] = "cosine"
    warmup_ratio: float = Field(0.03, ge=0, lt=1)
    weight_decay: float = Field(0.0, ge=0)
    adam_beta1: float = 0.9
    adam_beta2: float = 0.95
    max_grad_norm: float = 1.0
    optim: str = Field("adamw_torch_fused", description="TrainingArguments.optim (e.g. adamw_bnb_8bit)")
    bf16: bool = True
    per_device_batch_size: int = Field(8, ge=1)
    effective_batch_size: int = Field(2048, ge=1, description="sequences per optimizer step, all GPUs")
    gradient_checkpointing: bool = True
    seed: int = 42
    dataloader_workers: int = Field(0, ge=0)
    use_cpu: bool = False
    torch_threads: int | None = Field(
        None, ge=1, description="CPU runs: intra-op threads (1 is fastest for tiny models on busy machines)"
    )
    min_optimizer_steps: int = Field(
        10, ge=1,
        description="refuse a run whose data × epochs give fewer optimizer steps than this (explicit max_steps: "
        "only the warm-up rule applies); see finetune.train.check_steps",
    )


class LoggingConfig(_Section):
    logging_steps: int = Field(1, ge=1)
    tensorboard: bool = True
    wandb: bool = False
    wandb_project: str = "katalog-finetune"
    run_name: str | None = None


class CheckpointConfig(_Section):
    save_steps: int = Field(50, ge=1)
    save_total_limit: int | None = Field(3, ge=1)
    eval_steps: int | None = Field(50, ge=1, description="None disables periodic evaluation")
    resume: Literal["auto", "never"] | str = Field(
        "auto", description="'auto' = last checkpoint in output_dir, 'never', or a checkpoint path"
    )


class EvalCommand(_Section):
    name: str
    argv: list[str] = Field(description="argv; {model} and {out} are substituted")
    env: dict[str, str] = Field(default_factory=dict, description="extra environment; {model} substituted")
    report: Literal["file", "stdout_last_line"] = Field(
        "file", description="metrics JSON written to {out}, or printed as the last stdout line"
    )


class EvaluationConfig(_Section):
    after_training: bool = False
    base_model: str | None = Field(None, description="defaults to model.name_or_path")
    commands: list[EvalCommand] = Field(
        default_factory=lambda: [
            EvalCommand(
                name="general_tasks",
                argv=["python", "-m", "general_tasks", "eval", "--backend", "local", "--model", "{model}",
                      "--out", "{out}"],
            ),
            EvalCommand(
                name="katalog",
                argv=["katalog", "eval", "data/eval/dev_structured.jsonl", "--json", "--llm"],
                env={"KATALOG_LLM_BACKEND": "local", "KATALOG_LLM_MODEL": "{model}"},
                report="stdout_last_line",
            ),
        ]
    )
    timeout_s: int = Field(7200, ge=1)


class RunConfig(_Section):
    """Everything one fine-tuning run needs."""

    output_dir: str = "runs/finetune"
    model: ModelConfig = Field(default_factory=ModelConfig)
    data: DataConfig = Field(default_factory=DataConfig)
    training: TrainingConfig = Field(default_factory=TrainingConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)
    checkpoint: CheckpointConfig = Field(default_factory=CheckpointConfig)
    evaluation: EvaluationConfig = Field(default_factory=EvaluationConfig)

    @model_validator(mode="after")
    def _batch_divides(self) -> RunConfig:
        t = self.training
        if t.effective_batch_size % t.per_device_batch_size:
            raise ValueError(
                f"effective_batch_size {t.effective_batch_size} is not a multiple of "
                f"per_device_batch_size {t.per_device_batch_size}"
            )
        return self

    def gradient_accumulation(self, world_size: int) -> int:
        """Micro-batches per optimizer step on each process so the effective batch stays fixed."""
        t = self.training
        per_step = t.per_device_batch_size * world_size
        if world_size < 1 or t.effective_batch_size % per_step:
            raise ConfigError(
                f"유효 배치 {t.effective_batch_size}가 장치당 배치 {t.per_device_batch_size} × "
                f"프로세스 {world_size}로 나누어떨어지지 않습니다",
                f"effective batch {t.effective_batch_size} is not divisible by per-device batch "
                f"{t.per_device_batch_size} × world size {world_size}",
            )
        return t.effective_batch_size // per_step


def world_size_from_env() -> int:
    """Processes in this launch (`accelerate launch`/`torchrun` set WORLD_SIZE)."""
    return int(os.environ.get("WORLD_SIZE", "1"))


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> RunConfig:
    """Read and validate a YAML config; `overrides` are dotted keys (`training.max_steps`)."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"설정 파일이 없습니다: {p}", f"config file not found: {p}")
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"YAML 형식 오류: {p}", f"invalid YAML in {p}: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"설정 최상위는 매핑이어야 합니다: {p}", f"config top level must be a mapping: {p}")
    for dotted, value in (overrides or {}).items():
        node = raw
        *parents, leaf = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    return parse_config(raw, source=str(p))


def parse_config(raw: dict[str, Any], source: str = "<dict>") -> RunConfig:
    try:
        return RunConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in err['loc']) or '(root)'}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"설정 검증 실패 ({source})", f"invalid config ({source}): {problems}") from None
