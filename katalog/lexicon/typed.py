"""How people type, folded before the rules read (data/vocab/typing.yaml).

Typos (신효, 브래이크), a past tense typed without its ㅆ (박앗어요), regional endings and pronouns (-는디,
했어예, 지는, 내를) are rewritten to the standard spelling of the same length. The length is the point: the
rules cut evidence spans from the user's own text at the offsets they find in the folded one, so a rewrite
that changed the length would misplace every span after it. Such a match is left as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from katalog import regex_cache
from katalog.vocab import load


@lru_cache(maxsize=1)
def _rules() -> list[tuple[re.Pattern[str], str]]:
    voc = load("typing")
    return [(regex_cache.compile(voc.pattern(e.key)), e.replacement or "") for e in voc.entries]


def fold_typing(text: str) -> str:
    """`text` with typed variants in their standard spelling; always the same length as `text`.

    >>> fold_typing("신효위반 차가 박앗어요")
    '신호위반 차가 박았어요'
    """
    if not text:
        return text
    out = text
    for pattern, repl in _rules():
        out = pattern.sub(lambda m, r=repl: _same_length(m, r), out)
    return out


def _same_length(m: re.Match[str], repl: str) -> str:
    new = m.expand(repl)
    return new if len(new) == len(m.group(0)) else m.group(0)
