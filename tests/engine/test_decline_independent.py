"""An independent check of declining: 48 descriptions written for this file (wt-declines) before any
fold decline row was read in detail, in the voices of drivers, walkers, family members and chat
messages. Each row's outcome is decided from the standard and the product's rules (docs/engine.md
"Abstention"), not from the engine's output:

- DECLINE: nothing a chart turns on is said (only damage, only that two road users met), no second road
  user (a single-vehicle crash, an unknown door ding on a parked car), three or more vehicles, a
  statement that contradicts itself, a place off the road, or a question that is not about fault (money,
  procedure, fines, small talk). Any abstention code counts.
- ANSWER: terse, slangy, misspelt, unpunctuated or English-mixed, but the two parties and what they did
  are there — a chart of the standard can be named. The engine must not abstain.

The shipped engine (reader on) is run on each; `decline_scores` gives precision / recall of its declines
on this set (`python tests/engine/test_decline_independent.py`). Measured on the first 48 rows before the
fixes of this branch (main 375edd9): precision 22/27 = 0.815, recall 22/24 = 0.917 — missed d05 (a door ding
by somebody unknown, answered with the writer as the car that hit) and d09 (caught between two cars);
answerable rows declined: a03 (the other car named by its model), a05 (no word the scope gate took for
traffic), a14, a18, a23 (hit by "차한테"). After: precision 25/26 = 0.962, recall 25/25 = 1.000 on all 51
(a14, a two-wheeler weaving between cars, is a fact-reading family left in `STILL_DECLINED`); the rows added
after the fixes (d25, a25, a26) guard the unknown-actor gate and the model-name mentions.

wt-dec2 added d26–d34 and a27–a40, written before its fixes, for four fact-reading families: the writer hit
as a bare pronoun ("차가 나 치고 그냥 감": a walker; "제 차 치고" stays a car), a two-wheeler filtering between
cars ("차 사이로 빠져나가다가": a same-direction overtaking, read only when a collision follows), a vehicle only
overtaken ("앞차 추월하다가 맞은편 차랑": traffic, not the counterpart) and a degree word or -어버리다 after a
turn's direction ("왼쪽으로 확 꺾어버렸어요", "왼쪽으로 튼"). Before: a14, a27, a28, a31, a32 declined, a35
answered with the writer (who overtook over the centre line) at 0; after: all answered, every near miss (d26–d34)
still declined. Both cars over the centre line ("둘 다 중앙선 넘어서", a02) is answered as 차31-1 with the writer at
0 (one party over the line); that is a matching gap (차32-1), left open. Since session 19 it is stated at 0.79,
not ~1.0 (tests/engine/test_both_parties_independent.py).
"""

from __future__ import annotations

import pytest

from katalog.engine import assess

