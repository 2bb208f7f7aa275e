"""Confidently wrong answers where the text contradicts the chart's roles (issue 15: "a chart whose roles
contradict the stated facts never gets high confidence"; "confidently wrong is worse than declining").
Descriptions written for this file (wt-cw) from the chart titles and role labels of the standard, before any
corpus row was read, in first person, adjuster notes, terse notes, chat and typos. Families:

- B: both parties did the act one role of a chart names (both reversing, both moving off, both over the centre
  line, both the wrong way down a one-way street, both turning towards each other): no chart, or 차32-1 where
  the crossing of a centre line is mutual; a chart giving the act to one role must not be stated at ≥ 0.8.
- S: both parties did the act and the standard has the chart for it (차1-4 적색 대 적색, 차3-2, 차43-3 동시
  차로 변경, 차46-1 양 차량 유턴, 차21-1/차20-1 나란히 좌/우회전, 차17-1, 차45-4, 차54-5, 차12-1 동시 진입):
  that chart, with A's base.
- D: each side says the other did it ("서로 상대가 …", "상대는 제가 … 저는 상대가 …"): the act is disputed,
  no role can be given it; a chart stating it of one party must not be stated at ≥ 0.8.
- W: a chart's one-party act told of one named party (the writer crossed the line, the writer opened the
  door, the other changed lanes): the chart with that party in the role (A's base checks the side).

`EXACT` rows: (id, acceptable charts, A regex over the engine's A party or None, A's base or None, text).
`HEDGE` rows: (id, charts accepted at any confidence, text); anything else must be declined or stated below
`HEDGE_CAP`.

Measured on main dd65f1b (shipped reader, rules and reader fused) before the fixes of this branch: EXACT 19/24,
HEDGE 16/21; confidently wrong (a wrong top stated at ≥ 0.8) on 8 of the 45 rows: s07 (차43-2 0.93), w01 (차31-1
1.00 with the writer, who crossed, at 0), w07 (차42-2 0.91), b01 (비정형-19 1.00), b07 and b08 (차31-1 0.97–1.00:
"나도" and "쌍방" not read as the writer and as both), d02 (차31-1 1.00) and d06 (차43-2 0.93).

After the fixes (wt-cw, same shipped reader, not retrained): EXACT 20/24, HEDGE 21/21; confidently wrong on 2 (s07,
w07, both outside this family: see STILL_WRONG). Merged with wt-stop (a car stopped in its lane and hit from
behind is 차41-1 unless an edge or parking is said): w07 right, EXACT 21/24, confidently wrong on 1 (s07). Fixed:
- "나도"/"본인도" name the writer and "쌍방" both parties (data/vocab/parties.yaml): b08, and the wt-both row h04;
- a party named with 도 right before the crossing verb with its object left out, after the other crossed a named
  centre line, crossed it too ("나도 중앙선 좀 넘었고 내려오던 차도 넘어와서", katalog.facts.extract._crossed_too): b07;
- both parties read doing the movement one role names and the other takes only as the alternative of leaving a
  bay (비정형-19 B "전진(후진)출차") is a role contradiction (katalog.reader.features.shared_moves): b01, and h07;
- each side saying the other did the act ("서로 상대방이 … 주장", "상대는 제가 … 저는 상대가 …", "양측 모두 상대
  차량이 … 진술") makes the description contradictory: the engine asks (clauses.yaml disputed_act): d01–d06;
- after a subject, a chained verb of going away ("제가 졸다가 중앙선을 넘어가서 | 마주 오던 차랑") stays the subject's
  act, not the next name's relative clause (clauses.yaml going_chain): w01.
"""

from __future__ import annotations

import re

import pytest

from katalog.evaluation import chart_matches

from .conftest import assessed, row_params

ME = r"^(저|제|내|나|본인|당사|우리)"
OTHER = r"^(?!(저|제|내|나|본인|당사|우리))"

