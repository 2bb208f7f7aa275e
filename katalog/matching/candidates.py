"""Rank charts for a set of facts: structured fit (both party orders) fused with retrieval."""

from __future__ import annotations

import itertools
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Generic, TypeVar

from katalog import params
from katalog.followup import PLACE_OPTIONS
from katalog.matching.signatures import (
    ENTRY_CUES,
    EXIT_CUES,
    PREFERENCE_CUES,
    ChartSignature,
    PartySignature,
    exit_conflict,
)
from katalog.models import AccidentFacts, PartyFacts
from katalog.vocab import load

K = TypeVar("K")
V = TypeVar("V")

# Every weight and threshold of the fit and the rule score lives in data/engine/params.yaml with its
# provenance (which were fitted, on what; which were set by hand, and why): docs/params.md.
_P = params.load()
W_TYPE = _P.get("matching.w_type")
W_MOVE = _P.get("matching.w_move")
W_SIGNAL = _P.get("matching.w_signal")
W_PLACE = _P.get("matching.w_place")
W_DIR = _P.get("matching.w_dir")
W_ROAD = _P.get("matching.w_road")
W_FIRST = _P.get("matching.w_first")
W_ROUNDABOUT = _P.get("matching.w_roundabout")
W_LANE = _P.get("matching.w_lane")  # lane marking of each party's lane (노면표시)
TWO_WHEELER_CAR_FIT = _P.get("matching.two_wheeler_car_fit")  # a two-wheeler party on a car role (and back)
TYPE_FIT_VEHICLE = _P.get("matching.type_fit_vehicle")
TYPE_FIT_BICYCLE_PM = _P.get("matching.type_fit_bicycle_pm")
TYPE_FIT_BICYCLE_TWO_WHEELER = _P.get("matching.type_fit_bicycle_two_wheeler")
W_COLLISION = _P.get("matching.w_collision")
W_RETRIEVAL = _P.get("matching.w_retrieval")  # weight of normalised retrieval when the facts are thin
W_RETRIEVAL_RICH = _P.get("matching.w_retrieval_rich")  # … and when they are rich
RICH_FACTS_LOW = _P.get("matching.rich_facts_low")
RICH_FACTS_HIGH = _P.get("matching.rich_facts_high")
NONTYPICAL_PENALTY = _P.get("matching.nontypical_penalty")  # typical charts come first
#: … except a 비정형 chart written for the two-wheeler the description names (비정형-20/21 우회전 이륜차 /
#: 우측 직진 이륜차): the 2023 car chart of the same layout (차14-1) does not type a two-wheeler
NONTYPICAL_PENALTY_TWO_WHEELER = _P.get("matching.nontypical_penalty_two_wheeler")
SOFTMAX_T = _P.get("matching.softmax_t")  # the rules' confidence temperature (benchmarks/calibration.py)
SOFTMAX_POOL_FACTOR = _P.get("matching.softmax_pool_factor")  # softmax over the best top × this
SPECIAL_MISSING = _P.get("matching.special_missing")  # chart names a distinctive condition the description does not
SPECIAL_SHARED = _P.get("matching.special_shared")  # both mention it
EQUAL_ROAD_UNSTATED = _P.get("matching.equal_road_unstated")  # one-sided credit of a 동일폭 role, no width named
W_ROLE_COND = _P.get("matching.w_role_cond")  # a role's own condition on the party that has it
ONE_SIDED = _P.get("matching.one_sided_credit")  # credit of a fact only one side states
ONE_SIDED_MOVEMENT = _P.get("matching.one_sided_movement")
ONE_SIDED_NO_SIGNAL = _P.get("matching.one_sided_no_signal")
ONE_SIDED_SIDELESS_ROLE = _P.get("matching.one_sided_sideless_role")
LANE_SIDE_CREDIT = _P.get("matching.lane_side_credit")
SIDE_ROAD_LATERAL = _P.get("matching.side_road_lateral")
LANE_OVERLAP = _P.get("matching.lane_overlap")
LANE_DISJOINT = _P.get("matching.lane_disjoint")
FIT_SCALE = _P.get("matching.fit_scale")  # rule score = fit × this + weighted retrieval − penalty

_VEHICLE = {"car", "bus", "truck", "two_wheeler", "unknown"}
ROUND_BOOK_2025 = "ROUND2025"  # the 2025 two-lane roundabout book (see `road_users_fit_book`)
_LANE_MOVES = {"left_turn", "straight", "right_turn", "u_turn"}  # movements a lane marking can permit


def _pairs(name: str) -> dict[frozenset[str], float]:
    """A `a|b: credit` table of params.yaml as {frozenset({a, b}): credit}."""
    return {frozenset(k.split("|")): v for k, v in _P.table(name).items()}


# Movements that a chart's role text can express in several ways, and places that can describe one scene.
MOVE_NEAR: dict[frozenset[str], float] = _pairs("matching.move_near")
PLACE_NEAR: dict[frozenset[str], float] = _pairs("matching.place_near")


#: Korean labels of fact codes shown in reasons: every labelled movement and signal of the vocabulary
#: (data/vocab/movements.yaml, signals.yaml), then the places (labels in code until places.yaml has them).
_KO: dict[str, str] = {e.key: e.label for name in ("movements", "signals") for e in load(name).entries if e.label}
_KO.update({v: k for k, v in PLACE_OPTIONS.items()})
_KO.update({"intersection": "교차로", "partial_signal_intersection": "한쪽만 신호 있는 교차로",
            "merge": "합류·차로 감소 구간", "off_road": "도로 외 장소", "alley": "이면도로"})


def ko(code: str | None) -> str:
    """Korean label of a fact code, for reasons shown to users."""
    return _KO.get(code or "", code or "")


def type_fit(q: str, c: str) -> float:
    if q == c:
        return 1.0
    if q in _VEHICLE and c in _VEHICLE:
        # a two-wheeler case is decided on the portal's two-wheeler series where one applies
        return TWO_WHEELER_CAR_FIT if "two_wheeler" in (q, c) else TYPE_FIT_VEHICLE
    if {q, c} == {"bicycle", "pm"}:
        return TYPE_FIT_BICYCLE_PM
    if {q, c} <= {"bicycle", "two_wheeler"}:
        return TYPE_FIT_BICYCLE_TWO_WHEELER
    return 0.0


