"""Which of a chart's modifiers the facts support (applied) and which remain open (possible).

A fact's factor key (e.g. '서행불이행', '음주') meets a chart modifier when their normalised names
match one of its printed spellings (data/vocab/modifiers.yaml `chart_names`, in order of preference),
or else through its grade: conduct the standard files under 현저한 과실 / 중대한 과실 (`umbrella`,
수정요소의 해설) or that committees add as such where the chart has no modifier of its own name
(the grade's name listed last among its chart_names).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from katalog import params
from katalog.facts.lexicon import FACTOR_BY_KEY, FACTORS, grade_of
from katalog.facts.text import cre
from katalog.matching.signatures import role_conditions
from katalog.models import AccidentFacts, Evidence
from katalog.standard.schema import Chart, Modifier, PartyKey, normalize_name
from katalog.vocab import load

#: Conduct that falls under 현저한 과실 (notable) or 중대한 과실 (grave) where the chart has no modifier of
#: the cue's own name: the umbrella of the factor (general notes of the standard, 수정요소의 해설) or the grade
#: its vocabulary entry lists last among its chart names (data/vocab/modifiers.yaml).
UMBRELLA: dict[str, str] = {f.key: g for f in FACTORS if f.kind == "modifier" and (g := grade_of(f.key))}


def _grade(key: str, factors: list[str]) -> str | None:
    """The grade `key` counts as where the chart has no modifier of its own name: its fallback grade, or its
    umbrella as the extractor reported it with the cue ("0.03% 미만" 음주 is reported as 현저한과실, not 중대)."""
    f = FACTOR_BY_KEY.get(key)
    if f is None:
        return None
    if f.fallback:
        return f.fallback
    return f.umbrella if f.umbrella in factors else None

# Factors a chart's own scene prices in when any of its role labels names that role condition
# (`signatures.role_conditions`): 376 / 차61-1 "직진(정체도로 사이)" vs "직진(좌회전)" are both about
# moving through a stalled queue.
_SCENE_OF_CHART: dict[str, str] = {"정체차량사이진행": "정체"}

#: The scene factor of a three-way (T) junction (`katalog.facts.lexicon`).
T_JUNCTION = "삼거리t자"

#: The follower's inattention and short following distance are what a rear-end chart's striking role is
#: ("뒤차(후행) 추돌", "추돌차"): its base prices them in (the corpus adds nothing for "전방 주시 소홀로
#: 추돌", "안전거리 미확보로 추돌"). Device use and drowsiness are not priced in (committees add 현저한 과실).
_FOLLOWER_PRICED = frozenset({"전방주시태만", "전방미주시", "안전거리미확보"})
_REAR_END = cre(load("collisions").pattern("rear_end"))

# Evidence spans at most this many characters apart read as one act; the shortest names matched inside a
# label or another name (data/engine/params.yaml, `modifiers.*`).
_SAME_ACT_GAP = params.get("modifiers.same_act_gap")
_LABEL_MIN_LEN = params.get("modifiers.label_min_len")
_ALIAS_SUBSTRING_MIN_LEN = params.get("modifiers.alias_substring_min_len")
_KEY_IN_ALIAS_MIN_LEN = params.get("modifiers.key_in_alias_min_len")


#: A cue read as two factors at once, where the first is the chart's more specific modifier of the same act:
#: "좌회전을 거의 다 마쳤을 때" is the left turner's 좌회전 완료 직후 on a chart that has it, not also 명확한 선진입.
_SUPERSEDES: dict[str, str] = {"좌회전완료직후": "선진입"}


def _superseded(facts: AccidentFacts, idx: int, keys: list[str], has_own: Callable[[str], bool]) -> set[str]:
    """Factors of party `idx` whose cue is a more specific factor's cue that the party's chart prices."""
    out = set()
    for specific, general in _SUPERSEDES.items():
        if specific not in keys or general not in keys or not has_own(specific):
            continue
        a = [e for e in facts.evidence if e.party == idx and e.factor == specific and e.start >= 0]
        b = [e for e in facts.evidence if e.party == idx and e.factor == general and e.start >= 0]
        if b and all(any(x.start < y.end and y.start < x.end for y in a) for x in b):
            out.add(general)
    return out


@dataclass(frozen=True)
class _Manoeuvre:
    """Conduct only a party making one of `moves` commits. `label_word`: a role label naming it prices it in
    (차45-6 "실선 추월", 차45-2 "우측 급진입 추월"). `grade_priced`: a role making the manoeuvre (outside a
    roundabout) prices in the grade the conduct falls back to where the chart has no modifier of its name."""

    moves: frozenset[str]
    label_word: str
    grade_priced: bool
    #: whether the cue may name the scene's place ("실선 구간이었는데"; `katalog.facts.extract._PLACE_CUES`): on a
    #: chart whose two roles both make the manoeuvre (차43-3 좌우 동시 차로 변경) the place holds for both
    place: bool = False


_CHANGE_OR_PASS = frozenset({"lane_change", "overtaking"})

#: Crossing a solid lane line is the lane changer's or the overtaker's, whoever's clause names the line
#: ("흰색 실선인데 뒤에서 택시가 제 차를 앞지르다"). An abrupt cut-in (칼치기, 급진로변경) is the lane changer's
#: too, and the 차43/45 bases of a lane change or an overtaking are that cut-in: the corpus adds no 현저한 과실
#: for it there (차43-2, 43-4, 45-2, 45-3, 45-6), while committees add it to a lane change inside a roundabout.
_MANOEUVRE_FACTORS: dict[str, _Manoeuvre] = {
    "진로변경금지장소": _Manoeuvre(_CHANGE_OR_PASS, "실선", grade_priced=False, place=True),
    "급진로변경": _Manoeuvre(_CHANGE_OR_PASS, "급진입", grade_priced=True),
}


@lru_cache(maxsize=1024)
def _role_movement(label: str) -> str | None:
    from katalog.facts import extract_role

    return extract_role(label).movement


def _manoeuvre_owner(chart: Chart, facts: AccidentFacts, key: str, idx: int, party: PartyKey) -> PartyKey | None:
    """The chart party a manoeuvre's factor (`_MANOEUVRE_FACTORS`) held by party `idx` (playing `party`)
    belongs to: its own role when that role makes the manoeuvre, else the other role when that one does,
    else its own when the text says it made it; None when neither did (a straight car gets no solid line)."""
    moves = _MANOEUVRE_FACTORS[key].moves
    role = chart.parties.get(party)
    if role and _role_movement(role.label) in moves:
        return party
    other: PartyKey = "B" if party == "A" else "A"
    orole = chart.parties.get(other)
    if orole and _role_movement(orole.label) in moves:
        return other
    return party if facts.parties[idx].movement in moves else None


def _place_of_both(chart: Chart, facts: AccidentFacts, key: str) -> bool:
    """Whether the manoeuvre factor `key` is told as the scene's place (the extractor keeps a place cue that
    opens its sentence as evidence of no party: "흰색 실선 구간이었는데 … 둘 다 차선을 바꾸다") on a chart
    whose two roles both make the manoeuvre: both made it there. A cue told after a party's name ("상대 차량
    … 실선 구간에서") or as an act ("상대는 흰 실선을 넘어서") stays its party's."""
    man = _MANOEUVRE_FACTORS[key]
    if not man.place or any(
        (r := chart.parties.get(pk)) is None or _role_movement(r.label) not in man.moves for pk in ("A", "B")
    ):
        return False
    return any(e.factor == key and e.party is None and e.start >= 0 for e in facts.evidence)


