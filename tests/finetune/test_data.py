import json

import pytest

from finetune.config import DataConfig
from finetune.data import (
    IGNORE_INDEX,
    DataStats,
    PackedCollator,
    check_manifest,
    encode_records,
    manifest_hashes,
    pack,
    prepare,
    read_records,
)
from finetune.errors import DataMismatchError
from general_tasks.prompt_format import render_prompt


def test_labels_cover_exactly_the_response_and_eos(records, tokenizer):
    rec = records[0]
    [(ids, labels)] = encode_records([rec], tokenizer, 512, DataStats())
    prompt_ids = tokenizer(render_prompt(rec.instruction, rec.input), add_special_tokens=False)["input_ids"]
    n = len(prompt_ids)
    assert ids[:n] == prompt_ids  # the prompt is the same text inference renders
    assert labels[:n] == [IGNORE_INDEX] * n
    answer = labels[n:]
    assert IGNORE_INDEX not in answer and answer == ids[n:]
    assert answer[-1] == tokenizer.eos_token_id
    assert tokenizer.decode(answer[:-1]) == rec.output


def test_truncation_and_skips_are_counted_not_silent(records, tokenizer):
    stats = DataStats()
    long_prompt = records[0].model_copy(update={"input": "교차로 " * 400})
    short_room = records[1].model_copy(update={"output": "긴 답변 " * 200})
    out = encode_records([long_prompt, short_room, records[2]], tokenizer, 96, stats)
    assert (stats.skipped_too_long, stats.truncated, len(out)) == (1, 1, 2)
    assert all(len(ids) <= 96 for ids, _ in out)


def test_packing_restarts_positions_and_respects_seq_len(records, tokenizer):
    ex = encode_records(records, tokenizer, 128, DataStats())
    rows = pack(ex, 128, packing=True, seed=3)
    assert sum(len(r[0]) for r in rows) == sum(len(e[0]) for e in ex)  # nothing lost
    assert len(rows) < len(ex)  # actually packed
    for ids, labels, pos in rows:
        assert len(ids) == len(labels) == len(pos) <= 128
        starts = [i for i, p in enumerate(pos) if p == 0]
        assert starts[0] == 0
        for s in starts:  # every record starts with a masked prompt token
            assert labels[s] == IGNORE_INDEX
    unpacked = pack(ex, 128, packing=False, seed=3)
    assert len(unpacked) == len(ex)


def test_collator_pads_as_an_isolated_segment():
    batch = PackedCollator(pad_token_id=1)([
        {"input_ids": [5, 6, 7], "labels": [-100, 6, 7], "position_ids": [0, 1, 2]},
        {"input_ids": [8], "labels": [-100], "position_ids": [0]},
    ])
    assert "attention_mask" not in batch  # the block mask comes from position ids
    assert batch["input_ids"][1].tolist() == [8, 1, 1]
    assert batch["labels"][1].tolist() == [-100, -100, -100]
    assert batch["position_ids"][1].tolist() == [0, 0, 1]


def test_prepare_is_deterministic_and_cached(records, tokenizer, tmp_path):
    cfg = DataConfig(seq_len=128, cache_dir=str(tmp_path))
    a, sa = prepare(records, tokenizer, cfg, seed=1, split="train")
    b, sb = prepare(records, tokenizer, cfg, seed=1, split="train")
    assert not sa.cache_hit and sb.cache_hit and sa.cache_key == sb.cache_key
    assert [a[i] for i in range(len(a))] == [b[i] for i in range(len(b))]
    cfg2 = DataConfig(seq_len=96, cache_dir=str(tmp_path))
    _, sc = prepare(records, tokenizer, cfg2, seed=1, split="train")
    assert not sc.cache_hit and sc.cache_key != sa.cache_key  # settings are part of the key
    _, sd = prepare(records[:-1], tokenizer, cfg, seed=1, split="train")
    assert not sd.cache_hit  # so is the data


def test_manifest_hash_mismatch_is_refused(mixture):
    check_manifest(mixture["manifest"], [mixture["train"], mixture["validation"]])
    with mixture["train"].open("a", encoding="utf-8") as f:
        f.write(mixture["train"].read_text(encoding="utf-8").splitlines()[0] + "\n")
    with pytest.raises(DataMismatchError, match="does not match manifest"):
        check_manifest(mixture["manifest"], [mixture["train"]])


def test_manifest_shapes():
    sha = "a" * 64
    assert manifest_hashes({"files": [{"path": "out/train.jsonl", "sha256": sha}]}) == {"train.jsonl": sha}
    assert manifest_hashes({"splits": {"validation": {"file": "validation.jsonl", "sha256": sha}}}) == {
        "validation.jsonl": sha
    }
    assert manifest_hashes({"train.jsonl": sha}) == {"train.jsonl": sha}


def test_bad_record_line_names_the_line(tmp_path, records):
    p = tmp_path / "x.jsonl"
    p.write_text(records[0].model_dump_json() + "\n" + json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(DataMismatchError, match=r"x.jsonl:2"):
        read_records(p)