def near_credit(table: dict[frozenset[str], float], a: str, b: str) -> float:
    """Credit of value `a` for `b`: 1 when equal, else the table's credit of the pair (0 when unlisted)."""
    return 1.0 if a == b else table.get(frozenset({a, b}), 0.0)


def _ordered(table: dict[frozenset[str], float]) -> dict[tuple[str, str], float]:
    """The table keyed by both orders of each pair: `near_credit` on the hot path without building a frozenset."""
    return {(a, b): v for pair, v in table.items() if len(pair) == 2 for a in pair for b in pair if a != b}


_MOVE_NEAR_PAIRS = _ordered(MOVE_NEAR)
_PLACE_NEAR_PAIRS = _ordered(PLACE_NEAR)


@dataclass(frozen=True)
class Fit:
    """Shared between the rankings of one description (`FitCache`): read it, never change it."""

    score: float
    swapped: bool  # True: the first named party is the chart's B
    reasons: list[str] = field(default_factory=list)
    known: int = 0


#: the role condition of a party that entered on an earlier light and was caught by the change
_ENTERED_THEN_CHANGED = "진입후신호변경"


def _party_fit(q: PartyFacts, c: PartySignature, reasons: list[str], tag: str) -> tuple[float, float, int]:
    """(score, max attainable, count of query facts used) for one party pairing.

    Each fact, in a fixed order (movement, signal, direction, road, roundabout, roundabout lane, entry order,
    lane marking),
    adds weight × credit to the score and its weight to the maximum: when both sides state it, full credit
    if they agree (or the field's near credit); when one side only does, the field's one-sided credit (not
    counted at all where that credit is 0: roundabout, entry order, lane marking); when neither does,
    nothing. Written out field by field because it runs for every chart, both party orders and every
    answer a question may get (~300,000 times per 100 descriptions)."""
    t = type_fit(q.type, c.type)
    s, mx = W_TYPE * t, W_TYPE
    if t == 0.0:
        reasons.append(f"{tag}: 당사자 유형 불일치")
    known = 0
    # movement — a role that names alternatives ("좌(우)회전", "직진(좌회전)") fits each of them
    qv, cv = q.movement, c.movement
    if qv is not None and cv is not None:
        if qv and cv:
            m = 1.0 if qv in c.alt_movements or qv == cv else _MOVE_NEAR_PAIRS.get((qv, cv), 0.0)
        else:
            m = 1.0 if qv == cv else 0.0
        s, mx, known = s + W_MOVE * m, mx + W_MOVE, known + 1
        if W_MOVE * m == W_MOVE:
            reasons.append(f"{tag}: 진행({ko(qv)}) 일치")
    elif (qv is not None or cv is not None) and ONE_SIDED_MOVEMENT != 0.0:
        s, mx = s + W_MOVE * ONE_SIDED_MOVEMENT, mx + W_MOVE
    # signal — "no signal" fits a chart that names none better than an unknown signal does
    signal = q.signal if q.signal != "unknown" else None
    if _ENTERED_THEN_CHANGED in q.conditions and _ENTERED_THEN_CHANGED in c.conditions:
        # "녹색에 들어갔다가 교차로 안에서 적색으로 바뀜": the light stated is the one it entered on, the
        # role's red (차1-2 "적색 충돌") the one it was caught by; the variant reads the entry light
        signal = None
    cv = c.signal
    if signal is not None and cv is not None:
        # a role printed "황(적)색" fits either colour
        fs = W_SIGNAL * (1.0 if signal == cv or signal in c.alt_signals else 0.0)
        s, mx, known = s + fs, mx + W_SIGNAL, known + 1
        if fs == W_SIGNAL:
            reasons.append(f"{tag}: 신호({ko(signal)}) 일치")
    elif (signal is not None or cv is not None) and (one := ONE_SIDED_NO_SIGNAL if signal == "none" else ONE_SIDED):
        s, mx = s + W_SIGNAL * one, mx + W_SIGNAL
    # direction — a role that names no side applies from either side: a stated side fits it fairly well
    qv, cv = q.from_direction, c.direction
    if qv is not None and cv is not None:
        # marked lanes side by side first; else the stated side against the role's (`side`: either side)
        near = _lane_side(q, c) or direction_credit(qv, cv)
        s, mx, known = s + W_DIR * near, mx + W_DIR, known + 1
    elif (qv is not None or cv is not None) and (one := ONE_SIDED_SIDELESS_ROLE if cv is None else ONE_SIDED):
        s, mx = s + W_DIR * one, mx + W_DIR
    # road — a description that names no width most likely means roads of equal width: a chart that
    # requires 대로/소로 must not fit it as well as its 동일폭 sibling
    qv, cv = q.road, c.road
    if qv is not None and cv is not None:
        s, mx, known = s + W_ROAD * (1.0 if qv == cv else 0.0), mx + W_ROAD, known + 1
    elif (qv is not None or cv is not None) and (one := EQUAL_ROAD_UNSTATED if qv is None and cv == "equal" else ONE_SIDED):
        s, mx = s + W_ROAD * one, mx + W_ROAD
    # roundabout and entry order: only when both sides state them, and not counted as known facts
    qv, cv = q.in_roundabout, c.in_roundabout
    if qv is not None and cv is not None:
        s, mx = s + W_ROUNDABOUT * (1.0 if qv == cv else 0.0), mx + W_ROUNDABOUT
    # the roundabout lane it drives in (inner / outer): 회전-4 and 회전-5 differ only by whose lane changes
    qv, cv = q.roundabout_lane, c.roundabout_lane
    if qv is not None and cv is not None:
        s, mx = s + W_ROUNDABOUT * (1.0 if qv == cv else 0.0), mx + W_ROUNDABOUT
    qv, cv = q.entered_first, c.entered_first
    if qv is not None and cv is not None:
        s, mx = s + W_FIRST * (1.0 if qv == cv else 0.0), mx + W_FIRST
    # lane marking of the party's lane: only when both sides state it
    qv, cv = q.lane_marking, c.lane_marking
    if qv is not None and cv is not None:
        near = lane_fit(q, c)
        fs = W_LANE * (near if near is not None else (1.0 if qv == cv else 0.0))
        s, mx, known = s + fs, mx + W_LANE, known + 1
        if fs == W_LANE:
            reasons.append(f"{tag}: 노면표시({'·'.join(ko(m) for m in qv or [])} 차로) 일치")
    return s, mx, known


