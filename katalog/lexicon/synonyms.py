"""Lay vocabulary → the standard's vocabulary (빨간불 → 적색신호, 킥보드 → 개인형이동장치 …).

`LAY_RULES` is the ordered list of (regex, replacement) pairs read from `data/vocab/lay_words.yaml`
and `normalize_lay(text)` applies them in order. Retrieval and fact extraction both import it, so a
replacement must keep the sentence readable (nouns stay nouns, verbs keep an ending).
Order matters: longer, more specific phrases come before the short ones they contain.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from katalog import regex_cache
from katalog.lexicon.typed import fold_typing
from katalog.vocab import VocabError, load

_LAY = load("lay_words")
_PARTICLES = load("text_checks")

def _rules() -> list[tuple[str, str]]:
    rules = []
    for e in _LAY.entries:
        if e.replacement is None:
            raise VocabError(f"어휘 파일 lay_words.yaml, 항목 '{e.key}'에 replacement가 없습니다",
                             f"vocabulary lay_words.yaml, entry '{e.key}' has no replacement")
        rules.append((_LAY.pattern(e.key), e.replacement))
    return rules


#: (pattern, replacement) pairs, applied top to bottom (data/vocab/lay_words.yaml, in file order).
#: Patterns are plain `re` syntax.
LAY_RULES: list[tuple[str, str]] = _rules()


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    return [(regex_cache.compile(p), r) for p, r in LAY_RULES]


def normalize_lay(text: str) -> str:
    """Map lay phrasing onto the standard's terms; NFC-normalises and keeps everything else.

    >>> normalize_lay("빨간불에 킥보드가 박았어요")
    '적색신호에 개인형이동장치가 충돌했어요'
    """
    if not text:
        return ""
    out = fold_typing(unicodedata.normalize("NFC", text))
    for pattern, repl in _compiled():
        out = pattern.sub(repl, out)
    return _JOSA_FIX.sub(_fix_josa, out) if _JOSA_FIX.search(out) else out


def _has_batchim(syllable: str) -> bool:
    code = ord(syllable) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


#: Canonical nouns a rule can produce; a particle right after one is re-agreed (차량가 → 차량이).
_NOUN = _PARTICLES.regex("canonical_noun")
_CANONICAL = sorted({r for _, r in LAY_RULES if _NOUN.fullmatch(r)}, key=len, reverse=True)
_JOSA_FIX = re.compile("(" + "|".join(_CANONICAL) + ")" + _PARTICLES.pattern("particle_after_noun"))
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
