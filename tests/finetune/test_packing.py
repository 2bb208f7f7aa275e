"""Packing must never let a token attend to another record in the same row."""

import pytest
import torch

from finetune.data import DataStats, PackedCollator, encode_records, pack


@pytest.fixture(scope="module")
def models(tiny_model_dir):
    from transformers import AutoModelForCausalLM

    out = {}
    for impl in ("sdpa", "eager"):
        m = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), attn_implementation=impl)
        m.config.use_cache = False  # as in training
        m.eval()
        out[impl] = m
    return out


def _row(examples):
    rows = pack(examples, 10_000, packing=True, seed=0)
    assert len(rows) == 1
    return PackedCollator(0)([{"input_ids": r[0], "labels": r[1], "position_ids": r[2]} for r in rows])


@pytest.mark.parametrize("impl", ["sdpa", "eager"])
def test_no_attention_across_record_boundaries(models, records, tokenizer, impl):
    model = models[impl]
    a, b, c = encode_records(records[:3], tokenizer, 256, DataStats())
    # pack() shuffles; fix the order by packing single-record lists and concatenating ourselves
    def row(*exs):
        ids = sum((e[0] for e in exs), [])
        pos = sum((list(range(len(e[0]))) for e in exs), [])
        return torch.tensor([ids]), torch.tensor([pos])

    with torch.no_grad():
        ids, pos = row(a, b, c)
        base = model(input_ids=ids, position_ids=pos).logits[0]
        # 1) perturb the FIRST record: the later records' logits must not move
        a2 = ([(t + 7) % 500 + 2 for t in a[0]], a[1])
        ids2, pos2 = row(a2, b, c)
        pert = model(input_ids=ids2, position_ids=pos2).logits[0]
        la = len(a[0])
        assert not torch.allclose(base[:la], pert[:la])  # the perturbation is real
        torch.testing.assert_close(base[la:], pert[la:], rtol=1e-5, atol=1e-5)
        # 2) a packed record gives the same logits as the record alone
        lb = len(b[0])
        alone = model(input_ids=torch.tensor([b[0]])).logits[0]
        torch.testing.assert_close(base[la : la + lb], alone, rtol=1e-5, atol=1e-5)


def test_training_forward_on_a_packed_batch_is_isolated(models, records, tokenizer):
    """The exact batch the Trainer gets (collator output, labels included) behaves the same way."""
    model = models["sdpa"]
    exs = encode_records(records[:4], tokenizer, 256, DataStats())
    batch = _row(exs)
    with torch.no_grad():
        out = model(**batch)
        assert torch.isfinite(out.loss)
        pos = batch["position_ids"][0]
        first_end = int((pos[1:] == 0).nonzero()[0]) + 1
        ids2 = batch["input_ids"].clone()
        ids2[0, :first_end] = (ids2[0, :first_end] + 11) % 500 + 2
        out2 = model(input_ids=ids2, position_ids=batch["position_ids"], labels=batch["labels"])
        torch.testing.assert_close(out.logits[0, first_end:], out2.logits[0, first_end:], rtol=1e-5, atol=1e-5)
