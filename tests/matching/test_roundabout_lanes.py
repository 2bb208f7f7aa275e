"""Each roundabout party's own lane (`PartyFacts.roundabout_lane`: inner 안쪽·1차로 / outer 바깥쪽·2차로), the
lane changes it implies (moving into the other lane; leaving from the inner lane across a car circulating in
the outer one) and going on past the other's exit (회전-7). These separate chart pairs with the same
movements: 회전-4 / 회전-5 (who crosses at the 3시 exit), 회전-13 / 회전-14 (the entrant's lane), 회전-6 /
회전-7, 회전-1 / 회전-2. Descriptions written for these tests (rider, driver and third-person wordings)."""

from __future__ import annotations

import pytest

from katalog.engine import assess
from katalog.facts import extract_facts
from katalog.matching.candidates import rank_candidates
from katalog.matching.signatures import chart_signatures, special_cues
from katalog.stages.retrieval import retrieval_scores

CP = ["청구차량", "피청구차량"]


@pytest.fixture(scope="module")
def sigs():
    return chart_signatures()


def _lanes(text: str, parties: list[str] | None = None) -> dict[str, str | None]:
    f = extract_facts(text, parties)
    assert f.place == "roundabout"
    return {p.name: p.roundabout_lane for p in f.parties}


def _party(text: str, name: str, parties: list[str] | None = None):
    return next(p for p in extract_facts(text, parties).parties if p.name == name)


# ---- the party's own lane ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parties", "expected"),
    [
        ("회전교차로 안쪽 차로로 돌던 택시랑 바깥 차로로 돌던 제 차가 부딪혔어요", ["택시", "제 차"],
         {"택시": "inner", "제 차": "outer"}),
        ("청구차량 회전2차로 주행 중 회전1차로에서 점선구간 진로변경한 피청구차량과 충돌", CP,
         {"청구차량": "outer", "피청구차량": "inner"}),
        ("진입2차로에서 들어오던 버스가 진입1차로로 들어가던 청구차량과 부딪힘", ["버스", "청구차량"],
         {"버스": "outer", "청구차량": "inner"}),
        ("로터리 바깥쪽 돌던 트럭이랑 안쪽 차선에서 돌던 승용차가 부딪혔어요", ["트럭", "승용차"],
         {"트럭": "outer", "승용차": "inner"}),
        # the first lane named is where it was before it moved ("진입2차로에서 회전1차로로")
        ("피청구차량이 진입2차로에서 회전1차로로 곧장 들어와 청구차량과 충돌", CP, {"피청구차량": "outer"}),
    ],
)
def test_own_lane(text: str, parties: list[str], expected: dict[str, str]) -> None:
    lanes = _lanes(text, parties)
    assert {k: lanes[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("회전교차로 입구에서 들어온 SUV가 곧바로 안쪽 차선으로 꺾어 들어오며 제 차를 받았어요", "SUV"),  # moved into
        ("로터리에 들어오자마자 안쪽 차로로 확 넘어온 승합차가 제 차를 박았어요", "승합차"),
        ("2차로 회전교차로에서 들어오던 택시가 제 차를 받았어요", "택시"),  # the layout, no lane of its own
        ("회전교차로 3시 출구 1차로로 나가던 트럭과 부딪혔어요", "트럭"),  # an exit lane
        ("회전교차로 바깥에서 들어오던 버스가 제 차와 부딪혔어요", "버스"),  # from outside the roundabout
    ],
)
def test_lanes_moved_into_exits_and_layout_are_no_own_lane(text: str, party: str) -> None:
    assert _party(text, party).roundabout_lane is None


@pytest.mark.parametrize(
    ("text", "parties", "expected"),
    [
        # the lane left in a transition, and the entry lanes by side (lane 1 is the left one)
        ("회전교차로 1→2차로 진로변경하던 승합차와 2차로 회전 중이던 택시 충돌", ["승합차", "택시"],
         {"승합차": "inner", "택시": "outer"}),
        ("로터리 왼쪽 차로로 들어가던 제 차를 오른쪽 진입차로에서 들어오던 트럭이 쳤어요", ["제 차", "트럭"],
         {"제 차": "inner", "트럭": "outer"}),
    ],
)
def test_lane_by_transition_or_side(text: str, parties: list[str], expected: dict[str, str]) -> None:
    assert _lanes(text, parties) == expected