DECLINE = [
    ("d01", "차 긁혔어요 과실 몇대몇?"),  # only damage, no party, no movement
    ("d02", "범퍼 찌그러졌는데 수리비 보통 얼마 나와요?"),  # money question
    ("d03", "빗길에 미끄러져서 가드레일을 들이받았어요. 제 과실 몇 프로예요?"),  # single vehicle
    ("d04", "혼자 운전하다 졸아서 전봇대 박음"),  # single vehicle
    ("d05", "마트 주차장에 세워둔 차에 누가 문콕하고 그냥 갔어요. 블박도 없어요."),  # nobody to place
    ("d06", "사고 났는데 이제 뭐부터 해야 돼요? 보험사에 전화하면 되나요?"),  # procedure
    ("d07", "교통사고 보험 접수는 사고 나고 며칠 안에 해야 하나요"),  # procedure
    ("d08", "고속도로에서 3중 추돌이 났는데 저는 가운데 차였어요. 과실 어떻게 돼요?"),  # chain of three
    ("d09", "앞차랑 뒤차 사이에 끼어서 샌드위치 됐어요"),  # three vehicles
    ("d10", "교차로에서 다른 차랑 부딪혔어요. 과실 몇 대 몇이에요?"),  # no movement of either party
    ("d11", "버스랑 택시 사고 과실 몇 대 몇이에요"),  # two road users, nothing else
    ("d12", "음주운전 걸리면 벌점 몇 점이에요?"),  # legal question, no accident
    ("d13", "자전거 타고 내리막 내려가다 혼자 넘어졌어요"),  # single road user
    ("d14", "공장 안에서 지게차 후진하다 직원이랑 부딪혔어요"),  # off the road (workplace)
    ("d15", "어제 접촉사고 났는데 상대방이 전화를 안 받아요 어떡하죠"),  # procedure, no course
    ("d16", "상대 차랑 부딪혔는데 어떻게 부딪혔는지는 기억이 하나도 안 나요"),  # course unknown
    ("d17", "100% 피해자인데 렌트카는 며칠까지 쓸 수 있어요?"),  # damages question
    ("d18", "오늘 날씨 진짜 좋네요 드라이브 가고 싶다"),  # no accident
    ("d19", "신호위반 과태료 얼마예요"),  # fine question
    ("d20", "사고 났어요 ㅠㅠ"),  # nothing said
    ("d21", "차 두 대 접촉사고. 누가 잘못인지 모르겠음"),  # two cars, nothing else
    ("d22", "제 차가 빨간불에 직진했는데 그때 제 신호는 초록불이었어요"),  # same party, two lights
    ("d23", "신호등 있는 사거리에서 저는 초록불이었고 다른 차랑 부딪혔어요"),  # the other's light unknown
    ("d24", "오토바이랑 부딪혔는데 보험사 직원이 합의금 얼마 생각하냐고 물어봐요"),  # money, no course
    ("d25", "주차장에 세워놨는데 누군가 범퍼를 긁고 갔어요"),  # nobody to place
    # wt-dec2, written before the fixes: near misses of the four reading families below
    ("d26", "주차해놨는데 누가 제 차 치고 감"),  # "제 차 치고": a parked car, nobody to place
    ("d27", "걸어가는데 차가 나 치고 갔어요. 합의금은 보통 얼마 받아요?"),  # money asked
    ("d28", "오토바이가 차 사이로 빠져나가다 넘어졌어요"),  # filtering, then a fall: nobody hit
    ("d29", "차 사이로 빠져나가는 오토바이 불법인가요?"),  # a question about filtering, no accident
    ("d30", "중앙선 넘어온 차 때문에 사고났는데 렌트비는 얼마까지 나와요"),  # money asked
    ("d31", "중앙선 침범하면 벌점 몇 점이에요?"),  # penalty points
    ("d32", "좌회전해버린 차랑 부딪혔는데 수리비 얼마 나와요"),  # money asked
    ("d33", "차가 돌아버렸어요 ㅠㅠ 과실 몇대몇"),  # a spin, no second road user, no course
    ("d34", "오른쪽으로 꺾어버렸는데 혼자 연석 박았어요"),  # single vehicle
]

