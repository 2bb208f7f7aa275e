"""An independent check of the same-direction family (차41–48: rear-ends, lane changes, merging, cut-ins,
overtaking, moving off, U-turns, falling loads; plus 차13-2's lane change inside a junction): descriptions
written for this file (wt-samedir) before any corpus row was read, in the voices of the driver who was hit,
the driver who caused it, adjusters' notes, terse shorthand and chat messages.

Each row names the chart a reader of the standard picks (`data/standard`, the chart's situation and role
labels), which party of the text is the chart's A and A's base fault (the chart's 기본 or the named variant).
`me` is the writer (저/제 차/나 …), `other` the writer's counterpart, `first` the party the text names first,
any other word the party's own name in the text. Three things are checked per row: the first chart, the first three, and the base ratio of the
party that is A (which is what goes wrong when the engine finds the situation but swaps who changed lanes).

`STILL_WRONG` lists the rows the engine still gets wrong, each with why; they are strict xfails, so a fix
that makes one right must move it out of the list.

Measured on main 375edd9 (shipped reader), before the fixes of this branch: first chart 35/46, chart in the
first three 44/46, chart and A's base right 29/46 (the `me`/`other` rows by the engine's generic names
당사자1/2 as below). After them (wt-samedir): 39/46, 44/46, 37/46. Fixed: an adjuster's two side labels are
two parties (가해/피해, 선행/후행 차량: d13, d16) and 피보험 차량 is the insurer's own side (d03); a car named
by what it is for (배달차, 고장차: d18, d20); a lane changer's counterpart whose way is unsaid goes along its
lane (d02, d09: 차43-3/43-5 for 차43-2); "X / Y" shorthand of two generic cars (d42); a genitive phrase before
the object is the object's and "정차 직후" is 차41-1's front car (d15).

wt-sd2 added d47–d57 (written before any fold row was read, two or three per family) and fixed: a side named
without a lane, "왼쪽/오른쪽으로 빠지고/빠지면서/빠졌", as a lane change (d28, d47–d49; "빠져 지나가",
"빠지려다가" stay a squeeze past); a bare name right after another party's subject is the object ("제가 그 차
추월하려고": d36, d50, d51); the appositive "앞차인 제 차" is one party (d39, d52, d53); 앞차 and 뒤차 of a
third-person note are its two parties, and "뒤차가 … 앞차를" with no hit, push or writer between is no chain
(d38, d54, d55); a cut-in finished some time before the sudden stop is 차41-1's front car (d11, d56, d57).

wt-sd3 (test_same_direction_independent_2.py) fixed d06 (the cue 버스 calls 차47-3 only for a bus moving
off or standing), d08 (an overtaking that ends in front of the car passed, no passing rule told, is 차43-2's
lane change) and d22 (at a merge, the party moving in to a side merges): 57/57, 57/57, 57/57 with the
shipped reader (rules alone 50/57 → 53/57 first chart and base).

wt-sd4 (test_same_direction_independent_3.py) fixed d27: a side's lane moved into ("제가 먼저 깜빡이 켜고 왼쪽
차로로 나가는데") is the writer's lane change, so both cars change and the rear one first is 차43-5's A.
"""

from __future__ import annotations

import re

import pytest

from katalog.evaluation import chart_matches
from katalog.models import Assessment

from .conftest import assessed, row_params

