"""Facts read from the text, the user's answers applied, and the names of the two parties."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from katalog.facts import extract_facts
from katalog.followup import apply_answers
from katalog.models import AccidentFacts
from katalog.stages.names import party_names
from katalog.standard.edition import date_in_text


def extract(text: str, parties: Sequence[str] | None) -> AccidentFacts:
    """The rules' facts of the text alone (no answers): what a later answer is applied to."""
    return extract_facts(text, list(parties) if parties is not None else None)


@dataclass(frozen=True)
class FactReading:
    """The facts after the user's answers, and what follows from them."""

    facts: AccidentFacts
    text: str
    """The analysed text with instruction-like spans (`facts.ignored`) blanked: they never reach
    retrieval or citations either."""
    names: tuple[str, str]
    answered: Mapping[str, frozenset[str]]
    """Per party name, the modifier evidence only an answer supplied ("p0.entered_first" → 선진입)."""
    warnings: tuple[str, ...] = ()


def read_facts(text: str, extracted: AccidentFacts, parties: Sequence[str] | None,
               answers: Mapping[str, Any] | None) -> FactReading:
    """Apply `answers` to the `extracted` facts (never changed: a copy is answered)."""
    read = [set(p.factors) for p in extracted.parties]
    facts, warnings = apply_answers(extracted, dict(answers) if answers is not None else None)
    answered = {
        p.name: frozenset(k for k in p.factors if i >= len(read) or k not in read[i])
        for i, p in enumerate(facts.parties)
    }
    for span in facts.ignored:
        text = text.replace(span, " ")
    first, second = party_names(facts, parties)
    return FactReading(facts, text, (first, second), answered, tuple(warnings))


def dated(facts: AccidentFacts, given: date | None, text: str) -> AccidentFacts:
    """`facts` with the accident date: the user's, else the facts' own, else the one the text states
    (`katalog.standard.edition.date_in_text`); it decides which books are in force."""
    on = given or facts.accident_date or date_in_text(text)
    return facts if on == facts.accident_date else facts.model_copy(update={"accident_date": on})
