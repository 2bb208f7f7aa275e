"""Right chart, right roles: the party that entered on an earlier light and was caught inside the junction by
the change (차1-2 "적색 충돌") is the chart's A, however the everyday text says it."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import structured_fit
from katalog.matching.signatures import chart_signatures

CAUGHT = "진입후신호변경"


@pytest.fixture(scope="module")
def sig():
    return chart_signatures()["차1-2"]


# (text, parties, the party caught by the change)
CAUGHT_INSIDE = [
    ("제 동생이 파란불에 사거리로 들어갔다가 교차로 안에 갇혀 버렸고, 신호 받고 출발한 버스가 옆을 쳤어요.",
     ["동생", "버스"], "동생"),
    ("화물차는 초록불일 때 들어왔다가 교차로 중간에 멈춰 있었고 저는 녹색불로 바뀌자마자 출발했습니다.",
     ["저", "화물차"], "화물차"),
    ("아내가 녹색에 진입했는데 앞차 때문에 교차로 안에서 신호가 빨간불로 바뀌었어요. 그때 신호 받고 직진한 승용차와 부딪쳤습니다.",
     ["아내", "승용차"], "아내"),
    ("트럭이 초록불에 들어왔는데 차가 밀려 결국 빨간불로 바뀌었고, 저는 초록불에 막 직진을 시작했어요.",
     ["저", "트럭"], "트럭"),
]


@pytest.mark.parametrize("text,names,caught", CAUGHT_INSIDE)
def test_the_change_belongs_to_the_party_inside(text, names, caught):
    f = extract_facts(text, names)
    owners = [p.name for p in f.parties if CAUGHT in p.conditions]
    assert owners == [caught]


@pytest.mark.parametrize("text,names,caught", CAUGHT_INSIDE)
def test_the_party_inside_is_a(sig, text, names, caught):
    """Its stated green is the light it entered on, not a clash with the role's red."""
    f = extract_facts(text, names)
    fit = structured_fit(f, sig)
    a = names[1] if fit.swapped else names[0]
    assert a == caught


@pytest.mark.parametrize("text", [
    "저는 초록불에 직진했고 택시가 빨간불인데 그냥 들어와서 부딪쳤어요.",
    "신호가 바뀌기 전에 교차로를 빠져나갔는데 뒤따라오던 차가 제 차를 받았어요.",
])
def test_no_change_without_being_caught_inside(text):
    f = extract_facts(text, ["저", "택시"])
    assert not any(CAUGHT in p.conditions for p in f.parties)


@pytest.mark.parametrize("text,names", [
    ("보행자가 차도 측단(경계석에서 0.4m 정도)으로 걷다가 같은 방향으로 오던 승용차에 부딪혔다.", ["보행자", "승용차"]),
    ("할머니가 길 가장자리 1.5미터 안쪽으로 걸어가시는데 뒤에서 온 오토바이가 쳤어요.", ["할머니", "오토바이"]),
])
def test_a_measured_distance_does_not_end_the_edge_walk(text, names):
    """"0.4m" holds a decimal point, not a sentence end: the walk at the edge (보26 (가), 보27-2) still reads."""
    f = extract_facts(text, names)
    assert "도로가장자리보행" in f.parties[0].conditions
    assert "도로가장자리보행" not in f.parties[1].conditions


def test_edge_variant_is_chosen_for_a_measured_edge_walk():
    from katalog.stages.mapping import choose_variant, facts_conditions

    sig = chart_signatures()["보26"]
    f = extract_facts("보도가 있는데도 차도 측단(경계로부터 약 0.6m)을 걷던 행인을 뒤따르던 차량이 충격.", ["행인", "차량"])
    assert choose_variant(sig, f.parties[0], f.parties[1], facts_conditions(f)) == ("가", True)


@pytest.mark.parametrize("text,names,colour", [
    ("파란불에 교차로를 빠져나온 승합차가 빨간불인데 횡단보도를 건너던 아주머니를 쳤습니다.", ["승합차", "아주머니"], "red"),
    ("신호 무시하고 달려온 SUV가 횡단보도 앞에서 빨간불에 길을 건너다 멈춘 할아버지를 받았다.", ["SUV", "할아버지"], "red"),
    ("적색에 직진하던 트럭이 녹색신호에 횡단하던 보행자를 충격", ["트럭", "보행자"], "green"),
])
def test_the_colour_the_crossing_verb_takes_is_the_walkers(text, names, colour):
    """"빨간불에 건너던 아저씨": a relative clause inside the driver's sentence still names the walker's light,
    so the walk-light variant (보14/보17 (가) green, (나) red) is read, not taken first by default."""
    f = extract_facts(text, names)
    assert f.parties[1].signal == colour


def test_walk_light_variant_follows_the_walkers_colour():
    from katalog.stages.mapping import choose_variant

    sig = chart_signatures()["보14"]
    f = extract_facts("빨간불에 교차로로 들어온 승용차가 횡단보도 바로 옆에서 빨간불에 건너던 학생을 쳤어요.", ["승용차", "학생"])
    assert choose_variant(sig, f.parties[1], f.parties[0]) == ("나", True)


@pytest.mark.parametrize("text,names", [
    ("제가 유턴 신호 받고 돌고 있었는데 맞은편 승용차가 빨간불에 그냥 직진해 왔어요.", ["저", "승용차"]),
    ("유턴 신호가 떨어져서 유턴하던 중에 신호 무시한 직진 트럭이 제 차 옆을 받았습니다.", ["저", "트럭"]),
    ("우리 차는 유턴 신호 따라 돌았고 상대는 적색에 직진했다.", ["우리 차", "상대"]),
])
def test_a_u_turn_on_its_own_signal_reads_green(text, names):
    """"유턴 신호 받고/따라/떨어져서": the U-turn is made on its signal, so 차33's 신호유턴 variant (나) is read."""
    f = extract_facts(text, names)
    assert f.parties[0].signal == "green"


def test_signal_u_turn_variant_is_chosen():
    from katalog.stages.mapping import choose_variant, facts_conditions

    sig = chart_signatures()["차33-1"]
    f = extract_facts("유턴 신호 받고 유턴하는데 반대편 직진 차량이 신호를 무시하고 달려와 부딪쳤어요.", ["저", "직진 차량"])
    fit = structured_fit(f, sig)
    qa, qb = (f.parties[1], f.parties[0]) if fit.swapped else (f.parties[0], f.parties[1])
    assert fit.swapped
    assert choose_variant(sig, qa, qb, facts_conditions(f)) == ("나", True)