_LATERAL = {"left", "right", "side"}
_LONGITUDINAL = {"front", "behind"}


def direction_credit(q: str | None, c: str | None) -> float | None:
    """Agreement of a stated side with a role's (None when either is unknown). `side` is a side road
    whose side is unsaid: a role that says side fits a stated left or right fully (PM-14/15 name no
    side of the crossing road), a stated side fits a role's left or right as one of its two sides; a role
    that says same (같은 방향) fits a stated front or behind."""
    if q is None or c is None:
        return None
    if q == c or (c == "side" and q in ("left", "right")):
        return 1.0
    if c == "same" and q in _LONGITUDINAL:
        return 1.0  # a role "같은 방향" (차55-3) is either of two cars one ahead of the other: 앞/뒤 tell which
    if q == "side" and c in ("left", "right"):
        return SIDE_ROAD_LATERAL
    return 0.0


def _lane_side(q: PartyFacts, c: PartySignature) -> float | None:
    """Direction credit when both name their lane markings: neighbouring marked lanes are side by
    side *and* one ahead of the other, so "2차로 … 3차로" (left/right) does not contradict a role's
    선행/후행 (front/behind); such a pair counts like a role that names no side."""
    if not (q.lane_marking and c.lane_marking and q.from_direction and c.direction):
        return None
    pair = {q.from_direction, c.direction}
    return LANE_SIDE_CREDIT if pair & _LATERAL and pair & _LONGITUDINAL else None


def lane_fit(q: PartyFacts, c: PartySignature) -> float | None:
    """Agreement of the lane marking of a party's lane with a role's (None when either is unknown).

    The 차11 charts differ by whether each party's own movement is allowed by its lane's marking
    (차11-5: the turner in a 직진·우회전 lane vs 차11-6: in a 직진 lane), so a description whose
    marking allows its movement contradicts a role whose marking forbids it, even when the two
    markings overlap; same verdict and overlapping markings ("좌회전/직진/우회전이 가능한" vs
    "직진·우회전") fit fairly well."""
    if not q.lane_marking or not c.lane_marking:
        return None
    qs, cs = set(q.lane_marking), set(c.lane_marking)
    if qs == cs:
        return 1.0
    if q.movement in _LANE_MOVES and c.movement in _LANE_MOVES and (q.movement in qs) != (c.movement in cs):
        return 0.0
    return LANE_OVERLAP if qs & cs else LANE_DISJOINT


# ------------------------------------------------------------------------------------------
# The party fits, remembered by what they read
# ------------------------------------------------------------------------------------------
#: Most of the fit's time was `_party_fit`, and most of its calls repeat one: a description's two parties meet
#: ~340 distinct roles of ~370 charts, in both orders, and a question's answer changes one party only. A party
#: fit reads a few fields of each side (`_query_key`, `_role_key_of`), so it is kept in a row per described
#: party's fields, under an id of the role's fields (as either role: the role's tag only starts its reasons). Ids are never reused (a cleared table only costs
#: a recomputation).
_IDS = itertools.count()
_QUERY_IDS: dict[tuple, int] = {}
_ROLE_IDS: dict[tuple, int] = {}
_PartyFit = tuple[float, float, int, tuple[str, ...], tuple[str, ...]]  # score, max, known, reasons as A, as B
_ROWS: dict[int, dict[int, _PartyFit]] = {}
_MEMO_LIMIT = 100_000  # ids, or rows, kept before a table is cleared (a batch adds a few per description)


def _interned(table: dict, key: tuple) -> int:
    found = table.get(key)
    if found is None:
        if len(table) > _MEMO_LIMIT:
            table.clear()
        found = table.setdefault(key, next(_IDS))
    return found


def _query_key(q: PartyFacts) -> int:
    """Id of the fields of a described party that `_party_fit` reads."""
    lane = q.lane_marking
    return _interned(_QUERY_IDS, (q.type, q.movement, q.signal, _ENTERED_THEN_CHANGED in q.conditions,
                                  q.from_direction, q.road, q.in_roundabout, q.roundabout_lane, q.entered_first,
                                  tuple(lane) if lane is not None else None))


def _role_key_of(c: PartySignature) -> int:
    """Id of the fields of a role that `_party_fit` reads."""
    lane = c.lane_marking
    return _interned(_ROLE_IDS, (c.type, c.movement, tuple(c.alt_movements), c.signal, tuple(c.alt_signals),
                                 _ENTERED_THEN_CHANGED in c.conditions, c.direction, c.road, c.in_roundabout,
                                 c.roundabout_lane, c.entered_first, tuple(lane) if lane is not None else None))


def _party_row(qkey: int) -> dict[int, _PartyFit]:
    """The remembered party fits of one described party (by `_query_key`), by role id."""
    row = _ROWS.get(qkey)
    if row is None:
        if len(_ROWS) > _MEMO_LIMIT:
            _ROWS.clear()
        row = _ROWS.setdefault(qkey, {})
    return row


def _party_fit_in(row: dict[int, _PartyFit], q: PartyFacts, c: PartySignature, ckey: int) -> _PartyFit:
    """`_party_fit` of q as role c, from its row (computed and kept there on the first ask): score, max,
    known facts, and the reasons as role A and as role B (the tag only starts each reason: "A: …")."""
    said: list[str] = []
    s, mx, known = _party_fit(q, c, said, "A")
    found = row[ckey] = (s, mx, known, tuple(said), tuple("B" + r[1:] for r in said))
    return found


#: role conditions that exclude each other (chart_cues.yaml): the right-turner moved to the right edge
#: beforehand or did not; the walker was on the carriageway or on the sidewalk; close behind a reversing car or
#: behind one that reversed a long way; the walk light changed during the crossing or did not; the crosswalk
#: before the junction the car was about to enter or past the one it went through; a walker in the middle of
#: the road or at its edge; a motorway walker with a reason or without
_PAIRS = [
    tuple(v for v, _ in load("chart_cues").pairs(list(p)))
    for p in (
        ("role_right_edge_not", "role_right_edge"),
        ("role_roadway_walk", "role_sidewalk_walk"),
        ("role_reverse_near", "role_reverse_far"),
        ("role_walk_light_changed", "role_walk_light_kept"),
        ("crosswalk_before_junction", "crosswalk_after_junction"),
        ("role_road_middle", "role_road_edge"),
        ("role_walk_reason", "role_walk_no_reason"),
    )
]
_OPPOSITE_CONDITION = {**{x: y for x, y in _PAIRS}, **{y: x for x, y in _PAIRS}}
#: role conditions with no opposite: a car short of the crosswalk (보19 "직진(횡단보도 통과 전)"), a walker lying,
#: sitting or playing in the road (보30 "차도에서 놀기, 누워 있음")
_LONE_CONDITIONS = frozenset(v for v, _ in load("chart_cues").pairs(["role_before_crosswalk", "role_dangerous_act"]))
_DANGEROUS_ACT = next(v for v, _ in load("chart_cues").pairs(["role_dangerous_act"]))


