"""Reviews belong to the case and survive a rescore (issue 17, finding 2)."""

from __future__ import annotations

import csv
import datetime as dt

from katalog.batch import score_cases
from katalog.batch.fake import FakeScorer
from katalog.models import Assessment


class Fixed:
    """A scorer that answers one ratio for every case."""

    def __init__(self, ratio: tuple[int, int], key: str) -> None:
        self.ratio, self.version_key = ratio, key

    def __call__(self, description: str, parties: list[str] | None) -> Assessment:
        names = list(parties or ["A", "B"])
        split = dict(zip(names, self.ratio, strict=True))
        return Assessment(
            description=description, parties=names, chart_id="차43-1", variant="가", base=split,
            final=split, confidence=0.95, engine_version=self.version_key.split("|")[0], standard_version="s",
        )  # fmt: skip


def _rows(n: int) -> list[dict[str, str]]:
    return [{"id": f"R{i}", "description": f"사고 {i}", "party_1": "갑", "party_2": "을"} for i in range(n)]


def test_decision_survives_rescore_and_conflict_is_flagged(db, tmp_path):
    db.import_cases(_rows(3))
    score_cases(db, Fixed((100, 0), "e1|s|"))
    db.decide("R0", "30:70", "블랙박스 확인", "김심사")
    db.decide("R1", "100:0", "엔진과 같음", "김심사")
    assert db.case_detail("R0").case.review_state == "reviewed"

    score_cases(db, Fixed((100, 0), "e1|s|"), rescore=True)  # same result, new assessment rows
    r0 = db.case_detail("R0").case
    assert (r0.review_state, r0.reviewed_ratio, r0.reviewer) == ("needs_review", [30, 70], "김심사")
    assert "review_conflict" in r0.flags and r0.final == [100, 0]
    r1 = db.case_detail("R1").case
    assert (r1.review_state, r1.reviewed_ratio, r1.flags) == ("reviewed", [100, 0], [])
    queue = {s.external_id: s for s in db.review_queue()}
    assert set(queue) == {"R0"} and queue["R0"].reviewed_ratio == [30, 70]
    assert {s.external_id for s in db.list_cases({"review_state": "reviewed"})} == {"R1"}
    assert {s.external_id for s in db.list_cases({"review_state": "none"})} == {"R2"}
    assert {s.external_id for s in db.list_cases({"flagged": True})} == {"R0"}

    out = tmp_path / "out.csv"
    db.export(out)
    with out.open(encoding="utf-8-sig") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert rows["R0"]["reviewed_ratio"] == "30:70" and rows["R0"]["review_state"] == "needs_review"
    assert rows["R0"]["party_1_ratio"] == "100" and "review_conflict" in rows["R0"]["flags"]
    assert rows["R0"]["reviewer"] == "김심사" and rows["R0"]["reviewed_at"].endswith("+00:00")
    assert rows["R1"]["review_state"] == "reviewed" and rows["R2"]["reviewed_ratio"] == ""

    # The adjuster confirms on the new assessment: the case leaves the queue, the trail keeps both.
    db.decide("R0", "30:70", "재채점 후 재확인", "박심사")
    assert db.review_queue() == []
    detail = db.case_detail("R0")
    assert [r.reason for r in detail.reviews] == ["블랙박스 확인", "재채점 후 재확인"]
    assert detail.case.reviewer == "박심사"

    # A new engine version that now agrees with the decision keeps the case reviewed.
    score_cases(db, Fixed((30, 70), "e2|s|"))
    assert db.case_detail("R0").case.review_state == "reviewed"
    assert db.case_detail("R1").case.review_state == "needs_review"  # 100:0 decided, engine now 30:70


def test_conflict_when_rescore_abstains_or_fails(db):
    db.import_cases(_rows(1))
    score_cases(db, Fixed((20, 80), "e1|s|"))
    db.decide("R0", "20:80", "확인", "kim")

    class Broken(FakeScorer):
        version_key = "e9|s|"

        def __call__(self, description, parties):
            raise RuntimeError("engine down")

    score_cases(db, Broken())  # a new version whose run failed on this case
    case = db.case_detail("R0").case
    assert (case.status, case.reviewed_ratio, case.review_state) == ("error", [20, 80], "needs_review")
    assert case.flags == ["error", "review_conflict"]


def test_timestamps_are_utc_aware(db):
    db.import_cases(_rows(1))
    score_cases(db, Fixed((20, 80), "e1|s|"))
    r = db.decide("R0", "20:80", "확인", "kim")
    assert r.created_at.tzinfo is not None and r.created_at.utcoffset() == dt.timedelta(0)
    detail = db.case_detail("R0")
    assert all(a.created_at.tzinfo is not None for a in detail.assessments)
    assert detail.case.reviewed_at == r.created_at
    assert abs(dt.datetime.now(dt.UTC) - r.created_at) < dt.timedelta(minutes=5)
