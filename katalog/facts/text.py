"""Text helpers for the rule-based extractor: space-tolerant patterns, sentences, negation.

Committee texts come from a PDF and carry stray spaces inside words ("적색신호 에", "우 측도로",
"피청구 차량"). Every cue pattern is therefore *loosened*: an optional space is allowed between two
adjacent Hangul syllables, and spans are always cut from the original text, so they stay exact
substrings of what the user wrote.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def loosen(pattern: str) -> str:
    """Make a cue regex space-tolerant.

    Outside character classes and look-behinds (which must stay fixed-width), an optional space
    is allowed between two adjacent Hangul syllables, and a literal space matches any run of
    spaces, including none.
    """
    out: list[str] = []
    in_class = False
    behind_depth = 0  # >0 while inside a (?<= / (?<! group
    depth = 0
    behind_at: list[int] = []
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            out.append(ch)
            if ch == "]":
                in_class = False
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "(":
            depth += 1
            if pattern.startswith("(?<=", i) or pattern.startswith("(?<!", i):
                behind_at.append(depth)
                behind_depth += 1
            out.append(ch)
        elif ch == ")":
            if behind_at and behind_at[-1] == depth:
                behind_at.pop()
                behind_depth -= 1
            depth -= 1
            out.append(ch)
        elif ch == " " and not behind_depth:
            out.append(r"\s*")
        else:
            out.append(ch)
            if not behind_depth and _is_hangul(ch) and i + 1 < n and _is_hangul(pattern[i + 1]):
                out.append(" ?")
        i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def cre(pattern: str) -> re.Pattern[str]:
    """Compile a loosened cue pattern (cached: the lexicon is compiled once per process)."""
    return re.compile(loosen(pattern))


_SENT_END = re.compile(r"(?:[.!?。]+(?=\s|$)|\n+|(?<=[다요임음함])\.(?=\S))")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; boundaries are ., !, ?, newlines."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.end() > start and text[start : m.start()].strip():
            out.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


# Negation right after a cue ("음주는 아니었다", "과속은 하지 않았", "졸음운전은 없었") or right
# before it ("안 졸았", "음주 안 함"). Cues whose own wording is negative ("깜빡이를 안 켜고",
# "일시정지 없이") are marked non-negatable in the lexicon.
_NEG_AFTER = re.compile(
    r"^[^,.!?\n]{0,10}?(?:아니|않|안\s?했|안\s?함|안\s?한|안\s?해|없었|없습|없어|없고|없는|없음|없다|없이|무관|"
    r"아닌|아님|안\s?마셨|안\s?먹)"
)
_NEG_BEFORE = re.compile(r"(?:안|못|안\s했|전혀|무)\s*$")
_QUESTION_AFTER = re.compile(r"^[^,.!?\n]{0,12}?(?:여부|인지|했는지|였는지|\?)")


def negated(text: str, start: int, end: int) -> bool:
    """True when the cue at text[start:end] is denied or only asked about."""
    after = text[end : end + 16]
    if _NEG_AFTER.search(after) or _QUESTION_AFTER.search(after):
        return True
    before = text[max(0, start - 4) : start]
    return bool(_NEG_BEFORE.search(before))
