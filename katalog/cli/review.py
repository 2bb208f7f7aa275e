"""`katalog review list|show|decide`: the adjuster's queue and the append-only audit trail."""

from __future__ import annotations

import os

import typer

from katalog.cli._options import DB_OPTION

review_app = typer.Typer(help="검토 / review queue and audit trail.", no_args_is_help=True)


@review_app.command("list")
def list_queue(
    db: str | None = DB_OPTION,
    limit: int = typer.Option(20, min=1),
    offset: int = typer.Option(0, min=0),
    min_confidence: float | None = typer.Option(None, help="이 신뢰도 미만은 검토 대상 (기본 0.5)"),
    max_gap: float | None = typer.Option(None, help="1·2위 도표 신뢰도 차가 이보다 작으면 검토 (기본 0.15)"),
) -> None:
    """검토 대기 목록 / cases waiting for review (low confidence, close charts, disagreement, abstention)."""
    from katalog.cli._db_render import cases_table
    from katalog.db import open_db

    with open_db(db) as database:
        rows = database.review_queue(limit, offset, min_confidence=min_confidence, max_gap=max_gap)
    cases_table(rows, "검토 대기 / review queue")


@review_app.command("show")
def show(
    case_id: str = typer.Argument(..., help="사건 번호 / case id"),
    db: str | None = DB_OPTION,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """사건 기록 (평가와 검토, 시간순) / the case's audit trail."""
    from dataclasses import asdict

    from katalog.db import open_db

    with open_db(db) as database:
        detail = database.case_detail(case_id)
    if as_json:
        from katalog.textsafe import safe_json

        typer.echo(safe_json(asdict(detail), default=_json_default))
        return
    from katalog.cli._db_render import show_detail

    show_detail(detail)


@review_app.command("decide")
def decide(
    case_id: str = typer.Argument(..., help="사건 번호 / case id"),
    ratio: str = typer.Option(..., "--ratio", help="당사자1:당사자2 과실, 예 30:70"),
    reason: str = typer.Option(..., "--reason", help="결정 사유 / reason"),
    reviewer: str | None = typer.Option(
        None, "--reviewer", help="검토자 (기본 $KATALOG_REVIEWER 또는 $USER)"
    ),
    db: str | None = DB_OPTION,
) -> None:
    """검토 결정 기록 (수정·삭제 불가) / record a decision (append-only)."""
    from katalog.cli import fail
    from katalog.cli._db_render import display_tz
    from katalog.db import open_db

    display_tz()  # a bad KATALOG_TZ fails before anything is recorded
    who = reviewer or os.environ.get("KATALOG_REVIEWER") or os.environ.get("USER")
    if not who:
        raise fail("--reviewer 를 지정하세요 / give --reviewer NAME")
    with open_db(db) as database:
        r = database.decide(case_id, ratio, reason, who)
    from katalog.cli._db_render import when
    from katalog.textsafe import clean_text

    typer.echo(
        clean_text(
            f"검토 #{r.id} 기록: {case_id} → {r.ratio_text()} ({r.reviewer}, {when(r.created_at)}) / review recorded"
        )
    )


def _json_default(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()  # timestamps are UTC with "+00:00"
    return str(value)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
