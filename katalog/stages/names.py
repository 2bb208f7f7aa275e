"""Who the parties are called: the two names every ratio is stated for, and text with labels replaced."""

from __future__ import annotations

from collections.abc import Sequence

from katalog.models import AccidentFacts

#: Names of parties the text and the caller leave unnamed.
DEFAULT_NAMES = ("당사자1", "당사자2")


def party_names(facts: AccidentFacts, parties: Sequence[str] | None) -> list[str]:
    """The caller's names (blank ones numbered), else the extractor's, always two and distinct."""
    if parties:
        return [p.strip() or f"당사자{i + 1}" for i, p in enumerate(parties[:2])]
    # Bare "A"/"B" placeholders would read like the chart's roles; name them neutrally.
    names = [{"A": DEFAULT_NAMES[0], "B": DEFAULT_NAMES[1]}.get(p.name, p.name) for p in facts.parties[:2]]
    while len(names) < 2:
        names.append("상대방" if names else DEFAULT_NAMES[0])
    if names[0] == names[1]:
        names = [f"{names[0]}(1)", f"{names[1]}(2)"]
    return names


def replace_names(text: str, replacements: dict[str, str]) -> str:
    """Replace party names, longest first so "피청구차량" is not read as "청구차량"; one-letter names stay."""
    for name in sorted(replacements, key=len, reverse=True):
        if len(name) > 1:
            text = text.replace(name, replacements[name])
    return text


def plain_cars(facts: AccidentFacts) -> frozenset[str]:
    """Names of the first two parties that are ordinary cars ("승용차", "SUV 차량")."""
    return frozenset(p.name for p in facts.parties[:2] if p.type == "car")
