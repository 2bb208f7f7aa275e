"""Which named party plays the chart's A and which its B, and which variant (가/나/다) of the chart applies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from katalog import params
from katalog.josa import josa
from katalog.matching.candidates import structured_fit
from katalog.matching.signatures import ChartSignature, PartySignature
from katalog.models import AccidentFacts, PartyFacts, PartyMapping
from katalog.standard.schema import Chart

# variant weights with their provenance in data/engine/params.yaml (docs/params.md)
W_SIGNAL = params.get("engine.variant_signal")
W_ROAD = params.get("engine.variant_road")
W_MOVEMENT = params.get("engine.variant_movement")
W_ENTERED_FIRST = params.get("engine.variant_entered_first")
W_ROUNDABOUT = params.get("engine.variant_roundabout")
W_CONDITION = params.get("engine.variant_condition_present")
W_CONDITION_ABSENT = params.get("engine.variant_condition_absent")


def variant_fit(v_a: PartySignature, v_b: PartySignature, qa: PartyFacts, qb: PartyFacts) -> float:
    """How well the two parties' facts fit one variant's A and B."""
    score = 0.0
    for sig, q in ((v_a, qa), (v_b, qb)):
        if sig.signal and q.signal and q.signal != "unknown":
            score += W_SIGNAL if sig.signal == q.signal else -W_SIGNAL
        if sig.road and q.road:
            score += W_ROAD if sig.road == q.road else -W_ROAD
        if sig.movement and q.movement:
            score += W_MOVEMENT if sig.movement == q.movement else -W_MOVEMENT
        if sig.entered_first is not None and q.entered_first is not None:
            score += W_ENTERED_FIRST if sig.entered_first == q.entered_first else -W_ENTERED_FIRST
        if sig.in_roundabout is not None and q.in_roundabout is not None:
            # 399 (가) 이륜차 회전 중 / (나) 이륜차 진입: who circulates decides the variant
            score += W_ROUNDABOUT if sig.in_roundabout == q.in_roundabout else -W_ROUNDABOUT
    return score


def choose_variant(
    sig: ChartSignature, qa: PartyFacts, qb: PartyFacts, conditions: set[str] | frozenset[str] = frozenset()
) -> tuple[str | None, bool]:
    """(variant key, decided-by-facts). None key = the chart has a single variant.

    `conditions` are the description's condition keys (scene and both parties): a variant that
    names one of them (동시 유턴, 안전지대 통과 후 …) gains, one whose condition is absent loses.
    """
    if not sig.variants:
        return None, True
    scored = [
        (variant_fit(v.A, v.B, qa, qb) + sum(W_CONDITION if c in conditions else W_CONDITION_ABSENT for c in v.conditions), -i, v.key)
        for i, v in enumerate(sig.variants)
    ]
    scored.sort(reverse=True)
    best = scored[0]
    decided = best[0] > 0 and (len(scored) == 1 or best[0] > scored[1][0])
    return best[2], decided


def facts_conditions(facts: AccidentFacts) -> set[str]:
    """The condition keys of the scene and of every party."""
    return set(facts.conditions).union(*(p.conditions for p in facts.parties))


def ordered_parties(facts: AccidentFacts, names: Sequence[str], swapped: bool) -> tuple[PartyFacts, PartyFacts]:
    """(the A party's facts, the B party's facts); a party the text does not describe has none."""
    q = list(facts.parties[:2]) + [PartyFacts(name=n) for n in names[len(facts.parties) :]]
    return (q[1], q[0]) if swapped else (q[0], q[1])


def party_mapping(chart: Chart, swapped: bool, names: Sequence[str]) -> PartyMapping:
    """The named parties on the chart's roles; `swapped`: the first name is B."""
    first, second = names[0], names[1]
    a, b = (second, first) if swapped else (first, second)
    la, lb = chart.parties["A"].label, chart.parties["B"].label
    return PartyMapping(
        A=a,
        B=b,
        reason=f"{a}의 사고 상황이 도표의 A({la})에, {b}의 상황이 B({lb})에 부합합니다.",
    )


def user_mapping(mapping: PartyMapping) -> PartyMapping:
    """The mapping with the reason a user's own A/B assignment (against the engine's) gives."""
    return mapping.model_copy(update={"reason": (
        f"사용자가 {josa(mapping.A, '을/를')} 도표의 A로, {josa(mapping.B, '을/를')} B로 "
        "지정했습니다 (엔진의 대응과 반대).")})


def order_ambiguous(facts: AccidentFacts, sig: ChartSignature, cues: set[str] | frozenset[str]) -> bool:
    """True when the facts fit the chart equally well with either party as A."""
    if len(facts.parties) < 2:
        return True
    one = structured_fit(facts, sig, cues)
    rev = facts.model_copy(update={"parties": [facts.parties[1], facts.parties[0], *facts.parties[2:]]})
    two = structured_fit(rev, sig, cues)
    return one.swapped == two.swapped and abs(one.score - two.score) < 1e-9


@dataclass(frozen=True)
class PartyOrder:
    """Who plays A on the chosen chart: the engine's order, and the one used (a user's may differ)."""

    swapped: bool
    """The order used: True = the first named party is the chart's B."""
    engine_swapped: bool
    """The engine's own order (the structured fit, or the reader's role assigner)."""
    role_fit: float
    """The structured fit (0–1) of the facts to the chart's roles."""
    by_user: bool = False
    """The user assigned A (`party_a=` names one of the parties)."""
    warnings: tuple[str, ...] = ()


def party_order(facts: AccidentFacts, sig: ChartSignature, cues: set[str] | frozenset[str], names: Sequence[str],
                roles: Callable[..., bool] | None, party_a: str | None) -> PartyOrder:
    """The structured fit's order (or the reader's role assigner's), unless the user named A."""
    fit = structured_fit(facts, sig, cues)
    engine_swapped = fit.swapped if roles is None else roles(facts, sig, fit.swapped)
    if party_a is not None and party_a in names[:2]:  # the user's assignment wins over the engine's order
        return PartyOrder(party_a == names[1], engine_swapped, fit.score, by_user=True)
    warnings = ()
    if party_a is not None:
        warnings = (f"지정한 A 당사자 {josa(repr(party_a), '이/가')} 당사자 이름에 없어 엔진의 대응을 사용했습니다.",)
    return PartyOrder(engine_swapped, engine_swapped, fit.score, warnings=warnings)
