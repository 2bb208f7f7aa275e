"""Lane markings (노면표시): which movements the lane each party drove in permits.

Sentences written for these tests; each says what a reader takes as the marking of the party's own
lane, and that a lane the party merely moves into or that does not exist is not read."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts, extract_role
from katalog.facts.extract import lane_markings

CP = ["청구차량", "피청구차량"]


@pytest.mark.parametrize(
    ("text", "moves"),
    [
        ("우회전차로인 3차로에서", ["right_turn"]),
        ("우회전 전용 차선에서", ["right_turn"]),
        ("우회 전차로인 4차로에서", ["right_turn"]),  # a PDF line break inside the word
        ("직진/우회전차로인 2차로에서", ["straight", "right_turn"]),
        ("직진과 우회전이 가능한 3차로에서", ["straight", "right_turn"]),
        ("좌회전/직진/우회전이 모두 가능한 1차로에서", ["left_turn", "straight", "right_turn"]),
        ("직진·좌회전 노면표시차로", ["left_turn", "straight"]),
        ("좌회전 노면표시가 된 1차로에서", ["left_turn"]),
        ("직진 및 우회전 노면표시가 된 오른쪽 차로에서", ["straight", "right_turn"]),
        ("직진 우회전 겸용인 옆 차로에서", ["straight", "right_turn"]),
        ("직좌 차로에서", ["left_turn", "straight"]),
        ("유턴 차로에서", ["u_turn"]),
    ],
)
def test_marking_phrases(text: str, moves: list[str]) -> None:
    found = lane_markings(text)
    assert found and found[0][0] == moves, found


@pytest.mark.parametrize(
    "text",
    [
        "2차로에서 우회전 차로인 3차로로 진로변경하다가",  # the lane it moves into
        "직진 차로로 차로를 바꾸던 중",
        "좌회전 차로가 없는 교차로에서",  # an absent lane
        "직진 2차로에서 우회전",  # a lane number, not a marking
        "직진 중 3차로에서",
        "편도 3차로 도로에서 우회전하던",
        "버스 전용차로를 달리던",
    ],
)
def test_not_a_marking_of_the_own_lane(text: str) -> None:
    assert lane_markings(text) == []


def test_each_party_gets_the_marking_of_its_own_clause() -> None:
    f = extract_facts(
        "신호 교차로에서 청구차량이 직진 전용차로인 1차로에서 우회전하다가 직진과 우회전이 가능한 2차로에서 "
        "직진하던 피청구차량과 부딪쳤다",
        CP,
    )
    a, b = f.parties[:2]
    assert (a.movement, a.lane_marking) == ("right_turn", ["straight"])
    assert (b.movement, b.lane_marking) == ("straight", ["straight", "right_turn"])
    spans = {x.party: x.span for x in f.evidence if x.factor == "lane_marking"}
    assert spans == {0: "직진 전용차로인 1차로", 1: "직진과 우회전이 가능한 2차로"}


def test_marking_in_a_relative_clause_goes_to_the_noun_it_modifies() -> None:
    f = extract_facts(
        "청구차량이 좌회전 및 직진이 가능한 1차로에서 좌회전하던 중 좌회전 차로인 옆 차로에서 직진하는 피청구차량과 충돌", CP
    )
    assert f.parties[0].lane_marking == ["left_turn", "straight"]
    assert f.parties[1].lane_marking == ["left_turn"]


def test_no_marking_leaves_the_field_empty() -> None:
    f = extract_facts("청구차량이 2차로에서 직진하던 중 3차로에서 우회전하던 피청구차량과 충돌", CP)
    assert [p.lane_marking for p in f.parties] == [None, None]


def test_a_turn_from_a_marked_lane_is_at_a_junction() -> None:
    f = extract_facts("직진 차로에 서 있다가 그대로 좌회전했는데 옆 차와 부딪혔어요")
    assert f.place == "intersection"


def test_role_text_reads_its_bracketed_marking_without_changing_the_movement() -> None:
    p = extract_role("선행 우회전(직진·우회전 노면표시차로)")
    assert (p.movement, p.lane_marking) == ("right_turn", ["straight", "right_turn"])
    p = extract_role("직진(우회전 노면표시차로)")
    assert (p.movement, p.lane_marking) == ("straight", ["right_turn"])
