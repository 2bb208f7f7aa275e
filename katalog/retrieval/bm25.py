"""BM25 over kiwi morphemes (bm25s), with field weighting by repetition."""

from __future__ import annotations

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
        self._bm25 = None
        self._n = 0

    def doc_tokens(self, doc: CorpusDoc) -> list[str]:
        a = self.analyzer
        return a(doc.title) * self.title_weight + a(doc.summary) * self.summary_weight + a(doc.text)

    def build(self, docs: list[CorpusDoc]) -> None:
        import bm25s

        self.analyzer.prime(t for d in docs for t in (d.title, d.summary, d.text))
        tokens = [self.doc_tokens(d) or ["<empty>"] for d in docs]
        self._bm25 = bm25s.BM25(k1=self.k1, b=self.b)
        self._bm25.index(tokens, show_progress=False)
        self._n = len(docs)

    def scores(self, query: str) -> np.ndarray:
        return self.scores_tokens(self.analyzer(query))

    def scores_tokens(self, tokens: list[str]) -> np.ndarray:
        if self._bm25 is None:
            raise RuntimeError("BM25 index not built")
        if not tokens:
            return np.zeros(self._n, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def save_files(self, directory: Path) -> None:
        self._bm25.save(str(directory), show_progress=False)

    def load_files(self, directory: Path) -> None:
        import bm25s

        self._bm25 = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        self._n = int(self._bm25.scores["num_docs"])
