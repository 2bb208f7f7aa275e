"""Mixing: per-task cap, dedup, deterministic seeded split, manifest with counts and hashes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from general_tasks.build import build, cap_and_split, read_records
from general_tasks.cli import main as gt_main
from general_tasks.records import InstructionRecord
from general_tasks.registry import get_task

SOURCES_DIR = Path(__file__).parent / "fixtures" / "sources"
CASES = SOURCES_DIR / "committee_cases.jsonl"


def _build(out: Path, charts, **kw):
    kw.setdefault("source_dir", SOURCES_DIR)
    return build(out, use_hub=False, cases=CASES, data_dir=out.parent / "nodata", standard=charts, **kw)


def test_full_build_from_fixtures(tmp_path, charts, no_hub):
    res = _build(tmp_path / "a", charts, cap=50)
    m = res.manifest
    assert m["totals"]["tasks_built"] == 41 and m["skipped"] == []
    assert set(m["categories"]) and len(m["categories"]) == 13
    assert m["totals"]["train"] == len(res.train) and m["totals"]["validation"] == len(res.validation)
    for name in ("train.jsonl", "validation.jsonl"):
        data = (tmp_path / "a" / name).read_bytes()
        assert m["files"][name]["sha256"] == hashlib.sha256(data).hexdigest()
    on_disk = read_records(tmp_path / "a" / "train.jsonl")
    assert on_disk == res.train
    for r in on_disk:
        task = get_task(r.task)
        assert r.category == task.category and r.instruction in [task.instruction(i) for i in range(3)]
    info = m["tasks"]["nsmc_sentiment"]
    assert info["rejected"] == 1 and info["origin"] == "local:ratings_train.txt"
    assert info["train"] + info["validation"] == info["available"] == 2
    assert m["tasks"]["committee_fault_ratio"]["origin"] == str(CASES)


def test_build_is_deterministic_and_seeded(tmp_path, charts, no_hub):
    a = _build(tmp_path / "a", charts, cap=40, seed=3)
    b = _build(tmp_path / "b", charts, cap=40, seed=3)
    assert (tmp_path / "a" / "train.jsonl").read_bytes() == (tmp_path / "b" / "train.jsonl").read_bytes()
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (tmp_path / "b" / "manifest.json").read_bytes()
    c = _build(tmp_path / "c", charts, cap=40, seed=4, tasks=["korean_numeral_arithmetic"])
    ids = lambda res: [r.id for r in res.validation if r.task == "korean_numeral_arithmetic"]  # noqa: E731
    assert ids(a) != ids(c)  # another seed, another split (and other generated problems)
    assert a.manifest["files"] == b.manifest["files"]


def test_cap_applies_per_task(tmp_path, charts, no_hub):
    res = _build(tmp_path / "a", charts, cap=2, tasks=["korean_numeral_arithmetic", "fault_ratio_reasoning", "statute_qa"])
    for tid, info in res.manifest["tasks"].items():
        assert info["train"] + info["validation"] == min(2, info["available"]), tid
        assert info["validation"] == (1 if info["available"] >= 2 else 0)


def test_cap_and_split_ignores_input_order():
    recs = [InstructionRecord(id=f"t-{i}", task="t", category="c", instruction="i", output=str(i)) for i in range(30)]
    one = cap_and_split(recs, "t", 20, 0, 0.1)
    two = cap_and_split(list(reversed(recs)), "t", 20, 0, 0.1)
    assert one == two and len(one[0]) == 18 and len(one[1]) == 2
    assert not {r.id for r in one[0]} & {r.id for r in one[1]}


def test_duplicates_are_removed_and_counted(tmp_path, charts, no_hub):
    src = tmp_path / "src"
    src.mkdir()
    rows = ["id\tdocument\tlabel", "1\t좋은 영화\t1", "2\t좋은  영화\t1", "3\t별로다\t0"]
    (src / "ratings_train.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = _build(tmp_path / "out", charts, source_dir=src, tasks=["nsmc_sentiment"])
    info = res.manifest["tasks"]["nsmc_sentiment"]
    assert info["duplicates"] == 1 and info["available"] == 2


def test_missing_sources_are_skipped_and_recorded(tmp_path, charts, no_hub, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    logs = []
    res = build(tmp_path / "out", source_dir=empty, use_hub=False, data_dir=tmp_path / "nodata", standard=charts, log=logs.append)
    skipped = {s["task"]: s["reason"] for s in res.manifest["skipped"]}
    built = set(res.manifest["tasks"])
    assert built == {"korean_numeral_arithmetic", "fault_chart_identification", "fault_ratio_reasoning"}
    assert len(skipped) == 38 and "ratings_train.txt" in skipped["nsmc_sentiment"]
    assert "--cases" in skipped["committee_fault_ratio"]
    assert any("건너뜀" in line for line in logs)
    assert (tmp_path / "out" / "manifest.json").is_file()


def test_cli_build(tmp_path, no_hub, capsys):
    # the CLI reads the real data/ folder for the standard; --data-dir points it at an empty one
    rc = gt_main(["build", "--out", str(tmp_path / "o"), "--cap", "5", "--no-hub", "--source-dir", str(SOURCES_DIR),
                  "--cases", str(CASES), "--data-dir", str(tmp_path / "nodata"), "--task", "nsmc_sentiment",
                  "--task", "committee_fault_ratio"])  # fmt: skip
    assert rc == 0
    m = json.loads((tmp_path / "o" / "manifest.json").read_text(encoding="utf-8"))
    assert set(m["tasks"]) == {"nsmc_sentiment", "committee_fault_ratio"}
    assert "built 2 tasks" in capsys.readouterr().out


def test_cli_rejects_bad_cap(tmp_path, capsys):
    assert gt_main(["build", "--out", str(tmp_path), "--cap", "0", "--no-hub"]) == 2
    assert "cap" in capsys.readouterr().err


@pytest.mark.parametrize("fraction", [0.0, 0.5])
def test_val_fraction(fraction):
    recs = [InstructionRecord(id=f"t-{i}", task="t", category="c", instruction="i", output="o") for i in range(10)]
    train, val = cap_and_split(recs, "t", 100, 0, fraction)
    assert len(val) == max(1, round(10 * fraction))
