"""How real users type (wt-noisy): accidents of the common charts written noisily: no spacing or broken
spacing, typos and phonetic spellings (깜박이, 신효, 브래이크, 뒷차, 치엿어요), chat shorthand (ㅇㅇ, ㅠㅠ, ㅋㅋ,
~~, !!, emoticons), regional endings (-는디, -당께, -데이, -했심더, -했어예), English and digits mixed in (U턴,
SUV, 1차선, 4거리, 100키로), numbered lists and line breaks, long rambles around the facts and terse notes.
Written for this file from the chart texts in data/standard before any corpus row was read. Some rows have a
clean twin (id ending in c) that says the same thing neatly, to show when the noise alone breaks a reading.

Each row: id, acceptable charts, the A party (a regex over the party name the engine maps to A; ME = the
writer), the A party's base ratio (None where the chart's variant is not told or two acceptable charts name A
differently), text.

Measured before the fixes of this branch (main a244ad2, shipped reader, rules + retrieval + reader fused; an
abstention is a miss): hit@1 50/66, hit@3 61/66, A's base right 44/65. After them: hit@1 58/66, hit@3 65/66,
base 56/65. The noise that broke a reading and the families fixed (each row's clean twin or a probe read right):
a dialect clause ending (돌고 있는디, 박았당께, 했심더, 와가, 내를, 칬다 아이가, 지는), a past tense typed without
its ㅆ (파란불이엇는데, 박앗어요), a chat tilde or ㅠㅠ ending a sentence (녹색이었구요~~ 좌측에서), a note's
"나: 직진 / 상대: 좌회전" and "A: 적색 직진", a note's X for "none" (횡단보도X 신호등X), a car glued to the verb
before it (튀어나온차랑, 바꾸다가뒤차랑), a car named by its brand alone (BMW가), and, in a long ramble, "뒤에 있던
차가 제 차 뒤를 박은" (the car said to be behind). Merged with wt-facts (a terse note's leading clause is the
unnamed writer's), n24 and its clean twin n24c are right too.
"""

from __future__ import annotations

import pytest

from katalog.engine import assess

from .conftest import Answer, answer_rows, base_right, row_params, top1_right

ME = r"^(저|제|내|나|본인|당사|우리)"
OTHER = r"상대|뒤|뒷|앞|옆|맞은편|반대편|차량|택시|트럭|SUV|BMW|오토바이|버스|지나가|오던|직진"