#: role conditions a description tells whenever they happened (차1-2 "신호가 바뀔 때까지 교차로를 벗어나지
#: 못한"): a description silent on them tells the plain signal chart (차1-1 red against green, 차2-4 both yellow); a
#: walker lying, sitting or playing in the road is told too (보30), so a walker merely walking ("걸어가는데 차가 나
#: 치고 그냥 감") fits 보30 worse than the plain walking charts (보27-1/보27-2/보28)
_TOLD_WHEN_TRUE = frozenset({_ENTERED_THEN_CHANGED, _DANGEROUS_ACT})
#: role conditions whose presence the chart's special cue credits already (보30's 위험행위): held, they are not
#: counted again (a drunk lying on a motorway stays 보35, "밤에 고속도로 2차로에 누워 있던 취객을"); only their
#: absence counts
_CREDITED_AS_CUE = frozenset({_DANGEROUS_ACT})
#: role conditions that only choose a chart (conditions.yaml: a car that stood at the roadside and moved off):
#: told of a party, they count against a chart whose roles name none of them, as a role condition the
#: description gives nobody counts against a chart that names it (비정형-15 "정차후 출발 진로변경" over 차43-3,
#: the plain simultaneous lane change that prices the stop only as a modifier)
_CHOOSING_CONDITIONS = frozenset({"정차후출발"})


def party_conditions(p: PartyFacts) -> set[str]:
    """`ROLE_CONDITIONS` keys that the description attaches to this party."""
    out = {c for c in p.conditions if c in ("정체", "긴급자동차", "정차후출발")}
    if "일시정지위반" in p.factors or "일시정지표지" in p.conditions:
        out.add("일시정지")
    if "일방통행위반" in p.factors:
        out.add("일방통행위반")  # "일방통행로를 역주행" also reads as 중앙선침범 (역주행): the one-way reading wins
    elif "중앙선침범" in p.factors:
        out.add("중앙선침범")
    if "진로변경금지장소" in p.factors:
        out.add("금지장소")
    if "진입후신호변경" in p.conditions:
        out.add("진입후신호변경")
    out.update(c for c in p.conditions if c in _OPPOSITE_CONDITION or c in _LONE_CONDITIONS)  # the pairs above
    return out


def _role_condition_fit(a: PartyFacts, b: PartyFacts, sig: ChartSignature, reasons: list[str],
                        conditions: tuple[set[str], set[str]] | None = None) -> tuple[float, float]:
    """(score, max) of the conditions the roles name: full credit when the party mapped to the role
    has it, none when the description gives it to the other party; not counted when nobody has it
    (a chart-level cue the description lacks is `SPECIAL_MISSING`'s business). `conditions`: the
    `party_conditions` of a and b when the caller has them already."""
    s = mx = 0.0
    if not (sig.A.conditions or sig.B.conditions):
        return s, mx  # most charts name none: skip reading the parties (hot path)
    ca, cb = conditions if conditions is not None else (party_conditions(a), party_conditions(b))
    for tag, role, mine, other in (("A", sig.A, ca, cb), ("B", sig.B, cb, ca)):
        for key in role.conditions:
            if key in mine and key in _CREDITED_AS_CUE:
                continue
            if key in mine:
                s, mx = s + W_ROLE_COND, mx + W_ROLE_COND
                reasons.append(f"{tag}: 조건({key}) 일치")
            elif key in other or _OPPOSITE_CONDITION.get(key) in mine:
                mx += W_ROLE_COND  # given to the other party, or its opposite said of this one
            elif key in _TOLD_WHEN_TRUE:
                mx += W_ROLE_COND  # a light that changed on a car inside is always told: silence is against it
    return s, mx


class _PerObject(Generic[K, V]):
    """Values derived from read-only objects, kept per object: keyed by identity and held with the object, so
    an id reused by a new object (a rebuilt signature) is not mistaken for the old one; cleared past `limit`."""

    def __init__(self, build: Callable[[K], V], limit: int) -> None:
        self.build = build
        self.limit = limit
        self._found: dict[int, tuple[K, V]] = {}

    def __call__(self, obj: K) -> V:
        found = self._found.get(id(obj))
        if found is not None and found[0] is obj:
            return found[1]
        value = self.build(obj)
        if len(self._found) > self.limit:
            self._found.clear()
        self._found[id(obj)] = (obj, value)
        return value


#: the party a one-party description lacks (read only)
_NOBODY = PartyFacts(name="?")


def _roundabout_views(sig: ChartSignature) -> list[ChartSignature]:
    """A chart whose variants differ on who circulates (399: (가) 이륜차 회전 중, (나) 이륜차 진입)
    is fitted as each of them, since its chart-level roles leave `in_roundabout` open. Kept per signature
    object (`_PerObject`): the fit asks for it on every ranking."""
    return _VIEWS(sig)


def _views_of(sig: ChartSignature) -> list[ChartSignature]:
    pairs = list(dict.fromkeys((v.A.in_roundabout, v.B.in_roundabout) for v in sig.variants))
    if len(pairs) < 2:
        return [sig]
    return [
        sig.model_copy(update={
            "A": sig.A.model_copy(update={"in_roundabout": a}),
            "B": sig.B.model_copy(update={"in_roundabout": b}),
            "variants": [],
        })
        for a, b in pairs
    ]


_VIEWS = _PerObject(_views_of, 20_000)


def _unnamed_choosing(held: frozenset[str], sig: ChartSignature) -> float:
    """Weight missed for the `_CHOOSING_CONDITIONS` the parties hold (`held`) that no role of the chart names."""
    if not held:
        return 0.0
    return W_ROLE_COND * len(held - set(sig.A.conditions) - set(sig.B.conditions))


