"""`score_cases`: pending selection, errors recorded, resumable, rescoring, worker processes."""

from __future__ import annotations

from sqlalchemy import func, select

from katalog.batch import RunPlan, score_cases
from katalog.batch.fake import FakeScorer
from katalog.db.orm import AssessmentRow
from katalog.models import Assessment


def _counts(db) -> tuple[int, int, int]:
    """(cases, assessment rows, cases with exactly one current assessment)."""
    with db.session() as s:
        rows = s.execute(select(func.count(AssessmentRow.id))).scalar_one()
        per_case = s.execute(
            select(AssessmentRow.case_id, func.count())
            .where(AssessmentRow.is_current.is_(True))
            .group_by(AssessmentRow.case_id)
        ).all()
    assert all(n == 1 for _, n in per_case)
    return db.count_cases(), rows, len(per_case)


def test_scores_records_errors_and_resumes(db, rows, fake):
    db.import_cases(rows(60))
    seen: list[tuple[int, int]] = []
    first = score_cases(db, fake, limit=25, progress=lambda d, t: seen.append((d, t)))
    assert first.scored == 25 and first.pending == 25
    assert seen[0] == (0, 25) and seen[-1] == (25, 25)
    rest = score_cases(db, fake)
    assert rest.scored == 35
    assert first.errors + rest.errors == sum(1 for i in range(60) if i % 13 == 5)
    assert first.abstained + rest.abstained == sum(1 for i in range(60) if i % 11 == 3 and i % 13 != 5)
    assert _counts(db) == (60, 60, 60)
    assert score_cases(db, fake).scored == 0  # nothing left for this version
    err = db.list_cases({"status": "error"})[0]
    assert "fake engine failure" in db.case_detail(err.external_id).assessments[0].message
    assert "error" in err.flags


def test_rescore_and_new_versions_keep_history(db, rows, fake):
    db.import_cases(rows(20))
    score_cases(db, fake)
    again = score_cases(db, fake, rescore=True)
    assert again.scored == 20
    assert _counts(db) == (20, 40, 20)

    class V2(FakeScorer):
        version_key = "fake-2|fake-std|"

    assert score_cases(db, V2()).scored == 20  # another engine version: everything is pending again
    assert score_cases(db, V2()).scored == 0
    assert _counts(db) == (20, 60, 20)
    retry = score_cases(db, V2(), retry_errors=True)
    assert retry.scored == sum(1 for i in range(20) if i % 13 == 5) == retry.errors


def test_plain_callable_scorer_without_declared_version(db, rows):
    calls: list[str] = []

    def scorer(description: str, parties: list[str] | None) -> Assessment:
        calls.append(description)
        if "7" in description:
            return "not an assessment"  # type: ignore[return-value]
        return Assessment(
            description=description, parties=parties or [], engine_version="p1", standard_version="s"
        )

    db.import_cases(rows(10))
    s = score_cases(db, scorer)
    assert s.version_key == "p1|s|" and s.scored == 10 and s.errors == 1
    assert len(calls) == 11  # the probe + one per case
    bad = db.list_cases({"status": "error"})[0]
    assert "not Assessment" in db.case_detail(bad.external_id).assessments[0].message


def test_two_worker_processes(db, rows, fake):
    db.import_cases(rows(300))
    s = score_cases(db, fake, workers=2)
    assert s.scored == 300 and s.workers == 2
    assert _counts(db) == (300, 300, 300)


def test_write_is_idempotent_when_another_runner_finished_first(db, rows, fake):
    from katalog.batch.scorer import score_one

    db.import_cases(rows(3))
    plan = RunPlan.start(db.engine, FakeScorer.version_key)
    pending = plan.page(db.engine, 0, 10)
    results = [(t.id, score_one(FakeScorer(), t.description, t.parties, plan.version_key)) for t in pending]
    assert plan.write(db.engine, results) == (3, 0)
    assert plan.write(db.engine, results) == (0, 3)  # a retried chunk adds nothing
    assert _counts(db) == (3, 3, 3)


def test_bad_scorer_path_is_a_clear_error(db, rows):
    import pytest

    from katalog.errors import KatalogError

    db.import_cases(rows(2))
    for workers in (1, 2):
        with pytest.raises(KatalogError, match="채점기를 불러올 수 없습니다"):
            score_cases(db, "katalog.nosuch:thing", workers=workers)
    assert db.count_cases({"status": "unscored"}) == 2


def _always_fails(description, parties):
    raise RuntimeError("engine down")


def test_engine_failing_its_probe_stops_cleanly(db, rows):
    import pytest

    from katalog.errors import KatalogError

    db.import_cases(rows(2))
    for workers in (1, 2):
        with pytest.raises(KatalogError, match="시험 문장"):
            score_cases(db, _always_fails, workers=workers)
    assert db.count_cases({"status": "unscored"}) == 2


def test_a_cases_accident_date_reaches_a_scorer_that_takes_it(db, rows):
    import datetime as dt

    seen: dict[str, dt.date | None] = {}

    def dated(description: str, parties: list[str] | None, accident_date: dt.date | None = None) -> Assessment:
        seen[description] = accident_date
        return Assessment(description=description, parties=parties or [], engine_version="d1", standard_version="s")

    cases = rows(2)
    cases[0]["accident_date"] = "2019-05-03"
    db.import_cases(cases)
    assert score_cases(db, dated).scored == 2
    assert seen[cases[0]["description"]] == dt.date(2019, 5, 3)
    assert seen[cases[1]["description"]] is None


def test_a_scorer_without_dates_says_it_ignored_one():
    import datetime as dt

    from katalog.batch.scorer import score_one

    row = score_one(FakeScorer(), "사고 1: 교차로에서 직진 중 충돌", ["청구", "피청구"], FakeScorer.version_key,
                    dt.date(2019, 5, 3))
    assert any("2019-05-03" in w for w in row["payload"]["warnings"])
