"""Intersection families, round 2 (issue 15): a light that changed on a car already inside the junction
(차1-2 / 차2-3 / 차2-5 / 차3-5 against the plain signal charts 차1-1 / 차2-4), and a two-wheeler turning right at
an unsignalled junction, whose side separates 비정형-20/21 (straight car from the turner's right, 차14-1's
layout) from the portal 348/349 (from its left, 차13-1's). Sentences are our own."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts


def _changed(text: str, parties: list[str]) -> list[str]:
    """Names of the parties that own the light change."""
    return [p.name for p in extract_facts(text, parties=parties).parties if "진입후신호변경" in p.conditions]



# ---- a light that changed on a car inside the junction -----------------------------------------


@pytest.mark.parametrize(
    "text, owner",
    [
        ("승합차가 초록불에 사거리로 들어왔는데 앞이 밀려서 다 못 빠져나간 상태였고, 옆길에서 신호 받고 출발한 제 차가 부딪혔어요.", "승합차"),
        ("승합차는 노란불에 진입했다가 교차로를 벗어나지 못했고, 제 차는 옆 도로 녹색에 출발했습니다.", "승합차"),
        ("승합차가 교차로 한가운데 서 있다가 신호가 바뀌었고, 옆에서 출발한 제 차가 그 옆을 받았어요.", "승합차"),
        ("승합차가 교차로 안에서 빨간불이 됐고, 제 차는 초록불 받고 막 출발했어요.", "승합차"),
        ("승합차가 좌회전하려고 교차로에 들어가 기다리다가 노란불에 돌았고 제 차는 맞은편에서 노란불에 직진했어요.", "승합차"),
        ("승합차가 교차로에 갇혔는데 옆 도로에서 초록불에 출발한 제 차가 그 차를 박았어요.", "승합차"),
    ],
)
def test_a_light_that_changed_inside_is_owned_by_the_car_inside(text, owner):
    assert _changed(text, ["제 차", "승합차"]) == [owner]


@pytest.mark.parametrize(
    "text",
    [
        "저는 초록불에 사거리를 직진했는데 옆 도로에서 빨간불을 무시한 승합차가 들어와 부딪혔어요.",
        "승합차가 빨간불로 바뀐 걸 보고도 교차로로 들어와서 초록불에 직진하던 제 차를 받았어요.",
        "신호 대기하다가 신호가 바뀌어 출발했는데 옆에서 신호를 어긴 승합차가 왔어요.",
    ],
)
def test_a_plain_red_light_is_no_change_inside(text):
    assert _changed(text, ["제 차", "승합차"]) == []


@pytest.mark.parametrize(
    "text, right, wrong",
    [
        ("저는 초록불에 사거리를 직진했는데 옆길에서 빨간불에 들어온 승합차가 옆을 받았어요.", "차1-1", "차1-2"),
        ("승합차가 빨간불인데 그대로 교차로로 직진해서 초록불 받고 가던 제 차와 부딪혔어요.", "차1-1", "차1-2"),
        ("승합차가 노란불에 들어왔다가 못 빠져나간 상태였고, 제 차는 초록불 받고 출발하다 부딪혔어요.", "차1-2", "차1-1"),
        ("제 차는 노란불에 직진했고 맞은편 승합차도 노란불에 좌회전하다 부딪혔어요.", "차2-4", "차2-3"),
    ],
)
def test_the_change_inside_separates_the_signal_charts(text, right, wrong, fits):
    good, bad = fits(text, ["제 차", "승합차"], right, wrong)
    assert good > bad


# ---- a two-wheeler turning right at an unsignalled junction -------------------------------------


@pytest.mark.parametrize(
    "text, parties, right, wrong",
    [
        ("배달 스쿠터로 신호등 없는 삼거리에서 우회전하는데 오른쪽 도로에서 직진해 온 승용차와 부딪혔어요.",
         ["스쿠터", "승용차"], "비정형-20", "348"),
        ("신호 없는 교차로를 직진하던 중 제 왼쪽 골목에서 우회전하던 오토바이가 제 차 앞으로 나왔어요.",
         ["제 차", "오토바이"], "비정형-20", "348"),
        ("신호 없는 교차로에서 승용차가 우회전하다가 승용차 오른쪽 길에서 직진하던 오토바이를 쳤어요.",
         ["승용차", "오토바이"], "비정형-21", "349"),
        ("신호 없는 교차로에서 오토바이로 우회전하는데 왼쪽 길에서 직진해 온 승용차가 받았어요.",
         ["오토바이", "승용차"], "348", "비정형-20"),
    ],
)
def test_the_side_of_the_straight_car_separates_the_two_wheeler_charts(text, parties, right, wrong, fits):
    good, bad = fits(text, parties, right, wrong)
    assert good > bad
