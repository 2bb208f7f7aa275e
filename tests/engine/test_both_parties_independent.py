"""An independent check of one family of confidently wrong answers: a chart whose roles assume something the
text does not say, or says otherwise. Descriptions written for this file (wt-both) before any corpus row
was read, in the voices of the driver hit, the driver at fault, adjusters' notes, terse shorthand, chat
messages and family members.

1. Both parties did the chart's defining act (둘 다, 서로, 양쪽 다, 저도 … 상대도, 동시에, 같이): both over
   the centre line, both on a red, both changing lanes into one lane, both U-turning, both reversing, both
   moving off. Where the standard has the chart made for it (차1-4 적색 대 적색,
   차2-4 oncoming 황(적)색 직진 대 황(적)색 좌회전, 차43-3 좌우 동시 차로 변경, 차46-1 양 차량 유턴, 차32-1 교행 on a road without a centre line), that chart
   is the answer (`EXACT`). Where it has none (both over a centre line that is there, both reversing, both
   moving off), a chart whose role gives the act to one party only must not be stated at ≥ 0.8 (`HEDGE`).
2. A chart whose A role needs a special act nobody stated: a walker hit with no place and no act said must
   not get 보30 (lying, playing, drunk on the road) or 보35 (walking on a motorway for no reason); the
   plain walking/crossing charts at low confidence, or a question, are right. Rows that do state the act
   (누워 있던, 공놀이, 고속도로) are positive controls.

`EXACT` rows: (id, chart, A = `me` / `other` / a word of the party's name, A's base, variant or None, text).
`HEDGE` rows: (id, charts accepted at any confidence, charts never accepted, text); otherwise the engine must
decline or state < 0.8 (`HEDGE_CAP`).

Measured on main a244ad2 (shipped reader) before the fixes of this branch: EXACT 15/17 right (chart and A's
base), HEDGE 10/19 right; confidently wrong (a wrong top stated at ≥ 0.8) on 8 of the 36 rows (h01–h07, h09:
차31-1 at 0.99–1.00 with the writer at 0 or 100, 비정형-19 at 0.99, 비정형-15 at 0.94), and h10 was 보30 at 0.79.
(e07 was first written as 차3-2; the standard's 차2-4 is the oncoming 황(적)색 직진 대 좌회전, so the label was
corrected to 차2-4, which the engine already answered.)

After the fixes (wt-both, same shipped reader, not retrained): EXACT 15/17, HEDGE 16/19; confidently wrong on 2
(h04, h07). Fixed: an act a role names about its own road user (중앙선침범, 일방통행위반, 금지장소, 정차후출발) that the
text gives both parties while the chart gives it to one role only is a role contradiction
(`reader.features.shared_acts`: the top is capped below 0.8); "X 및 Y 모두", "X도 Y도 …" and "X랑 서로" make the
clause both parties' (h01, h05, h09); 보30 needs a dangerous act said (chart cue 위험행위: lying, sitting or
playing on the road) and 보29-1/29-2 a walkers' road (보행자도로), so a walker hit with no act or place said pays
the distinctive-condition penalty for them.

wt-walk (tests/engine/test_pedestrians_independent.py): e17 and h10 right. Plural children ("애들이") are walker
mentions; 보30's walker has a role condition (보행위험행위) that a description always tells, so a walker merely
walking fits 보30 worse than 보27-1/보27-2/보28: h10 is 보27-1 at low confidence.

wt-cw (test_role_contradiction_independent.py), same shipped reader: h04 and h07 right, so confidently wrong on 0:
"나도" names the writer (h04), and two cars both reversing where nobody left a bay contradict 비정형-19's roles
(`reader.features.shared_moves`, h07).
"""

from __future__ import annotations

import pytest

from katalog.evaluation import chart_matches
from katalog.models import Assessment

from .conftest import assessed, row_params