# (id, chart, A party, A's base fault, variant or None, text)
ROWS: list[tuple[str, str, str, int, str | None, str]] = [
    # lane change: the straight car behind (A, 30) against the car changing in front (B, 70)
    ("d01", "차43-2", "me", 30, None,
     "1차로로 달리고 있는데 2차로에 있던 택시가 깜빡이 켜자마자 바로 제 앞으로 들어와서 제 차 앞범퍼로 택시 뒷문을 받았어요."),
    ("d02", "차43-2", "other", 30, None,
     "제가 왼쪽 차로로 차선 바꾸다가 사각지대에 있던 차를 못 봐서 그 차 앞부분이랑 제 차 뒷문이 부딪혔어요."),
    ("d03", "차43-2", "피보험차량", 30, None,
     "피보험차량 2차로 직진 중 3차로에서 좌측으로 진로변경하던 상대차량과 접촉함."),
    ("d04", "차43-2", "A차량", 30, None, "A차량: 직진, B차량: 차로변경"),
    ("d05", "차43-2", "B차량", 30, None,
     "A차량 진로변경 중 같은 방향 옆 차로를 뒤따라 직진하던 B차량과 충돌"),
    ("d06", "차43-2", "me", 30, None,
     "시내버스가 정류장 쪽으로 가려고 오른쪽으로 차로를 바꾸다가 그 차로로 가던 제 차 운전석 쪽을 긁었어요."),
    ("d07", "차43-2", "other", 30, None,
     "차로 변경 중이었는데 뒤차가 제 차 뒤 범퍼를 추돌했어요. 깜빡이는 켰습니다."),
    ("d08", "차43-2", "me", 30, None,
     "우측 차로로 저를 추월해 제 앞으로 들어오려던 승용차가 제 차 오른쪽 앞을 긁고 지나갔어요."),
    ("d09", "차43-2", "other", 30, None, "ㅠㅠ 나 차선 바꾸다가 옆차 박았어 깜빡이는 켰는데"),
    ("d10", "차43-2", "승용차", 30, None,
     "택시가 승객을 내려주려고 맨 오른쪽 차로로 급하게 차로를 바꾸다가 그 차로로 직진하던 승용차 앞부분과 충돌."),
    # rear-ends: the car behind (A, 100)
    ("d11", "차41-1", "me", 100, None,
     "옆 차로에서 끼어든 SUV가 제 앞으로 완전히 들어온 뒤 몇 초 있다가 갑자기 급브레이크를 밟아서 제가 뒤에서 박았어요."),
    ("d12", "차41-1", "other", 100, None, "신호 대기로 서 있는데 뒤에서 오던 트럭이 제 차를 들이받았습니다."),
    ("d13", "차41-1", "후행차량", 100, None, "선행차량 신호대기 정차 직후 후행차량이 전방주시태만으로 추돌."),
    ("d14", "차41-1", "me", 100, None,
     "출근길 정체 구간에서 앞차 따라 가다가 핸드폰 보느라 앞차 서는 걸 늦게 봐서 박았어요."),
    ("d15", "차41-1", "B차량", 100, None, "B차량이 정차 직후의 A차량을 후방에서 추돌"),
    ("d16", "차41-1", "가해차량", 100, None, "가해차량이 정체로 서행하던 피해차량 후미를 추돌함."),
    # stranded after an accident (차42-1, rear car A 80), parked at the edge (차42-2, parked A 0),
    # the motorway shoulder (차42-3, rear car A 100)
    ("d17", "차42-1", "me", 80, None,
     "앞에서 접촉사고 난 차가 사고 처리하느라 2차로에 그대로 서 있었는데 제가 늦게 보고 그 차를 추돌했어요."),
    ("d18", "차42-2", "me", 0, None,
     "집 앞 도로 가장자리에 차를 세워두고 잠깐 편의점 다녀왔더니 뒤에서 온 배달차가 제 차 뒤를 박아놨어요."),
    ("d19", "차42-2", "other", 0, None, "골목 입구 도로 가장자리에 주차돼 있던 트럭을 제가 지나가다 뒤에서 박았습니다."),
    ("d20", "차42-3", "me", 100, None, "고속도로 갓길에 비상등 켜고 서 있던 고장차를 제가 졸다가 들이받았습니다."),
    # merging where a lane ends (차43-1: main road A 40, merging B 60)
    # undated: the 2023 edition (the portal's highway merge chart 501, 30:70, decides only before 2023-06-01)
    ("d21", "차43-1", "me", 40, None, "고속도로 본선 2차로 달리는데 오른쪽 진입로에서 합류하던 승용차가 제 차 옆을 쳤어요."),
    ("d22", "차43-1", "other", 40, None,
     "2차로가 끝나고 1차로로 합쳐지는 구간이라 제가 왼쪽으로 들어가다가 원래 1차로로 가던 차랑 부딪혔어요."),
    ("d23", "차43-1", "본선차량", 40, None, "차로 감소 구간에서 합류하던 상대차량이 본선차량 우측을 충격."),
    # both changing lanes into the middle lane (차43-3, 50:50)
    ("d24", "차43-3", "택시", 50, None,
     "편도 3차로에서 저는 1차로에서 가운데 차로로, 택시는 3차로에서 가운데 차로로 동시에 들어오다가 부딪혔어요."),
    ("d25", "차43-3", "other", 50, None,
     "양쪽에서 동시에 2차로로 차선 변경하다 옆 차랑 충돌했어요. 서로 상대가 먼저 들어왔다고 주장하고 있어요."),
    # leaving a queue (차43-4: the queued car A 100)
    ("d26", "차43-4", "me", 100, None,
     "1차로 좌회전 대기줄에 서 있다가 너무 막혀서 그냥 직진하려고 2차로로 핸들을 틀었는데 2차로로 오던 차 옆을 제가 받았어요."),
    # same lane, the car behind changes first (차43-5: A 40)
    ("d27", "차43-5", "me", 40, None,
     "같은 차로에서 앞차 뒤를 따라가다가 제가 먼저 깜빡이 켜고 왼쪽 차로로 나가는데 앞차도 뒤늦게 같은 쪽으로 차선을 바꾸면서 부딪혔어요."),
    ("d28", "차43-5", "other", 40, None,
     "제가 앞에 가고 뒤차가 같은 차로로 따라오는 상황에서 제가 오른쪽으로 차선 바꾸는데, 뒤차가 이미 먼저 오른쪽으로 빠지고 있던 중이라 서로 부딪혔습니다."),
    # to the shoulder (차43-6: the car moving onto the shoulder A 60)
    ("d29", "차43-6", "me", 60, None,
     "정체라 답답해서 제가 갓길 쪽으로 차를 뺐는데 갓길로 달려오던 차가 제 차 뒤쪽을 받았어요."),
    # entering from off the road (차44-1: straight A 20)
    ("d30", "차44-1", "me", 20, None, "주유소에서 나와서 도로로 우회전해 들어오던 차가 2차로로 직진하던 제 차 옆을 받았습니다."),
    ("d31", "차44-1", "other", 20, None, "아파트 주차장에서 큰길로 우회전해서 나가는데 직진해 오던 차랑 부딪혔어요."),
    # overtaking
    ("d32", "차45-3", "me", 0, None,
     "터널 안에서 제가 앞서 가고 있는데 뒤차가 추월하겠다고 옆으로 나왔다가 다시 제 앞으로 들어오면서 제 차 앞을 쳤어요. 터널은 추월 금지잖아요."),
    ("d33", "차45-3", "other", 0, None,
     "다리 위 앞지르기 금지 구간인데 앞차를 앞지르려고 나갔다가 다시 들어가는 과정에서 앞차 앞범퍼랑 제 차 뒤가 부딪혔어요."),
    ("d34", "차45-5", "me", 0, None,
     "황색 점선 중앙선이 있는 국도에서 제가 정상적으로 가고 있는데 뒤차가 중앙선 넘어 바짝 추월하더니 바로 오른쪽 주유소로 들어가려고 제 앞으로 꺾다가 부딪혔어요."),
    ("d35", "차45-6", "me", 100, None,
     "차선 넘으면 안 되는 흰색 실선 구간이었는데 앞차가 너무 느려서 옆 차로로 빠져 추월한 다음 다시 원래 차로로 들어오다가 그 차랑 부딪혔어요."),
    ("d36", "차45-1", "me", 100, None,
     "교차로에서 앞차가 좌회전 신호 받고 좌회전하는데 제가 그 차 추월하려고 황색 중앙선 넘어 나가다가 그 차랑 부딪혔어요."),
    ("d37", "차45-4", "me", 60, None,
     "차 막히는 왕복 2차로 도로에서 제가 먼저 중앙선 넘어 앞차들을 추월하고 있었는데 앞에 있던 차 하나가 뒤늦게 중앙선 넘어 나오면서 부딪혔어요."),
    # U-turns (차46-1: the one ahead A; (가) the one behind U-turns sharply 0:100, (나) together 20:80)
    ("d38", "차46-1", "앞차", 0, "가", "교차로 유턴 구역에서 앞차가 먼저 유턴하고 있는데 뒤차가 급하게 유턴하다가 앞차를 받았다."),
    ("d39", "차46-1", "me", 20, "나", "유턴 구역에서 앞차인 제 차랑 뒤차가 동시에 유턴하다가 부딪혔어요."),
    # moving off (차47-1: the car moving off A 80; 차47-2: A 70; 차47-3: the bus A 40)
    ("d40", "차47-1", "me", 80, None,
     "길가 차로에 잠깐 서 있다가 다시 출발하는 순간, 서 있는 제 차를 피해 옆으로 추월해 직진하던 차랑 부딪혔습니다."),
    ("d41", "차47-2", "other", 70, None,
     "오른쪽 차로에 정차해 있던 차 앞으로 제가 차로를 바꿔 들어가는데 그 차가 갑자기 출발해서 부딪혔어요."),
    ("d42", "차47-2", "first", 70, None, "정차 후 출발차 / 진로변경차"),
    ("d43", "차47-3", "버스", 40, None,
     "정류장에서 손님 태우고 출발하던 시내버스 앞으로 제가 추월해서 끼어들다가 버스랑 부딪혔어요."),
    # a falling load (차48-1: the car behind A 0)
    ("d44", "차48-1", "me", 0, None, "덤프트럭 적재함에서 자갈이 쏟아져서 뒤에 가던 제 차 앞유리가 깨졌어요."),
    # the safety zone (차43-7 (가): the car through the zone A 100)
    ("d45", "차43-7", "me", 100, "가",
     "안전지대 빗금 위로 먼저 넘어가서 좌회전 차로로 가던 제 차가, 안전지대 벗어나기 직전에 오른쪽 2차로에서 좌회전 차로로 들어오던 차랑 부딪혔어요."),
    # a lane change inside an unsignalled junction (차13-2: the changer A 60)
    ("d46", "차13-2", "me", 60, None,
     "신호 없는 교차로를 1차로로 직진하다가 교차로 안에서 2차로로 옮겼는데, 오른쪽 길에서 우회전해 들어오던 차랑 부딪혔어요."),
    # wt-sd2, written before any fold row was read: families still wrong above
    # 빠지다 (no lane named) as a lane change
    ("d47", "차43-2", "me", 30, None,
     "2차로로 가고 있었는데 옆 차로에서 나란히 가던 택시가 갑자기 오른쪽으로 빠지면서 제 차 왼쪽 앞을 긁었어요."),
    ("d48", "차43-5", "me", 40, None,
     "같은 차로로 앞차를 따라가다가 제가 먼저 왼쪽으로 빠지는 중이었는데 앞차도 갑자기 왼쪽으로 차선을 바꿔서 부딪혔어요."),
    ("d49", "차43-2", "me", 30, None, "2차로에서 직진하는데 1차로 SUV가 깜빡이 없이 우측으로 빠지면서 제 차 앞범퍼를 쳤습니다."),
    # a bare object right after the writer's subject ("제가 그 차 추월하려고")
    ("d50", "차45-1", "me", 100, None, "제가 그 트럭 추월하려고 중앙선 넘었는데 트럭이 갑자기 좌회전해서 부딪혔어요."),
    ("d51", "차45-1", "me", 100, None,
     "사거리에서 앞의 SUV가 좌회전하는데 제가 그 SUV 추월하다가 SUV랑 부딪혔어요. 거기 황색 실선이에요."),
    # the appositive "앞차인 제 차": one party, the writer
    ("d52", "차46-1", "other", 20, "나", "뒤차인 제 차랑 앞차가 거의 동시에 유턴을 시작해서 부딪혔어요."),
    ("d53", "차46-1", "other", 20, "나", "유턴 차로에서 선행차인 상대 차량과 후행차인 제 차가 동시에 유턴하다가 충돌했습니다."),
    # 앞차 and 뒤차 of a third-person note: the two parties
    ("d54", "차46-1", "앞차", 0, "가", "앞차가 유턴을 먼저 시작했는데 뒤차가 무리하게 급유턴하다 앞차 옆을 들이받음."),
    ("d55", "차46-1", "앞차", 0, "가", "U턴 구역에서 뒤차가 앞차보다 먼저 급하게 유턴하다가 앞차와 충돌."),
    # a cut-in finished some time before the sudden stop: the rear-end of 차41-1
    ("d56", "차41-1", "me", 100, None, "택시가 제 앞으로 끼어들고 나서 한참 같이 가다가 갑자기 급정거해서 제가 택시 뒤를 박았어요."),
    ("d57", "차41-1", "me", 100, None,
     "앞에 끼어든 차가 차선 변경을 다 마치고 10초쯤 지나서 이유 없이 급정거하는 바람에 뒤에서 추돌했습니다."),
]

