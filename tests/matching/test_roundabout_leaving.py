"""Roundabout leaving (진출): a party leaving the roundabout, in any words and at any exit, is a cue the exit
charts name (회전-4…8, 회전-10/13/14/15, 차54-3/4) and the charts of a party circling on do not (회전-9/11/12,
회전-1…3, 차54-1/2/5). A description that names no leaving is the circling-on chart's: 회전-12 (a lane change
while circling), not 회전-15 (a lane change made to leave). Where the first entrant came in, 9시 (회전-9/11/12)
or 12시 (회전-13/14/15), is a preference cue as the exits are. Descriptions written for these tests."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import rank_candidates
from katalog.matching.signatures import (
    ENTRY_CUES,
    PREFERENCE_CUES,
    chart_signatures,
    exit_conflict,
    special_cues,
)
from katalog.stages.gates import _GENERIC_CUES
from katalog.stages.retrieval import retrieval_scores

CP = ["청구차량", "피청구차량"]
EXIT_CHARTS = {"회전-4", "회전-5", "회전-6", "회전-7", "회전-8", "회전-10", "회전-13", "회전-14", "회전-15",
               "차54-3", "차54-4"}


@pytest.fixture(scope="module")
def sigs():
    return chart_signatures()


@pytest.mark.parametrize(
    "text",
    [
        "안쪽 차로로 돌다가 나가려고 바깥 차로로 옮겼어요",
        "회전교차로에서 빠져나가려던 승합차",
        "로터리 안쪽을 돌다 빠지려고 바깥쪽으로 붙는데",
        "1차로에서 진출 위해 2차로로 진로변경",
        "출구 쪽으로 차선을 바꾸던 택시",
        "다음 출구로 나갈 생각이었는데",
    ],
)
def test_leaving_words(text: str) -> None:
    assert "진출" in special_cues(text)


@pytest.mark.parametrize(
    "text",
    [
        "안쪽 차로로 돌다가 바깥 차로로 옮겼어요",
        "신호 바뀌자마자 앞으로 나가다가 부딪혔어요",  # moving ahead, not leaving
        "12시 출구로 안 나가고 그대로 계속 돌던 버스",  # an exit refused
        "3시 출구를 지나 계속 돌았습니다",  # an exit passed
        "진출입차로가 두 개인 곳",
    ],
)
def test_no_leaving(text: str) -> None:
    assert "진출" not in special_cues(text)


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("9시 쪽에서 들어와서 돌고 있었는데", "9시진입"),
        ("제가 9시 입구 1차로로 먼저 들어가 돌다가", "9시진입"),
        ("로터리 왼쪽 입구로 먼저 들어가서", "9시진입"),
        ("12시 쪽에서 이미 들어가서 한참 돌아", "12시진입"),
        ("12시 입구 안쪽으로 들어가서 그대로", "12시진입"),
        ("위쪽에서 먼저 들어와 안쪽으로 돌던 버스", "12시진입"),
    ],
)
def test_entry_words(text: str, entry: str) -> None:
    assert special_cues(text) & ENTRY_CUES == {entry}


@pytest.mark.parametrize(
    "text",
    [
        "6시 방향에서 들어와 12시 방향으로 직진하려던 차",  # the later entrant, and an aim
        "왼쪽 진입차로로 들어가 안쪽 회전차로로",  # the lanes of one approach (회전-1…8)
        "9시 방향으로 계속 돌던 트럭",
    ],
)
def test_no_entry(text: str) -> None:
    assert not special_cues(text) & ENTRY_CUES


def test_charts_name_their_first_entrant(sigs) -> None:
    named = {cid: set(s.special) & ENTRY_CUES for cid, s in sigs.items() if set(s.special) & ENTRY_CUES}
    assert named == {
        **{c: {"9시진입"} for c in ("회전-9", "회전-11", "회전-12")},
        **{c: {"12시진입"} for c in ("회전-13", "회전-14", "회전-15")},
        "회전-10": {"9시진입", "12시진입"},  # "9시 또는 12시 방향에서 선진입"
    }
    assert exit_conflict(sigs["회전-13"].special, {"9시진입"})
    assert not exit_conflict(sigs["회전-10"].special, {"9시진입"})


def test_exit_charts_name_leaving(sigs) -> None:
    named = {cid for cid, s in sigs.items() if "진출" in s.special}
    assert named == EXIT_CHARTS
    assert "진출" not in PREFERENCE_CUES  # required: a chart of leaving fits worse a text that names none


def test_leaving_alone_is_generic() -> None:
    # "나가려고" in a parking lot or anywhere pins no chart family, so it cannot keep a thin text answered
    assert not special_cues("나가려고 하다가 옆 차랑 닿았어요") - _GENERIC_CUES


def _ranked(text: str, sigs) -> list[str]:
    facts = extract_facts(text, CP)
    retrieval, _ = retrieval_scores(text)
    return [r.chart_id for r in rank_candidates(facts, sigs, retrieval, top=10, cues=special_cues(text))]


@pytest.mark.parametrize(
    ("text", "gold", "rival"),
    [
        # no leaving named: a lane change while circling (회전-12)
        ("청구차량이 로터리 안쪽 차로를 돌다가 바깥 차로로 옮기는데 6시 입구에서 들어오던 피청구차량과 충돌",
         "회전-12", "회전-15"),
        ("회전교차로 6시 입구로 진입하던 청구차량 앞에서 안쪽 차로로 돌던 피청구차량이 바깥 차로로 넘어와 충돌",
         "회전-12", "회전-15"),
        # the same lane change made to leave, by a car that came in at 12시 (회전-15)
        ("청구차량이 로터리 12시 입구로 먼저 들어가 안쪽 차로를 돌다가 나가려고 바깥 차로로 옮기는데 6시 입구에서 "
         "들어오던 피청구차량과 충돌", "회전-15", "회전-12"),
        # the first entrant's entry: 9시 (회전-11) or 12시 (회전-13), the entering car cutting in
        ("피청구차량이 9시 쪽에서 먼저 들어와 안쪽 차로로 돌고 있었는데 6시 입구로 들어온 청구차량이 곧바로 안쪽 "
         "차로로 넘어가 충돌", "회전-11", "회전-13"),
        ("피청구차량은 위쪽 입구로 먼저 들어와 안쪽 차로로 돌아 3시 출구로 나가는 중이었고 6시 입구 바깥 차로로 "
         "들어온 청구차량이 안쪽 차로로 넘어가 충돌", "회전-13", "회전-11"),
    ],
)
def test_leaving_tells_the_chart(text: str, gold: str, rival: str, sigs) -> None:
    ranked = _ranked(text, sigs)
    assert gold in ranked[:3]
    assert rival not in ranked or ranked.index(gold) < ranked.index(rival)


# ---- the lane change at the exit (회전-4…8) ---------------------------------------------------------------


def test_exit_lane_changer(sigs) -> None:
    # the situation names who changes lanes at the exit: the outer car (B) of 회전-4/6/8, the inner car (A) of 회전-5
    assert [sigs[c].B.movement for c in ("회전-4", "회전-6", "회전-8")] == ["lane_change"] * 3
    assert sigs["회전-5"].A.movement == "lane_change"
    assert "lane_change" not in (sigs["회전-7"].A.movement, sigs["회전-7"].B.movement)  # B circles on


@pytest.mark.parametrize(
    "text",
    [
        "6시 입구로 들어오던 승용차",
        "6시에서 들어온 택시",
        "아래쪽(6시) 입구로 들어가시는데",
        "밑에서 들어온 트럭",
    ],
)
def test_later_entrant_words(text: str) -> None:
    assert "6시진입" in special_cues(text)


@pytest.mark.parametrize(
    ("text", "gold", "rivals"),
    [
        # the outer car crosses into the inner exit lane at the straight-ahead exit
        ("청구차량은 회전교차로 안쪽 차로로 돌아 12시 직진 출구로 나가는데 바깥 차로로 돌던 피청구차량이 출구에서 "
         "청구차량 차선으로 넘어와 충돌", "회전-6", ("회전-12", "회전-3")),
        # a lane change made to leave, against a car entering: 차54-3, not an exit chart of two circulating cars
        ("회전교차로에서 청구차량이 나가려고 안쪽 차로에서 바깥 차로로 진로변경하던 중 회전교차로로 진입하던 "
         "피청구차량과 충돌", "차54-3", ("회전-8", "회전-6", "회전-4")),
    ],
)
def test_exit_lane_change_tells_the_chart(text: str, gold: str, rivals: tuple[str, ...], sigs) -> None:
    ranked = _ranked(text, sigs)
    assert ranked[0] == gold
    assert not set(rivals) & set(ranked[:1])