ANSWER = [
    ("a01", "횡단보도 건너는데 차가 나 치고 도망감"),  # hit-and-run against a walker on a crosswalk
    ("a02", "마주 오던 차랑 둘 다 중앙선 넘어서 정면으로 부딪힘"),  # both over the centre line
    ("a03", "사거리 직진중인데 먼저 좌회전해버린 그랜저랑 부딪힘"),  # straight vs left turn
    ("a04", "신호대기중 뒤차가 박음"),  # rear-ended while waiting
    ("a05", "정차해 있는데 뒤에서 쾅 ㅠㅠ"),  # rear-ended while stopped
    ("a06", "차선변경하던 택시가 내차 옆구리 긁고 감"),  # lane change
    ("a07", "비보호좌회전하다가 맞은편 직진차랑 박앗어요"),  # typo, unprotected left turn
    ("a08", "파란불에 횡단보도 건너는데 우회전하던 차가 저를 쳤어요"),  # walker on green, right turn
    ("a09", "인도에서 갑자기 튀어나온 킥보드랑 도로 달리던 제 차가 부딪힘"),  # PM from the sidewalk
    ("a10", "빨간불에 서 있었는데 뒤차가 박았어요 (rear-ended by a truck)"),  # English aside
    ("a11", "유턴하다가 맞은편에서 오던 직진차랑 충돌"),  # U-turn vs oncoming
    ("a12", "주차장 통로에서 후진하다가 지나가던 차랑 부딪혔어요"),  # parking lot, reversing
    ("a13", "신호없는 골목 교차로 내가 직진 상대 우회전 쾅"),  # no punctuation
    ("a14", "오토바이가 차 사이로 빠져나가다가 내 사이드미러 치고감"),  # two-wheeler filtering
    ("a15", "자전거 타고 가는데 주차된 차가 갑자기 문 열어서 부딪힘"),  # door opened on a cyclist
    ("a16", "고속도로 앞차가 갑자기 급정거해서 제가 뒤에서 박았어요"),  # sudden stop, rear-end
    ("a17", "회전교차로 들어가다가 안에서 돌고있던 차랑 박음"),  # roundabout entry vs circulating
    ("a18", "좌회전 신호 받고 좌회전하는데 반대편에서 신호위반하고 직진한 차가 와서 꽝"),  # signals
    ("a19", "합류 구간에서 들어오던 트럭이 본선으로 가던 제 차 옆을 쳤어요"),  # merge
    ("a20", "중앙선 넘어온 차가 정면으로 박음"),  # centre line
    ("a21", "신호등없는 교차로 직진중 오른쪽에서 튀어나온 차랑 충돌"),  # unsignalled crossing
    ("a22", "앞차가 후진해서 내 차를 박았어요"),  # reversing front car
    ("a23", "깜빡이도 없이 훅 들어온 차한테 받힘"),  # cut in without signal
    ("a24", "아파트 단지 안에서 걸어가던 우리 아이를 택배차가 쳤어요"),  # walker in an apartment complex
    ("a25", "신호대기 중인데 누가 뒤에서 박고 도망갔어요"),  # unknown hitter from behind: a rear-end
    ("a26", "저는 소나타, 상대는 그랜저인데 교차로에서 제가 직진하고 상대가 좌회전하다 부딪혔어요"),  # models named
    # wt-dec2, written before the fixes (declined then: a27, a28, a31, a32; a35 answered with the roles swapped)
    ("a27", "걸어가는데 차가 나 치고 그냥 감"),  # a walker hit, the pronoun without its particle
    ("a28", "길 건너는데 차가 나 치고 그냥 감"),  # crossing, the same
    ("a29", "신호 없는 횡단보도 건너는데 트럭이 저 치고 도망갔어요"),  # crosswalk, 저 without its particle
    ("a30", "걷다가 자전거가 나 치고 감"),  # a cyclist hits a walker
    ("a31", "배달 오토바이가 차선 사이로 빠져나가다 제 차 옆을 긁음"),  # filtering
    ("a32", "정체된 도로에서 오토바이가 차들 사이로 빠져나가다가 제 차 범퍼를 긁었어요"),  # filtering
    ("a33", "정체 구간에서 차들 사이로 달리던 오토바이가 차선 바꾸던 제 차랑 부딪혔어요"),  # filtering vs a change
    ("a34", "트럭을 앞지르다가 반대편에서 오던 차랑 부딪혔어요"),  # the writer overtaking, the truck only passed
    ("a35", "중앙선 넘어서 앞차 추월하다가 맞은편에서 오던 차랑 정면충돌"),  # the same over the centre line
    ("a36", "맞은편 차가 중앙선을 조금 물고 와서 제 차 사이드미러를 쳤어요"),  # a degree word before the verb
    ("a37", "교차로 직진중인데 맞은편 차가 왼쪽으로 확 꺾어버렸어요"),  # -어버리다 after a degree word
    ("a38", "제가 직진하는데 앞차가 갑자기 오른쪽으로 확 틀어버려서 박았어요"),  # the same, a right turn
    ("a39", "사거리 직진하는데 왼쪽으로 튼 차가 제 차 앞을 막아서 부딪힘"),  # 튼, the contracted adnominal
    ("a40", "신호 대기 중인데 상대차가 유턴 돌아버리다가 제 차를 긁음"),  # 돌아버리다 after 유턴
]

