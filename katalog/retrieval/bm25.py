"""BM25 over kiwi morphemes (bm25s), with field weighting by repetition.

bm25s builds and saves the index. Scoring reads its saved arrays directly: a query's score is the
sum, over its token ids in order, of the token's precomputed column of the document × token matrix
(the same float32 additions as bm25s' numpy backend). Importing bm25s pulls in scipy (~0.3 s of
the first assessment) and nothing at query time needs it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import numpy as np

from katalog.retrieval.analyzer import Analyzer, default_analyzer
from katalog.retrieval.base import Component
from katalog.retrieval.corpus import CorpusDoc


class BM25Component(Component):
    """Lexical scorer. Titles count `title_weight` times, summaries `summary_weight` times."""

    config_keys: ClassVar[list[str]] = ["k1", "b", "title_weight", "summary_weight", "analyzer_version"]

    def __init__(
        self,
        k1: float = 1.2,
        b: float = 0.75,
        title_weight: int = 2,
        summary_weight: int = 1,
        analyzer_version: str = Analyzer.version,
        analyzer: Analyzer | None = None,
    ) -> None:
        self.k1 = k1
        self.b = b
        self.title_weight = title_weight
        self.summary_weight = summary_weight
        self.analyzer_version = analyzer_version
        self.analyzer = analyzer or default_analyzer()
        self._bm25 = None  # the bm25s object of a fresh build (needed to save it)
        self._n = 0
        self._vocab: dict[str, int] | None = None
        self._data = self._indices = self._indptr = self._nonocc = None
        self._dtype = np.dtype("float32")

    def doc_tokens(self, doc: CorpusDoc) -> list[str]:
        a = self.analyzer
        return a(doc.title) * self.title_weight + a(doc.summary) * self.summary_weight + a(doc.text)

    def build(self, docs: list[CorpusDoc]) -> None:
        import bm25s

        self.analyzer.prime(t for d in docs for t in (d.title, d.summary, d.text))
        tokens = [self.doc_tokens(d) or ["<empty>"] for d in docs]
        self._bm25 = bm25s.BM25(k1=self.k1, b=self.b)
        self._bm25.index(tokens, show_progress=False)
        m = self._bm25
        self._set(
            m.vocab_dict,
            m.scores["data"],
            m.scores["indices"],
            m.scores["indptr"],
            int(m.scores["num_docs"]),
            m.dtype,
            m.nonoccurrence_array,
        )

    def _set(self, vocab, data, indices, indptr, n, dtype, nonocc) -> None:
        self._vocab, self._data, self._indices, self._indptr = vocab, data, indices, indptr
        self._n, self._dtype, self._nonocc = n, np.dtype(dtype), nonocc

    def scores(self, query: str) -> np.ndarray:
        return self.scores_tokens(self.analyzer(query))

    def scores_tokens(self, tokens: list[str]) -> np.ndarray:
        if self._vocab is None:
            raise RuntimeError("BM25 index not built")
        if not tokens:
            return np.zeros(self._n, dtype=np.float32)
        ids = [self._vocab[t] for t in tokens if t in self._vocab]
        scores = np.zeros(self._n, dtype=self._dtype)
        for t in ids:  # bm25s' numpy backend: one column at a time, in query order
            start, end = self._indptr[t], self._indptr[t + 1]
            np.add.at(scores, self._indices[start:end], self._data[start:end])
        if self._nonocc is not None:
            scores += self._nonocc[ids].sum()
        return np.asarray(scores, dtype=np.float32)

    def save_files(self, directory: Path) -> None:
        if self._bm25 is None:
            raise RuntimeError("only a freshly built BM25 index can be saved")
        self._bm25.save(str(directory), show_progress=False)

    def load_files(self, directory: Path) -> None:
        """Read the files bm25s saved (params, vocabulary, the score matrix in CSC arrays)."""
        params = json.loads((directory / "params.index.json").read_text(encoding="utf-8"))
        vocab = json.loads((directory / "vocab.index.json").read_text(encoding="utf-8"))
        arrays = [np.load(directory / f"{name}.csc.index.npy") for name in ("data", "indices", "indptr")]
        nnoc = directory / "nonoccurrence_array.index.npy"
        self._set(
            vocab,
            *arrays,
            int(params["num_docs"]),
            params.get("dtype", "float32"),
            np.load(nnoc) if nnoc.exists() else None,
        )
