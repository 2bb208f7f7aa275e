"""Chart signatures: the facts a chart presupposes, read from the chart's own text.

The same extractor that reads a user's description reads each chart's situation text and its
party labels ("녹색 직진", "선행 진로 변경"), so queries and charts meet in one fact space and no
chart needs hand-written rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, Field

from katalog.facts.lexicon import DOOR_OPENING
from katalog.facts.text import loosen
from katalog.models import AccidentFacts, PartyFacts
from katalog.standard.schema import Chart, PartyKey
from katalog.vocab import load

_C = load("chart_cues")  # data/vocab/chart_cues.yaml: every chart-text cue read here
_P = load("places")  # data/vocab/places.yaml: the *_chart place words and the roundabout words

#: printed signal / road words of a role label, first entry that matches wins
_SIGNAL_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (v, re.compile(p)) for v, p in _C.pairs([e.key for e in _C.entries if e.key.startswith("signal_word_")])
]
_ROAD_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (v, re.compile(p)) for v, p in _C.pairs([e.key for e in _C.entries if e.key.startswith("road_word_")])
]


def _special_cues() -> dict[str, str]:
    """The Korean-keyed entries of chart_cues.yaml, in file order; 문열림 is the facts' own 개문 cue (lexicon),
    so chart and description agree."""
    out: dict[str, str] = {}
    for e in _C.entries:
        if not e.key.isascii():
            out[e.key] = DOOR_OPENING if e.key == "문열림" else _C.pattern(e.key)
    return out


# Distinctive conditions: a chart whose title or roles name one of these only fits a description
# that mentions it too (e.g. 차55-1 긴급자동차, 차61-1 정체차량 사이, 차2-6 비보호).
SPECIAL_CUES: dict[str, str] = _special_cues()
#: Cues read across a stray PDF space inside the word ("추 월하다가", "정 체된"): only words that
#: two ordinary words do not spell by accident (not 보도 in "…인 도로", 후진 in "회전 후 진출").
_LOOSE_CUES = {"추월", "정체", "비보호", "안전지대", "역주행", "중앙선", "일시정지", "양보", "회전교차로",
               "횡단보도", "고속도로", "유턴", "좌측통행", "갓길", "신호위반", "긴급자동차"}
_SPECIAL_RE = {
    k: re.compile(loosen(v) if k in _LOOSE_CUES else v, re.IGNORECASE) for k, v in SPECIAL_CUES.items()
}


def special_cues(text: str) -> set[str]:
    """Distinctive-condition keys mentioned in `text`."""
    from katalog.facts.extract import lane_markings

    out = {k for k, rx in _SPECIAL_RE.items() if rx.search(text)}
    if "노면표시" not in out and lane_markings(text or ""):
        out.add("노면표시")  # "직진차로인 2차로에서": a lane named by its marking is a 노면표시 case
    return out


class PartySignature(BaseModel):
    type: str = "car"
    movement: str | None = None
    #: every manoeuvre the role allows when it names alternatives ("좌(우)회전", "직진(좌회전)",
    #: "좌회전 또는 유턴"); empty when the role names one. `movement` is one of them.
    alt_movements: list[str] = Field(default_factory=list)
    signal: str | None = None
    road: str | None = None
    direction: str | None = None
    entered_first: bool | None = None
    in_roundabout: bool | None = None
    #: movements the role's lane marking permits ("직진(우회전 노면표시차로)" → ["right_turn"]),
    #: read by the same extractor as a description's "우회전차로인 3차로"
    lane_marking: list[str] | None = None
    #: conditions the role itself names ("직진(정체도로 사이)", "좌회전(일시정지 위반)"): keys of
    #: `ROLE_CONDITIONS`, matched against the party of the description that has them
    conditions: list[str] = Field(default_factory=list)


class VariantSignature(BaseModel):
    key: str
    A: PartySignature
    B: PartySignature
    #: situation conditions that set this variant apart from the chart's others ("동시진행" for
    #: "(동시 유턴)" vs "급진행" for "(급 유턴)"); keys of `katalog.facts.condition_keys`
    conditions: list[str] = Field(default_factory=list)


class ChartSignature(BaseModel):
    chart_id: str
    category: str
    book: str
    place: str | None = None
    signal_controlled: bool | None = None
    collision: str | None = None
    A: PartySignature
    B: PartySignature
    variants: list[VariantSignature] = Field(default_factory=list)
    legacy: bool = False
    #: the 2023 charts a portal chart corresponds to (the portal series is not in the retrieval index)
    maps_to: list[str] = Field(default_factory=list)
    special: list[str] = Field(default_factory=list, description="distinctive conditions in title/roles")
    #: False for a chart no source describes (only a placeholder title): never proposed as an answer
    rankable: bool = True


_LANE_MARKING_COLOUR = _C.regex("lane_marking_colour")
_BRACKETED_COLOUR = _C.regex("bracketed_colour")
_BRACKETED_AS = _C.entry("bracketed_colour").replacement or ""
_NOT_A_ROAD_WORD = _C.regex("not_a_road_word")


def label_signal(text: str) -> str | None:
    t = re.sub(r"\s+", "", text)
    t = _LANE_MARKING_COLOUR.sub("", t)  # lane markings, not signals
    t = _BRACKETED_COLOUR.sub(_BRACKETED_AS, t)  # "황(적)색": the first colour is the role's own
    for code, rx in _SIGNAL_WORDS:
        if rx.search(t):
            return code
    return None


def label_road(text: str) -> str | None:
    t = re.sub(r"\s+", "", text)
    t = _NOT_A_ROAD_WORD.sub("", t)  # not 소로 / 대로
    for code, rx in _ROAD_WORDS:
        if rx.search(t):
            return code
    return None


def _party_from_facts(p: PartyFacts | None, ptype: str) -> PartySignature:
    if p is None:
        return PartySignature(type=ptype)
    return PartySignature(
        type=ptype,
        movement=p.movement,
        signal=p.signal if p.signal not in (None, "unknown") else None,
        road=p.road,
        direction=p.from_direction,
        entered_first=p.entered_first,
        in_roundabout=p.in_roundabout,
        lane_marking=list(p.lane_marking) if p.lane_marking else None,
    )


_DIR_RANK = {"behind": 3, "front": 3, "opposite": 2, "right": 1, "left": 1, "same": 0}
_FIELDS = ("movement", "signal", "road", "direction", "entered_first", "in_roundabout", "lane_marking")
_COMPLEMENT = {"right": "left", "left": "right", "behind": "front", "front": "behind", "opposite": "opposite", "same": "same"}
_COLOR = _C.pattern("colour")
#: "…적색에 충돌/충격": the signal at the moment of impact (chart_cues.yaml impact_signal)
_IMPACT_SIGNAL = _C.regex("impact_signal")
#: Alternatives inside a role: "좌(우)회전", "직진(좌회전)", "좌회전 또는 유턴" (chart_cues.yaml alt_moves)
_MOVE_WORD = _C.pattern("move_word")
_ALT_MOVES = _C.regex("alt_moves")
_LEFT_OR_RIGHT = _C.regex("left_or_right")


def _entry_signal_text(text: str) -> str:
    """Drop the impact-time colour when the role also names another colour."""
    if len(re.findall(_COLOR, text)) < 2:
        return text
    stripped = _IMPACT_SIGNAL.sub(" ", text)
    return stripped if re.search(_COLOR, stripped) else text


def _alt_movements(text: str, ptype: str, roundabout: bool) -> list[str]:
    from katalog.facts import extract_role

    found: list[str] = []
    if _LEFT_OR_RIGHT.search(text):
        found += ["left_turn", "right_turn"]
    for m in _ALT_MOVES.finditer(text):
        for word in m.groups():
            mv = extract_role(word, ptype, roundabout=roundabout).movement if word else None
            if mv and mv not in found:
                found.append(mv)
    return found if len(found) > 1 else []


#: "왼쪽 직진", "오른쪽대로 우회전" in a role: the road user comes from the road on that side.
_SIDE_ROLE = _C.regex("side_role")


def read_role(text: str, ptype: str, roundabout: bool = False) -> PartySignature:
    """Signature of one party from its role text (label, title half or variant condition)."""
    from katalog.facts import extract_role

    text = _SIDE_ROLE.sub(lambda m: f"{m.group(1)} 도로에서 ", text or "")
    p = extract_role(_entry_signal_text(text), ptype, roundabout=roundabout)
    sig = _party_from_facts(p, ptype)
    printed = label_signal(_entry_signal_text(text))
    if sig.signal is None or (sig.signal == "green" and printed == "green_left_arrow"):
        sig.signal = printed  # "녹색 좌회전" in a role is the green arrow
    sig.road = label_road(text) or sig.road
    alts = _alt_movements(text, ptype, roundabout)
    if alts:
        sig.alt_movements = alts
        if sig.movement not in alts:
            sig.movement = alts[0]
    return sig


def _label_facts(label: str, ptype: str, extract=None) -> PartySignature:  # kept for callers of the old name
    return read_role(label, ptype)


_TITLE_VERSUS = _C.regex("title_versus")
_TITLE_VERSUS_UNSPACED = _C.regex("title_versus_unspaced")
_TITLE_BETWEEN = _C.regex("title_between")


def _title_roles(title: str) -> tuple[str, str] | None:
    """The two halves of a "X 대 Y" title, or None."""
    parts = _TITLE_VERSUS.split(title)
    if len(parts) != 2:  # unspaced "오른쪽도로에서직진대왼쪽도로에서직진사고"
        parts = _TITLE_VERSUS_UNSPACED.split(title)
    if len(parts) == 2:
        return parts[0], parts[1]
    m = _TITLE_BETWEEN.match(title)  # "선진입 회전차량과 후진입 … 차량 간 사고"
    return (m.group(1), m.group(2)) if m else None


def _agreement(x: PartySignature, y: PartySignature) -> tuple[int, int]:
    agree = conflict = 0
    for f in _FIELDS:
        a, b = getattr(x, f), getattr(y, f)
        if a is not None and b is not None:
            if a == b:
                agree += 1
            else:
                conflict += 1
    return agree, conflict


def _oriented_title(
    title: str, labels: dict[str, PartySignature], types: dict[str, str], roundabout: bool
) -> dict[str, PartySignature] | None:
    """Title halves as extra role texts, in the A/B order the labels confirm.

    Most titles read "A 대 B", some "B 대 A" (차1-2 "녹색 직진 대 … 적색 충돌" has A = 적색 충돌):
    a half is used only when the labels agree with one order and contradict the other.
    """
    halves = _title_roles(title)
    if halves is None:
        return None
    scores = []
    for order in ((0, 1), (1, 0)):
        sigs = {k: read_role(halves[i], types[k], roundabout) for k, i in zip(("A", "B"), order, strict=True)}
        agree = conflict = 0
        for k in ("A", "B"):
            a, c = _agreement(labels[k], sigs[k])
            agree += a
            conflict += c
        scores.append((agree, conflict, sigs))
    (a0, c0, s0), (a1, c1, s1) = scores
    if not any(getattr(labels[k], f) is not None for k in ("A", "B") for f in _FIELDS):
        return s0  # the labels say nothing ("PM" / "자동차"): the title, read as "A 대 B", is all there is
    # the order whose halves agree with the labels more than they contradict them, and better than
    # the other order does (차20-2: A 끼어들기 agrees, B "대기 후 출발" vs «우회전 대기» does not)
    if (a0 - c0 > a1 - c1 or (a0 - c0 == a1 - c1 and c0 == 0)) and a0 > 0:
        return s0  # on a tie without contradictions, the usual "A 대 B" order
    if a1 - c1 > a0 - c0 and a1 > 0:
        return s1
    return None


_VIOLATOR = _C.regex("violator")
_TYPE_WORD = {"자동차": "car", "이륜차": "two_wheeler", "PM": "pm", "자전거": "bicycle"}


def _title_violator(title: str, sig: dict, types: dict[str, str]) -> None:
    """"자동차 신호위반 사고" with labels that name no signal: that road user had red, the other green."""
    m = _VIOLATOR.search(title)
    if not m or sig["A"].signal or sig["B"].signal:
        return
    who = [k for k in ("A", "B") if types[k] == _TYPE_WORD[m.group(1)]]
    if len(who) != 1:
        return
    other = "B" if who[0] == "A" else "A"
    sig[who[0]].signal, sig[other].signal = "red", "green"


#: Conditions a role label can name about its own road user ("직진(정체도로 사이)"), in file order;
#: the patterns and why they read as they do: chart_cues.yaml role_* entries.
ROLE_CONDITIONS: dict[str, re.Pattern[str]] = {
    v: re.compile(p) for v, p in _C.pairs([e.key for e in _C.entries if e.key.startswith("role_")])
}
#: "직진(일시정지 표지 없음)" names the other road's sign, not this role's
_STOP_ROLE = ROLE_CONDITIONS["일시정지"]


def role_conditions(label: str) -> list[str]:
    """`ROLE_CONDITIONS` keys a role label names ("직진(정체도로 사이)" → ["정체"])."""
    return [k for k, rx in ROLE_CONDITIONS.items() if rx.search(label or "")]


def _stop_sign_roads(labels: dict[str, str], sig: dict) -> None:
    """A role that names a stop or yield sign ("좌회전(일시정지 위반)") is on the non-priority road,
    as the facts read a description's sign; the situation text often gives that road to both."""
    signed = [k for k in ("A", "B") if _STOP_ROLE.search(labels[k])]
    if len(signed) != 1:
        return
    other = "B" if signed[0] == "A" else "A"
    sig[signed[0]].road = "non_priority"
    if sig[other].road == "non_priority":
        sig[other].road = None