NOISY = [
    # rear-end (차41-1: A the car behind, 100)
    ('n01', ['차41-1'], OTHER, 100, '신호대기중인데뒤에서박음ㅠㅠ'),
    ('n01c', ['차41-1'], OTHER, 100, '신호 대기 중인데 뒤에서 박았어요.'),
    ('n02', ['차41-1'], OTHER, 100, '빨간불이라 서있었는데 뒷차가 그대로 쾅!! 목이 아프네요ㅠㅠ'),
    ('n03', ['차41-1'], ME, 100, '앞차가 급브래이크 밟아서 제가 뒤에서 박았어요 ㅠ'),
    ('n04', ['차41-1'], OTHER, 100, '신호 기다리고 있는디 뒤차가 와서 콱 박아부렀당께'),
    ('n05', ['차41-1'], ME, 100, '정체구간서 앞차 따라가다 졸아가꼬 추돌했심더'),
    ('n06', ['차41-1'], ME, 100, '100키로로 달리다가 앞차가 급정거해서 박음.. 제잘못이죠?'),
    ('n07', ['차41-1', '390'], '오토바이', 100, '배달오토바이가 뒤에서 내차 박음 신호대기중이었음'),
    ('n08', ['차41-1'], OTHER, 100, '우리 차는 가만히 서 있었는데예 뒤에서 트럭이 와가 박았다 아입니꺼'),
    ('n09', ['차41-1'], OTHER, 100, '후미추돌 당함. 정차중이었음'),
    # lane change (차43-2: A the car going straight behind, 30)
    ('n10', ['차43-2'], ME, 30, '2차선으로 직진중 옆차선 차가 깜박이도 안키고 갑자기 들어와서 쾅'),
    ('n10c', ['차43-2'], ME, 30, '2차로로 직진 중에 옆 차로 차가 방향지시등도 안 켜고 갑자기 들어와서 부딪혔어요.'),
    ('n11', ['차43-2'], ME, 30, '옆차가 깜빡이 없이 끼어들다가 내차 앞범퍼랑 부딪힘ㅋㅋ 어이없음'),
    ('n12', ['차43-2'], OTHER, 30, '제가 차선변경하다가 뒤에서 오던 차랑 부딪혔어예 깜빡이는 켰어예'),
    ('n13', ['차43-2'], OTHER, 30, '1차선에서2차선으로차선바꾸다가뒤차랑접촉'),
    ('n14', ['차43-2'], ME, 30, '옆 차 가 차선 변경 하다가 제 차 옆 을 긁었 어요'),
    ('n15', ['차43-2'], ME, 30, 'ㅇㅇ 직진하는데 오른쪽차가 갑툭튀로 끼어듦;; 방향지시등도 안켬'),
    ('n16', ['차43-2'], OTHER, 30, '3차선에서 2차선으로 깜빡이 켜고 들어가는데 2차선 뒤에서 오던 BMW가 박음'),
    ('n17', ['차43-2'], ME, 30, '옆차가 차선 바꾸다가 제 차 박았어요 ㅡㅡ;; 전 직진중이었구요 ^^;'),
    ('n18', ['차43-2', '389'], None, None, '스쿠터로 1차선 직진 중 옆차가 갑자기 차선변경하면서 충돌함'),
    # intersections without signals (차15-1: A straight 30; 차13-1: A right turn 60)
    ('n19', ['차15-1'], ME, 30, '신호등없는사거리에서 직진하는데 맞은편차가 좌회전하면서 박음'),
    ('n20', ['차15-1'], ME, 30, '신호 없는 교차로 에서 직진 중 맞은 편 차 가 좌 회 전 하면서 충돌'),
    ('n21', ['차15-1'], OTHER, 30, '4거리 신호등 없는곳 제가 좌회전중 반대편에서 직진하던 SUV랑 쾅'),
    ('n22', ['차13-1'], ME, 60, '신호없는 3거리에서 우회전하다가 왼쪽에서 직진하던 차랑 부딪힘'),
    # signals (차1-1: A the green car, 0; 차2-6: A the unprotected left turn, 90; 차2-1: A red straight, 100)
    ('n23', ['차1-1'], ME, 0, '파란불에 직진하는데 옆에서 빨간불 무시하고 들어온 차가 박음'),
    ('n24', ['차1-1'], ME, 0, '초록불 직진 중 신효위반 차량이 측면 충격'),
    ('n24c', ['차1-1'], ME, 0, '초록불 직진 중 신호위반 차량이 측면 충격'),
    ('n25', ['차1-1'], ME, 0, '제 쪽 신호 녹색이었구요~~ 좌측에서 신호무시한 택시가 들이받았어요!!'),
    ('n26', ['차1-1'], ME, 0, '파란불이엇는데 옆에서 빨간불에 튀어나온차랑 박앗어요'),
    ('n27', ['차1-1'], ME, 0, '내는 파란불에 똑바로 가고 있었는디 옆길에서 빨간불에 차가 튀어나와서 받아부렀어'),
    ('n28', ['차2-6'], ME, 90, '비보호좌회전하다가 맞은편 직진차랑 박음 ㅠㅠ 초록불이었음'),
    ('n29', ['차2-6'], ME, 90, '비보호좌 하다 직진차량이랑 사고남 ㅠ'),
    ('n30', ['차2-1'], OTHER, 100, '좌회전 신호 받고 돌고 있는디 맞은편에서 빨간불에 직진해온 차가 박았당께'),
    # U-turn and centre line (차33-1: A straight 20; 차31-1: A straight 0)
    ('n31', ['차33-1'], OTHER, 20, 'U턴 하는데 맞은편 직진차가 박음. 유턴표시 있는데임'),
    ('n31c', ['차33-1'], OTHER, 20, '유턴 표시 있는 곳에서 유턴하는데 맞은편에서 직진하던 차가 박았어요.'),
    ('n32', ['차31-1'], ME, 0, '맞은편 차가 중앙선 넘어와서 정면으로 박음ㅠㅠ 저는 그냥 직진중이었어요'),
    ('n33', ['차31-1'], ME, 0, '황색실선 넘어온 트럭이랑 정면충돌 했어예 지는 지 차선으로 가고 있었어예'),
    # doors (차52-1: A the car going by, 20)
    ('n34', ['차52-1'], ME, 20, '갓길에 세운차가 문을 확 열어서 지나가던 제차가 문짝을 박았어요'),
    ('n35', ['차52-1'], ME, 20, '주차된 차 문열림 사고 ㅠ 내가 직진 중이었음'),
    # car parks (차51-1: A the car in the aisle, 30)
    ('n36', ['차51-1'], ME, 30, '마트주차장 통로 지나가는데 주차칸에서 빠져나오던 차가 제차 옆구리 박음'),
    ('n37', ['차51-1'], OTHER, 30, '주차장에서 주차자리에서 빼다가 통로로 지나가던차 박았어요ㅠ'),
    ('n38', ['차51-1'], ME, 30, '지하주차장에서 통로 주행중 주차구역에서 출차하는 차량과 접촉'),
    # pedestrians (보10/보5: 0; 보13: 0; 보23: 20)
    ('n39', ['보10', '보5'], ME, 0, '횡단보도 초록불에 건너는데 신호무시한 차가 날 침ㅠㅠ'),
    ('n40', ['보13'], ME, 0, '신호등없는 횡단보도 건너는데 차가 안멈추고 그냥 와서 치엿어요'),
    ('n41', ['보13'], ME, 0, '건널목에서 길 건너다 차에 치였어요. 신호등은 없는 건널목이에요'),
    ('n42', ['보23'], '할머니', 20, '횡단보도 없는데서 무단횡단하던 할머니를 쳤심더'),
    ('n43', ['보23'], '사람', 20, '무단횡단 하던 사람을 못보고 쳤어요.. 횡단보도는 없었고요..'),
    ('n44', ['보10', '보5'], ME, 0, '파란불에 건너는데 차가 와가 내를 칬다 아이가'),
    # two-wheelers, PM, bicycles
    ('n45', ['차1-1', '301'], ME + '|오토바이', 0, '오토바이타고 파란불에 직진중인데 빨간불에 들어온 차가 날 박음'),
    ('n46', ['PM-01'], ME + '|킥보드', 0, '킥보드 타고 초록불에 직진하는데 빨간불에 들어온 차가 박음ㅠㅠ'),
    ('n47', ['거10-1'], ME + '|자전거', 30, '자전거 타고 가는데 앞에 가던 차가 우회전 하면서 저를 쳤어요'),
    # long rambles, numbered lists, terse notes
    ('n48', ['차43-2'], ME, 30,
     '어제 퇴근길에 있었던 일인데요 진짜 황당해서 글 올려요ㅠㅠ 보험사에 전화했더니 한참 기다리라고 하고, '
     '경찰도 왔었구요. 목이랑 허리가 아파서 한방병원 다니는 중이에요. 상황은 2차로로 직진중이었는데 1차로에 있던 '
     '흰색 SUV가 깜빡이도 안 켜고 갑자기 제 앞으로 끼어들어서 제 앞 범퍼랑 그 차 뒷문이 부딪혔어요. 상대 보험사는 '
     '5:5 얘기하는데 말이 되나요??'),
    ('n49', ['차1-1'], ME, 0, '1. 일시: 어제 오후 3시\n2. 장소: 사거리\n3. 상황: 제차 녹색신호 직진, 상대차 적색신호 직진\n'
                            '4. 피해: 운전석 문 파손, 경추 염좌'),
    ('n50', ['차41-1'], OTHER, 100,
     '안녕하세요 처음 글 써봐요. 애들 학원 데려다주고 오는 길이었는데 비도 오고 차도 막히고 해서 천천히 가다가 '
     '앞에 신호가 빨간불로 바뀌어서 섰어요. 근데 갑자기 쿵 하더니 뒤에 있던 차가 제 차 뒤를 박은 거예요. 애들은 '
     '다행히 안 다쳤고 저는 목이 좀 뻐근해요. 상대방은 자기가 폰 보다가 그랬다고 인정했어요. 렌트는 어떻게 하나요?'),
    ('n51', ['차43-2'], ME, 30, '직진중\n옆차 깜빡이x 끼어듦\n쾅'),
    ('n52', ['차1-1'], ME, 0, '나 녹색, 상대 적색. 교차로 직진끼리 충돌'),
    ('n53', ['차15-1'], ME, 30, '신호등 없는 사거리. 나: 직진 / 상대: 맞은편에서 좌회전 -> 충돌'),
    ('n54', ['보23'], '보행자', 20, '야간, 편도1차선, 횡단보도X, 무단횡단 보행자 충격'),
    ('n55', ['차52-1'], ME, 20, '정차된차량 운전석문 개문 → 직진하던 당차 충돌'),
    # more of the same families, written after the first measurement (their before is on main too)
    ('n56', ['차41-1'], OTHER, 100, 'ㅠㅠ 신호 대기 중에 뒤차가 박았는디요 제 잘못은 없지예?'),
    ('n57', ['보10', '보5'], ME, 0, '파란불에 횡단보도 건너는디 차가 와가 내를 박았심더'),
    ('n58', ['차1-1'], '^B|당사자2', 0, 'A: 적색 직진 / B: 녹색 직진 교차로 충돌'),
    ('n59', ['차16-1'], ME, 40, '신호없는 교차로에서 직진중 오른쪽 도로에서 좌회전하던 K5가 박음'),
    ('n60', ['보23'], '할아버지', 20, '횡단보도X 신호등X 길건너던 할아버지 충격'),
    ('n61', ['차43-2'], OTHER, 30, '깜박이 켜고 차로 바꾸는데 뒤에서 달려오던 차가 박음ㅡㅡ'),
    ('n62', ['차41-1'], OTHER, 100, '신호 대기중이었는데 뒤에 있던 차가 제 차 뒤를 박았어요~ 목이 아파요ㅠ'),
]

