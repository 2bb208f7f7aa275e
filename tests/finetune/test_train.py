import json
import shutil

import pytest

from finetune.__main__ import main
from finetune.errors import ConfigError, DataMismatchError
from finetune.train import preflight, train


def read_metrics(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_tiny_model_learns_and_writes_metrics_and_checkpoint(make_config, tmp_path):
    cfg = make_config(training={"max_steps": 15, "learning_rate": 1e-2}, checkpoint={"eval_steps": 5})
    summary = train(cfg)
    out = tmp_path / "run"
    rows = read_metrics(out / "metrics.jsonl")
    assert [r["step"] for r in rows] == list(range(1, 16))
    assert all("loss" in r for r in rows)
    first = sum(r["loss"] for r in rows[:3]) / 3
    last = sum(r["loss"] for r in rows[-3:]) / 3
    assert last < first - 1.0, (first, last)  # from ~ln(vocab) ≈ 6.4 nats down by more than one nat
    assert summary["global_step"] == 15
    assert read_metrics(out / "eval_metrics.jsonl")[0]["eval_loss"] > 0
    assert (out / "model.safetensors").is_file() and (out / "tokenizer.json").is_file()
    assert (out / "checkpoint-15").is_dir()

    # the saved folder is a model katalog can serve: load it through the local LLM backend
    from general_tasks.prompt_format import render_prompt
    from katalog.llm.local_hf import LocalHFBackend

    backend = LocalHFBackend(out, device="cpu")
    text = backend.generate(render_prompt("다음 문장의 감정을 분류하세요.", "좋았어요"), max_tokens=8)
    assert isinstance(text, str)
    assert backend.health()["ok"] is True
    assert backend._model.config.use_cache is True


class _Crash(Exception):
    pass


def _crash_at(step):
    from transformers import TrainerCallback

    class CrashAfter(TrainerCallback):
        def on_step_end(self, args, state, control, **kw):
            if state.global_step == step:
                raise _Crash(f"simulated crash at step {step}")

    return CrashAfter()


def test_resume_after_crash_gives_same_steps_and_losses(make_config, tmp_path):
    settings = {"training": {"max_steps": 8}, "checkpoint": {"save_steps": 4}}
    straight = make_config(output_dir=str(tmp_path / "straight"), **settings)
    train(straight)
    want = read_metrics(tmp_path / "straight" / "metrics.jsonl")

    crashed = make_config(output_dir=str(tmp_path / "crashed"), **settings)
    with pytest.raises(_Crash):
        train(crashed, extra_callbacks=[_crash_at(6)])  # checkpoint-4 exists, steps 5–6 are lost
    assert (tmp_path / "crashed" / "checkpoint-4").is_dir()
    summary = train(crashed)  # resume: auto picks checkpoint-4
    assert summary["resumed_from"].endswith("checkpoint-4")
    got = read_metrics(tmp_path / "crashed" / "metrics.jsonl")
    assert [r["step"] for r in got] == [r["step"] for r in want] == list(range(1, 9))
    for g, w in zip(got, want, strict=True):
        assert g["loss"] == pytest.approx(w["loss"], rel=1e-5, abs=1e-6), (g, w)


def test_refuses_resume_when_data_changed(make_config, mixture, tmp_path):
    cfg = make_config(training={"max_steps": 2}, checkpoint={"save_steps": 2})
    train(cfg)
    lines = mixture["train"].read_text(encoding="utf-8").splitlines()
    mixture["train"].write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    cfg2 = make_config(training={"max_steps": 4}, data={"manifest": None})
    with pytest.raises(DataMismatchError, match="data"):
        preflight(cfg2)


def test_refuses_inconsistent_runs_before_training(make_config, tiny_model_dir, mixture, tmp_path, monkeypatch):
    with pytest.raises(DataMismatchError, match="max_position_embeddings"):
        preflight(make_config(data={"seq_len": 512}))
    with pytest.raises(DataMismatchError, match="data file not found"):
        preflight(make_config(data={"train_file": str(tmp_path / "missing.jsonl")}))
    monkeypatch.setenv("WORLD_SIZE", "3")
    with pytest.raises(ConfigError, match="not divisible"):
        preflight(make_config())
    monkeypatch.delenv("WORLD_SIZE")
    # a model whose vocabulary is smaller than its tokenizer (wrong tokenizer for this model)
    small = tmp_path / "small-vocab"
    shutil.copytree(tiny_model_dir, small)
    conf = json.loads((small / "config.json").read_text())
    conf["vocab_size"] = 100
    (small / "config.json").write_text(json.dumps(conf))
    with pytest.raises(DataMismatchError, match="vocab_size"):
        preflight(make_config(model={"name_or_path": str(small)}))
    mixture["validation"].write_text("", encoding="utf-8")  # changed after the manifest was written
    with pytest.raises(DataMismatchError, match="does not match manifest"):
        preflight(make_config())


def test_cli_prints_one_line_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("training:\n  learning_rate: -1\n", encoding="utf-8")
    assert main(["train", "--config", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("오류 / error:") and "learning_rate" in err and "\n" not in err


@pytest.mark.slow
def test_shipped_tiny_cpu_config_runs(tmp_path, monkeypatch):
    """The laptop command itself (shortened): builds model + tokenizer, finds or builds data, trains."""
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    out = tmp_path / "tiny"
    assert main(["train", "--config", "finetune/configs/tiny-cpu.yaml", "--output-dir", str(out),
                 "--max-steps", "4"]) == 0
    rows = read_metrics(out / "metrics.jsonl")
    assert [r["step"] for r in rows] == [1, 2, 3, 4]
    assert (out / "base-model" / "tokenizer.json").is_file() and (out / "model.safetensors").is_file()
    assert list((out / "data-cache").glob("train-*.npz"))  # {output_dir} in cache_dir was expanded


def test_refuses_too_few_optimizer_steps_with_fixes(make_config):
    """Too little data for the batch: refused before the model loads, with numbers for each fix."""
    from finetune.errors import InsufficientStepsError
    from finetune.train import check_steps

    cfg = make_config(training={"max_steps": None, "epochs": 1, "warmup_ratio": 0.03, "per_device_batch_size": 4,
                                "effective_batch_size": 64})
    with pytest.raises(InsufficientStepsError) as err:
        check_steps(cfg, 40, 1, 16)  # 40 rows / 64 per step = 1 step, and that step is the warm-up
    msg = str(err.value)
    assert "1 steps" in msg and "warm-up 1" in msg
    assert "effective_batch_size ≤ 4" in msg and "packed rows" in msg and "epochs ≥ 10" in msg
    # the same refusal from train(): nothing is trained, no model is saved
    with pytest.raises(InsufficientStepsError):
        train(cfg)
    # enough steps: passes and reports the plan
    ok = make_config(training={"max_steps": None, "epochs": 3, "per_device_batch_size": 4, "effective_batch_size": 4})
    assert check_steps(ok, 40, 1, 1)["optimizer_steps"] == 30
    # explicit max_steps: only the warm-up rule
    assert check_steps(make_config(training={"max_steps": 2}), 40, 1, 1)["optimizer_steps"] == 2
    with pytest.raises(InsufficientStepsError, match="max_steps"):
        check_steps(make_config(training={"max_steps": 1, "warmup_ratio": 0.5}), 40, 1, 1)


def test_5_8b_config_refuses_the_offline_mix_size():
    """The paper batch (2048) on a few thousand records is refused; the config states the size it needs."""
    from pathlib import Path

    from finetune.config import load_config
    from finetune.errors import InsufficientStepsError
    from finetune.train import check_steps

    path = Path(__file__).resolve().parents[2] / "finetune/configs/dag-polyglot-5.8b.yaml"
    cfg = load_config(path)
    assert "packed rows" in path.read_text(encoding="utf-8")  # the data size it needs is stated
    with pytest.raises(InsufficientStepsError, match="effective_batch_size ≤"):
        check_steps(cfg, 3000, 1, 256)
    need = cfg.training.min_optimizer_steps
    rows = -(-need // int(cfg.training.epochs)) * cfg.training.effective_batch_size
    assert check_steps(cfg, rows, 1, 256)["optimizer_steps"] >= need