#: what a signal-violation table applies to, whatever way each party went through the junction
_ANY_CROSSING = ["straight", "left_turn", "right_turn", "u_turn"]


def _movement_agnostic(title: str, sig: dict) -> bool:
    """A signal-violation table ("자동차신호위반사고", "양차량신호위반사고(황색대적색)") whose roles
    name only the road users ("PM" / "자동차") and their signals: it covers any movement through a
    signalled junction, so each role takes every crossing movement (PM-01…04)."""
    if "신호위반" not in re.sub(r"\s+", "", title):
        return False
    if any(sig[k].movement is not None or sig[k].signal is None for k in ("A", "B")):
        return False
    for k in ("A", "B"):
        sig[k].movement = _ANY_CROSSING[0]
        sig[k].alt_movements = list(_ANY_CROSSING)
    return True


def _merge(layers: list[PartySignature], ptype: str) -> PartySignature:
    """First known value per field, most specific layer first (label, title half, situation)."""
    out = PartySignature(type=ptype)
    for f in _FIELDS:
        for layer in layers:
            v = getattr(layer, f)
            if v is not None:
                setattr(out, f, v)
                break
    for layer in layers:
        if layer.alt_movements:
            out.alt_movements = list(layer.alt_movements)
            if out.movement not in out.alt_movements:
                out.movement = out.alt_movements[0]
            break
    return out


