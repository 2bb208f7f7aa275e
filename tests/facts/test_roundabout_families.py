"""Roundabout wording families (회전 / 차54): a roundabout named only by its lanes or clock positions, lay
verbs of going round and of leaving, the driver of "엄마 차" named on their own, moving between the inner
and outer lanes, and the 2025 book's layout words that prefer its charts over their 2023 twins.
Descriptions written for these tests."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import rank_candidates
from katalog.matching.signatures import PREFERENCE_CUES, chart_signatures, special_cues
from katalog.stages.retrieval import retrieval_scores

CP = ["청구차량", "피청구차량"]


@pytest.fixture(scope="module")
def sigs():
    return chart_signatures()


def _circulating(text: str, parties: list[str] | None = None) -> list[bool | None]:
    f = extract_facts(text, parties)
    assert f.place == "roundabout"
    return [p.in_roundabout for p in f.parties[:2]]


# ---- a roundabout named by its lanes, clock positions or 원형교차로 -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "진입2차로→회전2차로 후 3시 진출부에서 진출1차로로 차로변경한 피청구차량과 진출1차로로 나가던 청구차량이 충돌",
        "9시 방향 1차로로 먼저 들어간 청구차량과 6시 방향에서 후진입한 피청구차량이 부딪힘",
        "청구차량은 12시 쪽에서 들어와 3시 방향으로 빠져나가던 중, 피청구차량과 충돌",
    ],
)
def test_roundabout_named_by_its_lanes_or_clock(text: str) -> None:
    f = extract_facts(text, CP)
    assert f.place == "roundabout"
    assert "회전차로" in f.conditions  # the 2025 book's own facts: its charts are ranked


def test_wonhyeong_gyocharo_is_a_roundabout() -> None:
    assert _circulating("원형교차로에서 돌던 중에 들어오던 차와 부딪혔어요") == [True, False]


@pytest.mark.parametrize(
    "text",
    [
        "좌 회전 차로인 1차로에서 직진하던 청구차량과 2차로에서 좌회전하던 피청구차량이 충돌",
        "우회전 차로에서 직진하던 청구차량과 직진 차로에서 우회전하던 피청구차량이 충돌",
        "주차장 출구에서 나오던 피청구차량과 도로를 직진하던 청구차량이 충돌",
        "교차로 출구 측 횡단보도 앞에서 청구차량이 피청구차량을 추돌",
    ],
)
def test_turning_lanes_and_exits_elsewhere_are_no_roundabout(text: str) -> None:
    assert extract_facts(text, CP).place != "roundabout"


# ---- going round and leaving ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parties", "expected"),
    [
        ("제가 로터리 안쪽으로 빙 돌아서 나가는 중에 새로 들어온 승합차가 부딪혔어요", None, [True, False]),
        ("원형교차로에서 한참 돌았는데 입구에서 들어오던 택시가 제 차를 받았어요", None, [True, False]),
        ("회전교차로에서 계속 회전하던 피청구차량과 진입하던 청구차량이 충돌", CP, [False, True]),
        ("청구차량은 회전교차로를 먼저 돌고 있었고 피청구차량이 회전교차로로 진입하다 충돌", CP, [True, False]),
    ],
)
def test_lay_verbs_of_going_round(text: str, parties: list[str] | None, expected: list[bool]) -> None:
    assert _circulating(text, parties) == expected


def test_both_going_round_when_one_leaves_from_the_inner_lane() -> None:
    text = "2차로 회전교차로에서 청구차량은 안쪽 차로로 돌다가 출구로 빠지려고 하고, 피청구차량은 바깥 차로로 돌던 중 부딪힘"
    assert _circulating(text, CP) == [True, True]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("회전교차로에 들어가다가 안에 있던 차와 충돌했어요", False),  # 충돌 is no going round
        ("회전교차로에 들어가서 왼쪽으로 돌려고 하는데 안에서 돌던 차와 부딪혔어요", False),  # an aim, not yet
    ],
)
def test_collisions_and_aims_are_not_going_round(text: str, expected: bool) -> None:
    assert _circulating(text)[0] is expected


# ---- the driver of "엄마 차" named on their own -------------------------------------------------------


def test_driver_of_a_named_car_heads_their_clause() -> None:
    text = "엄마가 로터리에서 안쪽으로 돌고 계셨는데 들어오던 트럭이 엄마 차를 박았대요"
    assert _circulating(text, ["엄마 차", "트럭"]) == [True, False]


def test_driver_of_a_named_car_outside_a_roundabout() -> None:
    f = extract_facts("남편이 유턴 구역에서 신호 받고 유턴하는데 뒤따르던 버스가 남편 차를 들이받았어요", ["남편 차", "버스"])
    assert f.parties[0].movement == "u_turn"


def test_a_name_that_is_no_person_borrows_nothing() -> None:
    f = extract_facts("흰 차가 로터리를 돌고 있었는데 들어오던 트럭이 흰 차를 박았어요", ["흰 차", "트럭"])
    assert [p.in_roundabout for p in f.parties] == [True, False]


# ---- moving between the inner and outer lanes ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mover"),
    [
        ("로터리에 들어오자마자 안쪽 차로로 확 넘어온 승합차가 안쪽으로 돌던 제 차를 받았어요", "승합차"),
        ("회전교차로 안쪽으로 돌던 택시가 바깥쪽으로 붙으면서 바깥 차로로 돌던 제 차를 긁었어요", "택시"),
    ],
)
def test_moving_between_a_roundabouts_lanes_is_a_lane_change(text: str, mover: str) -> None:
    f = extract_facts(text)
    assert f.place == "roundabout"
    assert next(p for p in f.parties if p.name == mover).movement == "lane_change"


def test_keeping_to_the_inside_of_a_junction_turn_is_no_lane_change() -> None:
    f = extract_facts("교차로에서 좌회전하면서 안쪽으로 붙었는데 옆 차가 부딪혔어요")
    assert f.parties[0].movement == "left_turn"


# ---- the 2025 book's layout words ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["6시 입구에서 들어가다가", "진출부에서 차로를 바꾸다", "왼쪽 진입차로로 들어가", "점선 구간에서 옮기다", "진출2차로로 나가"],
)
def test_layout_words_are_a_cue(text: str) -> None:
    assert "진출입차로" in special_cues(text)


@pytest.mark.parametrize(
    "text", ["회전 1차로에서 2차로로 진로변경", "2차로형 회전교차로", "진입 차로 변경", "안쪽 차로로 돌다가 바깥으로", "오후 3시쯤"]
)
def test_words_both_books_use_are_no_layout_cue(text: str) -> None:
    assert "진출입차로" not in special_cues(text)


def test_every_2025_chart_names_the_layout_and_no_2023_chart_does(sigs) -> None:
    assert all("진출입차로" in s.special for cid, s in sigs.items() if cid.startswith("회전-"))
    assert not any("진출입차로" in s.special for cid, s in sigs.items() if not cid.startswith("회전-"))
    assert "진출입차로" in PREFERENCE_CUES  # a lay description is no worse a fit for the 2025 charts


def test_only_the_lane_changer_changes_lanes_in_the_circulating_lane_change_chart(sigs) -> None:
    s = sigs["회전-3"]
    assert (s.A.movement, s.B.movement) == ("lane_change", None)
    assert (s.A.in_roundabout, s.B.in_roundabout) == (True, True)


@pytest.mark.parametrize(
    "text",
    [
        "청구차량 9시 방향 1차로로 선진입하여 회전 중, 6시 방향에서 후진입한 피청구차량과 충돌",
        "청구차량이 회전1차로로 돌다가 점선 구간에서 회전2차로로 진로변경하던 중 회전2차로를 돌던 피청구차량과 충돌",
    ],
)
def test_layout_words_rank_a_2025_chart_first(text: str, sigs) -> None:
    facts = extract_facts(text, CP)
    retrieval, _ = retrieval_scores(text)
    top = rank_candidates(facts, sigs, retrieval, top=1, cues=special_cues(text))[0].chart_id
    assert sigs[top].book == "ROUND2025"
