"""`katalog llm status` and `katalog bench llm`."""

from __future__ import annotations

import typer

from katalog import jsonstrict
from katalog.cli import fail

llm_app = typer.Typer(help="LLM 백엔드 / LLM backend (status, configuration).", no_args_is_help=True)


@llm_app.command("status")
def status(as_json: bool = typer.Option(False, "--json", help="JSON 한 줄로 출력 / print one JSON line")) -> None:
    """활성 LLM 백엔드와 상태 / the active backend, its model and health."""
    from katalog.llm import LLMSettings, get_backend
    from katalog.llm.errors import LLMConfigError
    from katalog.llm.prompts import prompt_hash

    try:
        settings = LLMSettings.from_env()
        backend = get_backend(settings)
    except LLMConfigError as exc:
        raise fail(str(exc)) from None
    if backend is None:
        health = {"ok": True, "backend": "none", "model": None, "detail": "규칙 엔진만 사용 / rules only"}
    else:
        health = backend.health()
    info = {
        **health,
        "settings": settings.public(),
        "prompts": {n: prompt_hash(n)[:12] for n in ("propose_facts", "extract_facts", "explain")},
    }
    if as_json:
        typer.echo(jsonstrict.dumps(info, default=str))
        if not health["ok"]:
            raise typer.Exit(1)
        return
    mark = "정상 / ok" if health["ok"] else "오류 / not ok"
    typer.echo(f"백엔드 / backend : {health['backend']}")
    typer.echo(f"모델 / model     : {health.get('model') or '-'}")
    if settings.base_url:
        typer.echo(f"주소 / base url  : {settings.base_url}")
    typer.echo(f"상태 / health    : {mark} — {health.get('detail', '')}")
    typer.echo("프롬프트 / prompts: " + ", ".join(f"{k}@{v}" for k, v in info["prompts"].items()))
    if not health["ok"]:
        raise typer.Exit(1)


def bench_llm(
    base_url: str = typer.Option(..., "--base-url", help="OpenAI 호환 서버 / e.g. http://127.0.0.1:8000"),
    model: str = typer.Option(None, "--model", help="모델 이름 (기본: 서버의 첫 모델) / served model"),
    n: int = typer.Option(3, "--n", help="batch-1 스트리밍 반복 횟수 / streamed runs at batch 1"),
    max_tokens: int = typer.Option(128, "--max-tokens"),
    concurrency: int = typer.Option(16, "--concurrency", help="동시 요청 수 / requests in flight"),
    assess_n: int = typer.Option(8, "--assess-n", help="종단 간 평가 건수 / end-to-end assessments"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """LLM 서빙 속도 / TTFT, batch-1 decode tok/s, batch-N aggregate tok/s, assessments/s."""
    import os

    from katalog.llm.bench import run_llm_bench

    result = run_llm_bench(
        base_url, model=model, api_key=os.environ.get("KATALOG_LLM_API_KEY"), n=n, max_tokens=max_tokens,
        concurrency=concurrency, assess_n=assess_n,
    )
    if not result.get("ok"):
        raise fail(f"LLM 서버 상태 확인 실패 / server not healthy: {result.get('error')}")
    if not as_json:
        for key, value in result.items():
            typer.echo(f"{key:>20}: {value}")
    typer.echo(jsonstrict.dumps(result))


def register(app: typer.Typer) -> None:
    from katalog.cli.bench import bench_app

    app.add_typer(llm_app, name="llm")
    bench_app.command("llm")(bench_llm)  # the `bench` group itself lives in katalog/cli/bench.py
