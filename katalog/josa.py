"""Korean particles (조사) that depend on the last sound of the word before them.

`josa("전동킥보드", "은/는")` → "전동킥보드는"; `fix_josa("당사 차량이(가) 직진")` → "당사 차량이 직진".
Party names are typed by users ("BMW", "3번 차량", "상대 차량(B)"), so the last sound is read from
digits and Latin letters too, and a closing bracket part is skipped as a reader would.
"""

from __future__ import annotations

import re

from katalog import regex_cache
from katalog.vocab import load

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among the 28 final consonants (0 = none)

# How a trailing digit is read in Korean (영 일 이 삼 사 오 육 칠 팔 구): its final consonant.
_DIGIT_FINAL = {
    "0": 21,
    "1": _RIEUL,
    "2": 0,
    "3": 16,
    "4": 0,
    "5": 0,
    "6": 1,
    "7": _RIEUL,
    "8": _RIEUL,
    "9": 0,
}
# Latin letters as Koreans spell them out (엘, 엠, 엔, 알 end in a consonant; 에이, 비 … do not).
_LATIN_FINAL = {"l": _RIEUL, "m": 16, "n": 4, "r": _RIEUL}

#: Particle pairs: (after a final consonant, after a vowel). Keys accept either spelling order.
_PAIRS: dict[str, tuple[str, str]] = {
    "이/가": ("이", "가"),
    "은/는": ("은", "는"),
    "을/를": ("을", "를"),
    "과/와": ("과", "와"),
    "이나/나": ("이나", "나"),
    "이랑/랑": ("이랑", "랑"),
    "아/야": ("아", "야"),
    "이다/다": ("이다", "다"),
    "으로/로": ("으로", "로"),
}
for _key, _pair in list(_PAIRS.items()):
    _a, _b = _key.split("/")
    _PAIRS[f"{_b}/{_a}"] = _pair

_TRAILING_BRACKET = re.compile(r"\s*[(\[（][^()\[\]（）]*[)\]）]\s*$")


def final_consonant(word: str) -> int | None:
    """Index (0 = none, 8 = ㄹ, …) of the final consonant of `word`'s last sound; None if unreadable."""
    word = _TRAILING_BRACKET.sub("", word or "")
    for ch in reversed(word.strip()):
        code = ord(ch)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            return (code - _HANGUL_FIRST) % 28
        if ch in _DIGIT_FINAL:
            return _DIGIT_FINAL[ch]
        if ch.isascii() and ch.isalpha():
            return _LATIN_FINAL.get(ch.lower(), 0)
        if ch.isalnum():  # another script: cannot tell
            return None
    return None


def particle(word: str, pair: str) -> str:
    """The particle of `pair` ("이/가", "은/는", "으로/로" …) that follows `word`."""
    with_final, without = _PAIRS[pair]
    final = final_consonant(word)
    if final is None:
        return f"{with_final}({without})" if with_final != "으로" else "(으)로"
    if with_final == "으로":  # ㄹ takes 로 like a vowel: 서울로, 차로
        return "으로" if final not in (0, _RIEUL) else "로"
    return with_final if final else without


def josa(word: str, pair: str) -> str:
    """`word` followed by the right particle of `pair`."""
    return f"{word}{particle(word, pair)}"


# "차량이(가)", "킥보드은(는)", "자전거(으)로", "보행자와(과)" as templates write them.
_UNRESOLVED = regex_cache.compile(
    r"(?P<word>[^\s(]+(?:\([^()\s]{1,12}\))?)"
    + load("text_checks").pattern("particle_template")
)


def fix_josa(text: str) -> str:
    """Resolve every "이(가)", "은(는)", "을(를)", "과(와)", "(으)로" in `text` for the word before it."""

    def repl(m: re.Match[str]) -> str:
        word = m.group("word")
        if m.group("ro"):
            return josa(word, "으로/로")
        pair = f"{m.group('a')}/{m.group('b')}"
        return josa(word, pair) if pair in _PAIRS else m.group(0)

    return _UNRESOLVED.sub(repl, text or "")
