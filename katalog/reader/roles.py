"""Party-role assigner: which named party is the chart's A.

The rules take the party order with the better structured fit; ties and near-ties fall to the
first-named party. The learned assigner weighs each kind of agreement between a party and a role
(road-user type, movement, signal, direction, road, entry order, roundabout, role conditions) from
the corpus, as a logistic model over the difference between the two orders, so it is symmetric by
construction: exchanging the two names in the text exchanges the answer.
"""

from __future__ import annotations

import math

import numpy as np

from katalog.matching.candidates import MOVE_NEAR, direction_credit, near_credit, party_conditions, type_fit
from katalog.matching.signatures import ChartSignature, PartySignature
from katalog.models import AccidentFacts, PartyFacts

ROLE_FEATURES = (
    "type", "type_zero", "move", "move_contra", "signal", "signal_contra", "direction", "direction_contra", "road",
    "road_contra", "entered_first", "roundabout", "conditions", "conditions_other", "rule_choice",
)


def _pair(q: PartyFacts, c: PartySignature, other: PartyFacts) -> list[float]:
    t = type_fit(q.type, c.type)
    mv = mc = 0.0
    if q.movement and c.movement:
        near = 1.0 if q.movement in c.alt_movements else near_credit(MOVE_NEAR, q.movement, c.movement)
        mv, mc = near, float(near == 0.0)
    sig = q.signal if q.signal not in (None, "unknown") else None
    sv = sc = 0.0
    if sig and c.signal:
        same = sig == c.signal or sig in c.alt_signals  # "황(적)색": either colour
        sv, sc = float(same), float(not same)
    dv = dc = 0.0
    if q.from_direction and c.direction:
        dv = direction_credit(q.from_direction, c.direction) or 0.0
        dc = float(dv == 0.0)
    rv = rc = 0.0
    if q.road and c.road:
        rv, rc = float(q.road == c.road), float(q.road != c.road)
    ef = 0.0
    if q.entered_first is not None and c.entered_first is not None:
        ef = 1.0 if q.entered_first == c.entered_first else -1.0
    rb = 0.0
    if q.in_roundabout is not None and c.in_roundabout is not None:
        rb = 1.0 if q.in_roundabout == c.in_roundabout else -1.0
    mine, theirs = party_conditions(q), party_conditions(other)
    cm = sum(1.0 for k in c.conditions if k in mine)
    co = sum(1.0 for k in c.conditions if k in theirs and k not in mine)
    return [t, float(t == 0.0), mv, mc, sv, sc, dv, dc, rv, rc, ef, rb, cm, co]


def order_features(facts: AccidentFacts, sig: ChartSignature, swapped: bool) -> np.ndarray:
    q = list(facts.parties[:2]) + [PartyFacts(name="?")] * max(0, 2 - len(facts.parties))
    a, b = (q[1], q[0]) if swapped else (q[0], q[1])
    fa, fb = _pair(a, sig.A, b), _pair(b, sig.B, a)
    return np.asarray([x + y for x, y in zip(fa, fb, strict=True)], dtype=np.float64)


def role_features(facts: AccidentFacts, sig: ChartSignature, rule_swapped: bool) -> np.ndarray:
    """Swapped order minus given order (+ the rules' own choice as ±1)."""
    d = order_features(facts, sig, True) - order_features(facts, sig, False)
    return np.append(d, 1.0 if rule_swapped else -1.0)


def p_swapped(weights: np.ndarray, x: np.ndarray) -> float:
    z = float(x @ weights)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
