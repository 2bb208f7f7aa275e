"""Roundabout exits (회전-4…15): which exit a party takes, 3시 (the first, to the right), 12시 (straight
ahead) or 9시 (to the left), is a preference cue read from the description and from each 2025 chart's
title, roles and own accident sentence. Descriptions written for these tests."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import rank_candidates
from katalog.matching.signatures import (
    EXIT_CUES,
    PREFERENCE_CUES,
    chart_signatures,
    exit_conflict,
    special_cues,
)
from katalog.stages.retrieval import retrieval_scores

CP = ["청구차량", "피청구차량"]


@pytest.fixture(scope="module")
def sigs():
    return chart_signatures()


def _exits(text: str) -> set[str]:
    return special_cues(text) & EXIT_CUES


# ---- the description's exit ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exit_"),
    [
        ("안쪽으로 돌던 버스가 3시 출구로 빠지려고 바깥 차로로 넘어왔어요", "3시진출"),
        ("제 차는 3시로 나가는 중이었고요", "3시진출"),
        ("3시 방향 진출2차로로 나가던 승합차", "3시진출"),
        ("12시 쪽에서 들어가 3시 방향 1차로로 진출하던 중", "3시진출"),
        ("로터리 첫번째 출구로 나가려다 옆 차와 닿았어요", "3시진출"),
        ("오른쪽(3시) 출구 쪽에서 부딪혔습니다", "3시진출"),
        ("12시 출구로 나가려는데 바깥 차가 그대로 돌았어요", "12시진출"),
        ("맞은편 직진 출구로 나가던 중", "12시진출"),
        ("12시 방향 진출1차로로 진출하던 제 차", "12시진출"),
        ("9시 출구에서 안쪽 차선으로 옮기던 트럭", "9시진출"),
        ("한 바퀴 거의 다 돌아 왼쪽 출구로 나가는데", "9시진출"),
    ],
)
def test_exit_words(text: str, exit_: str) -> None:
    assert _exits(text) == {exit_}


@pytest.mark.parametrize(
    "text",
    [
        "6시 입구에서 들어가 12시 방향으로 직진하려던 차",  # the entering car's aim, no exit
        "9시 방향에서 먼저 들어와 12시 방향으로 회전 중",
        "바깥 차로 차가 3시 출구를 지나 계속 돌았어요",  # an exit passed
        "3시나 12시로 진출하지 않고 9시까지 돌던 차",  # exits refused
        "12시 출구로 안 나가고 계속 돌던 승용차",
        "사거리 오른쪽 차로에서 우회전하던 차",
    ],
)
def test_no_exit_taken(text: str) -> None:
    assert not _exits(text)


# ---- the charts' exits --------------------------------------------------------------------------------------


def test_each_2025_chart_names_its_exit(sigs) -> None:
    exits = {cid: set(s.special) & EXIT_CUES for cid, s in sigs.items() if set(s.special) & EXIT_CUES}
    assert exits == {
        **{c: {"3시진출"} for c in ("회전-4", "회전-5", "회전-10", "회전-13", "회전-14", "회전-15")},
        "회전-6": {"12시진출"}, "회전-7": {"12시진출"}, "회전-8": {"9시진출"},
        "회전-11": {"12시진출"}, "회전-12": {"12시진출"},  # the circling car goes on toward 12시 (overrides)
    }
    assert EXIT_CUES <= PREFERENCE_CUES  # a description naming no exit is no worse a fit


@pytest.mark.parametrize(
    ("chart", "told", "conflict"),
    [
        ("회전-12", {"3시진출"}, True),  # the circling car of 회전-12 goes on toward 12시
        ("회전-15", {"3시진출"}, False),
        ("회전-4", {"12시진출"}, True),
        ("회전-4", {"12시진출", "3시진출"}, False),  # two exits told: one per party, nothing against it
        ("회전-3", {"12시진출"}, False),  # a chart naming no exit
        ("회전-12", set(), False),
    ],
)
def test_another_exit_than_the_one_told_is_a_conflict(chart: str, told: set[str], conflict: bool, sigs) -> None:
    assert exit_conflict(sigs[chart].special, told | {"진출입차로"}) is conflict


# ---- ranking ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gold", "rival"),
    [
        ("청구차량 6시 입구로 진입해 직진하려는데, 12시 쪽에서 먼저 들어와 안쪽으로 돌던 피청구차량이 3시 출구로 "
         "나가려고 바깥 차로로 옮기다 충돌", "회전-15", "회전-12"),
        ("청구차량은 12시 입구로 들어가 안쪽 차로로 돌아 3시 출구로 나가던 중이었고, 6시 입구 바깥 차로로 들어온 "
         "피청구차량이 안쪽 차로로 넘어와 충돌", "회전-13", "회전-11"),
    ],
)
def test_the_exit_tells_the_chart(text: str, gold: str, rival: str, sigs) -> None:
    facts = extract_facts(text, CP)
    retrieval, _ = retrieval_scores(text)
    ranked = [r.chart_id for r in rank_candidates(facts, sigs, retrieval, top=10, cues=special_cues(text))]
    assert gold in ranked
    assert rival not in ranked or ranked.index(gold) < ranked.index(rival)
