"""`finetune bench --device cpu --tiny` exercises the GPU benchmark's code path."""

import json

from finetune.__main__ import main
from finetune.bench import POLYGLOT_KO_5_8B, flops_per_token


def test_flops_formula_matches_the_anchor():
    # 5.8B shape: N counted with the input embedding; 11,746 tok/s was reported as ≈ 45 % MFU
    n = 5_885_000_000
    mfu = 11746 * flops_per_token(POLYGLOT_KO_5_8B, n, 2048) / 989e12
    assert 0.44 < mfu < 0.46


def test_cpu_tiny_bench_runs_every_variant(tmp_path, capsys):
    out = tmp_path / "bench.json"
    rc = main(["bench", "--device", "cpu", "--tiny", "--micro-batch", "1", "--seq-len", "32", "--steps", "1",
               "--warmup", "1", "--json-out", str(out)])
    assert rc == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == result  # final line is the JSON
    assert [r["status"] for r in result["results"]] == ["ok"] * len(result["results"]) and len(result["results"]) >= 4
    assert all(r["tokens_per_s_per_gpu"] > 0 for r in result["results"])
    assert result["best"] is not None


def test_partial_checkpointing_estimate_for_an_80gb_card():
    from finetune.bench import _layers_that_fit

    n, total = 5_885_059_072, 85_520_000_000  # 81,559 MiB
    fit1 = _layers_that_fit(POLYGLOT_KO_5_8B, n, 8, 2048, 1, total, 28)
    fit4 = _layers_that_fit(POLYGLOT_KO_5_8B, n, 8, 2048, 4, total, 28)
    assert 0 < fit4 < fit1 < 28  # persistent grads under accumulation leave room for fewer layers