#: Conduct the book lists under the party it warns, not the one who did it: 보31/보32's 경음기를 울린 경우 is the
#: reversing driver's horn, listed under the walker (whose share it raises).
_LISTED_UNDER_OTHER = frozenset({"경음기"})

#: A roundabout chart's title ("회전 2차로 이상 회전진출", "선진입 회전차량과 …"), not a left or right turn's.
_ROUNDABOUT_TITLE = re.compile(r"(?<![좌우])회전")


def _grade_priced(key: str, chart: Chart, label: str) -> bool:
    """Whether the role `label` of `chart` prices in the grade `key` falls back to (`_Manoeuvre.grade_priced`)."""
    man = _MANOEUVRE_FACTORS.get(key)
    if man is None or not man.grade_priced or _role_movement(label) not in man.moves:
        return False
    return chart.category != "회전교차로" and not _ROUNDABOUT_TITLE.search(chart.title or "")


def _in_label(key: str, label: str) -> bool:
    """Whether the (normalised) role label names the factor. A book name the label names as broken
    ("직진(일시정지 위반)") states the opposite of a factor that is not itself a 위반 (일시정지 후 출발)."""
    own = _targets(key)
    for t in [*own, *_book_names(key)]:
        if len(t) < _LABEL_MIN_LEN:
            continue
        for m in re.finditer(re.escape(t), label):
            if t in own or key.endswith("위반") or not label.startswith("위반", m.end()):
                return True
    return False


