"""`katalog assess` and `katalog eval`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from katalog.cli import fail


def _bar(final: dict[str, int], width: int = 40) -> str:
    (n1, v1), (n2, v2) = list(final.items())[:2]
    left = round(width * v1 / 100)
    return f"{n1} {v1}% [{'█' * left}{'░' * (width - left)}] {v2}% {n2}"


def _print_assessment(a) -> None:
    from rich.console import Console
    from rich.markup import escape as e
    from rich.panel import Panel
    from rich.table import Table

    # Every text from the user or the data goes through `e`: a party named "[/x]" or a citation
    # kind like "[law]" would otherwise be read as rich markup (or raise MarkupError).
    con = Console()
    if a.status != "ok":
        msg = a.abstention.message if a.abstention else (a.error or "")
        con.print(Panel(e(msg), title=f"판단 보류 / abstained ({a.abstention.code if a.abstention else a.status})",
                        border_style="yellow"))
    else:
        con.print(Panel(
            f"[bold]{e(a.chart_id)}[/bold] {e(a.chart_title)}  (변형 {e(a.variant)}, 신뢰도 {a.confidence:.0%})\n"
            f"A = {e(a.mapping.A)}  ·  B = {e(a.mapping.B)}\n{e(a.mapping.reason)}",
            title="적용 도표 / chart", border_style="cyan"))
        con.print(e(_bar(a.final)))
        con.print(f"[dim]계산식[/dim] {e(a.calculation.formula)}")
        if a.applied or a.possible:
            t = Table(title="수정요소 / modifiers")
            for col in ("적용", "당사자", "요소", "가감", "근거"):
                t.add_column(col)
            for m in a.applied:
                t.add_row("✔", e(f"{m.party} {m.party_name}"), e(m.name), f"{m.delta:+d}", e(m.evidence or ""))
            for m in a.possible[:8]:
                t.add_row("?", e(f"{m.party} {m.party_name}"), e(m.name), f"{m.delta:+d}", "확인 필요")
            con.print(t)
        if a.what_if and a.what_if.low != a.what_if.high:
            first = a.parties[0]
            con.print(e(f"가능 범위 / what-if: {first} {a.what_if.low[first]}% ~ {a.what_if.high[first]}%"))
        if a.explanation:
            con.print(Panel(e(a.explanation), title="설명 / explanation"))
    for q in a.questions[:5]:
        con.print(f"[magenta]질문[/magenta] {e(f'({q.id}, 영향 {q.impact}%p) {q.text}  선택: ' + ', '.join(q.options))}")
    for c in a.citations[:8]:
        extra = f" — {c.ratio}" if c.ratio else ""
        title = "" if c.title == c.id else f" {c.title[:60]}"  # law citations repeat the id as title
        con.print(f"[dim]근거[/dim] {e(f'[{c.kind}] {c.id}{title}{extra}')}")
    for w in a.warnings:
        con.print(f"[yellow]주의[/yellow] {e(w)}")


def register(app: typer.Typer) -> None:
    @app.command("assess")
    def assess_cmd(
        description: str = typer.Argument(..., help="사고 설명 / accident description (Korean)"),
        party: list[str] = typer.Option(None, "--party", help="당사자 이름 2개 / two party names, in order"),
        answer: list[str] = typer.Option(None, "--answer", help="후속 질문 답변 id=값 / answer, e.g. p1.signal=적색"),
        as_json: bool = typer.Option(False, "--json", help="JSON 출력 / print the Assessment as JSON"),
    ) -> None:
        """사고 설명으로 과실비율을 판단합니다 / assess an accident description."""
        from katalog.engine import assess
        from katalog.llm import get_backend

        if party and len(party) != 2:
            raise fail("--party는 두 번 지정해야 합니다 / give --party exactly twice")
        answers = {}
        for item in answer or []:
            key, sep, value = item.partition("=")
            if not sep:
                raise fail(f"--answer 형식은 id=값 입니다: {item!r} / expected id=value")
            answers[key.strip()] = value.strip()
        a = assess(description, parties=party or None, llm=get_backend(), answers=answers or None)
        if as_json:
            typer.echo(a.model_dump_json(indent=2))
        else:
            _print_assessment(a)

    @app.command("eval")
    def eval_cmd(
        file: Path = typer.Argument(..., help="평가 JSONL / eval file"),
        as_json: bool = typer.Option(False, "--json", help="마지막 줄에 지표 JSON / metrics JSON as last line"),
        out: Path = typer.Option(None, "--out", help="사례별 결과 JSONL / per-case results"),
    ) -> None:
        """평가셋으로 엔진을 채점합니다 / score the engine on an eval file."""
        from rich.progress import Progress

        from katalog.evaluation import by_category, read_cases, run_eval, summarize, write_results

        total = sum(1 for _ in read_cases(file))
        if as_json:
            results = run_eval(file)
        else:
            with Progress(transient=True) as prog:
                task = prog.add_task("평가 중", total=total)
                results = run_eval(file, progress=lambda i: prog.update(task, completed=i))
        if out:
            write_results(results, out)
        metrics = summarize(results)
        if as_json:
            typer.echo(json.dumps(metrics, ensure_ascii=False))
            return
        from rich.console import Console
        from rich.table import Table

        # metrics as rows, groups as columns: stays readable in an 80-column terminal
        groups = {"전체": metrics, **by_category(results)}
        t = Table(title=f"katalog eval — {file.name}")
        t.add_column("metric")
        for name in groups:
            t.add_column(name, justify="right")
        for k in metrics:
            t.add_row(k, *["-" if m[k] is None else f"{m[k]:g}" for m in groups.values()])
        Console().print(t)


def _register_bench() -> None:
    from katalog.cli.bench import bench_app

    @bench_app.command("engine")
    def bench_engine(
        files: list[Path] = typer.Argument(None, help="평가 JSONL (기본: data/eval/dev_*.jsonl)"),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """엔진 정확도·지연 시간 / engine accuracy and latency on the development sets (rules-only)."""
        import time

        from katalog.engine import assess
        from katalog.evaluation import run_eval, summarize
        from katalog.paths import data_dir

        paths = files or sorted((data_dir() / "eval").glob("dev_*.jsonl"))
        t0 = time.perf_counter()
        assess("신호 있는 교차로에서 녹색신호에 직진하던 A차량과 적색신호에 직진하던 B차량이 충돌")
        warm_ms = (time.perf_counter() - t0) * 1000
        report = {"warmup_ms": round(warm_ms, 1), "sets": {}}
        for p in paths:
            report["sets"][p.name] = summarize(run_eval(p))
        if as_json:
            typer.echo(json.dumps(report, ensure_ascii=False))
            return
        typer.echo(f"warm-up (first assessment, loads index): {report['warmup_ms']} ms")
        for name, m in report["sets"].items():
            typer.echo(f"{name}: " + ", ".join(f"{k}={v}" for k, v in m.items()))


_register_bench()
