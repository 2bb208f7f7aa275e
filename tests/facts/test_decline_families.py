"""Texts the engine declines before ranking (katalog/facts/scope.py, data/vocab/gates.yaml): a collision
that carries on to a third road user, a count of three, a crash with no one else, a question about money
or a procedure asked after the accident — and the near misses that stay two-party fault questions."""

from __future__ import annotations

import pytest

from katalog.facts import extract_facts


def scope(text: str) -> str | None:
    """The scope code the extractor gives the text (None: in scope)."""
    f = extract_facts(text, None)
    return None if f.in_scope else f.scope_code


@pytest.mark.parametrize("text", [
    # pushed or thrown into a third
    "신호 대기 중에 뒤에서 트럭이 박는 바람에 제 차가 밀려서 앞에 서 있던 승용차까지 부딪혔어요.",
    "골목에서 나온 차가 제 옆을 들이받았고 그 충격으로 저는 튕겨서 주차된 다른 차도 긁었어요.",
    # a third hits after a first collision with a named party
    "좌회전하던 택시랑 부딪혔는데 뒤따라오던 SUV가 또 제 뒤를 받았어요.",
    "합류하다가 옆 차랑 스쳤고 또 다른 차가 와서 박았어요.",
    # the hit vehicle hits on
    "트럭이 신호를 무시하고 승용차를 받고, 그 승용차가 밀리면서 제 오토바이를 쳤어요.",
    # two others collide before the writer
    "직진하던 버스랑 좌회전 트럭이 충돌했는데 튕겨 나온 트럭이 신호 대기 중인 제 차를 쳤어요.",
    # three listed, counts
    "교차로 안에서 제 차, 직진 택시, 좌회전 버스가 한꺼번에 부딪혔어요.",
    "고속도로에서 앞차를 받고 저도 뒤에서 받혔어요. 총 네 대예요.",
    "오토바이 두 대랑 승용차 한 대가 골목에서 엉켰어요.",
])
def test_a_third_road_user_is_a_chain(text: str) -> None:
    assert scope(text) == "multi_party"


@pytest.mark.parametrize("text", [
    "눈길에 혼자 언덕에서 미끄러졌어요. 차는 한 대도 없었어요.",
    "밤에 국도에서 단독 전복했는데 졸음운전이었어요.",
    "주차하다가 가로등에 범퍼를 긁었어요.",
    "후진하다가 화단에 박았어요.",
    "지나가다 날아든 돌멩이에 유리가 깨졌어요.",
])
def test_no_other_road_user_is_a_single_vehicle_crash(text: str) -> None:
    assert scope(text) == "out_of_scope"


@pytest.mark.parametrize(("text", "code"), [
    ("신호 없는 사거리에서 직진하다 오른쪽에서 온 차와 부딪혔어요. 렌트카는 며칠이나 쓸 수 있나요?",
     "damages_question"),
    ("차로를 바꾸던 버스에 받혔는데 병원 치료비는 어디서 받나요?", "damages_question"),
    ("후진하다 옆 차를 긁었는데 수리비는 얼마 정도 물어줘야 돼요?", "damages_question"),
    ("우회전하다 자전거랑 닿았는데 경찰에 신고부터 해야 하나요?", "out_of_scope"),
    ("사고 나고 현장에서 차를 옆으로 옮겨도 되나요? 사진은 찍었어요.", "out_of_scope"),
])
def test_a_money_or_procedure_question_after_an_accident_is_declined(text: str, code: str) -> None:
    assert scope(text) == code


@pytest.mark.parametrize("text", [
    # the fault is asked as well as the money
    "교차로에서 좌회전하다 직진 차랑 부딪혔어요. 과실은 몇 대 몇이고 수리비는 어디서 받나요?",
    "차로 변경하던 차가 제 옆을 긁었어요. 제 과실 있나요? 렌트비는 어떻게 받아요?",
    # a car hit again while stopped after an earlier crash: the two-party secondary crash
    "먼저 난 접촉사고로 갓길에 차를 세워 뒀는데 뒤에서 오던 트럭이 제 차를 또 박았어요.",
    # the other car named beside the writer's; a car that was absent only in the writer's belief
    "제 차랑 택시가 교차로에서 부딪혔는데 택시가 신호를 위반했어요.",
    "오는 차가 없는 줄 알고 좌회전했는데 맞은편 직진 차와 부딪혔어요.",
    # money only mentioned, not asked
    "초록불에 직진하는데 빨간불에 좌회전한 택시가 제 옆을 받았어요. 보험료 오를까 걱정이에요.",
    # two cars, one counted
    "차 두 대가 나란히 우회전하다가 부딪혔어요. 제가 바깥쪽이었어요.",
])
def test_two_party_questions_stay_in_scope(text: str) -> None:
    assert scope(text) is None


@pytest.mark.parametrize("text", [
    "뒤에서 받혀서 앞으로 밀려서 인도까지 올라갔어요. 뒤차 과실 몇 대 몇인가요?",
    "옆 차로 버스가 밀고 들어와서 제 차가 밀리면서 연석까지 긁혔어요.",
    "앞차가 급정거해서 저도 섰는데 뒤에서 오던 택시가 제 차를 받았어요.",
])
def test_pushed_against_a_place_or_object_is_no_third_party(text: str) -> None:
    assert scope(text) != "multi_party"


@pytest.mark.parametrize("text", [
    "주차장에서 나가던 차가 제 차 문을 긁었어요. 도색비랑 대차료도 보상되나요?",
    "신호 대기 중에 뒤에서 받혔어요. 한의원 치료비도 청구할 수 있나요?",
    "버스 타고 가다가 버스가 급정거해서 넘어졌어요. 승객은 어디서 치료비를 받나요?",
])
def test_whether_money_is_covered_is_a_damages_question(text: str) -> None:
    assert scope(text) == "damages_question"
