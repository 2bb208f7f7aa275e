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
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    from katalog.textsafe import clean_text

    def e(value) -> str:  # terminal escapes and control characters removed, then markup escaped
        return escape(clean_text(value))

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
            + _twin_text(a.chart_id, e)
            + (f"[dim]{e(a.edition_note)}[/dim]\n" if a.edition_note else "")
            + f"A = {e(a.mapping.A)}  ·  B = {e(a.mapping.B)}\n{e(a.mapping.reason)}",
            title="적용 도표 / chart", border_style="cyan"))
        if a.near_same:  # the same situation in another book, with other values: the user sees it
            from katalog.ui.format import near_same_line

            con.print(e(near_same_line(a.near_same)), soft_wrap=True)  # one line, however long
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


def _twin_text(chart_id: str | None, e) -> str:
    """'같은 도표: 비정형-4 (2020 비정형사고 기준)\n' when the answered chart has a twin in another book."""
    from katalog.standard.loader import load_standard
    from katalog.ui.format import twin_line

    std = load_standard()
    chart = std.charts.get(chart_id or "")
    line = twin_line(chart, std) if chart is not None else ""
    return f"{e(line)}\n" if line else ""


def _write_sketch(a, path: Path) -> None:
    """The scene sketch to `path`; messages go to stderr so `--json` output stays parseable."""
    from katalog.sketch import sketch_assessment

    drawing = sketch_assessment(a)
    if not drawing.drawn:
        typer.echo(f"사고 장면을 그리지 않았습니다 / no sketch: {drawing.reason}", err=True)
        return
    path.write_text(drawing.svg, encoding="utf-8")
    typer.echo(f"사고 장면: {path} / scene sketch written", err=True)
    for note in drawing.notes:
        typer.echo(f"  · {note}", err=True)


