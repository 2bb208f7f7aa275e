"""`katalog bench batch --source … --throughput-only`: scores the given descriptions and reports CPU per case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from katalog.batch.bench import file_descriptions
from katalog.batch.scorer import score_one
from katalog.errors import DataError
from katalog.models import Assessment


def test_descriptions_come_from_the_given_files(tmp_path: Path) -> None:
    f = tmp_path / "rows.jsonl"
    f.write_text(json.dumps({"description": "뒤에서 오던 트럭이 제 차를 박았어요", "parties": ["제 차", "트럭"]},
                            ensure_ascii=False) + "\n\n", encoding="utf-8")
    assert file_descriptions([f]) == [("뒤에서 오던 트럭이 제 차를 박았어요", ["제 차", "트럭"])]


def test_the_sealed_blind_split_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "blind.jsonl"
    f.write_text("", encoding="utf-8")
    with pytest.raises(DataError):
        file_descriptions([f])


def test_every_scored_case_carries_its_cpu_time() -> None:
    fields = score_one(lambda d, p: Assessment(description=d, parties=list(p or [])), "주차장에서 긁혔어요", None, "e|s|")
    assert fields["timings"]["batch_cpu"] >= 0.0
    assert "batch_total" in fields["timings"]