def test_numbered_lanes_of_a_wider_approach_are_no_inner_or_outer() -> None:
    f = extract_facts("당사 차량이 3차로에서 회전교차로로 진입하던 중 2차로에서 회전교차로로 들어오던 상대 차량과 부딪혔습니다",
                      ["당사 차량", "상대 차량"])
    assert [p.roundabout_lane for p in f.parties] == [None, None]


# ---- lane changes the lanes imply ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parties", "mover"),
    [
        # moving into the other lane
        ("회전교차로 안쪽 차로에서 돌던 택시가 첫 번째 출구로 빠지면서 바깥 차선으로 들어왔어요", None, "택시"),
        ("청구차량 진입1차로에서 회전2차로로 진입, 진입2차로에서 회전2차로로 진입하던 피청구차량과 충돌", CP, "청구차량"),
        ("회전교차로 바깥 차로로 9시까지 돌던 화물차가 출구에서 안쪽 차선으로 들어와 제 차를 쳤어요", None, "화물차"),
        # leaving from the inner lane across a car circulating in the outer one
        ("바깥 차로로 돌던 제가 3시 출구로 나가는데 안쪽 차로에 있던 SUV가 갑자기 출구 쪽으로 꺾으면서 부딪혔어요", None, "SUV"),
        ("회전교차로 바깥쪽 차로를 타고 돌다가 첫 번째 출구로 나가는데 안쪽 차로에 있던 버스가 같이 그 출구로 빠지려고 "
         "제 쪽으로 들어와 부딪혔어요", None, "버스"),
        # the lane it came by not taken ("바깥쪽으로 안 가고"): it went into the other one
        ("2차로 회전교차로 입구에서 오른쪽 차로로 들어오던 택시가 바깥쪽으로 안 가고 안쪽으로 붙어서 제 차랑 "
         "부딪혔어요", None, "택시"),
        ("로터리 왼쪽 차로로 진입한 제가 안쪽으로 안 가고 바깥으로 꺾다가 옆 차를 박았어요", ["저", "옆 차"], "저"),
        # crossing into the other's lane by its name
        ("청구차량은 안쪽 차로로 돌아 12시 출구로 나가는데 바깥 차로로 돌던 피청구차량이 출구에서 청구차량 차선으로 "
         "넘어와 충돌", CP, "피청구차량"),
    ],
)
def test_lane_change_implied(text: str, parties: list[str] | None, mover: str) -> None:
    assert _party(text, mover, parties).movement == "lane_change"


@pytest.mark.parametrize(
    ("text", "parties", "name"),
    [
        # exit lane 1 kept: the outer car is the one that crossed (회전-4)
        ("로터리 안쪽 차선에서 돌다가 3시 방향 출구 1차로로 그대로 나가는데 바깥 차선에서 돌던 트럭이 출구에서 제 "
         "차선으로 넘어와 부딪혔어요", ["제 차", "트럭"], "제 차"),
        # the 12시 exit, the outer car circling on (회전-7)
        ("안쪽 차로로 돌아 12시 출구로 나가려는데 바깥 차로에 있던 승용차가 나가지 않고 계속 돌면서 부딪혔어요", None, "A"),
        # an inner car leaving past an entering one crosses nobody's circulating lane (회전-13/14)
        ("12시 입구로 먼저 들어와 안쪽 차로로 돌아 3시 출구로 나가던 중, 6시 입구 안쪽 1차로로 들어와 직진하려던 "
         "승용차와 부딪혔어요", None, "A"),
    ],
)
def test_no_lane_change_where_the_inner_car_keeps_its_exit_lane(text: str, parties, name: str) -> None:
    assert _party(text, name, parties).movement != "lane_change"


def test_the_party_named_before_the_lane_is_the_one_crossed_into() -> None:
    text = "아내가 로터리 안쪽 차로로 돌다가 직진 출구로 나가는데 바깥 차로로 돌던 버스가 아내 차 쪽 차선으로 밀고 들어왔대요"
    f = extract_facts(text, ["아내 차", "버스"])
    assert f.parties[1].movement == "lane_change" and f.parties[0].movement != "lane_change"


