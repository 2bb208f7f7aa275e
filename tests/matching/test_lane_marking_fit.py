"""Lane markings (노면표시) in chart signatures and in the structured fit: the 차11 series is told
apart by the marking of each party's lane, in either party order. Descriptions written for these
tests."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import structured_fit
from katalog.matching.signatures import chart_signatures, special_cues

CP = ["청구차량", "피청구차량"]


@pytest.fixture(scope="module")
def sigs():
    return chart_signatures()


@pytest.mark.parametrize(
    ("cid", "a", "b"),
    [
        ("차11-1", ["left_turn"], ["left_turn", "straight"]),
        ("차11-2", ["left_turn", "straight"], ["straight"]),
        ("차11-3", ["left_turn"], ["straight"]),
        ("차11-4", ["straight"], ["straight", "right_turn"]),
        ("차11-5", ["straight", "right_turn"], ["right_turn"]),
        ("차11-6", ["right_turn"], ["straight"]),
    ],
)
def test_role_labels_give_each_party_its_lane_marking(sigs, cid: str, a: list[str], b: list[str]) -> None:
    assert (sigs[cid].A.lane_marking, sigs[cid].B.lane_marking) == (a, b)


def test_unsignalled_chart_is_not_made_signalled_by_its_side_note(sigs) -> None:
    # 차11-6: "신호 … 없는 교차로에서 … 신호가 등화된 상태 … 경우에도 준용할 수 있다"
    assert sigs["차11-6"].place == "unsignal_intersection"


def _best(text: str, sigs, cids: list[str]):
    facts = extract_facts(text, CP)
    cues = special_cues(text)
    fits = {c: structured_fit(facts, sigs[c], cues) for c in cids}
    return max(fits, key=lambda c: fits[c].score), fits


_RIGHT_SERIES = ["차11-4", "차11-5", "차11-6"]


def test_turner_in_a_lane_that_allows_the_turn_is_11_5(sigs) -> None:
    text = ("신호기가 있는 교차로에서 피청구차량이 직진·우회전 차로인 2차로에서 우회전하는데 우회전 전용차로인 "
            "3차로에서 청구차량이 직진하여 충돌")
    best, fits = _best(text, sigs, _RIGHT_SERIES)
    assert best == "차11-5"
    assert fits["차11-5"].swapped  # the turner, named second, is the chart's A
    assert any("노면표시" in r for r in fits["차11-5"].reasons)


def test_same_scene_other_order_keeps_the_mapping(sigs) -> None:
    text = ("신호기가 있는 교차로에서 청구차량이 직진·우회전 차로인 2차로에서 우회전하는데 우회전 전용차로인 "
            "3차로에서 피청구차량이 직진하여 충돌")
    best, fits = _best(text, sigs, _RIGHT_SERIES)
    assert best == "차11-5" and not fits["차11-5"].swapped


def test_turner_from_a_straight_only_lane_against_a_right_only_lane_is_11_6(sigs) -> None:
    text = "청구차량이 우회전 차로인 3차로에서 직진하다가 직진 차로인 2차로에서 우회전하는 피청구차량과 충돌"
    best, fits = _best(text, sigs, _RIGHT_SERIES)
    assert best == "차11-6" and not fits["차11-6"].swapped


def test_overtaking_turn_from_a_straight_lane_is_11_4(sigs) -> None:
    text = ("신호 교차로에서 청구차량이 직진 전용차로인 2차로에서 추월하여 우회전하다가 직진/우회전 겸용 3차로에서 "
            "직진하던 피청구차량과 충돌")
    best, fits = _best(text, sigs, _RIGHT_SERIES)
    assert best == "차11-4" and not fits["차11-4"].swapped


def test_contradicting_marking_lowers_the_fit(sigs) -> None:
    # the turner's lane allows its turn: 차11-6 (turn from a straight-only lane) must fit worse than
    # the same description without any marking
    marked = extract_facts("청구차량이 우회전 차로에서 직진하던 중 직진·우회전 차로에서 우회전하는 피청구차량과 충돌", CP)
    plain = extract_facts("청구차량이 3차로에서 직진하던 중 2차로에서 우회전하는 피청구차량과 충돌", CP)
    assert structured_fit(marked, sigs["차11-5"]).score > structured_fit(plain, sigs["차11-5"]).score
    assert structured_fit(marked, sigs["차11-6"]).score < structured_fit(marked, sigs["차11-5"]).score


def test_a_named_lane_marking_is_a_road_marking_cue() -> None:
    assert "노면표시" in special_cues("직진차로인 2차로에서 우회전하다가")
    assert "노면표시" not in special_cues("교차로에서 좌회전하다가 맞은편 차와 충돌")