#: (id, acceptable charts, A regex or None, A's base or None, text)
EXACT = [
    # S: both on a red
    ("s01", ["차1-4"], None, 50, "교차로에서 제 쪽도 빨간불이었고 왼쪽에서 온 차도 빨간불이었는데 둘 다 그냥 직진하다 박음"),
    ("s02", ["차1-4"], None, 50, "양 차량 모두 적색 신호를 무시하고 교차로에 진입하여 측면 충돌"),
    ("s03", ["차3-2"], OTHER, 50, "신호 바뀐 줄 모르고 빨간불에 좌회전했는데 왼쪽 도로에서 오던 차도 빨간불에 직진했어요"),
    # S: both changing into one lane
    ("s04", ["차43-3"], None, 50, "편도 4차로에서 1차로 차는 오른쪽으로, 3차로 차는 왼쪽으로 동시에 차선 바꾸다가 2차로에서 충돌"),
    ("s05", ["차43-3"], None, 50, "나는 왼쪽으로 차선 옮기고 옆옆 차선 suv는 오른쪽으로 옮기다 가운데 차선에서 만남ㅠ"),
    ("s06", ["차43-3"], None, 50, "동시 진로변경 사고임. 두 차 다 가운데 차로로 들어오다 접촉"),
    ("s07", ["차43-3"], None, 50, "저도 깜빡이 켜고 들어가고 상대도 깜빡이 켜고 같은 차선으로 들어오다 쾅"),
    # S: both U-turning (A the one ahead)
    ("s08", ["차46-1"], ME, None, "유턴하는데 바로 뒤에 있던 차도 같이 유턴하다가 제 차 옆을 박았어요"),
    ("s09", ["차46-1"], OTHER, None, "앞차 유턴할 때 나도 뒤따라 유턴했는데 둘이 부딪힘"),
    # S: both turning side by side, or from the two side roads
    ("s10", ["차21-1"], ME, 40, "좌회전 차로가 두 개라 저는 1차로에서 좌회전, 옆 2차로 차도 좌회전하다가 돌면서 부딪힘"),
    ("s11", ["차21-1"], OTHER, 40, "이중 좌회전 차로 오른쪽 줄에서 좌회전하는데 왼쪽 줄 차랑 같이 돌다가 긁혔어요"),
    ("s12", ["차20-1"], ME, 40, "우회전 차로가 두 개인데 제가 오른쪽 차로에서 우회전하고 왼쪽 차로 차도 동시에 우회전하다 부딪혔습니다"),
    ("s13", ["차17-1"], None, None, "신호 없는 사거리에서 저는 오른쪽 도로에서 좌회전, 상대는 왼쪽 도로에서 좌회전하다 교차로 안에서 충돌"),
    # S: both overtaking over the centre line in a queue; both entering a roundabout; both entering at once
    ("s14", ["차45-4"], ME, 60, "정체 구간에서 제가 중앙선 넘어 추월하는데 앞에 있던 차도 중앙선 넘어 추월하려고 나오다 부딪힘"),
    ("s15", ["차54-5"], None, None, "회전교차로 들어갈 때 옆 차로 차랑 동시에 진입하다가 회전 2차로에서 부딪혔어요"),
    ("s16", ["차12-1"], OTHER, 40, "신호등 없는 같은 폭 교차로에 저랑 오른쪽에서 오던 차랑 동시에 들어가다 충돌"),
    ("s17", ["차12-1"], ME, 40, "신호 없는 사거리 둘 다 직진으로 거의 동시에 진입함. 상대는 내 왼쪽 길에서 왔음"),
    # W: the one-party act told of a named party
    ("w01", ["차31-1"], OTHER, 0, "제가 졸다가 중앙선을 넘어가서 마주 오던 차랑 부딪혔어요"),
    ("w02", ["차31-1"], ME, 0, "맞은편 차가 중앙선 넘어서 제 차로로 들어와 정면으로 박음"),
    ("w03", ["차52-1"], OTHER, 20, "길가에 차 세우고 제가 운전석 문 열다가 뒤에서 오던 차가 문을 쳤어요"),
    ("w04", ["차43-2"], ME, 30, "직진하는데 옆 차선 차가 갑자기 제 앞으로 끼어들어서 박았어요"),
    ("w05", ["차43-2"], OTHER, 30, "제가 차선 바꾸는데 뒤에서 직진하던 차가 제 옆을 박았어요"),
    ("w06", ["차41-1"], ME, 100, "앞차가 갑자기 서는 바람에 제가 뒤에서 박았어요"),
    ("w07", ["차41-1"], OTHER, 100, "신호 대기 중 정차해 있는데 뒤차가 제 차를 추돌했습니다"),
]

