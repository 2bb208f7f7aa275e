"""Fixtures for the fine-tuning tests: a tiny GPT-NeoX built here, instruction records written here."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import torch

from finetune.config import RunConfig, parse_config
from finetune.smoke_data import project_records
from finetune.tiny_model import DEFAULT_TEXTS, build_tiny_gptneox

torch.set_num_threads(1)  # tiny models: one thread is several times faster on a busy 2-core box


@pytest.fixture(scope="session")
def records():
    return project_records()


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, records) -> Path:
    out = tmp_path_factory.mktemp("tiny-model")
    texts = list(DEFAULT_TEXTS) + [f"{r.instruction}\n{r.input}\n{r.output}" for r in records]
    return build_tiny_gptneox(out, texts, hidden_size=32, num_layers=2, num_heads=2, max_positions=256,
                              vocab_size=600, seed=0)


@pytest.fixture(scope="session")
def tokenizer(tiny_model_dir):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(tiny_model_dir))


@pytest.fixture
def mixture(tmp_path, records) -> dict[str, Path]:
    """train/validation JSONL plus a manifest with their sha256, like the mixture builder writes."""
    d = tmp_path / "mixture"
    d.mkdir()
    train, val = records[:40], records[40:]
    paths = {"train": d / "train.jsonl", "validation": d / "validation.jsonl"}
    for split, recs in (("train", train), ("validation", val)):
        paths[split].write_text("".join(r.model_dump_json() + "\n" for r in recs), encoding="utf-8")
    manifest = {"files": {p.name: {"sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "records": n}
                          for p, n in ((paths["train"], len(train)), (paths["validation"], len(val)))}}
    paths["manifest"] = d / "manifest.json"
    paths["manifest"].write_text(json.dumps(manifest), encoding="utf-8")
    return paths


@pytest.fixture
def make_config(tmp_path, tiny_model_dir, mixture):
    def make(**sections: Any) -> RunConfig:
        raw: dict[str, Any] = {
            "output_dir": str(tmp_path / "run"),
            "model": {"name_or_path": str(tiny_model_dir), "torch_dtype": "float32"},
            "data": {"manifest": str(mixture["manifest"]), "train_file": str(mixture["train"]),
                     "validation_file": str(mixture["validation"]), "seq_len": 128,
                     "cache_dir": str(tmp_path / "cache")},
            "training": {"max_steps": 12, "learning_rate": 3e-3, "warmup_ratio": 0.0, "optim": "adamw_torch",
                         "bf16": False, "per_device_batch_size": 4, "effective_batch_size": 4,
                         "gradient_checkpointing": False, "use_cpu": True, "seed": 7},
            "logging": {"logging_steps": 1, "tensorboard": False},
            "checkpoint": {"save_steps": 100, "eval_steps": None, "resume": "auto"},
        }
        for section, values in sections.items():
            if isinstance(values, dict):
                raw.setdefault(section, {}).update(values)
            else:
                raw[section] = values
        return parse_config(raw)

    return make