#: (id, chart, A, A's base, variant, text)
EXACT = [
    # both over a (virtual) centre line where there is none: 차32-1 교행
    ("e01", "차32-1", "me", 50, None, "중앙선 없는 골목길에서 마주 오던 차랑 서로 비켜가다가 부딪혔어요"),
    ("e02", "차32-1", "me", 50, None, "이면도로 중앙선 없는데 반대편에서 오던 차랑 교행하다 사이드미러끼리 부딪힘"),
    ("e03", "차32-1", "me", 50, None, "좁은 골목에서 맞은편 차하고 둘 다 가운데로 붙어서 지나가다 긁었습니다"),
    # both on a red
    ("e04", "차1-4", "me", 50, None, "사거리에서 저도 빨간불에 직진했고 상대도 빨간불에 직진하다 부딪혔어요"),
    ("e05", "차1-4", "me", 50, None, "양쪽 다 적색신호에 교차로 진입해서 옆에서 오던 차랑 충돌함"),
    ("e06", "차1-4", "me", 50, None, "신호등 교차로. 우리 차도 빨간불, 오른쪽에서 온 택시도 빨간불에 직진했어요"),
    ("e07", "차2-4", "other", 50, None, "신호 있는 사거리에서 저는 빨간불에 좌회전했고 맞은편 차도 빨간불에 직진해서 부딪힘"),
    # both changing lanes into one lane
    ("e08", "차43-3", "me", 50, None, "3차로에서 2차로로 들어가는데 1차로에 있던 차도 동시에 2차로로 들어와서 부딪혔어요"),
    ("e09", "차43-3", "me", 50, None, "저랑 옆옆 차로 차랑 동시에 차선 변경하다가 가운데 차로에서 박았어요"),
    ("e10", "차43-3", "me", 50, None, "양쪽 다 차로 변경 중 충돌. 서로 가운데 차로로 들어오다가 옆구리끼리 긁힘"),
    ("e11", "차43-3", "first", 50, None,
     "편도 3차로 도로에서 1차로 진행 차량과 3차로 진행 차량이 동시에 2차로로 진로변경하다 충돌한 사고"),
    ("e12", "차43-3", "me", 50, None, "둘 다 깜빡이 켜고 같은 차선으로 들어가다가 쾅 했어요 저는 오른쪽 차로였고요"),
    # both U-turning: 차46-1, the one ahead is A
    ("e13", "차46-1", "other", 20, "나", "유턴 구역에서 앞차랑 저랑 동시에 유턴하다가 부딪혔어요"),
    ("e14", "차46-1", "other", 0, "가", "앞에서 유턴하던 차 뒤에서 저도 급하게 유턴했는데 옆구리를 박았어요"),
    ("e15", "차46-1", "me", 0, "가", "제가 먼저 유턴하고 있었는데 뒤차도 따라서 급하게 유턴하다 제 차를 쳤어요"),
    # positive controls of the walker family: the special act is stated
    ("e16", "보30", "pedestrian", 40, None, "술 취해서 도로에 누워 있던 사람을 제가 못 보고 쳤어요"),
    ("e17", "보30", "pedestrian", 40, None, "애들이 찻길에서 공놀이하다가 지나가던 승용차에 부딪혔어요"),
]

#: (id, accepted at any confidence, never accepted, text)
HEDGE = [
    # both over a centre line that is there: no chart gives the crossing to both (차31-1 gives it to one)
    ("h01", ("차32-1",), (), "좁은 길에서 맞은편 차랑 서로 중앙선 물고 가다가 정면으로 부딪혔어요"),
    ("h02", ("차32-1",), (), "저도 중앙선 넘었고 상대방도 중앙선 넘어와서 정면충돌했습니다"),
    ("h03", ("차32-1",), (), "커브길에서 양쪽 다 중앙선을 침범한 상태로 마주 오다 충돌"),
    ("h04", ("차32-1",), (), "반대편 차도 나도 중앙선 넘은 상태에서 박았음 과실 어케됨"),
    ("h05", ("차32-1",), (), "당 차량 및 상대 차량 모두 중앙선 침범하여 진행 중 정면 충돌한 사고"),
    ("h06", ("차32-1",), (), "산길 커브에서 마주 오는 트럭이랑 둘 다 중앙선 넘어서 박았어요"),
    # both reversing, both moving off: no chart for it
    ("h07", (), (), "주차장 통로에서 저도 후진하고 맞은편 차도 후진하다가 뒤끼리 부딪혔어요"),
    ("h08", (), (), "골목에서 서로 후진하다 쿵 했어요 과실 어떻게 되나요"),
    ("h09", (), (), "갓길에 서 있다가 앞차도 저도 동시에 출발하면서 부딪혔어요"),
    # a walker hit, no place, no act said
    ("h10", (), ("보30", "보35", "보36", "보33"), "걸어가는데 차가 나 치고 그냥 감"),
    ("h11", (), ("보30", "보35", "보36", "보33"), "길 건너다가 차에 치였어요 과실 있나요"),
    # "길가" is the place (the road's edge): 보27-2 is the chart for it (a label slip of the first writing)
    ("h12", ("보27-2",), ("보30", "보35", "보36", "보33"), "엄마가 길가 걷다가 승용차에 치이셨어요"),
    ("h13", (), ("보30", "보35", "보36", "보33"), "보행자 충격 사고. 장소 미상. 차량 직진 중 보행자와 충돌"),
    ("h14", (), ("보30", "보35", "보36", "보33"), "밤에 걸어서 집에 가는데 뒤에서 오던 차가 저를 쳤어요"),
    ("h15", (), ("보30", "보35", "보36", "보33"), "아빠가 산책하다가 오토바이에 치이셨어요"),
    # a dash-out is a crossing of the road (보23, its 보행자 급진입): "뛰어든" is read as "뛰어나온" was on main,
    # where "갑자기 뛰어나온 사람을 쳤어요 저도 과실 있나요" was already 보23 at 0.93 (wt-walk)
    ("h16", ("보23",), ("보30", "보35", "보36", "보33"), "갑자기 뛰어든 사람을 쳤어요 저도 과실 있나요"),
    ("h17", (), ("보30", "보35", "보36", "보33"), "운전하다가 사람을 쳤는데 과실 몇대몇인가요"),
    ("h18", (), ("보30", "보35", "보36", "보33"), "트럭이 지나가던 할머니를 치었어요"),
    # a walker on a motorway: the motorway is stated, the reason is not (보35 or 보36, not 보30)
    ("h19", ("보35", "보36"), ("보30",), "고속도로에서 걸어가던 사람을 제 차가 쳤어요"),
]

