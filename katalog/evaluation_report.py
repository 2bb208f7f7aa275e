"""`katalog bench engine`: every development set, the everyday corpus per family, calibration, and the
sealed blind split with its gap to the folds.

The blind split (`data/corpus/everyday/blind.jsonl`) is scored only when asked (`--blind`), and each
scoring is appended to `blind_log.jsonl` beside it with the commit, so how often it was looked at is
on record. Nothing here tunes anything.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from katalog.evaluation import CaseResult, by_family, calibration, run_eval, summarize, summarize_by
from katalog.paths import data_dir, repo_root

GAP_KEYS = ("chart_hit1", "chart_hit3", "base_exact", "final_exact", "final_within10",
            "abstain_precision", "abstain_recall")


def everyday_dir() -> Path:
    return data_dir() / "corpus" / "everyday"


def default_sets(blind: bool = False) -> list[Path]:
    """dev_*.jsonl, the everyday folds, and the blind split only when `blind`."""
    paths = sorted((data_dir() / "eval").glob("dev_*.jsonl"))
    folds = everyday_dir() / "folds.jsonl"
    if folds.is_file():
        paths.append(folds)
    if blind and (everyday_dir() / "blind.jsonl").is_file():
        paths.append(everyday_dir() / "blind.jsonl")
    return paths


def by_fold(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    return summarize_by([r for r in results if r.fold is not None], lambda r: f"fold{r.fold}", strict=True)


def score_set(path: Path, assess_fn: Callable[..., Any] | None = None,
              progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    results = run_eval(path, assess_fn=assess_fn, progress=progress)
    report: dict[str, Any] = {"metrics": summarize(results, strict=True), "calibration": calibration(results),
                              "families": by_family(results, strict=True)}
    folds = by_fold(results)
    if folds:
        report["folds"] = folds
    return report


def gap(blind: dict[str, Any], dev: dict[str, Any]) -> dict[str, float | None]:
    """blind − dev for each accuracy metric (negative: the blind split scores lower)."""
    out = {}
    for k in GAP_KEYS:
        b, d = blind.get(k), dev.get(k)
        out[k] = None if b is None or d is None else round(b - d, 4)
    return out


def _commit() -> str | None:
    try:
        res = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo_root(), capture_output=True,
                             text=True, timeout=5, check=False)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=repo_root(), capture_output=True,
                               text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if res.returncode != 0:
        return None
    return res.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def log_blind(report: dict[str, Any], note: str = "") -> Path:
    """Append one blind scoring to blind_log.jsonl (the seal: every look is recorded)."""
    path = everyday_dir() / "blind_log.jsonl"
    row = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "commit": _commit(), "note": note,
           "metrics": report["metrics"], "ece": report["calibration"]["ece"],
           "hit1_at_high": report["calibration"]["hit1_at_high"]}
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def bench(paths: list[Path], assess_fn: Callable[..., Any] | None = None,
          progress: Callable[[str, int], None] | None = None) -> dict[str, Any]:
    sets = {}
    for p in paths:
        sets[p.name] = score_set(p, assess_fn, (lambda i, n=p.name: progress(n, i)) if progress else None)
    out: dict[str, Any] = {"sets": sets}
    if "blind.jsonl" in sets and "folds.jsonl" in sets:
        out["gap_blind_minus_folds"] = gap(sets["blind.jsonl"]["metrics"], sets["folds.jsonl"]["metrics"])
    return out


def _fmt(v: Any) -> str:
    return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def format_report(report: dict[str, Any]) -> str:
    """Plain text: one metrics line per set, calibration, families and folds of the everyday sets."""
    lines = []
    cols = ("n", "chart_hit1", "chart_hit3", "chart_hit1_strict", "chart_near_hit1", "base_exact", "final_exact",
            "final_within10", "abstain_precision", "abstain_recall", "p95_ms")
    # hit1s: hit@1 without twins (a 2020 비정형 row answered with its 2023 twin counts as a miss); near1: hit@1
    # that also counts a near-same chart of the label (the same situation in another book, other values)
    short = ("n", "hit1", "hit3", "hit1s", "near1", "base", "final", "fin±10", "abstP", "abstR", "p95ms")
    head = f"{'':24}" + "".join(f"{c:>8}" for c in short)
    for name, rep in report["sets"].items():
        cal = rep["calibration"]
        lines.append(f"== {name}  (ECE {_fmt(cal['ece'])}, hit1@conf≥0.8 {_fmt(cal['hit1_at_high'])} "
                     f"on {_fmt(cal['coverage_at_high'])} of answered)")
        lines.append(head)
        lines.append(f"{'all':24}" + "".join(f"{_fmt(rep['metrics'].get(c)):>8}" for c in cols))
        groups = dict(rep.get("families", {}))
        if len(groups) > 1 or name in ("folds.jsonl", "blind.jsonl"):
            for fam, m in groups.items():
                lines.append(f"  {fam:22}" + "".join(f"{_fmt(m.get(c)):>8}" for c in cols))
        for fold, m in rep.get("folds", {}).items():
            lines.append(f"  {fold:22}" + "".join(f"{_fmt(m.get(c)):>8}" for c in cols))
    if "gap_blind_minus_folds" in report:
        g = report["gap_blind_minus_folds"]
        lines.append("gap blind − folds: " + ", ".join(f"{k}={_fmt(v)}" for k, v in g.items()))
    return "\n".join(lines)
