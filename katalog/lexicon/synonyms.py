"""Lay vocabulary → the standard's vocabulary (빨간불 → 적색신호, 킥보드 → 개인형이동장치 …).

A plain data module: `LAY_RULES` is an ordered list of (regex, replacement) pairs and
`normalize_lay(text)` applies them in order. Retrieval and fact extraction both import it, so a
replacement must keep the sentence readable (nouns stay nouns, verbs keep an ending).
Order matters: longer, more specific phrases come before the short ones they contain.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _verb(noun: str, *, past: str, conn: str, adn: str, bare: str, prefix: str = "") -> list[tuple[str, str]]:
    """Rules turning a lay verb into `<noun>하다` with its ending kept (박았어요 → 충돌했어요)."""
    return [
        (rf"(?:{past})", f"{prefix}{noun}했"),
        (rf"(?:{conn})", f"{prefix}{noun}해"),
        (rf"(?:{adn})", f"{prefix}{noun}한"),
        (rf"(?:{bare})", f"{prefix}{noun}하"),
    ]


#: (pattern, replacement) pairs, applied top to bottom. Patterns are plain `re` syntax.
LAY_RULES: list[tuple[str, str]] = [
    # --- signals (flashing before steady, specific before generic) -------------------------
    (r"빨간\s*(?:불|신호)?\s*(?:깜빡|깜박|점멸)(?:이|임)?", "적색점멸"),
    (r"(?:노란|주황)\s*(?:불|신호)?\s*(?:깜빡|깜박|점멸)(?:이|임)?", "황색점멸"),
    (r"빨간\s*(?:불|신호|색\s*신호|등)|빨강\s*불|빨간색\s*불|적신호|정지\s*신호", "적색신호"),
    (r"초록\s*(?:불|신호|색\s*신호|등)|파란\s*(?:불|신호|등)|파랑\s*불|녹색\s*불|청신호|진행\s*신호", "녹색신호"),
    (r"(?:노란|주황)\s*(?:불|신호|색\s*신호|등)|노랑\s*불|황색\s*불", "황색신호"),
    (r"(?:녹색\s*)?좌회전\s*(?:화살표|신호)", "녹색화살표 좌회전"),
    (r"좌\s*\(\s*우\s*\)\s*회전", "좌회전 또는 우회전"),
    (r"우\s*\(\s*좌\s*\)\s*회전", "우회전 또는 좌회전"),
    (r"신호\s*등", "신호기"),
    (r"신호\s*(?:가\s*)?(?:없는|없이|없던)", "신호기 없는"),
    (r"깜빡이|깜박이|깜빡이등|깜박이등|윙커|방향\s*지시기", "방향지시등"),
    (r"비상\s*깜빡이|쌍\s*깜빡이|비상등", "비상점멸등"),
    # --- road users ----------------------------------------------------------------------
    (r"전동\s*킥보드|킥보드|퀵보드|전동\s*휠|전동\s*스쿠터|공유\s*킥보드|\bPM\b", "개인형이동장치"),
    (r"오토바이|스쿠터|바이크|배달\s*오토바이|모터사이클|원동기\s*장치\s*자전거", "이륜차"),
    (r"행인|보행인|걷던\s*사람|걸어가던\s*사람|길\s*건너던\s*사람", "보행자"),
    (r"(?<![가-힣])사람(?=이|을|를|과|와|\s|$)", "보행자"),
    (r"뒤\s*차|뒷\s*차|뒤따르던\s*차|뒤에\s*오던\s*차|뒤에서\s*오던\s*차", "후행 차량"),
    (r"뒤따라\s*(?:가던|오던|가다|오다)?", "후행하여 "),
    (r"앞\s*차(?!로)|앞서\s*가던\s*차|앞에\s*가던\s*차", "선행 차량"),
    (r"덤프\s*트럭|화물차|트럭", "화물차"),
    # --- places --------------------------------------------------------------------------
    (r"로터리|로타리|라운드\s*어바웃", "회전교차로"),
    (r"(사거리|네거리|삼거리|오거리|십자로|T자\s*길)(?!\s*교차로)", r"\1 교차로"),
    (r"골목\s*길|골목|이면\s*도로|좁은\s*길|작은\s*길", "소로"),
    (r"큰\s*길|큰\s*도로|넓은\s*길|대로변", "대로"),
    (r"건널목", "횡단보도"),
    (r"인도(?!로\s*건)", "보도"),
    (r"갓길", "길가장자리구역"),
    (r"주차\s*칸|주차\s*자리|주차\s*면", "주차구획"),
    (r"맞은\s*편|반대\s*편|반대\s*쪽|마주\s*오던", "맞은편"),
    (r"옆\s*(?:쪽|길|도로)?\s*에서", "측면에서"),
    # --- movements (verb phrases: see `_verb`) ------------------------------------------
    (r"U\s*턴|유\s*-?\s*턴", "유턴"),
    (r"끼어\s*들기|칼치기|새치기", "진로변경"),
    *_verb(
        "진로변경",
        past=r"끼어\s*들었|(?:차선|차로)\s*(?:을|를)?\s*(?:바꿨|변경했)",
        conn=r"끼어\s*들어|(?:차선|차로)\s*(?:을|를)?\s*(?:바꿔|변경해)",
        adn=r"끼어\s*든|끼어\s*드는|(?:차선|차로)\s*(?:을|를)?\s*(?:바꾼|바꾸는|변경한|변경하는)",
        bare=r"끼어\s*들|(?:차선|차로)\s*(?:을|를)?\s*(?:바꾸|변경하)",
    ),
    (r"왼쪽\s*으로\s*(?:돌|꺾)", "좌회전하"),
    (r"오른쪽\s*으로\s*(?:돌|꺾)", "우회전하"),
    (r"뒤로\s*(?:빼|가|오)", "후진"),
    (r"오른\s*쪽|오른\s*편", "우측"),
    (r"왼\s*쪽|왼\s*편", "좌측"),
    (r"같은\s*(?:크기|폭|너비|넓이)의?|폭이\s*같은|비슷한\s*(?:크기|폭)의?", "동일폭"),
    (r"이미\s*(?:돌고|회전하고)\s*있(?:던|는)|먼저\s*(?:들어간|진입한|들어와\s*있던)", "선진입한"),
    (r"새로\s*(?:들어온|들어오는|진입한|진입하는)|나중에\s*(?:들어온|진입한)", "후진입한"),
    (r"구급차|앰뷸런스|소방차|경찰차|순찰차", "긴급자동차"),
    (r"양쪽\s*(?:다|모두)|둘\s*다|두\s*차\s*(?:다|모두)", "양쪽 모두"),
    *_verb(
        "진입",
        past=r"들어갔|들어왔|들어섰",
        conn=r"들어가|들어와|들어서",
        adn=r"들어간|들어온|들어오는|들어가는|들어선",
        bare=r"들어오|들어가",
    ),
    (r"거꾸로\s*(?:오|달리|가)|역\s*주행", "역주행"),
    (r"중앙선\s*(?:을)?\s*(?:넘|침범)", "중앙선침범"),
    (r"앞\s*지르|앞질러", "추월"),
    (r"급\s*브레이크|급\s*정거|급\s*제동|갑자기\s*(?:멈|섰|서)", "급정지"),
    *_verb(
        "개문",
        past=r"문\s*(?:을)?\s*열었",
        conn=r"문\s*(?:을)?\s*열어",
        adn=r"문\s*(?:을)?\s*(?:연|여는)",
        bare=r"문\s*(?:을)?\s*열|문\s*열림",
    ),
    (r"세워\s*(?:둔|놓은|진)|서\s*있던", "정차된"),
    # --- collisions (rear-end only when the text says "from behind") ---------------------
    *_verb(
        "추돌",
        past=r"뒤에서\s*(?:들이\s*받았|받았|박았)|뒤를\s*(?:들이\s*받았|받았|박았)",
        conn=r"뒤에서\s*(?:들이\s*받아|받아|박아)|뒤를\s*(?:들이\s*받아|받아|박아)",
        adn=r"뒤에서\s*(?:들이\s*받은|받은|박은)|뒤를\s*(?:들이\s*받은|받은|박은)",
        bare=r"뒤에서\s*(?:들이\s*받|받|박|쾅|쿵)|뒤를\s*(?:들이\s*받|받|박)",
        prefix="뒤에서 ",
    ),
    *_verb(
        "추돌",
        past=r"들이\s*받았|박았|쿵\s*했|쾅\s*했",
        conn=r"들이\s*받아|박아",
        adn=r"들이\s*받은|들이\s*받는|박은|박는",
        bare=r"들이\s*받|쿵|쾅|꽝",
    ),
    *_verb(
        "충돌",
        past=r"부딪혔|부딪쳤|받혔",
        conn=r"부딪혀|부딪쳐|받혀",
        adn=r"부딪힌|부딪친|부딪히는|부딪치는",
        bare=r"부딪히|부딪치|부딪",
    ),
    *_verb(
        "충격",
        past=r"치였|치었|쳤",
        conn=r"치여|치어",
        adn=r"치인|친(?=\s*(?:사고|차))",
        bare=r"치이",
    ),
]


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p), r) for p, r in LAY_RULES]


def normalize_lay(text: str) -> str:
    """Map lay phrasing onto the standard's terms; NFC-normalises and keeps everything else.

    >>> normalize_lay("빨간불에 킥보드가 박았어요")
    '적색신호에 개인형이동장치가 충돌했어요'
    """
    if not text:
        return ""
    out = unicodedata.normalize("NFC", text)
    for pattern, repl in _compiled():
        out = pattern.sub(repl, out)
    return _JOSA_FIX.sub(_fix_josa, out) if _JOSA_FIX.search(out) else out


def _has_batchim(syllable: str) -> bool:
    code = ord(syllable) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


#: Canonical nouns a rule can produce; a particle right after one is re-agreed (차량가 → 차량이).
_CANONICAL = sorted({r for _, r in LAY_RULES if re.fullmatch(r"[가-힣]+(?: [가-힣]+)?", r)}, key=len, reverse=True)
_JOSA_FIX = re.compile("(" + "|".join(_CANONICAL) + r")(이|가|을|를|은|는|과|와)(?![가-힣])")
_JOSA_PAIRS = {"이": "가", "가": "이", "을": "를", "를": "을", "은": "는", "는": "은", "과": "와", "와": "과"}
_AFTER_BATCHIM = {"이", "을", "은", "과"}


def _fix_josa(m: re.Match[str]) -> str:
    noun, josa = m.group(1), m.group(2)
    wants_batchim_form = _has_batchim(noun[-1])
    if (josa in _AFTER_BATCHIM) != wants_batchim_form:
        josa = _JOSA_PAIRS[josa]
    return noun + josa


#: Standard term → everyday phrasings (the reverse direction). Used to write lay paraphrases
#: into chart summaries and to generate training queries for the project's embedding model.
LAY_EXPANSIONS: dict[str, list[str]] = {
    "적색신호": ["빨간불", "빨간 신호"],
    "녹색신호": ["초록불", "파란불"],
    "황색신호": ["노란불"],
    "적색점멸": ["빨간불 깜빡이는"],
    "황색점멸": ["노란불 깜빡이는"],
    "녹색화살표": ["좌회전 화살표", "좌회전 신호"],
    "신호기": ["신호등"],
    "방향지시등": ["깜빡이"],
    "이륜차": ["오토바이", "스쿠터"],
    "개인형이동장치": ["전동킥보드", "킥보드"],
    "PM": ["전동킥보드", "킥보드"],
    "보행자": ["사람", "길 건너던 사람"],
    "회전교차로": ["로터리"],
    "교차로": ["사거리", "네거리"],
    "소로": ["골목길", "좁은 길"],
    "대로": ["큰길"],
    "보도": ["인도"],
    "진로변경": ["차선 변경", "끼어들기", "차선 바꾸기"],
    "진로 변경": ["차선 변경", "끼어들기"],
    "추돌": ["뒤에서 들이받음", "뒤에서 박음"],
    "후행": ["뒤차", "뒤따르던 차"],
    "선행": ["앞차", "앞서 가던 차"],
    "중앙선 침범": ["중앙선 넘어", "역주행"],
    "추월": ["앞지르기"],
    "문 열림": ["문을 열다", "문을 갑자기 열어"],
    "개문": ["문을 열다"],
    "후진": ["뒤로 빼다"],
    "유턴": ["U턴"],
    "충격": ["치임", "치였다"],
    "정차": ["세워둔", "서 있던"],
    "주차": ["세워둔"],
    "길가장자리구역": ["갓길"],
    "급정지": ["급브레이크", "급정거"],
    "선진입": ["먼저 들어간", "이미 돌고 있던"],
    "후진입": ["새로 들어온", "나중에 들어온"],
    "회전 중": ["돌고 있는"],
    "차로변경": ["차선 변경", "차선 바꾸기"],
    "차로 변경": ["차선 변경", "차선 바꾸기"],
    "동일폭": ["같은 폭", "같은 크기"],
    "동일 폭": ["같은 폭", "같은 크기"],
    "우측": ["오른쪽"],
    "좌측": ["왼쪽"],
    "좌(우)회전": ["좌회전이나 우회전"],
    "긴급자동차": ["구급차", "소방차"],
    "일방통행 위반": ["일방통행 역주행"],
    "주·정차": ["세워둔", "서 있던"],
    "비보호 좌회전": ["비보호 좌회전"],
}


def lay_variants(text: str, limit: int = 3) -> list[str]:
    """Up to `limit` everyday rewrites of `text` (each replaces every standard term it knows).

    Variant i uses the i-th lay phrasing of each term (cycling), so variants differ.
    """
    terms = [t for t in sorted(LAY_EXPANSIONS, key=len, reverse=True) if t in text]
    if not terms:
        return []
    out: list[str] = []
    for i in range(limit):
        s = text
        for t in terms:
            alts = LAY_EXPANSIONS[t]
            s = s.replace(t, alts[i % len(alts)])
        if s != text and s not in out:
            out.append(s)
    return out
