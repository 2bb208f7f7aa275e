"""Clause ownership: which party a clause's movement, side and conduct belong to.

A party named only as the place another acts at (its side, front, lane) owns no clause; a party whose
part or occupant is the subject owns the clause; a particle-less name after a comma opens its own clause.
"""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts


def _by_name(text: str, parties: list[str] | None = None) -> dict[str, tuple[str | None, str | None]]:
    return {p.name: (p.movement, p.from_direction) for p in extract_facts(text, parties).parties}


@pytest.mark.parametrize(
    ("text", "parties", "turner", "turn", "side", "other"),
    [
        ("비신호 교차로. A 트럭 직진. B 승용차 A 오른쪽 도로에서 좌회전 진입.", ["A", "B"], "B", "left_turn", "right", "A"),
        ("신호 없는 삼거리. 피해차량 직진. 가해차량 피해차량 좌측 도로에서 우회전.", ["피해차량", "가해차량"],
         "가해차량", "right_turn", "left", "피해차량"),
        ("동일 폭 교차로. 청구차량 직진. 상대차량 청구차량 좌측 대로에서 좌회전.", ["청구차량", "상대차량"],
         "상대차량", "left_turn", "left", "청구차량"),
    ],
)
def test_side_frame_after_a_headed_clause(text, parties, turner, turn, side, other):
    """"B 승용차 A 오른쪽 도로에서 좌회전": A names only the road B comes from."""
    got = _by_name(text, parties)
    assert got[turner] == (turn, side)
    assert got[other][0] == "straight"


@pytest.mark.parametrize(
    ("text", "parties", "mover", "move", "still"),
    [
        ("화물차가 제 차 앞으로 차선을 바꾸다가 부딪혔어요.", None, "화물차", "lane_change", "제 차"),
        ("B차량이 A차량 좌측으로 추월하여 A차량 전방으로 진로변경 중 충돌.", ["A차량", "B차량"], "B차량", "lane_change",
         "A차량"),
        ("2차로에 있던 승합차가 언니 차 앞으로 끼어들다 부딪혔어요.", ["언니 차", "승합차"], "승합차", "lane_change",
         "언니 차"),
    ],
)
def test_side_frame_object_of_a_subject(text, parties, mover, move, still):
    """"화물차가 제 차 앞으로 차선을 바꾸다": the lane change is the subject's, not the frame's."""
    got = _by_name(text, parties)
    assert got[mover][0] == move
    assert got[still][0] != move


def test_frame_keeps_its_relative_clause():
    """"제가 | 정류장에 정차해 있던 버스 옆으로 지나가는데": the stop is the bus's, the passing the writer's."""
    got = _by_name("제가 정류장에 정차해 있던 버스 옆으로 지나가는데 버스가 출발했어요.", ["제가", "버스"])
    assert got["제가"][0] != "stopped"
    assert got["버스"][0] == "starting"


def test_name_after_comma_opens_its_clause():
    """"청구차량이 직진, 상대차량 우측 도로에서 좌회전": 상대차량 heads the rest, it is no frame."""
    got = _by_name("청구차량이 직진, 상대차량 우측 도로에서 좌회전 진입.", ["청구차량", "상대차량"])
    assert got["청구차량"][0] == "straight"
    assert got["상대차량"] == ("left_turn", "right")


@pytest.mark.parametrize(
    ("text", "parties", "opener", "passer"),
    [
        ("골목길을 지나는데 길가에 세워 둔 트럭 조수석 문이 확 열려서 제 차 옆이 긁혔어요.", ["제 차", "트럭"], "트럭", "제 차"),
        ("동생이 자전거로 지나가는데 서 있던 택시에서 손님이 문을 열어 동생이 부딪혔어요.", ["동생", "택시"], "택시", "동생"),
    ],
)
def test_part_or_occupant_subject_is_the_party(text, parties, opener, passer):
    """"트럭 조수석 문이 열려서", "택시에서 손님이 문을 열어": the door opening is that party's."""
    got = _by_name(text, parties)
    assert got[opener][0] == "door_opening"
    assert got[passer][0] != "door_opening"
