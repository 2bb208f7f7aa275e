#!/usr/bin/env python3
"""LLM serving speed for a Polyglot-Ko-5.8b-shaped GPT-NeoX on one GPU (random weights, bf16).

Needs only torch + transformers (no vLLM, no network); finishes in well under 4 minutes on an H100.
Measures:
  hf_b1         plain `model.generate`, batch 1, decode tokens/s (issue anchor: ~70 tok/s)
  fast_b1       katalog/llm/fast_decode.py: static KV cache + one CUDA graph per decode step,
                batch 1 tokens/s and its share of the 254 tok/s HBM bandwidth limit (target >= 75%)
  hf_b64        plain `generate` on the LLM-batch workload (800 prompt + 150 new tokens per case)
  fast_b64      the fast decoder on the same workload, cases/s (target >= 30)
  fast_b64_shared256 / fast_b128_shared256
                same, with the first 256 prompt tokens (the fixed instruction of the prompt file)
                shared by the batch: stored and attended once (prefix sharing)
Each variant is guarded; the last line of stdout is one JSON object.

  python3 benchmarks/gpu/llm_bench.py            # on the GPU machine
  python3 benchmarks/gpu/llm_bench.py --tiny     # CPU smoke test of every code path
  fast_b1_compiled (last, optional) adds torch.compile of the decode step inside the CUDA graph.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import platform
import sys
import time
import traceback
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
BANDWIDTH_LIMIT_TOK_S = 254.0  # issue 9: 11.77 GB of bf16 weights per token over H100 HBM

POLYGLOT_5_8B = dict(
    vocab_size=30080, hidden_size=4096, num_hidden_layers=28, num_attention_heads=16, intermediate_size=16384,
    rotary_pct=0.25, rotary_emb_base=10000, max_position_embeddings=2048, use_parallel_residual=True,
    tie_word_embeddings=False, hidden_act="gelu", layer_norm_eps=1e-5, bos_token_id=0, eos_token_id=2,
)
TINY = dict(POLYGLOT_5_8B, vocab_size=800, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
            intermediate_size=256)


def load_fast_decode():
    """Load katalog/llm/fast_decode.py by path (the katalog package needs pydantic, absent here)."""
    spec = importlib.util.spec_from_file_location("katalog_fast_decode", ROOT / "katalog/llm/fast_decode.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def build_model(cfg: dict, device: str, dtype: torch.dtype):
    from transformers import GPTNeoXConfig, GPTNeoXForCausalLM

    config = GPTNeoXConfig(**cfg)
    rp = getattr(config, "rope_parameters", None)
    if isinstance(rp, dict) and rp.get("partial_rotary_factor") != cfg["rotary_pct"]:
        rp["partial_rotary_factor"] = cfg["rotary_pct"]
    prev = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        with torch.device(device):
            model = GPTNeoXForCausalLM(config)
    finally:
        torch.set_default_dtype(prev)
    return model.to(device=device, dtype=dtype).eval()


def sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def timed(fn, device: str):
    sync(device)
    t0 = time.perf_counter()
    out = fn()
    sync(device)
    return out, time.perf_counter() - t0


def hf_generate(model, ids, n):
    with torch.inference_mode():
        out = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=n, min_new_tokens=n,
                             do_sample=False, pad_token_id=0)
    return out[:, ids.shape[1]:]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tiny", action="store_true", help="tiny model on CPU (smoke test)")
    ap.add_argument("--new-tokens", type=int, default=128)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--prompt-len", type=int, default=800)
    ap.add_argument("--gen-len", type=int, default=150)
    ap.add_argument("--shared", type=int, default=256)
    ap.add_argument("--skip-hf-batch", action="store_true")
    ap.add_argument("--budget-s", type=float, default=200.0, help="skip remaining variants after this")
    ap.add_argument("--compile", action=argparse.BooleanOptionalAction, default=True,
                    help="also try torch.compile of the decode step (batch 1)")
    ap.add_argument("--compile-after-s", type=float, default=110.0, help="start compiling only before this")
    args = ap.parse_args()

    t_start = time.perf_counter()
    device = "cpu" if args.tiny or not torch.cuda.is_available() else "cuda"
    dtype = torch.float32 if device == "cpu" else torch.bfloat16
    if args.tiny:
        args.new_tokens, args.batch, args.prompt_len, args.gen_len, args.shared = 12, 4, 40, 10, 16
        args.compile = False  # inductor on a 2-core CPU takes minutes; the GPU run exercises it
    res: dict = {"device": torch.cuda.get_device_name() if device == "cuda" else platform.processor() or "cpu",
                 "torch": torch.__version__, "tiny": args.tiny, "errors": {}}
    try:
        import transformers

        res["transformers"] = transformers.__version__
    except Exception:
        pass
    rows: list[tuple[str, str, str]] = []
    fd = load_fast_decode()
    torch.manual_seed(0)
    model, t_build = timed(lambda: build_model(TINY if args.tiny else POLYGLOT_5_8B, device, dtype), device)
    n_params = sum(p.numel() for p in model.parameters())
    res["params_b"] = round(n_params / 1e9, 3)
    res["build_s"] = round(t_build, 1)
    vocab = model.config.vocab_size
    gen = torch.Generator(device="cpu").manual_seed(0)

    def rand_ids(b, t):
        return torch.randint(3, vocab, (b, t), generator=gen).to(device)

    def over_budget() -> bool:
        return time.perf_counter() - t_start > args.budget_s

    def run(name, fn):
        if over_budget():
            res["errors"][name] = "skipped: time budget"
            return
        try:
            fn()
        except Exception as exc:
            res["errors"][name] = f"{type(exc).__name__}: {exc}"[:300]
            traceback.print_exc(file=sys.stderr)
        finally:
            gc.collect()
            if device == "cuda":
                torch.cuda.empty_cache()
            res["elapsed_s"] = round(time.perf_counter() - t_start, 1)
            # A cumulative JSON line after every variant: if the run is cut short, the last one stands.
            print(json.dumps(res, ensure_ascii=False), flush=True)

    n = args.new_tokens
    ids1 = rand_ids(1, 32)
    hf_tokens: dict = {}

    def v_hf_b1():
        hf_generate(model, ids1, 8)  # warm-up
        out, dt = timed(lambda: hf_generate(model, ids1, n), device)
        hf_tokens["b1"] = out
        res["hf_b1_tok_s"] = round(n / dt, 1)
        rows.append(("hf generate", "batch 1", f"{n / dt:.1f} tok/s"))

    def fast_b1(compiled: bool):
        label = "fast_b1_compiled" if compiled else "fast_b1"

        def go():
            dec = fd.NeoXFastDecoder(model, max_batch=1, max_len=32 + n, compile=compiled)
            _, t_warm = timed(lambda: dec.generate(ids1, n), device)  # warm-up + graph capture (+ compile)
            out, dt = timed(lambda: dec.generate(ids1, n), device)
            # Decode-only rate: subtract one prefill of the 32-token prompt.
            _, t_pre = timed(lambda: dec.prefill(ids1), device)
            tps = (n - 1) / max(dt - t_pre, 1e-9)
            res[f"{label}_tok_s"] = round(tps, 1)
            res[f"{label}_pct_of_254"] = round(100 * tps / BANDWIDTH_LIMIT_TOK_S, 1)
            res[f"{label}_setup_s"] = round(t_warm, 1)
            res[f"{label}_graphs"] = dec.use_graphs
            if "b1" in hf_tokens:
                same = (out[0] == hf_tokens["b1"][0]).int().cumprod(0).sum().item()
                res[f"{label}_matches_hf_first_tokens"] = f"{same}/{n}"
            rows.append((f"static cache + CUDA graph{' + torch.compile' if compiled else ''}", "batch 1",
                         f"{tps:.1f} tok/s ({res[f'{label}_pct_of_254']}% of {BANDWIDTH_LIMIT_TOK_S:.0f})"))
        return go

    B, P, G = args.batch, args.prompt_len, args.gen_len

    def v_hf_batch():
        ids = rand_ids(B, P)
        _, dt = timed(lambda: hf_generate(model, ids, G), device)
        res[f"hf_b{B}_cases_s"] = round(B / dt, 2)
        rows.append(("hf generate", f"batch {B}, {P}+{G}", f"{B / dt:.2f} cases/s ({B * G / dt:.0f} tok/s)"))

    def fast_batch(batch: int, shared: int, label: str):
        def go():
            own = P - shared
            dec = fd.NeoXFastDecoder(model, max_batch=batch, max_len=own + G, shared_len=shared)
            ids = rand_ids(batch, own)
            prefix = rand_ids(1, shared) if shared else None
            chunk = max(1, min(batch, 8192 // max(own, 1)))

            def once():
                if shared:
                    dec.prefill_shared(prefix)
                return dec.generate(ids, G, prefill_chunk=chunk)

            once()  # warm-up + graph capture
            _, dt = timed(once, device)
            _, t_pre = timed(lambda: [dec.prefill(ids[r:r + chunk], batch_offset=r) for r in range(0, batch, chunk)],
                             device)
            res[f"{label}_cases_s"] = round(batch / dt, 2)
            res[f"{label}_prefill_s"] = round(t_pre, 3)
            res[f"{label}_decode_s"] = round(max(dt - t_pre, 0.0), 3)
            rows.append((f"static cache + CUDA graph{' + shared prefix ' + str(shared) if shared else ''}",
                         f"batch {batch}, {P}+{G}", f"{batch / dt:.2f} cases/s ({batch * G / dt:.0f} tok/s; "
                         f"prefill {t_pre:.2f}s, decode {dt - t_pre:.2f}s)"))
        return go

    run("hf_b1", v_hf_b1)
    run("fast_b1", fast_b1(False))
    if not args.skip_hf_batch:
        run("hf_batch", v_hf_batch)
    run("fast_batch", fast_batch(B, 0, f"fast_b{B}"))
    run("fast_batch_shared", fast_batch(B, args.shared, f"fast_b{B}_shared{args.shared}"))
    run("fast_batch2x_shared", fast_batch(2 * B, args.shared, f"fast_b{2 * B}_shared{args.shared}"))
    # torch.compile last: inductor needs about a minute on a 28-layer step; skipped when time is short.
    if args.compile and time.perf_counter() - t_start < args.compile_after_s:
        run("fast_b1_compiled", fast_b1(True))
    elif args.compile:
        res["errors"]["fast_b1_compiled"] = "skipped: not enough time left for compilation"

    res["total_s"] = round(time.perf_counter() - t_start, 1)
    if device == "cuda":
        res["max_mem_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 1)
    print(f"\n{'path':<46} {'workload':<22} result")
    for r in rows:
        print(f"{r[0]:<46} {r[1]:<22} {r[2]}")
    print(json.dumps(res, ensure_ascii=False))


if __name__ == "__main__":
    main()
