"""Everyday wording the parties were not given for (wt-pd): a person named by a plain word (아이, 사람,
할아버지, 학생) is a road user the text types by their own clauses; a person darting out crosses; parked
cars that only say where someone came from stop no one; a crosswalk said to be far off or not used is
not the place; a lane that ends or drops is a merge; a lane change told by the side moved to."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts


def _parties(text: str) -> list[tuple[str | None, str | None]]:
    return [(p.type, p.movement) for p in extract_facts(text).parties]


@pytest.mark.parametrize(
    "text",
    [
        "할아버지가 길을 건너시다가 버스에 치이셨어요.",
        "횡단보도 건너던 학생을 택시가 쳤다.",
        "사람이 갑자기 차도로 뛰어들었어요. 제 차에 부딪혔습니다.",
        "주차된 차량 사이로 어린이가 뛰어나와 제 차와 부딪혔습니다.",
        "골목에서 꼬마가 공을 쫓아 뛰어나왔는데 지나가던 트럭이 못 보고 쳤어요.",
    ],
)
def test_a_person_word_is_a_crossing_pedestrian(text):
    assert ("pedestrian", "crossing") in _parties(text)


@pytest.mark.parametrize(
    "text",
    [
        "아이를 태우고 가던 중에 뒤차가 박았어요.",
        "제가 직진하는데 운전하던 사람이 졸았는지 제 차를 박았어요.",
    ],
)
def test_a_passenger_or_a_driver_is_no_pedestrian(text):
    assert all(t != "pedestrian" for t, _ in _parties(text))


def test_parked_cars_a_child_came_from_stop_no_party():
    for text in ("아이가 주차된 차 사이에서 갑자기 뛰어나와 제 차에 부딪혔어요.",
                 "주차해 둔 차들 사이로 학생이 뛰어나왔고 제 차 범퍼에 부딪혔어요."):
        assert all(m != "stopped" for _, m in _parties(text)), text


@pytest.mark.parametrize(
    ("text", "crosswalk"),
    [
        ("횡단보도가 멀어서 그냥 찻길을 건너다가 차에 치였어요.", False),
        ("횡단보도까지 안 가고 중간에서 길을 건너다가 차에 치였습니다.", False),
        ("횡단보도는 한참 떨어져 있었고 저는 그냥 도로를 건넜어요. 오던 차에 치였어요.", False),
        ("횡단보도에서 한참 기다리다 초록불에 건넜는데 차가 와서 쳤어요.", True),
        ("횡단보도 안 가운데쯤에서 차에 치였어요.", True),
    ],
)
def test_a_crosswalk_far_off_or_not_used_is_not_the_place(text, crosswalk):
    assert (extract_facts(text).place == "crosswalk") is crosswalk


@pytest.mark.parametrize(
    "text",
    [
        "2차로가 1차로로 줄어드는 지점에서 옆 차가 밀고 들어와 부딪혔어요.",
        "오른쪽 차로가 끝나면서 그 차가 제 앞으로 들어왔어요.",
        "차로가 줄어드는 곳에서 옆 차가 제 앞으로 끼어들다가 부딪혔어요.",
    ],
)
def test_a_lane_that_ends_is_a_merge(text):
    assert extract_facts(text).place == "merge"


@pytest.mark.parametrize(
    "text",
    [
        "왼쪽 차선으로 옮기다가 뒤에서 오던 차와 부딪혔어요.",
        "우측 차로로 변경하던 중에 뒤차와 부딪혔습니다.",
        "깜빡이 켜고 오른쪽 차로로 옮기는데 뒤에서 달려오던 차가 박았어요.",
    ],
)
def test_a_lane_change_told_by_its_side(text):
    assert "lane_change" in [m for _, m in _parties(text)]


def test_the_lane_changer_at_a_lane_drop_merges():
    f = extract_facts("차로가 줄어드는 곳에서 옆 차가 제 앞으로 끼어들다가 부딪혔어요.")
    assert "merging" in [p.movement for p in f.parties]
