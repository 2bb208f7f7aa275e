"""Follow-up answers and reason labels read the vocabulary's `label`s: the texts users see stay as they were."""

from __future__ import annotations

from katalog.followup import MOVEMENT_OPTIONS, ROAD_OPTIONS, SIGNAL_OPTIONS
from katalog.matching.candidates import ko


def test_follow_up_answers_keep_their_labels_and_order() -> None:
    assert list(SIGNAL_OPTIONS.items()) == [
        ("녹색", "green"), ("황색", "yellow"), ("적색", "red"), ("녹색 좌회전 화살표", "green_left_arrow"),
        ("적색 점멸", "red_flash"), ("황색 점멸", "yellow_flash"), ("신호 없음", "none"),
    ]
    assert list(MOVEMENT_OPTIONS.items()) == [
        ("직진", "straight"), ("좌회전", "left_turn"), ("우회전", "right_turn"), ("유턴", "u_turn"),
        ("진로변경", "lane_change"), ("후진", "reversing"), ("정차·주차", "stopped"), ("출발", "starting"),
    ]
    assert list(ROAD_OPTIONS.items()) == [("대로", "major"), ("소로", "minor"), ("동일폭", "equal")]


def test_reasons_name_every_movement_and_signal_in_korean() -> None:
    assert ko("door_opening") == "문 열림"
    assert ko("entering") == "도로 외 진입"
    assert ko("green_flash") == "녹색 점멸"
    assert ko("none") == "신호 없음"
    assert ko("signal_intersection") == "신호 있는 교차로"
    assert ko("partial_signal_intersection") == "한쪽만 신호 있는 교차로"
    assert ko("major") == "major"  # road codes were never translated in reasons
    assert ko(None) == ""