def _directions(role: dict[str, PartySignature], situation: dict[str, PartySignature]) -> dict[str, str | None]:
    """Directions from the role texts, completed symmetrically; the situation only when no role names one.

    The situation text's attribution is unreliable in long sentences ("A차량이 진행 중 전방에서 …
    주·정차하고 있는 B차량을 추돌"), while "뒤차", "선행", "오른쪽 도로에서" in a role are unambiguous.
    """
    da, db = role["A"].direction, role["B"].direction
    # "동일차로/같은방향" only says both go the same way; 선행/후행 on the other side is more precise
    if da in (None, "same") and db in ("front", "behind"):
        da = _COMPLEMENT[db]
    elif (db in (None, "same") and da in ("front", "behind")) or (da and not db):
        db = _COMPLEMENT[da]
    elif db and not da:
        da = _COMPLEMENT[db]
    if not da and not db:
        da, db = situation["A"].direction, situation["B"].direction
        if da and db and _COMPLEMENT[da] != db:
            # inconsistent attribution: keep the more telling one (선행/후행 > 맞은편 > 좌/우 > 동일방향)
            pa, pb = _DIR_RANK[da], _DIR_RANK[db]
            if pa > pb:
                db = _COMPLEMENT[da]
            elif pb > pa:
                da = _COMPLEMENT[db]
            else:
                da = db = None
    return {"A": da, "B": db}


