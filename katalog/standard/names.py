"""Canonical modifier names: the books print the same factor under a few spellings.

`canonical_name("B 중과실") == canonical_name("중대한 과실")` after the party prefix is removed.
Used by the importer to compare sources, by the calculator to match user input and by the LLM
proposal check to match a proposed modifier name.

The grades' short spellings come from the vocabulary (data/vocab/modifiers.yaml): a spelling a grade
entry lists among its chart_names that does not end in the grade's own name (중과실 for 중대한 과실)
is folded into it wherever it occurs ("차의 중과실" → 차의중대한과실).
"""

from __future__ import annotations

from functools import cache

from katalog.standard.schema import normalize_name
from katalog.vocab import load

#: whole-name spellings outside the modifier vocabulary (normalized form → canonical normalized form):
#: 사행 is the zig-zag walk two MAIN2023 charts print instead of ㄹ자 보행; 대향방향 is role wording
_WHOLE = {
    "대향방향": "마주보는방향",
    "사행": "ㄹ자보행",
}
#: substring spellings that differ between editions / parses (orthography, not a modifier name)
_PARTS = (("구별", "구분"),)


@cache
def grade_spellings() -> tuple[tuple[str, str], ...]:
    """(short spelling, grade) pairs read from the vocabulary: (("중과실", "중대한과실"),)."""
    v = load("modifiers")
    grades = {e.umbrella for e in v.entries if e.umbrella}
    out: list[tuple[str, str]] = []
    for grade in sorted(grades):
        for name in v.entry(grade).chart_names:
            key = normalize_name(name)
            if key != grade and not key.endswith(grade) and (key, grade) not in out:
                out.append((key, grade))
    return tuple(out)


def canonical_name(name: str) -> str:
    """Normalized, synonym-folded key of a modifier name."""
    key = normalize_name(name)
    key = _WHOLE.get(key, key)
    for old, new in (*grade_spellings(), *_PARTS):
        if old in key and new not in key:
            key = key.replace(old, new)
    return key