class _Role:
    """What a fit reads of one chart signature, read once per signature object (`_ROLES`): its two roles and
    their ids (`_role_key_of`), whether they name conditions, and its roundabout views (each read likewise)."""

    __slots__ = ("akey", "bkey", "conds", "scene", "sig", "untold", "views")

    def __init__(self, sig: ChartSignature) -> None:
        self.sig = sig
        self.akey = _role_key_of(sig.A)
        self.bkey = _role_key_of(sig.B)
        self.conds = bool(sig.A.conditions or sig.B.conditions)
        self.scene = (sig.place, sig.collision)  # its key in `_Query.scenes`
        #: `_cue_terms` of cues that name none of its special conditions and no exit or entry (most descriptions)
        self.untold = _cue_terms(sig, set())
        views = _roundabout_views(sig)
        self.views = [_Role(v) for v in views] if len(views) > 1 else None


_ROLES = _PerObject(_Role, 20_000)


class _Query:
    """The facts as every chart's fit reads them: the two parties (a one-party description's second is
    `_NOBODY`), the rows of their remembered party fits (`_party_row`), the place and collision
    terms by the chart's place and collision and, once a chart's roles ask, the parties' `party_conditions`.
    Read once per facts for all charts (`FitCache` keeps one per facts); read it, never change it."""

    __slots__ = ("_conds", "choosing", "facts", "parties", "rows", "scenes")

    def __init__(self, facts: AccidentFacts) -> None:
        if len(facts.parties) < 2:
            q = list(facts.parties) + [_NOBODY] * (2 - len(facts.parties))
        else:
            q = facts.parties[:2]
        self.facts = facts
        self.parties = (q[0], q[1])
        r0, r1 = _party_row(_query_key(q[0])), _party_row(_query_key(q[1]))
        # (first party as A, second as B) then (second as A, first as B)
        self.rows = ((r0, r1), (r1, r0))
        #: the `_CHOOSING_CONDITIONS` either party holds (`_unnamed_choosing`)
        self.choosing = frozenset(c for p in self.parties for c in p.conditions if c in _CHOOSING_CONDITIONS)
        self._conds: tuple[set[str], set[str]] | None = None
        #: `_scene_terms` by the chart's (place, collision)
        self.scenes: dict[tuple[str | None, str | None], tuple[float, float, str | None, float | None]] = {}

    @property
    def conds(self) -> tuple[set[str], set[str]]:
        if self._conds is None:
            self._conds = (party_conditions(self.parties[0]), party_conditions(self.parties[1]))
        return self._conds


#: a chart's special conditions against the described cues: (the reasons of those both name, in the chart's order; the
#: score's steps in the fit's order: + SPECIAL_SHARED for each named by both, − SPECIAL_MISSING for each the
#: description lacks and for a contradicting exit, applied one by one as before so the sums round alike)
_Terms = tuple[tuple[str, ...], tuple[float, ...]]
_NO_TERMS: _Terms = ((), ())
_EXIT_OR_ENTRY = EXIT_CUES | ENTRY_CUES


def _cue_terms(sig: ChartSignature, cues: set[str] | None) -> _Terms:
    """The chart's special conditions against the described cues (the shared keys and the score's steps):
    each counted one adds or takes away, and a named exit or entry that contradicts the chart's takes away."""
    if cues is None or not sig.special:
        return _NO_TERMS  # half the charts name no special condition: skip reading the cues for them
    special = [(key in cues, key) for key in sig.special if key in cues or key not in PREFERENCE_CUES]
    steps = [SPECIAL_SHARED if shared else -SPECIAL_MISSING for shared, _key in special]
    if exit_conflict(sig.special, cues):
        steps.append(-SPECIAL_MISSING)  # another exit than the one told: a preference cue that contradicts
    return tuple(f"특수 조건 '{key}' 일치" for shared, key in special if shared), tuple(steps)


def _scene_terms(facts: AccidentFacts, sig: ChartSignature) -> tuple[float, float, str | None, float | None]:
    """What the place and the collision add to a fit's score and maximum (the same for both party orders):
    (place score, place maximum, place reason, collision score or None when not counted)."""
    place_add = place_mx = 0.0
    place_reason = None
    if facts.place and sig.place:
        p = 1.0 if facts.place == sig.place else _PLACE_NEAR_PAIRS.get((facts.place, sig.place), 0.0)
        place_add, place_mx = W_PLACE * p, W_PLACE
        if p == 1.0:
            place_reason = f"장소({ko(facts.place)}) 일치"
    elif sig.place or facts.place:
        place_add, place_mx = W_PLACE * ONE_SIDED, W_PLACE
    collision_add = W_COLLISION * (1.0 if facts.collision == sig.collision else 0.0) \
        if facts.collision and sig.collision else None
    return place_add, place_mx, place_reason, collision_add


def structured_fit(facts: AccidentFacts, sig: ChartSignature, cues: set[str] | None = None) -> Fit:
    """Best fit of the facts to a chart over both party orders.

    `cues` are the distinctive conditions the description mentions (`special_cues`).
    """
    return _fit(_Query(facts), _ROLES(sig), cues, None)


