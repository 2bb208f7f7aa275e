"""`python -m general_tasks {build,eval,list}`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from katalog.errors import KatalogError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m general_tasks", description="KATALOG 41-task instruction registry")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build train/validation JSONL + manifest.json")
    b.add_argument("--out", required=True, type=Path)
    b.add_argument("--cap", type=int, default=5000, help="records per task (default 5000)")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--val-fraction", type=float, default=0.05)
    b.add_argument("--source-dir", type=Path, help="folder with local source files (see docs/general_tasks.md)")
    b.add_argument("--cases", type=Path, help="committee decisions JSONL (default data/corpus/committee.jsonl)")
    b.add_argument("--data-dir", type=Path, help="KATALOG data folder (default $KATALOG_DATA_DIR or ./data)")
    b.add_argument("--no-hub", action="store_true", help="never call datasets.load_dataset")
    b.add_argument("--task", action="append", dest="tasks", help="only these task ids (repeatable)")
    b.add_argument("--max-rows", type=int, help="read at most this many rows per source")

    e = sub.add_parser("eval", help="score an LLM backend on each task")
    e.add_argument("--backend", choices=["fake", "openai", "local"], required=True)
    e.add_argument("--model", help="local model folder / served model name")
    e.add_argument("--base-url", help="OpenAI-compatible server URL")
    e.add_argument("--limit", type=int, help="examples per task")
    e.add_argument("--task", action="append", dest="tasks")
    e.add_argument("--validation", type=Path, help="built validation.jsonl (default: worked examples)")
    e.add_argument("--json", action="store_true", help="print the report as JSON")
    e.add_argument("--out", type=Path, help="also write the JSON report here")

    sub.add_parser("list", help="print the registry as JSON")
    return p


def _build(args: argparse.Namespace) -> int:
    from general_tasks.build import build

    res = build(
        args.out, cap=args.cap, seed=args.seed, val_fraction=args.val_fraction, source_dir=args.source_dir,
        use_hub=not args.no_hub, tasks=args.tasks, cases=args.cases, data_dir=args.data_dir,
        max_rows=args.max_rows, log=lambda m: print(m, file=sys.stderr),
    )  # fmt: skip
    t = res.manifest["totals"]
    print(
        f"과제 {t['tasks_built']}개 생성, {t['tasks_skipped']}개 건너뜀 / built {t['tasks_built']} tasks, "
        f"skipped {t['tasks_skipped']}: train {t['train']}, validation {t['validation']} → {res.out_dir}"
    )
    return 0


def _eval(args: argparse.Namespace) -> int:
    from general_tasks.backends import make_backend
    from general_tasks.evaluate import evaluate

    backend = make_backend(args.backend, model=args.model, base_url=args.base_url)
    progress = None if args.json else (lambda r: print(f"{r.task:28s} {r.metric:12s} {r.score:.3f}  (n={r.n}, errors={r.errors})"))
    report = evaluate(backend, tasks=args.tasks, limit=args.limit, validation=args.validation, progress=progress)
    data = report.to_dict()
    calls, failed = sum(r.n for r in report.tasks), sum(r.errors for r in report.tasks)
    if calls and failed == calls:
        print(
            f"오류 / error: 모든 LLM 호출이 실패했습니다 ({failed}회) — 백엔드 설정을 확인하세요 / "
            f"every LLM call failed ({failed}); check the backend ({report.backend}:{report.model})",
            file=sys.stderr,
        )
        return 2
    if args.out:
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print("-- 분야별 / per category --")
        for cat, s in data["categories"].items():
            print(f"{cat:28s} {s:.3f}")
        print(f"전체 / overall {data['overall']:.3f}  ({report.backend}:{report.model}, {data['seconds']} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "eval":
            return _eval(args)
        from general_tasks.registry import registry_summary

        print(json.dumps(registry_summary(), ensure_ascii=False, indent=1))
        return 0
    except (KatalogError, ValueError, OSError) as exc:
        print(f"오류 / error: {exc}", file=sys.stderr)
        return 2
