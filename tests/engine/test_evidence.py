"""Citations exist in shipped data; questions are ranked; the what-if range holds the answer."""

from __future__ import annotations

import json

import pytest

from katalog.engine import assess
from katalog.paths import data_dir
from katalog.retrieval.corpus import load_corpus
from katalog.standard.loader import load_standard

from .conftest import PARTIES

TEXTS = [
    "신호기 있는 교차로에서 당사 차량은 녹색신호에 직진하고 상대 차량은 적색신호에 직진하다 충돌",
    "신호 없는 교차로에서 당사 차량은 직진하고 상대 차량은 맞은편에서 서행하지 않고 좌회전하다 충돌",
    "편도 2차로 도로에서 당사 차량이 주행 중인데 뒤에서 오던 상대 차량이 들이받았습니다",
    "신호등 있는 횡단보도에서 보행자가 녹색신호에 횡단하던 중 적색신호에 직진하던 차량에 치였습니다",
    "회전교차로 안을 돌고 있던 당사 차량과 진입하던 상대 차량이 부딪혔습니다",
]


@pytest.fixture(scope="module")
def corpus_ids() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"law": set(), "precedent": set(), "committee": set()}
    for d in load_corpus():
        if d.kind in out:
            out[d.kind].add(d.id)
            if d.kind == "law":  # law citations carry the bare article name
                out["law"].add(d.id.removeprefix("law:"))
                out["law"].add(d.title)
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_every_citation_exists_in_shipped_data(text, corpus_ids):
    a = assess(text)
    assert a.answered
    charts = load_standard().charts
    kinds = {c.kind for c in a.citations}
    assert "chart" in kinds and a.citations[0].id == a.chart_id
    for c in a.citations:
        if c.kind == "chart":
            assert c.id in charts, c.id
        else:
            assert c.id in corpus_ids[c.kind], (c.kind, c.id)


def _committee_rows(n: int) -> list[dict]:
    rows = []
    with (data_dir() / "eval" / "dev_committee.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("expected", {}).get("answerable"):
                rows.append(row)
            if len(rows) == n:
                break
    return rows


@pytest.mark.parametrize("row", _committee_rows(4), ids=lambda r: r["id"])
def test_committee_case_never_cites_itself(row, corpus_ids):
    assert row["id"] in corpus_ids["committee"]  # otherwise the check proves nothing
    a = assess(row["description"], parties=row.get("parties"), exclude_ids=[row["id"]])
    assert row["id"] not in {c.id for c in a.citations}


@pytest.mark.parametrize(
    "text,names",
    [
        ("사거리에서 좌회전하다가 사고났습니다", None),
        ("신호 없는 교차로에서 직진하는데 맞은편에서 좌회전하던 차와 충돌했습니다", None),
        ("주행 중 앞차를 따라가다가 뒤에서 오던 차가 당사 차량을 추돌했습니다", PARTIES),
        ("회전교차로에 진입하던 당사 차량이 이미 회전 중이던 상대 차량과 충돌했습니다", PARTIES),
    ],
)
def test_questions_have_options_and_are_sorted_by_impact(text, names):
    a = assess(text, parties=names)
    assert a.questions, "facts are missing, so questions are expected"
    for q in a.questions:
        assert q.id and q.text and q.options, q
        assert q.impact >= 0
    impacts = [q.impact for q in a.questions]
    assert impacts == sorted(impacts, reverse=True)


def test_question_ids_are_accepted_as_answers():
    text = "사거리에서 좌회전하다가 사고났습니다"
    a = assess(text)
    answers = {q.id: q.options[0] for q in a.questions}
    b = assess(text, answers=answers)
    assert b.status in ("ok", "abstained") and b.error is None
    assert not any("알 수 없" in w and "답변" in w for w in b.warnings), b.warnings


@pytest.mark.parametrize("text", TEXTS + ["신호 없는 교차로에서 전동킥보드가 좌회전하고 맞은편에서 자동차가 직진하다 충돌"])
def test_what_if_range_contains_the_final(text):
    a = assess(text)
    assert a.answered and a.what_if is not None
    first, second = a.parties
    assert a.what_if.low[first] <= a.final[first] <= a.what_if.high[first]
    for r in (a.what_if.low, a.what_if.high):
        assert set(r) == {first, second} and r[first] + r[second] == 100
