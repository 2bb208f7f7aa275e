"""`python -m general_tasks {build,eval,list,examples}`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from katalog import jsonstrict
from katalog.errors import KatalogError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m general_tasks", description="KATALOG 일반 과제 41개 / 41-task instruction registry")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="학습·검증 JSONL과 manifest.json 생성 / build train/validation JSONL + manifest.json")
    b.add_argument("--out", required=True, type=Path)
    b.add_argument("--cap", type=int, default=5000, help="과제당 레코드 수 (기본 5000) / records per task")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--val-fraction", type=float, default=0.05)
    b.add_argument("--source-dir", type=Path, help="로컬 원천 파일 폴더 / folder with local source files (docs/general_tasks.md)")
    b.add_argument("--cases", type=Path, help="분쟁심의 사례 JSONL (기본 data/corpus/committee.jsonl) / committee decisions")
    b.add_argument("--data-dir", type=Path, help="KATALOG 데이터 폴더 (기본 $KATALOG_DATA_DIR, 없으면 저장소의 data/) / data folder")
    b.add_argument("--no-hub", action="store_true", help="허브 데이터셋을 쓰지 않음 / never call datasets.load_dataset")
    b.add_argument("--task", action="append", dest="tasks", help="이 과제만 (반복 가능) / only these task ids")
    b.add_argument("--max-rows", type=int, help="원천별 최대 행 수 / read at most this many rows per source")
    b.add_argument("--max-task-share", type=float, default=0.15,
                   help="과제 하나가 차지할 수 있는 최대 비율 (기본 0.15, 0 = 제한 없음) / max share of one task in the mix")
    b.add_argument("--no-shipped", action="store_true", help="동봉 예제를 쓰지 않음 / leave out general_tasks/examples")

    e = sub.add_parser("eval", help="LLM 백엔드를 과제별로 채점 / score an LLM backend on each task")
    e.add_argument("--backend", choices=["fake", "openai", "local"], required=True)
    e.add_argument("--model", help="로컬 모델 폴더 또는 서버의 모델 이름 / local model folder or served model name")
    e.add_argument("--base-url", help="OpenAI 호환 서버 주소 / OpenAI-compatible server URL")
    e.add_argument("--limit", type=int, help="과제당 예제 수 / examples per task")
    e.add_argument("--task", action="append", dest="tasks")
    e.add_argument("--validation", type=Path, help="생성된 validation.jsonl (기본: 과제 예제) / built validation file")
    e.add_argument("--json", action="store_true", help="JSON으로 출력 / print the report as JSON")
    e.add_argument("--out", type=Path, help="JSON 보고서 저장 위치 / also write the JSON report here")

    sub.add_parser("list", help="과제 목록 JSON 출력 / print the registry as JSON")

    x = sub.add_parser("examples", help="동봉 예제 파일 검사 / check shipped example files (general_tasks/examples)")
    xs = x.add_subparsers(dest="examples_command", required=True)
    xc = xs.add_parser("check", help="예제 JSONL 검사 / validate example JSONL files (default: all shipped)")
    xc.add_argument("files", nargs="*", type=Path, help="<task_id>.jsonl 파일 / files (default: general_tasks/examples/*.jsonl)")
    xc.add_argument("--min", type=int, default=None, help="과제당 최소 예제 수 (기본 50) / minimum per task (default 50)")
    xc.add_argument("--json", action="store_true")
    xv = xs.add_parser("coverage", help="41개 과제별 예제 수 / shipped examples per task (all 41)")
    xv.add_argument("--min", type=int, default=None)
    xv.add_argument("--json", action="store_true")
    return p


def _build(args: argparse.Namespace) -> int:
    from general_tasks.build import build

    res = build(
        args.out, cap=args.cap, seed=args.seed, val_fraction=args.val_fraction, source_dir=args.source_dir,
        use_hub=not args.no_hub, tasks=args.tasks, cases=args.cases, data_dir=args.data_dir,
        max_rows=args.max_rows, log=lambda m: print(m, file=sys.stderr),
        max_task_share=args.max_task_share or None, use_shipped=not args.no_shipped,
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
        args.out.write_text(jsonstrict.dumps(data, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(jsonstrict.dumps(data))
    else:
        print("-- 분야별 / per category --")
        for cat, s in data["categories"].items():
            print(f"{cat:28s} {s:.3f}")
        print(f"전체 / overall {data['overall']:.3f}  ({report.backend}:{report.model}, {data['seconds']} s)")
    return 0


def _examples(args: argparse.Namespace) -> int:
    from general_tasks import example_files as ef

    minimum = ef.MIN_EXAMPLES if args.min is None else args.min
    if args.examples_command == "coverage":
        counts = ef.coverage()
        low = {t: n for t, n in counts.items() if n < minimum}
        if args.json:
            print(jsonstrict.dumps({"min": minimum, "tasks": counts, "below_min": sorted(low)}))
        else:
            for tid, n in counts.items():
                print(f"{'OK  ' if n >= minimum else 'LOW '} {tid:28s} {n}")
            print(f"{len(counts) - len(low)}/{len(counts)} tasks have ≥ {minimum} examples")
        return 0 if not low else 1
    files = args.files or sorted(ef.EXAMPLES_DIR.glob("*.jsonl"))
    if not files:
        print(f"예제 파일이 없습니다 / no example files in {ef.EXAMPLES_DIR}", file=sys.stderr)
        return 1
    reports = [ef.check_file(f) for f in files]
    if args.json:
        rows = [{"file": str(r.path), "task": r.task, "ok": r.ok, "count": r.count, "total": r.total,
                 "error": r.error, "labels": r.labels} for r in reports]  # fmt: skip
        print(jsonstrict.dumps({"min": minimum, "files": rows}))
    else:
        for r in reports:
            print(r.line(minimum))
    bad = [r for r in reports if not r.ok]
    low = [r for r in reports if r.ok and r.total < minimum]
    if not args.json:
        print(f"{len(reports)} file(s): {len(bad)} invalid, {len(low)} below {minimum}")
    return 2 if bad else (1 if low else 0)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "eval":
            return _eval(args)
        if args.command == "examples":
            return _examples(args)
        from general_tasks.registry import registry_summary

        print(jsonstrict.dumps(registry_summary(), indent=1))
        return 0
    except (KatalogError, ValueError, OSError) as exc:
        print(f"오류 / error: {exc}", file=sys.stderr)
        return 2