@lru_cache(maxsize=1024)
def _role_breaks_marking(label: str) -> bool:
    """A role such as '후행 직진(우회전 노면표시차로)' moves against its own lane's marking: the
    chart's base already prices the 노면표시 위반 in."""
    from katalog.facts import extract_role

    role = extract_role(label)
    return bool(role.lane_marking and role.movement and role.movement not in role.lane_marking)


@lru_cache(maxsize=1024)
def _strikes_from_behind(label: str) -> bool:
    """A rear-end chart's striking role ("뒤차(후행) 추돌", "추돌차"; not "피추돌", not "후행 직진")."""
    from katalog.facts import extract_role

    return extract_role(label).from_direction == "behind" and bool(_REAR_END.search(label))


def _priced_follower(facts: AccidentFacts, idx: int, keys: list[str]) -> set[str]:
    """The follower's factors a rear-end striking role prices in, with the 현저한 과실 they alone stand for."""
    evs = [e for e in facts.evidence if e.party == idx]
    priced = [e for e in evs if e.factor in _FOLLOWER_PRICED]
    out = {k for k in keys if k in _FOLLOWER_PRICED}
    notable = [e for e in evs if e.factor == "현저한과실"]
    if (
        priced
        and notable
        and all(any(e.start == x.start and e.end == x.end for x in priced) for e in notable)
    ):
        out.add("현저한과실")
    return out


def _presupposed(
    keys: list[str], label: str, evs: list[Evidence | None], title_half: str = "",
    own_name: Callable[[str], bool] = lambda k: False,
) -> set[str]:
    """Factors the party's role label already states (e.g. '직진(일방통행 위반)', '노면표시 위반', '실선 추월').
    A role that changes lanes or overtakes prices in leaving a marked lane: that is its lane change ("좌회전
    차로에 있던 택시가 직진하면서 제 차로로 들어와").

    The base ratio prices that conduct in, so neither it nor a cue of the same act (an evidence
    span touching its span) may add a modifier again, except a factor the chart lists under the role by its
    own name (`own_name`): the book adds that on top of the role's act (차31-1 B 중앙선 침범 역주행 with
    추월금지 장소에서 추월: "앞지르기 금지 장소에서 앞차를 앞지르기 위하여 중앙선을 넘었음").
    """
    norm = normalize_name(f"{label} {title_half}")
    if not norm:
        return set()
    named = [
        (k, ev) for k, ev in zip(keys, evs, strict=True)
        if _in_label(k, norm)
        or (k == "노면표시위반" and (_role_breaks_marking(label) or _role_movement(label) in _CHANGE_OR_PASS))
        or (k in _MANOEUVRE_FACTORS and _MANOEUVRE_FACTORS[k].label_word in norm)
    ]
    out = {k for k, _ in named}
    acts = [ev for _, ev in named if ev is not None and ev.start >= 0]
    for k, ev in zip(keys, evs, strict=True):
        if k in out or ev is None or ev.start < 0 or own_name(k):
            continue
        if any(ev.start <= a.end + _SAME_ACT_GAP and a.start <= ev.end + _SAME_ACT_GAP for a in acts):
            out.add(k)
    return out


