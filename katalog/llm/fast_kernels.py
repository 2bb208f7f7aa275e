"""Triton kernels for the GPT-NeoX decode step (`fast_decode.py`), used when Triton is importable.

Three kernels replace ~18 small launches per layer with 4–6:

- `gemv`: batch-1 matrix-vector product that also does the layer norm before it (each program
  re-reads the 4096-wide input from L2, which is cheap next to the weights), the bias, the GELU and
  up to two residual adds after it. Rounding to the model dtype after each step mirrors what the
  separate transformers ops do, so only the summation order differs.
- `rope_cache`: rotary embedding of q and k at the current position and the K/V cache write.
- `decode_attention`: one query token per sequence against an optional shared prefix and the
  sequence's own cache up to the current position, read from a device scalar, so one CUDA graph
  serves every position (no length buckets, no mask). The cache may be bf16 or float8 (e4m3).

Depends on torch and triton only, so the GPU benchmark can load it by path. With
`TRITON_INTERPRET=1` the kernels run on CPU tensors (tests).
"""

from __future__ import annotations

import os

import torch
import triton
import triton.language as tl

INTERPRET = os.environ.get("TRITON_INTERPRET") == "1"
FP8_MAX = 448.0  # float8_e4m3fn; values are clamped (scale 1, like vLLM's default fp8 KV cache)

_GEMV_CONFIGS = [
    triton.Config({"BLOCK_N": 4, "BLOCK_K": 1024}, num_warps=4, num_stages=3),
    triton.Config({"BLOCK_N": 8, "BLOCK_K": 512}, num_warps=4, num_stages=3),
    triton.Config({"BLOCK_N": 8, "BLOCK_K": 1024}, num_warps=8, num_stages=2),
    triton.Config({"BLOCK_N": 16, "BLOCK_K": 256}, num_warps=4, num_stages=4),
    triton.Config({"BLOCK_N": 16, "BLOCK_K": 512}, num_warps=8, num_stages=3),
    triton.Config({"BLOCK_N": 2, "BLOCK_K": 2048}, num_warps=8, num_stages=2),
    # short rows (K = 4096, N = 4096): more, smaller programs keep more loads in flight
    triton.Config({"BLOCK_N": 2, "BLOCK_K": 1024}, num_warps=4, num_stages=3),
    triton.Config({"BLOCK_N": 4, "BLOCK_K": 256}, num_warps=2, num_stages=4),
]


@triton.jit
def _rnd(x, dt: tl.constexpr):
    """Round fp32 to the model dtype and back (what a separate bf16 op would store)."""
    return x.to(dt).to(tl.float32)


@triton.jit
def _gemv_kernel(
    x_ptr, w_ptr, y_ptr, b_ptr, lnw_ptr, lnb_ptr, r1_ptr, r2_ptr, N, K, eps,
    HAS_BIAS: tl.constexpr, HAS_LN: tl.constexpr, GELU: tl.constexpr, N_RES: tl.constexpr,
    BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
):
    dt = y_ptr.dtype.element_ty
    rn = tl.program_id(0) * BLOCK_N + tl.arange(0, BLOCK_N)
    nmask = rn < N
    mean = 0.0
    rstd = 1.0
    if HAS_LN:
        s1 = tl.zeros((BLOCK_K,), tl.float32)
        for k0 in range(0, K, BLOCK_K):
            rk = k0 + tl.arange(0, BLOCK_K)
            s1 += tl.load(x_ptr + rk, mask=rk < K, other=0.0).to(tl.float32)
        mean = tl.sum(s1, 0) / K
        s2 = tl.zeros((BLOCK_K,), tl.float32)
        for k0 in range(0, K, BLOCK_K):
            rk = k0 + tl.arange(0, BLOCK_K)
            xv = tl.load(x_ptr + rk, mask=rk < K, other=0.0).to(tl.float32)
            xc = tl.where(rk < K, xv - mean, 0.0)
            s2 += xc * xc
        rstd = 1.0 / tl.sqrt(tl.sum(s2, 0) / K + eps)
    acc = tl.zeros((BLOCK_N, BLOCK_K), tl.float32)
    for k0 in range(0, K, BLOCK_K):
        rk = k0 + tl.arange(0, BLOCK_K)
        kmask = rk < K
        xv = tl.load(x_ptr + rk, mask=kmask, other=0.0).to(tl.float32)
        if HAS_LN:
            g = tl.load(lnw_ptr + rk, mask=kmask, other=0.0).to(tl.float32)
            bb = tl.load(lnb_ptr + rk, mask=kmask, other=0.0).to(tl.float32)
            xv = _rnd((xv - mean) * rstd * g + bb, dt)
        w = tl.load(w_ptr + rn[:, None] * K + rk[None, :], mask=nmask[:, None] & kmask[None, :], other=0.0)
        acc += w.to(tl.float32) * xv[None, :]
    y = _rnd(tl.sum(acc, 1), dt)
    if HAS_BIAS:
        y = _rnd(y + tl.load(b_ptr + rn, mask=nmask, other=0.0).to(tl.float32), dt)
    if GELU:  # exact (erf) GELU, as transformers' "gelu"
        y = _rnd(0.5 * y * (1.0 + tl.math.erf(y * 0.7071067811865476)), dt)
    if N_RES >= 1:
        y = _rnd(y + tl.load(r1_ptr + rn, mask=nmask, other=0.0).to(tl.float32), dt)
    if N_RES >= 2:
        y = _rnd(y + tl.load(r2_ptr + rn, mask=nmask, other=0.0).to(tl.float32), dt)
    tl.store(y_ptr + rn, y.to(dt), mask=nmask)


