"""`finetune bench`: training throughput and MFU for the Polyglot-Ko-5.8b shape (random init).

Needs only torch + transformers (the GPU machine has nothing else). One call tries a few variants
of the same training step, each guarded (OOM → recorded, cache emptied, next variant), and prints
a table plus one final JSON line.

FLOPs per token (PaLM appendix B convention, stated so the number can be checked):
    6·N + 12·L·d·s
N = all parameters (5.89e9; input embedding included, which is how the 45 % anchor was counted),
L = layers, d = hidden size, s = sequence length; the attention term counts the full s×s score
and value products (fwd+bwd), not the causal half. Activation recompute is *not* counted: MFU is
useful model work over 989 TFLOP/s (H100 SXM dense bf16). `mfu_excl_embed` uses N without the
input embedding (a lookup, no FLOPs) for comparison.

Precision: all variants are *pure bf16* — bf16 weights, grads and AdamW state, no fp32 master
copy — exactly like the anchor. That measures the compute shape of one GPU; the real pipeline keeps
fp32 master weights and shards them with ZeRO-3/FSDP2 (docs/finetune.md).
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import time
from dataclasses import dataclass
from typing import Any

PEAK_BF16_FLOPS = 989e12  # H100 SXM dense bf16

POLYGLOT_KO_5_8B = {
    "vocab_size": 30080,
    "hidden_size": 4096,
    "num_hidden_layers": 28,
    "num_attention_heads": 16,
    "intermediate_size": 16384,
    "max_position_embeddings": 2048,
    "rotary_pct": 0.25,
    "rotary_emb_base": 10000,
    "use_parallel_residual": True,
    "tie_word_embeddings": False,
    "hidden_act": "gelu",
    "layer_norm_eps": 1e-5,
}
TINY = {
    **POLYGLOT_KO_5_8B,
    "vocab_size": 512,
    "hidden_size": 64,
    "num_hidden_layers": 4,
    "num_attention_heads": 4,
    "intermediate_size": 256,
    "max_position_embeddings": 256,
}


@dataclass(frozen=True)
class Variant:
    name: str
    about: str
    compile: bool = False
    fused_adam: bool = False
    no_ckpt_layers: int = 0  # layers run without activation checkpointing (memory traded for speed)
    accum: int = 1  # micro-batches per optimizer step
    clip: bool = False
    packed_docs: int = 1  # >1: each row holds this many documents (block-diagonal mask via position ids)


VARIANTS = [
    Variant("anchor", "naive loop: pure-bf16 AdamW (foreach), full activation checkpointing, SDPA"),
    Variant("compile", "+ torch.compile per layer, fused AdamW, grad clipping", True, True, 0, 1, True),
    Variant("compile_partial_ckpt", "+ some layers without checkpointing (as many as memory allows)",
            True, True, -1, 1, True),
    Variant("compile_partial_accum4", "+ optimizer step every 4 micro-batches (the config accumulates 256)",
            True, True, -1, 4, True),
    Variant("packed4_sdpa", "as above, rows packed with 4 documents (block-diagonal mask, SDPA)",
            True, True, -1, 4, True, 4),
]


def _layers_that_fit(
    shape: dict[str, Any], n_params: int, micro_batch: int, seq_len: int, accum: int, total_mem: int, n_layers: int
) -> int:
    """Layers that can keep their activations: memory left after bf16 weights + AdamW state
    (+ grads that persist across accumulated micro-batches) and a fixed reserve for logits,
    checkpointed inputs and workspaces, divided by ≈ 26 bytes·token·hidden per GPT-NeoX layer."""
    if not total_mem:  # cpu code path: exercise the partial setting with half the layers
        return max(1, n_layers // 2)
    static = n_params * (6 + (2 if accum > 1 else 0))
    reserve = 12e9
    per_layer = 26 * micro_batch * seq_len * shape["hidden_size"] * 2
    return int(max(0, min(n_layers, (total_mem - static - reserve) // per_layer)))


def flops_per_token(cfg: dict[str, Any], n_params: int, seq_len: int) -> float:
    return 6.0 * n_params + 12.0 * cfg["num_hidden_layers"] * cfg["hidden_size"] * seq_len


class _Block:
    """Wraps one decoder layer: optional non-reentrant activation checkpointing around it."""

    @staticmethod
    def make(torch: Any, layer: Any) -> Any:
        from torch.utils.checkpoint import checkpoint

        class CkptLayer(torch.nn.Module):
            def __init__(self, inner: Any) -> None:
                super().__init__()
                self.inner = inner
                self.ckpt = True

            def forward(self, *args: Any, **kwargs: Any) -> Any:
                if self.ckpt and torch.is_grad_enabled():
                    return checkpoint(self.inner, *args, use_reentrant=False, **kwargs)
                return self.inner(*args, **kwargs)

        return CkptLayer(layer)


def _is_oom(exc: BaseException) -> bool:
    return "out of memory" in str(exc).lower() or type(exc).__name__ == "OutOfMemoryError"


def run_bench(
    *,
    device: str = "cuda",
    tiny: bool = False,
    variants: str | None = None,
    micro_batch: int = 8,
    seq_len: int = 2048,
    steps: int = 6,
    warmup: int = 2,
    budget_s: float = 270.0,
    partial_out: str | None = None,
) -> dict[str, Any]:
    """Run the variants; returns {"shape", "results": [...], "best": ...} and prints a table."""
    import torch
    from transformers import GPTNeoXConfig, GPTNeoXForCausalLM

    t_start = time.time()
    on_gpu = device == "cuda"
    if on_gpu and not torch.cuda.is_available():
        raise SystemExit("CUDA is not available; use --device cpu --tiny for the code-path check")
    shape = dict(TINY if tiny else POLYGLOT_KO_5_8B)
    if tiny:
        seq_len = min(seq_len, shape["max_position_embeddings"])
        micro_batch = min(micro_batch, 4)
    dtype = torch.bfloat16 if on_gpu else torch.float32
    torch.manual_seed(0)
    config = GPTNeoXConfig(**shape, attn_implementation="sdpa")
    config.use_cache = False
    with torch.device(device):
        model = GPTNeoXForCausalLM._from_config(config, dtype=dtype)
    model.to(device)  # no-op when the device context was honoured
    model.train()
    n_params = sum(p.numel() for p in model.parameters())
    n_embed_in = model.get_input_embeddings().weight.numel()
    fpt = flops_per_token(shape, n_params, seq_len)
    fpt_ex = flops_per_token(shape, n_params - n_embed_in, seq_len)

    layers = model.gpt_neox.layers
    for i in range(len(layers)):
        layers[i] = _Block.make(torch, layers[i])
    if on_gpu:
        # 28 identical layers share one compiled graph; headroom in case guards split them
        with contextlib.suppress(AttributeError):
            torch._dynamo.config.cache_size_limit = max(64, torch._dynamo.config.cache_size_limit)
    total_mem = torch.cuda.get_device_properties(0).total_memory if on_gpu else 0

    chosen = [v for v in VARIANTS if not variants or v.name in variants.split(",")]
    results: list[dict[str, Any]] = []
    compile_ok = on_gpu  # no inductor compile on the CPU code-path check (slow, tells nothing)
    best: dict[str, Any] | None = None
    gen = torch.Generator(device=device).manual_seed(1)

    def batch(docs: int) -> dict[str, Any]:
        ids = torch.randint(0, shape["vocab_size"], (micro_batch, seq_len), device=device, generator=gen)
        out = {"input_ids": ids, "labels": ids}
        if docs > 1:
            doc_len = seq_len // docs
            pos = torch.arange(seq_len, device=device) % doc_len
            out["position_ids"] = pos.unsqueeze(0).expand(micro_batch, -1)
        return out

    for v in chosen:
        row: dict[str, Any] = {"variant": v.name, "about": v.about, "accum": v.accum}
        if time.time() - t_start > budget_s:
            row["status"] = f"skipped: time budget {budget_s:.0f} s spent"
            results.append(row)
            continue
        no_ckpt = v.no_ckpt_layers
        if no_ckpt < 0:  # as many un-checkpointed layers as memory allows (retried with fewer on OOM)
            no_ckpt = _layers_that_fit(shape, n_params, micro_batch, seq_len, v.accum, total_mem, len(layers))
        use_compile = v.compile and compile_ok
        attempts = [no_ckpt] + ([no_ckpt // 2, no_ckpt // 4, 0] if no_ckpt else [])
        for attempt in dict.fromkeys(attempts):  # retry with fewer un-checkpointed layers on OOM
            row.update({"no_ckpt_layers": attempt, "compiled": use_compile})
            opt = None
            try:
                for j, blk in enumerate(layers):
                    blk.ckpt = j >= attempt
                    blk.inner._compiled_call_impl = None
                    if use_compile:
                        blk.inner.compile()
                params = [p for p in model.parameters()]
                kw = {"fused": True} if v.fused_adam else {"foreach": True}
                opt = torch.optim.AdamW(params, lr=3e-5, betas=(0.9, 0.95), weight_decay=0.0, **kw)
                if on_gpu:
                    torch.cuda.reset_peak_memory_stats()
                n_timed = max(steps, 2 * v.accum)
                n_timed += (-n_timed) % v.accum
                n_warm = max(warmup, v.accum)  # ≥ one optimizer step, so its state exists before timing
                t0 = time.perf_counter()
                losses = []
                for k in range(n_warm + n_timed):
                    if k == n_warm:
                        if on_gpu:
                            torch.cuda.synchronize()
                        t0 = time.perf_counter()
                    loss = model(**batch(v.packed_docs)).loss
                    (loss / v.accum).backward()
                    if (k + 1) % v.accum == 0:
                        if v.clip:
                            torch.nn.utils.clip_grad_norm_(params, 1.0, foreach=True)
                        opt.step()
                        opt.zero_grad(set_to_none=True)
                    losses.append(loss.detach())
                if on_gpu:
                    torch.cuda.synchronize()
                dt = (time.perf_counter() - t0) / n_timed
                tok_s = micro_batch * seq_len / dt
                row.update({
                    "status": "ok",
                    "s_per_microbatch": round(dt, 4),
                    "tokens_per_s_per_gpu": round(tok_s, 1),
                    "mfu": round(tok_s * fpt / PEAK_BF16_FLOPS, 4) if on_gpu else None,
                    "mfu_excl_embed": round(tok_s * fpt_ex / PEAK_BF16_FLOPS, 4) if on_gpu else None,
                    "peak_mem_bytes": torch.cuda.max_memory_allocated() if on_gpu else None,
                    "peak_mem_gb": round(torch.cuda.max_memory_allocated() / 1e9, 1) if on_gpu else None,
                    "last_loss": round(float(torch.stack(losses[-3:]).float().mean()), 4),
                })
                break
            except Exception as exc:  # OOM or a compile failure must not end the whole bench
                oom = _is_oom(exc)
                row["status"] = ("OOM" if oom else f"error: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
                if not oom and use_compile:
                    compile_ok = use_compile = False  # later variants run eagerly
                if not oom:
                    break
            finally:
                del opt
                model.zero_grad(set_to_none=True)
                gc.collect()
                if on_gpu:
                    torch.cuda.empty_cache()
        if row.get("status") == "ok" and v.packed_docs == 1 and (
            best is None or row["tokens_per_s_per_gpu"] > best["tokens_per_s_per_gpu"]
        ):
            best = row
        results.append(row)
        _print_row(row)
        if partial_out:  # survive a kill by the caller's timeout: results so far are on disk
            with open(partial_out, "w", encoding="utf-8") as f:
                json.dump({"partial": True, "results": [{k: x for k, x in r.items() if k != "peak_mem_bytes"}
                                                        for r in results]}, f)

    out = {
        "bench": "finetune",
        "device": torch.cuda.get_device_name(0) if on_gpu else "cpu",
        "torch": torch.__version__,
        "shape": "tiny" if tiny else "polyglot-ko-5.8b",
        "micro_batch": micro_batch,
        "seq_len": seq_len,
        "params": n_params,
        "flops_per_token": fpt,
        "flops_formula": "6*N_all + 12*L*d*s (PaLM; recompute not counted); peak 989e12 bf16 dense",
        "precision": "pure bf16 (no fp32 master weights)" if on_gpu else "float32 (cpu)",
        "anchor_reference": {"tokens_per_s": 11746, "mfu": 0.45, "peak_mem_gb": 57, "card": "H100 80GB"},
        "results": [{k: v for k, v in r.items() if k != "peak_mem_bytes"} for r in results],
        "best": best["variant"] if best else None,
        "best_tokens_per_s_per_gpu": best["tokens_per_s_per_gpu"] if best else None,
        "best_mfu": best["mfu"] if best else None,
        "wall_s": round(time.time() - t_start, 1),
    }
    _print_table(out)
    return out


def _print_row(r: dict[str, Any]) -> None:
    print(f"[bench] {r['variant']}: {r.get('status')} "
          f"{r.get('tokens_per_s_per_gpu', '-')} tok/s, MFU {r.get('mfu', '-')}, peak {r.get('peak_mem_gb', '-')} GB, "
          f"no-ckpt layers {r.get('no_ckpt_layers', '-')}, compiled {r.get('compiled', '-')}", flush=True)


def _print_table(out: dict[str, Any]) -> None:
    print(f"\n{out['shape']} on {out['device']} — micro-batch {out['micro_batch']} × {out['seq_len']}, "
          f"{out['params'] / 1e9:.2f} B params, {out['flops_per_token'] / 1e9:.1f} GFLOP/token ({out['precision']})")
    print("| variant | status | tok/s/GPU | MFU | MFU excl. embed | peak GB | no-ckpt layers | accum | compiled |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in out["results"]:
        mfu = r.get("mfu")
        mfx = r.get("mfu_excl_embed")
        print(f"| {r['variant']} | {r.get('status')} | {r.get('tokens_per_s_per_gpu', '-')} | "
              f"{'-' if mfu is None else f'{mfu:.1%}'} | {'-' if mfx is None else f'{mfx:.1%}'} | "
              f"{r.get('peak_mem_gb', '-')} | {r.get('no_ckpt_layers', '-')} | {r['accum']} | {r.get('compiled', '-')} |")
    if math.isfinite(out.get("wall_s", 0)):
        print(f"total {out['wall_s']} s", flush=True)


if __name__ == "__main__":  # `python -m finetune.bench` == `python -m finetune bench`
    import sys

    from finetune.__main__ import main

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    sys.exit(main(["bench", *sys.argv[1:]]))
