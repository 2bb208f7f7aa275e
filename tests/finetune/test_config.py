from pathlib import Path

import pytest

from finetune.config import RunConfig, load_config, parse_config
from finetune.errors import ConfigError

CONFIGS = Path(__file__).resolve().parents[2] / "finetune" / "configs"


def test_paper_defaults():
    cfg = load_config(CONFIGS / "dag-polyglot-5.8b.yaml")
    t = cfg.training
    assert (t.learning_rate, t.per_device_batch_size, t.effective_batch_size, t.bf16) == (3e-5, 8, 2048, True)
    assert cfg.data.seq_len == 2048 and cfg.data.packing
    assert t.gradient_checkpointing
    # accumulation follows the world size so the effective batch stays 2048 sequences
    assert [cfg.gradient_accumulation(w) for w in (1, 8, 32)] == [256, 32, 8]


def test_tiny_cpu_config_parses():
    cfg = load_config(CONFIGS / "tiny-cpu.yaml")
    assert cfg.model.build_tiny is not None and cfg.training.use_cpu


def test_world_size_that_does_not_divide_is_refused():
    cfg = RunConfig()
    with pytest.raises(ConfigError, match="not divisible"):
        cfg.gradient_accumulation(3)


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ({"training": {"learning_rate": -1}}, "training.learning_rate"),
        ({"training": {"effective_batch_size": 100, "per_device_batch_size": 8}}, "not a multiple"),
        ({"data": {"seq_len": "long"}}, "data.seq_len"),
        ({"trainig": {}}, "trainig"),  # typo in a section name is an error, not ignored
        ({"model": {"attn_implementation": "magic"}}, "model.attn_implementation"),
    ],
)
def test_invalid_configs_give_one_clear_error(raw, fragment):
    with pytest.raises(ConfigError) as info:
        parse_config(raw)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("training: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(bad)


def test_overrides_use_dotted_keys():
    cfg = load_config(CONFIGS / "tiny-cpu.yaml", {"training.max_steps": 3})
    assert cfg.training.max_steps == 3