_EITHER_SIDE = _C.regex("either_side")


def _variant_texts(cond: str, types: dict[str, str]) -> tuple[str, str]:
    """A's and B's text of a variant condition ("A 대로 직진(선진입) / B 소로 직진(후진입)").

    An unprefixed part ("보행자신호 녹색", "녹색점멸신호에 횡단 개시") states the variant's own
    condition: it goes first (so that its signal wins) to the pedestrian's side, else to both."""
    a_parts: list[str] = []
    b_parts: list[str] = []
    common: list[str] = []
    for part in (x.strip() for x in cond.split(" / ")):
        if re.match(r"A\s", part):
            a_parts.append(part[1:].strip())
        elif re.match(r"B\s", part):
            b_parts.append(part[1:].strip())
        elif part:
            common.append(part)
    ped = [k for k in ("A", "B") if types[k] == "pedestrian"]
    to_a = common if not ped or ped[0] == "A" else []
    to_b = common if not ped or ped[0] == "B" else []
    return " ".join(to_a + a_parts), " ".join(to_b + b_parts)


#: "유턴(신호유턴)": the U-turn is made on its own signal (the other road user then had red).
_SIGNAL_UTURN = _C.regex("signal_uturn")


def _variant_role(text: str, ptype: str, roundabout: bool) -> PartySignature:
    """A variant condition's role; a signal-controlled U-turn is a U-turn on green."""
    sig = read_role(text, ptype, roundabout)
    if sig.signal is None and _SIGNAL_UTURN.search(text):
        sig.signal = "green"
    return sig