def register(app: typer.Typer) -> None:
    @app.command("assess")
    def assess_cmd(
        description: str = typer.Argument(
            None, help="사고 설명 (- 이면 표준 입력) / accident description (Korean; - reads standard input)"
        ),
        file: Path = typer.Option(None, "--file", help="설명 파일 (UTF-8) / read the description from a file"),
        party: list[str] = typer.Option(None, "--party", help="당사자 이름 2개 / two party names, in order"),
        answer: list[str] = typer.Option(None, "--answer", help="후속 질문 답변 id=값 / answer, e.g. p1.signal=적색"),
        as_json: bool = typer.Option(False, "--json", help="JSON 출력 / print the Assessment as JSON"),
        sketch: Path = typer.Option(None, "--sketch", help="사고 장면 SVG 파일 / write the scene sketch as SVG"),
        accident_date: str = typer.Option(
            None, "--date", help="사고 일자 (2019-05-03, 2019.05.03 …): 당시 시행 기준 적용 / accident date: the standard in force then"),
    ) -> None:
        """사고 설명으로 과실비율을 판단합니다 / assess an accident description.

        종료 코드 / exit codes: 0 판단 또는 판단 보류 / answered or declined, 2 잘못된 입력 / bad input,
        1 내부 오류 / internal error (docs/cli.md)."""
        from katalog.cli._assess_input import assess_with_parties, check_parties, check_text, read_description
        from katalog.engine import assess
        from katalog.errors import InputError
        from katalog.llm import get_backend
        from katalog.standard.edition import accident_day

        try:
            description = read_description(description, file)
            party = check_parties(party)
            on = accident_day(accident_date)
            answer = [check_text(item, "--answer") for item in answer or []]
        except InputError as exc:
            raise fail(str(exc)) from None
        answers = {}
        for item in answer or []:
            key, sep, value = item.partition("=")
            if not sep:
                raise fail(f"--answer 형식은 id=값 입니다: {item!r} / expected id=value")
            answers[key.strip()] = value.strip()
        a = assess_with_parties(assess, description, party, llm=get_backend(), answers=answers or None,
                                accident_date=on)
        if as_json:
            from katalog.textsafe import json_safe

            typer.echo(json_safe(a.model_dump_json(indent=2)))
        else:
            _print_assessment(a)
        if sketch is not None:
            _write_sketch(a, sketch)
        if a.status == "error":
            raise typer.Exit(1)

    @app.command("eval")
    def eval_cmd(
        file: Path = typer.Argument(..., help="평가 JSONL / eval file"),
        as_json: bool = typer.Option(False, "--json", help="마지막 줄에 지표 JSON / metrics JSON as last line"),
        out: Path = typer.Option(None, "--out", help="사례별 결과 JSONL / per-case results"),
        by: str = typer.Option("category", "--by", help="묶음 기준: category | family / group columns by"),
        use_llm: bool = typer.Option(
            False, "--llm", help="설정된 LLM 백엔드로 채점 (KATALOG_LLM_*) / score with the configured LLM backend"
        ),
    ) -> None:
        """평가셋으로 엔진을 채점합니다 / score the engine on an eval file."""
        from rich.progress import Progress

        from katalog.evaluation import by_category, by_family, read_cases, run_eval, summarize, write_results

        if by not in ("category", "family"):
            raise fail(f"--by 는 category 또는 family 입니다 / --by must be category or family, not {by!r}")

        llm = None
        if use_llm:
            from katalog.llm import get_backend

            llm = get_backend()
            if llm is None:
                raise fail("--llm 에는 KATALOG_LLM_BACKEND (openai, local, fake) 설정이 필요합니다 / "
                           "--llm needs KATALOG_LLM_BACKEND set (openai, local or fake)")
        total = sum(1 for _ in read_cases(file))
        if as_json:
            results = run_eval(file, llm=llm)
        else:
            with Progress(transient=True) as prog:
                task = prog.add_task("평가 중", total=total)
                results = run_eval(file, progress=lambda i: prog.update(task, completed=i), llm=llm)
        if out:
            write_results(results, out)
        metrics = summarize(results)
        if as_json:
            from katalog.jsonstrict import dumps

            typer.echo(dumps(metrics))  # strict JSON (no NaN)
            return
        from rich.console import Console
        from rich.table import Table

        # metrics as rows, groups as columns: stays readable in an 80-column terminal
        groups = {"전체": metrics, **(by_family(results) if by == "family" else by_category(results))}
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
        files: list[Path] = typer.Argument(
            None, help="평가 JSONL (기본: data/eval/dev_*.jsonl + 일상어 코퍼스 folds)"),
        blind: bool = typer.Option(False, "--blind", help="봉인된 blind 분할도 채점하고 기록 / also score the "
                                   "sealed blind split (logged to blind_log.jsonl)"),
        note: str = typer.Option("", "--note", help="blind 기록에 남길 메모 / note for the blind log"),
        as_json: bool = typer.Option(False, "--json"),
        out: Path = typer.Option(None, "--out", help="전체 보고서 JSON / whole report as JSON"),
    ) -> None:
        """엔진 정확도·보정·지연 시간 (세트별, 계열별) / engine accuracy, calibration and latency per set and
        chart family (rules-only)."""
        import time

        from rich.progress import Progress

        from katalog.engine import assess
        from katalog.evaluation_report import bench, default_sets, format_report, log_blind

        paths = list(files) if files else default_sets(blind)
        t0 = time.perf_counter()
        assess("신호 있는 교차로에서 녹색신호에 직진하던 A차량과 적색신호에 직진하던 B차량이 충돌")
        warm_ms = (time.perf_counter() - t0) * 1000
        with Progress(transient=True, disable=as_json) as prog:
            task = prog.add_task("평가 중", total=None)
            report = bench(paths, progress=lambda name, i: prog.update(task, description=name, completed=i))
        report["warmup_ms"] = round(warm_ms, 1)
        if "blind.jsonl" in report["sets"]:
            log_blind(report["sets"]["blind.jsonl"], note)
        if out:
            out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        if as_json:
            typer.echo(json.dumps(report, ensure_ascii=False))
            return
        typer.echo(f"warm-up (first assessment, loads index): {report['warmup_ms']} ms")
        typer.echo(format_report(report))


_register_bench()
