"""`Database`: the one object the CLI, the batch runner and the UI use to read and write cases."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from katalog.db import importer
from katalog.db.connect import init_db
from katalog.db.export import export_row, write_export
from katalog.db.flags import QueueConfig, flagged_clause, flags_for
from katalog.db.orm import AssessmentRow, Case, Review
from katalog.db.records import (
    AssessmentRecord,
    CaseDetail,
    CaseSummary,
    ImportReport,
    ReviewRecord,
    as_utc,
)
from katalog.db.store import row_fields, write_current
from katalog.errors import InputError
from katalog.models import Assessment

_A = aliased(AssessmentRow, name="cur")
# The latest human decision on the *case* (not on one assessment): it survives a rescore.
_LAST_REVIEW = (
    select(Review.case_id, func.max(Review.id).label("review_id")).group_by(Review.case_id).subquery()
)
_R = aliased(Review, name="last_review")
# A newer engine result that differs from that decision sends the case back to the queue.
_CONFLICT = and_(
    _R.id.is_not(None),
    _A.id.is_not(None),
    _R.assessment_id != _A.id,
    or_(
        _A.status != "ok",
        _A.final_1.is_(None),
        _A.final_2.is_(None),
        _A.final_1 != _R.ratio_1,
        _A.final_2 != _R.ratio_2,
    ),
)

FILTER_KEYS = ("status", "chart_id", "flagged", "review_state", "q", "source")
STATUSES = ("ok", "abstained", "error", "unscored")
REVIEW_STATES = ("unscored", "reviewed", "needs_review", "none")


def parse_ratio(text: str) -> tuple[int, int]:
    """'30:70' → (30, 70); each 0–100 and summing to 100."""
    parts = str(text).replace("/", ":").replace(" ", "").split(":")
    try:
        a, b = (int(p) for p in parts)
    except ValueError:
        raise InputError(f"비율 형식이 잘못되었습니다: {text!r}", "ratio must look like 30:70") from None
    if not (0 <= a <= 100 and 0 <= b <= 100 and a + b == 100):
        raise InputError(
            f"비율은 0~100이고 합이 100이어야 합니다: {text}", "ratio parts must be 0-100 and sum to 100"
        )
    return a, b


def review_conflict(a: AssessmentRow | None, r: Review | None) -> bool:
    """The case's latest decision was made on an older assessment and the current one differs from it."""
    if a is None or r is None or r.assessment_id == a.id:
        return False
    return a.status != "ok" or [a.final_1, a.final_2] != [r.ratio_1, r.ratio_2]


def _assessment_record(a: AssessmentRow, payload: bool = False) -> AssessmentRecord:
    return AssessmentRecord(
        id=a.id,
        case_id=a.case_id,
        status=a.status,
        message=a.message,
        abstention_code=a.abstention_code,
        chart_id=a.chart_id,
        variant=a.variant,
        parties=[p for p in (a.party_1, a.party_2) if p],
        base=[a.base_1, a.base_2] if a.base_1 is not None and a.base_2 is not None else None,
        final=[a.final_1, a.final_2] if a.final_1 is not None and a.final_2 is not None else None,
        confidence=a.confidence,
        top2_gap=a.top2_gap,
        disagreement=a.disagreement,
        engine_version=a.engine_version,
        standard_version=a.standard_version,
        llm_model=a.llm_model,
        prompt_hash=a.prompt_hash,
        is_current=a.is_current,
        created_at=as_utc(a.created_at),
        payload=a.payload if payload else None,
    )


def _review_record(r: Review) -> ReviewRecord:
    return ReviewRecord(
        id=r.id,
        case_id=r.case_id,
        assessment_id=r.assessment_id,
        reviewer=r.reviewer,
        ratio=[r.ratio_1, r.ratio_2],
        reason=r.reason,
        created_at=as_utc(r.created_at),
    )


