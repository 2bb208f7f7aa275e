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
    shipped = len(get_task("nsmc_sentiment").examples)
    assert info["shipped"] >= shipped and info["available"] == 2 + info["shipped"]
    assert info["train"] + info["validation"] == min(info["available"], 50, info.get("share_capped_at", 50))
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
    res = _build(tmp_path / "out", charts, source_dir=src, tasks=["nsmc_sentiment"], use_shipped=False)
    info = res.manifest["tasks"]["nsmc_sentiment"]
    assert info["duplicates"] == 1 and info["available"] == 2


def test_missing_sources_fall_back_to_shipped_examples(tmp_path, charts, no_hub):
    """Offline with no source files: every one of the 41 tasks still builds from its shipped examples."""
    empty = tmp_path / "empty"
    empty.mkdir()
    res = build(tmp_path / "out", source_dir=empty, use_hub=False, data_dir=tmp_path / "nodata", standard=charts)
    m = res.manifest
    assert m["totals"]["tasks_built"] == 41 and m["skipped"] == []
    info = m["tasks"]["nsmc_sentiment"]
    assert info["origin"] == "shipped" and "ratings_train.txt" in info["source_missing"]
    assert info["available"] == info["shipped"] >= 5
    assert all(r.source == "shipped:general_tasks/examples" for r in res.train if r.task == "nsmc_sentiment")


def test_missing_sources_are_skipped_and_recorded(tmp_path, charts, no_hub, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    logs = []
    res = build(tmp_path / "out", source_dir=empty, use_hub=False, data_dir=tmp_path / "nodata", standard=charts,
                log=logs.append, use_shipped=False)
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


def test_share_caps_water_filling():
    from general_tasks.build import share_caps

    caps = share_caps({"big": 10_000, **{f"t{i}": 50 for i in range(40)}}, 0.15)
    total = sum(caps.values())
    assert all(n / total <= 0.15 for n in caps.values())
    assert caps["t0"] == 50 and caps["big"] < 10_000
    assert share_caps({"a": 100, "b": 5}, 0.15) == {"a": 100, "b": 5}  # 2 tasks cannot stay under 15 %
    assert share_caps({"a": 100, "b": 5}, None) == {"a": 100, "b": 5}


def test_offline_build_keeps_every_task_under_15_percent(tmp_path, no_hub):
    """The real offline build (bundled data, no hub): generated arithmetic and the legal tasks are capped."""
    res = build(tmp_path / "o", cap=5000, use_hub=False)
    m = res.manifest
    total = m["totals"]["train"] + m["totals"]["validation"]
    assert m["totals"]["tasks_built"] == 41
    shares = {t: (i["train"] + i["validation"]) / total for t, i in m["tasks"].items()}
    assert max(shares.values()) <= 0.15, max(shares.items(), key=lambda kv: kv[1])
    assert m["tasks"]["korean_numeral_arithmetic"].get("share_capped_at")
    assert m["params"]["max_task_share"] == 0.15
