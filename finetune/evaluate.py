"""Evaluation hooks: run the evaluation CLIs on the base model and on the trained checkpoint and
write a comparison table (markdown + JSON).

The commands are plain argv templates from the config (`{model}` = model folder or id, `{out}` =
the JSON report the command must write), run as subprocesses, so `finetune` depends only on their
command line, not on their Python API. A command that fails or is missing is reported in the
table, never hidden.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from finetune.config import EvalCommand, RunConfig

_BOOKKEEPING = {"n", "errors"}


def flatten_metrics(node: Any, prefix: str = "") -> dict[str, float]:
    """Numeric leaves of a JSON report as dotted keys (`tasks.nsmc.accuracy` → 0.91); lists skipped."""
    out: dict[str, float] = {}
    if isinstance(node, dict):
        for k, v in node.items():
            out.update(flatten_metrics(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        out[prefix] = float(node)
    return out


def _run_one(cmd: EvalCommand, model: str, out: Path, timeout_s: int) -> dict[str, Any]:
    argv = [a.replace("{model}", model).replace("{out}", str(out)) for a in cmd.argv]
    env = {**os.environ, **{k: v.replace("{model}", model) for k, v in cmd.env.items()}}
    if argv and argv[0] in ("python", "python3"):
        argv[0] = sys.executable  # the same interpreter / venv as the trainer
    elif argv and shutil.which(argv[0]) is None:
        return {"ok": False, "error": f"command not found: {argv[0]}", "argv": argv}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s, env=env)
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"timeout after {timeout_s} s", "argv": argv}
    if cmd.report == "stdout_last_line" and proc.returncode == 0:
        lines = proc.stdout.strip().splitlines()
        out.write_text(lines[-1] if lines else "", encoding="utf-8")  # keep the raw report next to the table
    if proc.returncode != 0 or not out.is_file():
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-1:] or ["no output"]
        return {"ok": False, "error": f"exit {proc.returncode}: {tail[0][:300]}", "argv": argv}
    try:
        report = json.loads(out.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return {"ok": False, "error": f"report is not JSON: {exc}", "argv": argv}
    metrics = flatten_metrics(report)
    if metrics.get("llm_consulted") == 0.0:  # `katalog eval --llm` ran, but no case reached the model
        return {"ok": False, "error": "the LLM was never consulted (llm_consulted = 0): check KATALOG_LLM_*",
                "metrics": metrics, "argv": argv}
    return {"ok": True, "metrics": metrics, "argv": argv}


def compare(runs: dict[str, dict[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Rows (suite, metric, base, finetuned, delta) over the union of metric names."""
    rows: list[dict[str, Any]] = []
    for suite, by_model in runs.items():
        base = by_model["base"].get("metrics", {})  # a failed run may still carry its metrics
        tuned = by_model["finetuned"].get("metrics", {})
        for metric in sorted(set(base) | set(tuned)):
            b, t = base.get(metric), tuned.get(metric)
            delta = None if b is None or t is None else round(t - b, 6)
            rows.append({"suite": suite, "metric": metric, "base": b, "finetuned": t, "delta": delta})
    return rows


def to_markdown(base_model: str, checkpoint: str, runs: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    def fmt(x: float | None) -> str:
        return "–" if x is None else f"{x:.4g}"

    lines = [
        "# 미세조정 전후 비교 / fine-tuning comparison",
        "",
        f"- 기본 모델 / base: `{base_model}`",
        f"- 학습 체크포인트 / fine-tuned: `{checkpoint}`",
        "",
    ]
    for suite, by_model in runs.items():
        for label in ("base", "finetuned"):
            r = by_model[label]
            if not r["ok"]:
                lines.append(f"- ⚠ {suite} ({label}) 실패 / failed: {r['error']}")
    lines += ["", "| suite | metric | base | fine-tuned | Δ |", "|---|---|---|---|---|"]
    for r in rows:
        if r["metric"].rsplit(".", 1)[-1] in _BOOKKEEPING and r["delta"] == 0:
            continue  # unchanged counts stay in comparison.json only
        delta = "–" if r["delta"] is None else f"{r['delta']:+.4g}"
        lines.append(f"| {r['suite']} | {r['metric']} | {fmt(r['base'])} | {fmt(r['finetuned'])} | {delta} |")
    return "\n".join(lines) + "\n"


def run_evaluation(cfg: RunConfig, checkpoint: str, out_dir: str | Path) -> dict[str, Any]:
    """Run every configured eval command on base and fine-tuned models; write comparison.{md,json}."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    base = cfg.evaluation.base_model or cfg.model.name_or_path.replace("{output_dir}", str(Path(checkpoint)))
    runs: dict[str, dict[str, dict[str, Any]]] = {}
    for cmd in cfg.evaluation.commands:
        runs[cmd.name] = {
            label: _run_one(cmd, model, out / f"{cmd.name}-{label}.json", cfg.evaluation.timeout_s)
            for label, model in (("base", base), ("finetuned", checkpoint))
        }
    rows = compare(runs)
    md = to_markdown(base, checkpoint, runs, rows)
    (out / "comparison.md").write_text(md, encoding="utf-8")
    report = {"base_model": base, "checkpoint": checkpoint, "runs": runs, "rows": rows,
              "markdown_path": str(out / "comparison.md"), "json_path": str(out / "comparison.json")}
    from katalog.jsonstrict import dumps

    (out / "comparison.json").write_text(dumps(report, indent=1), encoding="utf-8")
    return report
