"""The Triton decode kernels, run on CPU by Triton's interpreter (skipped where triton is not installed)."""

from __future__ import annotations

import os

import pytest

torch = pytest.importorskip("torch")
# Triton reads this when it is imported and when a kernel is defined: set it before either (CPU hosts only,
# so a GPU test session keeps compiled kernels).
if not torch.cuda.is_available():
    os.environ["TRITON_INTERPRET"] = "1"
pytest.importorskip("triton")


def _interpreter_works() -> bool:
    """Triton 3.6's interpreter calls int() on 1-element arrays, which numpy >= 2.3 refuses: skip there."""
    import numpy as np

    return np.lib.NumpyVersion(np.__version__) < "2.3.0"


pytestmark = [
    pytest.mark.skipif(torch.cuda.is_available(), reason="interpreter check is for CPU-only hosts"),
    pytest.mark.skipif(not _interpreter_works(), reason="triton interpreter unusable with this numpy"),
]


@pytest.fixture(scope="module")
def kern():
    from katalog.llm import fast_decode

    mod = fast_decode.load_kernels()
    assert mod is not None and mod.INTERPRET
    return mod


@pytest.fixture(scope="module")
def model(tiny_model_dir):
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(tiny_model_dir, dtype=torch.float32).eval()


def _hf_greedy(model, ids, n):
    with torch.inference_mode():
        out = model.generate(ids, max_new_tokens=n, min_new_tokens=n, do_sample=False, pad_token_id=0)
    return out[:, ids.shape[1]:]


def test_gemv_fused_epilogue_matches_torch(kern):
    torch.manual_seed(0)
    n, k = 37, 70  # not multiples of any block size
    x, w, b = torch.randn(1, k), torch.randn(n, k) / 8, torch.randn(n)
    g, beta = torch.randn(k), torch.randn(k)
    r1, r2 = torch.randn(1, n), torch.randn(1, n)
    ref = torch.nn.functional.gelu(torch.nn.functional.linear(torch.nn.functional.layer_norm(x, (k,), g, beta, 1e-5), w, b))
    got = kern.gemv(x, w, b, (g, beta, 1e-5), True, (r1, r2))
    assert torch.allclose(got, ref + r1 + r2, atol=1e-4)
    assert torch.allclose(kern.gemv(x, w), x @ w.T, atol=1e-4)


def test_attention_kernel_matches_sdpa(kern):
    torch.manual_seed(1)
    b, h, t, d, p, cur = 2, 3, 40, 8, 5, 20
    q, kc, vc = torch.randn(b, h, d), torch.randn(b, h, t, d), torch.randn(b, h, t, d)
    sk, sv = torch.randn(h, p, d), torch.randn(h, p, d)
    got = kern.decode_attention(q, kc, vc, torch.tensor(cur), 0.3, sk, sv)
    kk = torch.cat([sk.expand(b, -1, -1, -1), kc[:, :, : cur + 1]], dim=2)
    vv = torch.cat([sv.expand(b, -1, -1, -1), vc[:, :, : cur + 1]], dim=2)
    ref = torch.nn.functional.scaled_dot_product_attention(q.unsqueeze(2), kk, vv, scale=0.3)
    assert torch.allclose(got, ref.reshape(b, h * d), atol=1e-5)
    # no prefix, first position: the output is the single cached value row
    only = kern.decode_attention(q, kc, vc, torch.tensor(0), 0.3)
    assert torch.allclose(only, vc[:, :, 0].reshape(b, h * d), atol=1e-6)


@pytest.mark.slow
def test_kernel_decoder_matches_hf(model):
    from katalog.llm.fast_decode import NeoXFastDecoder

    torch.manual_seed(2)
    ids = torch.randint(5, model.config.vocab_size, (1, 7))
    dec = NeoXFastDecoder(model, max_batch=2, max_len=40, kernels=True)
    assert dec.kern is not None and dec.gemv_ok
    ref = _hf_greedy(model, ids, 10)
    assert torch.equal(dec.generate(ids, 10), ref)  # batch 1: fused GEMV path
    with torch.inference_mode():
        full = model(torch.cat([ids, ref], dim=1)).logits[0, 6:-1]
    assert torch.allclose(dec.forced_logits(ids, ref[0]), full, atol=1e-4)
    ids2 = torch.randint(5, model.config.vocab_size, (2, 6))
    assert torch.equal(dec.generate(ids2, 8), _hf_greedy(model, ids2, 8))  # batch 2: torch linears


@pytest.mark.slow
def test_kernel_decoder_shared_prefix_and_fp8_cache(model):
    from katalog.llm.fast_decode import NeoXFastDecoder

    torch.manual_seed(1)  # (seed 3 makes the greedy path pick EOS, which min_new_tokens forbids in generate)
    prefix = torch.randint(5, model.config.vocab_size, (1, 5))
    own = torch.randint(5, model.config.vocab_size, (2, 6))
    full = torch.cat([prefix.expand(2, -1), own], dim=1)
    dec = NeoXFastDecoder(model, max_batch=2, max_len=30, shared_len=5, kernels=True)
    dec.prefill_shared(prefix)
    assert torch.equal(dec.generate(own, 8), _hf_greedy(model, full, 8))
    fp8 = NeoXFastDecoder(model, max_batch=1, max_len=30, kernels=True, kv_dtype=torch.float8_e4m3fn)
    ref = _hf_greedy(model, own[:1], 8)
    with torch.inference_mode():
        full_logits = model(torch.cat([own[:1], ref], dim=1)).logits[0, 5:-1]
    got = fp8.forced_logits(own[:1], ref[0])
    assert torch.isfinite(got).all()
    rel = (got - full_logits).norm() / full_logits.norm()
    assert rel < 0.1, rel  # a 3-bit-mantissa cache: close, not exact
