"""The modifiers the text supports on a chart, a user's own selection, and where each came from."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence

from katalog.models import (
    AccidentFacts,
    AppliedDelta,
    AppliedModifier,
    Calculation,
    Evidence,
    PartyMapping,
    PossibleModifier,
)
from katalog.modifier_selection import Selection, select_modifiers
from katalog.standard.schema import Chart, Modifier, PartyKey, normalize_name

log = logging.getLogger(__name__)

Chosen = tuple[tuple[Modifier, Evidence | None], ...]
"""Modifiers in a calculation with the text's evidence for each (None: no span, e.g. an answer)."""


def select(chart: Chart, variant: str, facts: AccidentFacts, swapped: bool) -> Selection:
    """The modifiers the facts support (`applied`) and those the text leaves open (`possible`)."""
    party_index: dict[int, PartyKey] = {0: "B", 1: "A"} if swapped else {0: "A", 1: "B"}
    return select_modifiers(chart, variant, facts, party_index)


def modifier_detector(text: str, query: str, parties: Sequence[str] | None, facts: AccidentFacts,
                      answered: bool = False) -> Callable[[Chart, str, Selection, bool], Selection] | None:
    """The learned modifier detector's change of the rules' selection for this text, or None (rules only:
    `KATALOG_READER=0`, or no model file). `answered`: the facts hold a user's answers (kept as the rules
    read them)."""
    from katalog.reader.modifiers import get_detector

    detector = get_detector()
    if detector is None:
        return None

    def adjust(chart: Chart, variant: str, sel: Selection, swapped: bool) -> Selection:
        try:
            return detector.adjust(chart, variant, sel, swapped, text, query, list(parties or []) or None, facts,
                                   answered)
        except Exception:  # the rules' selection stands when the model fails
            log.exception("modifier detector failed: the rules' modifiers")
            return sel

    return adjust


def kept(chosen: Iterable[tuple[Modifier, Evidence | None]], calc: Calculation) -> Chosen:
    """The text's modifiers that a user's own selection (the calculation's) kept."""
    ids = {d.modifier_id for d in calc.applied}
    return tuple((m, ev) for m, ev in chosen if m.id in ids)


def modifier_source(d: AppliedDelta, ev_by_id: Mapping[str, Evidence | None], answered_keys: Iterable[str]) -> str:
    """'user' for a modifier the caller pinned or that only an answer supports, 'reader' for one only the
    learned detector read, else 'rules'."""
    if d.modifier_id not in ev_by_id:
        return "user"  # pinned with modifiers=
    ev = ev_by_id[d.modifier_id]
    if ev is not None and ev.factor.startswith("detector:"):  # `katalog.reader.modifiers.DETECTOR_FACTOR`
        return "reader"
    if ev_by_id[d.modifier_id] is None and any(normalize_name(k) in normalize_name(d.name) for k in answered_keys):
        return "user"
    return "rules"


def applied_modifiers(calc: Calculation, chosen: Chosen, mapping: PartyMapping,
                      answered: Mapping[str, Iterable[str]]) -> list[AppliedModifier]:
    """The calculation's modifiers (skipped ones left out) with party names, evidence and source."""
    ev_by_id = {m.id: ev for m, ev in chosen}
    party_name = {"A": mapping.A, "B": mapping.B}
    return [
        AppliedModifier(
            modifier_id=d.modifier_id,
            party=d.party,
            party_name=party_name[d.party],
            name=d.name,
            delta=d.delta,
            evidence=ev_by_id[d.modifier_id].span if ev_by_id.get(d.modifier_id) else None,
            source=modifier_source(d, ev_by_id, answered.get(party_name[d.party], set())),
        )
        for d in calc.applied
        if d.skipped is None
    ]


def possible_modifiers(possible: Sequence[Modifier], mapping: PartyMapping,
                       applied: Sequence[AppliedModifier]) -> list[PossibleModifier]:
    """Open modifiers (the text neither states nor rules out) not already applied."""
    applied_ids = {m.modifier_id for m in applied}
    party_name = {"A": mapping.A, "B": mapping.B}
    return [
        PossibleModifier(modifier_id=m.id, party=m.party, party_name=party_name[m.party], name=m.name, delta=m.delta)
        for m in possible
        if m.id not in applied_ids
    ]
