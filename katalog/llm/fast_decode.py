"""A static-KV-cache GPT-NeoX decoder with CUDA-graph decode steps (greedy).

Plain `generate` at batch 1 is launch-bound (~70 tok/s for Polyglot-Ko-5.8b on an H100, against a
~254 tok/s HBM limit). This module keeps the weights of a loaded `GPTNeoXForCausalLM`, pre-allocates
the KV cache, and captures one decode step (embedding → 28 layers → logits → argmax → cache write)
as a CUDA graph per 64-token cache-length bucket, so a step is one graph replay.

Optionally the first `shared_len` prompt tokens are common to the whole batch (the fixed
instruction of a prompt file): their K/V are stored once and attended with one batched matmul per
head instead of once per sequence, which cuts the KV reads that dominate batched decode of a
multi-head-attention model. Depends on torch only (plus the model object), so the GPU benchmark
can load it by path. Numerics match the transformers implementation (tests compare logits).

With Triton available (CUDA builds of torch ship it), `kernels=True` (the default on CUDA) runs the
decode step through `fast_kernels.py`: a fused layer-norm/GEMV/bias/GELU/residual kernel at batch 1,
one rotary+cache-write kernel and one attention kernel per layer. The attention reads the current
position from a device scalar, so one CUDA graph serves every position, and the KV cache may be
float8 (`kv_dtype=torch.float8_e4m3fn`, half the cache reads of batched decode; not exact).
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F

BUCKET = 64


def load_kernels() -> Any:
    """The Triton kernels module, or None when Triton is missing (CPU-only torch)."""
    try:
        import triton  # noqa: F401
    except Exception:
        return None
    try:
        from katalog.llm import fast_kernels

        return fast_kernels
    except ImportError:  # the GPU image has no pydantic (katalog/__init__): load the sibling file by path
        spec = importlib.util.spec_from_file_location("katalog_fast_kernels", Path(__file__).with_name("fast_kernels.py"))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod


def _rope_params(config: Any) -> tuple[float, float]:
    params = getattr(config, "rope_parameters", None) or {}
    pct = params.get("partial_rotary_factor", getattr(config, "rotary_pct", 1.0))
    theta = params.get("rope_theta", getattr(config, "rotary_emb_base", 10000.0))
    return float(pct), float(theta)


class NeoXFastDecoder:
    """Greedy batched decoding for one GPT-NeoX model with a static cache.

    `max_batch` sequences of at most `max_len` own tokens (after the optional shared prefix).
    """

    def __init__(
        self,
        model: Any,
        max_batch: int,
        max_len: int,
        shared_len: int = 0,
        use_graphs: bool | None = None,
        compile: bool = False,
        kernels: bool | None = None,
        kv_dtype: torch.dtype | None = None,
    ):
        cfg = model.config
        neox = model.gpt_neox
        self.layers = list(neox.layers)
        self.embed = model.get_input_embeddings().weight
        self.final_ln = neox.final_layer_norm
        self.out_w = model.get_output_embeddings().weight
        self.parallel = bool(cfg.use_parallel_residual)
        self.L = cfg.num_hidden_layers
        self.H = cfg.num_attention_heads
        self.D = cfg.hidden_size // self.H
        pct, theta = _rope_params(cfg)
        self.rot = int(self.D * pct)
        self.scale = 1.0 / math.sqrt(self.D)
        self.device, self.dtype = self.embed.device, self.embed.dtype
        self.max_batch = max_batch
        self.max_len = int(math.ceil(max_len / BUCKET) * BUCKET)
        self.shared_len = shared_len
        # Triton kernels: on by default on CUDA (not with torch.compile, which traces the torch path).
        want = (self.device.type == "cuda" and not compile) if kernels is None else kernels
        self.kern = load_kernels() if want else None
        if kernels and self.kern is None:
            raise RuntimeError("kernels=True needs triton")
        # The batch-1 GEMV kernel implements the exact (erf) GELU only.
        self.gemv_ok = self.kern is not None and str(getattr(cfg, "hidden_act", "gelu")) == "gelu"
        self.kv_dtype = kv_dtype or self.dtype
        if self.kv_dtype != self.dtype and self.kern is None:
            raise ValueError("a KV cache dtype other than the model dtype needs the Triton kernels")
        shape = (self.L, max_batch, self.H, self.max_len, self.D)
        self.k = torch.zeros(shape, device=self.device, dtype=self.kv_dtype)
        self.v = torch.zeros(shape, device=self.device, dtype=self.kv_dtype)
        if shared_len:
            sshape = (self.L, self.H, shared_len, self.D)
            self.sk = torch.zeros(sshape, device=self.device, dtype=self.dtype)
            self.sv = torch.zeros(sshape, device=self.device, dtype=self.dtype)
        # Rotary tables as transformers builds them: fp32 frequencies, cast to the model dtype.
        inv_freq = 1.0 / (theta ** (torch.arange(0, self.rot, 2, dtype=torch.int64).float() / self.rot))
        t = torch.arange(shared_len + self.max_len, dtype=torch.float32)
        emb = torch.cat([torch.outer(t, inv_freq)] * 2, dim=-1).to(self.device)
        self.cos, self.sin = emb.cos().to(self.dtype), emb.sin().to(self.dtype)
        self.use_graphs = (self.device.type == "cuda") if use_graphs is None else use_graphs
        self.tok = torch.zeros(max_batch, dtype=torch.long, device=self.device)
        self.cur = torch.zeros((), dtype=torch.long, device=self.device)
        self.out = torch.zeros(self.max_len + 1, max_batch, dtype=torch.long, device=self.device)
        self.graphs: dict[tuple[int, int], torch.cuda.CUDAGraph] = {}
        self._pool: Any = None
        # torch.compile fuses the small element-wise kernels; one cache length avoids recompiles.
        self.compiled = compile
        step = self._decode_kernels if self.kern is not None else self._decode
        self._decode_fn = torch.compile(step, dynamic=False) if compile else step

    # -- building blocks -----------------------------------------------------------------
    def _rope_qk(self, qkv: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor):
        """Split fused QKV (B, T, H*3*D) and rotate q and k together (fewer kernels than one by one)."""
        b, t, _ = qkv.shape
        x5 = qkv.view(b, t, self.H, 3, self.D)
        qk = x5[:, :, :, :2]
        r, half = qk[..., : self.rot], self.rot // 2
        rotated = r * cos + torch.cat((-r[..., half:], r[..., :half]), dim=-1) * sin
        qk = torch.cat((rotated, qk[..., self.rot :]), dim=-1)
        return qk[:, :, :, 0].transpose(1, 2), qk[:, :, :, 1].transpose(1, 2), x5[:, :, :, 2].transpose(1, 2)

    def _mlp(self, layer: Any, h: torch.Tensor) -> torch.Tensor:
        m = layer.mlp
        return F.linear(m.act(F.linear(h, m.dense_h_to_4h.weight, m.dense_h_to_4h.bias)), m.dense_4h_to_h.weight,
                        m.dense_4h_to_h.bias)

    def _block(self, i: int, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor, attend) -> torch.Tensor:
        layer = self.layers[i]
        b, t, _ = x.shape
        ln1, ln2 = layer.input_layernorm, layer.post_attention_layernorm
        h = F.layer_norm(x, ln1.normalized_shape, ln1.weight, ln1.bias, ln1.eps)
        att = layer.attention
        qkv = F.linear(h, att.query_key_value.weight, att.query_key_value.bias)
        q, k, v = self._rope_qk(qkv, cos, sin)
        o = attend(i, q, k, v).transpose(1, 2).reshape(b, t, self.H * self.D)
        a = F.linear(o, att.dense.weight, att.dense.bias)
        if self.parallel:
            m = self._mlp(layer, F.layer_norm(x, ln2.normalized_shape, ln2.weight, ln2.bias, ln2.eps))
            return m + a + x
        a = a + x
        return self._mlp(layer, F.layer_norm(a, ln2.normalized_shape, ln2.weight, ln2.bias, ln2.eps)) + a

    def _logits(self, x: torch.Tensor) -> torch.Tensor:
        ln = self.final_ln
        return F.linear(F.layer_norm(x, ln.normalized_shape, ln.weight, ln.bias, ln.eps), self.out_w)

    def _store(self, dst: torch.Tensor, src: torch.Tensor) -> None:
        if dst.dtype == torch.float8_e4m3fn:  # no scale: clamp to the format's range instead of overflowing
            src = src.clamp(-448.0, 448.0)
        dst.copy_(src)

    # -- prefill -------------------------------------------------------------------------
    @torch.inference_mode()
    def prefill_shared(self, prefix_ids: torch.Tensor) -> None:
        """Run the shared prefix (1, shared_len) once and keep its K/V for every sequence."""
        assert self.shared_len and prefix_ids.shape == (1, self.shared_len)
        p = self.shared_len
        cos, sin = self.cos[:p].view(1, p, 1, 1, -1), self.sin[:p].view(1, p, 1, 1, -1)

        def attend(i, q, k, v):
            self.sk[i].copy_(k[0])
            self.sv[i].copy_(v[0])
            return F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=self.scale)

        x = F.embedding(prefix_ids, self.embed)
        for i in range(self.L):
            x = self._block(i, x, cos, sin, attend)

    @torch.inference_mode()
    def prefill(self, input_ids: torch.Tensor, batch_offset: int = 0) -> torch.Tensor:
        """Own prompt tokens (B, T) of sequences [batch_offset, batch_offset+B); returns last logits (B, V)."""
        b, t = input_ids.shape
        p = self.shared_len
        rows = slice(batch_offset, batch_offset + b)
        cos, sin = self.cos[p : p + t].view(1, t, 1, 1, -1), self.sin[p : p + t].view(1, t, 1, 1, -1)
        mask = None
        if p:
            causal = torch.ones(t, t, dtype=torch.bool, device=self.device).tril()
            mask = torch.cat([torch.ones(t, p, dtype=torch.bool, device=self.device), causal], dim=1)

        def attend(i, q, k, v):
            self._store(self.k[i, rows, :, :t], k)
            self._store(self.v[i, rows, :, :t], v)
            if not p:
                return F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=self.scale)
            kk = torch.cat([self.sk[i].unsqueeze(0).expand(b, -1, -1, -1), k], dim=2)
            vv = torch.cat([self.sv[i].unsqueeze(0).expand(b, -1, -1, -1), v], dim=2)
            return F.scaled_dot_product_attention(q, kk, vv, attn_mask=mask, scale=self.scale)

        x = F.embedding(input_ids, self.embed)
        for i in range(self.L):
            x = self._block(i, x, cos, sin, attend)
        return self._logits(x[:, -1])

    # -- one decode step -----------------------------------------------------------------
    def _decode(self, b: int, length: int) -> torch.Tensor:
        """Feed `self.tok[:b]` at own position `self.cur`; attend over `length` cached slots."""
        p = self.shared_len
        pos = (self.cur + p).view(1)
        cos = self.cos.index_select(0, pos).view(1, 1, 1, 1, -1)
        sin = self.sin.index_select(0, pos).view(1, 1, 1, 1, -1)
        valid = torch.arange(length, device=self.device) <= self.cur  # (length,)
        bias = torch.zeros(length, device=self.device, dtype=torch.float32).masked_fill(~valid, float("-inf"))
        mask = bias.to(self.dtype).view(1, 1, 1, length)

        def attend(i, q, k, v):
            kc, vc = self.k[i, :b], self.v[i, :b]
            kc.index_copy_(2, self.cur.view(1), k)
            vc.index_copy_(2, self.cur.view(1), v)
            if not p:  # one fused attention kernel over the bucket, padding masked out
                return F.scaled_dot_product_attention(q, kc[:, :, :length], vc[:, :, :length], attn_mask=mask,
                                                      scale=self.scale)
            s_own = torch.matmul(q, kc[:, :, :length].transpose(-1, -2)).float() * self.scale + bias
            # Shared prefix: one (H, B, D) @ (H, D, P) product reads its K/V once for the batch.
            qh = q.squeeze(2).transpose(0, 1)  # (H, B, D)
            s_sh = torch.bmm(qh, self.sk[i].transpose(-1, -2)).float() * self.scale  # (H, B, P)
            s_sh = s_sh.transpose(0, 1).unsqueeze(2)  # (B, H, 1, P)
            w = torch.softmax(torch.cat([s_sh, s_own], dim=-1), dim=-1).to(self.dtype)
            w_sh, w_own = w[..., :p], w[..., p:]
            o_sh = torch.bmm(w_sh.squeeze(2).transpose(0, 1), self.sv[i]).transpose(0, 1).unsqueeze(2)
            return o_sh + torch.matmul(w_own, vc[:, :, :length])

        x = F.embedding(self.tok[:b].view(b, 1), self.embed)
        for i in range(self.L):
            x = self._block(i, x, cos, sin, attend)
        return self._logits(x[:, 0])

    # -- one decode step through the Triton kernels --------------------------------------
    def _lin(self, x: torch.Tensor, lin: Any, ln: Any = None, act: Any = None, res: tuple = ()) -> torch.Tensor:
        """res… + act(lin(LN(x))): one fused GEMV kernel at batch 1, torch ops (cuBLAS) above it."""
        if x.shape[0] == 1 and self.gemv_ok:
            lnp = (ln.weight, ln.bias, ln.eps) if ln is not None else None
            return self.kern.gemv(x, lin.weight, lin.bias, lnp, act is not None, res)
        h = F.layer_norm(x, ln.normalized_shape, ln.weight, ln.bias, ln.eps) if ln is not None else x
        y = F.linear(h, lin.weight, lin.bias)
        if act is not None:
            y = act(y)
        for r in res:
            y = y + r
        return y

    def _decode_kernels(self, b: int, length: int) -> torch.Tensor:
        """Like `_decode`, but the position comes from `self.cur` inside the kernels (`length` unused)."""
        kern, p = self.kern, self.shared_len
        x = F.embedding(self.tok[:b], self.embed)  # (b, hidden)
        for i in range(self.L):
            layer = self.layers[i]
            att, mlp = layer.attention, layer.mlp
            kc, vc = self.k[i, :b], self.v[i, :b]
            qkv = self._lin(x, att.query_key_value, ln=layer.input_layernorm)
            q = kern.rope_cache(qkv, self.cos, self.sin, self.cur, p, kc, vc, self.H, self.rot)
            o = kern.decode_attention(q, kc, vc, self.cur, self.scale, self.sk[i] if p else None,
                                      self.sv[i] if p else None)
            if self.parallel:  # x + attn(ln1(x)) + mlp(ln2(x)), summed as transformers does: (m + a) + x
                a = self._lin(o, att.dense)
                h = self._lin(x, mlp.dense_h_to_4h, ln=layer.post_attention_layernorm, act=mlp.act)
                x = self._lin(h, mlp.dense_4h_to_h, res=(a, x))
            else:
                a = self._lin(o, att.dense, res=(x,))
                h = self._lin(a, mlp.dense_h_to_4h, ln=layer.post_attention_layernorm, act=mlp.act)
                x = self._lin(h, mlp.dense_4h_to_h, res=(a,))
        ln = self.final_ln
        if b == 1 and self.gemv_ok:
            return self.kern.gemv(x, self.out_w, None, (ln.weight, ln.bias, ln.eps))
        return self._logits(x)

    def _step(self, b: int, length: int) -> None:
        nxt = self._decode_fn(b, length).argmax(-1)
        self.out[:, :b].index_copy_(0, self.cur.view(1) + 1, nxt.view(1, b))
        self.tok[:b].copy_(nxt)
        self.cur.add_(1)

    def _bucket(self, cur: int) -> int:
        if self.compiled or self.kern is not None:  # one graph for every position
            return self.max_len
        return min(self.max_len, int(math.ceil((cur + 1) / BUCKET) * BUCKET))

    @torch.inference_mode()
    def capture(self, b: int, lengths: list[int]) -> None:
        """Capture the decode step for batch `b` at each cache length (CUDA only)."""
        if not self.use_graphs:
            return
        saved = (self.tok.clone(), self.cur.clone(), self.out.clone())
        self.cur.zero_()  # warm-up steps below must index inside the buffers
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):
            for length in lengths:
                if (b, length) in self.graphs:
                    continue
                for _ in range(2):  # warm-up outside the graph (cuBLAS handles, allocator)
                    self._step(b, length)
                self.cur.zero_()
                g = torch.cuda.CUDAGraph()
                if self._pool is None:
                    self._pool = torch.cuda.graph_pool_handle()
                # One memory pool for all buckets: the graphs never run concurrently.
                with torch.cuda.graph(g, pool=self._pool, stream=stream):
                    self._step(b, length)
                self.graphs[(b, length)] = g
        torch.cuda.current_stream().wait_stream(stream)
        self.tok.copy_(saved[0])
        self.cur.copy_(saved[1])
        self.out.copy_(saved[2])

    @torch.inference_mode()
    def generate(self, input_ids: torch.Tensor, max_new_tokens: int, prefill_chunk: int | None = None) -> torch.Tensor:
        """Greedy continuation (B, max_new_tokens) of own prompts `input_ids` (B, T), equal lengths.

        `prefill_chunk` bounds the activation memory of the prompt pass (rows per chunk)."""
        b, t = input_ids.shape
        if t + max_new_tokens > self.max_len or b > self.max_batch:
            raise ValueError(f"batch {b} x {t}+{max_new_tokens} tokens exceeds the cache {self.max_batch}x{self.max_len}")
        if self.use_graphs:
            self.capture(b, sorted({self._bucket(c) for c in range(t, t + max_new_tokens - 1)}))
        chunk = prefill_chunk or b
        first = torch.cat(
            [self.prefill(input_ids[r : r + chunk], batch_offset=r).argmax(-1) for r in range(0, b, chunk)]
        )
        self.tok[:b].copy_(first)
        self.out[t, :b].copy_(first)
        self.cur.fill_(t)
        for c in range(t, t + max_new_tokens - 1):
            length = self._bucket(c)
            if self.use_graphs:
                self.graphs[(b, length)].replay()
            else:
                self._step(b, length)
        return self.out[t : t + max_new_tokens, :b].transpose(0, 1).clone()


    @torch.inference_mode()
    def forced_logits(self, input_ids: torch.Tensor, forced: torch.Tensor) -> torch.Tensor:
        """Logits (n, V) in fp32 for prompt (1, T) followed by the given tokens (n,), step by step (checks)."""
        t = input_ids.shape[1]
        out = [self.prefill(input_ids)[0].float()]
        self.cur.fill_(t)
        for j in range(forced.numel() - 1):
            self.tok[:1].copy_(forced[j].view(1))
            out.append(self._decode_fn(1, self._bucket(t + j))[0].float())
            self.cur.add_(1)
        return torch.stack(out)


def greedy_generate(decoder: NeoXFastDecoder, input_ids: torch.Tensor, max_new_tokens: int, eos_id: int | None) -> list[int]:
    """Batch-1 greedy tokens, cut after the first EOS (the graph runs the full length)."""
    room = decoder.max_len - input_ids.shape[1]
    tokens = decoder.generate(input_ids, max(1, min(max_new_tokens, room)))[0].tolist()
    if eos_id is not None and eos_id in tokens:
        tokens = tokens[: tokens.index(eos_id)]
    return tokens
