"""One chart evaluated for the facts: the party mapping, the variant, the modifiers and the calculator's split."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from katalog.calculator import compute
from katalog.matching.signatures import ChartSignature
from katalog.models import AccidentFacts, Calculation, PartyMapping
from katalog.modifier_selection import Selection
from katalog.stages.mapping import choose_variant, facts_conditions, ordered_parties, party_mapping
from katalog.stages.modifiers import Chosen, kept, select
from katalog.standard.schema import Chart, Modifier

Adjust = Callable[[Chart, str, Selection, bool], Selection]
"""Changes the rules' modifier selection of (chart, variant, selection, swapped): the learned detector."""


@dataclass(frozen=True)
class Evaluation:
    """A chart's result for the facts under one party order."""

    variant: str
    decided: bool
    """The facts decided the variant (False: the first best one was taken, or a user pinned it)."""
    mapping: PartyMapping
    chosen: Chosen
    """The text's modifiers in the calculation, with their evidence."""
    possible: tuple[Modifier, ...]
    calc: Calculation

    def fault_of(self, name: str) -> int:
        return fault_of(name, self.mapping, self.calc)


def fault_of(name: str, mapping: PartyMapping, calc: Calculation) -> int:
    """Final fault of the named party under this A/B mapping."""
    return calc.final.A if mapping.A == name else calc.final.B


def named(ratio_a: int, ratio_b: int, mapping: PartyMapping) -> dict[str, int]:
    """A split keyed by party name."""
    return {mapping.A: ratio_a, mapping.B: ratio_b}


def engine_variant(chart: Chart, sig: ChartSignature, facts: AccidentFacts, names: Sequence[str],
                   swapped: bool) -> tuple[str, bool]:
    """(the variant the facts choose, decided-by-facts)."""
    qa, qb = ordered_parties(facts, names, swapped)
    variant, decided = choose_variant(sig, qa, qb, facts_conditions(facts))
    return chart.variant(variant).key, decided


def evaluate_chart(
    chart: Chart,
    sig: ChartSignature,
    facts: AccidentFacts,
    names: Sequence[str],
    swapped: bool,
    variant: str | None = None,
    extra_modifiers: Sequence[str] | None = None,
    adjust: Adjust | None = None,
) -> Evaluation:
    """Mapping, variant (the facts' choice unless given), modifiers and calculation of one chart.
    `adjust` (the learned modifier detector) may change the rules' modifiers before the calculation."""
    decided = True
    if variant is None:
        variant, decided = engine_variant(chart, sig, facts, names, swapped)
    variant_key = chart.variant(variant).key
    sel = select(chart, variant_key, facts, swapped)
    if adjust is not None:
        sel = adjust(chart, variant_key, sel, swapped)
    ids = [m.id for m, _ in sel.applied] + list(extra_modifiers or [])
    calc = compute(chart, variant_key, ids)
    return Evaluation(variant_key, decided, party_mapping(chart, swapped, names), tuple(sel.applied),
                      tuple(sel.possible), calc)


def with_modifiers(evaluation: Evaluation, chart: Chart, modifiers: Sequence[str]) -> Evaluation:
    """The evaluation with exactly the user's modifiers (the text's evidence kept for those it had)."""
    calc = compute(chart, evaluation.variant, list(modifiers))
    return dataclasses.replace(evaluation, calc=calc, chosen=kept(evaluation.chosen, calc))