_gemv_tuned = triton.autotune(configs=_GEMV_CONFIGS, key=["N", "K", "HAS_BIAS", "HAS_LN", "GELU", "N_RES"])(
    _gemv_kernel
)


def gemv(
    x: torch.Tensor,
    w: torch.Tensor,
    bias: torch.Tensor | None = None,
    ln: tuple[torch.Tensor, torch.Tensor, float] | None = None,
    gelu: bool = False,
    res: tuple[torch.Tensor, ...] = (),
) -> torch.Tensor:
    """y = res… + act(LN?(x) @ w.T + bias) for one row x (1, K); w (N, K) row-major."""
    n, k = w.shape
    assert x.numel() == k and w.is_contiguous() and len(res) <= 2
    y = torch.empty(1, n, device=x.device, dtype=x.dtype)
    lnw, lnb, eps = ln if ln is not None else (x, x, 0.0)
    r1 = res[0] if res else x
    r2 = res[1] if len(res) > 1 else x
    args = (x, w, y, bias if bias is not None else x, lnw, lnb, r1, r2, n, k, float(eps))
    flags = dict(HAS_BIAS=bias is not None, HAS_LN=ln is not None, GELU=gelu, N_RES=len(res))
    if INTERPRET:
        _gemv_kernel[(triton.cdiv(n, 64),)](*args, **flags, BLOCK_N=64, BLOCK_K=64)
    else:
        _gemv_tuned[lambda meta: (triton.cdiv(n, meta["BLOCK_N"]),)](*args, **flags)
    return y


@triton.jit
def _rope_cache_kernel(
    qkv_ptr, cos_ptr, sin_ptr, cur_ptr, q_ptr, k_ptr, v_ptr, shared_len, H,
    s_kb, s_kh, s_kt,
    D: tl.constexpr, ROT: tl.constexpr, BLOCK_D: tl.constexpr, FP8: tl.constexpr,
):
    b = tl.program_id(0)
    h = tl.program_id(1)
    dt = q_ptr.dtype.element_ty
    cur = tl.load(cur_ptr)
    pos = cur + shared_len
    d = tl.arange(0, BLOCK_D)
    dmask = d < D
    half = ROT // 2
    partner = tl.where(d < half, d + half, tl.where(d < ROT, d - half, d))
    sign = tl.where(d < half, -1.0, 1.0)
    rmask = d < ROT
    c = tl.load(cos_ptr + pos * ROT + d, mask=rmask, other=1.0).to(tl.float32)
    s = tl.load(sin_ptr + pos * ROT + d, mask=rmask, other=0.0).to(tl.float32)
    base = qkv_ptr + b * (H * 3 * D) + h * (3 * D)
    # q and k: x*cos + rotate_half(x)*sin, each product rounded like the bf16 ops in transformers
    q = tl.load(base + d, mask=dmask, other=0.0).to(tl.float32)
    qp = tl.load(base + partner, mask=dmask, other=0.0).to(tl.float32)
    q = tl.where(rmask, _rnd(_rnd(q * c, dt) + _rnd(sign * qp * s, dt), dt), q)
    tl.store(q_ptr + (b * H + h) * D + d, q.to(dt), mask=dmask)
    k = tl.load(base + D + d, mask=dmask, other=0.0).to(tl.float32)
    kp = tl.load(base + D + partner, mask=dmask, other=0.0).to(tl.float32)
    k = tl.where(rmask, _rnd(_rnd(k * c, dt) + _rnd(sign * kp * s, dt), dt), k)
    v = tl.load(base + 2 * D + d, mask=dmask, other=0.0).to(tl.float32)
    if FP8:
        k = tl.minimum(tl.maximum(k, -448.0), 448.0)
        v = tl.minimum(tl.maximum(v, -448.0), 448.0)
    off = b * s_kb + h * s_kh + cur * s_kt + d
    tl.store(k_ptr + off, k.to(k_ptr.dtype.element_ty), mask=dmask)
    tl.store(v_ptr + off, v.to(v_ptr.dtype.element_ty), mask=dmask)


