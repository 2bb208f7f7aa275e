"""Which of a chart's modifiers the facts support (applied) and which remain open (possible).

A fact's factor key (e.g. '서행불이행', '음주') meets a chart modifier when their normalised names
match, or through `UMBRELLA`: conduct the book files under 현저한 과실 / 중대한 과실 (general notes
of the standard, 수정요소의 해설) when the chart has no modifier of that exact name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from katalog import params
from katalog.facts.lexicon import FACTOR_BY_KEY
from katalog.matching.signatures import role_conditions
from katalog.models import AccidentFacts, Evidence
from katalog.standard.schema import Chart, Modifier, PartyKey, normalize_name

# Conduct that the standard's general notes count as 현저한 과실 (notable) or 중대한 과실 (grave).
UMBRELLA: dict[str, str] = {
    "음주": "중대한과실",
    "무면허": "중대한과실",
    "졸음운전": "중대한과실",
    "과속40": "중대한과실",
    "마약": "중대한과실",
    "휴대폰": "현저한과실",
    "전방주시태만": "현저한과실",
    "과속20": "현저한과실",
    "과속": "현저한과실",
    "한눈팔기": "현저한과실",
    "난폭운전": "현저한과실",
    "제동장치조작미숙": "현저한과실",
    "노면표시위반": "현저한과실",
    "안전거리미확보": "현저한과실",
    "지정차로위반": "현저한과실",
    # A solid-line lane change breaks a road marking (노면표시 위반); an abrupt cut-in is the
    # standard's 급진로변경 — both fall back to 현저한 과실 where the chart has no own modifier.
    "진로변경금지장소": "현저한과실",
    "급진로변경": "현저한과실",
    # Crossing several lanes at once (연속진로변경), passing a 천천히 sign without slowing, or
    # turning through a stalled queue: the committee adds 10 under 현저한 과실 where the chart has
    # no modifier of the exact name.
    "연속진로변경": "현저한과실",
    "서행표지위반": "현저한과실",
    "정체차량사이진행": "현저한과실",
}

# Factors a chart's own scene prices in when any of its role labels names that role condition
# (`signatures.role_conditions`): 376 / 차61-1 "직진(정체도로 사이)" vs "직진(좌회전)" are both about
# moving through a stalled queue.
_SCENE_OF_CHART: dict[str, str] = {"정체차량사이진행": "정체"}

# Lay or extractor keys that name a chart modifier differently.
ALIASES: dict[str, list[str]] = {
    "방향지시등미사용": ["진로변경신호불이행", "신호불이행", "방향지시등", "진로변경신호불이행지연", "신호불이행지연"],
    "야간": ["야간기타시야장애", "야간시야장애"],
    "시야장애": ["야간기타시야장애"],
    "서행불이행": ["서행불이행"],
    "선진입": ["명확한선진입", "선진입"],
    "중앙선침범": ["중앙선침범"],
    "급정거": ["이유없는급정지", "급정지", "급정거"],
    "어린이": ["어린이노인장애인", "어린이노인"],
    "노인": ["어린이노인장애인", "어린이노인"],
    "장애인": ["어린이노인장애인"],
    "보호구역": ["어린이노인장애인보호구역", "보호구역"],
    "주택상점가학교": ["주택상점가학교", "주택상점가"],
    "대형차": ["대형차"],
    "일시정지위반": ["일시정지위반", "일시정지표지위반", "서행불이행"],
    # 좌회전 방법 위반 is the book's name for turning too tight or too wide (차17/차21 series).
    "소좌회전대좌회전": ["소좌회전대좌회전", "좌회전방법위반"],
    "급좌회전": ["급좌회전", "좌회전방법위반"],
}

#: The scene factor of a three-way (T) junction (`katalog.facts.lexicon`).
T_JUNCTION = "삼거리t자"

# Evidence spans at most this many characters apart read as one act; the shortest names matched inside a
# label or another name (data/engine/params.yaml, `modifiers.*`).
_SAME_ACT_GAP = params.get("modifiers.same_act_gap")
_LABEL_MIN_LEN = params.get("modifiers.label_min_len")
_ALIAS_SUBSTRING_MIN_LEN = params.get("modifiers.alias_substring_min_len")
_KEY_IN_ALIAS_MIN_LEN = params.get("modifiers.key_in_alias_min_len")


def _in_label(key: str, label: str) -> bool:
    return any(len(t) >= _LABEL_MIN_LEN and t in label for t in [*_targets(key), *_book_names(key)])


@lru_cache(maxsize=1024)
def _role_breaks_marking(label: str) -> bool:
    """A role such as '후행 직진(우회전 노면표시차로)' moves against its own lane's marking: the
    chart's base already prices the 노면표시 위반 in."""
    from katalog.facts import extract_role

    role = extract_role(label)
    return bool(role.lane_marking and role.movement and role.movement not in role.lane_marking)


