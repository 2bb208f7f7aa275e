"""Two-wheeler mirror charts (384 이륜차 추월 / 385 자동차 추월 …): the right one must win from a lay text.

The portal publishes most two-wheeler situations twice, once with the two-wheeler doing the manoeuvre
and once with the car doing it. Both charts have the two-wheeler as A, so only the attribution of the
movement to the right road user and the type fit tell them apart.
"""

from __future__ import annotations

import pytest

from katalog.engine import assess
from katalog.facts import extract_facts
from katalog.matching.candidates import TWO_WHEELER_CAR_FIT, type_fit

#: the portal's two-wheeler series (these mirror pairs) decided accidents before the 2023 edition took effect
#: (docs/engine.md, "Editions"); undated, the 2023 car charts answer
PORTAL_ERA = "2019-05-03"


def _party(facts, word: str):
    return next(p for p in facts.parties if word in p.name)


def test_verb_after_an_object_belongs_to_the_later_subject():
    f = extract_facts("추월 금지 구간에서 앞서 가던 택시를 추월하면서 택시 앞으로 끼어들려던 스쿠터가 충돌했다")
    assert _party(f, "스쿠터").movement in ("overtaking", "lane_change")  # 추월 / 끼어들기: the scooter's
    assert _party(f, "택시").movement not in ("overtaking", "lane_change")


def test_verb_after_an_object_belongs_to_the_earlier_subject():
    f = extract_facts("트럭이 앞서 가던 오토바이를 추월하다가 오토바이와 부딪혔다")
    assert _party(f, "트럭").movement == "overtaking"
    assert _party(f, "트럭").from_direction == "behind"  # "앞서 가던" is the motorcycle's
    assert _party(f, "오토바이").from_direction == "front"


def test_a_subject_that_only_names_a_road_is_no_actor():
    f = extract_facts("주차장 출구에서 나온 승합차가 오토바이가 달리던 도로로 들어오다가 부딪혔다")
    assert _party(f, "승합차").movement == "entering"
    assert _party(f, "오토바이").movement != "entering"


@pytest.mark.parametrize(
    ("text", "chart"),
    [
        ("편도 1차로에서 앞서 가던 승용차를 오토바이가 중앙선을 넘어 추월하다 충돌", "386"),
        ("편도 1차로에서 앞서 가던 오토바이를 승용차가 중앙선을 넘어 추월하다 충돌", "387"),
        ("앞지르기 금지 구간에서 선행하는 승합차를 후행하던 배달 오토바이가 추월하다가 부딪혔다", "384"),
        ("앞지르기 금지 구간에서 제 차가 앞서 가던 오토바이를 추월하다가 오토바이와 부딪혔어요", "385"),
        ("정차한 택시가 갑자기 문을 개방하여 뒤따라 직진하던 오토바이가 문에 부딪힘", "395"),
        ("주유소에서 나오던 오토바이가 내가 직진하던 도로로 들어오다 충돌", "378"),
        ("골목에서 나온 승용차가 오토바이가 달리던 도로로 진입하다 충돌", "377"),
    ],
)
def test_mirror_pair_picks_the_side_that_manoeuvres(text: str, chart: str):
    assert assess(text, accident_date=PORTAL_ERA).chart_id == chart


def test_two_wheeler_on_a_car_role_costs_more_than_car_kinds_among_themselves():
    assert type_fit("two_wheeler", "car") == type_fit("car", "two_wheeler") == TWO_WHEELER_CAR_FIT
    assert TWO_WHEELER_CAR_FIT < type_fit("truck", "car")


def test_roadway_is_no_car():
    f = extract_facts("차도에서 정상 통행 중인 승용차와 인도에서 차도로 내려오던 킥보드가 부딪혔다")
    assert len(f.parties) == 2
    assert {p.type for p in f.parties} == {"car", "pm"}


def test_role_with_an_included_turn_names_both_turns():
    from katalog.matching.signatures import read_role

    role = read_role("선행 우회전(좌회전 포함)", "car")
    assert set(role.alt_movements) == {"left_turn", "right_turn"}


def test_labels_stored_under_the_wrong_letters_follow_the_situation():
    from katalog.facts import extract_facts as ex
    from katalog.matching.signatures import build_signature
    from katalog.standard.loader import load_standard

    # 365: A이륜차 선행 직진 in the situation, the title ("선행 직진 대 후행 좌(우)회전") and the ratio
    sig = build_signature(load_standard().charts["365"], ex)
    assert sig.A.movement == "straight" and sig.A.type == "two_wheeler"
    assert sig.B.movement in ("left_turn", "right_turn")
    assert assess("교차로에서 앞서 직진하던 오토바이를 뒤따르던 승용차가 추월하여 우회전하다 충돌",
                  accident_date=PORTAL_ERA).chart_id == "365"
