"""`katalog tasks` (the 41-task registry) and `katalog assist` (the general Korean assistant)."""

from __future__ import annotations

from pathlib import Path

import typer

from katalog import jsonstrict


def register(app: typer.Typer) -> None:
    @app.command("tasks")
    def tasks(as_json: bool = typer.Option(False, "--json", help="JSON 목록 / print JSON")) -> None:
        """일반 과제 목록 (41개, 13개 분야) / list the general instruction tasks."""
        from general_tasks.registry import category_name, registry_summary

        rows = registry_summary()
        if as_json:
            typer.echo(jsonstrict.dumps(rows))
            return
        for r in rows:
            typer.echo(f"{r['id']:28s} {category_name(r['category'])}\t{r['name']}\t[{r['metric']}]")
        typer.echo(f"— {len(rows)}개 과제 / tasks")

    @app.command("assist")
    def assist(
        request: str = typer.Argument(None, help="요청 / the request (Korean); 생략 + --chat 이면 대화 / omit with --chat"),
        task: str = typer.Option(None, "--task", help="과제 id (생략 시 자동 선택) / task id (default: routed)"),
        template: int = typer.Option(0, "--template", help="지시문 템플릿 번호 / instruction template index"),
        as_json: bool = typer.Option(False, "--json", help="JSON 출력 / print JSON"),
        chat: bool = typer.Option(False, "--chat", help="여러 턴 대화 (빈 줄·exit로 종료) / multi-turn chat on stdin"),
        history_file: Path = typer.Option(
            None, "--history", help="대화 기록 JSON (읽고 이어서 저장) / conversation file, read and appended"
        ),
        stream: bool = typer.Option(True, "--stream/--no-stream", help="답을 생성되는 대로 출력 / stream the answer"),
    ) -> None:
        """한국어 도우미: 요청을 과제의 입력 항목으로 나누고, 사고 과실 질문은 엔진·검색으로 답합니다 /
        the assistant: parses the request into the task's fields; accident questions go to the engine."""
        from general_tasks.assistant import respond
        from general_tasks.backends import CONFIGURE_HELP, configured_backend
        from general_tasks.registry import get_task
        from katalog.cli import fail
        from katalog.errors import KatalogError

        try:
            if task:
                get_task(task)  # unknown id: one line, before any LLM work
            backend = configured_backend()
        except KatalogError as exc:
            raise fail(str(exc)) from None
        history = _load_history(history_file) if history_file else []
        if not chat and not request:
            raise fail("요청을 입력하거나 --chat 을 쓰세요 / give a request or use --chat")

        def turn(message: str) -> int:
            history.append({"role": "user", "content": message})
            if stream and not as_json:
                rs = respond(history[:-1], message, backend=backend, stream=True, task=task, template=template)
                shown = False
                for delta in rs:
                    typer.echo(delta, nl=False)
                    shown = True
                reply = rs.reply
                if not shown:
                    typer.echo(reply.text, nl=False)
                typer.echo("")
            else:
                reply = respond(history[:-1], message, backend=backend, task=task, template=template)
            history.append(reply.message())
            if reply.kind == "error" and backend is None:
                typer.echo(f"선택된 과제 / routed task: {reply.task}", err=True)
                typer.echo(CONFIGURE_HELP, err=True)
                return 2
            if as_json:
                out = {"task": reply.task, "name": reply.task_name, "route": reply.route, "answer": reply.text,
                       "parsed": reply.parsed, "kind": reply.kind, "fields": reply.fields,
                       "constraints": reply.constraints, "assessment": reply.assessment, "citations": reply.citations}
                typer.echo(jsonstrict.dumps(out))
            elif not stream:
                label = f"[{reply.task} · {reply.task_name}] ({reply.route})" if reply.task else f"[{reply.kind}]"
                typer.echo(label)
                typer.echo(reply.text)
            return 0

        code = 0
        if request:
            code = turn(request)
        if chat:
            import sys

            while True:
                if sys.stdin.isatty():
                    typer.echo("> ", nl=False)
                line = sys.stdin.readline()
                if not line or line.strip() in ("", "exit", "quit", "종료"):
                    break
                code = turn(line.strip())
        if history_file:
            history_file.write_text(jsonstrict.dumps(history, indent=1) + "\n", encoding="utf-8")
        if code:
            raise typer.Exit(code)


def _load_history(path: Path) -> list[dict]:
    import json

    from katalog.cli import fail

    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "[]")
    except ValueError as exc:
        raise fail(f"대화 기록 파일이 JSON이 아닙니다 / history file is not JSON: {path}: {exc}") from None
    if not isinstance(data, list) or not all(isinstance(m, dict) and m.get("role") in ("user", "assistant")
                                             for m in data):
        raise fail(f"대화 기록 형식 오류 / history must be a list of {{role, content}}: {path}")
    return data