#: Answerable rows the engine still declines, with why (a family of fact reading, not of the gates).
STILL_DECLINED: dict[str, str] = {}

#: The writer's (first party's) final share must stay at or below this: answering with the roles swapped is
#: worse than declining (each of these was declined, or answered with the writer as the other, before).
WRITER_AT_MOST = {"a03": 40, "a05": 0, "a18": 0, "a23": 40, "a25": 0, "a26": 40, "a14": 40, "a29": 0, "a31": 40,
                  "a32": 40, "a36": 0}

#: The writer's final share must stay at or above this: the writer is the one who crossed or overtook.
WRITER_AT_LEAST = {"a34": 60, "a35": 60}

#: The road user the writer must be read as (a pronoun without its particle: "나 치고" is a walker hit).
WRITER_TYPE = {"a27": "pedestrian", "a28": "pedestrian", "a29": "pedestrian", "a30": "pedestrian"}

IDS = [i for i, _ in DECLINE + ANSWER]
assert len(set(IDS)) == len(IDS)


def declined(text: str) -> bool:
    """Whether the shipped engine abstains on the text (any code)."""
    return assess(text).status == "abstained"


def decline_scores() -> tuple[float, float, list[str], list[str]]:
    """(precision, recall, missed declines, answerable rows declined) of the engine on this set."""
    missed = [i for i, t in DECLINE if not declined(t)]
    false = [i for i, t in ANSWER if declined(t)]
    caught = len(DECLINE) - len(missed)
    said = caught + len(false)
    return (caught / said if said else 1.0), caught / len(DECLINE), missed, false


@pytest.mark.parametrize(("rid", "text"), DECLINE, ids=[i for i, _ in DECLINE])
def test_declined(rid: str, text: str) -> None:
    a = assess(text)
    assert a.status == "abstained", (rid, a.chart.id if a.chart else None)


@pytest.mark.parametrize(("rid", "text"), ANSWER, ids=[i for i, _ in ANSWER])
def test_answered(rid: str, text: str) -> None:
    if rid in STILL_DECLINED:
        pytest.xfail(STILL_DECLINED[rid])
    a = assess(text)
    assert a.status == "ok", (rid, a.abstention)


@pytest.mark.parametrize("rid", sorted(WRITER_AT_MOST))
def test_answered_with_the_writer_in_the_right_role(rid: str) -> None:
    a = assess(dict(ANSWER)[rid])
    assert a.status == "ok" and a.final is not None, (rid, a.abstention)
    assert a.final[a.parties[0]] <= WRITER_AT_MOST[rid], (rid, a.chart_id, a.final)


@pytest.mark.parametrize("rid", sorted(WRITER_AT_LEAST))
def test_answered_with_the_writer_at_fault(rid: str) -> None:
    a = assess(dict(ANSWER)[rid])
    assert a.status == "ok" and a.final is not None, (rid, a.abstention)
    assert a.final[a.parties[0]] >= WRITER_AT_LEAST[rid], (rid, a.chart_id, a.final)


@pytest.mark.parametrize("rid", sorted(WRITER_TYPE))
def test_writer_read_as(rid: str) -> None:
    from katalog.facts.extract import extract_facts

    f = extract_facts(dict(ANSWER)[rid])
    assert f.parties[0].type == WRITER_TYPE[rid], (rid, [(p.name, p.type) for p in f.parties])


def test_scores_on_this_set() -> None:
    """Precision and recall of the declines here (before this branch 22 / 27 and 22 / 24 on the first 48 rows)."""
    p, r, missed, false = decline_scores()
    assert not missed and sorted(false) == sorted(STILL_DECLINED), (missed, false)
    assert p >= 0.96 and r == 1.0


if __name__ == "__main__":
    p, r, missed, false = decline_scores()
    print(f"decline precision {p:.3f} recall {r:.3f}; missed {missed}; answerable declined {false}")