class Database:
    """A migrated database at `url` (see `katalog.db.connect.resolve_url`)."""

    def __init__(self, url: str | None = None, queue: QueueConfig | None = None) -> None:
        self.engine = init_db(url)
        self.url = self.engine.url.render_as_string(hide_password=False)
        self.queue = queue or QueueConfig.from_env()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # ----------------------------------------------------------------------------------------
    # Import
    # ----------------------------------------------------------------------------------------
    def import_cases(
        self,
        data: str | Path | Iterable[Mapping[str, Any]],
        mapping: Mapping[str, str] | Iterable[str] | None = None,
        *,
        source: str | None = None,
        write_rejects: bool = True,
        chunk: int = importer.CHUNK,
    ) -> ImportReport:
        """Import a CSV/JSONL/XLSX file or an iterable of dicts. Rejects go to `<file>.rejects.csv`."""
        fields = importer.parse_mapping(mapping)
        if isinstance(data, str | Path):
            path = Path(data)
            report = ImportReport(source=str(path))
            rows = importer.read_file(path)
            importer.import_rows(
                self.engine, rows, mapping=fields, source=source or path.name, report=report, chunk=chunk
            )
            rejects = importer.rejects_path_for(path)
            if write_rejects and report.rejects:
                importer.write_rejects(report, rejects)
            elif write_rejects and rejects.exists():
                rejects.unlink()  # a stale list from an earlier run would mislead
            return report
        report = ImportReport(source=source or "rows")
        numbered = ((i, dict(r), "") for i, r in enumerate(data, 1))
        return importer.import_rows(
            self.engine, numbered, mapping=fields, source=source, report=report, chunk=chunk
        )

    # ----------------------------------------------------------------------------------------
    # Assessments
    # ----------------------------------------------------------------------------------------
    def save_assessment(
        self,
        case: str | Mapping[str, Any] | None,
        assessment: Assessment,
        *,
        version_key: str | None = None,
    ) -> int:
        """Store `assessment` as the case's current one; returns the assessment id.

        `case` is an existing external id, a new id (the case is created from the assessment's
        description and parties), a row dict as for `import_cases`, or None (a new `ui-…` id).
        """
        texts = [assessment.description, *assessment.parties]
        if isinstance(case, str):
            texts.append(case)
        if any("\x00" in (t or "") for t in texts):
            raise InputError(
                "NUL 문자(\\x00)가 든 사건은 저장할 수 없습니다", "a case containing a NUL byte cannot be stored"
            )
        with self.session() as session, session.begin():
            if isinstance(case, Mapping):
                try:
                    fields = importer.normalize_row(case, {}, case.get("source"))
                except ValueError as exc:
                    raise InputError(
                        f"사건 정보가 잘못되었습니다: {exc}", f"invalid case row: {exc}"
                    ) from None
                ext = fields["external_id"]
            else:
                ext = case or f"ui-{uuid.uuid4().hex[:12]}"
                fields = None
            row = session.execute(select(Case).where(Case.external_id == ext)).scalar_one_or_none()
            if row is None:
                if fields is None:
                    parties = assessment.parties[:2] if len(assessment.parties) >= 2 else [None, None]
                    on = assessment.facts.accident_date  # the date it was assessed on (given or read)
                    fields = {
                        "external_id": ext,
                        "description": assessment.description,
                        "party_1": parties[0],
                        "party_2": parties[1],
                        "accident_date": on,
                        "source": "api",
                        "meta": None,
                        "content_hash": importer.content_hash(
                            assessment.description, parties[0], parties[1], on
                        ),
                    }
                row = Case(**fields)
                session.add(row)
                session.flush()
            return write_current(session, row.id, row_fields(assessment, version_key)).id

    # ----------------------------------------------------------------------------------------
    # Reading
    # ----------------------------------------------------------------------------------------
    def _summary_stmt(self) -> Select[Any]:
        return (
            select(Case, _A, _R)
            .outerjoin(_A, and_(_A.case_id == Case.id, _A.is_current.is_(True)))
            .outerjoin(_LAST_REVIEW, _LAST_REVIEW.c.case_id == Case.id)
            .outerjoin(_R, _R.id == _LAST_REVIEW.c.review_id)
        )

    def _apply_filters(self, stmt: Select[Any], filters: Mapping[str, Any] | None) -> Select[Any]:
        filters = dict(filters or {})
        unknown = set(filters) - set(FILTER_KEYS)
        if unknown:
            raise InputError(
                f"알 수 없는 필터: {', '.join(sorted(unknown))}", f"filters: {', '.join(FILTER_KEYS)}"
            )
        for key, allowed in (("status", STATUSES), ("review_state", REVIEW_STATES)):
            # A misspelt value would otherwise match nothing (status) or raise KeyError (review_state).
            if filters.get(key) is not None and filters[key] not in allowed:
                raise InputError(
                    f"알 수 없는 {key} 값: {filters[key]}", f"{key} must be one of {', '.join(allowed)}"
                )
        engine_flagged = flagged_clause(self.queue, _A)
        flagged = or_(engine_flagged, _CONFLICT)
        if (status := filters.get("status")) is not None:
            stmt = stmt.where(_A.id.is_(None) if status == "unscored" else _A.status == status)
        if (chart := filters.get("chart_id")) is not None:
            stmt = stmt.where(_A.chart_id == chart)
        if (src := filters.get("source")) is not None:
            stmt = stmt.where(Case.source == src)
        if filters.get("flagged") is True:
            stmt = stmt.where(flagged)
        elif filters.get("flagged") is False:
            stmt = stmt.where(_A.id.is_not(None), ~flagged)
        if (state := filters.get("review_state")) is not None:
            stmt = stmt.where(
                {
                    "unscored": _A.id.is_(None),
                    "reviewed": and_(_A.id.is_not(None), _R.id.is_not(None), ~_CONFLICT),
                    "needs_review": or_(and_(engine_flagged, _R.id.is_(None)), _CONFLICT),
                    "none": and_(_A.id.is_not(None), ~engine_flagged, _R.id.is_(None)),
                }[state]
            )
        if q := filters.get("q"):
            # Bound parameter, never interpolated: SQL-looking text is just text here.
            like = f"%{q}%"
            stmt = stmt.where(or_(Case.description.like(like), Case.external_id.like(like)))
        return stmt

    def _summary(self, case: Case, a: AssessmentRow | None, r: Review | None) -> CaseSummary:
        flags = flags_for(a.status, a.confidence, a.top2_gap, a.disagreement, self.queue) if a else []
        conflict = review_conflict(a, r)
        if conflict:
            flags.append("review_conflict")
        if a is None:
            state = "unscored"
        elif r is not None:
            state = "needs_review" if conflict else "reviewed"
        else:
            state = "needs_review" if flags else "none"
        final = [a.final_1, a.final_2] if a and a.final_1 is not None and a.final_2 is not None else None
        parties = [a.party_1, a.party_2] if a and a.party_1 and a.party_2 else case.parties
        return CaseSummary(
            id=case.id,
            external_id=case.external_id,
            description=case.description,
            parties=parties,
            accident_date=case.accident_date,
            source=case.source,
            status=a.status if a else None,
            chart_id=a.chart_id if a else None,
            final=final,
            confidence=a.confidence if a else None,
            flags=flags,
            review_state=state,
            reviewed_ratio=[r.ratio_1, r.ratio_2] if r else None,
            reviewer=r.reviewer if r else None,
            reviewed_at=as_utc(r.created_at) if r else None,
            reviewed_assessment_id=r.assessment_id if r else None,
        )

    def iter_cases(
        self, filters: Mapping[str, Any] | None = None, chunk: int = 1000
    ) -> Iterator[CaseSummary]:
        """Every matching case, streamed in id order (keyset pages: flat memory on millions of rows)."""
        last = 0
        while True:
            stmt = self._apply_filters(self._summary_stmt(), filters).where(Case.id > last)
            with self.session() as session:
                rows = session.execute(stmt.order_by(Case.id).limit(chunk)).all()
            if not rows:
                return
            for case, a, r in rows:
                yield self._summary(case, a, r)
            last = rows[-1][0].id

    def list_cases(
        self, filters: Mapping[str, Any] | None = None, limit: int = 50, offset: int = 0
    ) -> list[CaseSummary]:
        stmt = (
            self._apply_filters(self._summary_stmt(), filters).order_by(Case.id).limit(limit).offset(offset)
        )
        with self.session() as session:
            return [self._summary(c, a, r) for c, a, r in session.execute(stmt).all()]

    def count_cases(self, filters: Mapping[str, Any] | None = None) -> int:
        inner = self._apply_filters(self._summary_stmt(), filters).with_only_columns(Case.id).subquery()
        with self.session() as session:
            return int(session.execute(select(func.count()).select_from(inner)).scalar_one())

    def review_queue(
        self,
        limit: int = 50,
        offset: int = 0,
        *,
        min_confidence: float | None = None,
        max_gap: float | None = None,
    ) -> list[CaseSummary]:
        """Flagged cases with no review yet, and reviewed cases whose newer engine result differs from the
        latest decision (flag `review_conflict`), oldest first."""
        db = self
        if min_confidence is not None or max_gap is not None:
            db = _with_queue(self, QueueConfig.from_env(min_confidence, max_gap))
        return db.list_cases({"review_state": "needs_review"}, limit=limit, offset=offset)

    def _case_row(self, session: Session, external_id: str) -> Case:
        case = session.execute(select(Case).where(Case.external_id == str(external_id))).scalar_one_or_none()
        if case is None:
            raise InputError(f"사건이 없습니다: {external_id}", f"no case with id {external_id!r}")
        return case

    def case_detail(self, external_id: str) -> CaseDetail:
        """The case, every assessment (oldest first, with payload) and every review."""
        with self.session() as session:
            case = self._case_row(session, external_id)
            rows = session.execute(self._summary_stmt().where(Case.id == case.id)).one()
            assessments = session.execute(
                select(AssessmentRow).where(AssessmentRow.case_id == case.id).order_by(AssessmentRow.id)
            ).scalars()
            reviews = session.execute(
                select(Review).where(Review.case_id == case.id).order_by(Review.id)
            ).scalars()
            return CaseDetail(
                case=self._summary(*rows),
                meta=case.meta,
                assessments=[_assessment_record(a, payload=True) for a in assessments],
                reviews=[_review_record(r) for r in reviews],
            )

    # ----------------------------------------------------------------------------------------
    # Review
    # ----------------------------------------------------------------------------------------
    def decide(
        self, external_id: str, ratio: str | tuple[int, int], reason: str, reviewer: str
    ) -> ReviewRecord:
        """Record an adjuster's decision on the case (append-only; it names the current assessment).

        The decision stays the case's decision when the case is rescored: a newer assessment that
        agrees keeps the case reviewed, one that differs puts it back in the queue (`review_conflict`).
        """
        r1, r2 = parse_ratio(ratio) if isinstance(ratio, str) else parse_ratio(f"{ratio[0]}:{ratio[1]}")
        if not (reason or "").strip():
            raise InputError("결정 사유를 입력하세요", "a reason is required")
        if not (reviewer or "").strip():
            raise InputError("검토자 이름을 입력하세요", "a reviewer name is required")
        with self.session() as session, session.begin():
            case = self._case_row(session, external_id)
            current = session.execute(
                select(AssessmentRow.id).where(
                    AssessmentRow.case_id == case.id, AssessmentRow.is_current.is_(True)
                )
            ).scalar_one_or_none()
            if current is None:
                raise InputError(
                    f"아직 평가되지 않은 사건입니다: {external_id}", "score the case before reviewing it"
                )
            review = Review(
                assessment_id=current,
                case_id=case.id,
                reviewer=reviewer.strip(),
                ratio_1=r1,
                ratio_2=r2,
                reason=reason.strip(),
            )
            session.add(review)
            session.flush()
            return _review_record(review)

    # ----------------------------------------------------------------------------------------
    # Export and report
    # ----------------------------------------------------------------------------------------
    def export(
        self, out: str | Path, fmt: str | None = None, filters: Mapping[str, Any] | None = None
    ) -> int:
        """Write one row per case (`katalog.db.export.COLUMNS`); returns the row count."""
        out = Path(out)
        fmt = (fmt or out.suffix.lstrip(".") or "csv").lower()
        return write_export((export_row(s) for s in self.iter_cases(filters)), out, fmt)

    def report(self, top: int = 15) -> dict[str, Any]:
        """Distribution of statuses, charts, ratios, abstention reasons and disagreements."""
        a = AssessmentRow
        cur = a.is_current.is_(True)
        with self.session() as session:

            def counts(*cols: Any, where: Any = None) -> list[tuple[Any, ...]]:
                stmt = select(*cols, func.count()).where(cur).group_by(*cols).order_by(func.count().desc())
                if where is not None:
                    stmt = stmt.where(where)
                return [tuple(r) for r in session.execute(stmt).all()]

            total = session.execute(select(func.count(Case.id))).scalar_one()
            status = dict((s, n) for s, n in counts(a.status))
            charts = counts(a.chart_id, where=a.status == "ok")[:top]
            ratios = [
                (f"{x}:{y}", n) for x, y, n in counts(a.final_1, a.final_2, where=a.status == "ok")[:top]
            ]
            abst = counts(a.abstention_code, where=a.status == "abstained")
            errors = counts(a.message, where=a.status == "error")[:top]
            dis_n = session.execute(
                select(func.count()).where(cur, a.disagreement.is_not(None), a.disagreement != "")
            ).scalar_one()
            dis_ex = session.execute(
                select(Case.external_id, a.chart_id, a.disagreement)
                .join(Case, Case.id == a.case_id)
                .where(cur, a.disagreement.is_not(None), a.disagreement != "")
                .order_by(Case.id)
                .limit(5)
            ).all()
            versions = counts(a.version_key)
            reviews = session.execute(select(func.count(Review.id))).scalar_one()
        queue = self.count_cases({"review_state": "needs_review"})
        return {
            "cases": total,
            "scored": sum(status.values()),
            "unscored": total - sum(status.values()),
            "status": status,
            "charts": charts,
            "ratios": ratios,
            "abstentions": abst,
            "errors": errors,
            "disagreements": dis_n,
            "disagreement_examples": [tuple(r) for r in dis_ex],
            "versions": versions,
            "reviews": reviews,
            "review_queue": queue,
            "flags": dict(Counter(f for s in self.iter_cases({"flagged": True}) for f in s.flags)),
        }


def _with_queue(db: Database, cfg: QueueConfig) -> Database:
    clone = object.__new__(Database)
    clone.__dict__.update(db.__dict__)
    clone.queue = cfg
    return clone


def open_db(url: str | None = None, queue: QueueConfig | None = None) -> Database:
    """Open (and migrate) the database at `url` — default $KATALOG_DB_URL or sqlite:///katalog.db."""
    return Database(url, queue=queue)
