"""Domain lexicon of the rule-based fact extractor, read from `data/vocab/*.yaml` (katalog.vocab).

Factor keys
-----------
A *factor* is a piece of modifier evidence (수정요소 근거, `data/vocab/modifiers.yaml`) or a scene
condition (`data/vocab/conditions.yaml`) found in the text. Its key is written like the standard's
modifier name with spaces and dots removed, so
`katalog.standard.schema.normalize_name(<chart modifier name>) == key` wherever the chart uses the
same name ("서행불이행", "현저한과실", "야간기타시야장애" …). `FactorDef.chart_names` lists the other
printed spellings of the same modifier in the book; `umbrella` names the grade the standard's 총설
files a specific cue under (음주 → 중대한과실, 휴대폰 → 현저한과실) — the extractor adds the umbrella key
to the party's factors too, with the same span; `fallback` names the grade a cue counts as only where
a chart has no modifier of its own name (the grade's name listed last in the entry's chart_names).

`kind`:
- "modifier": maps onto chart modifiers (the calculator may apply it);
- "condition": describes the situation, for chart matching only (일방통행, 비보호좌회전 …); such keys go
  to `PartyFacts.conditions` / `AccidentFacts.conditions`, never to `factors`.

`target` (the entry's `party`):
- "party": attributed to the road user whose clause holds the cue;
- "weak_party": the pedestrian / rider if there is one, else the clause owner (어린이·노인 …);
- "walkers_driver": the one other party when a pedestrian is a party (the car passing others that stopped
  for the walker), never read without a pedestrian;
- "scene": the whole accident (야간, 보호구역 …).

Patterns are regular expressions over the original text, loosened by `katalog.facts.text.loosen`
(an optional space between Hangul syllables; a literal space matches any spacing). Why a pattern
reads as it does is the entry's `note` in the YAML file.

Movements, signals, roads and road users are `(value, pattern)` lists from movements.yaml,
signals.yaml, roads.yaml and road_users.yaml; a clause keeps its most specific movement by
`MOVEMENT_RANK` (a clause saying "직진하다가 진로를 변경" is a lane change).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from katalog.vocab import Entry, Vocab, load

Target = Literal["party", "weak_party", "walkers_driver", "scene"]
Kind = Literal["modifier", "condition"]


@dataclass(frozen=True)
class FactorDef:
    key: str
    label: str  # Korean display name
    patterns: tuple[str, ...]
    target: Target = "party"
    kind: Kind = "modifier"
    negatable: bool = True  # False when the cue itself is worded negatively ("안 켜고")
    umbrella: str | None = None
    chart_names: tuple[str, ...] = field(default_factory=tuple)
    #: the grade (현저한과실 / 중대한과실) the cue counts as where a chart has no modifier of its own name
    fallback: str | None = None


_MODIFIERS: Vocab = load("modifiers")
_CONDITIONS: Vocab = load("conditions")
_MOVEMENTS: Vocab = load("movements")
_SIGNALS: Vocab = load("signals")
_ROADS: Vocab = load("roads")
_ROAD_USERS: Vocab = load("road_users")

#: A car door opened into traffic (개문). One pattern for the door_opening movement, the 문열림
#: condition (whose entry borrows it) and the chart cue (`signatures.SPECIAL_CUES`).
DOOR_OPENING = _MOVEMENTS.pattern("door_opening")

#: Entries that state no patterns of their own and borrow another file's (see their `note`).
_BORROWED: dict[str, tuple[str, ...]] = {"문열림": (DOOR_OPENING,)}


def _factor(vocab: Vocab, e: Entry) -> FactorDef:
    kind = e.kind or ("condition" if vocab.name == "conditions" else "modifier")
    patterns = vocab.patterns(e.key) or _BORROWED[e.key]
    return FactorDef(
        key=e.key,
        label=e.label or e.key,
        patterns=patterns,
        target=e.party or "party",
        kind=kind,
        negatable=e.strict,
        umbrella=e.umbrella,
        chart_names=e.chart_names,
        fallback=e.fallback,
    )


#: Modifier evidence (modifiers.yaml), then scene conditions (conditions.yaml), each in file order.
FACTORS: tuple[FactorDef, ...] = tuple(
    _factor(v, e) for v in (_MODIFIERS, _CONDITIONS) for e in v.entries
)

FACTOR_BY_KEY: dict[str, FactorDef] = {f.key: f for f in FACTORS}


def factor_keys(kind: Kind | None = None) -> list[str]:
    """All factor keys (optionally only modifiers or only conditions), in lexicon order."""
    return [f.key for f in FACTORS if kind is None or f.kind == kind]


def chart_names_for(key: str) -> tuple[str, ...]:
    """Printed chart modifier names a factor key stands for (the key itself first)."""
    f = FACTOR_BY_KEY.get(key)
    if f is None:
        return (key,)
    return (f.label, *f.chart_names)


def grade_of(key: str) -> str | None:
    """The grade a factor key falls back to where a chart has no modifier of its own name, or None."""
    f = FACTOR_BY_KEY.get(key)
    return (f.umbrella or f.fallback) if f else None


#: The lane-jump cue ("N차로에서 … M차로로 변경", |N-M| >= 2) and the worded ones ("세 개 차로를 한 번에").
_LANE_JUMP, *_jump_words = FACTOR_BY_KEY["연속진로변경"].patterns
_LANE_JUMP_WORDS: tuple[str, ...] = tuple(_jump_words)

# ---------------------------------------------------------------------------------------------
# Movements, signals, roads — (value, pattern) lists in file order
# ---------------------------------------------------------------------------------------------
_MOVEMENT_KEYS = [e.key for e in _MOVEMENTS.entries if e.rank is not None]
MOVEMENT_CUES: tuple[tuple[str, str], ...] = tuple(_MOVEMENTS.pairs(_MOVEMENT_KEYS))

#: Higher = more specific; a clause keeps its most specific movement.
MOVEMENT_RANK: dict[str, int] = {e.key: int(e.rank) for e in _MOVEMENTS.entries if e.rank is not None}

#: The light a party had, first matching cue first ("황색점멸" is not "황색").
SIGNAL_CUES: tuple[tuple[str, str], ...] = tuple(
    _SIGNALS.pairs([e.key for e in _SIGNALS.entries if e.party == "party"])
)
#: Absence of signals ("신호 없는 교차로", "신호도 표지도 없는").
NO_SIGNAL = _SIGNALS.pattern("none")
#: The standard's "교통정리가 이루어지고 있지 않은 교차로": sets the place only.
NO_CONTROL = _SIGNALS.pattern("no_control")
HAS_SIGNAL = _SIGNALS.pattern("has_signal")
PARTIAL_SIGNAL = _SIGNALS.pattern("partial_signal")

ROAD_CUES: tuple[tuple[str, str], ...] = tuple(_ROADS.pairs(["major", "minor", "non_priority", "priority"]))
EQUAL_ROAD = _ROADS.pattern("equal")

#: A lane's road marking (노면표시): the movements it permits, read per party into
#: `PartyFacts.lane_marking`; `LANE_MARKING_NOT` rejects a lane moved into or absent.
LANE_MARKING = _ROADS.pattern("lane_marking")
LANE_MARKING_NOT = _ROADS.pattern("lane_marking_not")
#: Movement words inside a lane-marking phrase, in the order `lane_marking` lists them.
LANE_MOVES: tuple[tuple[str, str], ...] = tuple(
    _ROADS.pairs(["lane_left_turn", "lane_straight", "lane_right_turn", "lane_u_turn"])
)

DIRECTION_CUES: tuple[tuple[str, str], ...] = tuple(
    _MOVEMENTS.pairs([e.key for e in _MOVEMENTS.entries if e.key.startswith("from_")])
)
#: Who ran into whom outranks position nouns in the same clause (the one who 추돌s is behind).
DIRECTION_STRONG: tuple[tuple[str, str], ...] = tuple(
    _MOVEMENTS.pairs([e.key for e in _MOVEMENTS.entries if e.key.startswith("crash_")])
)

#: Entered first: the 선진입 modifier's own cues.
ENTERED_FIRST = "|".join(FACTOR_BY_KEY["선진입"].patterns)
ENTERED_LATE = _MOVEMENTS.pattern("entered_late")
IN_ROUNDABOUT = _MOVEMENTS.pattern("in_roundabout")
ENTERING_ROUNDABOUT = _MOVEMENTS.pattern("entering_roundabout")
#: Moving between a roundabout's inner and outer lanes (read only inside a roundabout).
ROUNDABOUT_LANE_CHANGE = _MOVEMENTS.pattern("roundabout_lane_change")
#: The two-lane roundabout's own lane facts (the 2025 book's vocabulary).
ROUNDABOUT_LANES = _ROADS.pattern("roundabout_lanes")
#: A roundabout party's own lane (`PartyFacts.roundabout_lane`): inner (안쪽, 회전/진입1차로) or outer (바깥쪽,
#: 회전/진입2차로); `ROUNDABOUT_LANE_TARGET`, matched right after one, marks a lane moved into instead.
ROUNDABOUT_OWN_LANES: tuple[tuple[str, str], ...] = tuple(
    _ROADS.pairs(["roundabout_inner_lane", "roundabout_outer_lane"])
)
ROUNDABOUT_LANE_TARGET = _ROADS.pattern("roundabout_lane_target")
#: A lane not taken ("바깥쪽으로 안 가고") and a crossing into another's lane ("제 쪽으로 밀고 들어와").
ROUNDABOUT_LANE_NOT_TAKEN = _ROADS.pattern("roundabout_lane_not_taken")
ROUNDABOUT_CROSS_INTO = _ROADS.pattern("roundabout_cross_into")
#: Going on past an exit the other party leaves by (회전-7's B "좌회전(계속 2차로 회전)").
ROUNDABOUT_CIRCLING_ON = _MOVEMENTS.pattern("roundabout_circling_on")

# ---------------------------------------------------------------------------------------------
# Road users
# ---------------------------------------------------------------------------------------------
#: (type, pattern) — matched against a party's mention and its parenthesised note.
TYPE_CUES: tuple[tuple[str, str], ...] = tuple(_ROAD_USERS.pairs())

