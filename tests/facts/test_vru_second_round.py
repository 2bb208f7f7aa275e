"""Pedestrian, bicycle and PM facts, second round (issue 15): whether the right-turner moved to the right
edge beforehand (거10-x, PM-21–23), a walker on the carriageway or on the sidewalk (보24 against 보25–보28),
and scope gates that misfired on answerable texts. Sentences written for these tests, not copied from
the corpus."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts
from katalog.matching.candidates import party_conditions, structured_fit
from katalog.matching.signatures import chart_signatures


def _party(text: str, name: str, parties: list[str] | None = None):
    return next(p for p in extract_facts(text, parties=parties).parties if p.name == name)


# ---- the right edge: the right-turner's own condition ------------------------------------------------
@pytest.mark.parametrize(
    ("text", "turner"),
    [
        (
            "자전거를 타고 가는데 앞서 가던 트럭이 오른쪽 가장자리로 붙지도 않고 길 한가운데서 우회전했어요.",
            "트럭",
        ),
        ("킥보드로 달리는데 앞의 승용차가 우측으로 안 붙고 그냥 우회전해 버렸어요.", "승용차"),
        ("비신호 교차로, 선행 화물차 우측 가장자리 미접근 상태로 우회전, 후행 자전거 직진 충돌.", "화물차"),
        ("택시가 차선 가운데서 바로 우회전하는 바람에 뒤따르던 자전거가 부딪혔습니다.", "택시"),
    ],
)
def test_not_keeping_to_the_right_edge_is_the_turners(text, turner):
    p = _party(text, turner)
    assert "우측끝미접근" in p.conditions
    assert "우측끝접근" not in p.conditions


@pytest.mark.parametrize(
    ("text", "turner"),
    [
        (
            "앞에 가던 SUV가 미리 오른쪽 끝에 바짝 붙어서 우회전하는데 제 자전거가 그 옆으로 들어갔어요.",
            "SUV",
        ),
        ("승합차가 우측 가장자리로 다가서서 우회전하던 중 뒤에서 직진하던 킥보드가 받았습니다.", "승합차"),
        ("버스가 연석 쪽으로 딱 붙어 우회전했는데 자전거가 그 틈으로 직진했어요.", "버스"),
    ],
)
def test_keeping_to_the_right_edge_is_the_turners(text, turner):
    p = _party(text, turner)
    assert "우측끝접근" in p.conditions
    assert "우측끝미접근" not in p.conditions


def test_an_unowned_gap_on_the_right_goes_to_the_one_turner():
    text = "신호 없는 교차로에서 제 차로 우회전했어요. 오른쪽에 여유가 많이 남아 있었어요. 뒤에서 자전거가 직진해 왔어요."
    facts = extract_facts(text)
    turner = next(p for p in facts.parties if p.movement == "right_turn")
    assert "우측끝미접근" in turner.conditions
    assert "우측끝미접근" not in facts.conditions


def test_following_close_behind_is_no_right_edge():
    # "바짝 붙어" with no side word is tailgating, not the right edge
    p = _party("트럭이 제 차 뒤에 바짝 붙어 따라오다가 우회전했어요.", "트럭")
    assert not {"우측끝접근", "우측끝미접근"} & set(p.conditions)


def test_approaching_without_a_stop_is_no_stop_sign_violation():
    # "다가서지 않고" holds "서지 않고": no 일시정지 위반, so no non-priority road either
    p = _party("미리 오른쪽 끝으로 다가서지 않고 우회전하는 승용차와 자전거가 부딪혔다.", "승용차")
    assert "일시정지위반" not in p.factors
    assert p.road is None
    assert "우측끝미접근" in p.conditions
    # a stop really not made stays one
    q = _party("일시정지 표지 앞에서 멈추지 않고 우회전한 승용차가 자전거를 쳤다.", "승용차")
    assert "일시정지위반" in q.factors


def test_right_edge_charts_carry_the_condition_not_a_road():
    sigs = chart_signatures()
    assert sigs["거10-1"].B.conditions == ["우측끝미접근"] and sigs["거10-1"].B.road is None
    assert sigs["거10-2"].B.conditions == ["우측끝접근"]
    assert sigs["거10-3"].A.conditions == ["우측끝미접근"] and sigs["거10-3"].A.road is None
    assert sigs["거10-4"].A.conditions == ["우측끝접근"]
    assert "우측끝미접근" in sigs["PM-21"].B.conditions  # the cut label is read from the situation
    assert "우측끝접근" in sigs["PM-22"].B.conditions
    assert "우측끝미접근" in sigs["PM-23"].A.conditions and sigs["PM-23"].B.conditions == []


@pytest.mark.parametrize(
    ("text", "better", "worse"),
    [
        (
            "신호 없는 교차로에서 자전거로 직진하는데 앞차가 오른쪽 끝으로 붙지 않고 차로 가운데서 우회전했어요.",
            "거10-1",
            "거10-2",
        ),
        (
            "신호 없는 교차로에서 자전거로 직진하는데 앞차가 오른쪽 끝에 바짝 붙어서 우회전했어요.",
            "거10-2",
            "거10-1",
        ),
    ],
)
def test_the_edge_decides_between_sibling_charts(text, better, worse):
    facts = extract_facts(text)
    sigs = chart_signatures()
    assert structured_fit(facts, sigs[better]).score > structured_fit(facts, sigs[worse]).score


# ---- a walker on the carriageway or on the sidewalk ---------------------------------------------------
@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "인도를 놔두고 할아버지가 차도 2차로 쪽을 걸어가시다가 승용차에 부딪혔어요.",
            ["할아버지", "승용차"],
        ),
        ("보도가 있는데도 보행자가 차도 측단을 따라 걷다가 트럭에 치였습니다.", ["보행자", "트럭"]),
        ("사람이 많아서 차도로 내려와 걷던 아주머니를 버스가 쳤어요.", ["아주머니", "버스"]),
    ],
)
def test_walking_on_the_carriageway(text, parties):
    walker = next(p for p in extract_facts(text, parties=parties).parties if p.type == "pedestrian")
    assert "차도보행" in party_conditions(walker)
    assert "보도보행" not in walker.conditions


def test_walking_on_the_sidewalk_and_the_charts_that_tell_them_apart():
    text = "제가 인도를 걷고 있는데 주차하려던 승용차가 연석을 넘어 인도로 올라와 저를 쳤어요."
    facts = extract_facts(text, parties=["저", "승용차"])
    assert facts.in_scope  # a kerb climbed before hitting a walker is no single-vehicle crash
    walker = next(p for p in facts.parties if p.type == "pedestrian")
    assert "보도보행" in walker.conditions
    sigs = chart_signatures()
    assert sigs["보24"].A.conditions == ["보도보행"] and sigs["보26"].A.conditions == ["차도보행"]
    assert structured_fit(facts, sigs["보24"]).score > structured_fit(facts, sigs["보26"]).score


# ---- scope gates that misfired on answerable texts ----------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "앞차와 뒤차가 유턴 구역에서 동시에 돌다가 부딪혔어요.",  # the two parties named side by side
        "신호 대기 중 뒤차가 앞차를 추돌했습니다.",
        "정차해 있던 차량을 뒤에서 오던 추돌차가 들이받음",  # 돌 of 추돌 is no stone
        "좁은 동네 길에서 걸어가던 할아버지 옆을 지나다 제 차 사이드미러로 쳤어요.",
        "골목길에 비상등 켜고 서 있었는데 봉고가 뒤에서 박았어요.",
        "직선로 정차 후 출발차 / 그 앞으로 진로변경차",
    ],
)
def test_answerable_texts_stay_in_scope(text):
    assert extract_facts(text).in_scope


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("앞차를 박고 멈췄는데 뒤차가 저를 또 받았어요.", "multi_party"),
        ("혼자 가다가 빗길에 미끄러져 가드레일을 들이받았어요.", "out_of_scope"),
        ("오늘 저녁 요리 레시피 좀 알려줘", "out_of_scope"),
    ],
)
def test_declines_stay_declined(text, code):
    facts = extract_facts(text)
    assert not facts.in_scope and facts.scope_code == code


# ---- a walker behind a reversing car: close behind it (보31) or behind a long reverse (보32) -------------
@pytest.mark.parametrize(
    ("text", "parties", "key"),
    [
        (
            "주차장 통로에서 후진하던 승용차 바로 뒤를 지나던 보행자가 부딪혔어요.",
            ["승용차", "보행자"],
            "후진근거리",
        ),
        (
            "후진 중인 화물차 후미로부터 약 1.5m 지점을 건너던 보행자를 충격함.",
            ["화물차", "보행자"],
            "후진근거리",
        ),
        (
            "트럭이 골목을 한참 후진해 오다가 뒤쪽을 가로지르던 보행자를 쳤습니다.",
            ["트럭", "보행자"],
            "후진원거리",
        ),
        ("승합차가 장거리 후진 중 후미를 횡단하던 보행자와 충돌.", ["승합차", "보행자"], "후진원거리"),
    ],
)
def test_reversing_distance_is_the_walkers(text, parties, key):
    walker = next(p for p in extract_facts(text, parties=parties).parties if p.type == "pedestrian")
    assert key in party_conditions(walker)


def test_reversing_distance_decides_between_the_reversing_charts():
    sigs = chart_signatures()
    assert sigs["보31"].A.conditions == ["후진근거리"] and sigs["보32"].A.conditions == ["후진원거리"]
    assert not sigs["보14"].A.conditions  # the crosswalk's "근거리" is no reversing distance
    near = extract_facts(
        "후진하던 택시 바로 뒤 2미터쯤을 보행자가 건너다 부딪혔어요.", parties=["택시", "보행자"]
    )
    far = extract_facts(
        "택시가 한참 후진해 오다가 뒤쪽을 건너던 보행자를 쳤어요.", parties=["택시", "보행자"]
    )
    assert structured_fit(near, sigs["보31"]).score > structured_fit(near, sigs["보32"]).score
    assert structured_fit(far, sigs["보32"]).score > structured_fit(far, sigs["보31"]).score


# ---- the walk light at the impact: the phase the crossing started on, or another -----------------------
@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "보행자가 초록불이 깜빡일 때 건너기 시작했는데 빨간불 무시한 택시에 치였어요. 치일 때도 신호는 깜빡이고 있었어요.",
            "횡단중신호유지",
        ),
        ("보행자 적색 횡단 개시, 적색 중 충격. 차량 녹색 직진.", "횡단중신호유지"),
        ("점멸하는 동안 건너던 보행자를 점멸 중에 충격함", "횡단중신호유지"),
        (
            "보행자가 파란불 깜빡일 때 건너기 시작했는데 다 건너기 전에 빨간불로 바뀌었고 그때 택시에 치였어요.",
            "횡단중신호변경",
        ),
        (
            "보행자가 빨간불에 건너기 시작했는데 중간에 초록불로 바뀌었고 그때 트럭에 치였습니다.",
            "횡단중신호변경",
        ),
    ],
)
def test_walk_light_at_the_impact(text, key):
    facts = extract_facts(text, parties=["보행자", "택시" if "택시" in text else "트럭"])
    walker = next(p for p in facts.parties if p.type == "pedestrian")
    assert key in party_conditions(walker)
    other = "횡단중신호변경" if key == "횡단중신호유지" else "횡단중신호유지"
    assert other not in walker.conditions


def test_walk_light_roles_in_the_crossing_charts():
    sigs = chart_signatures()
    for cid in ("보1", "보2", "보8", "보10", "보12"):
        assert sigs[cid].A.conditions == ["횡단중신호유지"], cid
    for cid in ("보3", "보7", "보9", "보11"):
        assert sigs[cid].A.conditions == ["횡단중신호변경"], cid
    kept = extract_facts(
        "깜빡일 때 건너던 보행자를 빨간불에 직진한 택시가 쳤어요. 그때까지 신호는 깜빡이고 있었어요.",
        parties=["보행자", "택시"],
    )
    assert structured_fit(kept, sigs["보12"]).score > structured_fit(kept, sigs["보7"]).score
