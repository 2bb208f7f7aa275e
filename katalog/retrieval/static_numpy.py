"""A NumPy reader for sentence-transformers `StaticEmbedding` folders.

Our default embedder is a single StaticEmbedding module (a mean of token vectors). Importing
sentence-transformers and torch to run it costs 10–25 s and ~1 GB per process on a 2-core box; this
reader gives the same vectors with `tokenizers` + `safetensors` in milliseconds. Any other model
(bge-m3, multilingual-e5 …) still loads through sentence-transformers.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np


def is_static_folder(path: Path) -> bool:
    """True when `path` is a saved model made of one StaticEmbedding module at the root."""
    modules = path / "modules.json"
    if not modules.is_file() or not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
        return False
    try:
        mods = json.loads(modules.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return len(mods) == 1 and mods[0].get("type", "").endswith("StaticEmbedding") and mods[0].get("path", "") == ""


class NumpyStaticEmbedding:
    """Drop-in for the subset of `SentenceTransformer` the encoder uses: `encode` and the dimension."""

    def __init__(self, path: str | Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = Path(path)
        weights = load_file(str(path / "model.safetensors"))
        self.weight = np.asarray(weights["embedding.weight"], dtype=np.float32)
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def get_sentence_embedding_dimension(self) -> int:
        return int(self.weight.shape[1])

    def encode(self, sentences: list[str], batch_size: int = 64, normalize_embeddings: bool = False, **_: object):
        """Mean of token vectors per sentence (EmbeddingBag 'mean'); empty input gives zeros."""
        out = np.zeros((len(sentences), self.weight.shape[1]), dtype=np.float32)
        for start in range(0, len(sentences), max(batch_size, 1)):
            encs = self.tokenizer.encode_batch(sentences[start : start + batch_size], add_special_tokens=False)
            for i, enc in enumerate(encs):
                if enc.ids:
                    out[start + i] = self.weight[enc.ids].mean(axis=0)
        if normalize_embeddings:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
        return out
