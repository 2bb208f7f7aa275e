"""Base class of index components (BM25, FAISS), saved like sentence-transformers modules.

A component is built from the corpus documents, scores a query against every document, and
saves itself into a folder holding `config.json` (its constructor arguments) plus its files.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from katalog.retrieval.corpus import CorpusDoc


class Component(ABC):
    """One scorer of the hybrid index."""

    #: Attribute names written to / read from `config.json`.
    config_keys: ClassVar[list[str]] = []
    config_file_name: ClassVar[str] = "config.json"

    def get_config_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.config_keys}

    @abstractmethod
    def build(self, docs: list[CorpusDoc]) -> None:
        """Index the documents (position i of `docs` is document index i)."""

    @abstractmethod
    def scores(self, query: str) -> np.ndarray:
        """Score of every indexed document for `query` (float32, higher is better)."""

    @abstractmethod
    def save_files(self, directory: Path) -> None:
        """Write the component's own files (config.json is written by `save`)."""

    @abstractmethod
    def load_files(self, directory: Path) -> None:
        """Read the files written by `save_files`."""

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / self.config_file_name).write_text(
            json.dumps(self.get_config_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        self.save_files(directory)

    @classmethod
    def load(cls, directory: Path, **overrides: Any) -> Component:
        config = json.loads((directory / cls.config_file_name).read_text(encoding="utf-8"))
        config.update(overrides)
        obj = cls(**config)
        obj.load_files(directory)
        return obj
