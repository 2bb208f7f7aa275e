"""Canonical modifier names: the books print the same factor under a few spellings.

`canonical_name("B 중과실") == canonical_name("중대한 과실")` after the party prefix is removed.
Used by the importer to compare sources and by the calculator to match user input.
"""

from __future__ import annotations

from katalog.standard.schema import normalize_name

#: whole-name synonyms (normalized form → canonical normalized form)
_WHOLE = {
    "중과실": "중대한과실",
    "대향방향": "마주보는방향",
    "사행": "ㄹ자보행",
    "서행불이행": "서행불이행",
}
#: substring spellings that differ between editions / parses
_PARTS = (
    ("중과실", "중대한과실"),
    ("구별", "구분"),
    ("급진입", "급진입"),
)


def canonical_name(name: str) -> str:
    """Normalized, synonym-folded key of a modifier name."""
    key = normalize_name(name)
    key = _WHOLE.get(key, key)
    for old, new in _PARTS:
        if old in key and new not in key:
            key = key.replace(old, new)
    return key
