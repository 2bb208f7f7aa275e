"""Dense scoring: a sentence-transformers encoder + a FAISS inner-product index.

The default encoder is the project's own static-embedding model in
`data/models/katalog-static-ko/` (trained by `tools/train_embedder.py`, no download). Any
sentence-transformers model id or path replaces it through `KATALOG_EMBED_MODEL`; a model that
is not on disk must already be in the local Hugging Face cache (nothing is downloaded at run time
unless `KATALOG_ALLOW_DOWNLOAD=1`).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np

from katalog.errors import DataError
from katalog.lexicon.synonyms import normalize_lay
from katalog.retrieval.analyzer import clean_text, default_analyzer, role_pairs
from katalog.retrieval.base import Component
from katalog.retrieval.corpus import CorpusDoc
from katalog.retrieval.static_numpy import NumpyStaticEmbedding, is_static_folder

EMBED_MODEL_ENV = "KATALOG_EMBED_MODEL"
DEFAULT_MODEL_NAME = "katalog-static-ko"
#: File in a model folder that tells KATALOG how to prepare text for it.
KATALOG_MODEL_FILE = "katalog_model.json"
#: Tokens of a document the morpheme model reads (see `Encoder.prepare_doc`).
DOC_TOKENS = 320


def default_model_path() -> Path:
    from katalog.paths import data_dir

    return data_dir() / "models" / DEFAULT_MODEL_NAME


def resolve_model_name(name: str | None = None) -> str:
    """Model id/path: the argument, else `$KATALOG_EMBED_MODEL`, else the shipped model."""
    return name or os.environ.get(EMBED_MODEL_ENV) or str(default_model_path())


class Encoder:
    """Text → L2-normalised float32 vectors, with the preprocessing the model expects.

    `preprocess` is "morphemes" (kiwi content morphemes plus role pairs such as "녹색~직진",
    joined by spaces: the project model)
    or "lay" (lay normalisation only: pretrained models). Prefixes serve e5-style models.
    """

    def __init__(self, name: str | None = None, device: str = "cpu") -> None:
        self.name = resolve_model_name(name)
        self.device = device
        self._model = None
        self._lock = threading.Lock()
        meta: dict = {}
        path = Path(self.name)
        if (path / KATALOG_MODEL_FILE).exists():
            meta = json.loads((path / KATALOG_MODEL_FILE).read_text(encoding="utf-8"))
        low = self.name.lower()
        self.preprocess: str = meta.get("preprocess", "lay")
        self.query_prefix: str = meta.get("query_prefix", "query: " if "e5" in low else "")
        self.doc_prefix: str = meta.get("doc_prefix", "passage: " if "e5" in low else "")

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self):
        path = Path(self.name)
        if os.environ.get("KATALOG_EMBED_BACKEND", "auto") != "sentence-transformers" and is_static_folder(path):
            return NumpyStaticEmbedding(path)  # same vectors, no torch import (see static_numpy.py)
        from sentence_transformers import SentenceTransformer

        local_only = os.environ.get("KATALOG_ALLOW_DOWNLOAD") != "1"
        path = Path(self.name)
        if not path.exists() and self.name == str(default_model_path()):
            raise DataError(
                f"기본 임베딩 모델이 없습니다: {path}",
                f"default embedding model missing: {path}",
                hints=["python tools/train_embedder.py"],
            )
        try:
            model = SentenceTransformer(self.name, device=self.device, local_files_only=local_only)
        except Exception as exc:  # any loader failure becomes one clear message
            raise DataError(
                f"임베딩 모델을 불러올 수 없습니다: {self.name}",
                f"cannot load embedding model {self.name}: {type(exc).__name__}: {exc}",
                hints=["set KATALOG_EMBED_MODEL to a local folder, or KATALOG_ALLOW_DOWNLOAD=1"],
            ) from exc
        if hasattr(model, "float"):
            model.float()  # the shipped model stores float16 weights
        return model

    @property
    def dim(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    def fingerprint(self) -> str:
        """Identity of the model for index keys: folder content hash, or the model id."""
        path = Path(self.name)
        if not path.is_dir():
            return f"id:{self.name}"
        h = hashlib.sha256()
        for f in sorted(p for p in path.rglob("*") if p.is_file()):
            h.update(f.relative_to(path).as_posix().encode())
            h.update(f.read_bytes())
        return "sha256:" + h.hexdigest()[:32]

    def prepare(self, text: str) -> str:
        if self.preprocess == "morphemes":
            morphs = default_analyzer().morphemes(text)
            return " ".join(morphs + role_pairs(morphs))
        return normalize_lay(clean_text(text))

    def prepare_doc(self, doc: CorpusDoc) -> str:
        """Model input for a document: title, summary and text prepared field by field.

        For the morpheme model only the first `DOC_TOKENS` tokens count: a mean-pooled static
        model is diluted by long application notes, and the head (title, summary, roles,
        situation) is what a query describes."""
        text = "\n".join(p for p in (self.prepare(f) for f in (doc.title, doc.summary, doc.text)) if p)
        if self.preprocess == "morphemes":
            text = " ".join(text.split()[:DOC_TOKENS])
        return text

    def encode_docs(self, docs: list[CorpusDoc], batch_size: int = 64) -> np.ndarray:
        return self._encode([self.doc_prefix + (self.prepare_doc(d) or " ") for d in docs], batch_size)

    def encode(self, texts: list[str], *, query: bool = False, batch_size: int = 64) -> np.ndarray:
        prefix = self.query_prefix if query else self.doc_prefix
        return self._encode([prefix + (self.prepare(t) or " ") for t in texts], batch_size)

    def _encode(self, prepared: list[str], batch_size: int) -> np.ndarray:
        vecs = self.model.encode(
            prepared, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)


def get_encoder(name: str | None = None) -> Encoder:
    """Shared encoder per resolved model name (resolved first: the default follows `KATALOG_EMBED_MODEL` as
    it is now, not as it was when the default was first asked for)."""
    return _encoder(resolve_model_name(name))


@lru_cache(maxsize=4)
def _encoder(resolved: str) -> Encoder:
    return Encoder(resolved)


class FaissComponent(Component):
    """Cosine similarity through `faiss.IndexFlatIP` over normalised vectors."""

    config_keys: ClassVar[list[str]] = ["model_name", "model_fingerprint", "dim"]
    index_file = "index.faiss"

    def __init__(
        self, model_name: str | None = None, model_fingerprint: str = "", dim: int = 0,
        encoder: Encoder | None = None,
    ) -> None:
        self.encoder = encoder or get_encoder(model_name)
        self.model_name = self.encoder.name
        self.model_fingerprint = model_fingerprint
        self.dim = dim
        self._index = None

    def build(self, docs: list[CorpusDoc]) -> None:
        import faiss

        vecs = self.encoder.encode_docs(docs)
        self.dim = int(vecs.shape[1])
        self.model_fingerprint = self.model_fingerprint or self.encoder.fingerprint()
        self._index = faiss.IndexFlatIP(self.dim)
        self._index.add(vecs)

    def scores(self, query: str) -> np.ndarray:
        if self._index is None:
            raise RuntimeError("FAISS index not built")
        q = self.encoder.encode([query], query=True)
        n = self._index.ntotal
        sims, ids = self._index.search(q, n)
        out = np.full(n, -1.0, dtype=np.float32)
        valid = ids[0] >= 0
        out[ids[0][valid]] = sims[0][valid]
        return out

    def save_files(self, directory: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(directory / self.index_file))

    def load_files(self, directory: Path) -> None:
        import faiss

        self._index = faiss.read_index(str(directory / self.index_file))
        if self._index.d != self.dim:
            raise DataError("FAISS 색인 차원 불일치", f"FAISS index dim {self._index.d} != {self.dim}")