#: a wrong top stated at or above this is confidently wrong
HEDGE_CAP = 0.8

#: rows still wrong, each with why (strict xfails: a fix that makes one right must move it out)
STILL_WRONG: dict[str, str] = {
    "e03": "declined (not wrong): '둘 다 가운데로 붙어서 지나가다' is no reading of passing in a lane-less alley",
}

def _party(a: Assessment, who: str) -> str | None:
    """The engine's name of the row's party: the writer (`me`: the first party of a first-person account),
    the writer's counterpart (`other`), the first named (`first`), or the party whose name holds the word
    or whose road user type is it."""
    names = list(a.parties)
    if len(names) != 2:
        return None
    if who in ("me", "first"):
        return names[0]
    if who == "other":
        return names[1]
    found = [n for n in names if who in n]
    if not found and a.facts is not None:
        found = [p.name for p in a.facts.parties if p.type == who]
    return found[0] if len(found) == 1 else None


def exact_outcome(std, row) -> tuple[bool, bool, str]:
    """(chart and A's base right, not confidently wrong, what came back)."""
    rid, chart, who, base_a, variant, text = row
    a = assessed(text)
    top = a.chart_id if a.status == "ok" else None
    hit = top is not None and chart_matches(top, [chart], std)
    name = _party(a, who) if hit else None
    ok = bool(hit and name and a.base and a.base.get(name) == base_a and (variant is None or a.variant == variant))
    calm = ok or a.status != "ok" or a.confidence < HEDGE_CAP
    return ok, calm, f"{a.status} {top} {a.variant} {a.base} conf={a.confidence:.2f}"


def hedge_outcome(std, row) -> tuple[bool, str]:
    """(declined, an accepted chart, or an unforbidden one stated below the cap; what came back)."""
    rid, accepted, forbidden, text = row
    a = assessed(text)
    got = f"{a.status} {a.chart_id if a.status == 'ok' else a.abstention} {a.base} conf={a.confidence:.2f}"
    if a.status != "ok":
        return True, got
    top = a.chart_id
    if any(chart_matches(top, [c], std) for c in accepted):
        return True, got
    if any(chart_matches(top, [c], std) for c in forbidden):
        return False, got
    return a.confidence < HEDGE_CAP, got


def test_rows_are_distinct_and_charts_exist(std):
    rows = [r[0] for r in EXACT + HEDGE]
    assert len(rows) >= 30 and len(set(rows)) == len(rows)
    assert set(STILL_WRONG) <= set(rows)
    for r in EXACT:
        chart = std.get(r[1])
        base = next(v.base for v in chart.variants if r[4] in (None, v.key))
        assert base.A == r[3], (r[0], r[1], base)
    for r in HEDGE:
        for c in r[1] + r[2]:
            std.get(c)


@pytest.mark.parametrize("row", row_params(EXACT, STILL_WRONG))
def test_exact_chart_and_base(std, row):
    ok, calm, got = exact_outcome(std, row)
    assert ok, (row[0], row[1], row[2], row[3], got)


@pytest.mark.parametrize("row", [r for r in EXACT if r[0] not in STILL_WRONG], ids=lambda r: r[0])
def test_exact_never_confidently_wrong(std, row):
    ok, calm, got = exact_outcome(std, row)
    assert calm, (row[0], got)


@pytest.mark.parametrize("row", row_params(HEDGE, STILL_WRONG))
def test_hedged(std, row):
    ok, got = hedge_outcome(std, row)
    assert ok, (row[0], row[1], row[2], got)


if __name__ == "__main__":
    from katalog.standard.loader import load_standard

    std = load_standard()
    n_ok = n_calm = 0
    for r in EXACT:
        ok, calm, got = exact_outcome(std, r)
        n_ok += ok
        n_calm += calm
        print("EXACT", r[0], r[1], "OK " if ok else ("calm" if calm else "WRONG"), got, "|", r[5])
    h_ok = 0
    for r in HEDGE:
        ok, got = hedge_outcome(std, r)
        h_ok += ok
        print("HEDGE", r[0], "OK " if ok else "WRONG", got, "|", r[3])
    print(f"EXACT {n_ok}/{len(EXACT)} (not confidently wrong {n_calm}); HEDGE {h_ok}/{len(HEDGE)}")