def _fit(query: _Query, role: _Role, cues: set[str] | None,
         terms: dict[int, tuple[ChartSignature, _Terms]] | None) -> Fit:
    """`structured_fit` of read facts and a read signature; `terms`: the `_cue_terms` of these cues per
    signature, when kept. Both party orders are written out (this runs ~500 times per description): the
    first party as A, then the second; the second wins only when better by more than 1e-9, or on a tie when
    it puts the party making a role's own movement on that role (`_own_move_order`)."""
    if role.views is not None:  # a roundabout chart fitted as each of its variants (`_roundabout_views`)
        return max((_fit(query, v, cues, terms) for v in role.views), key=_score_of)
    sig = role.sig
    if not sig.special:
        shared, steps = _NO_TERMS
    elif cues is not None and cues.isdisjoint(sig.special) and _EXIT_OR_ENTRY.isdisjoint(cues):
        shared, steps = role.untold  # the description names none of them: each one it lacks counts against
    elif terms is None:
        shared, steps = _cue_terms(sig, cues)
    else:
        kept = terms.get(id(sig))
        if kept is None or kept[0] is not sig:
            kept = terms[id(sig)] = (sig, _cue_terms(sig, cues))
        shared, steps = kept[1]
    scene = query.scenes.get(role.scene)
    if scene is None:
        scene = query.scenes[role.scene] = _scene_terms(query.facts, sig)
    place_add, place_mx, place_reason, collision_add = scene
    # what does not depend on the party order is read once for both orders
    unnamed = _unnamed_choosing(query.choosing, sig) if query.choosing else 0.0
    q0, q1 = query.parties
    r0, r1 = query.rows[0]
    akey, bkey = role.akey, role.bkey
    # the party fits of each order: (first as A, second as B), (second as A, first as B)
    fa0 = r0.get(akey) or _party_fit_in(r0, q0, sig.A, akey)
    fb0 = r1.get(bkey) or _party_fit_in(r1, q1, sig.B, bkey)
    fa1 = r1.get(akey) or _party_fit_in(r1, q1, sig.A, akey)
    fb1 = r0.get(bkey) or _party_fit_in(r0, q0, sig.B, bkey)
    s0, mx0 = fa0[0] + fb0[0], fa0[1] + fb0[1]
    s1, mx1 = fa1[0] + fb1[0], fa1[1] + fb1[1]
    said0: list[str] = []
    said1: list[str] = []
    if role.conds:  # only a chart whose roles name conditions (`_role_condition_fit` adds 0 else)
        conds = query.conds
        cs, cm = _role_condition_fit(q0, q1, sig, said0, conds)
        s0, mx0 = s0 + cs, mx0 + cm
        cs, cm = _role_condition_fit(q1, q0, sig, said1, (conds[1], conds[0]))
        s1, mx1 = s1 + cs, mx1 + cm
    # the same terms added to each order in the same sequence (the sums round alike)
    mx0 += unnamed
    mx1 += unnamed
    if place_mx:
        s0 += place_add
        mx0 += place_mx
        s1 += place_add
        mx1 += place_mx
    if collision_add is not None:
        s0 += collision_add
        mx0 += W_COLLISION
        s1 += collision_add
        mx1 += W_COLLISION
    score0 = s0 / mx0 if mx0 else 0.0
    score1 = s1 / mx1 if mx1 else 0.0
    for step in steps:
        score0 += step
        score1 += step
    if score1 > score0 + 1e-9 or (score1 > score0 - 1e-9 and _own_move_order(q0, q1, sig) > 0):
        score, swapped, fa, fb, said = score1, True, fa1, fb1, said1
    else:
        score, swapped, fa, fb, said = score0, False, fa0, fb0, said0
    # in the order they were read: each party's, the roles' conditions, the place, the shared special conditions
    reasons: list[str] = [*fa[3], *fb[4], *said]
    if place_mx and place_reason:
        reasons.append(place_reason)
    if shared:
        reasons.extend(shared)
    return Fit(score, swapped, reasons, fa[2] + fb[2])


def _score_of(fit: Fit) -> float:
    return fit.score


def _fits_move(movement: str, role: PartySignature) -> int:
    """2: the role's own movement, 1: one it also allows ("전진 내지 후진하여 출차"), 0: neither."""
    return 2 if movement == role.movement else (1 if movement in role.alt_movements else 0)


def _own_move_order(q0: PartyFacts, q1: PartyFacts, sig: ChartSignature) -> int:
    """Breaks a tie between the party orders (q0 first as A, or swapped): > 0 when the swapped order is better
    because, for a role both parties fit by a stated movement, the swapped order puts there the party making
    the role's own movement, not one it only allows. 차51-1's exit "전진 내지 후진하여 출차" allows reversing,
    so a car reversing along the aisle fits it as well as the car leaving the bay does: the leaving car is the
    exit. A party with no movement read decides nothing."""
    out = 0
    for role, first, other in ((sig.A, q0, q1), (sig.B, q1, q0)):
        if first.movement is None or other.movement is None:
            continue
        fu, fs = _fits_move(first.movement, role), _fits_move(other.movement, role)
        if fu and fs and fu != fs:
            out += 1 if fs > fu else -1
    return out


class FitTable:
    """One facts' fits under one set of cues (`FitCache.table`), with the facts as read (`_Query`, on the
    first fit). A ranking asks its table once, then each chart's fit of it."""

    __slots__ = ("cues", "fits", "owner", "query", "terms")

    def __init__(self, owner: FitCache, cues: frozenset[str] | None) -> None:
        self.owner = owner
        self.cues = cues
        self.fits: dict[str, tuple[ChartSignature, Fit]] = {}
        self.query: _Query | None = None
        self.terms: dict[int, tuple[ChartSignature, _Terms]] | None = None  # `FitCache._cue_table` of its cues

    def fit(self, cid: str, sig: ChartSignature, facts: AccidentFacts, cues: set[str] | None) -> Fit:
        """The chart's fit (computed on the first ask); `facts` and `cues` are the table's own."""
        found = self.fits.get(cid)
        if found is not None and found[0] is sig:
            return found[1]
        query = self.query
        if query is None:
            query = self.query = _Query(facts)
        terms = self.terms
        if terms is None and sig.special:
            terms = self.terms = self.owner._cue_table(self.cues)
        fit = _fit(query, _ROLES(sig), cues, terms)
        self.fits[cid] = (sig, fit)
        return fit


class FitCache:
    """The structured fits of the latest few facts, per chart and cues.

    One assessment ranks the same facts several times: the rules (`rank_candidates`) or the reader
    (`katalog.reader.pipeline.score_all`, every rankable chart), then the question stage's chart pool
    (`rank_candidates` again, without retrieval, which the fit does not read). A fit depends on the facts,
    the chart's signature and the cues only, so each is computed once. Keyed by the facts' JSON (equal
    facts, equal fits) and the signature object itself (a rebuilt signature is fitted anew). The cues'
    `_cue_terms` are kept per cues (a description's question answers share its cues)."""

    SIZE = 8  # facts kept (one description's question answers add a few small tables)

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tables: OrderedDict[tuple, FitTable] = OrderedDict()
        self._last: tuple[tuple, FitTable] | None = None
        self._terms: OrderedDict[frozenset[str] | None, dict[int, tuple[ChartSignature, _Terms]]] = OrderedDict()

    def _table(self, key: tuple) -> FitTable:
        last = self._last  # one ranking asks for the same table once per chart: skip the lock then
        if last is not None and last[0] == key:
            return last[1]
        with self._lock:
            table = self._tables.get(key)
            if table is None:
                table = self._tables[key] = FitTable(self, key[1])
                while len(self._tables) > self.SIZE:
                    self._tables.popitem(last=False)
            else:
                self._tables.move_to_end(key)
            self._last = (key, table)
            return table

    def _cue_table(self, cues: frozenset[str] | None) -> dict[int, tuple[ChartSignature, _Terms]]:
        with self._lock:
            found = self._terms.get(cues)
            if found is None:
                found = self._terms[cues] = {}
                while len(self._terms) > self.SIZE:
                    self._terms.popitem(last=False)
            return found

    def table(self, facts_key: str, cues: set[str] | None) -> FitTable:
        """The fits of the facts whose JSON is `facts_key` under these cues."""
        return self._table((facts_key, None if cues is None else frozenset(cues)))

    def fit(self, facts_key: str, cid: str, sig: ChartSignature, facts: AccidentFacts,
            cues: set[str] | None) -> Fit:
        return self.table(facts_key, cues).fit(cid, sig, facts, cues)

    def clear(self) -> None:
        with self._lock:
            self._tables.clear()
            self._terms.clear()
            self._last = None