def rope_cache(
    qkv: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor, cur: torch.Tensor, shared_len: int,
    kc: torch.Tensor, vc: torch.Tensor, n_heads: int, rot: int,
) -> torch.Tensor:
    """Rotate q, k of fused qkv (B, H*3*D) at position `cur`; write k, v into kc/vc (B, H, T, D). Returns q (B, H, D)."""
    b = qkv.shape[0]
    d = kc.shape[-1]
    q = torch.empty(b, n_heads, d, device=qkv.device, dtype=qkv.dtype)
    _rope_cache_kernel[(b, n_heads)](
        qkv, cos, sin, cur, q, kc, vc, shared_len, n_heads, kc.stride(0), kc.stride(1), kc.stride(2),
        D=d, ROT=rot, BLOCK_D=triton.next_power_of_2(d), FP8=kc.dtype == torch.float8_e4m3fn,
    )
    return q


@triton.jit
def _attend_rows(q, kp, vp, tmask, dmask, m_r, l_r, acc):
    """Online softmax kept per key row (no cross-warp reduction inside the loop; rows merge at the end)."""
    kk = tl.load(kp, mask=tmask[:, None] & dmask[None, :], other=0.0).to(tl.float32)
    s = tl.where(tmask, tl.sum(kk * q[None, :], 1), float("-inf"))
    m_new = tl.maximum(m_r, s)
    m_safe = tl.where(m_new == float("-inf"), 0.0, m_new)  # a row with no key yet: avoid -inf - -inf
    alpha = tl.exp(m_r - m_safe)
    p = tl.exp(s - m_safe)
    vv = tl.load(vp, mask=tmask[:, None] & dmask[None, :], other=0.0).to(tl.float32)
    return m_new, l_r * alpha + p, acc * alpha[:, None] + p[:, None] * vv


@triton.jit
def _decode_attn_kernel(
    q_ptr, k_ptr, v_ptr, sk_ptr, sv_ptr, cur_ptr, o_ptr, scale, H, P,
    s_kb, s_kh, s_kt,
    D: tl.constexpr, BLOCK_D: tl.constexpr, BLOCK_T: tl.constexpr,
):
    b = tl.program_id(0)
    h = tl.program_id(1)
    d = tl.arange(0, BLOCK_D)
    dmask = d < D
    q = tl.load(q_ptr + (b * H + h) * D + d, mask=dmask, other=0.0).to(tl.float32) * scale
    m_r = tl.full((BLOCK_T,), float("-inf"), tl.float32)
    l_r = tl.zeros((BLOCK_T,), tl.float32)
    acc = tl.zeros((BLOCK_T, BLOCK_D), tl.float32)
    for t0 in range(0, P, BLOCK_T):  # shared prefix (H, P, D), the same rows for every sequence
        t = t0 + tl.arange(0, BLOCK_T)
        off = h * P * D + t[:, None] * D + d[None, :]
        m_r, l_r, acc = _attend_rows(q, sk_ptr + off, sv_ptr + off, t < P, dmask, m_r, l_r, acc)
    n = tl.load(cur_ptr) + 1
    for t0 in range(0, n, BLOCK_T):  # own cache positions 0..cur
        t = t0 + tl.arange(0, BLOCK_T)
        off = b * s_kb + h * s_kh + t[:, None] * s_kt + d[None, :]
        m_r, l_r, acc = _attend_rows(q, k_ptr + off, v_ptr + off, t < n, dmask, m_r, l_r, acc)
    m = tl.max(m_r, 0)
    w = tl.exp(m_r - m)  # rows that never saw a key have m_r = -inf: weight 0
    o = tl.sum(acc * w[:, None], 0) / tl.sum(l_r * w, 0)
    tl.store(o_ptr + (b * H + h) * D + d, o.to(o_ptr.dtype.element_ty), mask=dmask)


def decode_attention(
    q: torch.Tensor, kc: torch.Tensor, vc: torch.Tensor, cur: torch.Tensor, scale: float,
    sk: torch.Tensor | None = None, sv: torch.Tensor | None = None,
) -> torch.Tensor:
    """softmax(q·K/√d)·V over the shared prefix sk/sv (H, P, D) and own cache kc/vc (B, H, T, D)[..., :cur+1, :].

    q (B, H, D); returns (B, H*D)."""
    b, h, d = q.shape
    o = torch.empty(b, h * d, device=q.device, dtype=q.dtype)
    p = 0 if sk is None else sk.shape[1]
    block_t = 16
    _decode_attn_kernel[(b, h)](
        q, kc, vc, sk if sk is not None else kc, sv if sv is not None else vc, cur, o, float(scale), h, p,
        kc.stride(0), kc.stride(1), kc.stride(2),
        D=d, BLOCK_D=triton.next_power_of_2(d), BLOCK_T=block_t, **({} if INTERPRET else {"num_warps": 4}),
    )
    return o
