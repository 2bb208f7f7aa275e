"""`katalog cases import|list`: load claims into the case database and look at them."""

from __future__ import annotations

from pathlib import Path

import typer

from katalog.cli._options import DB_OPTION

cases_app = typer.Typer(
    help="사건 데이터베이스 / case database: import and list claims.", no_args_is_help=True
)


@cases_app.command("import")
def import_cases(
    file: Path = typer.Argument(..., help="CSV, JSONL 또는 XLSX 파일 / file to import"),
    db: str | None = DB_OPTION,
    map_: list[str] = typer.Option(
        [], "--map", help="필드=열 (예: --map id=claim_no --map description=text) / FIELD=COLUMN"
    ),
    source: str | None = typer.Option(None, "--source", help="출처 표시 (기본: 파일 이름) / source label"),
    strict: bool = typer.Option(False, "--strict", help="거부된 행이 있으면 종료 코드 1 / exit 1 on rejects"),
) -> None:
    """사건 가져오기 / import cases (id, description[, party_1, party_2, accident_date])."""
    from katalog.db import open_db

    with open_db(db) as database:
        report = database.import_cases(file, map_, source=source)
    from katalog.textsafe import clean_text

    typer.echo(report.summary())
    for r in report.rejects[:5]:  # the first few, one line each; all of them are in the rejects file
        who = f" ({r.external_id})" if r.external_id else ""
        typer.echo(clean_text(f"  {r.line}행{who}: {r.reason_ko or r.reason} / line {r.line}: {r.reason_en or r.detail}"))
    if strict and report.rejected:
        raise typer.Exit(1)


@cases_app.command("list")
def list_cases(
    db: str | None = DB_OPTION,
    status: str | None = typer.Option(None, help="ok | abstained | error | unscored"),
    chart: str | None = typer.Option(None, help="도표 번호 / chart id"),
    query: str | None = typer.Option(None, "--q", help="설명·번호 검색 / search text"),
    limit: int = typer.Option(20, min=1),
    offset: int = typer.Option(0, min=0),
) -> None:
    """사건 목록 / list cases with their current assessment."""
    from katalog.cli._db_render import cases_table
    from katalog.db import open_db

    filters = {k: v for k, v in {"status": status, "chart_id": chart, "q": query}.items() if v is not None}
    with open_db(db) as database:
        rows = database.list_cases(filters, limit=limit, offset=offset)
        total = database.count_cases(filters)
    cases_table(rows, f"사건 / cases ({offset + len(rows)}/{total})")


def register(app: typer.Typer) -> None:
    app.add_typer(cases_app, name="cases")
