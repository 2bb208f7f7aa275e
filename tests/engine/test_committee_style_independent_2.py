"""Committee-style case summaries, second set, written for this test (not from the corpus, not from
dev_committee): the formal register of a dispute committee's decision, aimed at the modifier families the first
set (`test_committee_style_independent.py`) left out: who a clause belongs to when another party is named inside
it (명확한 선진입 or 서행 told of one party inside a sentence about the other), a denial said of one party next to
a fault of the other ("A차량 운전자는 음주 사실이 없었으나 B차량 운전자는 …"), reversing out of a bay in the
written register (후진하여 출차, 후진으로 빠져나오던), 현저한 / 중대한 과실 as decisions word them (졸음운전,
음주, 무면허, 제한속도를 시속 몇 km 초과, 휴대전화 사용), and 야간 / 간선도로 / 대형차 / 기 진입 / 선진입 said
the committee's way. Each row names its chart (a reader of data/standard would pick it), the party on the chart's
A role, and the chart's modifiers (by the chart's own ids) that the stated facts give each party. The expected
final is computed by the calculator (`katalog.calculator.compute`) from those ids, never from the engine's reading.

Measured (rules only, 2026-12-07) on the 34 `CASES`, written before any fix (main dd65f1b -> this branch): on the
row's chart, modifier set and A exact 26 -> 31, final exact 27 -> 32, final within 10 33 -> 34; the full assessment's
top chart 33 -> 34 and its final 27 -> 32 (row 23's chart corrected to 보27-2 after the first look: the walker at
the edge, the engine was right). Families fixed: a clause with its own subject inside the other party's
sentence ("B차량은 | A차량이 진행하는 맞은편 방향에서 | 선진입하여 좌회전": what follows the place or thing it names
is the topic's again), the seen or known thing told with a past adnominal ("A차량이 명확히 선진입한 것을 보고도
감속하지 아니하고": the slowing is the seer's), the law's wording of a turn cut short (교차로 중심 안쪽을 이용하지
아니하고, 중심 바깥쪽으로 좌회전), a stop before entering (진입 전 일시정지하였음). Still wrong (strict xfails):
reversing out of a bay not told as 후진 출차 (rows 1 and 32, a decision the corpus labels split on), and a cause
adverbial of the subject read inside the object's relative clause (row 12). The 6 `LATER` rows, written after those
fixes for the families the probing found next (기진입, a licence suspended or never obtained, a bare movement noun
before a name, an absence said of another noun reaching back over a cue: "운전면허를 취득하지 아니한 상태로 신호
없는 교차로"), modifiers and final 0/6 on main, 4/6 when first written (after the first fixes), 6/6 after the second."""

from __future__ import annotations

import pytest

from katalog.calculator import compute
from katalog.standard.loader import Standard

from .conftest import on_chart

AB = ["A차량", "B차량"]
CL = ["청구차량", "피청구차량"]

