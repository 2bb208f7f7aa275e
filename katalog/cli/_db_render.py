"""Rich rendering shared by the `cases`, `batch` and `review` commands."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from rich.console import Console
from rich.markup import escape as _markup_escape
from rich.table import Table

from katalog.db.records import AssessmentRecord, CaseDetail, CaseSummary, ReviewRecord
from katalog.textsafe import clean_text

console = Console()


def escape(value: Any) -> str:
    """Imported or typed text made safe to print: terminal escape sequences and control characters
    removed (`katalog.textsafe`), then rich markup escaped."""
    return _markup_escape(clean_text(value))


def display_tz() -> dt.tzinfo:
    """$KATALOG_TZ (an IANA name such as Asia/Seoul) or UTC. Stored times are always UTC."""
    name = os.environ.get("KATALOG_TZ", "").strip()
    if name and name.upper() != "UTC":
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            from katalog.errors import InputError

            raise InputError(f"알 수 없는 시간대: {name}", "KATALOG_TZ must be an IANA time zone, e.g. Asia/Seoul") from None
    return dt.UTC


def when(value: dt.datetime | None) -> str:
    """'2026-12-06 08:30:00 +00:00' in the display time zone (naive values are UTC)."""
    if value is None:
        return "-"
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(display_tz())
    off = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} {off[:3]}:{off[3:]}"


def _short(text: str, n: int = 48) -> str:
    text = " ".join(clean_text(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def cases_table(rows: list[CaseSummary], title: str) -> None:
    table = Table(title=title)
    for col in (
        "id",
        "상태 status",
        "도표 chart",
        "과실 ratio",
        "신뢰도 conf",
        "검토 review",
        "사유 flags",
        "설명",
    ):
        table.add_column(col)
    for s in rows:
        ratio = ":".join(map(str, s.final)) if s.final else "-"
        if s.parties and s.final:
            ratio = f"{s.parties[0]} {s.final[0]} : {s.parties[1]} {s.final[1]}"
        review = s.review_state
        if s.reviewed_ratio:
            review += f" ({s.reviewed_ratio[0]}:{s.reviewed_ratio[1]})"
        table.add_row(
            escape(s.external_id),
            s.status or "미채점",
            escape(s.chart_id or "-"),
            escape(ratio),
            f"{s.confidence:.2f}" if s.confidence is not None else "-",
            escape(review),
            ",".join(s.flags),
            escape(_short(s.description)),
        )
    console.print(table)


def _assessment_line(a: AssessmentRecord) -> str:
    ratio = "-"
    if a.final and len(a.parties) == 2:
        ratio = f"{a.parties[0]} {a.final[0]} : {a.parties[1]} {a.final[1]}"
    extra = f" — {a.message}" if a.message else ""
    model = f", model {a.llm_model}" if a.llm_model else ""
    return (
        f"평가 #{a.id} {'(현재) ' if a.is_current else ''}{a.status} {a.chart_id or '-'} {a.variant or ''}"
        f" {ratio} conf {a.confidence:.2f} [engine {a.engine_version}, data {a.standard_version}{model}]{extra}"
    )


def _review_line(r: ReviewRecord) -> str:
    return f"검토 #{r.id} on 평가 #{r.assessment_id}: {r.reviewer} → {r.ratio_text()} — {r.reason}"


def show_detail(d: CaseDetail) -> None:
    c = d.case
    console.print(f"[bold]{escape(c.external_id)}[/bold]  {c.accident_date or ''} {escape(c.source or '')}")
    console.print(_markup_escape(clean_text(c.description, keep_newlines=True)))
    if c.parties:
        console.print(f"당사자 / parties: {escape(c.parties[0])}, {escape(c.parties[1])}")
    console.print(f"검토 상태 / review state: {c.review_state}  {','.join(c.flags)}")
    if c.reviewed_ratio:
        console.print(
            escape(
                f"최근 검토 결정 / latest decision: {c.reviewed_ratio[0]}:{c.reviewed_ratio[1]}"
                f" ({c.reviewer}, {when(c.reviewed_at)}, 평가 #{c.reviewed_assessment_id})"
            )
        )
    console.print(f"[bold]기록 / audit trail[/bold] [dim](시간대 / time zone: {when(dt.datetime.now(dt.UTC))[-6:]})[/dim]")
    for at, kind, item in d.trail():
        line = _assessment_line(item) if kind == "assessment" else _review_line(item)  # type: ignore[arg-type]
        console.print(f"  {when(at)}  {escape(line)}")


def report_text(r: dict[str, Any]) -> None:
    console.print(
        f"사건 {r['cases']} · 채점 {r['scored']} · 미채점 {r['unscored']} · 검토 대기 {r['review_queue']}"
        f" · 검토 {r['reviews']} / cases {r['cases']}, scored {r['scored']}, queue {r['review_queue']}"
    )
    console.print(f"상태 / status: {escape(r['status'])}")
    console.print(f"검토 사유 / flags: {escape(r['flags'])}")
    for title, key in (
        ("도표 분포 / charts", "charts"),
        ("과실비율 분포 / ratios", "ratios"),
        ("판단보류 사유 / abstentions", "abstentions"),
        ("오류 / errors", "errors"),
        ("버전 / versions", "versions"),
    ):
        table = Table(title=title)
        table.add_column("값 value")
        table.add_column("건수 n", justify="right")
        for *vals, n in r[key]:
            table.add_row(escape(" ".join(str(v) for v in vals)), str(n))
        console.print(table)
    console.print(f"규칙/LLM 불일치 / rules-LLM disagreements: {r['disagreements']}")
    for ext, chart, why in r["disagreement_examples"]:
        console.print(f"  {escape(ext)} {escape(chart)}: {escape(why)}")