ROWS = NOISY
ROW_IDS = {r[0] for r in ROWS}

#: measured on main a244ad2 before the fixes: (hit@1, hit@3, base right, rows with a base), and after them
MEASURED_BEFORE = (50, 61, 44, 65)
MEASURED_AFTER = (58, 65, 56, 65)
#: before, the rows wrong at top-1 (an abstention is None) that this branch fixed
FIXED_HERE = {
    "n16": "차43-5: 'BMW가' was no mention, so '뒤에서 오던' went to the writer",
    "n25": "abstained: '녹색이었구요~~ 좌측에서' ran on as one sentence",
    "n26": "abstained (contradictory): '튀어나온차랑' was no mention, so both lights went to the writer",
    "n30": "abstained: '돌고 있는디 … 박았당께' (the clean '있는데 … 박았어요' is read)",
    "n53": "차18-2: '나: 직진 / 상대: 좌회전' (the clean '나는 직진, 상대는' is read)",
    "n54": "보19: '횡단보도X' read as a crosswalk",
    "n58": "abstained: 'A: 적색 직진 / B: 녹색 직진'",
    "n60": "보8: '횡단보도X 신호등X' read as a signalled crosswalk",
}

#: right since wt-stop: n08 ("가만히 서 있었는데 … 트럭이 박았다") and n09 ("후미추돌 당함. 정차중이었음"), a
#: rear-ended stop with no edge, parking or accident told is a stop in the lane (차41-1, facts._front_car_in_flow)
#: still wrong at top-1, with why (documented, not hidden)
STILL_WRONG: dict[str, str] = {
    "n13": "차43-5: the glued '뒤차' is a mention now, but a car behind with no movement of its own next to a lane "
           "change still ranks 차43-5 above 차43-2, spaced too",
    "n29": "abstains: '직진차량' with no side named (맞은편) is not told apart from a car from the side; "
           "'비보호좌' itself is read",
    "n31": "차31-3: '유턴표시 있는데임' after the crash, as its own sentence, is not taken as the U-turn zone; "
           "'U턴' itself is read",
}
#: hit (top-1) but the base is wrong, with why
BASE_WRONG: dict[str, str] = {
    "n05": "'앞차 따라가다 … 추돌' with no first-person word: 앞차 is taken as the one who ran into the other "
           "(the clean '정체구간에서 앞차 따라가다 졸아서 추돌했습니다' too)",
}


