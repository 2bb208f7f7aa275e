"""The static-cache decoder matches transformers' GPT-NeoX numerically (CPU, eager steps)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def model(tiny_model_dir):
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(tiny_model_dir, dtype=torch.float32).eval()


def _hf_greedy(model, ids, n):
    with torch.inference_mode():
        out = model.generate(ids, max_new_tokens=n, min_new_tokens=n, do_sample=False, pad_token_id=0)
    return out[:, ids.shape[1]:]


def test_prefill_and_steps_match_hf(model):
    from katalog.llm.fast_decode import NeoXFastDecoder

    torch.manual_seed(0)
    ids = torch.randint(5, model.config.vocab_size, (2, 7))
    dec = NeoXFastDecoder(model, max_batch=2, max_len=40)
    with torch.inference_mode():
        ref = model(ids).logits[:, -1]
        got = dec.prefill(ids)
    assert torch.allclose(ref, got, atol=1e-4), (ref - got).abs().max()
    dec2 = NeoXFastDecoder(model, max_batch=2, max_len=40)
    assert torch.equal(dec2.generate(ids, 12), _hf_greedy(model, ids, 12))


def test_shared_prefix_matches_full_prompt(model):
    from katalog.llm.fast_decode import NeoXFastDecoder

    torch.manual_seed(1)
    prefix = torch.randint(5, model.config.vocab_size, (1, 5))
    own = torch.randint(5, model.config.vocab_size, (3, 6))
    full = torch.cat([prefix.expand(3, -1), own], dim=1)
    dec = NeoXFastDecoder(model, max_batch=3, max_len=30, shared_len=5)
    dec.prefill_shared(prefix)
    with torch.inference_mode():
        assert torch.allclose(model(full).logits[:, -1], dec.prefill(own), atol=1e-4)
    dec.prefill_shared(prefix)
    assert torch.equal(dec.generate(own, 10), _hf_greedy(model, full, 10))


def test_local_backend_fast_path_matches_generate(tiny_model_dir):
    """The fast path is CUDA-only by default; forced on CPU it must give the same text."""
    from katalog.llm.fast_decode import NeoXFastDecoder
    from katalog.llm.local_hf import LocalHFBackend

    plain = LocalHFBackend(tiny_model_dir, device="cpu")
    fast = LocalHFBackend(tiny_model_dir, device="cpu", fast_decode=True)
    fast.load()
    assert fast._fast_decoder() is None  # not CUDA: stays on generate
    fast._fast = NeoXFastDecoder(fast._model, max_batch=1, max_len=128)  # force it for the comparison
    prompt = "### 지시:\n사고를 요약하세요.\n\n### 응답:\n"
    assert fast.generate(prompt, max_tokens=20) == plain.generate(prompt, max_tokens=20)