@pytest.mark.parametrize(
    "text",
    [
        "청구차량은 회전1차로로 돌아 12시 진출1차로로 나가던 중, 회전2차로로 돌던 피청구차량이 12시로 빠지지 않고 계속 회전하여 충돌",
        "청구차량이 안쪽 차로로 돌아 12시 출구로 나가려는데 바깥 차로의 피청구차량이 안 나가고 그대로 돌아 충돌",
    ],
)
def test_going_on_past_the_others_exit_is_turning_on(text: str) -> None:
    assert _party(text, "피청구차량", CP).movement == "left_turn"  # 회전-7 B "좌회전(계속 2차로 회전)"


def test_going_round_against_an_entering_car_is_no_turn() -> None:
    assert _party("회전교차로에서 계속 회전하던 피청구차량과 진입하던 청구차량이 충돌", "피청구차량", CP).movement is None


@pytest.mark.parametrize(
    "text",
    ["작은 로터리 들어가다가 이미 안에서 돌던 승용차 옆구리를 받았어요", "원형교차로 돌다가 옆에서 들어온 화물차 범퍼에 닿았어요"],
)
def test_a_roundabout_by_its_other_names_is_traffic(text: str) -> None:
    assert extract_facts(text).in_scope  # 로터리 / 원형교차로 and 승용차 / 화물차 are traffic words


# ---- the charts' lanes ------------------------------------------------------------------------------------


def test_chart_lanes(sigs) -> None:
    lanes = {c: (sigs[c].A.roundabout_lane, sigs[c].B.roundabout_lane) for c in sigs if sigs[c].place == "roundabout"}
    for c in ("회전-1", "회전-2", "회전-3", "회전-4", "회전-5", "회전-6", "회전-7", "회전-8", "회전-13", "차54-3", "차54-5"):
        assert lanes[c] == ("inner", "outer"), c
    assert lanes["회전-14"] == ("inner", "inner")  # its entrant comes in by lane 1
    assert lanes["차54-1"] == (None, None)  # a one-lane roundabout ("1차로형")
    assert lanes["차54-4"] == ("inner", "outer")  # "진로변경(회전1->2차로)": the lane it leaves
    assert sigs["회전-1"].B.movement == "lane_change" and sigs["회전-2"].A.movement == "lane_change"


# ---- ranking: the pair the lanes separate --------------------------------------------------------------------


def _ranked(text: str, sigs, parties: list[str] | None) -> list[str]:
    facts = extract_facts(text, parties)
    retrieval, _ = retrieval_scores(text)
    return [r.chart_id for r in rank_candidates(facts, sigs, retrieval, top=10, cues=special_cues(text))]


@pytest.mark.parametrize(
    ("text", "parties", "gold", "rival"),
    [
        ("2차로 회전교차로에서 저는 안쪽 1차로로 돌다가 3시 출구로 나가려고 바깥 차로로 넘어갔는데, 바깥 차로로 돌아서 "
         "같은 출구로 나가던 차랑 부딪혔어요", None, "회전-5", "회전-4"),
        ("회전교차로 안쪽 차로에서 돌던 택시가 첫 번째 출구로 빠지면서 바깥 차선으로 들어왔고, 바깥 차로로 돌다 정상적으로 "
         "나가던 제 차를 받았어요", None, "회전-5", "회전-4"),
        ("회전교차로 바깥쪽 차로를 타고 돌다가 첫 번째 출구로 나가는데, 안쪽 차로에 있던 차가 같이 그 출구로 빠지려고 "
         "제 쪽으로 들어와 부딪혔어요", None, "회전-5", "회전-4"),
        ("아빠가 회전교차로 1차로로 돌다가 3시 출구 1차로로 나가셨는데, 2차로로 돌던 화물차가 출구에서 1차로로 들어오면서 "
         "아빠 차를 쳤대요", ["아빠 차", "화물차"], "회전-4", "회전-5"),
        ("청구차량은 회전1차로로 돌아 12시 진출1차로로 나가던 중, 회전2차로로 돌던 피청구차량이 12시로 빠지지 않고 계속 "
         "회전하여 충돌", CP, "회전-7", "회전-6"),
        ("12시 입구로 먼저 들어와 안쪽 차로로 돌아 3시 출구로 나가던 중, 6시 입구 안쪽 1차로로 들어와 직진하려던 "
         "승용차와 부딪혔어요", None, "회전-14", "회전-13"),
        ("2차로형 회전교차로, 청구차량 회전2차로 주행 중 회전1차로에서 점선구간 진로변경한 피청구차량과 충돌", CP,
         "회전-3", "회전-11"),
    ],
)
def test_lanes_tell_the_chart(text: str, parties, gold: str, rival: str, sigs) -> None:
    ranked = _ranked(text, sigs, parties)
    assert gold in ranked[:3]
    assert rival not in ranked or ranked.index(gold) < ranked.index(rival)