def _presupposed(keys: list[str], label: str, evs: list[Evidence | None]) -> set[str]:
    """Factors the party's role label already states (e.g. '직진(일방통행 위반)', '노면표시 위반').

    The base ratio prices that conduct in, so neither it nor a cue of the same act (an evidence
    span touching its span) may add a modifier again.
    """
    norm = normalize_name(label)
    if not norm:
        return set()
    named = [
        (k, ev) for k, ev in zip(keys, evs, strict=True)
        if _in_label(k, norm) or (k == "노면표시위반" and _role_breaks_marking(label))
    ]
    out = {k for k, _ in named}
    acts = [ev for _, ev in named if ev is not None and ev.start >= 0]
    for k, ev in zip(keys, evs, strict=True):
        if k in out or ev is None or ev.start < 0:
            continue
        if any(ev.start <= a.end + _SAME_ACT_GAP and a.start <= ev.end + _SAME_ACT_GAP for a in acts):
            out.add(k)
    return out


@dataclass
class Selection:
    applied: list[tuple[Modifier, Evidence | None]]
    possible: list[Modifier]


def _targets(key: str) -> list[str]:
    k = normalize_name(key)
    return [k, *[normalize_name(a) for a in ALIASES.get(k, [])]]


def _book_names(key: str) -> list[str]:
    """The lexicon's printed spellings of the factor's modifier (exact matches only: some are short)."""
    fd = FACTOR_BY_KEY.get(key)
    return [normalize_name(n) for n in fd.chart_names] if fd else []


def _find(mods: list[Modifier], party: PartyKey, key: str) -> Modifier | None:
    cands = [m for m in mods if m.party == party]
    for t in [*_targets(key), *_book_names(key)]:
        for m in cands:
            if m.key == t:
                return m
    for t in _targets(key):
        if len(t) < _ALIAS_SUBSTRING_MIN_LEN:
            continue
        for m in cands:
            if t in m.key or (len(m.key) >= _KEY_IN_ALIAS_MIN_LEN and m.key in t):
                return m
    return None


def select_modifiers(
    chart: Chart,
    variant: str,
    facts: AccidentFacts,
    party_index: dict[int, PartyKey],
    pedestrian_party: PartyKey | None = None,
) -> Selection:
    """Applied (with evidence) and possible modifiers of `chart` for the given A/B mapping.

    `party_index` maps an index of `facts.parties` to the chart party it plays.
    """
    mods = chart.modifiers_for(variant)
    applied: dict[str, tuple[Modifier, Evidence | None]] = {}
    spans = {(e.factor, e.party): e for e in facts.evidence}

    def add(m: Modifier, ev: Evidence | None) -> None:
        if m.id not in applied:
            applied[m.id] = (m, ev)

    for idx, p in enumerate(facts.parties[:2]):
        party = party_index.get(idx)
        if party is None:
            continue
        role = chart.parties.get(party)
        presupposed = _presupposed(p.factors, role.label if role else "", [spans.get((k, idx)) for k in p.factors])
        for key in p.factors:
            if key in presupposed:
                continue
            word = _SCENE_OF_CHART.get(key)
            if word and any(word in role_conditions(r.label) for r in chart.parties.values()):
                continue
            ev = spans.get((key, idx))
            m = _find(mods, party, key)
            if m is None and normalize_name(key) in UMBRELLA:
                m = _find(mods, party, UMBRELLA[normalize_name(key)])
            if m is not None:
                add(m, ev)
    # Entry order: "A가 선진입" says B came second, so B's 후진입 미양보 (차54-5) applies; "B가 후진입"
    # says so directly (the extractor completes the pair). Only when the order is consistent.
    order = {party_index.get(i): (i, p.entered_first) for i, p in enumerate(facts.parties[:2])}
    order.pop(None, None)
    late = [pk for pk, (_, first) in order.items() if first is False]
    if len(order) == 2 and len(late) == 1 and any(first for _, first in order.values()):
        m = _find(mods, late[0], "후진입미양보")
        if m is not None:
            ev = next((e for idx, _ in order.values() if (e := spans.get(("entered_first", idx)))), None)
            add(m, ev)
    # Scene factors (야간, 어린이보호구역 …) modify the party the chart attaches them to.
    signed = {party_index.get(i) for i, p in enumerate(facts.parties[:2]) if "일시정지표지" in p.conditions}
    for key in facts.scene_factors:
        ev = spans.get((key, None))
        for party in ("A", "B"):
            m = _find(mods, party, key)
            if m is not None:
                # A three-way junction adds to the vehicle turning out of the stem road (막다른 길). The stem is
                # the approach with the stop/yield sign: when only the other party has it, this party turned
                # on the through road and the chart's 삼거리 modifier does not apply.
                if key == T_JUNCTION and signed and party not in signed:
                    break
                add(m, ev)
                break
    # 현저한 / 중대한 과실 of the same party are not cumulative: keep the grave one.
    for party in ("A", "B"):
        notable = [i for i, (m, _) in applied.items() if m.party == party and m.key == "현저한과실"]
        grave = [i for i, (m, _) in applied.items() if m.party == party and m.key == "중대한과실"]
        if notable and grave:
            for i in notable:
                applied.pop(i)
    possible = [m for m in mods if m.id not in applied]
    return Selection(applied=list(applied.values()), possible=possible)