# (description, parties, chart, the party on the chart's A role, the chart's modifiers that apply, by id)
CASES: list[tuple[str, list[str], str, str, set[str]]] = [
    # ---- reversing out of a parking bay (차51-1) ---------------------------------------------------------------
    (
        "A차량은 주차장 통로를 진행하던 중, 주차구획에서 후진하여 통로로 출차하던 B차량과 충돌한 사고임.",
        AB, "차51-1", "A차량", {"B-후진"},
    ),
    (
        "주차장 통로를 직진하던 청구차량의 우측면을 주차면에서 후진으로 빠져나오던 피청구차량이 충격한 사고임.",
        CL, "차51-1", "청구차량", {"B-후진"},
    ),
    (
        "A차량이 주차장 통로를 진행 중 주차구역에서 전진으로 출차하던 B차량과 충돌함. B차량은 차량 앞부분을 "
        "통로에 내밀고 대기하다가 출차하였음.",
        AB, "차51-1", "A차량", {"B-차량앞부분내밀고대기후출차"},
    ),
    (
        "B차량은 주차구획에서 전진 출차하면서 서행하지 아니하고 급하게 통로로 진입하였고, 통로를 주행하던 A차량과 "
        "충돌함.",
        AB, "차51-1", "A차량", {"B-서행불이행급하게출차"},
    ),
    # ---- a clause about one party inside a sentence about the other -----------------------------------------
    (
        "신호기가 없는 교차로에서 A차량은 직진 중이었고, B차량은 A차량이 진행하는 맞은편 방향에서 교차로에 명확하게 "
        "선진입하여 좌회전하던 중 충돌함.",
        AB, "차15-1", "A차량", {"B-명확한선진입"},
    ),
    (
        "A차량은 비신호 교차로에서 좌회전하던 중이었고, 맞은편에서 직진하던 B차량은 A차량이 교차로에 명확히 "
        "선진입한 것을 보고도 감속하지 아니하고 진행하여 충돌함.",
        AB, "차15-1", "B차량", {"B-명확한선진입"},
    ),
    (
        "동일 폭의 신호 없는 교차로에서 A차량은 서행하며 직진하였으나, A차량 진행방향 오른쪽 도로에서 좌회전 "
        "진입하던 B차량은 서행하지 아니하였음.",
        AB, "차16-1", "A차량", {"B-서행불이행"},
    ),
    (
        "동일 폭의 신호 없는 교차로에서 A차량은 직진하였고, A차량 진행방향 오른쪽 도로에서 좌회전 진입하던 "
        "B차량은 서행하였으나 A차량은 서행하지 아니하였음.",
        AB, "차16-1", "A차량", {"A-서행불이행"},
    ),
    (
        "신호기가 없는 교차로에서 직진하던 A차량과 맞은편 방향에서 좌회전하던 B차량이 충돌함. A차량 운전자는 "
        "음주 사실이 없었으나 B차량 운전자는 혈중알코올농도 0.09%의 음주 상태였음.",
        AB, "차15-1", "A차량", {"B-중대한과실"},
    ),
    (
        "신호기가 없는 교차로에서 좌회전하던 A차량과 맞은편 방향에서 직진하던 B차량이 충돌함. B차량 운전자는 "
        "운전면허가 없는 상태였음.",
        AB, "차15-1", "B차량", {"A-중대한과실"},
    ),
    (
        "A차량은 일시정지 표지가 없는 도로를 직진하였고, B차량은 일시정지 표지가 있는 교차도로에서 일시정지하지 "
        "아니하고 좌회전하다 A차량과 충돌함.",
        AB, "차8-1", "A차량", set(),
    ),
    (
        "B차량은 일시정지 표지가 있는 도로에서 일시정지 의무를 위반하여 좌회전하던 중, 일시정지 표지가 없는 "
        "교차도로를 직진하던 A차량과 충돌함. B차량 운전자는 휴대전화를 사용하며 운전하였음.",
        AB, "차8-1", "A차량", {"B-현저한과실"},
    ),
    # ---- 현저한 / 중대한 과실 as a committee words them -----------------------------------------------------
    (
        "A차량은 편도 2차로 도로를 후행하여 진행하던 중 졸음운전으로 전방에서 선행하던 B차량을 추돌함.",
        AB, "차41-1", "A차량", {"A-현저한과실"},
    ),
    (
        "B차량은 전방에서 정상 주행 중이었고, 그 뒤를 따르던 A차량은 운전 중 휴대전화를 조작하다가 B차량을 "
        "추돌한 사고임.",
        AB, "차41-1", "A차량", {"A-현저한과실"},
    ),
    (
        "중앙선이 설치된 도로에서 A차량은 정상 직진 중이었고, 맞은편에서 진행하던 B차량이 중앙선을 침범하여 "
        "충돌함. B차량 운전자는 면허가 취소된 상태에서 운전하였음.",
        AB, "차31-1", "A차량", {"B-중대한과실"},
    ),
    (
        "중앙선이 설치된 도로에서 중앙선을 침범한 B차량과 맞은편에서 직진하던 A차량이 충돌함. A차량은 제한속도 "
        "시속 60km 도로를 시속 85km로 진행하여 제한속도를 25km 초과하였음.",
        AB, "차31-1", "A차량", {"A-중대한과실"},
    ),
    (
        "B차량은 선행하여 진행하다가 방향지시등을 켜지 아니하고 2차로에서 1차로로 진로를 변경하였고, 1차로를 "
        "후행하여 직진하던 A차량과 충돌함.",
        AB, "차43-2", "A차량", {"B-진로변경신호불이행지연"},
    ),
    (
        "A차량은 1차로를 직진하던 중, 2차로에서 선행하다 1차로로 진로를 변경하는 B차량과 충돌함. A차량은 "
        "제한속도를 시속 15km 초과하여 진행하였고 B차량은 방향지시등을 켜고 진로를 변경하였음.",
        AB, "차43-2", "A차량", {"A-현저한과실"},
    ),
    (
        "B차량은 진로변경이 금지된 백색 실선 구간에서 2차로에서 1차로로 진로를 변경하다가 1차로를 후행하여 "
        "진행하던 A차량과 충돌함. A차량 운전자는 음주운전 중이었음.",
        AB, "차43-2", "A차량", {"A-중대한과실", "B-진로변경금지장소"},
    ),
    (
        "A차량은 3차로에서 2차로로, B차량은 1차로에서 2차로로 동시에 진로를 변경하다 충돌함. B차량은 "
        "방향지시등을 켜지 아니하였음.",
        AB, "차43-3", "A차량", {"B-진로변경신호불이행지연"},
    ),
    # ---- 보: 야간, 간선도로, the car's faults ------------------------------------------------------------------
    (
        "보행자 A는 신호기가 없는 횡단보도를 횡단하던 중 직진하던 B차량에 충격됨. 사고는 야간에 발생하였음.",
        ["보행자 A", "B차량"], "보13", "보행자 A", {"A-야간기타시야장애"},
    ),
    (
        "보행자 A는 편도 3차로의 간선도로에 설치된 신호기 없는 횡단보도를 건너던 중, 직진하던 B차량에 충격됨. "
        "B차량 운전자는 휴대전화를 보며 운전하였음.",
        ["보행자 A", "B차량"], "보13", "보행자 A", {"A-간선도로", "A-차의현저한과실"},
    ),
    (
        "보도와 차도의 구분이 없는 도로에서 보행자 A는 도로의 중앙 부분을 걸어가던 중 뒤에서 진행하던 B차량에 "
        "충격됨. 사고는 야간에 발생하였고 B차량 운전자는 혈중알코올농도 0.12%의 음주 상태였음.",
        ["보행자 A", "B차량"], "보28", "보행자 A", {"A-야간기타시야장애", "A-차의중대한과실"},
    ),
    (
        "보행자 A는 보도와 차도가 구분되지 않은 중앙선 없는 도로의 가장자리를 걸어가던 중 후방에서 진행하던 "
        "B차량에 충격됨. B차량 운전자는 졸음운전을 하였음.",
        ["보행자 A", "B차량"], "보27-2", "보행자 A", {"A-차의현저한과실"},
    ),
    # ---- 선진입 / 기 진입 / 대형차 in the written register -----------------------------------------------------
    (
        "동일 폭의 신호기 없는 교차로에서 A차량은 오른쪽 도로에서, B차량은 왼쪽 도로에서 각각 직진하여 진입하다 "
        "충돌함. 교차로에는 A차량이 먼저 진입하였음.",
        AB, "차12-1", "A차량", set(),
    ),
    (
        "동일 폭의 신호 없는 교차로에서 왼쪽 도로에서 직진하던 B차량은 오른쪽 도로에서 직진하던 A차량보다 "
        "교차로에 먼저 진입하였고, A차량은 교차로 진입 전 일시정지하였음.",
        AB, "차12-1", "A차량", {"A-서행일시정지포함"},
    ),
    (
        "A차량은 신호 없는 교차로에 이미 진입하여 좌회전을 하던 중이었고, 맞은편 방향에서 직진하던 B차량이 "
        "뒤늦게 교차로에 진입하여 충돌함.",
        AB, "차15-1", "B차량", set(),
    ),
    (
        "신호기 없는 교차로에서 A차량이 직진하던 중 맞은편에서 좌회전하던 B차량과 충돌함. B차량은 교차로 "
        "중심 안쪽으로 진행하지 아니하고 교차로 중심 바깥쪽으로 좌회전하였음.",
        AB, "차15-1", "A차량", {"B-소좌회전대좌회전"},
    ),
    (
        "중앙선 없는 이면도로 사거리 교차로에서 대형 화물차인 A차량이 우회전하던 중 오른쪽에서 왼쪽으로 직진하던 "
        "B차량과 충돌함.",
        AB, "비정형-5", "A차량", {"A-대형차"},
    ),
    (
        "야간에 선행사고로 1차로에 정차하여 있던 B차량을 후행하던 A차량이 추돌함. B차량은 비상점멸표시등을 "
        "켜 두었음.",
        AB, "차42-1", "A차량", {"B-야간악천후등시야확보곤란", "B-비상점멸표시등점등"},
    ),
    (
        "A차량은 황색신호에 교차로에 진입하여 직진하였고, 맞은편에서 황색신호에 좌회전하던 B차량과 충돌함. "
        "B차량은 교차로 중심 안쪽으로 좌회전하지 아니하였음.",
        AB, "차2-4", "A차량", {"B-소좌회전대좌회전"},
    ),
    (
        "A차량은 신호기가 없는 교차로에서 좌회전하던 중 A차량 진행방향 왼쪽 도로에서 좌회전하여 진입하던 B차량과 "
        "충돌함. B차량 운전자는 전방주시 의무를 게을리하였고, A차량은 방향지시등을 켜고 좌회전하였음.",
        AB, "차17-1", "A차량", {"B-현저한과실"},
    ),
    (
        "피청구차량은 주차장 통로를 진행하던 중이었고, 청구차량은 주차구획에서 후진하여 통로로 나오다가 "
        "피청구차량의 측면과 충돌하였음. 피청구차량은 서행하지 아니하였음.",
        CL, "차51-1", "피청구차량", {"A-서행불이행", "B-후진"},
    ),
    (
        "청구차량은 신호기 없는 교차로를 직진하던 중 맞은편에서 좌회전하던 피청구차량과 충돌함. 청구차량 운전자는 "
        "무면허 상태는 아니었으나 운전 중 휴대전화를 사용하였음.",
        CL, "차15-1", "청구차량", {"A-현저한과실"},
    ),
]