FITS = FitCache()


def _legacy_maps_of(signatures: dict[str, ChartSignature]) -> list[tuple[str, list[str]]]:
    """(chart id, `maps_to`) of each portal legacy chart, in signature order."""
    return [(cid, sig.maps_to) for cid, sig in signatures.items() if sig.legacy and sig.maps_to]


#: kept per signatures dict (`_PerObject`): every ranking asks, the question stage once per answer, and the
#: loaded signatures never change (a rebuilt dict is read anew)
_legacy_maps = _PerObject(_legacy_maps_of, 64)


def _legacy_zeros_of(signatures: dict[str, ChartSignature]) -> dict[str, float]:
    return {cid: 0.0 for cid, _ in _legacy_maps(signatures)}


#: `_with_legacy_scores` of no retrieval (the question stage ranks every answer so), per signatures dict
_legacy_zeros = _PerObject(_legacy_zeros_of, 64)


def _with_legacy_scores(scores: dict[str, float], signatures: dict[str, ChartSignature]) -> dict[str, float]:
    """A portal legacy chart scores at least as well as the 2023 charts it adapts (`maps_to`): its
    own indexed text is short, so retrieval alone would count against it."""
    if not scores:
        return dict(_legacy_zeros(signatures))
    out = dict(scores)
    for cid, maps_to in _legacy_maps(signatures):
        out[cid] = max([out.get(cid, 0.0)] + [scores.get(m, 0.0) for m in maps_to])
    return out


def fact_count(facts: AccidentFacts) -> int:
    """How many matchable facts the description gave (place, and per party movement, signal …)."""
    n = int(facts.place not in (None, "intersection", "other")) + int(facts.collision is not None)
    for p in facts.parties[:2]:
        n += sum(x is not None for x in (p.movement, p.from_direction, p.road, p.entered_first))
        n += int(p.signal not in (None, "unknown"))
    return n


def retrieval_weight(facts: AccidentFacts) -> float:
    """Lean on retrieval when the facts are thin (lay one-liners), on the structured fit when rich."""
    n = fact_count(facts)
    if n <= RICH_FACTS_LOW:
        return W_RETRIEVAL
    if n >= RICH_FACTS_HIGH:
        return W_RETRIEVAL_RICH
    frac = (n - RICH_FACTS_LOW) / (RICH_FACTS_HIGH - RICH_FACTS_LOW)
    return W_RETRIEVAL + frac * (W_RETRIEVAL_RICH - W_RETRIEVAL)


def road_users_fit_book(sig: ChartSignature, qtypes: set[str], place: str | None, conditions: set[str] | None = None,
                        superseded: frozenset[str] = frozenset()) -> bool:
    """Gate charts by road-user types: 보 needs a pedestrian, 거 a bicycle, PM a PM; a walker on a motorway
    only the motorway's walker charts.

    A chart of a book no longer in force on the accident's date (`superseded`,
    `katalog.standard.edition.superseded_books`: the portal series once the 2023 edition took effect,
    so for every undated description) is never ranked.

    The portal's two-wheeler charts (3xx) are ranked only when a two-wheeler is involved and its
    highway charts (5xx) only on highways: the 2023 book has no two-wheeler-specific charts, and
    the portal still publishes both series with their own base ratios.

    The 2025 two-lane roundabout book (회전-1…15) splits cases by the roundabout's own lanes
    (회전1차로로 / 회전2차로로 진입, 진출 N차로, N시 방향): it is ranked only when the description
    states such a fact (the facts' "회전차로" condition); otherwise the general 2023 charts (차54-x)
    decide, as committees did before 2025. A chart no source describes (`rankable=False`) is never ranked.
    """
    if not sig.rankable or sig.book in superseded:
        return False
    if sig.book == ROUND_BOOK_2025 and conditions is not None and "회전차로" not in conditions:
        return False
    types = {sig.A.type, sig.B.type}
    if sig.legacy:
        if sig.chart_id.startswith("5"):
            return place in ("highway", "merge") and qtypes <= _VEHICLE
        return "two_wheeler" in types and "two_wheeler" in qtypes
    if "pedestrian" in types or "pedestrian" in qtypes:
        # a walker on a motorway has the standard's own charts (보35/보36, place highway); the ordinary roads'
        # walker charts (보30's dangerous act, 보27/보28) do not apply there
        return "pedestrian" in types and "pedestrian" in qtypes and (place != "highway" or sig.place == "highway")
    if "pm" in types or "pm" in qtypes:
        return "pm" in types and "pm" in qtypes
    if "bicycle" in types or "bicycle" in qtypes:
        return "bicycle" in types and "bicycle" in qtypes
    return True


@dataclass
class Ranked:
    chart_id: str
    score: float
    confidence: float
    fit: Fit
    retrieval: float
    penalty: float = 0.0


def softmax(scores: list[float], t: float) -> list[float]:
    """Probabilities of `scores` at temperature `t` (empty in, empty out)."""
    if not scores:
        return []
    top = max(scores)
    exps = [math.exp((x - top) / t) for x in scores]
    total = sum(exps)
    return [e / total for e in exps]