_STEADY = {"green", "yellow", "red", "green_left_arrow"}
_INCLUDED_NOTE = _C.regex("included_note")
_VARIANT_NOTE = _C.regex("variant_note")
_VIOLATING_SIGNALS = {"red", "yellow", "red_flash"}


def _role_agrees(role: PartySignature, party: PartySignature) -> int | None:
    """+1 when a role allows the situation party's movement, -1 when it does not, None when either is
    unknown. (Directions are left out: the situation text's attribution of 선행/후행 is unreliable.)"""
    if role.movement is None or party.movement is None:
        return None
    return 1 if party.movement == role.movement or party.movement in role.alt_movements else -1


def _labels_swapped(labels: dict[str, PartySignature], situ: dict[str, PartySignature], title: str,
                    types: dict[str, str], roundabout: bool) -> bool:
    """True when the role labels are stored under the wrong letters: each label contradicts its own
    party's manoeuvre in the situation text and allows the other party's, and the title read "A 대 B"
    agrees with the situation. A data error of the source, not a way of writing a chart."""
    if any(_role_agrees(labels[k], situ[k]) != -1 for k in ("A", "B")):
        return False
    if _role_agrees(labels["A"], situ["B"]) != 1 or _role_agrees(labels["B"], situ["A"]) != 1:
        return False
    halves = _title_roles(title)
    if halves is None:
        return False
    return all(_role_agrees(read_role(h, types[k], roundabout), situ[k]) == 1 for k, h in zip(("A", "B"), halves, strict=True))


_PEDESTRIAN_SPACED = _C.regex("pedestrian_spaced")
_PEDESTRIAN_A = _C.regex("pedestrian_a")
_ROUNDABOUT = _P.regex("roundabout")
_PARTIAL_SIGNAL_CHART = _P.regex("partial_signal_chart")
_UNSIGNALLED_CHART = _P.regex("unsignalled_chart")
_SIGNALLED_CHART = _P.regex("signalled_chart")
_ANALOGY_SENTENCE = _P.regex("analogy_sentence")
_HIGHWAY_NOT_REQUIRED = _P.regex("highway_not_required_chart")


