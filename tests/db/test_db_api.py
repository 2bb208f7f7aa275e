"""The `Database` API: assessments, queue flags, reviews (append-only), export, report."""

from __future__ import annotations

import csv
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from katalog.db import QueueConfig, open_db
from katalog.db.orm import AppendOnlyError, Review
from katalog.errors import InputError
from katalog.models import Abstention, Assessment, ChartCandidate, LLMInfo


def _assessment(desc="설명", conf=0.9, gap=0.5, ratio=(30, 70), disagreement=None, **kw) -> Assessment:
    names = ["청구", "피청구"]
    return Assessment(
        description=desc,
        parties=names,
        chart_id="차43-1",
        variant="가",
        candidates=[
            ChartCandidate(chart_id="차43-1", title="t", category="c", score=1, confidence=conf),
            ChartCandidate(
                chart_id="차43-2", title="t", category="c", score=1, confidence=max(0.0, conf - gap)
            ),
        ],
        base=dict(zip(names, ratio, strict=True)),
        final=dict(zip(names, ratio, strict=True)),
        confidence=conf,
        llm=LLMInfo(disagreement=disagreement),
        engine_version="e1",
        standard_version="s1",
        **kw,
    )


def test_save_assessment_keeps_history_and_one_current(db):
    first = db.save_assessment("N1", _assessment("새 사건 설명"))
    second = db.save_assessment("N1", _assessment("새 사건 설명", ratio=(20, 80)))
    detail = db.case_detail("N1")
    assert [a.id for a in detail.assessments] == [first, second]
    assert [a.is_current for a in detail.assessments] == [False, True]
    assert detail.case.final == [20, 80] and detail.case.parties == ["청구", "피청구"]
    assert detail.assessments[1].payload["chart_id"] == "차43-1"
    assert detail.case.description == "새 사건 설명"
    new_id = db.save_assessment(None, _assessment())
    assert new_id > second
    assert db.list_cases({"q": "ui-"})[0].external_id.startswith("ui-")


def test_review_queue_flags(db):
    db.import_cases([{"id": k, "description": f"설명 {k}"} for k in "ABCDEF"])
    db.save_assessment("A", _assessment(conf=0.9, gap=0.5))  # confident, clear → not queued
    db.save_assessment("B", _assessment(conf=0.3, gap=0.5))
    db.save_assessment("C", _assessment(conf=0.9, gap=0.05))
    db.save_assessment("D", _assessment(conf=0.9, disagreement="LLM은 차43-2"))
    db.save_assessment(
        "E",
        Assessment(
            description="x",
            parties=["a", "b"],
            status="abstained",
            abstention=Abstention(code="out_of_scope", message="범위 밖"),
        ),
    )
    queue = {s.external_id: s.flags for s in db.review_queue()}
    assert queue == {
        "B": ["low_confidence"],
        "C": ["close_charts"],
        "D": ["disagreement"],
        "E": ["abstained"],
    }
    assert db.list_cases({"status": "unscored"})[0].external_id == "F"
    assert {s.external_id for s in db.list_cases({"flagged": False})} == {"A"}
    # Thresholds are configurable.
    assert {s.external_id for s in db.review_queue(min_confidence=0.2, max_gap=0.01)} == {"D", "E"}
    strict = open_db(db.url, queue=QueueConfig(min_confidence=0.95))
    assert "A" in {s.external_id for s in strict.review_queue()}
    strict.close()

    review = db.decide("B", "40:60", "현장 사진 확인", "kim")
    assert review.ratio == [40, 60]
    assert "B" not in {s.external_id for s in db.review_queue()}
    assert db.list_cases({"review_state": "reviewed"})[0].reviewed_ratio == [40, 60]
    # A new assessment needs a new review.
    db.save_assessment("B", _assessment(conf=0.3))
    assert "B" in {s.external_id for s in db.review_queue()}


def test_decide_validates_input(db):
    db.import_cases([{"id": "U", "description": "미채점"}])
    with pytest.raises(InputError, match="아직 평가되지"):
        db.decide("U", "30:70", "이유", "kim")
    db.save_assessment("U", _assessment())
    for bad in ("30:80", "a:b", "130:-30", "30"):
        with pytest.raises(InputError):
            db.decide("U", bad, "이유", "kim")
    with pytest.raises(InputError, match="사유"):
        db.decide("U", "30:70", "  ", "kim")
    with pytest.raises(InputError, match="사건이 없습니다"):
        db.decide("nope", "30:70", "이유", "kim")
    assert db.decide("U", (0, 100), "이유", "kim").ratio == [0, 100]


def test_reviews_are_append_only_in_code_and_in_the_database(db):
    db.save_assessment("R", _assessment())
    db.decide("R", "30:70", "첫 결정", "kim")
    with db.session() as s:
        review = s.get(Review, 1)
        review.reason = "고친 사유"
        with pytest.raises(AppendOnlyError):
            s.commit()
    with db.session() as s:
        s.delete(s.get(Review, 1))
        with pytest.raises(AppendOnlyError):
            s.commit()
    # Bypassing the ORM: the trigger refuses too.
    for sql in ("UPDATE reviews SET reason = 'x'", "DELETE FROM reviews"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(sql))
    assert db.case_detail("R").reviews[0].reason == "첫 결정"


