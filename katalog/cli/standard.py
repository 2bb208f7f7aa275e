"""`katalog chart`, `katalog charts`, `katalog calc`: the standard and the calculator in a terminal."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from katalog.errors import KatalogError


def _echo_json(obj: object) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=1))


def chart_card(chart_id: str, as_json: bool) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

    from katalog.standard.loader import load_standard
    from katalog.ui.format import twin_line

    std = load_standard()
    c = std.get(chart_id)
    if as_json:
        _echo_json(c.model_dump(mode="json"))
        return
    con = Console()
    book = std.book(c.book)
    head = f"[bold]{c.id}[/bold]  {c.title}\n{c.category} · {book.title} ({book.edition})"
    if c.section:
        head += f"\n[dim]{c.section}[/dim]"
    if twin := twin_line(c, std):
        head += f"\n{twin}"
    con.print(Panel(head, expand=False))
    roles = Table(title="당사자 / parties", show_lines=False)
    roles.add_column("")
    roles.add_column("역할 / role")
    roles.add_column("유형 / type")
    for k in ("A", "B"):
        roles.add_row(k, c.parties[k].label, c.parties[k].type)
    con.print(roles)
    var = Table(title="기본 과실비율 / base ratio")
    for col in ("유형", "조건 / condition", "A", "B"):
        var.add_column(col)
    for v in c.variants:
        var.add_row(v.key + (f" {v.label}" if v.label else ""), v.condition, str(v.base.A), str(v.base.B))
    con.print(var)
    if c.modifiers:
        mods = Table(title="수정요소 / modifiers")
        for col in ("id", "대상", "이름 / name", "가감", "유형"):
            mods.add_column(col)
        for m in c.modifiers:
            mods.add_row(
                m.id,
                m.party,
                m.name + (f" ({m.note})" if m.note else ""),
                f"{m.delta:+d}",
                ",".join(m.variants or ["전체"]),
            )
        con.print(mods)
    else:
        con.print("[dim]수정요소 없음 / no modifiers[/dim]")
    if c.situation:
        con.print(Panel(c.situation, title="사고 상황", expand=False))
    for label, items in (
        ("관련 법규 / laws", c.laws),
        ("참고 판례 / precedents", c.precedents),
        ("구 도표 번호 / legacy ids", c.legacy_ids),
        ("2023 대응 도표 / maps to", c.maps_to),
    ):
        if items:
            con.print(f"[bold]{label}[/bold]: " + ", ".join(items))
    con.print(f"[dim]기준 데이터 {std.version} · 출처: 손해보험협회 과실비율 인정기준 (data/NOTICE.md)[/dim]")


def list_charts(search: str | None, category: str | None, book: str | None, as_json: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from katalog.standard.loader import load_standard

    std = load_standard()
    books = {b.id for b in std.books}
    if book is not None and book not in books:
        raise KatalogError(f"알 수 없는 책: {book}", f"unknown book {book!r}; books", hints=sorted(books))
    cats = sorted({c.category for c in std})
    if category is not None and category not in cats:
        raise KatalogError(
            f"알 수 없는 분류: {category}", f"unknown category {category!r}; categories", hints=cats
        )
    found = std.search(search, category=category, book=book)
    if as_json:
        _echo_json([{"id": c.id, "book": c.book, "category": c.category, "title": c.title} for c in found])
        return
    table = Table(title=f"도표 {len(found)}개 / {len(found)} charts")
    for col in ("id", "book", "category", "title", "A:B"):
        table.add_column(col)
    for c in found:
        table.add_row(
            c.id,
            c.book,
            c.category,
            c.title,
            " / ".join(str(v.base).replace("A", "").replace("B", "") for v in c.variants),
        )
    Console().print(table)


def calc(chart_id: str, variant: str | None, modifiers: list[str], as_json: bool) -> None:
    from katalog.calculator import compute

    result = compute(chart_id, variant=variant, modifiers=modifiers)
    if as_json:
        _echo_json(
            {
                "chart_id": result.chart_id,
                "variant": result.variant,
                "base": {"A": result.base.A, "B": result.base.B},
                "applied": [
                    {"party": a.party, "name": a.name, "delta": a.delta}
                    for a in result.applied
                    if a.skipped is None
                ],
                "final": {"A": result.final.A, "B": result.final.B},
                "formula": result.formula,
            }
        )
        return
    typer.echo(result.formula)
    for a in result.applied:
        if a.skipped:
            typer.echo(f"  제외 / skipped: {a.party} {a.name} {a.delta:+d} — {a.skipped}")
    typer.echo(
        f"최종 / final: A {result.final.A} : B {result.final.B}"
        + (" (0~100 조정 / clamped)" if result.clamped else "")
    )


def register(app: typer.Typer) -> None:
    from katalog.cli import fail

    @app.command("chart")
    def chart_cmd(
        chart_id: Annotated[
            str, typer.Argument(help="도표 번호, 예: 차15-1, 보1, 거10-1, 회전-3, PM-05, 301")
        ],
        as_json: Annotated[bool, typer.Option("--json", help="JSON 출력 / machine-readable")] = False,
    ) -> None:
        """도표 카드 / show one chart: parties, variants, modifiers, laws."""
        try:
            chart_card(chart_id, as_json)
        except KatalogError as exc:
            raise fail(str(exc)) from None

    @app.command("charts")
    def charts_cmd(
        search: Annotated[
            str | None, typer.Option("--search", "-s", help="검색어 (제목·당사자·상황)")
        ] = None,
        category: Annotated[
            str | None,
            typer.Option(
                "--category", "-c", help="차대차, 차대보행자, 차대자전거·이륜차, PM, 회전교차로, 비정형"
            ),
        ] = None,
        book: Annotated[
            str | None,
            typer.Option("--book", "-b", help="MAIN2023, ROUND2025, PM2021, NONTYPICAL2020, PORTAL"),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """도표 목록 / list and search charts."""
        try:
            list_charts(search, category, book, as_json)
        except KatalogError as exc:
            raise fail(str(exc)) from None

    @app.command("calc")
    def calc_cmd(
        chart_id: Annotated[str, typer.Argument(help="도표 번호 / chart id")],
        variant: Annotated[
            str | None, typer.Option("--variant", "-v", help="가/나/다 (없으면 첫 유형)")
        ] = None,
        modifier: Annotated[
            list[str] | None, typer.Option("--modifier", "-m", help="'B 서행불이행' 또는 id, 여러 번 가능")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """과실비율 계산 / base ratio + modifiers → final ratio with a checkable formula."""
        try:
            calc(chart_id, variant, list(modifier or []), as_json)
        except KatalogError as exc:
            raise fail(str(exc)) from None