@pytest.fixture(scope="module")
def answers() -> dict[str, Answer]:
    """rid → (top chart or None, top 3, A party, B party, A's base) of every row, assessed once."""
    return answer_rows(ROWS)


def test_distinct_rows():
    assert not set(FIXED_HERE) & set(STILL_WRONG) and MEASURED_AFTER[0] > MEASURED_BEFORE[0]
    assert len(ROWS) >= 55 and len(ROW_IDS) == len(ROWS) and len({r[4] for r in ROWS}) == len(ROWS)
    assert set(STILL_WRONG) <= ROW_IDS and set(BASE_WRONG) <= ROW_IDS


@pytest.mark.parametrize("row", row_params(ROWS, STILL_WRONG))
def test_top1(std, answers, row):
    assert top1_right(std, row, answers[row[0]]), (row[0], row[1], answers[row[0]])


@pytest.mark.parametrize("row", row_params([r for r in ROWS if r[3] is not None and r[0] not in STILL_WRONG],
                                      BASE_WRONG))
def test_base(answers, row):
    assert base_right(row, answers[row[0]]), (row[0], answers[row[0]])


# ---- the families fixed on this branch, at the level they were fixed -------------------------------------

@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("신효위반 차가 박앗어요", "신호위반 차가 박았어요"),
        ("파란불이엇는데 치엿어요 변경햇는데", "파란불이었는데 치였어요 변경했는데"),
        ("급브래이크 밟고 깜박이 켬", "급브레이크 밟고 깜빡이 켬"),
        ("돌고 있는디 맞은편에서 박았당께", "돌고 있는데 맞은편에서 박았어요"),
        ("추돌했심더 했십니더 있었는데예", "추돌했어요 했습니다 있었는데요"),
        ("트럭이 와가 박았다 아입니꺼", "트럭이 와서 박았다 아닙니까"),
        ("차가 내를 칬다 아이가", "차가 나를 쳤다 아닌가"),
        ("나: 직진 / 상대: 좌회전, A: 적색 / 상대방: 녹색", "나는 직진 / 상대는 좌회전, A는 적색 / 상대방은 녹색"),
    ],
)
def test_typed_variants_fold_to_the_standard_spelling_of_the_same_length(typed, folded):
    from katalog.lexicon.typed import fold_typing
    assert fold_typing(typed) == folded and len(folded) == len(typed)


