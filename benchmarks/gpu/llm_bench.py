#!/usr/bin/env python3
"""LLM serving speed for a Polyglot-Ko-5.8b-shaped GPT-NeoX on one GPU (random weights, bf16).

Needs only torch + transformers (no vLLM, no network); finishes in well under 4 minutes on an H100.
Measures (each variant guarded; the last line of stdout is one JSON object):
  hf_b1         plain `model.generate`, batch 1, decode tokens/s (issue anchor: ~70 tok/s)
  fast_b1       katalog/llm/fast_decode.py, earlier path: static KV cache, one CUDA graph per decode
                step and 64-token length bucket, torch ops (same-machine baseline)
  fast_k_b1     the same decoder with the Triton kernels (fast_kernels.py): fused LN+GEMV+bias+GELU+
                residual at batch 1, rotary+cache write and attention kernels, one graph for every
                position; share of the 254 tok/s HBM bandwidth limit (target >= 75%)
  rounding_check  an fp32 copy of the model: greedy agreement of every path with fp32 generate, and
                the relative logit error of each path (teacher-forced on generate's tokens)
  gemv_micro    batch-1 GEMV bandwidth per weight shape, cuBLAS vs the Triton kernel
  fast_*_b128_shared256 / fast_k_fp8_b256_shared256
                the LLM-batch workload (800 prompt + 150 new tokens per case, the first 256 prompt
                tokens shared by the batch and stored once), cases/s (target >= 30): earlier path,
                Triton attention with a bf16 cache, and with a float8 (e4m3) cache at batch 128 and 256

  python3 benchmarks/gpu/llm_bench.py --json-out r.json   # on the GPU machine, < 4 min
  python3 benchmarks/gpu/llm_bench.py --tiny              # CPU smoke test of every code path
  (--tiny with triton installed and TRITON_INTERPRET=1 also runs the kernel paths on CPU)
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
    ap.add_argument("--skip-hf-batch", action=argparse.BooleanOptionalAction, default=True,
                    help="plain generate on the batch workload (slow; measured in the earlier run)")
    ap.add_argument("--budget-s", type=float, default=200.0, help="skip remaining variants after this")
    ap.add_argument("--big-batch", type=int, default=256, help="batch of the largest fp8-cache run")
    ap.add_argument("--prefill-tokens", type=int, default=8192, help="tokens per prefill chunk")
    ap.add_argument("--json-out", help="also write the final JSON object to this file")
    ap.add_argument("--variants", help="comma-separated variant names to run, in this order (default: all)")
    ap.add_argument("--compile", action=argparse.BooleanOptionalAction, default=False,
                    help="also try torch.compile of the decode step (batch 1)")
    ap.add_argument("--compile-after-s", type=float, default=110.0, help="start compiling only before this")
    args = ap.parse_args()

    t_start = time.perf_counter()
    device = "cpu" if args.tiny or not torch.cuda.is_available() else "cuda"
    dtype = torch.float32 if device == "cpu" else torch.bfloat16
    if args.tiny:
        args.new_tokens, args.batch, args.prompt_len, args.gen_len, args.shared = 12, 4, 40, 10, 16
        args.big_batch, args.prefill_tokens = 12, 64
        args.compile = False  # inductor on a 2-core CPU takes minutes; the GPU run exercises it
    res: dict = {"device": torch.cuda.get_device_name() if device == "cuda" else platform.processor() or "cpu",
                 "torch": torch.__version__, "tiny": args.tiny, "errors": {}}
    try:
        import triton

        res["triton"] = triton.__version__
    except Exception:
        res["triton"] = None
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
            print(f"# {name} done at {res['elapsed_s']} s{' (error)' if name in res['errors'] else ''}", flush=True)
            if args.json_out:  # cumulative: if the run is cut short, the file holds what was measured
                Path(args.json_out).write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n")

    n = args.new_tokens
    ids1 = rand_ids(1, 32)
    toks: dict = {}  # greedy batch-1 tokens of each path, for the agreement / rounding check
    fp8 = getattr(torch, "float8_e4m3fn", None)

    def v_hf_b1():
        hf_generate(model, ids1, 8)  # warm-up
        out, dt = timed(lambda: hf_generate(model, ids1, n), device)
        toks["hf"] = out[0]
        res["hf_b1_tok_s"] = round(n / dt, 1)
        rows.append(("hf generate", "batch 1", f"{n / dt:.1f} tok/s"))

    def agree(a, b) -> int:
        """Length of the common prefix of two token sequences."""
        return int((a == b).int().cumprod(0).sum().item())

    def fast_b1(label: str, title: str, **kw):
        def go():
            dec = fd.NeoXFastDecoder(model, max_batch=1, max_len=32 + n, **kw)
            _, t_warm = timed(lambda: dec.generate(ids1, n), device)  # warm-up + autotune + graph capture
            out, dt = timed(lambda: dec.generate(ids1, n), device)
            _, t_pre = timed(lambda: dec.prefill(ids1), device)  # decode-only rate: minus one prefill
            tps = (n - 1) / max(dt - t_pre, 1e-9)
            toks[label] = out[0]
            res[f"{label}_tok_s"] = round(tps, 1)
            res[f"{label}_pct_of_254"] = round(100 * tps / BANDWIDTH_LIMIT_TOK_S, 1)
            res[f"{label}_setup_s"] = round(t_warm, 1)
            res[f"{label}_graphs"] = dec.use_graphs
            if "hf" in toks:
                res[f"{label}_matches_hf_first_tokens"] = f"{agree(out[0], toks['hf'])}/{n}"
            rows.append((title, "batch 1", f"{tps:.1f} tok/s ({res[f'{label}_pct_of_254']}% of "
                                           f"{BANDWIDTH_LIMIT_TOK_S:.0f}); setup {t_warm:.1f}s"))
        return go

    def v_rounding():
        """Is the batch-1 divergence from `generate` rounding? Compare every path with an fp32 copy."""
        import copy

        ref = copy.deepcopy(model).float()
        out32 = hf_generate(ref, ids1, n)[0]
        toks["fp32"] = out32
        chk: dict = {}
        for name, tk in toks.items():
            if name != "fp32":
                chk[f"{name}_vs_fp32_first_tokens"] = f"{agree(tk, out32)}/{n}"
        if "hf" in toks and "fast_k_b1" in toks:
            chk["hf_vs_fast_k_first_tokens"] = f"{agree(toks['hf'], toks['fast_k_b1'])}/{n}"
        # Teacher-forced logits on generate's own tokens: relative error of each path against fp32.
        seq = torch.cat([ids1[0], toks["hf"]]).view(1, -1)
        with torch.inference_mode():
            l32 = ref(seq).logits[0, 31:-1].float()
            lbf = model(seq).logits[0, 31:-1].float()
        del ref
        gc.collect()
        if device == "cuda":
            torch.cuda.empty_cache()

        def rel(x):
            return float((x - l32).norm() / l32.norm())

        chk["rel_err_hf_forward"] = round(rel(lbf), 5)
        top2 = l32.topk(2, dim=-1).values
        margin = top2[:, 0] - top2[:, 1]
        chk["fp32_top2_margin_median"] = round(float(margin.median()), 4)
        chk["fp32_top2_margin_min"] = round(float(margin.min()), 5)
        chk["bf16_abs_logit_err_median"] = round(float((lbf - l32).abs().max(-1).values.median()), 4)
        variants = {"fast_b1": dict(kernels=False), "fast_k_b1": dict(kernels=True)}
        if fp8 is not None and device == "cuda":
            variants["fast_k_fp8_b1"] = dict(kernels=True, kv_dtype=fp8)
        for name, kw in variants.items():
            try:
                dec = fd.NeoXFastDecoder(model, max_batch=1, max_len=32 + n, use_graphs=False, **kw)
                lf = dec.forced_logits(ids1, toks["hf"])
                chk[f"rel_err_{name}"] = round(rel(lf), 5)
                chk[f"{name}_argmax_eq_fp32_forced"] = f"{int((lf.argmax(-1) == l32.argmax(-1)).sum())}/{n}"
            except Exception as exc:
                chk[f"rel_err_{name}"] = f"{type(exc).__name__}: {exc}"[:200]
        chk["hf_forward_argmax_eq_fp32_forced"] = f"{int((lbf.argmax(-1) == l32.argmax(-1)).sum())}/{n}"
        # The first step where generate and the kernel path disagree: how close is it in fp32?
        if "fast_k_b1" in toks:
            d = agree(toks["hf"], toks["fast_k_b1"])
            if d < n:
                a, b = int(toks["hf"][d]), int(toks["fast_k_b1"][d])
                chk["first_divergence_step"] = d
                chk["first_divergence_fp32_logit_gap"] = round(float(l32[d, a] - l32[d, b]), 5)
                chk["first_divergence_fp32_argmax_is"] = (
                    "hf" if int(l32[d].argmax()) == a else "fast" if int(l32[d].argmax()) == b else "neither")
        res["rounding_check"] = chk
        rows.append(("fp32 reference (HF generate)", "batch 1",
                     f"agreement {', '.join(f'{k}={v}' for k, v in chk.items() if k.endswith('vs_fp32_first_tokens'))}"))

    B, P, G = args.batch, args.prompt_len, args.gen_len

    def v_hf_batch():
        ids = rand_ids(B, P)
        _, dt = timed(lambda: hf_generate(model, ids, G), device)
        res[f"hf_b{B}_cases_s"] = round(B / dt, 2)
        rows.append(("hf generate", f"batch {B}, {P}+{G}", f"{B / dt:.2f} cases/s ({B * G / dt:.0f} tok/s)"))

    def fast_batch(batch: int, shared: int, label: str, title: str, **kw):
        def go():
            own = P - shared
            dec = fd.NeoXFastDecoder(model, max_batch=batch, max_len=own + G, shared_len=shared, **kw)
            ids = rand_ids(batch, own)
            prefix = rand_ids(1, shared) if shared else None
            chunk = max(1, min(batch, args.prefill_tokens // max(own, 1)))

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
            res[f"{label}_decode_ms_per_step"] = round(1000 * max(dt - t_pre, 0.0) / (G - 1), 2)
            rows.append((title, f"batch {batch}, {P}+{G}", f"{batch / dt:.2f} cases/s ({batch * G / dt:.0f} tok/s; "
                                                         f"prefill {t_pre:.2f}s, decode {dt - t_pre:.2f}s)"))
        return go

    def v_gemv_micro():
        """Batch-1 GEMV bandwidth, cuBLAS (F.linear) vs the Triton kernel, per weight shape."""
        if device != "cuda":
            return
        kern = fd.load_kernels()
        micro = {}
        for n_out, k_in in [(12288, 4096), (4096, 4096), (16384, 4096), (4096, 16384), (30080, 4096)]:
            w = torch.randn(n_out, k_in, device=device, dtype=dtype) * 0.02
            x = torch.randn(1, k_in, device=device, dtype=dtype)
            fns = [("cublas", lambda x=x, w=w: torch.nn.functional.linear(x, w)),
                   ("triton", lambda x=x, w=w: kern.gemv(x, w))]
            for name, fn in fns:
                for _ in range(3):
                    fn()
                e0, e1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                e0.record()
                for _ in range(50):
                    fn()
                e1.record()
                torch.cuda.synchronize()
                sec = e0.elapsed_time(e1) / 1000 / 50
                micro[f"{n_out}x{k_in}_{name}_gbs"] = round(w.numel() * 2 / sec / 1e9)
            del w
        res["gemv_micro"] = micro
        rows.append(("GEMV bandwidth GB/s (cuBLAS/Triton)", "batch 1",
                     " ".join(f"{s}:{micro[s + '_cublas_gbs']}/{micro[s + '_triton_gbs']}"
                              for s in ["12288x4096", "4096x4096", "16384x4096", "4096x16384", "30080x4096"])))

    kern_kw = dict(kernels=True)
    S = args.shared
    plan = {
        "hf_b1": v_hf_b1,
        "fast_b1": fast_b1("fast_b1", "static cache + CUDA graph (earlier path)", kernels=False),
        "fast_k_b1": fast_b1("fast_k_b1", "one graph + Triton kernels (fused GEMV)", **kern_kw),
        "rounding_check": v_rounding,
        "hf_batch": v_hf_batch,
        "fast_batch_old": fast_batch(2 * B, S, f"fast_b{2 * B}_shared{S}", f"earlier path + shared prefix {S}",
                                     kernels=False),
        "fast_k_batch": fast_batch(2 * B, S, f"fast_k_b{2 * B}_shared{S}", f"Triton attention + shared prefix {S}",
                                   **kern_kw),
        "fast_k_fp8_batch": fast_batch(2 * B, S, f"fast_k_fp8_b{2 * B}_shared{S}",
                                       f"Triton attention + shared {S} + fp8 KV", kv_dtype=fp8, **kern_kw),
        "fast_k_fp8_batch_big": fast_batch(args.big_batch, S, f"fast_k_fp8_b{args.big_batch}_shared{S}",
                                           f"Triton attention + shared {S} + fp8 KV", kv_dtype=fp8, **kern_kw),
        "gemv_micro": v_gemv_micro,
    }
    order = args.variants.split(",") if args.variants else list(plan)
    for name in order:
        if name == "hf_batch" and args.skip_hf_batch:
            continue
        if name.startswith("fast_k_fp8") and fp8 is None:
            res["errors"][name] = "skipped: torch has no float8_e4m3fn"
            continue
        run(name, plan[name])
    # torch.compile last and off by default (inductor needs ~30 s; the Triton path replaces it).
    if args.compile and time.perf_counter() - t_start < args.compile_after_s:
        run("fast_b1_compiled", fast_b1("fast_b1_compiled", "static cache + CUDA graph + torch.compile",
                                        compile=True, kernels=False))
    elif args.compile:
        res["errors"]["fast_b1_compiled"] = "skipped: not enough time left for compilation"

    res["total_s"] = round(time.perf_counter() - t_start, 1)
    if device == "cuda":
        res["max_mem_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 1)
    print(f"\n{'path':<46} {'workload':<22} result")
    for r in rows:
        print(f"{r[0]:<46} {r[1]:<22} {r[2]}")
    print(json.dumps(res, ensure_ascii=False))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
