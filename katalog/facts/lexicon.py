"""Domain lexicon of the rule-based fact extractor: factor keys, cue patterns, road-user words.

Factor keys
-----------
(`kind="condition"` keys go to `PartyFacts.conditions` / `AccidentFacts.conditions`, never to
`factors`, so a matcher can use them without any risk of applying them as modifiers.)

A *factor* is a piece of modifier evidence (수정요소 근거) or a scene condition found in the text.
Its key is written like the standard's modifier name with spaces and dots removed, so
`katalog.standard.schema.normalize_name(<chart modifier name>) == key` wherever the chart uses the
same name ("서행불이행", "현저한과실", "야간기타시야장애" …). `FactorDef.chart_names` lists the other
printed spellings of the same modifier in the book; `umbrella` names the generic modifier a
specific cue falls under (음주 → 중대한과실, 휴대폰 → 현저한과실) — the extractor adds the umbrella key
to the party's factors too, with the same span.

`kind`:
- "modifier": maps onto chart modifiers (the calculator may apply it);
- "condition": describes the situation, for chart matching only (일방통행, 비보호좌회전 …).

`target`:
- "party": attributed to the road user whose clause holds the cue;
- "weak_party": the pedestrian / rider if there is one, else the clause owner (어린이·노인 …);
- "scene": the whole accident (야간, 보호구역 …).

Patterns are regular expressions over the original text, loosened by `katalog.facts.text.loosen`
(an optional space between Hangul syllables; a literal space matches any spacing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Target = Literal["party", "weak_party", "scene"]
Kind = Literal["modifier", "condition"]


@dataclass(frozen=True)
class FactorDef:
    key: str
    label: str  # Korean display name
    patterns: tuple[str, ...]
    target: Target = "party"
    kind: Kind = "modifier"
    negatable: bool = True  # False when the cue itself is worded negatively ("안 켜고")
    umbrella: str | None = None
    chart_names: tuple[str, ...] = field(default_factory=tuple)


# Connective endings after a speed number: "시속 30km 초과", "20킬로 넘게" …
_KM = r"(?:km|㎞|키로|킬로(?:미터)?|킬로미터)"


def _lane_jump() -> str:
    """"N차로에서 … M차로로 (진로)변경" with |N-M| >= 2 (regex cannot subtract: one class per N).

    Only verb connectives may stand between the two lanes ("선행하다가", "주행하던 중"), so another
    party's lane ("1차로에서 직진하던 A와 3차로로 …") or a turn ("좌회전하여 3차로로") does not count;
    "편도 3차로에서" is the road's width, not a lane.
    """
    # Word lengths are bounded: an unbounded `[가-힣]*` inside `{0,3}` backtracks cubically on a long
    # unbroken Hangul run ("1차로에서하던하던…" took seconds), which hostile input could exploit.
    gap = r"(?:(?![가-힣]{0,10}\s?(?:회전|유턴|턴))[가-힣]{0,10}\s?(?:다가|하며|면서|하여|해서|하던|하는|하다|하고|중)\s?){0,3}"
    alts = []
    for n in range(1, 10):
        far = "".join(str(m) for m in range(1, 10) if abs(m - n) >= 2)
        alts.append(rf"{n}\s?(?:차로|차선)(?:에서|로부터)\s?{gap}[{far}]\s?(?:차로|차선)(?:로|으로|까지)")
    return (r"(?<![\d도복])(?<!편도\s)(?<!왕복\s)(?:" + "|".join(alts) + r")"
            r"[^,.]{0,12}?(?:변경|바꾸|바꿔|바꾼|이동|끼어|넘어|진입|옮)")


_LANE_JUMP = _lane_jump()
#: A car door opened into traffic (개문). One pattern for the 문열림 condition, the door_opening
#: movement and the chart cue (`signatures.SPECIAL_CUES`), so the three cannot drift apart;
#: not a window (창문).
DOOR_OPENING = r"(?<!창)(?:개문|문(?:을|이)?\s?(?:갑자기\s?)?(?:열|여는|개방))"
_LANE_JUMP_WORDS = (
    # "편도 3차로를 가로질러 무단횡단": the road's width crossed on foot, not several lanes jumped
    r"(?<!편도)(?<!편도\s)(?<!왕복)(?<!왕복\s)(?<!\d)"
    r"(?:두|세|2|3|여러)\s?개?\s?(?:의\s?)?(?:차로|차선)(?:를|을)?\s?(?:한\s?번에|한꺼번에|연속(?:으로|하여|해서)?|동시에)",
    r"연속(?:으로|하여|해서|적으로)?\s?(?:진로|차로|차선)(?:를|을)?\s?(?:변경|바꾸|바꿔)",
)

FACTORS: tuple[FactorDef, ...] = (
    # ---- 중대한 과실 family ----------------------------------------------------------------
    FactorDef(
        "과속20",
        "제한속도 20km/h 초과",
        (
            rf"(?:시속|제한\s?속도(?:를|보다)?)\s?(?:[2-9]\d|1\d\d)\s?{_KM}(?:/h|/시)?\s?(?:이상\s?)?(?:초과|넘|이상|과속|더)",
            rf"(?:[2-9]\d|1\d\d)\s?{_KM}(?:/h)?\s?(?:이상\s?)?(?:초과|넘게|넘어|넘는|과속)",
        ),
        umbrella="중대한과실",
        chart_names=("과속",),
    ),
    FactorDef("음주", "음주운전", (r"음주(?:운전|\s?상태|\s?측정|한\s?상태|를\s?한)?", r"술을?\s?(?:마시|마신|먹)", r"혈중\s?알코올", r"만취"),
              umbrella="중대한과실"),
    FactorDef("무면허", "무면허 운전", (r"무면허", r"면허(?:가|도)?\s?없(?:는|이|었)", r"면허\s?(?:정지|취소)\s?상태"),
              umbrella="중대한과실"),
    FactorDef("약물", "약물·마약 운전", (r"마약", r"약물\s?(?:운전|복용)", r"대마"), umbrella="중대한과실"),
    FactorDef("난폭운전", "난폭·보복운전", (r"난폭\s?운전", r"보복\s?운전", r"칼치기", r"공동\s?위험"),
              umbrella="중대한과실"),
    FactorDef("중대한과실", "중대한 과실", (r"중대한\s?과실", r"중과실"),
              chart_names=("중대한 과실", "중과실", "차의 중대한 과실", "이륜차의 중대한 과실")),
    # ---- 현저한 과실 family ----------------------------------------------------------------
    FactorDef("과속", "과속(제한속도 초과)", (r"과속", r"속도\s?위반", r"제한\s?속도(?:를|보다)?\s?(?:초과|넘|위반)",
                                        r"과도한\s?속도"),
              umbrella="현저한과실", chart_names=("과속",)),
    FactorDef("휴대폰", "운전 중 휴대전화·DMB",
              (r"휴대\s?(?:폰|전화)", r"핸드폰", r"스마트폰", r"DMB", r"영상\s?(?:표시|시청)", r"문자를?\s?(?:보|하|보내)",
               r"통화(?:를|하|중)", r"내비(?:게이션)?\s?조작"),
              umbrella="현저한과실"),
    FactorDef("졸음운전", "졸음운전", (r"졸음", r"졸(?:았|다가|면서)", r"깜빡\s?졸"), umbrella="현저한과실"),
    FactorDef("전방주시태만", "전방주시 태만·한눈팔기",
              (r"전방\s?주시\s?(?:의무\s?)?(?:태만|소홀|위반|부주의|게을리)", r"한눈(?:을\s?)?팔", r"딴\s?(?:짓|생각)",
               r"전방을\s?(?:잘\s?)?(?:안|못)\s?(?:보|봤)", r"운전\s?부주의", r"주의\s?(?:의무\s?)?태만",
               r"(?:앞을|전방을)\s?제대로\s?(?:안|못|보지)"),
              negatable=True, umbrella="현저한과실"),
    FactorDef("현저한과실", "현저한 과실", (r"현저한\s?과실",),
              chart_names=("현저한 과실", "차의 현저한 과실", "이륜차의 현저한 과실")),
    # ---- manoeuvre modifiers ----------------------------------------------------------------
    FactorDef("방향지시등미사용", "방향지시등 미사용·지연",
              (r"(?:방향\s?지시(?:등|기)|깜빡이|깜박이|깜빡이등|윙커|신호등화)(?:을|를|도|는)?\s?(?:안\s?(?:켜|켰|키|킨|넣)|켜지\s?않|"
               r"(?:미\s?)?(?:점등|작동|사용)\s?(?:하지\s?)?(?:않|안)|미\s?(?:점등|작동|사용|조작)|없이|안\s?하|늦게)",
               r"(?:진로\s?변경|차로\s?변경|주차)?\s?신호\s?(?:불이행|지연)", r"깜빡이\s?없이", r"방향\s?지시\s?없이"),
              negatable=False, chart_names=("진로변경 신호불이행·지연", "신호불이행·지연", "신호불이행", "진로변경신호 불이행",
                                            "진로변경 신호불이행", "방향지시등", "진로변경신호 지연", "신호 불이행")),
    FactorDef("서행불이행", "서행 불이행",
              (r"서행(?:을|하지|도)?\s?(?:안\s?하|하지\s?않|불이행|의무\s?위반|없이)", r"속도를\s?(?:줄이지|안\s?줄|줄이지도)",
               r"감속(?:을|하지)?\s?(?:안\s?하|하지\s?않|없이|불이행)"),
              negatable=False, chart_names=("서행 불이행", "좌회전차 서행불이행", "서행불이행(급하게 출차)")),
    FactorDef("서행이행", "서행(감속)함", (r"서행(?:으로|하여|하며|하면서|하던|하는|하다|해서|했|한|\s?중)", r"천천히\s?(?:진행|진입|주행|가|운전|들어)",
                                   r"속도를\s?줄(?:여|이고|였)", r"감속(?:하여|하고|해서|한)"),
              chart_names=("서행", "서행(일시정지 포함)")),
    FactorDef("일시정지위반", "일시정지 위반",
              (r"일시\s?정지(?:\s?(?:표지|표시|선|의무))?(?:를|을)?\s?(?:위반|무시|안\s?하|하지\s?않|불이행|없이|생략)",
               r"(?:멈추지|서지)\s?않고", r"일시\s?정지(?:를|도)?\s?안\s?한", r"(?:안\s?멈추|멈춤\s?없이)", r"우선\s?멈춤(?:\s?표지)?(?:를|을)?\s?(?:위반|무시)"),
              negatable=False, chart_names=("일시정지 위반", "일시정지 불이행", "일시정지위반")),
    FactorDef("일시정지후출발", "일시정지 후 출발",
              (r"일시\s?정지(?:를)?\s?(?:한\s?후|후|했다가|하고|하였다가|한\s?뒤)\s?(?:출발|진행|진입|직진|좌회전|우회전)",
               r"(?:멈췄다가|섰다가|정지했다가|정지한\s?후)\s?(?:출발|진행|진입|직진)"),
              chart_names=("일시정지후 출발", "일시정지후출발", "일시정지", "서행(일시정지 포함)")),
    FactorDef("좌회전금지위반", "좌회전 금지 위반",
              (r"좌회전\s?금지(?:\s?(?:구역|장소|표지|구간))?(?:를|을|인데|에서|임에도|인\s?곳에서)?\s?(?:위반|무시|좌회전)?",),
              chart_names=("좌회전금지 위반", "좌회전 금지위반", "좌회전 금지 위반")),
    FactorDef("중앙선침범", "중앙선 침범",
              (r"중앙선(?:을|를)?\s?(?:침범|넘|넘어|넘어서|넘어와|물고|밟)", r"역주행", r"역방향"),
              chart_names=("이중 실선 중앙선 침범", "가상의 중앙선 침범")),
    FactorDef("이유없는급정지", "이유 없는 급정지",
              (r"급\s?(?:정거|정지|제동|브레이크)", r"갑자기\s?(?:멈|섰|정지|브레이크|서\s?버)", r"브레이크를\s?(?:세게|급하게|갑자기)"),
              chart_names=("이유 없는 급정지",)),
    FactorDef("급진로변경", "급 진로변경·무리한 끼어들기",
              (r"급\s?(?:진로|차로|차선)\s?변경", r"갑자기\s?(?:차선|차로|진로)을?\s?(?:바꾸|바꿔|변경)", r"(?:갑자기|무리하게|급하게)\s?끼어(?:들|든)",
               r"칼치기"),
              chart_names=("급 진로변경", "급진로변경", "급차로변경", "무리한 끼어들기/진로방해", "급 진로변경 신호불이행")),
    # Leaving a queued lane ("정체차로인 2차로에서 3차로로 진로변경"): the 차43 series' 정체차로 변경.
    FactorDef("정체차로변경", "정체 차로에서 진로변경",
              (r"정체\s?(?:중인\s?|된\s?)?차로(?:인\s?\S+)?(?:에서|로부터)\s?(?:\S+\s?){0,2}?(?:진로|차로|차선)\s?(?:를\s?|을\s?)?변경",),
              chart_names=("정체차로 변경", "정체차로변경")),
    # Crossing two or more lanes in one manoeuvre ("3차로에서 … 1차로로 진로변경"): the book's
    # 연속진로변경 (차43-5); elsewhere it falls back to 현저한 과실 (modifier_selection.UMBRELLA).
    FactorDef("연속진로변경", "연속(다차로) 진로변경", (_LANE_JUMP, *_LANE_JUMP_WORDS),
              chart_names=("연속진로변경", "연속 진로변경")),
    # Passing a 천천히/서행 sign without slowing: the chart's 서행 불이행, else 현저한 과실.
    FactorDef("서행표지위반", "서행(천천히) 표지 위반",
              (r"(?:천천히|서행)\s?(?:표지|표시|안전\s?표지)(?:판)?(?:를|을)?\s?(?:위반|무시|지키지\s?않)",),
              chart_names=("서행 불이행", "서행불이행")),
    # Turning or driving through a gap in a stalled queue hides the mover from oncoming traffic
    # (committee: 정체 차량들 사이로 비보호 좌회전 → +10); charts built on that scene (376, 차61-1)
    # price it in — modifier_selection skips it there.
    FactorDef("정체차량사이진행", "정체 차량 사이로 진행·회전",
              (r"정체(?:된|\s?중인|되어\s?있던|하고\s?있던|하고\s?있는)?\s?(?:차량|차|자동차)(?:들)?\s?(?:의\s?)?(?:사이|틈)(?:로|를|으로)",)),
    FactorDef("진로변경금지장소", "진로변경 금지장소(실선)",
              (r"실선\s?(?:구간|구역|차선|에서|을|를|인)", r"진로\s?변경\s?금지\s?(?:구간|구역|장소)", r"차선\s?변경\s?금지",
               r"백색\s?실선"),
              chart_names=("진로변경 금지장소", "진로변경금지장소", "진로변경 금지구간", "금지장소")),
    FactorDef("급좌회전", "급좌회전", (r"급\s?좌회전", r"(?:급하게|갑자기|빠른\s?속도로|빠르게)\s?(?:소\s?)?좌회전"),
              chart_names=("급 좌회전", "좌회전 서행 불이행·급좌회전", "좌회전 서행 불이행, 급좌회전", "교차로 내 급좌회전")),
    FactorDef("급우회전", "급우회전", (r"급\s?우회전", r"(?:급하게|갑자기|빠르게)\s?우회전"), chart_names=("급 좌·우회전",)),
    FactorDef("소좌회전대좌회전", "소좌회전·대좌회전", (r"소\s?좌회전", r"대\s?좌회전", r"좁게\s?좌회전", r"크게\s?좌회전"),
              chart_names=("소좌회전", "대좌회전", "소회전·대회전")),
    FactorDef("대우회전", "대우회전", (r"대\s?우회전", r"크게\s?우회전", r"넓게\s?우회전"), chart_names=("소우회전",)),
    FactorDef("노면표시위반", "노면표시 위반",
              (r"노면\s?(?:표시|지시)(?:를|을)?\s?위반", r"좌회전\s?(?:전용\s?)?차로(?:인\s?\S+)?에서\s?(?:(?:그냥|그대로|계속)\s?)?(?:직진|우회전)",
               r"우회전\s?(?:전용\s?)?차로(?:인\s?\S+)?에서\s?(?:(?:그냥|그대로|계속)\s?)?(?:직진|좌회전)",
               r"(?<![/·])직진\s?(?:전용\s?)?차로(?:인\s?\S+|에\s?있다가)?(?:에서)?\s?(?:그냥\s?)?(?:좌회전|우회전)"),
              chart_names=("노면표시 위반",)),
    FactorDef("신호위반", "신호위반", (r"신호\s?(?:를\s?)?(?:위반|무시)", r"신호를\s?안\s?지", r"(?:빨간불|적색\s?신호|빨간\s?신호)(?:을|를)?\s?무시"),
              chart_names=("신호위반",)),
    FactorDef("교차로정체중진입", "교차로 정체 중 진입(꼬리물기)", (r"꼬리\s?물기", r"정체\s?중(?:인)?\s?교차로에\s?진입"),
              chart_names=("교차로 정체중 진입",)),
    FactorDef("안전거리미확보", "안전거리 미확보",
              (r"안전\s?거리(?:를)?\s?(?:미확보|확보하지|안\s?지키|지키지\s?않|유지하지)", r"바짝\s?(?:붙|따라)", r"너무\s?가깝게"),
              negatable=False, chart_names=("안전거리 미확보",)),
    FactorDef("전용차로위반", "전용차로 위반", (r"(?:버스|다인승)?\s?전용\s?차로(?:를|을|로|에서)?\s?(?:위반|주행|진입|달리|통행)",),
              chart_names=("버스·다인승전용차로",)),
    FactorDef("일방통행위반", "일방통행 위반", (r"일방\s?통행(?:로|도로)?(?:를|을|에)?\s?(?:역주행|위반|거꾸로|반대)",),
              chart_names=("역통행", "역주행(화살표 반대주행)")),
    FactorDef("좌측통행", "좌측통행", (r"좌측\s?통행", r"(?:도로\s?)?왼쪽\s?(?:으로|가장자리로)\s?통행"), chart_names=("오른쪽 통행 불이행",)),
    FactorDef("제동등고장", "제동등 고장", (r"(?:제동|브레이크|후미)\s?등(?:이|화)?\s?(?:의\s?)?(?:고장|안\s?들어|꺼져)",),
              negatable=False, chart_names=("제동 등 고장", "제동등화의 고장")),
    FactorDef("비상등점등", "비상점멸표시등 점등", (r"비상\s?(?:등|점멸\s?표시등|깜빡이)(?:을|를)?\s?(?:켜|켠|켰|점등)", r"삼각대(?:를)?\s?(?:설치|세워)"),
              chart_names=("비상점멸표시등 점등", "비상등화 등", "안전표지판 등 설치")),
    FactorDef("주정차금지장소", "주·정차 금지장소", (r"(?:주\s?정차|주차|정차)\s?금지\s?(?:구역|장소|구간)", r"불법\s?(?:주차|정차|주정차)",
                                             r"이중\s?주차"),
              chart_names=("주정차 금지장소", "주·정차 금지장소", "금지장소")),
    FactorDef("인명보호장구미착용", "인명보호 장구 미착용",
              (r"(?:헬멧|안전모|보호\s?장구)(?:을|를|도)?\s?(?:안\s?(?:쓰|썼|착용)|미\s?착용|착용하지\s?않|없이|쓰지\s?않)",),
              negatable=False, chart_names=("인명보호 장구", "인명보호 장구 미착용")),
    FactorDef("경음기", "경음기를 울림", (r"경적(?:을|를)?\s?(?:울|눌|빵)", r"경음기(?:를)?\s?울", r"클락션"), chart_names=("경음기를 울린 경우",)),
    FactorDef("선진입", "(명확한) 선진입", (r"선\s?진입", r"먼저\s?(?:교차로에\s?|회전교차로에\s?)?(?:진입|들어)"),
              chart_names=("명확한 선진입", "명확한 선진입(기좌회전)")),
    FactorDef("대형차", "대형차", (r"대형\s?(?:차|차량|트럭|버스|화물)", r"덤프", r"레미콘", r"트레일러", r"(?:\d+)\s?톤\s?(?:트럭|화물)"),),
    FactorDef("전방장해물", "전방에 장해물이 있는 경우", (r"장[해애]물(?:이|을|로)?\s?(?:있|피하|때문)", r"(?:앞|전방)에\s?장[해애]물"),
              chart_names=("전방에 장해물이 있는 경우",)),
    FactorDef("적재물낙하", "적재물 낙하", (r"(?:짐|적재물|화물|돌|물건)(?:이|들이)?\s?(?:떨어|낙하)", r"적재함에서\s?낙하", r"낙하물"),
              kind="condition"),
    # ---- pedestrian / rider (weak party) ---------------------------------------------------
    FactorDef("어린이노인장애인", "어린이·노인·장애인",
              (r"어린이(?!\s?(?:보호|통학))", r"(?<![가-힣])아이(?:가|를|는|와)", r"초등\s?학생", r"유아", r"(?<![가-힣])노인(?!\s?보호)",
               r"할머니", r"할아버지", r"어르신", r"장애인(?!\s?보호)", r"휠체어", r"(?:6[5-9]|[7-9]\d)\s?세"),
              target="weak_party", chart_names=("어린이·노인·장애인",)),
    FactorDef("집단횡단", "집단횡단", (r"(?:여러\s?명|여럿|단체로|무리\s?지어|집단)(?:이|으로|으로서)?\s?(?:함께\s?)?(?:횡단|건너)", r"집단\s?(?:횡단|보행)"),
              target="weak_party", chart_names=("집단보행",)),
    FactorDef("정지후퇴ㄹ자보행", "정지·후퇴·ㄹ자 보행", (r"ㄹ자", r"(?:뒤로|다시)\s?(?:돌아|물러)", r"멈췄다\s?(?:가|다시)", r"갈팡질팡"),
              target="weak_party", chart_names=("ㄹ자 보행",)),
    FactorDef("보행자급진입", "보행자 급진입", (r"갑자기\s?(?:뛰어|튀어|달려)\s?(?:들|나)", r"뛰어\s?들", r"무단\s?(?:으로\s?)?뛰"),
              target="weak_party"),
    FactorDef("무단횡단", "무단횡단", (r"무단\s?횡단", r"횡단보도가\s?없는\s?(?:곳|길|도로)"), target="weak_party", chart_names=("무단횡단",)),
    FactorDef("대각선횡단", "대각선 횡단", (r"대각선(?:으로)?\s?(?:횡단|건너)",), target="weak_party", chart_names=("대각선 횡단",)),
    # ---- scene ----------------------------------------------------------------------------
    FactorDef("야간기타시야장애", "야간·기타 시야장애",
              (r"야간", r"(?<![가-힣])밤(?:에|중|늦|이|시간|길)?", r"새벽", r"한밤", r"어두(?:운|워|웠)", r"깜깜", r"캄캄", r"해가\s?진",
               r"안개", r"시야(?:가|를)?\s?(?:가려|가리|장애|불량|확보|나쁘|안\s?좋|제한)", r"가로등(?:이|도)?\s?없", r"역광"),
              target="scene",
              chart_names=("야간·기타 시야장애", "야간·기타 시야 장애", "야간 기타 시야장애", "야간 등 기타 시야장애", "야간", "시야불량",
                           "시야확보 곤란", "야간, 악천후 등", "야간·악천후 등 시야확보 곤란")),
    FactorDef("악천후", "우천·강설 등 악천후",
              (r"(?<![가-힣])비가\s?(?:많이|오|내리|와)", r"폭우", r"우천", r"눈이\s?(?:많이|오|내리|와)", r"폭설", r"악천후"),
              target="scene", chart_names=("야간, 악천후 등", "야간·악천후 등 시야확보 곤란")),
    # A slippery surface (빗길, 빙판) is no visibility limit: the chart's 시야확보 곤란 must not fire on it.
    FactorDef("노면미끄러움", "빗길·눈길·빙판 노면", (r"빗길", r"눈\s?길", r"빙판", r"결빙", r"눈이\s?쌓"),
              target="scene", kind="condition"),
    FactorDef("어린이노인장애인보호구역", "어린이·노인·장애인 보호구역",
              (r"(?:어린이|노인|장애인)\s?보호\s?구역", r"스쿨\s?존", r"실버\s?존"),
              target="scene", chart_names=("어린이·노인·장애인보호구역", "어린이·노인·장애인 보호구역", "노인·장애인보호구역")),
    FactorDef("주택상점가학교", "주택·상점가·학교",
              (r"주택가", r"상점가", r"상가\s?(?:밀집|앞|지역)", r"시장\s?(?:앞|골목|근처)", r"학교\s?(?:앞|근처|주변)", r"재래\s?시장",
               r"아파트\s?단지", r"주거\s?지역"),
              target="scene", chart_names=("주택·상점가·학교", "주택가·상점가 등")),
    # The book adds 10 to the vehicle turning at a three-way junction (차8·9·13·16 series: 「삼거리(T자)
    # 회전/좌회전/교차로」); the chart attaches it to its turning role, so the cue is a scene fact.
    FactorDef("삼거리t자", "삼거리(T자) 교차로",
              (r"삼거리", r"(?<![A-Za-z])[TＴ]\s?자(?:형)?(?:\s?(?:교차로|길|도로|삼거리))?", r"(?<![가-힣])[ㅓㅏㅜㅗ]\s?자\s?(?:교차로|길|도로)"),
              target="scene", chart_names=("삼거리(T자) 회전", "삼거리(T자) 좌회전", "삼거리(T자) 교차로")),
    FactorDef("간선도로", "간선도로", (r"간선\s?도로", r"왕복\s?(?:[6-9]|1\d)\s?차로"), target="scene"),
    FactorDef("보차도구분없음", "보·차도 구분 없음",
              (r"(?:보도|인도)(?:와|가|도)?\s?(?:차도(?:의|가)?\s?)?(?:구분(?:이|도)?\s?)?없는", r"보\s?차도\s?(?:의\s?)?구분(?:이)?\s?없",
               r"차도와\s?(?:보도|인도)(?:의)?\s?구분(?:이)?\s?없"),
              target="scene", chart_names=("보·차도 구분 없음", "보·차도 구분없음(중앙선이 없음)",
                                           "보·차도 구분 없음(중앙선이 있음)", "보·차도 구분 없음(중앙선이 없음)")),
    FactorDef("횡단보도부근", "횡단보도 부근", (r"횡단보도\s?(?:근처|부근|옆|앞|인근|주변|10\s?m)",), target="scene", kind="condition"),
    FactorDef("육교지하도부근", "육교·지하도 부근", (r"육교", r"지하도"), target="scene", kind="condition"),
    FactorDef("횡단금지규제있음", "횡단금지 규제 있음", (r"횡단\s?금지", r"무단\s?횡단\s?(?:금지|방지)", r"중앙\s?(?:분리대|펜스|울타리)"),
              target="scene", chart_names=("횡단금지규제 있음", "횡단금지 규제 있음", "횡단금지 표지 있음")),
    FactorDef("인근자전거도로", "인근에 자전거도로가 있음", (r"자전거\s?(?:전용\s?)?도로",), target="scene",
              chart_names=("인근에 자전거도로가", "인근에 자전거도로가 있는 경우", "인근에 자전거 도로가 있는 경우")),
    # A yield marking at a merge faces the merging lane only (the main line never yields), so it
    # reaches just the merger's 부적절한 합류 방법 (501/502); no other chart has a modifier of that name.
    FactorDef("양보표지", "양보 표지·표시 있음",
              (r"양보\s?(?:표지|표시|선)(?:판)?(?:가|이)?\s?(?:있|설치|그려)",), target="scene",
              chart_names=("부적절한 합류 방법",)),
    # ---- conditions for chart matching ----------------------------------------------------
    FactorDef("비보호좌회전", "비보호 좌회전", (r"비보호",), kind="condition"),
    # Entered on green/yellow and still inside when the light turned: the 차1-2 "적색 충돌" /
    # 차3-5 "진입 후 적색에 충돌" role, owned by the party whose clause says it (no red-light runner)
    FactorDef("진입후신호변경", "진입 후 신호 바뀜",
              (r"진입(?:하여|한\s?후|한\s?뒤|해서|하고|하였으나|했으나|하던|한)[^,.]{0,25}?(?:적색|황색|빨간|노란)\s?(?:신호|불|등)?"
               r"(?:로|으로)\s?(?:변경|바뀌|바뀐|바꼈|변하|변한|전환)",
               r"신호가\s?바뀔\s?때까지", r"진입\s?후\s?(?:적색|황색)\s?(?:신호)?에\s?충돌"),
              kind="condition"),
    # owned by the party whose clause names it ("오른쪽 정체도로에서 직진하는 B"), and kept as a scene
    # condition too (katalog.facts.extract): 차61-1's A is the one coming through the queue
    FactorDef("정체", "정체 차로·도로", (r"정체", r"차가\s?막혀", r"밀려\s?있", r"꽉\s?막"), kind="condition"),
    FactorDef("일시정지표지", "일시정지·양보 표지", (r"일시\s?정지\s?(?:표지|표시)", r"양보\s?(?:표지|표시)", r"우선\s?멈춤", r"STOP"),
              kind="condition"),
    FactorDef("일방통행", "일방통행로", (r"일방\s?통행",), target="scene", kind="condition"),
    FactorDef("안전지대", "안전지대", (r"안전\s?지대", r"빗금\s?(?:친|구역|표시)", r"도류대"), kind="condition"),
    FactorDef("갓길", "갓길·가장자리", (r"갓길", r"길\s?가장자리", r"(?:도로|차로)의?\s?가장자리"), target="scene", kind="condition"),
    FactorDef("추월금지", "추월(앞지르기) 금지 구간", (r"(?:추월|앞지르기)\s?금지", r"황색\s?실선", r"노란\s?실선"), target="scene",
              kind="condition", chart_names=("추월금지 장소에서", "추월금지 장소 추월", "앞지르기 위험 장소")),
    FactorDef("자전거횡단도", "자전거횡단도", (r"자전거\s?횡단도",), target="scene", kind="condition"),
    FactorDef("인도", "보도(인도)", (r"(?<![가-힣])(?:인도|보도)(?:로|에서|에|를|위|가|의)",), target="scene", kind="condition"),
    FactorDef("보행자우선도로", "보행자 (우선·전용)도로", (r"보행자\s?(?:우선|전용)\s?도로",), target="scene", kind="condition"),
    FactorDef("긴급자동차", "긴급자동차", (r"구급차", r"소방차", r"경찰차", r"긴급\s?(?:자동차|차량)", r"순찰차"), kind="condition"),
    FactorDef("동시진입", "동시 진입", (r"동시에\s?(?:교차로에?\s?)?(?:진입|들어)", r"같이\s?들어"), target="scene", kind="condition"),
    # simultaneous / abrupt manoeuvres and the 안전지대 before/after split: variant conditions
    # ("유턴(후행)(동시 유턴)" vs "(급 유턴)", "안전지대 벗어나기 전" vs "벗어난 후")
    FactorDef("동시진행", "동시 진행", (r"동시에?\s?(?:유턴|U턴|좌회전|우회전|진로\s?변경|차로\s?변경|회전|출발)",),
              target="scene", kind="condition"),
    FactorDef("급진행", "급 진로 변경·회전", (r"급\s?(?:유턴|U턴|좌회전|우회전|차로\s?변경|진로\s?변경)",
                                          r"급하게\s?(?:유턴|U턴|좌회전|우회전|차로|진로)"),
              target="scene", kind="condition"),
    FactorDef("안전지대통과후", "안전지대를 벗어난 후",
              (r"안전\s?지대를?\s?(?:완전히\s?)?(?:통과|벗어|지나)(?:한|난|간)\s?(?:후|뒤|다음|이후)",),
              target="scene", kind="condition"),
    FactorDef("안전지대통과전", "안전지대를 벗어나기 전",
              (r"안전\s?지대를?\s?(?:완전히\s?)?(?:벗어나|통과하|지나)기\s?(?:전|이전)",
               r"안전\s?지대\s?(?:위|안|내)(?:를|에서|로)"),
              target="scene", kind="condition"),
    FactorDef("문열림", "문 열림(개문)", (DOOR_OPENING,), kind="condition"),
)

FACTOR_BY_KEY: dict[str, FactorDef] = {f.key: f for f in FACTORS}


def factor_keys(kind: Kind | None = None) -> list[str]:
    """All factor keys (optionally only modifiers or only conditions), in lexicon order."""
    return [f.key for f in FACTORS if kind is None or f.kind == kind]


def chart_names_for(key: str) -> tuple[str, ...]:
    """Printed chart modifier names a factor key stands for (the key itself first)."""
    f = FACTOR_BY_KEY.get(key)
    if f is None:
        return (key,)
    return (f.label, *f.chart_names)


# ---------------------------------------------------------------------------------------------
# Movements, signals, roads — (value, pattern) lists; first matching value per clause wins by
# `MOVEMENT_RANK` (a clause saying "직진하다가 진로를 변경" is a lane change).
# ---------------------------------------------------------------------------------------------
_NOT_LANE = r"(?!\s?(?:차로|차선|전용|겸용|공용|신호|화살표|표시|노면|금지|구역|가능|이\s?가능|/|·|및|과\s?직진|와\s?직진|,))"

MOVEMENT_CUES: tuple[tuple[str, str], ...] = (
    ("door_opening", DOOR_OPENING),
    ("reversing", r"(?<![이직])(?<!이\s)후진(?!\s?(?:입|로))|뒤로\s?(?:빼|가|움직)|빠꾸"),
    ("u_turn", r"유턴" + _NOT_LANE + r"|U\s?턴|불법\s?회전"),
    ("entering", r"(?:주차장|주유소|건물|상가|아파트|주차칸|주차\s?구역|주차\s?구획|주차\s?공간|골목\s?주차장|도로\s?(?:외|밖)|"
                 r"(?:차도|도로)가\s?아닌\s?(?:장소|곳))[”\"'’]?\s?(?:에서|으로부터)\s?(?:[가-힣]{1,15}\s?){0,2}(?:나오|나와|나온|출차|진입|빠져|들어오|올라)"
                 r"|출차|(?<![측쪽른왼])(?<![측쪽른왼]\s)(?:도로로|차도로)\s?(?:[가-힣]+\s?)?(?:진입|나오|나와|나온|들어)"),
    ("exiting", r"(?:주차장|주유소|건물|상가|아파트|도로\s?(?:외|밖)|도로가\s?아닌\s?(?:장소|곳))(?:으로|로)\s?(?:[가-힣]+\s?)?"
                r"(?:들어가|진입|진출|우회전\s?진입|좌회전\s?진입)|주차(?:를)?\s?(?:하려|하기\s?위해)|주차\s?구획으로"),
    ("merging", r"합류\s?(?:도로|차로)에서|합류" + _NOT_LANE + r"(?!\s?(?:도로|차로|지점|구간)(?:에서|의))|(?<!본선)차로\s?감소(?:로)?\s?(?:인해\s?)?(?:진로|끼어)"),
    # "내부 1차로를 주행하다 2차로로 진출": moving from one numbered lane into another (word length
    # bounded, like "entering" above: `[가-힣]+` in `{0,2}` backtracks quadratically on a long word)
    ("lane_change", r"(?<![\d])(?<!편도\s)(?<!왕복\s)[1-9]\s?차로(?:를|에서)\s?(?:[가-힣]{1,15}\s?){0,2}?[1-9]\s?차로로\s?(?:진출|이동|옮)|"
                    r"(?:진로|차로|차선)(?:를|을)?\s?(?:변경|바꾸|바꿔|바꾼|바꿨|옮기|틀)|끼어\s?들|끼어든|진입\s?(?:하려고|하려던)?\s?"
                    r"(?:차로|차선)\s?변경|칼치기|급\s?(?:진로|차로|차선)\s?변경"),
    ("left_turn", r"(?<!비보호\s)(?<!급)좌회전" + _NOT_LANE + r"|비보호\s?좌회전|급\s?좌회전|왼쪽으로\s?(?:돌|꺾|틀)|좌\s?회전\s?(?:하|중|을)"
                  r"|좌\s?\(\s?우\s?\)\s?회전"),  # "좌(우)회전": left (or right) turn, read as left
    ("right_turn", r"우회전" + _NOT_LANE + r"|오른쪽으로\s?(?:돌|꺾|틀)|우\s?\(\s?좌\s?\)\s?회전"),
    ("overtaking", r"추월(?!\s?(?:금지|차로|차선))|앞질러|앞지르(?!기\s?금지)|추월하"),
    ("starting", r"출발|발진"),
    ("stopped", r"정차(?!\s?(?:로|선|금지))|주\s?\(\s?정\s?\)\s?차|(?<![가-힣])주차\s?중|주차(?:된|되어|해\s?둔|해\s?놓|중|하고\s?있)|(?<![가-힣])(?:세워\s?(?:둔|놓)|서\s?있|멈춰\s?(?:있|서|선))|신호\s?대기|대기\s?(?:중|하(?:던|고|는|며))|"
                r"정지(?:해\s?있|하고\s?있|한\s?상태|된|하던|중)|(?:고장|사고)으로\s?정지"),
    ("crossing", r"횡단(?!보도|금지|\s?보도)|길을\s?건너|건너(?:다|던|는|고|가|기|려)|건넜"),
    ("walking", r"걸어\s?(?:가|오)|걷(?:다|던|고|는)|보행\s?중|(?:차도|갓길)(?:로|를)\s?걸"),
    ("straight", r"직진(?!\s?(?:차로|전용|신호))|(?<![가-힣])(?:주행|진행)\s?(?:하|중|을|던|하던)|달리(?:던|다|고|는)|통과(?:하|중)|"
                 r"교행|(?<![가-힣])(?:가는데|오던|오는|오다가|가던|가다가)|(?:해|따라|달려)\s?오(?:던|는|다)|(?:가|오)던\s?중|직진해|뒤따라|따라가|"
                 r"지나가(?:다|던|는)|지나던|(?:선행|후행)(?:하|중)|진입\s?(?:하던|하는|중|하려|하여|하였|했|하다|한(?=\s?(?:후|뒤|다음|상태)))|(?<![가-힣])(?:나오|들어오|들어가)(?:던|는|다|다가|는데|서)|"
                 r"(?<![가-힣])(?:나온|나와|나왔|들어온|들어와|들어왔|들어간|온)(?=\s|서|어|습|다)|미끄러|(?:주행|진행)\s?중|"
                 # role wording of the standard ("차도 주행", "정상통행", "교차로 진입", "추돌차")
                 r"주행(?=\s?$|\s?[()/,.·]|차(?![로선]))|(?<!일방)(?<!일방\s)통행(?!\s?(?:금지|량|로|방법|구분))|"
                 r"진입(?=\s?$|\s?[()/,·])|중앙선\s?(?:을\s?)?침범|앞서\s?(?:가|달리|주행|진행)(?:던|는|다)|(?<!피)추돌(?!\s?(?:당|되|을\s?당|을\s?받|사고))"),
)

#: Higher = more specific; a clause keeps its most specific movement.
MOVEMENT_RANK: dict[str, int] = {
    "door_opening": 14, "reversing": 13, "u_turn": 12, "entering": 11, "exiting": 10, "merging": 9,
    "lane_change": 8, "left_turn": 7, "right_turn": 7, "overtaking": 6, "starting": 5, "stopped": 4,
    "crossing": 3, "walking": 2, "straight": 1,
}

SIGNAL_CUES: tuple[tuple[str, str], ...] = (
    ("red_flash", r"적색\s?점멸|빨간\s?(?:불|신호)?\s?(?:이\s?)?(?:깜빡|깜박|점멸)"),
    ("yellow_flash", r"황색\s?점멸|(?:노란|주황)\s?(?:불|신호)?\s?(?:이\s?)?(?:깜빡|깜박|점멸)"),
    ("green_flash", r"녹색\s?점멸|(?:녹색|초록|파란)\s?(?:불|신호)?\s?(?:이\s?)?(?:깜빡|깜박)"),
    # "직진 및 좌회전 신호": the straight and the left-turn lights are on together, i.e. green
    ("green", r"직진\s?(?:및|과|와|·|,|/)\s?좌회전\s?(?:동시\s?)?신호"),
    ("green_left_arrow", r"(?:녹색\s?)?좌회전\s?(?:화살표|신호)|녹색\s?화살표|화살표\s?신호"),
    # "우회전 신호에 우회전", "우회전 화살표": a right-turn arrow is on (not "우회전 신호를 켜고" nor
    # "우회전 신호에 맞춰 깜빡이를 켜고": an indicator)
    ("green", r"녹색(?:\s?신호)?|초록\s?불|파란\s?불|청색\s?신호|청신호|직진\s?신호|우회전\s?(?:녹색\s?)?(?:신호에(?!\s?의해)(?![^,.]{0,12}?(?:깜빡이|깜박이|방향\s?지시|켜))|화살표)|신호에\s?따라|유턴\s?신호에|신호를\s?(?:지키|준수)|정상\s?신호"),
    ("yellow", r"황색(?!\s?(?:실선|점선|중앙선))(?:\s?신호)?|노란\s?(?:불|신호)|주황\s?불"),
    ("red", r"적색(?:\s?신호)?|빨간\s?(?:불|신호|색)|적신호|정지\s?신호"),
)

#: Absence of signals ("신호 없는 교차로", "신호도 표지도 없는").
NO_SIGNAL = r"신호(?:기|등)?(?:가|이|는|도)?\s?(?:표지도\s?)?(?:없|미설치|고장|꺼)"
#: The standard's own wording, which committees copy ("신호기에 의해 교통정리가 이루어지고 있지 않은
#: 교차로"): it sets the place only; a party's signal stays unread, as in the charts' own signatures.
NO_CONTROL = r"교통\s?정리가\s?(?:이루어지|행하여지|행해지|되)(?:고\s?있)?지\s?않"
HAS_SIGNAL = r"신호(?:기|등)(?:가|이)?\s?(?:있|설치)|신호\s?교차로|신호등\s?(?:이\s?)?있"
PARTIAL_SIGNAL = (r"(?:진행\s?방향|한쪽|한\s?방향|일방)(?:에|에만|만)\s?(?:만\s?)?신호(?:기|등)?(?:가|이)?\s?(?:있|설치)|"
                  # the standard's "신호기에 의한 교통정리가 한쪽 방향에만 이루어지고 있는 교차로"
                  r"교통\s?정리가\s?(?:한쪽|한\s?방향|일방)\s?(?:방향)?(?:에|에만|만)\s?(?:만\s?)?(?:이루어|행하여|행해|되)")

ROAD_CUES: tuple[tuple[str, str], ...] = (
    ("major", r"(?<![그음호시서로자뜻])대\s?로(?=인|에서|를|로|의|와|에|는|가|쪽|\s|,|$)|큰\s?(?:길|도로)|넓은\s?(?:도로|길)|간선\s?도로"),
    ("minor", r"(?<![장고대])소\s?로(?=인|에서|를|로|의|와|에|는|가|쪽|\s|,|$)|좁은\s?(?:도로|길|골목)|골목|작은\s?(?:길|도로)"),
    ("non_priority", r"비\s?우선\s?도로|일시\s?정지\s?(?:표지|표시)(?:가|이)?\s?(?:있|설치)|양보\s?(?:표지|표시)(?:가|이)?\s?(?:있|설치)"),
    ("priority", r"(?<!비)우선\s?도로"),
)
EQUAL_ROAD = r"동일\s?폭|같은\s?(?:폭|크기|넓이)|폭이\s?(?:같|비슷|동일)|대\s?소로\s?구분(?:이)?\s?없"

#: A lane's road marking (노면표시): the movements it permits, read per party into
#: `PartyFacts.lane_marking`. "우회전차로인 3차로", "우회전 전용차로", "직진/우회전차로",
#: "직진과 우회전이 가능한 3차로", "직진·우회전 노면표시차로", "좌회전 노면표시가 된 1차로", "직좌 차로".
#: Spaces may fall inside words ("우회 전차로", PDF line breaks). A lane the party moves *into*
#: ("우회전 차로로") or one that is absent ("…차로가 없는") is rejected by `LANE_MARKING_NOT`.
_LM_MOVE = r"(?:좌\s?회\s?전|우\s?회\s?전|직\s?진|유\s?턴|(?<![가-힣])직\s?[좌우](?!\s?회))"
_LM_SEP = r"(?:\s?(?:/|·|ㆍ|,|및|과|와|겸|또는)\s?|\s)"
LANE_MARKING = (
    rf"{_LM_MOVE}(?:{_LM_SEP}{_LM_MOVE}){{0,3}}\s?"
    r"(?:(?:(?:이|가)\s?)?(?:모두\s?)?(?:가능한|가능|(?:전용|겸용|공용)(?:인)?|노면\s?표시(?:가)?\s?(?:된|되어\s?있는|있는|인)?)\s?"
    r"(?:(?:가장\s?)?(?:오른쪽|왼쪽|우측|좌측|옆)\s?)?(?:[1-9]\s?)?)?"
    r"(?:차\s?로|차\s?선)(?:인\s?(?:[1-9]\s?)?(?:차\s?로|차\s?선))?"
)
#: What may not follow a lane-marking phrase: a target lane, a lane change, a lane entered
#: ("우회전하여 직진 차로에 들어감"), an absent lane.
LANE_MARKING_NOT = r"\s?(?:로|으로|변경|를\s?변경|을\s?변경|에\s?(?:진입|들어)|(?:가|이)\s?(?:없|아닌|아니))"
#: Movement words inside a lane-marking phrase, in the order `lane_marking` lists them.
LANE_MOVES: tuple[tuple[str, str], ...] = (
    ("left_turn", r"좌\s?회\s?전|(?<=직)\s?좌"),
    ("straight", r"직\s?진|직(?=\s?[좌우])"),
    ("right_turn", r"우\s?회\s?전|(?<=직)\s?우"),
    ("u_turn", r"유\s?턴"),
)

DIRECTION_CUES: tuple[tuple[str, str], ...] = (
    ("right", r"(?:우측|오른쪽|오른편)\s?(?:[가-힣]{1,3}\s)?(?:도로|대로|소로|길|골목|방향|차로)?\s?(?:에서|으로부터)|(?:우측|오른쪽)\s?(?:도로|대로|소로)(?:의|인)"),
    ("left", r"(?:좌측|왼쪽|왼편)\s?(?:[가-힣]{1,3}\s)?(?:도로|대로|소로|길|골목|방향|차로)?\s?(?:에서|으로부터)|(?:좌측|왼쪽)\s?(?:도로|대로|소로)(?:의|인)"),
    ("opposite", r"맞은\s?편|반대\s?(?:편|쪽|방향|차로)|대향|마주\s?(?:오|보)|건너편|교행"),  # 교행: passing each other
    ("behind", r"뒤에서|뒤따르|뒤따라|뒤\s?차|뒷차|후행|후방에서|뒤에\s?오|따라오던"),
    ("front", r"앞\s?차|앞에서|앞서\s?(?:가|진행|주행|있)|앞서|선행(?!\s?사고)|전방에"),
    ("same", r"동일\s?방향|같은\s?방향|동일\s?차로|같은\s?차로|옆\s?(?:차로|차선)|옆에서\s?(?:갑자기\s?)?(?:끼어|진로|차로|차선)"),
)

#: Who ran into whom outranks position nouns in the same clause ("앞차를 따라가다가 뒤에서 오던 차가 당사
#:차량을 추돌"): the one who 추돌s is behind ("추돌차", "추돌했다"); 피추돌 / 추돌당한 is in front.
DIRECTION_STRONG: tuple[tuple[str, str], ...] = (
    ("behind", r"(?<!피)(?<!피\s)추돌(?:\s?차|하|한|했|해|\s?$)(?!\s?(?:당|되))"),
    ("front", r"피\s?추돌|추돌\s?(?:을\s?)?(?:당|받)|추돌\s?되"),
)

ENTERED_FIRST = r"선\s?진입|먼저\s?(?:교차로에\s?|회전교차로에\s?)?(?:진입|들어)"
ENTERED_LATE = r"후\s?진입|나중에\s?(?:진입|들어)|늦게\s?진입"
IN_ROUNDABOUT = (r"(?:이미\s?)?(?:회전\s?(?:하던|하는|하다|중|하고)|돌고\s?있|돌던|도는|회전\s?차로에서\s?(?:회전|진행))|진출|나가(?:려|는|던)|"
                 r"(?<![좌우유])회전(?=\s?$|\s?[(),])")  # role text: "교차로 내 회전"
ENTERING_ROUNDABOUT = (r"회전\s?교차로(?:로|에)\s?(?:진입|들어)|새로\s?(?:진입|들어)|진입\s?(?:중|하던|하는|하려|하며|하면서|직후|하다)|후\s?진입|"
                       # "두 차가 동시에 들어오다", "옆 차로에서 같이 들어온 차": entering (a circulating
                       # cue of the same clause is read first and wins: "들어와서 돌고 있는데")
                       r"(?<![가-힣])들어(?:오|가)(?:다|던|는|면서|며|려)|(?<![가-힣])들어(?:온|와|왔)|"
                       r"진입(?=\s?$|\s?[(),])")  # role text: "회전2차로로 진입"
#: The two-lane roundabout's own lane facts, the vocabulary of the 2025 two-lane roundabout book
#: (회전-1…15): a named circulating / entry / exit lane ("회전2차로로", "진입1차로에서", "진출2차로"),
#: the two-lane layout ("2차로 회전교차로", "2차로형"), the book's zones ("진입부", "진출부"), clock
#: positions ("6시 방향에서") or an exit ("진출", "나가려다"). Plain "2차로에서 진입" is not one: the
#: 2023 book names entry lanes so too.
ROUNDABOUT_LANES = (r"(?:회전|진입|진출)\s?[1-9]\s?차로|[2-9]\s?차로\s?(?:형\s?)?(?:의\s?)?(?:회전\s?교차로|로터리)|[2-9]\s?차로\s?형|"
                    r"진입부|진출부|"
                    r"(?<!\d)(?:[1-9]|1[0-2])\s?시\s?방향|진출|(?<![가-힣])(?:나가|빠져\s?나가)(?:려|는|던|다)")

# ---------------------------------------------------------------------------------------------
# Road users
# ---------------------------------------------------------------------------------------------
#: (type, pattern) — matched against a party's mention and its parenthesised note.
TYPE_CUES: tuple[tuple[str, str], ...] = (
    ("pm", r"전동\s?킥보드|킥보드|퀵보드|씽씽이|킥라니|전동\s?스쿠터|개인형\s?이동\s?장치|전동\s?휠|(?<![A-Za-z])PM(?![A-Za-z])|세그웨이"),
    ("two_wheeler", r"오토바이|이륜\s?차|스쿠터|바이크|원동기|배달\s?(?:오토바이|대행)"),
    ("bicycle", r"자전거|따릉이|로드\s?바이크|(?<![A-Za-z])MTB|픽시|미니벨로"),
    ("pedestrian", r"보행자|행인|사람|보행인"),
    ("bus", r"버스"),
    ("truck", r"트럭|화물\s?차|덤프|탑차|레미콘|트레일러|화물\s?자동차"),
)