# ---- the engine's answer (rules + reader) ---------------------------------------------------------------------

ANSWERS = [
    ("2차로 회전교차로에서 저는 안쪽 1차로로 돌다가 3시 출구로 나가려고 바깥 차로로 넘어갔는데, 바깥 차로로 돌아서 같은 "
     "출구로 나가던 차랑 부딪혔어요", None, {"회전-5"}),
    ("회전교차로 안쪽 차로에서 돌던 택시가 첫 번째 출구로 빠지면서 바깥 차선으로 들어왔고, 바깥 차로로 돌다 정상적으로 "
     "나가던 제 차를 받았어요", None, {"회전-5"}),
    ("바깥 차로로 돌던 제가 3시 출구로 나가는데 안쪽 차로에 있던 SUV가 갑자기 출구 쪽으로 꺾으면서 제 차 옆을 "
     "긁었어요", None, {"회전-5"}),
    ("회전교차로 바깥쪽 차로를 타고 돌다가 첫 번째 출구로 나가는데, 안쪽 차로에 있던 차가 같이 그 출구로 빠지려고 제 "
     "쪽으로 들어와 부딪혔어요", None, {"회전-5"}),
    ("로터리 안쪽 차선에서 돌다가 3시 방향 출구 1차로로 그대로 나가는데, 바깥 차선에서 돌던 트럭이 출구에서 제 "
     "차선으로 넘어와 부딪혔습니다", None, {"회전-4"}),
    ("회전교차로 3시 출구에서 바깥쪽 돌던 버스가 제 차 앞으로 차선 바꿔 들어왔어요. 저는 안쪽 1차로로 돌아서 "
     "진출1차로로 나가던 중이었고요", None, {"회전-4"}),
    ("아빠가 회전교차로 1차로로 돌다가 3시 출구 1차로로 나가셨는데, 2차로로 돌던 화물차가 출구에서 1차로로 "
     "들어오면서 아빠 차를 쳤대요", ["아빠 차", "화물차"], {"회전-4"}),
    ("2차로 회전교차로 안쪽 차로로 돌아서 12시 방향 출구로 직진해서 나가는데, 바깥 차로 돌던 차가 출구에서 제 "
     "차로로 넘어와 박았어요", None, {"회전-6"}),
    ("안쪽 차로로 돌아 12시 출구로 나가려는데 바깥 차로에 있던 승용차가 나가지 않고 계속 돌면서 제 앞을 가로막아 "
     "충돌했어요", None, {"회전-7"}),
    ("청구차량은 회전1차로로 돌아 12시 진출1차로로 나가던 중, 회전2차로로 돌던 피청구차량이 12시로 빠지지 않고 계속 "
     "회전하여 충돌", CP, {"회전-7"}),
    ("회전교차로 안쪽으로 한 바퀴 돌아 9시 출구로 나가는데 바깥 차로로 9시까지 돌던 차가 출구에서 안쪽 차선으로 "
     "들어와 부딪혔어요", None, {"회전-8"}),
    ("2차로 회전교차로 안쪽 차로로 돌던 승합차가 점선 구간에서 바깥 차로로 차선을 바꾸다가 바깥 차로로 돌던 제 차 "
     "옆을 쳤어요", None, {"회전-3", "차54-4"}),
    ("저는 회전교차로 바깥 2차로를 돌고 있었고 안쪽 1차로에서 돌던 차가 제 차로로 진로변경하다가 부딪혔어요", None,
     {"회전-3", "차54-4"}),
    ("2차로형 회전교차로, 청구차량 회전2차로 주행 중 회전1차로에서 점선구간 진로변경한 피청구차량과 충돌", CP, {"회전-3"}),
    ("회전교차로 들어갈 때 저는 진입 1차로에서 안쪽 회전차로로 들어가고 있었는데, 옆 진입 2차로 차가 바깥으로 안 "
     "가고 안쪽 차로로 들어오면서 부딪혔어요", None, {"회전-1"}),
    ("두 차로짜리 입구에서 제가 바깥 진입차로로 들어가 바깥 회전차로로 가는데 옆 안쪽 진입차로 차가 바깥 회전차로로 "
     "밀고 들어와 충돌했어요", None, {"회전-2"}),
    ("진입2차로에서 들어오던 택시가 회전1차로로 곧장 들어오다가 진입1차로에서 회전1차로로 들어가던 제 차와 "
     "부딪혔어요", None, {"회전-1"}),
    ("청구차량 진입1차로에서 회전2차로로 진입, 진입2차로에서 회전2차로로 진입하던 피청구차량과 충돌", CP, {"회전-2"}),
    ("회전교차로에 들어가면서 제 차는 왼쪽 1차로, 상대 차는 오른쪽 2차로로 동시에 진입하다가 옆면끼리 부딪혔어요",
     None, {"차54-5"}),
    ("회전교차로 진입하면서 양보 안 하고 들어온 SUV가 회전 중이던 제 차를 들이받았어요", None, {"차54-1"}),
    ("2차로 회전교차로에서 제가 안쪽 차로로 돌고 있는데 바깥 입구로 들어온 차가 바로 안쪽 차로까지 들어와서 "
     "부딪혔어요", None, {"차54-2", "회전-11"}),
    ("회전교차로 안쪽 차선에서 돌던 제 차를, 바깥 차선으로 진입하던 트럭이 곧바로 안쪽 차선으로 꺾어 들어오며 "
     "받았습니다", None, {"차54-2", "회전-11"}),
    ("로터리 안쪽 차로에서 돌다가 출구로 나가려고 바깥 차로로 옮기는데 바깥 차로로 들어오던 차가 부딪혔어요", None,
     {"차54-3", "회전-15"}),
    ("9시 쪽에서 먼저 들어와 돌고 있던 제 차를 6시 입구로 나중에 들어와 직진하던 차가 들이받았어요", None, {"회전-9"}),
    ("12시 입구로 먼저 들어와 안쪽 차로로 돌아 3시 출구로 나가던 중, 6시 입구 안쪽 1차로로 들어와 직진하려던 "
     "승용차와 부딪혔어요", None, {"회전-14"}),
    ("12시 입구로 먼저 들어와 안쪽 차로로 돌아 3시 출구로 나가던 중, 6시 입구 바깥 2차로로 들어온 차가 안쪽으로 "
     "차로를 바꾸며 부딪혔어요", None, {"회전-13"}),
    ("먼저 진입해서 돌다가 3시 쪽 출구로 나가는데 6시 방향 바깥 차로로 들어오던 차가 부딪혔어요", None, {"회전-10"}),
    ("9시 쪽에서 먼저 들어와 안쪽 차로로 돌던 상대 차가 바깥 차로로 넘어오는데 6시 입구에서 들어가던 제 차와 "
     "부딪혔어요", None, {"회전-12"}),
    # undated: the 2023 edition (the portal's 399, which maps to 차54-1, only before 2023-06-01)
    ("배달 오토바이 타고 로터리 안에서 돌고 있었는데 입구에서 밀고 들어온 승용차가 제 오토바이를 쳤어요", None, {"차54-1"}),
    ("작은 로터리 들어가다가 이미 안에서 돌던 승용차 옆구리를 받았어요", None, {"차54-1"}),
]


@pytest.mark.parametrize(("text", "parties", "gold"), ANSWERS)
def test_engine_answer(text: str, parties: list[str] | None, gold: set[str]) -> None:
    a = assess(text, parties)
    assert a.status == "ok", a.abstention
    assert a.chart_id in gold, [c.chart_id for c in a.candidates[:3]]