@dataclass(frozen=True)
class ScoreContext:
    """What every chart's rule score of one description shares: normalised retrieval, its weight, the
    road users and the scene (for the book gates)."""

    retrieval: dict[str, float]
    rmax: float
    w_retrieval: float
    qtypes: set[str]
    scene: set[str]
    facts_key: str = ""  # the facts as JSON: which fits of `FITS` are theirs ("" : none shared)
    #: the books not in force on the facts' accident date (`superseded_on`)
    superseded: frozenset[str] = frozenset()
    #: every signature, for a chart's superseded twins (`ChartSignature.twins`)
    signatures: dict[str, ChartSignature] = field(default_factory=dict, compare=False, hash=False)
    #: `_gate_table` by the place of the facts asked about
    gates: dict[str | None, dict[int, tuple[ChartSignature, bool]]] = field(
        default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def of(cls, facts: AccidentFacts, signatures: dict[str, ChartSignature],
           retrieval_scores: dict[str, float]) -> ScoreContext:
        scores = _with_legacy_scores(retrieval_scores, signatures)
        return cls(scores, max(scores.values(), default=0.0) or 1.0, retrieval_weight(facts),
                   {p.type for p in facts.parties[:2]}, set(facts.conditions), facts.model_dump_json(),
                   superseded_on(facts.accident_date), signatures)

    def fits(self, cues: set[str] | None) -> FitTable | None:
        """The shared fits of these facts under these cues (`FITS`; None when the facts are not keyed)."""
        return FITS.table(self.facts_key, cues) if self.facts_key else None

    def book_applies(self, sig: ChartSignature, facts: AccidentFacts) -> bool:
        table = self.gates.get(facts.place)
        if table is None:
            table = self.gates[facts.place] = _gate_table(frozenset(self.qtypes), facts.place, "회전차로" in self.scene,
                                                          self.superseded)
        found = table.get(id(sig))
        if found is None or found[0] is not sig:
            found = table[id(sig)] = (sig, road_users_fit_book(sig, self.qtypes, facts.place, self.scene,
                                                               self.superseded))
        return found[1]


#: `road_users_fit_book` of each signature object, by what it reads of the facts: the road users, the place,
#: whether the roundabout's own lanes are told and the books out of force (every ranking gates every chart;
#: a batch repeats these)
_GATES: dict[tuple[frozenset[str], str | None, bool, frozenset[str]], dict[int, tuple[ChartSignature, bool]]] = {}


def _gate_table(qtypes: frozenset[str], place: str | None, lanes: bool,
                superseded: frozenset[str]) -> dict[int, tuple[ChartSignature, bool]]:
    key = (qtypes, place, lanes, superseded)
    table = _GATES.get(key)
    if table is None:
        if len(_GATES) > 256:
            _GATES.clear()
        table = _GATES.setdefault(key, {})
    return table


@lru_cache(maxsize=64)
def _superseded(on: date) -> frozenset[str]:
    from katalog.standard.edition import superseded_books
    from katalog.standard.loader import load_standard

    return superseded_books(load_standard().books, on)


def superseded_on(on: date | None) -> frozenset[str]:
    """The books out of force on the accident date `on` (None: today, the current edition)."""
    return _superseded(on or date.today())


def rule_score(cid: str, sig: ChartSignature, facts: AccidentFacts, ctx: ScoreContext,
               cues: set[str] | None = None, fits: FitTable | None = None) -> Ranked:
    """One chart's rule score: structured fit × `FIT_SCALE` + weighted retrieval − the 비정형 penalty (no confidence yet).

    A chart with superseded twins (`sig.twins`: the same chart published in an older book, never ranked itself)
    scores as the better of itself and each twin read in the twin's own words, penalty included: the two
    were separate candidates before, now they are one, under the current id. `fits`: `ctx.fits(cues)`,
    when the caller asked for it once for all its charts."""
    ranked = _rule_score(cid, sig, facts, ctx, cues, fits)
    for twin in sig.twins:
        tsig = ctx.signatures.get(twin)
        if tsig is not None:
            other = _rule_score(twin, tsig, facts, ctx, cues, fits)
            if other.score > ranked.score:
                ranked = replace(other, chart_id=cid)
    return ranked


def _nontypical_penalty(sig: ChartSignature, facts: AccidentFacts) -> float:
    """The 비정형 book's penalty: smaller for its two-wheeler charts when a two-wheeler is a party."""
    if sig.category != "비정형":
        return 0.0
    if "two_wheeler" in (sig.A.type, sig.B.type) and any(p.type == "two_wheeler" for p in facts.parties[:2]):
        return NONTYPICAL_PENALTY_TWO_WHEELER
    return NONTYPICAL_PENALTY


def _rule_score(cid: str, sig: ChartSignature, facts: AccidentFacts, ctx: ScoreContext,
                cues: set[str] | None = None, fits: FitTable | None = None) -> Ranked:
    if fits is None:
        fits = ctx.fits(cues)
    fit = fits.fit(cid, sig, facts, cues) if fits is not None else structured_fit(facts, sig, cues)
    r = ctx.retrieval.get(cid, 0.0) / ctx.rmax
    # the reader reads `penalty` as the 비정형 book's flag (the same for every 비정형 chart); the score
    # subtracts the penalty this chart earns (smaller for a two-wheeler chart with a two-wheeler party)
    flag = NONTYPICAL_PENALTY if sig.category == "비정형" else 0.0
    return Ranked(cid, fit.score * FIT_SCALE + ctx.w_retrieval * r - _nontypical_penalty(sig, facts), 0.0, fit, r,
                  flag)


def rank_candidates(
    facts: AccidentFacts,
    signatures: dict[str, ChartSignature],
    retrieval_scores: dict[str, float],
    *,
    top: int = 10,
    allowed: set[str] | None = None,
    cues: set[str] | None = None,
) -> list[Ranked]:
    """Combine structured fit with normalised retrieval scores; softmax → confidence."""
    ctx = ScoreContext.of(facts, signatures, retrieval_scores)
    fits = ctx.fits(cues)
    ranked = [
        rule_score(cid, sig, facts, ctx, cues, fits) for cid, sig in signatures.items()
        if (allowed is None or cid in allowed) and ctx.book_applies(sig, facts)
    ]
    ranked.sort(key=lambda x: x.score, reverse=True)
    head = ranked[: max(top, 1) * SOFTMAX_POOL_FACTOR]
    for x, p in zip(head, softmax([x.score for x in head], SOFTMAX_T), strict=True):
        x.confidence = p
    return head[:top]