#: rows the engine still gets wrong, with why: strict xfails (a fix that makes one right must move it out)
STILL_WRONG: dict[str, str] = {}

_GENERIC = re.compile(r"^당사자\d$")
_WRITER = re.compile(r"^(?:저|저는|제가|나|내가|본인|당사|(?:제|내|저희|우리)\s?(?:[가-힣A-Za-z]{0,4}\s?)?(?:차|차량|자동차|승용차))$")




def party_a(a: Assessment, who: str) -> str | None:
    """The engine's name for the row's A party: the writer (`me`), the writer's counterpart (`other`), or
    the party whose name holds (or is held by) the given word. A party the engine names generically
    (당사자1/당사자2: a name it did not read) stands for the one row party it could not find by name: the
    writer when no party has a writer's name (the writer is the first party of a first-person account), or
    the named word. None when it cannot be told."""
    names = list(a.parties)
    generic = [n for n in names if _GENERIC.match(n)]
    if who in ("me", "other"):
        writer = [n for n in names if _WRITER.match(n.strip())]
        if not writer and len(generic) == 1:
            writer = generic
        elif not writer and len(generic) == 2:
            writer = [min(generic)]
        if len(writer) != 1:
            return None
        return writer[0] if who == "me" else next((n for n in names if n != writer[0]), None)
    if who in ("first", "second"):  # the party named first / second in the text ("X / Y" shorthand)
        return names[0 if who == "first" else 1] if len(names) == 2 else None
    found = [n for n in names if who in n or (n and n in who)]
    if not found and len(generic) == 1:
        found = generic
    return found[0] if len(found) == 1 else None


