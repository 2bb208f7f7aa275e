"""`katalog batch score|export|report` and `katalog bench batch`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from katalog.cli._options import DB_OPTION
from katalog.cli.bench import bench_app

batch_app = typer.Typer(help="일괄 채점 / batch scoring of the case database.", no_args_is_help=True)


@batch_app.command("score")
def score(
    db: str | None = DB_OPTION,
    workers: int = typer.Option(1, "--workers", min=1, help="채점 프로세스 수 / scoring processes"),
    limit: int | None = typer.Option(None, "--limit", min=1, help="최대 채점 건수 / at most N cases"),
    rescore: bool = typer.Option(False, "--rescore", help="이미 채점된 사건도 다시 / rescore every case"),
    retry_errors: bool = typer.Option(
        False, "--retry-errors", help="오류 사건 다시 / retry cases with errors"
    ),
    engine: str = typer.Option("local", "--engine", help="local | ray"),
    scorer: str | None = typer.Option(
        None, "--scorer", help="채점기 module:name (기본: katalog 엔진, 규칙만) / scorer import path"
    ),
    as_json: bool = typer.Option(False, "--json", help="요약을 JSON으로 / print the summary as JSON"),
    use_llm: bool = typer.Option(
        False, "--llm", help="설정된 LLM 백엔드로 채점 (KATALOG_LLM_*) / score with the configured LLM backend"
    ),
    lease_s: float = typer.Option(
        120.0,
        "--lease-s",
        min=5.0,
        help="사건 점유 시간(초, 실행 중 갱신) / seconds a claimed case stays reserved (renewed while running)",
    ),
) -> None:
    """채점되지 않은 사건 일괄 채점 (중단 후 다시 실행하면 이어서; 여러 실행이 같은 DB를 나눠 채점) /
    score pending cases (resumable; several runs, on one or many machines, share one database)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from katalog.batch import score_cases
    from katalog.db import open_db

    if use_llm:
        from katalog.cli import fail
        from katalog.llm import get_backend

        if scorer is not None:
            raise fail("--llm 과 --scorer 는 함께 쓸 수 없습니다 / --llm and --scorer exclude each other")
        if get_backend() is None:  # also validates the settings before any worker starts
            raise fail("--llm 에는 KATALOG_LLM_BACKEND (openai, local, fake) 설정이 필요합니다 / "
                       "--llm needs KATALOG_LLM_BACKEND set (openai, local or fake)")
        scorer = "katalog.batch.scorer:LLMEngineScorer"  # each worker builds its own backend
    with (
        open_db(db) as database,
        Progress(
            TextColumn("채점 / scoring"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            disable=as_json,
            transient=False,
        ) as bar,
    ):
        task = bar.add_task("score", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = score_cases(
            database,
            scorer,
            workers=workers,
            limit=limit,
            rescore=rescore,
            progress=progress,
            retry_errors=retry_errors,
            engine=engine,
            lease_s=lease_s,
        )
    typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False) if as_json else summary.text())
    if summary.interrupted:
        raise typer.Exit(130)


@batch_app.command("export")
def export(
    out: Path = typer.Option(..., "--out", help="출력 파일 / output file"),
    fmt: str | None = typer.Option(None, "--format", help="csv | parquet | xlsx (기본: 확장자)"),
    db: str | None = DB_OPTION,
    status: str | None = typer.Option(None, help="ok | abstained | error | unscored"),
) -> None:
    """사건별 결과 내보내기 (수식 주입 방지) / export one row per case (formula injection neutralised)."""
    from katalog.db import open_db

    with open_db(db) as database:
        n = database.export(out, fmt, {"status": status} if status else None)
    typer.echo(f"{n}건 저장 / wrote {n} rows → {out}")


@batch_app.command("report")
def report(
    db: str | None = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="JSON 출력 / print JSON"),
) -> None:
    """도표·비율 분포, 판단보류 사유, 불일치 / distribution of charts, ratios, abstentions, disagreements."""
    from katalog.db import open_db

    with open_db(db) as database:
        data = database.report()
    if as_json:
        from katalog.textsafe import safe_json

        typer.echo(safe_json(data, default=str))
    else:
        from katalog.cli._db_render import report_text

        report_text(data)


@bench_app.command("batch")
def bench_batch(
    cases: int = typer.Option(10_000, "--cases", min=10, help="생성할 사건 수 / generated cases"),
    workers: str = typer.Option("1,2", "--workers", help="쉼표로 구분한 작업자 수 / e.g. 1,2"),
    scorer: str = typer.Option("auto", "--scorer", help="auto | engine | fake | module:name"),
    out: Path | None = typer.Option(None, "--out", help="결과 JSON 저장 / write the result JSON"),
    source: list[Path] | None = typer.Option(
        None, "--source", help="설명 JSONL (여러 번 가능; 기본: data/eval/*.jsonl) / descriptions to score"
    ),
    checks: bool = typer.Option(
        True, "--checks/--throughput-only", help="메모리·재개 점검 포함 / also the memory and resume checks"
    ),
) -> None:
    """일괄 채점 벤치마크 (처리량, CPU/건, 최대 메모리, 재개 시간) / batch scoring benchmark."""
    from katalog.batch.bench import run_bench
    from katalog.cli import fail

    try:
        counts = [int(w) for w in workers.split(",") if w.strip()]
    except ValueError:
        raise fail("--workers 는 1,2 처럼 씁니다 / --workers looks like 1,2") from None
    result = run_bench(cases, counts, scorer, source=source or None, checks=checks)
    for r in result["runs"]:
        cpu = (
            f"; CPU {r['cpu_ms_mean']} ms/case (p50 {r['cpu_ms_p50']}, p95 {r['cpu_ms_p95']})"
            f" → {r['cpu_bound_cases_per_s']} cases/s on {result['cpus']} idle cores"
            if "cpu_ms_mean" in r
            else ""
        )
        typer.echo(
            f"workers={r['workers']}: {r['throughput']:.1f} cases/s ({r['scored']} in {r['elapsed_s']:.1f}s),"
            f" peak RSS {r['peak_rss_mb']} MB (+workers {r['peak_worker_rss_mb']} MB){cpu}"
        )
    typer.echo(f"load average {result['loadavg_start']} → {result['loadavg_end']}")
    if checks:
        _echo_checks(result)
    typer.echo(f"scorer: {result['scorer']}")
    text = json.dumps(result, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    typer.echo(text)


def _echo_checks(result: dict) -> None:
    m, z = result["memory"], result["resume"]
    typer.echo(
        f"memory: {m['peak_rss_mb_small']} MB @ {m['cases_small']} cases vs {m['peak_rss_mb_large']} MB"
        f" @ {m['cases_large']} cases"
    )
    typer.echo(
        f"resume: killed at {z['killed_at']} stored, rerun scored {z['rerun_scored']} in {z['rerun_s']}s"
        f" (startup {z['rerun_startup_s']}s), integrity {'OK' if z['ok'] else 'FAILED'} {z['integrity']}"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(batch_app, name="batch")