#: (id, charts accepted at any confidence, text): else declined or stated below HEDGE_CAP
HEDGE = [
    # B: both reversing (no chart)
    ("b01", (), "지하주차장에서 저도 후진으로 빠지고 건너편 차도 후진으로 빠지다가 범퍼끼리 쿵"),
    ("b02", (), "양쪽 차량 모두 후진 중 후면 충돌"),
    ("b03", (), "좁은 길에서 서로 뒤로 빼다가 박았는데 누구 잘못이에요"),
    ("b04", (), "주차하려고 후진하는데 앞에 있던 차도 후진해서 나오다 부딪힘 둘다 후진중이었어요"),
    ("b05", (), "각자 주차칸에서 후진으로 나오다가 통로 가운데서 뒤범퍼끼리 부딪힘"),
    ("b06", (), "후진하다가 뒤에 있던 차도 후진해서 서로 뒤꽁무니 박았어요"),
    # B: both over a centre line that is there (no chart gives it both; 차32-1 is the nearest)
    ("b07", ("차32-1",), "오르막 커브에서 나도 중앙선 좀 넘었고 내려오던 차도 넘어와서 박음"),
    ("b08", ("차32-1",), "쌍방 중앙선 침범 정면충돌"),
    ("b09", ("차32-1",), "저희 차도 상대 차도 중앙선을 넘은 상태에서 부딪혔어요"),
    # B: both moving off
    ("b10", (), "갓길에 세웠다가 출발하는데 앞에 서 있던 차도 동시에 출발해서 접촉"),
    ("b11", (), "길가에 정차했다가 저랑 뒤차랑 둘 다 출발하면서 부딪쳤어요"),
    # B: both the wrong way down a one-way street
    ("b12", (), "일방통행 길인데 저도 상대도 거꾸로 들어와서 마주 보고 부딪혔어요"),
    ("b13", (), "둘 다 일방통행 역주행이었어요. 교차로에서 옆에서 오던 차랑 충돌"),
    # B: both turning towards each other, both turning on a red from unsaid roads
    ("b14", (), "교차로에서 맞은편 차와 서로 좌회전하다 가운데서 부딪쳤어요"),
    ("b15", ("차17-1", "차21-1"), "둘 다 신호 무시하고 좌회전하다 교차로에서 박음"),
    # D: each says the other did it
    ("d01", (), "상대는 제가 빨간불이었다고 하고 저는 상대가 빨간불이었다고 하는데 과실은?"),
    ("d02", (), "서로 상대방이 중앙선을 넘었다고 주장하는 정면충돌 사고"),
    ("d03", (), "서로 자기가 먼저 차선에 있었고 상대가 끼어들었다고 우김"),
    ("d04", (), "저는 상대가 신호위반했다고 하고 상대는 제가 신호위반했대요. 사거리 직진끼리 충돌"),
    ("d05", (), "상대 운전자는 제가 후진했다고 하는데 저는 서 있었고 상대가 후진했어요"),
    ("d06", (), "블박 없음. 양측 모두 상대 차량이 차로 변경했다고 진술"),
]

#: a wrong top stated at or above this is confidently wrong
HEDGE_CAP = 0.8

#: rows still wrong, each with why (strict xfails)
STILL_WRONG: dict[str, str] = {
    "s05": "'나는 왼쪽으로 차선 옮기고 … suv는 오른쪽으로 옮기다': the writer's '차선 옮기고' is no lane change read, so "
           "one party changes lanes (차43-2, at 0.65: not confident)",
    "s07": "'저도 깜빡이 켜고 들어가고 상대도 … 같은 차선으로 들어오다': the writer's '들어가고' has no lane of its own "
           "and '같은 차선으로' is read for the other only, so 차43-2 at 0.93 (confidently wrong)",
    "s10": "declined (not wrong): '저는 1차로에서 좌회전, 옆 2차로 차도 좌회전': '옆 2차로 차도' is no party mention "
           "('차도' after a lane reads as the roadway)",
}