def test_concurrent_reviewers_are_both_kept_in_order(db):
    db.save_assessment("K", _assessment())
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def review(who: str) -> None:
        try:
            barrier.wait()
            for i in range(5):
                db.decide("K", "30:70" if who < "c" else "50:50", f"{who} {i}", who)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=review, args=(w,)) for w in ("a", "b", "c", "d")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    reviews = db.case_detail("K").reviews
    assert len(reviews) == 20
    assert [r.id for r in reviews] == sorted(r.id for r in reviews)
    for who in "abcd":  # each reviewer's own decisions stay in the order they were made
        assert [r.reason for r in reviews if r.reviewer == who] == [f"{who} {i}" for i in range(5)]
    trail = db.case_detail("K").trail()
    assert trail[0][1] == "assessment" and [k for _, k, _ in trail[1:]] == ["review"] * 20


SQLISH = "'; DROP TABLE cases; -- 교차로 \" OR 1=1; DELETE FROM reviews WHERE '1'='1"


def test_sql_looking_text_is_stored_verbatim_and_harmless(db):
    report = db.import_cases(
        [{"id": "S1' OR '1'='1", "description": SQLISH, "party_1": "a'); --", "party_2": "b"}]
    )
    assert report.inserted == 1
    db.save_assessment("S1' OR '1'='1", _assessment(SQLISH))
    db.decide("S1' OR '1'='1", "30:70", SQLISH, "robert'); DROP TABLE reviews;--")
    detail = db.case_detail("S1' OR '1'='1")
    assert detail.case.description == SQLISH
    assert detail.case.parties == ["청구", "피청구"]  # from the assessment
    assert detail.reviews[0].reason == SQLISH
    assert db.list_cases({"q": "DROP TABLE"})[0].external_id == "S1' OR '1'='1"
    assert db.list_cases({"q": "' OR '1'='1"})[0].description == SQLISH
    assert db.count_cases() == 1


INJECT = ["=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@SUM(A1)", "\tx", "\rx", "안전한 이름"]


def test_export_neutralises_formula_injection(db, tmp_path):
    for i, name in enumerate(INJECT):
        a = _assessment()
        a = a.model_copy(
            update={"parties": [name, "B"], "final": {name: 30, "B": 70}, "base": {name: 30, "B": 70}}
        )
        db.save_assessment(f"=E{i}", a)
    db.import_cases([{"id": "unscored", "description": "x"}])
    out = tmp_path / "e.csv"
    assert db.export(out) == len(INJECT) + 1
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["party_1"] for r in rows[:-1]] == ["'" + v for v in INJECT[:-1]] + ["안전한 이름"]
    assert all(r["id"].startswith("'=E") for r in rows[:-1])
    assert rows[0]["party_1_ratio"] == "30" and rows[-1]["status"] == "unscored"

    from openpyxl import load_workbook

    db.export(tmp_path / "e.xlsx")
    ws = load_workbook(tmp_path / "e.xlsx").active
    cells = [c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in cells)
    assert ws.cell(2, 5).value == 30  # numbers stay numbers

    import pyarrow.parquet as pq

    assert db.export(tmp_path / "e.parquet") == len(INJECT) + 1
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.column("party_1_ratio").to_pylist()[0] == 30


def test_report_counts(db):
    db.save_assessment("A", _assessment(ratio=(30, 70)))
    db.save_assessment("B", _assessment(ratio=(30, 70), disagreement="다름"))
    db.save_assessment("C", Assessment(description="x", parties=[], status="error", error="boom"))
    r = db.report()
    assert r["cases"] == 3 and r["status"] == {"ok": 2, "error": 1}
    assert r["charts"] == [("차43-1", 2)] and r["ratios"] == [("30:70", 2)]
    assert r["disagreements"] == 1 and r["disagreement_examples"][0][0] == "B"
    assert r["errors"] == [("boom", 1)]
    assert r["flags"] == {"disagreement": 1, "error": 1}


def test_unknown_filter_is_an_error(db):
    with pytest.raises(InputError):
        db.list_cases({"bogus": 1})


def test_database_refuses_a_second_current_assessment(db):
    from sqlalchemy.exc import IntegrityError

    from katalog.db.orm import AssessmentRow
    from katalog.db.store import row_fields

    db.save_assessment("P", _assessment())
    case_id = db.case_detail("P").case.id
    with db.session() as s:
        s.add(AssessmentRow(case_id=case_id, is_current=True, **row_fields(_assessment())))
        with pytest.raises(IntegrityError):
            s.commit()


def test_save_assessment_with_a_row_dict(db):
    aid = db.save_assessment(
        {"id": "U1", "description": "업로드 설명", "party_1": "갑", "party_2": "을"}, _assessment()
    )
    assert db.case_detail("U1").assessments[0].id == aid
    assert db.case_detail("U1").case.description == "업로드 설명"
    with pytest.raises(InputError, match="missing_description"):
        db.save_assessment({"id": "U2", "description": ""}, _assessment())


def test_a_new_case_saved_from_an_assessment_keeps_its_accident_date(db):
    import datetime as dt

    a = _assessment()
    dated = a.model_copy(update={"facts": a.facts.model_copy(update={"accident_date": dt.date(2019, 5, 3)})})
    db.save_assessment("D1", dated)
    assert db.case_detail("D1").case.accident_date == dt.date(2019, 5, 3)
