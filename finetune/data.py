"""The data step: instruction records → token ids with response-only labels → packed rows, cached.

Each record becomes `prompt ids + response ids + EOS` where the prompt is `render_prompt(...)` (the
same function inference uses) and labels are -100 on the prompt, so the loss only sees the answer.
With packing, records are laid end to end into rows of at most `seq_len` tokens and every record's
`position_ids` restart at 0. Batches carry no 2D attention mask: transformers then derives a
block-diagonal causal mask from the position ids (sdpa/eager/flex) or `cu_seqlens`
(flash-attention), so no token attends across a record boundary (tests/finetune/test_packing.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from finetune.config import DataConfig
from finetune.errors import DataMismatchError
from general_tasks.prompt_format import render_example
from general_tasks.records import InstructionRecord

IGNORE_INDEX = -100
CACHE_FORMAT = 2  # bump when the encoding or packing changes, so old caches are not reused


@dataclass
class DataStats:
    records: int = 0
    encoded: int = 0
    truncated: int = 0
    skipped_too_long: int = 0
    rows: int = 0
    tokens: int = 0
    response_tokens: int = 0
    fill_ratio: float = 0.0
    cache_key: str = ""
    cache_hit: bool = False
    notes: list[str] = field(default_factory=list)


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_records(path: str | Path, limit: int | None = None) -> list[InstructionRecord]:
    """Read an InstructionRecord JSONL file; a bad line is an error naming the line, never skipped."""
    p = Path(path)
    if not p.is_file():
        raise DataMismatchError(f"데이터 파일이 없습니다: {p}", f"data file not found: {p}")
    out: list[InstructionRecord] = []
    with p.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                out.append(InstructionRecord.model_validate_json(line))
            except ValueError as exc:
                first = str(exc).splitlines()[0]
                raise DataMismatchError(
                    f"잘못된 레코드: {p}:{lineno}", f"invalid instruction record at {p}:{lineno}: {first}"
                ) from None
            if limit is not None and len(out) >= limit:
                break
    if not out:
        raise DataMismatchError(f"레코드가 없습니다: {p}", f"no records in {p}")
    return out


_SPLIT_KEYS = {"train", "validation", "valid", "dev", "test", "eval"}


def manifest_hashes(manifest: dict[str, Any]) -> dict[str, str]:
    """File name → sha256 for every entry of a mixture manifest that records one.

    Accepts the shapes a builder may reasonably write: `{"files": {"train.jsonl": {"sha256": ..}}}`,
    `{"files": [{"path": "train.jsonl", "sha256": ..}]}`, `{"splits": {"train": {"file": .., "sha256": ..}}}`
    or `{"train.jsonl": "<sha256>"}` — matched by base name.
    """
    found: dict[str, str] = {}

    def visit(node: Any, key: str | None) -> None:
        if isinstance(node, dict):
            sha = node.get("sha256")
            if isinstance(sha, str):
                name = node.get("path") or node.get("file") or node.get("name") or key
                if isinstance(name, str):
                    found[Path(name).name] = sha
                    # a split key ("train") also names "<split>.jsonl"
                    if key in _SPLIT_KEYS:
                        found.setdefault(f"{key}.jsonl", sha)
            for k, v in node.items():
                if isinstance(v, str) and len(v) == 64 and k.endswith(".jsonl"):
                    found[Path(k).name] = v
                else:
                    visit(v, k)
        elif isinstance(node, list):
            for item in node:
                visit(item, key)

    visit(manifest, None)
    return found


def check_manifest(manifest_path: str | Path, files: list[str | Path]) -> dict[str, str]:
    """Verify each data file's sha256 against the manifest; returns name → hash."""
    mp = Path(manifest_path)
    if not mp.is_file():
        raise DataMismatchError(f"매니페스트가 없습니다: {mp}", f"manifest not found: {mp}")
    try:
        manifest = json.loads(mp.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataMismatchError(f"매니페스트 JSON 오류: {mp}", f"invalid manifest JSON {mp}: {exc}") from None
    expected = manifest_hashes(manifest)
    actual: dict[str, str] = {}
    for f in files:
        fp = Path(f)
        if not fp.is_file():
            raise DataMismatchError(f"데이터 파일이 없습니다: {fp}", f"data file not found: {fp}")
        digest = file_sha256(fp)
        actual[fp.name] = digest
        want = expected.get(fp.name)
        if want is None:
            raise DataMismatchError(
                f"매니페스트에 {fp.name}의 해시가 없습니다", f"manifest {mp} has no sha256 for {fp.name}"
            )
        if want != digest:
            raise DataMismatchError(
                f"데이터 해시가 매니페스트와 다릅니다: {fp.name}",
                f"sha256 of {fp} ({digest[:12]}…) does not match manifest {mp} ({want[:12]}…); "
                "rebuild the mixture or fix the config",
            )
    return actual


def tokenizer_fingerprint(tokenizer: Any) -> str:
    """A hash that changes whenever tokenisation could change."""
    h = hashlib.sha256()
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is not None:
        h.update(backend.to_str().encode())
    else:  # slow tokenizer: the vocabulary is the best proxy we have
        h.update(json.dumps(sorted(tokenizer.get_vocab().items())).encode())
    h.update(f"{type(tokenizer).__name__}|{tokenizer.eos_token_id}|{len(tokenizer)}".encode())
    return h.hexdigest()


def records_fingerprint(records: list[InstructionRecord]) -> str:
    h = hashlib.sha256()
    for r in records:
        h.update(r.model_dump_json().encode())
        h.update(b"\n")
    return h.hexdigest()


def encode_records(
    records: list[InstructionRecord], tokenizer: Any, seq_len: int, stats: DataStats
) -> list[tuple[list[int], list[int]]]:
    """(input_ids, labels) per record; prompts are masked with -100, EOS closes each response."""
    eos = tokenizer.eos_token_id
    if eos is None:
        raise DataMismatchError("토크나이저에 EOS 토큰이 없습니다", "the tokenizer has no EOS token")
    pairs = [render_example(r.instruction, r.input, r.output) for r in records]
    out: list[tuple[list[int], list[int]]] = []
    batch = 1000
    for start in range(0, len(pairs), batch):
        chunk = pairs[start : start + batch]
        p_ids = tokenizer([p for p, _ in chunk], add_special_tokens=False)["input_ids"]
        r_ids = tokenizer([r for _, r in chunk], add_special_tokens=False)["input_ids"]
        for prompt, response in zip(p_ids, r_ids, strict=True):
            response = list(response) + [eos]
            if len(prompt) >= seq_len:  # no room for a single answer token
                stats.skipped_too_long += 1
                continue
            room = seq_len - len(prompt)
            if len(response) > room:
                stats.truncated += 1
                response = response[:room]
            out.append((list(prompt) + response, [IGNORE_INDEX] * len(prompt) + response))
    stats.records += len(records)
    stats.encoded += len(out)
    return out


def pack(
    examples: list[tuple[list[int], list[int]]], seq_len: int, packing: bool, seed: int
) -> list[tuple[list[int], list[int], list[int]]]:
    """Rows of (input_ids, labels, position_ids); shuffled deterministically, then next-fit packed."""
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    rows: list[tuple[list[int], list[int], list[int]]] = []
    cur_ids: list[int] = []
    cur_labels: list[int] = []
    cur_pos: list[int] = []
    for i in order:
        ids, labels = examples[i]
        if not packing:
            rows.append((ids, labels, list(range(len(ids)))))
            continue
        if cur_ids and len(cur_ids) + len(ids) > seq_len:
            rows.append((cur_ids, cur_labels, cur_pos))
            cur_ids, cur_labels, cur_pos = [], [], []
        cur_ids += ids
        cur_labels += labels
        cur_pos += range(len(ids))  # restart per record: this is what isolates records in attention
    if cur_ids:
        rows.append((cur_ids, cur_labels, cur_pos))
    return rows


class PackedDataset:
    """Rows stored as three flat int32 arrays plus offsets (a torch-style map dataset)."""

    def __init__(self, ids: np.ndarray, labels: np.ndarray, pos: np.ndarray, offsets: np.ndarray) -> None:
        self.ids, self.labels, self.pos, self.offsets = ids, labels, pos, offsets

    @classmethod
    def from_rows(cls, rows: list[tuple[list[int], list[int], list[int]]]) -> PackedDataset:
        lengths = np.array([len(r[0]) for r in rows], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)

        def flat(k: int) -> np.ndarray:
            return np.fromiter((t for r in rows for t in r[k]), dtype=np.int32, count=int(offsets[-1]))

        return cls(flat(0), flat(1), flat(2), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> dict[str, list[int]]:
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        return {
            "input_ids": self.ids[a:b].tolist(),
            "labels": self.labels[a:b].tolist(),
            "position_ids": self.pos[a:b].tolist(),
        }

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(f".tmp{os.getpid()}.npz")
        np.savez(tmp, ids=self.ids, labels=self.labels, pos=self.pos, offsets=self.offsets)
        os.replace(tmp, path)  # atomic: a half-written cache is never read

    @classmethod
    def load(cls, path: Path) -> PackedDataset:
        z = np.load(path)
        return cls(z["ids"], z["labels"], z["pos"], z["offsets"])


def prepare(
    records: list[InstructionRecord],
    tokenizer: Any,
    cfg: DataConfig,
    *,
    seed: int,
    split: str,
    data_hash: str | None = None,
) -> tuple[PackedDataset, DataStats]:
    """Encode and pack `records`, reusing the cache when data, tokenizer and settings are unchanged."""
    key_src = {
        "format": CACHE_FORMAT,
        "split": split,
        "data": data_hash or records_fingerprint(records),
        "records": len(records),
        "tokenizer": tokenizer_fingerprint(tokenizer),
        "seq_len": cfg.seq_len,
        "packing": cfg.packing,
        "seed": seed,
    }
    key = hashlib.sha256(json.dumps(key_src, sort_keys=True).encode()).hexdigest()[:24]
    cache_dir = Path(cfg.cache_dir)
    npz, meta = cache_dir / f"{split}-{key}.npz", cache_dir / f"{split}-{key}.json"
    if npz.is_file() and meta.is_file():
        stats = DataStats(**json.loads(meta.read_text(encoding="utf-8")))
        stats.cache_hit = True
        return PackedDataset.load(npz), stats

    stats = DataStats(cache_key=key)
    examples = encode_records(records, tokenizer, cfg.seq_len, stats)
    if not examples:
        raise DataMismatchError(
            f"seq_len {cfg.seq_len} 안에 들어가는 레코드가 없습니다 ({split})",
            f"no {split} record fits in seq_len {cfg.seq_len}",
        )
    rows = pack(examples, cfg.seq_len, cfg.packing, seed)
    ds = PackedDataset.from_rows(rows)
    stats.rows = len(ds)
    stats.tokens = int(len(ds.ids))
    stats.response_tokens = int((ds.labels != IGNORE_INDEX).sum())
    stats.fill_ratio = round(stats.tokens / (stats.rows * cfg.seq_len), 4)
    if stats.truncated:
        stats.notes.append(f"{stats.truncated} responses truncated to seq_len {cfg.seq_len}")
    if stats.skipped_too_long:
        stats.notes.append(f"{stats.skipped_too_long} records skipped: prompt alone ≥ seq_len {cfg.seq_len}")
    cache_dir.mkdir(parents=True, exist_ok=True)
    ds.save(npz)
    meta.write_text(json.dumps(asdict(stats), ensure_ascii=False, indent=1), encoding="utf-8")
    return ds, stats


class PackedCollator:
    """Pads a batch of rows to its longest row. Padding forms its own 'record' (positions restart)
    with labels -100, so it neither attends to nor is attended by real tokens; no attention_mask
    is returned on purpose (see the module docstring)."""

    def __init__(self, pad_token_id: int) -> None:
        self.pad = pad_token_id

    def __call__(self, batch: list[dict[str, list[int]]]) -> dict[str, Any]:
        import torch

        width = max(len(b["input_ids"]) for b in batch)
        ids, labels, pos = [], [], []
        for b in batch:
            n = width - len(b["input_ids"])
            ids.append(b["input_ids"] + [self.pad] * n)
            labels.append(b["labels"] + [IGNORE_INDEX] * n)
            pos.append(b["position_ids"] + list(range(n)))
        return {
            "input_ids": torch.tensor(ids, dtype=torch.long),
            "labels": torch.tensor(labels, dtype=torch.long),
            "position_ids": torch.tensor(pos, dtype=torch.long),
        }
