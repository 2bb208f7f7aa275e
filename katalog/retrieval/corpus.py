"""The retrieval corpus: one `CorpusDoc` per chart, precedent, committee decision or law article.

`data/corpus/<kind>.jsonl` is written by `tools/build_corpus.py`; `load_corpus()` reads it back,
validates every line and fails with a `DataError` naming the file and line.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from katalog.errors import DataError
from katalog.retrieval.types import KINDS, DocKind

CORPUS_FILES: dict[str, str] = {k: f"{k}.jsonl" for k in KINDS}


class CorpusDoc(BaseModel):
    """A searchable document with the metadata the filters use."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="'chart:차43-1', 'precedent:90도1116', 'KFRC-2019-008384', 'law:도로교통법 제25조'")
    kind: DocKind
    title: str
    text: str = Field(description="official / source text (attributed data)")
    summary: str = Field("", description="project-written summary and lay paraphrases (charts)")
    chart_ids: list[str] = Field(default_factory=list)
    party_types: list[str] = Field(default_factory=list, description="PartyType values involved")
    place: str | None = Field(None, description="katalog.models.Place value, None = not stated")
    has_signal: bool | None = Field(None, description="signal-controlled scene; None = not stated")
    metadata: dict[str, Any] = Field(default_factory=dict)

    def search_text(self) -> str:
        """Text the dense encoder sees: title, summary, then the source text."""
        return "\n".join(p for p in (self.title, self.summary, self.text) if p)


def corpus_dir() -> Path:
    from katalog.paths import data_dir

    return data_dir() / "corpus"


def load_corpus(directory: Path | None = None, kinds: tuple[str, ...] | None = None) -> list[CorpusDoc]:
    """All documents of `directory` (default `data/corpus`), in file then line order."""
    directory = Path(directory) if directory is not None else corpus_dir()
    if not directory.is_dir():
        raise DataError(
            f"코퍼스 폴더가 없습니다: {directory}",
            f"corpus folder missing: {directory}",
            hints=["python tools/build_corpus.py"],
        )
    docs: list[CorpusDoc] = []
    seen: set[str] = set()
    for kind in kinds or KINDS:
        path = directory / CORPUS_FILES[kind]
        if not path.exists():
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                doc = CorpusDoc.model_validate(json.loads(line))
            except (json.JSONDecodeError, ValidationError) as exc:
                raise DataError(
                    f"코퍼스 파일 오류 {path.name}:{lineno}",
                    f"invalid corpus line {path.name}:{lineno}: {str(exc).splitlines()[0]}",
                ) from exc
            if doc.id in seen:
                raise DataError(f"중복 문서 id {doc.id} ({path.name}:{lineno})", f"duplicate doc id {doc.id}")
            seen.add(doc.id)
            docs.append(doc)
    if not docs:
        raise DataError(f"코퍼스가 비어 있습니다: {directory}", f"corpus is empty: {directory}")
    return docs


def corpus_hash(docs: list[CorpusDoc]) -> str:
    """Content hash of a document list (order-sensitive)."""
    h = hashlib.sha256()
    for d in docs:
        h.update(d.model_dump_json().encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def write_corpus(docs: list[CorpusDoc], directory: Path) -> dict[str, int]:
    """Write one jsonl file per kind; returns counts per kind."""
    directory.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for kind in KINDS:
        rows = [d for d in docs if d.kind == kind]
        counts[kind] = len(rows)
        with (directory / CORPUS_FILES[kind]).open("w", encoding="utf-8") as fh:
            for d in rows:
                fh.write(d.model_dump_json(exclude_defaults=False) + "\n")
    return counts