def _a_ok(row, a) -> bool:
    _rid, _charts, hint, base, _text = row
    A = a.mapping.A if a.mapping else None
    B = a.mapping.B if a.mapping else None
    if base is not None and (not a.base or A is None or a.base.get(A) != base):
        return False
    if hint is None:
        return True
    if A is None:
        return False
    return bool(re.search(hint, A)) or (A.startswith("당사자") and not (B and re.search(hint, B)))


def exact_outcome(std, row) -> tuple[bool, bool, str]:
    """(chart and A right, not confidently wrong, what came back)."""
    a = assessed(row[4])
    top = a.chart_id if a.status == "ok" else None
    hit = top is not None and chart_matches(top, row[1], std)
    ok = bool(hit and _a_ok(row, a))
    calm = ok or a.status != "ok" or a.confidence < HEDGE_CAP
    A = a.mapping.A if a.mapping else None
    return ok, calm, f"{a.status} {top} A={A} {a.base} conf={a.confidence:.2f}"


def hedge_outcome(std, row) -> tuple[bool, str]:
    """(declined, an accepted chart, or any chart below the cap; what came back)."""
    _rid, accepted, text = row
    a = assessed(text)
    got = f"{a.status} {a.chart_id if a.status == 'ok' else a.abstention} {a.base} conf={a.confidence:.2f}"
    if a.status != "ok":
        return True, got
    if any(chart_matches(a.chart_id, [c], std) for c in accepted):
        return True, got
    return a.confidence < HEDGE_CAP, got


def test_rows_are_distinct_and_charts_exist(std):
    ids = [r[0] for r in EXACT + HEDGE]
    texts = [r[-1] for r in EXACT + HEDGE]
    assert len(ids) >= 40 and len(set(ids)) == len(ids) and len(set(texts)) == len(texts)
    assert set(STILL_WRONG) <= set(ids)
    for r in EXACT:
        for c in r[1]:
            std.get(c)
    for r in HEDGE:
        for c in r[1]:
            std.get(c)


@pytest.mark.parametrize("row", row_params(EXACT, STILL_WRONG))
def test_exact_chart_and_base(std, row):
    ok, _calm, got = exact_outcome(std, row)
    assert ok, (row[0], row[1], row[2], row[3], got)


@pytest.mark.parametrize("row", row_params(HEDGE, STILL_WRONG))
def test_hedged(std, row):
    ok, got = hedge_outcome(std, row)
    assert ok, (row[0], row[1], got)


#: rows of STILL_WRONG whose wrong top is still stated at ≥ HEDGE_CAP
CONFIDENTLY_WRONG = ("s07",)


@pytest.mark.parametrize("row", row_params(EXACT, {k: STILL_WRONG[k] for k in CONFIDENTLY_WRONG}))
def test_never_confidently_wrong(std, row):
    _ok, calm, got = exact_outcome(std, row)
    assert calm, (row[0], got)


if __name__ == "__main__":
    from katalog.standard.loader import load_standard

    std = load_standard()
    n_ok = n_calm = 0
    for r in EXACT:
        ok, calm, got = exact_outcome(std, r)
        n_ok += ok
        n_calm += calm
        print("EXACT", r[0], r[1], "OK " if ok else ("calm" if calm else "WRONG"), got, "|", r[4])
    h_ok = 0
    for r in HEDGE:
        ok, got = hedge_outcome(std, r)
        h_ok += ok
        print("HEDGE", r[0], "OK " if ok else "WRONG", got, "|", r[2])
    print(f"EXACT {n_ok}/{len(EXACT)} (confidently wrong {len(EXACT) - n_calm}); HEDGE {h_ok}/{len(HEDGE)} "
          f"(confidently wrong {len(HEDGE) - h_ok})")