#: A chart title naming its two roles, A's first: "정차 후 후진 대 맞은편 중앙선침범 좌회전(유턴)",
#: "선진입 회전차량과 후진입 직후 차로변경 차량 간 사고".
_TITLE_VS = re.compile(r"\s대\s")
_TITLE_AND = re.compile(r"(.+?)(?:과|와)\s(.+?)\s?간(?:\s?(?:사고|충돌))?\s*$")


def _words(label: str) -> set[str]:
    return set(label.split())


@lru_cache(maxsize=2048)
def _title_halves(title: str, label_a: str, label_b: str) -> tuple[str, str] | None:
    """The title's words for A and for B, when it names the two roles and its order does not contradict the
    role labels (a few titles name B first: "녹색 직진 대 … 적색 충돌" of 차1-2, whose A is the red one)."""
    halves = _TITLE_VS.split(title)
    if len(halves) != 2:
        m = _TITLE_AND.match(title)
        if m is None:
            return None
        halves = [m.group(1), m.group(2)]
    a, b = halves
    same = len(_words(label_a) & _words(a)) + len(_words(label_b) & _words(b))
    crossed = len(_words(label_a) & _words(b)) + len(_words(label_b) & _words(a))
    return (a, b) if same >= crossed else None


def _title_half(chart: Chart, party: PartyKey) -> str:
    """The party's half of the chart title, which may say what its role label leaves out: 회전-11 A "9시 방향
    1차로에서 진입하여 회전" is the title's "선진입 회전차량", 차31-4 B "중앙선 넘어 불법좌회전" its "맞은편
    중앙선침범 좌회전". The base prices that conduct in as it does the label's."""
    if chart.parties.get(party) is None:
        return ""
    a, b = chart.parties.get("A"), chart.parties.get("B")
    halves = _title_halves(chart.title or "", a.label if a else "", b.label if b else "")
    if halves is None:
        return ""
    return halves[0] if party == "A" else halves[1]


@dataclass
class Selection:
    applied: list[tuple[Modifier, Evidence | None]]
    possible: list[Modifier]


def _targets(key: str) -> list[str]:
    return [normalize_name(key)]


def _book_names(key: str) -> list[str]:
    """The vocabulary's printed spellings of the factor's modifier, in order of preference (exact matches
    only: some are short)."""
    fd = FACTOR_BY_KEY.get(key)
    return [normalize_name(n) for n in fd.chart_names] if fd else []


#: Modifier names a chart defines more narrowly than their words, reached only through a factor that lists
#: them among its chart_names, never as an alias of another key: PM-24 / 비정형-10's 교차로 내 급좌회전 is a car
#: that entered as if straight and turned sharply inside the junction, not any 급좌회전 ("갑자기 좌회전").
_OWN_ENTRY_ONLY = frozenset({normalize_name("교차로 내 급좌회전")})


@lru_cache(maxsize=1024)
def _possessor(mkey: str) -> tuple[str | None] | None:
    """The road user a modifier's name is about when it names one ("차의 현저한 과실" → a vehicle, type None;
    "보행자의 중대한 과실" → a pedestrian), else None. The book lists such a modifier under the party whose
    ratio it moves (the pedestrian's A), whoever's conduct it is."""
    from katalog.facts.parties import POSSESSIVE, find_mentions

    ms = find_mentions(mkey)
    if not ms or ms[0].start != 0 or ms[0].particle != POSSESSIVE:
        return None
    return (ms[0].type,)


def _about(mkey: str, ptype: str | None) -> bool:
    """Whether a modifier name can be about a party of type `ptype` (names of no road user: always)."""
    pos = _possessor(mkey)
    if pos is None or ptype is None:
        return pos is None
    return pos[0] == ptype if pos[0] else ptype != "pedestrian"