def _party_names(chart: Chart) -> list[str]:
    text = chart.situation
    names = []
    for key in ("A", "B"):
        m = re.search(key + r"\s?" + _C.pattern("situation_party_noun"), text)
        names.append(m.group(0) if m else f"{key}차량")
    # "보행 자" with a PDF line-break space is still the pedestrian
    if chart.parties["A"].type == "pedestrian" and _PEDESTRIAN_SPACED.search(text) and not _PEDESTRIAN_A.search(text):
        names[0] = "보행자"
    return names


def build_signature(chart: Chart, extract) -> ChartSignature:
    """Signature of one chart. `extract` is `katalog.facts.extract_facts`.

    Per party and field, the first known value of: the role label, the title half the labels
    confirm, the situation text. Directions come from role texts when any names one.
    """
    situation = " ".join(x for x in (chart.situation, chart.title) if x)
    names = _party_names(chart)
    facts: AccidentFacts = extract(situation, names) if situation.strip() else AccidentFacts()
    parties = {k: (facts.parties[i] if len(facts.parties) > i else None) for i, k in enumerate(("A", "B"))}
    roundabout = chart.category == "회전교차로" or bool(_ROUNDABOUT.search(situation))
    types = {k: chart.parties[k].type for k in ("A", "B")}
    labels = {k: read_role(chart.parties[k].label, types[k], roundabout) for k in ("A", "B")}
    situ = {k: _party_from_facts(parties[k], types[k]) for k in ("A", "B")}
    if _labels_swapped(labels, situ, chart.title, types, roundabout):
        # 365: labels "A 후행 우회전 / B 선행 직진" while the situation ("선행하여 직진하는 A이륜차와 …
        # 추월하여 좌(우)회전하는 B차량"), the title read "A 대 B" and the 10:90 ratio all say the reverse
        labels = {"A": read_role(chart.parties["B"].label, types["A"], roundabout),
                  "B": read_role(chart.parties["A"].label, types["B"], roundabout)}
    titled = _oriented_title(chart.title, labels, types, roundabout)
    sig: dict[PartyKey, PartySignature] = {}
    role_dir: dict[str, PartySignature] = {}
    for k in ("A", "B"):
        role_layers = [labels[k]] + ([titled[k]] if titled else [])
        role_dir[k] = _merge(role_layers, types[k])
        sig[k] = _merge(role_layers + [situ[k]], types[k])  # type: ignore[index]
    _title_violator(chart.title, sig, types)
    _stop_sign_roads({k: chart.parties[k].label for k in ("A", "B")}, sig)
    for k in ("A", "B"):
        sig[k].conditions = role_conditions(chart.parties[k].label)  # type: ignore[index]
    signal_violation = _movement_agnostic(chart.title, sig)
    either_side = bool(_EITHER_SIDE.search(chart.situation or ""))
    for k, d in _directions(role_dir, situ).items():
        # "오른쪽 도로에서 진입이든 왼쪽 도로에서 진입이든 본 도표를 적용": no side is required
        sig[k].direction = None if either_side and d in ("left", "right") else d  # type: ignore[index]
    if sig["A"].entered_first is not None and sig["A"].entered_first == sig["B"].entered_first:
        for k in ("A", "B"):  # both "first": the situation text misattributed one of them
            sig[k].entered_first = role_dir[k].entered_first  # type: ignore[index]
    variants = []
    if len(chart.variants) > 1:
        from katalog.facts import condition_keys

        conds = [condition_keys(v.condition or v.label) for v in chart.variants]
        shared = set.intersection(*(set(c) for c in conds))
        for v, vc in zip(chart.variants, conds, strict=True):
            a_txt, b_txt = _variant_texts(v.condition or v.label, types)
            va = _variant_role(a_txt, types["A"], roundabout)
            vb = _variant_role(b_txt, types["B"], roundabout)
            own = [c for c in vc if c not in shared]
            variants.append(VariantSignature(key=v.key, A=va, B=vb, conditions=own))
    for k in ("A", "B"):
        # 399 (가) A 회전 / (나) A 진입: variants that disagree on who circulates leave it open at
        # chart level (the variant choice settles it), else the chart fits only the first variant
        if len({getattr(v, k).in_roundabout for v in variants} - {None}) > 1:
            sig[k].in_roundabout = None  # type: ignore[index]
    for k in ("A", "B"):
        # "no signal" read from the situation, while the variants give the party a signal colour
        # (차6-1 B 녹색/황색/적색 on the one signalled approach): the chart takes any of them
        shown = {getattr(v, k).signal for v in variants} - {None, "none"}
        if sig[k].signal == "none" and shown:  # type: ignore[index]
            sig[k].signal = None  # type: ignore[index]
    place = facts.place
    text = re.sub(r"\s+", "", chart.situation)
    if chart.category == "회전교차로":
        place = "roundabout"
    elif _PARTIAL_SIGNAL_CHART.search(text):
        place = "partial_signal_intersection"
    elif _UNSIGNALLED_CHART.search(text) and (
        place in (None, "intersection")
        # "…신호가 등화된 상태에서 발생한 사고의 경우에도 준용할 수 있다" is a side note (차11-6):
        # the chart's own scene is the unsignalled junction when nothing else names a signal
        or (place == "signal_intersection" and not _SIGNALLED_CHART.search(_ANALOGY_SENTENCE.sub("", text)))
    ):
        place = "unsignal_intersection"
    elif place in (None, "intersection") and all(
        sig[k].signal not in (None, "none") for k in ("A", "B")  # type: ignore[index]
    ):
        place = "signal_intersection"  # both roles name a signal colour ("황(적)색 직진 대 황(적)색 좌회전")
    elif place == "highway" and _HIGHWAY_NOT_REQUIRED.search(text):
        place = "straight_road"  # "일반 도로 및 고속도로": the chart is not highway-specific
    if place == "unsignal_intersection":
        for k in ("A", "B"):
            # a steady colour read from the situation's "…에도 준용" sentence (차11-3 "신호 없음")
            if sig[k].signal in _STEADY and labels[k].signal is None:  # type: ignore[index]
                sig[k].signal = "none"  # type: ignore[index]
    # "(동시)", "(선진입)" in a role label name the chart's first variant, not a distinctive condition
    roles = [_VARIANT_NOTE.sub("", chart.parties[k].label) for k in ("A", "B")]
    # "(고속도로등 포함)": the chart also covers that place, it does not require it
    title = _INCLUDED_NOTE.sub("", chart.title)
    special = special_cues(" ".join([title, *roles]))
    if special_cues(chart.section) & {"고속도로"}:
        special.add("고속도로")  # the portal's highway series (section "고속도로/자동차전용도로 > …")
    if any(sig[k].signal in _VIOLATING_SIGNALS for k in ("A", "B")):  # type: ignore[index]
        special.discard("신호위반")  # the roles' red/yellow signal already says who violated it
    if place == "roundabout":
        special.add("회전교차로")  # a roundabout chart fits only a roundabout description
        if all(sig[k].in_roundabout is False for k in ("A", "B")):  # type: ignore[index]
            # "좌우 동시 진입" (차54-5): both roles entering is what "동시" means here, and the facts'
            # `in_roundabout` carries it; a committee text says "진입 중 … 진입하는", not "동시에"
            special.discard("동시")
    return ChartSignature(
        chart_id=chart.id,
        category=chart.category,
        book=chart.book,
        place=place,
        signal_controlled=True if signal_violation else facts.signal_controlled,
        collision=facts.collision or ("side" if signal_violation else None),
        A=sig["A"],
        B=sig["B"],
        variants=variants,
        legacy=chart.book == "PORTAL",
        rankable=chart.rankable,
        maps_to=list(chart.maps_to),
        special=sorted(special),
    )


@lru_cache(maxsize=4)
def _signatures_for(version: str) -> dict[str, ChartSignature]:
    from katalog.facts import extract_facts
    from katalog.standard.loader import load_standard

    std = load_standard()
    return {cid: build_signature(chart, extract_facts) for cid, chart in std.charts.items()}


def chart_signatures() -> dict[str, ChartSignature]:
    """Signatures of every chart of the loaded standard (computed once per process)."""
    from katalog.standard.loader import load_standard

    return _signatures_for(load_standard().version)
