"""Car-to-car and two-wheeler families (issue 15, round 4): two cars moving into one lane from both sides
(차43-3), the side a party comes from named after another party's chained verb or before a word that only
describes its name, and the 비정형 book's two-wheeler charts against the 2023 car chart of the same layout.
Sentences are our own."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import rank_candidates
from katalog.matching.signatures import chart_signatures, special_cues


def _party(facts, word: str):
    return next(p for p in facts.parties if word in p.name)


# ---- two cars moving into one lane from both sides (차43-3) -------------------------------------


@pytest.mark.parametrize(
    "text, other",
    [
        ("제 차가 왼쪽 차로에서 가운데 차로로 들어가는데 오른쪽 차로에 있던 트럭도 가운데 차로로 들어오다 부딪혔어요.", "트럭"),
        ("저는 2차로에서 3차로로 깜빡이 켜고 넘어가는데 4차로 버스도 같은 시간에 3차로로 넘어왔어요.", "버스"),
        ("택시가 오른쪽 차로에서 가운데로 들어오던 중이었고, 저는 왼쪽 차로에서 가운데로 들어가다 부딪혔어요.", "택시"),
        ("1차로가 막혀서 저는 2차로로 쑥 빠졌는데 3차로에 있던 승합차도 2차로로 들어오다가 박았어요.", "승합차"),
    ],
)
def test_both_cars_moving_into_one_lane_change_lanes(text, other):
    f = extract_facts(text)
    assert _party(f, other).movement == "lane_change"
    assert [p for p in f.parties if p.name != _party(f, other).name][0].movement == "lane_change"


def test_moving_into_a_lane_ranks_the_simultaneous_lane_change_chart():
    text = "제 차가 왼쪽 차로에서 가운데 차로로 들어가는데 오른쪽 차로 트럭도 동시에 가운데 차로로 들어와서 박았어요."
    f = extract_facts(text)
    top = rank_candidates(f, chart_signatures(), {}, top=3, cues=special_cues(text))
    assert top[0].chart_id == "차43-3"


@pytest.mark.parametrize("text", ["둘이 같은 시간에 2차로로 들어갔어요", "같은 순간에 둘 다 핸들을 틀었어요"])
def test_at_the_same_time_is_the_simultaneous_cue(text):
    assert "동시" in special_cues(text)


@pytest.mark.parametrize(
    "text",
    [
        "회전교차로에서 돌다가 출구로 빠져나가는데 옆 차가 부딪혔어요.",
        "2차로로 빠져나가려는 순간 뒤차가 박았어요.",
    ],
)
def test_leaving_by_a_lane_is_no_lane_change(text):
    f = extract_facts(text)
    assert all(p.movement != "lane_change" for p in f.parties)


# ---- the side a party comes from -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, other, side",
    [
        ("신호 없는 사거리에서 저는 직진했고 왼쪽 길에서 승용차가 좌회전하다 부딪혔어요.", "승용차", "left"),
        ("신호 없는 교차로에서 제 차는 직진하고 오른쪽 도로에서 트럭이 좌회전하다 부딪혔어요.", "트럭", "right"),
        ("신호 없는 교차로에서 저는 직진 중이었는데 오른쪽 골목에서 배달 오토바이가 좌회전했어요.", "오토바이", "right"),
        ("신호 없는 교차로에서 저는 직진했고 왼쪽 길에서 퀵 오토바이가 튀어나왔어요.", "오토바이", "left"),
    ],
)
def test_the_road_named_before_the_next_subject_is_its_own(text, other, side):
    f = extract_facts(text)
    assert _party(f, other).from_direction == side
    writer = next(p for p in f.parties if p.name != _party(f, other).name)
    assert writer.from_direction != side


# ---- the 비정형 book's two-wheeler charts (비정형-20/21) -------------------------------------------


@pytest.mark.parametrize(
    "text, chart",
    [
        ("신호 없는 교차로에서 제가 우회전하는데 오른쪽 도로에서 스쿠터가 직진해 오다 부딪혔어요.", "비정형-21"),
        ("신호 없는 교차로를 직진하는데 왼쪽 길에서 오토바이가 우회전하면서 부딪혔어요.", "비정형-20"),
    ],
)
def test_a_two_wheeler_turning_right_ranks_its_own_chart_over_the_car_chart(text, chart):
    f = extract_facts(text)
    top = [r.chart_id for r in rank_candidates(f, chart_signatures(), {}, top=10, cues=special_cues(text))]
    assert chart in top and "차14-1" in top
    assert top.index(chart) < top.index("차14-1")


def test_two_cars_turning_right_keep_the_car_chart():
    text = "신호 없는 교차로에서 제가 우회전하는데 오른쪽 도로에서 승용차가 직진해 오다 부딪혔어요."
    f = extract_facts(text)
    top = [r.chart_id for r in rank_candidates(f, chart_signatures(), {}, top=10, cues=special_cues(text))]
    assert top.index("차14-1") < top.index("비정형-21") if "비정형-21" in top else "차14-1" in top