@pytest.mark.parametrize(
    "clean",
    [
        "무엇을 빼앗는 사고인지 모르겠어요. 인디언 모양 스티커가 붙은 차가 떨어지는 물건을 피하다가 박았습니다.",
        "신호가 바뀌지는 않았고 3~4미터 앞에서 멈췄어요. 속도를 내는 차가 뒤에서 추돌했다.",
        "A차량은 녹색신호에 직진, B차량은 적색신호에 직진하다 충돌한 사고이다.",
        "아이가 횡단보도를 건너다가 차에 치였어요.",
    ],
)
def test_the_fold_leaves_clean_text_alone(clean):
    from katalog.lexicon.typed import fold_typing
    assert fold_typing(clean) == clean


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("제 쪽 신호 녹색이었구요~~ 좌측에서 택시가 박았어요", 2),
        ("신호대기중인데 뒤에서 박음ㅠㅠ 목이 아파요", 2),
        ("3~4미터 앞에서 멈췄어요", 1),
    ],
)
def test_a_chat_tilde_or_crying_letters_end_a_sentence(text, ends):
    from katalog.facts.text import sentences
    assert len(sentences(text)) == ends


def test_a_notes_x_is_none():
    from katalog.facts import extract_facts
    from katalog.matching.signatures import described_cues
    text = "횡단보도X 신호등X 길건너던 할아버지를 충격"
    f = extract_facts(text)
    assert f.place == "straight_road" and "횡단보도" not in described_cues(text, f)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("파란불이었는데 옆에서 빨간불에 튀어나온차랑 박았어요", None),
        ("신호대기하는데뒤차가박음", "뒤차"),
        ("깜빡이 켜고 들어가는데 뒤에서 오던 BMW가 박음", "BMW"),
    ],
)
def test_a_car_typed_without_a_space_or_by_its_brand_is_a_party(text, name):
    from katalog.facts import extract_facts
    f = extract_facts(text)
    assert len(f.parties) == 2 and not f.contradictions
    assert name is None or any(p.name == name for p in f.parties)


def test_the_car_said_to_be_behind_is_behind():
    a = assess("신호가 빨간불로 바뀌어서 섰어요. 근데 뒤에 있던 차가 제 차 뒤를 박은 거예요.")
    assert a.chart_id == "차41-1" and a.mapping is not None and a.mapping.A != "제 차"
