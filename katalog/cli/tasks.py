"""`katalog tasks` (the 41-task registry) and `katalog assist` (the general Korean assistant)."""

from __future__ import annotations

import json

import typer


def register(app: typer.Typer) -> None:
    @app.command("tasks")
    def tasks(as_json: bool = typer.Option(False, "--json", help="JSON 목록 / print JSON")) -> None:
        """일반 과제 목록 (41개, 13개 분야) / list the general instruction tasks."""
        from general_tasks.registry import category_name, registry_summary

        rows = registry_summary()
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False))
            return
        for r in rows:
            typer.echo(f"{r['id']:28s} {category_name(r['category'])}\t{r['name']}\t[{r['metric']}]")
        typer.echo(f"— {len(rows)}개 과제 / tasks")

    @app.command("assist")
    def assist(
        request: str = typer.Argument(..., help="요청 / the request (Korean)"),
        task: str = typer.Option(None, "--task", help="과제 id (생략 시 자동 선택) / task id (default: routed)"),
        template: int = typer.Option(0, "--template", help="지시문 템플릿 번호 / instruction template index"),
        as_json: bool = typer.Option(False, "--json", help="JSON 출력 / print JSON"),
    ) -> None:
        """일반 한국어 도우미: 과제를 고르고 설정된 LLM으로 답합니다 / answer with the configured LLM."""
        from general_tasks.backends import CONFIGURE_HELP, configured_backend
        from general_tasks.inference import assist as assist_request
        from general_tasks.registry import get_task
        from general_tasks.router import route
        from katalog.cli import fail
        from katalog.errors import KatalogError

        try:
            chosen = get_task(task) if task else None  # unknown id: one line, before any LLM work
        except KatalogError as exc:
            raise fail(str(exc)) from None
        backend = configured_backend()
        if backend is None:
            picked = chosen.id if chosen else route(request).task_id
            typer.echo(f"선택된 과제 / routed task: {picked}", err=True)
            typer.echo(CONFIGURE_HELP, err=True)
            raise typer.Exit(2)
        ans = assist_request(request, backend, task=task, template=template)
        if as_json:
            out = {"task": ans.task, "name": ans.name, "route": ans.route, "answer": ans.text, "parsed": ans.parsed}
            typer.echo(json.dumps(out, ensure_ascii=False))
            return
        typer.echo(f"[{ans.task} · {ans.name}] ({ans.route})")
        typer.echo(ans.text)
