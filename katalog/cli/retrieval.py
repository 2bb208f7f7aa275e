"""`katalog index build`, `katalog search "…"` and `katalog bench retrieval`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from katalog.errors import InputError

index_app = typer.Typer(help="검색 색인 / retrieval index.", no_args_is_help=True)


def _build(force: bool) -> dict:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from katalog.retrieval.hybrid import get_retriever

    with Progress(TextColumn("[bold]색인 / index[/] {task.description}"), BarColumn(), TimeElapsedColumn(),
                  transient=True) as bar:
        task = bar.add_task("loading", total=2)

        def progress(label: str, done: int, total: int) -> None:
            bar.update(task, description=label, completed=done, total=total)

        retriever = get_retriever(force=force, progress=progress)
    return retriever.info


@index_app.command("build")
def index_build(
    force: Annotated[bool, typer.Option("--force", help="rebuild even when the index is current")] = False,
) -> None:
    """색인을 만들거나 확인합니다 / build (or verify) the persisted BM25 + FAISS index."""
    info = _build(force)
    state = "built" if info.get("built") else "up to date"
    extra = f" in {info.get('build_s')} s {info.get('timings_s')}" if info.get("built") else ""
    typer.echo(f"index {state}{extra}: {info.get('path')}")


def _search(query: str, k: int, kind: str | None, as_json: bool, exclude: list[str] | None) -> None:
    from katalog.retrieval.hybrid import get_retriever

    if not query or not query.strip():
        raise InputError("검색어가 비어 있습니다", "empty query", hints=['katalog search "뒤에서 추돌당했어요"'])
    if k <= 0:
        raise InputError("--k는 1 이상이어야 합니다", "--k must be at least 1")
    r = get_retriever()
    if kind == "chart":
        hits = r.search_charts(query, k=k, exclude_ids=exclude)
        if as_json:
            typer.echo(json.dumps([h.model_dump() for h in hits], ensure_ascii=False, indent=1))
            return
        for n, h in enumerate(hits, 1):
            title = h.evidence[0].title if h.evidence else h.chart_id
            typer.echo(f"{n:>2}. {title}  score={h.score:.4f} bm25={h.bm25_score:.2f} dense={h.dense_score:.3f}")
        return
    docs = r.search(query, k=k, kinds=[kind] if kind else None, exclude_ids=exclude)
    if as_json:
        typer.echo(json.dumps([h.model_dump() for h in docs], ensure_ascii=False, indent=1))
        return
    for n, h in enumerate(docs, 1):
        charts = f" → {', '.join(h.chart_ids[:3])}" if h.chart_ids and h.kind != "chart" else ""
        typer.echo(f"{n:>2}. [{h.kind}] {h.title}{charts}  score={h.score:.4f}")


def register(app: typer.Typer) -> None:
    app.add_typer(index_app, name="index")

    @app.command("search")
    def search(
        query: Annotated[str, typer.Argument(help="사고 설명 또는 검색어 / accident description or query")],
        k: Annotated[int, typer.Option("--k", help="결과 수 / number of results")] = 5,
        kind: Annotated[str | None, typer.Option("--kind", help="chart | precedent | committee | law")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON 출력 / print JSON")] = False,
        exclude: Annotated[list[str] | None, typer.Option("--exclude", help="제외할 문서 id / doc ids to skip")] = None,
    ) -> None:
        """도표·판례·심의사례·법조문 검색 / search charts, precedents, decisions and law articles."""
        from katalog.retrieval.types import KINDS

        if kind is not None and kind not in KINDS:
            raise InputError(f"알 수 없는 --kind: {kind}", "use chart, precedent, committee or law")
        _search(query, k, kind, as_json, exclude)

    from katalog.cli.bench import bench_app

    @bench_app.command("retrieval")
    def bench_retrieval(
        as_json: Annotated[bool, typer.Option("--json")] = False,
        misses: Annotated[bool, typer.Option("--misses", help="list the fused top-1 misses")] = False,
        model: Annotated[str | None, typer.Option("--model", help="embedding model id or path")] = None,
        sets: Annotated[str, typer.Option("--sets")] = "dev_queries,dev_q2,dev_structured,dev_committee",
    ) -> None:
        """검색 벤치마크 / chart Hit@1, Hit@3, MRR (BM25, dense, fused), latency, build time."""
        from katalog.retrieval.bench import main as bench_main

        argv = ["--sets", sets] + (["--json"] if as_json else []) + (["--misses"] if misses else [])
        bench_main(argv + (["--model", model] if model else []))
