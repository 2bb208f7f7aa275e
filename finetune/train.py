"""Full fine-tuning with the Hugging Face Trainer (single process, or `accelerate launch` for
DeepSpeed ZeRO-3 / FSDP2 / multi-node).

Why Trainer: it already does sharded checkpoints, exact resume (optimizer, scheduler, RNG, data
position), gradient accumulation with correct token-level loss normalisation, and DeepSpeed/FSDP
through `accelerate`. Packing needs no Trainer changes: the collator passes per-record
`position_ids` and no 2D mask, and the model builds the block-diagonal mask itself.

Order of work: `preflight` reads only the config, the tokenizer, the model *config* and the data
files, and refuses inconsistent runs; only then are TrainingArguments (device setup) created and
weights loaded.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock

from finetune.config import RunConfig, world_size_from_env
from finetune.data import (
    DataStats,
    PackedCollator,
    PackedDataset,
    check_manifest,
    file_sha256,
    prepare,
    read_records,
    records_fingerprint,
    tokenizer_fingerprint,
)
from finetune.errors import ConfigError, DataMismatchError, InsufficientStepsError
from general_tasks.records import InstructionRecord

RUN_FINGERPRINT = "run_fingerprint.json"


@dataclass
class Plan:
    """What preflight established; everything training needs except the weights."""

    cfg: RunConfig
    output_dir: Path
    model_path: str
    tokenizer: Any
    world_size: int
    grad_accum: int
    train_records: list[InstructionRecord]
    val_records: list[InstructionRecord]
    data_hash: str
    data_source: str
    resume_from: str | None
    fingerprint: dict[str, Any] = field(default_factory=dict)


def _expand(value: str, output_dir: Path) -> str:
    return value.replace("{output_dir}", str(output_dir))


def _build_tiny(cfg: RunConfig, model_path: Path, records: list[InstructionRecord]) -> None:
    from finetune.tiny_model import DEFAULT_TEXTS, build_tiny_gptneox

    spec = cfg.model.build_tiny
    assert spec is not None
    # the tokenizer is trained on our own Korean text: the run's records plus the project's sentences
    texts = list(DEFAULT_TEXTS) + [f"{r.instruction}\n{r.input}\n{r.output}" for r in records]
    build_tiny_gptneox(
        model_path, texts, hidden_size=spec.hidden_size, num_layers=spec.num_layers, num_heads=spec.num_heads,
        max_positions=spec.max_positions, vocab_size=spec.vocab_size, seed=cfg.training.seed,
    )


def _load_records(cfg: RunConfig, out: Path) -> tuple[list[InstructionRecord], list[InstructionRecord], str, str]:
    """(train, validation, data hash, description); checks the manifest when one is configured."""
    d = cfg.data
    train_path = Path(d.train_file)
    val_path = Path(d.validation_file) if d.validation_file else None
    if not train_path.is_file() and d.smoke_fallback:
        import random

        from finetune.smoke_data import smoke_records

        recs, source = smoke_records(out / "smoke-mixture", cap=40, seed=cfg.training.seed)
        random.Random(cfg.training.seed).shuffle(recs)  # a slice must mix tasks, not take the first few
        recs = recs[: d.max_train_records] if d.max_train_records else recs
        # hold out every 8th record for validation so eval loss means something
        val = recs[::8][: d.max_validation_records or None]
        train = [r for i, r in enumerate(recs) if i % 8]
        return train, val, records_fingerprint(recs), f"smoke fallback: {source} (mixture {train_path} not built)"
    files = [train_path] + ([val_path] if val_path else [])
    for f in files:
        if not f.is_file():
            raise DataMismatchError(
                f"데이터 파일이 없습니다: {f} (general_tasks로 혼합 데이터를 먼저 만드세요)",
                f"data file not found: {f} (build the instruction mixture first)",
            )
    if d.manifest:
        hashes = check_manifest(d.manifest, files)
        data_hash = "|".join(f"{k}:{v}" for k, v in sorted(hashes.items()))
        source = f"{train_path} (manifest {d.manifest} verified)"
    else:
        data_hash = "|".join(f"{f.name}:{file_sha256(f)}" for f in files)
        source = f"{train_path} (no manifest configured: hashes not checked)"
    train = _slice(read_records(train_path), d.max_train_records, cfg.training.seed)
    val = _slice(read_records(val_path), d.max_validation_records, cfg.training.seed) if val_path else []
    return train, val, data_hash, source


def _slice(records: list[InstructionRecord], n: int | None, seed: int) -> list[InstructionRecord]:
    """A seeded sample of `n` records (the mixture file is grouped by task; the head is one task)."""
    if not n or n >= len(records):
        return records
    import random

    picked = sorted(random.Random(seed).sample(range(len(records)), n))
    return [records[i] for i in picked]


def preflight(cfg: RunConfig, output_dir: str | None = None) -> Plan:
    """Check config, model and data agree; no GPU work and no weights loaded (tiny builds aside)."""
    from transformers import AutoConfig, AutoTokenizer
    from transformers.trainer_utils import get_last_checkpoint

    out = Path(output_dir or cfg.output_dir)
    cfg = cfg.model_copy(deep=True)
    cfg.data.cache_dir = _expand(cfg.data.cache_dir, out)
    world = world_size_from_env()
    grad_accum = cfg.gradient_accumulation(world)

    model_path = _expand(cfg.model.name_or_path, out)
    local = Path(model_path)
    # Ranks of one launch run preflight at once, before torch.distributed exists: a file lock keeps
    # the smoke-data and tiny-model builds to one writer (the others then find the files).
    out.mkdir(parents=True, exist_ok=True)
    with FileLock(str(out / ".preflight.lock")):
        train, val, data_hash, source = _load_records(cfg, out)
        if cfg.model.build_tiny is not None and not (local / "config.json").is_file():
            _build_tiny(cfg, local, train + val)
    if local.exists() and not (local / "config.json").is_file():
        raise DataMismatchError(
            f"모델 폴더에 config.json이 없습니다: {local}", f"model folder has no config.json: {local}"
        )
    try:
        mcfg = AutoConfig.from_pretrained(model_path)
        tok = AutoTokenizer.from_pretrained(model_path)
    except (OSError, ValueError) as exc:  # missing/offline hub id, or a folder transformers cannot read
        raise DataMismatchError(
            f"모델/토크나이저를 불러올 수 없습니다: {model_path}", f"cannot load model config/tokenizer: {exc}"
        ) from None

    max_pos = getattr(mcfg, "max_position_embeddings", None)
    if max_pos is not None and cfg.data.seq_len > max_pos:
        raise DataMismatchError(
            f"seq_len {cfg.data.seq_len}이 모델 최대 위치 {max_pos}보다 깁니다",
            f"seq_len {cfg.data.seq_len} exceeds the model's max_position_embeddings {max_pos}",
        )
    vocab = getattr(mcfg, "vocab_size", None)
    if vocab is not None and len(tok) > vocab:
        raise DataMismatchError(
            f"토크나이저 어휘({len(tok)})가 모델 어휘({vocab})보다 큽니다",
            f"tokenizer has {len(tok)} tokens but the model's vocab_size is {vocab}: wrong tokenizer for this model",
        )
    if tok.eos_token_id is None:
        raise DataMismatchError("토크나이저에 EOS 토큰이 없습니다", "the tokenizer has no EOS token")
    if tok.pad_token_id is None:
        tok.pad_token = tok.eos_token  # padding is label -100 and isolated by position ids, any id works

    t = cfg.training
    fingerprint = {
        "data": data_hash,
        "tokenizer": tokenizer_fingerprint(tok),
        "model": model_path,
        "seq_len": cfg.data.seq_len,
        "packing": cfg.data.packing,
        "effective_batch_size": t.effective_batch_size,
        "learning_rate": t.learning_rate,
        "seed": t.seed,
    }
    resume_from = _resume_target(cfg, out, get_last_checkpoint, fingerprint)
    if cfg.logging.wandb:
        try:
            import wandb  # noqa: F401
        except ImportError:
            raise ConfigError(
                "logging.wandb=true 이지만 wandb가 설치되어 있지 않습니다", "logging.wandb is true but wandb is not installed"
            ) from None
    check_steps(cfg, len(train), world, grad_accum, exact=False)  # records ≥ packed rows: a sure refusal only
    return Plan(cfg, out, model_path, tok, world, grad_accum, train, val, data_hash, source, resume_from, fingerprint)


def _resume_target(cfg: RunConfig, out: Path, get_last_checkpoint: Any, fingerprint: dict[str, Any]) -> str | None:
    mode = cfg.checkpoint.resume
    if mode == "never":
        return None
    if mode == "auto":
        last = get_last_checkpoint(str(out)) if out.is_dir() else None
    else:
        last = mode
        if not Path(last).is_dir():
            raise ConfigError(f"재개할 체크포인트가 없습니다: {last}", f"resume checkpoint not found: {last}")
    if last is None:
        return None
    saved = out / RUN_FINGERPRINT
    if saved.is_file():
        before = json.loads(saved.read_text(encoding="utf-8"))
        changed = sorted(k for k in fingerprint if before.get(k) != fingerprint[k])
        if changed:
            raise DataMismatchError(
                f"체크포인트와 현재 설정/데이터가 다릅니다: {', '.join(changed)}",
                f"cannot resume {last}: {', '.join(changed)} changed since it was written "
                "(use a new output_dir or checkpoint.resume: never)",
            )
    return str(last)


def _training_arguments(plan: Plan, steps_hint: int) -> Any:
    """TrainingArguments from the config; keys unknown to the installed transformers are dropped."""
    from transformers import TrainingArguments

    t, lg, ck = plan.cfg.training, plan.cfg.logging, plan.cfg.checkpoint
    report = []
    if lg.tensorboard:
        try:
            import tensorboard  # noqa: F401

            report.append("tensorboard")
            os.environ.setdefault("TENSORBOARD_LOGGING_DIR", str(plan.output_dir / "tensorboard"))
        except ImportError:
            print("경고 / warning: tensorboard not installed; TensorBoard logging disabled")
    if lg.wandb:
        report.append("wandb")
        os.environ.setdefault("WANDB_PROJECT", lg.wandb_project)
    do_eval = bool(plan.val_records) and ck.eval_steps is not None
    kwargs: dict[str, Any] = {
        "output_dir": str(plan.output_dir),
        "per_device_train_batch_size": t.per_device_batch_size,
        "per_device_eval_batch_size": t.per_device_batch_size,
        "gradient_accumulation_steps": plan.grad_accum,
        "learning_rate": t.learning_rate,
        "num_train_epochs": t.epochs,
        "max_steps": t.max_steps or -1,
        "lr_scheduler_type": t.lr_scheduler,
        "warmup_steps": math.ceil(t.warmup_ratio * steps_hint),
        "weight_decay": t.weight_decay,
        "adam_beta1": t.adam_beta1,
        "adam_beta2": t.adam_beta2,
        "max_grad_norm": t.max_grad_norm,
        "optim": t.optim,
        "bf16": t.bf16,
        "gradient_checkpointing": t.gradient_checkpointing,
        "gradient_checkpointing_kwargs": {"use_reentrant": False} if t.gradient_checkpointing else None,
        "logging_steps": lg.logging_steps,
        "logging_first_step": True,
        "report_to": report or "none",
        "run_name": lg.run_name,
        "save_strategy": "steps",
        "save_steps": ck.save_steps,
        "save_total_limit": ck.save_total_limit,
        "eval_strategy": "steps" if do_eval else "no",
        "eval_steps": ck.eval_steps if do_eval else None,
        "seed": t.seed,
        "data_seed": t.seed,
        "dataloader_num_workers": t.dataloader_workers,
        "remove_unused_columns": False,
        "ddp_find_unused_parameters": False,  # every parameter is used; the extra graph walk costs time
        "use_cpu": t.use_cpu,
        "disable_tqdm": True,
    }
    known = {f.name for f in dataclasses.fields(TrainingArguments)}
    if "activation_checkpointing" in known:  # transformers ≥ 5.2x renamed gradient_checkpointing
        kwargs["activation_checkpointing"] = kwargs.pop("gradient_checkpointing")
        kwargs["activation_checkpointing_kwargs"] = kwargs.pop("gradient_checkpointing_kwargs")
    dropped = sorted(k for k in kwargs if k not in known)
    if dropped:
        print(f"경고 / warning: this transformers has no TrainingArguments {dropped}; ignored")
    return TrainingArguments(**{k: v for k, v in kwargs.items() if k in known})


def _steps_hint(plan: Plan, n_rows: int) -> int:
    """Optimizer steps the run will take (for the warmup length)."""
    t = plan.cfg.training
    if t.max_steps:
        return t.max_steps
    micro = math.ceil(n_rows / (t.per_device_batch_size * plan.world_size))
    return max(1, math.ceil(micro / plan.grad_accum) * math.ceil(t.epochs))


def check_steps(cfg: RunConfig, n_rows: int, world_size: int, grad_accum: int, *, exact: bool = True) -> dict[str, int]:
    """Refuse a run that would train too little to matter (`InsufficientStepsError`, before any model load).

    Optimizer steps = ⌈rows / (per-device batch × world)⌉ micro-batches ÷ accumulation (rounded up, as the
    Trainer does) × epochs, or `max_steps`. Refused when every step falls inside the warm-up (the first
    step of a warm-up runs at learning rate 0; one step = weights unchanged), or, for epoch-derived
    runs, when the steps are fewer than `training.min_optimizer_steps`. The message gives the three fixes
    with numbers: a smaller effective batch, more data, more epochs. `exact=False` (preflight, before
    tokenising): `n_rows` is the record count, an upper bound of the packed rows.
    """
    t = cfg.training
    per_step = t.per_device_batch_size * world_size
    micro = math.ceil(n_rows / per_step) if n_rows else 0
    per_epoch = math.ceil(micro / grad_accum) if micro else 0
    steps = t.max_steps or per_epoch * math.ceil(t.epochs)
    warmup = math.ceil(t.warmup_ratio * steps)
    need = (warmup + 1) if t.max_steps else max(t.min_optimizer_steps, warmup + 1)
    info = {"rows": n_rows, "optimizer_steps": steps, "warmup_steps": warmup, "required_steps": need}
    if steps >= need and steps > warmup:
        return info
    if t.max_steps:
        fix_en = f"raise training.max_steps to ≥ {need} or lower warmup_ratio ({t.warmup_ratio})"
        fix_ko = f"training.max_steps를 {need} 이상으로 늘리거나 warmup_ratio({t.warmup_ratio})를 줄이세요"
    else:
        epochs = math.ceil(t.epochs)
        # largest effective batch (a multiple of per-device × world) that still gives `need` steps
        best = (n_rows * epochs // need) // per_step * per_step if n_rows else 0
        rows_needed = math.ceil(need / epochs) * t.effective_batch_size
        epochs_needed = math.ceil(need / max(per_epoch, 1))
        fixes = []
        if best >= per_step:
            fixes.append(f"effective_batch_size ≤ {best} (now {t.effective_batch_size})")
        fixes.append(f"more data: ≥ {rows_needed} packed rows of ≤ {cfg.data.seq_len} tokens (now {n_rows})")
        fixes.append(f"epochs ≥ {epochs_needed} (now {t.epochs})")
        fix_en = "; ".join(fixes)
        fix_ko = "유효 배치를 줄이거나, 데이터를 늘리거나, 에폭을 늘리세요"
    what = "rows" if exact else "records (upper bound of packed rows)"
    raise InsufficientStepsError(
        f"학습 스텝이 너무 적습니다: 옵티마이저 스텝 {steps}회 (웜업 {warmup}, 최소 {need}) — {fix_ko}",
        f"too few optimizer steps: {n_rows} {what} / (effective batch {t.effective_batch_size}) × "
        f"{t.epochs} epochs = {steps} steps, warm-up {warmup}, need ≥ {need}; fix: {fix_en}",
    )


def _metrics_callback(path: Path, eval_path: Path) -> Any:
    from transformers import TrainerCallback

    from katalog.jsonstrict import dumps

    class MetricsJsonl(TrainerCallback):
        """One JSON line per logged training step ({step, loss, …}); eval logs go to their own file."""

        def on_train_begin(self, args, state, control, **kw):  # noqa: ANN001
            if not state.is_world_process_zero:
                return
            for p in (path, eval_path):
                # after a crash, drop lines newer than the checkpoint we resumed from
                if p.is_file():
                    keep = [ln for ln in p.read_text(encoding="utf-8").splitlines()
                            if ln.strip() and json.loads(ln).get("step", 0) <= state.global_step]
                    p.write_text("".join(ln + "\n" for ln in keep), encoding="utf-8")

        def on_log(self, args, state, control, logs=None, **kw):  # noqa: ANN001
            if not state.is_world_process_zero or not logs:
                return
            if "loss" in logs:
                row, target = {"step": state.global_step, **logs}, path
            elif "eval_loss" in logs:
                row, target = {"step": state.global_step, **logs}, eval_path
            else:
                return
            with target.open("a", encoding="utf-8") as f:
                f.write(dumps(row) + "\n")  # strict JSON: a NaN loss is written as null

    return MetricsJsonl()


def _trainer_class(base: Any) -> Any:
    class KatalogTrainer(base):
        """Trainer whose resume loads weights through `from_pretrained`.

        Why: transformers 5.x renames some checkpoint keys on load (GPT-NeoX `embed_out` →
        `lm_head`), but Trainer's resume path reads the safetensors file with plain
        `load_state_dict` and silently leaves the head at its random init. DeepSpeed and FSDP
        resume from their own sharded files and keep the stock path.
        """

        def _load_from_checkpoint(self, resume_from_checkpoint: str, model: Any = None) -> None:
            if self.is_deepspeed_enabled or self.is_fsdp_enabled:
                return super()._load_from_checkpoint(resume_from_checkpoint, model)
            from transformers import AutoModelForCausalLM

            target = model if model is not None else self.model
            target = getattr(target, "module", target)
            dtype = next(target.parameters()).dtype
            fresh = AutoModelForCausalLM.from_pretrained(resume_from_checkpoint, dtype=dtype)
            target.load_state_dict(fresh.state_dict(), strict=True)
            del fresh

    return KatalogTrainer


def _log(msg: str) -> None:
    if int(os.environ.get("RANK", "0")) == 0:
        print(msg, flush=True)


def train(
    cfg: RunConfig, output_dir: str | None = None, extra_callbacks: list[Any] | None = None
) -> dict[str, Any]:
    """Run (or resume) training; returns the summary also written to `train_summary.json`."""
    started = time.time()
    plan = preflight(cfg, output_dir)
    cfg, out = plan.cfg, plan.output_dir
    _log(
        f"[finetune] data: {plan.data_source}; train {len(plan.train_records)} / val {len(plan.val_records)} records"
    )
    _log(
        f"[finetune] world {plan.world_size} × per-device {cfg.training.per_device_batch_size} × "
        f"accumulation {plan.grad_accum} = effective batch {cfg.training.effective_batch_size}"
    )

    import torch
    from transformers import AutoModelForCausalLM, Trainer

    # Preflight passed: from here on devices are touched.
    if cfg.training.torch_threads:
        torch.set_num_threads(cfg.training.torch_threads)
    out.mkdir(parents=True, exist_ok=True)
    dummy_args = _training_arguments(plan, 1)  # device/distributed setup, needed for main_process_first
    with dummy_args.main_process_first(desc="tokenise + pack"):
        train_ds, train_stats = prepare(
            plan.train_records, plan.tokenizer, cfg.data, seed=cfg.training.seed, split="train",
            data_hash=plan.data_hash,
        )
        val_ds: PackedDataset | None = None
        val_stats = DataStats()
        if plan.val_records:
            val_ds, val_stats = prepare(
                plan.val_records, plan.tokenizer, cfg.data, seed=cfg.training.seed, split="validation",
                data_hash=plan.data_hash,
            )
    for name, st in (("train", train_stats), ("validation", val_stats)):
        if st.records or st.cache_hit:
            _log(
                f"[finetune] {name}: {st.rows} rows, {st.tokens} tokens ({st.response_tokens} in responses), "
                f"fill {st.fill_ratio:.0%}, cache {'hit' if st.cache_hit else 'written'} {st.cache_key}"
                + "".join(f"; {n}" for n in st.notes)
            )
    steps = check_steps(cfg, len(train_ds), plan.world_size, plan.grad_accum)
    _log(f"[finetune] {steps['optimizer_steps']} optimizer steps, warm-up {steps['warmup_steps']}")
    args = _training_arguments(plan, _steps_hint(plan, len(train_ds)))
    if args.process_index == 0:
        (out / RUN_FINGERPRINT).write_text(json.dumps(plan.fingerprint, indent=1), encoding="utf-8")
        (out / "run_config.json").write_text(cfg.model_dump_json(indent=1), encoding="utf-8")

    dtype = torch.bfloat16 if cfg.model.torch_dtype == "bfloat16" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(
        plan.model_path, dtype=dtype, attn_implementation=cfg.model.attn_implementation
    )
    model.config.use_cache = False  # a cache would disable packed-sequence masking (and wastes memory)
    if len(plan.tokenizer) > model.get_input_embeddings().num_embeddings:
        raise DataMismatchError("토크나이저 어휘가 임베딩보다 큽니다", "tokenizer larger than the embedding matrix")

    trainer = _trainer_class(Trainer)(
        model=model,
        args=args,
        train_dataset=train_ds,
        eval_dataset=val_ds,
        data_collator=PackedCollator(plan.tokenizer.pad_token_id),
        processing_class=plan.tokenizer,
        callbacks=[_metrics_callback(out / "metrics.jsonl", out / "eval_metrics.jsonl"), *(extra_callbacks or [])],
    )
    if plan.resume_from:
        _log(f"[finetune] resuming from {plan.resume_from}")
    result = trainer.train(resume_from_checkpoint=plan.resume_from)

    if trainer.is_fsdp_enabled:  # sharded checkpoints during training, one full model at the end
        trainer.accelerator.state.fsdp_plugin.set_state_dict_type("FULL_STATE_DICT")
    trainer.model.config.use_cache = True  # the saved model is for inference: generate with a KV cache
    trainer.save_model(str(out))  # model + tokenizer (processing_class), loadable by from_pretrained
    summary: dict[str, Any] = {}
    if trainer.is_world_process_zero():
        rows = [json.loads(x) for x in (out / "metrics.jsonl").read_text(encoding="utf-8").splitlines() if x]
        summary = {
            "output_dir": str(out),
            "model": plan.model_path,
            "data_source": plan.data_source,
            "global_step": trainer.state.global_step,
            "first_loss": rows[0]["loss"] if rows else None,
            "last_loss": rows[-1]["loss"] if rows else None,
            "train_loss": result.training_loss,
            "wall_s": round(time.time() - started, 1),
            "world_size": plan.world_size,
            "gradient_accumulation": plan.grad_accum,
            "resumed_from": plan.resume_from,
            "train_data": dataclasses.asdict(train_stats),
        }
        from katalog.jsonstrict import dumps

        (out / "train_summary.json").write_text(dumps(summary, indent=1), encoding="utf-8")
        _log(
            f"[finetune] done: {summary['global_step']} steps in {summary['wall_s']} s, "
            f"loss {summary['first_loss']} → {summary['last_loss']}; saved to {out}"
        )
        if cfg.evaluation.after_training:
            from finetune.evaluate import run_evaluation

            summary["evaluation"] = run_evaluation(cfg, str(out), out / "eval")
    return summary