def _find(
    mods: list[Modifier], party: PartyKey, key: str, ptype: str | None = None, *, possessed: bool = False
) -> Modifier | None:
    """The modifier of `party` the factor `key` stands for. A name about a road user ("차의 현저한 과실")
    counts only for a party of that type; with `possessed`, only such names count (another party's
    modifiers that are about this one)."""
    cands = [
        m
        for m in mods
        if m.party == party and _about(m.key, ptype) and (not possessed or _possessor(m.key) is not None)
    ]
    for t in [*_targets(key), *_book_names(key)]:
        for m in cands:
            if m.key == t:
                return m
    for t in _targets(key):
        if len(t) < _ALIAS_SUBSTRING_MIN_LEN:
            continue
        for m in cands:
            if m.key in _OWN_ENTRY_ONLY:
                continue
            if t in m.key or (len(m.key) >= _KEY_IN_ALIAS_MIN_LEN and m.key in t):
                return m
    return None


def _own_named(mods: list[Modifier], party: PartyKey, key: str, ptype: str | None) -> bool:
    """Whether the chart lists a modifier of `party` under one of the factor's own printed names (exact, from
    its vocabulary chart_names other than the grades), not only under a grade it falls back to."""
    names = [n for n in _book_names(key) if n not in _GRADE_NAMES]
    return bool(names) and any(m.party == party and _about(m.key, ptype) and m.key in names for m in mods)


_GRADE_NAMES = frozenset(normalize_name(n) for n in ("현저한 과실", "중대한 과실", "중과실"))


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

    # a manoeuvre's factor goes to the role that makes the manoeuvre (`_MANOEUVRE_FACTORS`)
    keys_of: dict[int, list[tuple[str, Evidence | None]]] = {i: [] for i in party_index}
    for idx, p in enumerate(facts.parties[:2]):
        party = party_index.get(idx)
        if party is None:
            continue
        for key in p.factors:
            to = _manoeuvre_owner(chart, facts, key, idx, party) if key in _MANOEUVRE_FACTORS else party
            owners = [to]
            if key in _MANOEUVRE_FACTORS and _place_of_both(chart, facts, key):
                owners = ["A", "B"]
            for to in owners:
                j = next((i for i, pk in party_index.items() if pk == to and i < 2), None)
                if j is not None:
                    keys_of[j].append((key, spans.get((key, idx))))
    for idx, p in enumerate(facts.parties[:2]):
        party = party_index.get(idx)
        if party is None:
            continue
        role = chart.parties.get(party)
        # the chart fixes who is on foot: a writer read as a car ("저는 … 지나가다 부딪혔어요") who plays the
        # walker's role has the walker's modifiers, never the car's 현저한 과실 listed beside them
        ptype = role.type if role and role.type and "pedestrian" in (role.type, p.type) else p.type
        keys = list(dict.fromkeys(k for k, _ in keys_of[idx]))
        evs = {k: ev for k, ev in reversed(keys_of[idx])}
        presupposed = _presupposed(
            keys, role.label if role else "", [evs[k] for k in keys], _title_half(chart, party),
            lambda k, pk=party, t=ptype: _own_named(mods, pk, k, t),
        )
        presupposed |= _superseded(facts, idx, keys, lambda k, pk=party, t=ptype: _find(mods, pk, k, t) is not None)
        if role and _strikes_from_behind(role.label):
            presupposed |= _priced_follower(facts, idx, keys)
        for key in keys:
            if key in presupposed:
                continue
            word = _SCENE_OF_CHART.get(key)
            if word and any(word in role_conditions(r.label) for r in chart.parties.values()):
                continue
            ev = evs[key]
            m = _find(mods, party, key, ptype)
            grade = _grade(key, keys)
            if grade and role and _grade_priced(key, chart, role.label):
                grade = None
            if m is None and grade:
                m = _find(mods, party, grade, ptype)
            if m is None and ptype:
                # "차의 현저한 과실" listed under the pedestrian (보 charts): the car's own conduct
                other = "B" if party == "A" else "A"
                m = _find(mods, other, key, ptype, possessed=True) or (
                    _find(mods, other, grade, ptype, possessed=True) if grade else None
                )
                if m is None and key in _LISTED_UNDER_OTHER:
                    m = _find(mods, other, key)
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
