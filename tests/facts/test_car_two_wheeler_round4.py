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


# ---- a role printed "황(적)색": either colour (차2-4) ------------------------------------------------


def test_a_bracketed_colour_gives_the_role_both_signals():
    sig = chart_signatures()["차2-4"]
    assert sig.A.signal == "yellow" and set(sig.A.alt_signals) == {"yellow", "red"}
    assert set(sig.B.alt_signals) == {"yellow", "red"}
    assert not chart_signatures()["차3-2"].A.alt_signals  # "적색직진": one colour


@pytest.mark.parametrize(
    "text",
    [
        "신호 있는 교차로에서 A차량은 적색에 직진했고 맞은편 B차량도 적색에 좌회전하다 충돌했다.",
        "둘 다 빨간불에 들어갔어요. 저는 직진했고 맞은편에서 오던 SUV는 빨간불에 좌회전했어요.",
    ],
)
def test_both_on_red_from_opposite_sides_fit_the_same_signal_chart(text):
    from katalog.matching.candidates import structured_fit

    f = extract_facts(text)
    sigs = chart_signatures()
    assert structured_fit(f, sigs["차2-4"]).score > structured_fit(f, sigs["차3-2"]).score


# ---- a junction lit on one approach only (차5-x, 차6-1) --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "신호등 없는 길에서 제가 좌회전해 나갔는데 초록불에 직진해 오던 트럭이 제 차 뒤를 받았어요.",
        "저는 신호 없는 골목에서 큰길을 건너 직진했고 신호 있는 큰길에서 노란불에 달려오던 택시와 부딪혔어요.",
        "신호기 없는 쪽 도로에서 오토바이가 우회전하다가 녹색 신호에 직진하던 제 차와 충돌했어요.",
    ],
)
def test_one_road_without_a_light_against_a_lit_one_is_a_partly_lit_junction(text):
    f = extract_facts(text)
    assert f.place == "partial_signal_intersection"
    assert f.signal_controlled is True


@pytest.mark.parametrize(
    "text",
    [
        "신호 없는 교차로에서 저는 직진했고 왼쪽 길에서 택시가 좌회전했어요.",
        "저는 초록불에 직진했고 맞은편에서 좌회전하던 택시가 빨간불을 무시했어요.",
        "황색 점멸 신호에 직진하던 제 차와 신호 없는 골목에서 나온 차가 부딪혔어요.",
    ],
)
def test_lights_on_both_or_neither_road_keep_their_place(text):
    assert extract_facts(text).place != "partial_signal_intersection"


# ---- the writer riding a two-wheeler in lay words ------------------------------------------------


@pytest.mark.parametrize(
    "text, writer_move, other, other_move",
    [
        ("오토바이 몰고 신호 없는 사거리를 직진하는데 오른쪽 길에서 승용차가 우회전하다 부딪혔어요.", "straight", "승용차", "right_turn"),
        ("스쿠터를 몰다가 신호 없는 교차로에서 우회전했는데 오른쪽에서 직진하던 트럭이 박았어요.", "right_turn", "트럭", "straight"),
    ],
)
def test_riding_a_motorcycle_in_lay_words_is_the_writer(text, writer_move, other, other_move):
    f = extract_facts(text)
    assert len(f.parties) == 2
    rider = next(p for p in f.parties if p.type == "two_wheeler")
    assert rider.movement == writer_move
    assert _party(f, other).movement == other_move


# ---- overtaking over the centre line at a junction (차45-1) ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "교차로에서 좌회전하는데 뒤에서 오던 승합차가 중앙선을 넘어 추월하다가 제 차 옆을 받았어요.",
        "좌회전 신호에 돌고 있었는데 뒤차가 노란 실선 넘어서 앞지르다 부딪혔어요.",
    ],
)
def test_overtaking_over_the_centre_line_at_a_junction_names_the_centre_line(text):
    cues = special_cues(text)
    assert {"중앙선", "추월"} <= cues
    assert set(chart_signatures()["차45-1"].special) <= cues
