"""Text helpers for the rule-based extractor: space-tolerant patterns, sentences, negation.

Committee texts come from a PDF and carry stray spaces inside words ("적색신호 에", "우 측도로",
"피청구 차량"). Every cue pattern is therefore *loosened*: an optional space is allowed between two
adjacent Hangul syllables, and spans are always cut from the original text, so they stay exact
substrings of what the user wrote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from katalog import regex_cache
from katalog.vocab import load

_C = load("clauses")


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


#: "않" in a cue and its written-register spelling ("-지 아니하다"), keyed by the syllable after it: 않았 is
#: 아니하였 (or 아니했), 않은 아니한, 않음 아니함, 않아 아니하여; a bare 않 (않고, 않는, 않다 …) is 아니하 or,
#: closing the cue, any of its forms. Decisions and reports are written so ("서행하지 아니하였음").
_FORMAL_NOT: dict[str, str] = {
    "았": "(?:않았|아니\\s?하였|아니\\s?했)",
    "은": "(?:않은|아니\\s?한)",
    "음": "(?:않음|아니\\s?함)",
    "아": "(?:않아|아니\\s?하여|아니\\s?해)",
    "": "(?:않|아니\\s?하|아니\\s?한|아니\\s?함|아니\\s?했)",
}
# an escape, a character class, a look-behind (kept whole: fixed width), or one character
_NOT_TOKEN = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\(\?<[=!](?:\\.|\[(?:\\.|[^\]\\])*\]|[^()\\\[])*\)|.", re.DOTALL)


def formal_negation(pattern: str) -> str:
    """`pattern` with each "않" outside classes and look-behinds also matching the written register's
    "아니하-" (`_FORMAL_NOT`); applied before `loosen` by `cre`."""
    if "않" not in pattern:
        return pattern
    toks = [m.group() for m in _NOT_TOKEN.finditer(pattern)]
    out: list[str] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok == "않":
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            if nxt in _FORMAL_NOT and nxt:
                out.append(_FORMAL_NOT[nxt])
                i += 2
                continue
            out.append(_FORMAL_NOT[""])
        else:
            out.append(tok)
        i += 1
    return "".join(out)


def loosen(pattern: str) -> str:
    """Make a cue regex space-tolerant.

    Outside character classes and look-behinds (which must stay fixed-width), an optional space
    is allowed between two adjacent Hangul syllables, and a literal space matches any run of
    spaces, including none.
    """
    # Token by token rather than character by character (`_loosen_by_char`, the same result): the
    # extractor loosens ~500 cues at every process start. A pattern the tokens do not cover (an
    # unclosed class, a trailing backslash) goes the slow way.
    out: list[str] = []
    behind_depth = 0  # >0 while inside a (?<= / (?<! group
    depth = 0
    behind_at: list[int] = []
    end = 0
    for m in _TOKEN.finditer(pattern):
        if m.start() != end:
            return _loosen_by_char(pattern)
        end = m.end()
        tok = m.group()
        first = tok[0]
        if first == "(":
            depth += 1
            if len(tok) > 1:  # (?<= or (?<!
                behind_at.append(depth)
                behind_depth += 1
            out.append(tok)
        elif first == ")":
            if behind_at and behind_at[-1] == depth:
                behind_at.pop()
                behind_depth -= 1
            depth -= 1
            out.append(tok)
        elif first in "\\[" or behind_depth:
            out.append(tok)
        else:
            out.append(_HANGUL_PAIR.sub(r"\g<0> ?", tok.replace(" ", r"\s*")))
    if end != len(pattern):
        return _loosen_by_char(pattern)
    return "".join(out)


# an escape, a whole character class (as `_loosen_by_char` reads one: an escape inside it is kept whole,
# the first unescaped "]" closes it), a look-behind's start, a parenthesis, or a run of anything else
_TOKEN = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\(\?<[=!]|[()]|[^\\\[()]+", re.DOTALL)
_HANGUL_PAIR = re.compile("[가-힣](?=[가-힣])")


def _loosen_by_char(pattern: str) -> str:
    """`loosen`, one character at a time (the definition; `loosen` gives the same string faster)."""
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
    """Compile a loosened cue pattern (cached: the lexicon is compiled once per process, and its code
    words are kept between processes by `regex_cache`)."""
    return regex_cache.compile(loosen(formal_negation(pattern)))


_SENT_END = _C.regex("sentence_end")


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


# Negation right after or right before a cue, or a cue only asked about (data/vocab/clauses.yaml).
_NEG_AFTER = _C.regex("negation_after")
_NEG_BEFORE = _C.regex("negation_before")
_QUESTION_AFTER = _C.regex("question_after")
_DENIAL_AFTER = _C.regex("denial_after")
_DENIAL_RIGHT_AFTER = _C.regex("denial_right_after")
_ABSENCE_OF_OTHER = _C.regex("absence_of_other")
_ABSENCE_GENERIC = _C.regex("absence_generic")


#: a stretch after a cue that closes the bracket the cue stands in before anything opens another
_CLOSES_ASIDE = re.compile(r"[^()]*\)")


def negated(
    text: str, start: int, end: int, *, near: bool = False, owned: Sequence[tuple[int, int]] = ()
) -> bool:
    """True when the cue at text[start:end] is denied or only asked about. With `near`, only a negation right
    before it or right after it counts: a place or time of the scene ("재래시장 앞 신호등 없는 횡단보도",
    "주택가 중앙선 없는 이면도로") is not denied by the next noun's 없는. `owned`: spans of negatively worded
    cues (a factor whose own wording is negative, "방향지시등 없이"); a negation word inside one that starts
    after this cue is that cue's, not this one's ("실선 구간에서 방향지시등 없이": the line is not denied)."""
    after = text[end : end + 16]
    if _QUESTION_AFTER.search(after):
        return True
    neg = _DENIAL_RIGHT_AFTER.search(after) if near else _NEG_AFTER.search(after)
    if neg is not None and _CLOSES_ASIDE.match(after[: neg.end()]):
        neg = None  # "보행자(72세)가 횡단보도가 없는": the cue is an aside in brackets, the negation outside it
    if neg is not None and not near and (ab := _ABSENCE_OF_OTHER.search(after[: neg.end()])) is not None and (
        _ABSENCE_GENERIC.fullmatch(ab.group(1)) is None
    ):
        neg = None  # "면허를 취득하지 아니한 상태로 | 신호 없는": the 없 is another noun's, the cue is not denied
    if neg is not None:
        at = end + neg.end()
        return not any(end <= s < at <= e for s, e in owned)
    before = text[max(0, start - 8) : start]
    return bool(_NEG_BEFORE.search(before))


def denied(text: str, end: int) -> bool:
    """True when the cue ending at `end` is denied right after it, with at most a movement word, a sign or
    light noun and a particle in between ("좌회전 신호도 없는데", "비보호 아님", "비보호 표지도 없는").

    Tighter than `negated`, so it also applies to lights, where a later "않" belongs to another verb
    ("빨간불인데 멈추지 않고")."""
    return bool(_DENIAL_AFTER.search(text[end : end + 24]))