# Written after the first fixes, for the families the probing found next (기진입, a licence suspended or never
# obtained, a movement noun before a name, a clause embedded in the other party's sentence); not in `CASES`' score.
LATER: list[tuple[str, list[str], str, str, set[str]]] = [
    (
        "신호기 없는 교차로에서 B차량은 교차로에 기진입하여 좌회전하던 중 맞은편에서 직진하던 A차량과 충돌함.",
        AB, "차15-1", "A차량", {"B-명확한선진입"},
    ),
    (
        "A차량은 면허정지 기간 중 운전하였으며, 신호 없는 교차로에서 직진하던 중 맞은편에서 좌회전하던 B차량과 충돌함.",
        AB, "차15-1", "A차량", {"A-중대한과실"},
    ),
    (
        "B차량 운전자는 운전면허를 취득하지 아니한 상태로 신호 없는 교차로에서 좌회전하다가 맞은편에서 직진하던 "
        "A차량과 충돌함.",
        AB, "차15-1", "A차량", {"B-중대한과실"},
    ),
    (
        "청구차량은 신호 없는 교차로를 직진하던 중 맞은편 좌회전 피청구차량과 충돌하였고, 피청구차량은 방향지시등을 "
        "켜지 아니하였음.",
        CL, "차15-1", "청구차량", {"B-신호불이행지연"},
    ),
    (
        "A차량은 B차량이 진행하던 1차로로 방향지시등을 켜지 아니하고 진로를 변경하다가 1차로를 후행하여 직진하던 "
        "B차량과 충돌함.",
        AB, "차43-2", "B차량", {"B-진로변경신호불이행지연"},
    ),
    (
        "비신호 교차로에서 좌회전하던 A차량과 맞은편 직진 B차량이 충돌함. B차량은 A차량이 교차로에 먼저 진입한 것을 "
        "발견하고도 서행하지 아니하였음.",
        AB, "차15-1", "B차량", {"B-명확한선진입"},
    ),
]