def outcome(std, row) -> tuple[bool, bool, bool, str]:
    """(top-1 right, top-3 right, base right, what came back)."""
    rid, chart, who, base_a, variant, text = row
    a = assessed(text)
    top = a.chart_id if a.status == "ok" else None
    top3 = [c.chart_id for c in a.candidates[:3]]
    hit1 = top is not None and chart_matches(top, [chart], std)
    hit3 = any(chart_matches(c, [chart], std) for c in top3)
    name = party_a(a, who) if hit1 else None
    base_ok = bool(hit1 and name and a.base and a.base.get(name) == base_a and (variant is None or a.variant == variant))
    return hit1, hit3, base_ok, f"{top} {a.variant} {a.base} mapping A={a.mapping.A if a.mapping else None} top3={top3}"


def test_rows_are_distinct_and_charts_exist(std):
    assert len(ROWS) >= 40
    assert len({r[0] for r in ROWS}) == len(ROWS) and len({r[5] for r in ROWS}) == len(ROWS)
    assert set(STILL_WRONG) <= {r[0] for r in ROWS}
    for r in ROWS:
        chart = std.get(r[1])
        variants = {v.key for v in chart.variants}
        assert r[4] is None or r[4] in variants, (r[0], r[4], variants)
        # A's base is the chart's (its variant's, or its only one's)
        base = next(v.base for v in chart.variants if r[4] in (None, v.key))
        assert base.A == r[3], (r[0], r[1], base)


@pytest.mark.parametrize("row", row_params(ROWS, STILL_WRONG))
def test_chart_and_base_of_party_a(std, row):
    hit1, hit3, base_ok, got = outcome(std, row)
    assert hit1 and base_ok, (row[0], row[1], row[2], row[3], got)


#: rows whose first three charts hold the answer (must not fall; all 57 did after wt-sd3)
TOP3_AT_LEAST = 56


def test_top3_holds_the_chart(std):
    """The first three charts hold the answer on at least `TOP3_AT_LEAST` rows (abstentions hold none)."""
    missing = [r[0] for r in ROWS if not outcome(std, r)[1]]
    assert len(ROWS) - len(missing) >= TOP3_AT_LEAST, missing
