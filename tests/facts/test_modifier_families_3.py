"""Modifier families of the third round (final ratio on the right chart): a turn cut short or swung wide, a
left turn almost finished, a road with neither sidewalk nor centre line (not "횡단보도 없는"), conduct the
chart's title already prices in, and whose clause a cue is in ("-면서" inside a relative clause, a party
compared with "보다", a party named as what was seen). Sentences written for these tests."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.modifier_selection import select_modifiers
from katalog.standard.loader import Standard


def mods(std: Standard, chart_id: str, text: str, parties: list[str], mapping: dict[int, str]) -> set[str]:
    """The applied modifier ids of `chart_id` (first variant) with party index → chart party `mapping`."""
    chart = std.charts[chart_id]
    facts = extract_facts(text, parties=parties)
    return {m.id for m, _ in select_modifiers(chart, chart.variants[0].key, facts, mapping).applied}


def factors(text: str, parties: list[str]) -> dict[str, list[str]]:
    return {p.name: p.factors for p in extract_facts(text, parties=parties).parties}


# ---- turn shape: the party's own chart modifier names the turn --------------------------------------

@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("오른쪽 길에서 승합차가 좌회전하면서 안쪽으로 바짝 붙여서 작게 돌았어요. 직진하던 제 차와 부딪혔어요.", ["제 차", "승합차"]),
        ("제 차는 직진했어요. 승합차는 좌회전하는데 교차로 안쪽으로 안 들어오고 바로 앞당겨서 꺾었어요.", ["제 차", "승합차"]),
        ("승합차가 오른쪽 골목에서 너무 크게 돌아 좌회전하다가 직진하던 제 차를 박았어요.", ["제 차", "승합차"]),
        ("직진하던 저를, 오른쪽 길에서 짧게 좌회전하던 승합차가 받았습니다.", ["저", "승합차"]),
    ],
)
def test_a_left_turn_cut_short_or_swung_wide_is_the_left_turners(std: Standard, text: str, parties: list[str]) -> None:
    # 차16-1: A 직진, B 좌회전(오른쪽 도로에서 진입)
    assert "B-소좌회전대좌회전" in mods(std, "차16-1", text, parties, {0: "A", 1: "B"})


@pytest.mark.parametrize(
    "text",
    [
        "제가 좁은 길에서 큰길로 우회전하면서 크게 돌아 2차로로 들어갔는데 거기서 직진하던 화물차와 부딪혔어요.",
        "화물차가 직진해 오는데, 제가 골목에서 넓게 돌아서 우회전했어요.",
    ],
)
def test_a_wide_right_turn_is_the_right_turners(std: Standard, text: str) -> None:
    # 차13-1: A 우회전, B 직진
    got = mods(std, "차13-1", text, ["제가", "화물차"], {0: "A", 1: "B"})
    assert "A-대우회전" in got
    assert not any(m.startswith("B-") and "회전" in m for m in got)


@pytest.mark.parametrize(
    "text",
    [
        "핸들을 크게 돌려서 피하려다 승합차와 부딪혔어요.",
        "승합차가 좌회전하다 직진하던 제 차와 부딪혔어요.",
    ],
)
def test_no_turn_shape_without_its_words(std: Standard, text: str) -> None:
    got = mods(std, "차16-1", text, ["제 차", "승합차"], {0: "A", 1: "B"})
    assert "B-소좌회전대좌회전" not in got


# ---- a left turn (almost) finished ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "parties", "mapping"),
    [
        ("맞은편 승합차가 좌회전을 거의 다 마치고 빠져나가는 순간 직진하던 제가 그 뒤쪽을 받았어요.", ["제가", "승합차"], {0: "A", 1: "B"}),
        ("승합차가 좌회전하고 거의 다 빠져나갔을 때 제 차가 뒤쪽을 박았습니다.", ["제 차", "승합차"], {0: "A", 1: "B"}),
        ("피청구차량이 좌회전 완료 직후 청구차량이 직진하여 후미 충돌.", ["청구차량", "피청구차량"], {0: "A", 1: "B"}),
        ("승합차가 거의 다 돌고 나가던 참에 직진하던 제 차와 부딪혔어요.", ["승합차", "제 차"], {1: "A", 0: "B"}),
    ],
)
def test_a_left_turn_almost_finished(std: Standard, text: str, parties: list[str], mapping: dict[int, str]) -> None:
    # 차15-1: A 직진, B 좌회전 (맞은편)
    got = mods(std, "차15-1", text, parties, mapping)
    assert "B-좌회전완료직후" in got


def test_the_straight_party_never_earns_the_left_turners_modifier(std: Standard) -> None:
    text = "제가 좌회전을 거의 다 마쳤을 때 맞은편 승합차가 직진해 와서 부딪혔어요."
    got = mods(std, "차15-1", text, ["승합차", "제가"], {0: "A", 1: "B"})
    assert "B-좌회전완료직후" in got and not any(m.startswith("A-") for m in got)


# ---- sidewalks and centre lines ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "횡단보도 없는 국도를 할아버지가 건너시다가 직진하던 승합차에 치이셨어요.",
        "근처에 횡단보도가 없는 곳이라 그냥 건넜는데 승합차가 와서 부딪혔어요.",
    ],
)
def test_no_crosswalk_is_not_a_road_without_sidewalk(text: str) -> None:
    facts = extract_facts(text, parties=["할아버지", "승합차"])
    assert not {"보차도구분없음", "보차도구분없음중앙선이없음"} & set(facts.scene_factors)


@pytest.mark.parametrize(
    "text",
    [
        "인도도 중앙선도 없는 동네 길을 건너던 할아버지를 승합차가 쳤어요.",
        "인도·중앙선 없는 좁은 길 횡단 중 할아버지 / 직진 승합차",
        "보도와 중앙선이 없는 골목에서 할아버지가 길을 건너다 승합차에 치였어요.",
    ],
)
def test_neither_sidewalk_nor_centre_line(std: Standard, text: str) -> None:
    # 보23: A 보행자 (횡단), B 차량
    got = mods(std, "보23", text, ["할아버지", "승합차"], {0: "A", 1: "B"})
    assert "A-보차도구분없음중앙선이없음" in got


# ---- conduct the chart's title prices in ------------------------------------------------------------

def test_a_roundabout_chart_titled_first_entrant_prices_the_first_entry_in(std: Standard) -> None:
    # 회전-11 "선진입 회전차량과 후진입 직후 차로변경 차량": A's 선진입 is its role, not a modifier
    text = "제 차가 9시 쪽 1차로로 먼저 들어가서 돌고 있었는데, 6시 쪽에서 들어온 승합차가 바로 안쪽 차로로 바꾸다 부딪혔어요."
    got = mods(std, "회전-11", text, ["제 차", "승합차"], {0: "A", 1: "B"})
    assert "A-선진입" not in got


@pytest.mark.parametrize(
    "text",
    [
        "길가에 세웠다가 후진하는데 맞은편 승합차가 중앙선을 넘어 유턴하다 제 차 뒤를 받았어요.",
        "정차 후 후진하던 제 차를, 반대편에서 중앙선 넘어서 좌회전하던 승합차가 박았어요.",
    ],
)
def test_crossing_the_centre_line_is_the_u_turners_role(std: Standard, text: str) -> None:
    # 차31-4 "정차 후 후진 대 맞은편 중앙선침범 좌회전(유턴)": no 이중실선 중앙선 침범 for crossing it at all
    got = mods(std, "차31-4", text, ["제 차", "승합차"], {0: "A", 1: "B"})
    assert "B-이중실선중앙선침범" not in got


# ---- whose clause the cue is in ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "parties", "who"),
    [
        ("주차해 둔 제 차를, 통화하면서 운전하던 승합차가 긁고 지나갔어요.", ["제 차", "승합차"], "승합차"),
        ("길가에 세워 둔 자전거를 휴대폰 보면서 운전하던 승합차가 쳤어요.", ["자전거", "승합차"], "승합차"),
    ],
)
def test_while_inside_a_relative_clause_is_its_nouns(text: str, parties: list[str], who: str) -> None:
    got = factors(text, parties)
    other = next(p for p in parties if p != who)
    assert "휴대폰" in got[who] and "휴대폰" not in got[other]


@pytest.mark.parametrize(
    ("text", "parties", "first"),
    [
        ("엄마가 좌회전했는데, 화물차보다 훨씬 먼저 교차로에 들어가서 거의 다 돌았을 때 직진해 온 화물차가 받았어요.",
         ["엄마", "화물차"], "엄마"),
        ("오토바이가 승합차보다 먼저 진입해서 절반쯤 건넜을 때 오른쪽에서 달려온 승합차가 부딪혔어요.",
         ["승합차", "오토바이"], "오토바이"),
    ],
)
def test_entering_before_a_compared_party_is_the_subjects(
    by_name, text: str, parties: list[str], first: str  # type: ignore[no-untyped-def]
) -> None:
    got = by_name(text, parties)
    other = next(p for p in parties if p != first)
    assert got[first].entered_first is True
    assert got[other].entered_first is not True


@pytest.mark.parametrize(
    ("text", "parties", "seer"),
    [
        ("저는 구급차가 사이렌 켜고 오는 걸 보고도 속도를 안 줄였어요.", ["저", "구급차"], "저"),
        ("엄마가 직진하는데 경찰차가 경광등 켜고 들어오는 걸 봤는데도 속도를 안 줄이셨대요.", ["엄마", "경찰차"], "엄마"),
    ],
)
def test_what_is_seen_does_not_own_the_seeing(text: str, parties: list[str], seer: str) -> None:
    got = factors(text, parties)
    other = next(p for p in parties if p != seer)
    assert "서행불이행" in got[seer] and "서행불이행" not in got[other]


# ---- stopped, then set off; a role named as breaking the stop sign does not price it in ----------------

@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("일시정지 표지 앞에서 제 차는 한 번 멈췄다가 다시 출발해서 직진했는데 왼쪽 길에서 좌회전하던 승합차와 부딪혔어요.", ["제 차", "승합차"]),
        ("청구차량이 일시정지 표지 있는 도로에서 정지 후 출발하여 직진, 피청구차량이 좌회전 진입 중 충돌.", ["청구차량", "피청구차량"]),
    ],
)
def test_stopped_then_set_off_on_a_stop_sign_role(std: Standard, text: str, parties: list[str]) -> None:
    # 차8-3: A 직진(일시정지 위반), B 좌회전(왼쪽 도로에서 진입)
    assert "A-일시정지후출발" in mods(std, "차8-3", text, parties, {0: "A", 1: "B"})


# ---- night: the negation of the rider's lights is not the night's ------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "밤에 라이트도 없이 자전거로 직진했는데 옆길에서 승합차가 나와 부딪혔어요.",
        "밤에 신호 없는 교차로에서 자전거를 타고 가다 승합차와 부딪혔어요.",
        "자전거에 불빛이 하나도 없어서 승합차 운전자가 저를 못 봤대요.",
    ],
)
def test_night_and_unlit_riders(text: str) -> None:
    facts = extract_facts(text, parties=["자전거", "승합차"])
    assert "야간기타시야장애" in facts.scene_factors


def test_daytime_text_has_no_night() -> None:
    facts = extract_facts("낮에 신호 없는 교차로에서 자전거를 타고 가다 승합차와 부딪혔어요.", parties=["자전거", "승합차"])
    assert "야간기타시야장애" not in facts.scene_factors


# ---- a motorway scene -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("고속도로 2차로에서 먼저 난 사고로 서 있던 제 차를 뒤에서 승합차가 받았어요.", True),
        ("자동차전용도로에서 앞 사고로 멈춰 있던 제 차를 승합차가 추돌했어요.", True),
        ("시내 도로에서 앞 사고로 멈춰 있던 제 차를 승합차가 추돌했어요.", False),
    ],
)
def test_a_motorway_scene_is_the_stopped_cars_modifier(std: Standard, text: str, expect: bool) -> None:
    # 차42-1: A 후행 추돌, B 선행 사고로 정차
    got = mods(std, "차42-1", text, ["승합차", "제 차"], {0: "A", 1: "B"})
    assert ("B-고속도로자동차전용도로포함" in got) is expect
    assert not any(m.startswith("A-고속") for m in got)


# ---- a drink level stated in a sentence naming no one -----------------------------------------------

@pytest.mark.parametrize(
    ("text", "parties", "drinker"),
    [
        ("술 마시고 운전한 건 제 잘못이에요. 승합차가 옆 차로에서 들어오다 부딪혔어요. 면허 취소 수치였어요.", ["제 차", "승합차"],
         "제 차"),
        ("술 취한 아저씨가 자전거를 타고 비틀거리며 건너다 승합차와 부딪혔어요. 측정 결과 만취 수준이었대요.",
         ["자전거", "승합차"], "자전거"),
        ("직진하는데 반대편에서 술 마신 승합차가 중앙선을 넘어왔어요. 면허 취소 수치였답니다.", ["제 차", "승합차"], "승합차"),
    ],
)
def test_a_drink_level_is_the_drinkers(text: str, parties: list[str], drinker: str) -> None:
    got = factors(text, parties)
    other = next(p for p in parties if p != drinker)
    assert "음주" in got[drinker] and "음주" not in got[other]


# ---- one 칼치기 is a cut-in, not 난폭운전 -------------------------------------------------------------

def test_one_abrupt_cut_in_is_no_reckless_driving() -> None:
    got = factors("승합차가 칼치기로 제 앞에 훅 들어와서 부딪혔어요.", ["제 차", "승합차"])
    assert "급진로변경" in got["승합차"]
    assert "난폭운전" not in got["승합차"] and "중대한과실" not in got["승합차"]


# ---- a party named by its side too ("당사 차량(쏘렌토)" … "당사 운전자") --------------------------------

@pytest.mark.parametrize(
    ("text", "parties", "who"),
    [
        ("당사 차량(쏘렌토) 교차로 우회전 중 자전거횡단도를 건너던 킥보드와 충돌. 당사 운전자 휴대폰 조작 중이었음.",
         ["쏘렌토", "킥보드"], "쏘렌토"),
        ("상대 차량 진입 중 급차로변경, 청구차량은 선진입 후 회전 중 충돌. 상대 운전자 영상 시청 중이었음.",
         ["상대 차량", "청구차량"], "상대 차량"),
        ("제 차는 직진했고 상대 차가 유턴했어요. 나중에 보니 상대 운전자 휴대폰 보고 있었대요.", ["제 차", "상대 차"], "상대 차"),
    ],
)
def test_a_side_name_is_its_party(text: str, parties: list[str], who: str) -> None:
    got = factors(text, parties)
    other = next(p for p in parties if p != who)
    assert "휴대폰" in got[who] and "휴대폰" not in got[other]


# ---- a shared lane allows both moves ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("승합차는 직진·우회전 차로에서 직진 중이었고 제 차가 옆 차로에서 우회전하다 부딪혔어요.", False),
        ("승합차는 직진 좌회전 차로에서 직진했어요.", False),
        ("승합차가 우회전 전용 차로에서 그냥 직진해서 부딪혔어요.", True),
    ],
)
def test_a_shared_lane_is_no_lane_marking_violation(text: str, expect: bool) -> None:
    got = factors(text, ["제 차", "승합차"])
    assert ("노면표시위반" in got["승합차"]) is expect


# ---- going fast where the chart asks for slowing ----------------------------------------------------

@pytest.mark.parametrize(
    ("text", "parties", "who"),
    [
        ("주차장 통로에서 제가 좀 빨리 달렸어요. 주차칸에서 승합차가 빠져나오다 부딪혔어요.", ["제 차", "승합차"], "제 차"),
        ("회전교차로 안에서 승합차가 빠른 속도로 돌다가 진입하던 제 차와 부딪혔어요.", ["제 차", "승합차"], "승합차"),
        ("주유소에서 승합차가 쌩 하고 튀어나와 직진하던 제 차를 박았어요.", ["제 차", "승합차"], "승합차"),
        ("상대 차량 진입 시 감속 없음. 청구차량 회전 중 충돌.", ["청구차량", "상대 차량"], "상대 차량"),
    ],
)
def test_going_fast_is_slowing_not_done(text: str, parties: list[str], who: str) -> None:
    facts = extract_facts(text, parties=parties)
    got = {p.name: p.factors for p in facts.parties}
    other = next(p for p in parties if p != who)
    slow = {"서행불이행", "빠른속도진행"}
    assert slow & set(got[who]) and not slow & set(got[other])


def test_a_denied_speed_is_no_slowing_fault() -> None:
    got = factors("저는 빨리 달리지 않았어요. 승합차가 갑자기 튀어나왔어요.", ["제 차", "승합차"])
    assert "빠른속도진행" not in got["제 차"]


# ---- a car stopped on the shoulder: part of it in the lane, no triangle; a door opened on the road side ----

@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("고속도로 갓길에 서 있던 승합차가 차체 절반 가까이 2차로로 삐져나와 있었고 삼각대도 안 세웠어요. 제 차가 뒤를 받았어요.",
         {"B-차로일부점용", "B-안전표지미설치"}),
        ("갓길 정차 승합차(차로 일부 걸침), 안전삼각대 미설치 / 후행 제 차 추돌", {"B-차로일부점용", "B-안전표지미설치"}),
        ("고속도로 갓길에 완전히 세워 둔 승합차를 제 차가 받았어요. 삼각대도 세워 뒀대요.", set()),
    ],
)
def test_a_shoulder_stop_in_the_lane_without_a_triangle(std: Standard, text: str, want: set[str]) -> None:
    # 차42-3: A 추돌, B 피추돌(갓길 주정차중)
    got = mods(std, "차42-3", text, ["제 차", "승합차"], {0: "A", 1: "B"})
    assert {m for m in got if m in ("B-차로일부점용", "B-안전표지미설치")} == want


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("길가에 선 승합차가 차로 쪽 운전석 문을 확 열어서 직진하던 제 차가 부딪혔어요.", True),
        ("길가에 선 승합차가 도로 쪽 뒷문을 벌컥 열어서 제 차가 부딪혔어요.", True),
        ("길가에 선 승합차 운전석 문이 갑자기 열려서 제 차가 부딪혔어요.", False),
    ],
)
def test_a_door_opened_on_the_traffic_side(std: Standard, text: str, expect: bool) -> None:
    # 차52-1: A 후행 직진, B 문 열림
    got = mods(std, "차52-1", text, ["제 차", "승합차"], {0: "A", 1: "B"})
    assert ("B-주행차로쪽문열림" in got) is expect


def test_a_measured_speed_is_the_speeders() -> None:
    text = ("아이가 자전거로 골목에서 나와 큰길을 건너다가, 과속해 오던 승합차에 치였어요. "
            "경찰 말로는 60km/h 도로에서 100km/h 넘게 달렸대요.")
    got = factors(text, ["아이", "승합차"])
    assert "과속20" in got["승합차"] and "과속20" not in got["아이"]