# Rows the engine still reads wrong, by index into CASES, with the reason (strict xfails).
STILL_WRONG: dict[int, str] = {
    1: "reversing out of a bay told as 후진으로 빠져나오던 is not read as B-후진 (modifiers.yaml 후진출차: only the "
    "book's 후진 출차; the corpus labels the lay 후진으로 나오던 without it, CR-0406/0423, FF-0098)",
    12: "a cause adverbial of the subject (졸음운전으로) right before the object's relative clause (전방에서 선행하던 "
    "B차량을) is read inside that clause: the 중 before it ends A's clause, and the relative clause may hold a cause "
    "of its own (과속으로 맞은편에서 달려오던 B차량과)",
    32: "후진하여 통로로 나오다가: the same family as row 1 (나오다, not 출차)",
}


def _expected_final(
    std: Standard, chart_id: str, variant: str, mods: set[str], a: str, parties: list[str]
) -> list[int]:
    """The calculator's final ratio (in `parties` order) of `chart_id` with exactly `mods` applied."""
    calc = compute(std.charts[chart_id], variant, sorted(mods), std)
    return [calc.final.A if p == a else calc.final.B for p in parties]


def _params() -> list:
    out = []
    for i, case in enumerate(CASES):
        marks = [pytest.mark.xfail(strict=True, reason=STILL_WRONG[i])] if i in STILL_WRONG else []
        out.append(pytest.param(*case, marks=marks, id=f"{case[2]}-{i}"))
    out += [pytest.param(*case, id=f"later-{case[2]}-{i}") for i, case in enumerate(LATER)]
    return out


@pytest.mark.parametrize(("text", "parties", "chart_id", "a_party", "mods"), _params())
def test_committee_modifiers_and_final_2(
    std: Standard, text: str, parties: list[str], chart_id: str, a_party: str, mods: set[str]
) -> None:
    a, got, final, variant = on_chart(std, text, parties, chart_id)
    assert (a, got, final) == (a_party, mods, _expected_final(std, chart_id, variant, mods, a_party, parties))
