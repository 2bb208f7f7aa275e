"""Chart signatures: the facts a chart presupposes, read from the chart's own text.

The same extractor that reads a user's description reads each chart's situation text and its
party labels ("녹색 직진", "선행 진로 변경"), so queries and charts meet in one fact space. Where
that reading is wrong for one chart, the correction is data (`data/engine/signature_overrides.yaml`),
not code. The words read here are in `data/vocab/chart_cues.yaml` and `places.yaml`.

The engine does not read the charts at start: it loads `data/engine/signatures.json`, which
`tools/build_signatures.py` writes (`build_signatures`) and `tests/matching/test_signature_golden.py`
keeps current.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from katalog import regex_cache
from katalog.errors import DataError
from katalog.facts.lexicon import DOOR_OPENING
from katalog.facts.text import denied, loosen
from katalog.lexicon.typed import fold_typing
from katalog.models import OTHER_SIDE, AccidentFacts, PartyFacts
from katalog.paths import data_dir
from katalog.standard.schema import Chart, PartyKey
from katalog.vocab import load

_C = load("chart_cues")  # data/vocab/chart_cues.yaml: every chart-text cue read here
_P = load("places")  # data/vocab/places.yaml: the *_chart place words and the roundabout words
_PARK_INSIDE = re.compile(_P.pattern("parking_inside"))

#: printed signal / road words of a role label, first entry that matches wins
_SIGNAL_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (v, regex_cache.compile(p)) for v, p in _C.pairs([e.key for e in _C.entries if e.key.startswith("signal_word_")])
]
_ROAD_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (v, regex_cache.compile(p)) for v, p in _C.pairs([e.key for e in _C.entries if e.key.startswith("road_word_")])
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
#: Distinctive conditions that only prefer: a description naming one favours the charts that name it, one
#: that does not is no worse a fit for them (진출입차로: the 2025 roundabout book's layout words; a lay
#: "나가려는데 계속 도는 차" still fits its exit charts).
#: The exit a roundabout party takes (3시진출 / 12시진출 / 9시진출) is a preference too: 회전-15 (the
#: circling car leaves at 3시) and 회전-12 (it goes on toward 12시) differ only there.
EXIT_CUES = frozenset({"3시진출", "12시진출", "9시진출"})
#: Where the first entrant of the 9…15 series came in: 9시 (회전-9/11/12) or 12시 (회전-13/14/15; 회전-10 either).
ENTRY_CUES = frozenset({"9시진입", "12시진입"})
#: 6시진입: the later entrant of that series, at 6시 in all of them (not a rival entry: no conflict).
PREFERENCE_CUES = frozenset({"진출입차로", "6시진입"}) | EXIT_CUES | ENTRY_CUES
_EXIT_OR_ENTRY = EXIT_CUES | ENTRY_CUES
#: The 2025 roundabout book's own account of the accident, "구체적인 사고 상황은 … 사고이다": it names the
#: exit where the (truncated) role labels do not (회전-15 "…2차로로 차로변경하여 3시 방향으로 진출하는").
_SITUATION_SENTENCE = re.compile(r"구체적인\s*사고\s*상황은.*?사고\s*이다", re.S)
#: Cues read across a stray PDF space inside the word ("추 월하다가", "정 체된"): only words that
#: two ordinary words do not spell by accident (not 보도 in "…인 도로", 후진 in "회전 후 진출").
_LOOSE_CUES = {"추월", "정체", "비보호", "안전지대", "역주행", "중앙선", "일시정지", "양보", "회전교차로",
               "횡단보도", "고속도로", "유턴", "좌측통행", "갓길", "신호위반", "긴급자동차"}
_SPECIAL_RE = {
    k: regex_cache.compile(loosen(v) if k in _LOOSE_CUES else v, re.IGNORECASE) for k, v in SPECIAL_CUES.items()
}


def _situation_exits(situation: str) -> set[str]:
    """The exit and entry cues of a roundabout chart's own accident sentence (not its notes: 회전-3's "다만 … 3시
    진출부에서의 사고는 해당도표를 적용한다" points elsewhere)."""
    m = _SITUATION_SENTENCE.search(situation or "")
    return special_cues(m.group(0)) & (EXIT_CUES | ENTRY_CUES) if m else set()


def exit_conflict(special: list[str] | set[str], cues: set[str]) -> bool:
    """The description names one roundabout exit and the chart names exits, none of them that one ("3시
    출구로 나가려고" against 회전-12, whose circling car goes on toward 12시); or likewise one entry of the
    first entrant ("9시 쪽에서 먼저 들어와" against 회전-13…15, entered at 12시). Two named (one per
    party, or a party's and the other's aim) say nothing against a chart."""
    if _EXIT_OR_ENTRY.isdisjoint(cues):
        return False  # nearly every description names neither: nothing told, nothing contradicted
    for group in (EXIT_CUES, ENTRY_CUES):
        told = cues & group
        named = set(special) & group
        if len(told) == 1 and named and not told & named:
            return True
    return False


def special_cues(text: str) -> set[str]:
    """Distinctive-condition keys mentioned in `text`, not those denied right after ("비보호 아님", "비보호
    표지도 없는 곳", "정체 구간 아님": `facts.text.denied`). A new set each call (callers add to it)."""
    return set(_special_cues_of(text))


@lru_cache(maxsize=64)
def _special_cues_of(text: str) -> frozenset[str]:
    """`special_cues`, kept for the latest texts: one assessment reads its description's cues several times
    (the facts gate, the ranking, the question stage), each read ~60 regular expressions."""
    from katalog.facts.extract import lane_markings

    out = {k for k, rx in _SPECIAL_RE.items() if any(not denied(text, m.end()) for m in rx.finditer(text))}
    if "노면표시" not in out and lane_markings(text or ""):
        out.add("노면표시")  # "직진차로인 2차로에서": a lane named by its marking is a 노면표시 case
    return frozenset(out)


#: Cues that name a permission to go on green ("비보호": a left turn allowed on the plain green, without
#: an arrow), keyed to the party condition that carries it: the party turned on a red or yellow light it
#: stated ("비보호좌회전 구간에서 적색신호에 좌회전") ran the light, so the charts of that light apply, not
#: the green 비보호 chart (차2-6). An arrow read for it is left alone: misread more often than said.
_GREEN_PERMISSIONS = {"비보호": "비보호좌회전"}
_STOP_LIGHTS = frozenset({"red", "yellow"})


#: A motor vehicle over the centre line that makes no turn there: a writer says it one way ("역주행", "반대
#: 차선으로", "중앙선 넘어와서 정면으로") and the wrong-way charts (차31-1, portal 382/383) name both keys. A
#: bicycle or PM riding against traffic keeps to the edge (거21-1 역통행, PM-28), and an emergency vehicle
#: over the line has its own chart (차55-2 좌측통행), which names neither key.
_CENTRE_LINE, _ONE_WAY, _EMERGENCY = "중앙선침범", "일방통행위반", "긴급자동차"
_TURNS_OVER_THE_LINE = frozenset({"left_turn", "u_turn", "right_turn", "overtaking", "reversing"})
_MOTOR_VEHICLES = frozenset({"car", "two_wheeler", "bus", "truck"})


def _wrong_way_cues(facts: AccidentFacts) -> set[str]:
    """"중앙선" and "역주행" for a motor vehicle the extractor put over the centre line (not a one-way road's
    wrong way) while going on, not turning: one of the two words is told and the other meant."""
    ps = facts.parties[:2]
    over = [p for p in ps if _CENTRE_LINE in p.factors and _ONE_WAY not in p.factors]
    if not over or any(p.movement in _TURNS_OVER_THE_LINE or p.type not in _MOTOR_VEHICLES for p in over) \
            or any(p.type not in _MOTOR_VEHICLES or _EMERGENCY in p.conditions for p in ps):
        return set()
    return {"중앙선", "역주행"} if facts.collision == "head_on" or any(p.movement == "straight" for p in over) \
        else {"중앙선"}


def described_cues(text: str, facts: AccidentFacts) -> set[str]:
    """`special_cues(text)` less a green permission whose party stated a red or yellow light, plus the
    wrong-way pair a centre-line crossing tells (`_wrong_way_cues`), plus 도로외 for a walker hit inside a car
    park (the facts read it off the road; "주차장 안" is not one of the chart words, which 차51's texts share)."""
    text = fold_typing(text)  # the facts read the folded text (katalog.lexicon.typed)
    out = special_cues(text)
    if facts.collision == "pedestrian" and facts.place == "off_road" and _PARK_INSIDE.search(text):
        out.add("도로외")
    for cue, condition in _GREEN_PERMISSIONS.items():
        holders = [p for p in facts.parties if condition in p.conditions]
        if cue in out and holders and all(p.signal in _STOP_LIGHTS for p in holders):
            out.discard(cue)
    if _BUS in out and not _bus_at_its_stop(facts):
        out.discard(_BUS)
    if _OVERTAKING in out and _overtaking_ended_as_lane_change(text, facts):
        out.discard(_OVERTAKING)
    if _EXIT in out and not _in_a_roundabout(text, facts):
        out.discard(_EXIT)
    if _SHOULDER in out and shoulder_only_left(text):
        out.discard(_SHOULDER)
    if _SUDDEN_CHANGE in out and not _queue_told(out, facts):
        out.discard(_SUDDEN_CHANGE)
    return out | _wrong_way_cues(facts)


#: the roundabout exit cue (차54-3/4, 회전-4…15: "진출", "출구", "빠지려고")
_EXIT = "진출"


def _in_a_roundabout(text: str, facts: AccidentFacts) -> bool:
    """Whether the exit told is a roundabout's: the facts read a roundabout or the text names one. An exit on an
    ordinary road or a motorway ("출구로 빠지려고 오른쪽 차로로 옮기다가", "나들목으로 나가려고") is only why a car
    changed lanes (차43-2), not 차54-3's "회전진출"."""
    from katalog.facts.extract import _roundabout_words

    return facts.place == "roundabout" or any(p.in_roundabout for p in facts.parties) or bool(_roundabout_words(text))


#: the shoulder cue of 차43-6 ("갓길로 진로변경 대 갓길 직진") and 차42-2/3
_SHOULDER = "갓길"
#: the shoulder told only as where a car stood before it came back into the lane ("갓길에 서 있던 화물차가 …
#: 차로로 끼어들어서", "갓길에 잠깐 세웠다가 다시 차로로 들어가는데"): 차43-2's lane change, not 차43-6's
_SHOULDER_LEFT = regex_cache.compile(_C.pattern("shoulder_left"))
#: the shoulder as the way or the goal of a car (갓길로, 갓길을 달리던, 갓길 주행): 차43-6 stays
_SHOULDER_TAKEN = regex_cache.compile(_C.pattern("shoulder_taken"))


def shoulder_only_left(text: str) -> bool:
    """Whether the shoulder `text` names is only where a car stood before it went back into the lane (no car
    takes it as its way or goal): the chart word 갓길 then names 차43-6's and 차42's shoulder, not this one."""
    return _SHOULDER_LEFT.search(text) is not None and _SHOULDER_TAKEN.search(text) is None


_SHOULDER_WORD = regex_cache.compile(r"갓길|노견")


def without_left_shoulder(text: str) -> str:
    """`text` with the word 갓길 dropped where it only says where a car stood before going back into the lane
    (`shoulder_only_left`), so the retrieval of chart texts does not read it as 차43-6's shoulder."""
    return _SHOULDER_WORD.sub("", text) if shoulder_only_left(text) else text


#: The cue of 차43-4's title ("정체 중 급 차로 변경"), the only chart that names it
_SUDDEN_CHANGE, _QUEUE = "급차로변경", "정체"


def _queue_told(cues: set[str], facts: AccidentFacts) -> bool:
    """Whether a queue is told (the cue 정체, or a party read as standing in one). A sudden lane change of a
    car that was moving ("갑자기 차로를 바꾸는 바람에", "칼치기", "급차선변경으로 제 앞에 끼어들어") is 차43-2's lane
    change with its 급진로변경 modifier (the facts read that factor apart); the cue 급차로변경 calls 차43-4 only for
    a car that comes out of a queue or a turning line, which is what sets that chart apart from 차43-2."""
    return _QUEUE in cues or any(_QUEUE in p.conditions for p in facts.parties)


#: The bus cue of 차47-3 (비정형-14): the bus moving off from its stop
_BUS = "버스"
#: the moves of a bus that plays another chart's role (차43-2's changer or straight car)
_BUS_OTHER_ROLES = frozenset({"lane_change", "straight"})


def _bus_at_its_stop(facts: AccidentFacts) -> bool:
    """Whether a bus of the facts can be the bus charts' bus (차47-3, 비정형-14: "정차 후 출발 버스"): one read as a
    bus not read as changing lanes or going straight. Such a bus ("시내버스가 정류장 쪽으로 가려고 오른쪽으로 차로를
    바꾸다가", "시내버스 2차로 직진 중") plays 차43-2's role, so the word 버스 alone does not call those charts. Any
    other read keeps the word (a bus read as overtaking is mostly the one overtaken: "시내버스를 앞질러서 …
    시내버스가 바로 출발하는"); no bus party read (a bus only named): the word counts."""
    buses = [p for p in facts.parties if p.type == "bus"]
    return not buses or any(p.movement not in _BUS_OTHER_ROLES for p in buses)


_OVERTAKING = "추월"
#: a passing rule, centre line, junction or stopped car told (movements.yaml `passing_rule_told`)
_PASSING_RULE_TOLD = load("movements").regex("passing_rule_told")
#: a car arriving in the writer's way ("제 앞으로 들어오다가": movements.yaml `cut_in_by_result`)
_CUT_IN_BY_RESULT = load("movements").regex("cut_in_by_result")


def _overtaking_ended_as_lane_change(text: str, facts: AccidentFacts) -> bool:
    """Whether the facts read the overtaking told as a lane change ending in front of the car passed ("저를
    추월하더니 바로 제 앞으로 들어오다가"; no passing rule, centre line, junction, light, turn, stopped car or
    emergency vehicle told: `facts._cut_in_by_result`): a lane changer, no overtaker
    and no bus or stopped car for the overtaking charts (차45, 차47) to be about. The word 추월 then says how the
    car came in front, not which chart (차43-2 takes an overtaking that ends in front of the car passed)."""
    ps = facts.parties
    return (
        not _PASSING_RULE_TOLD.search(text or "")  # "실선구간에서 … 추월하던 … 진로변경하여": 차45-6's overtaking
        and _CUT_IN_BY_RESULT.search(text or "") is not None  # it ends in front of the car passed
        and any(p.movement == "lane_change" for p in ps)
        and not any(p.movement in ("overtaking", "starting", "stopped", "parked") or p.type == "bus" for p in ps)
    )


class PartySignature(BaseModel):
    type: str = "car"
    movement: str | None = None
    #: every manoeuvre the role allows when it names alternatives ("좌(우)회전", "직진(좌회전)",
    #: "좌회전 또는 유턴"); empty when the role names one. `movement` is one of them.
    alt_movements: list[str] = Field(default_factory=list)
    signal: str | None = None
    #: both colours of a role printed "황(적)색" (yellow or red: 차2-4, 320–323); empty when it names one.
    #: `signal` is the first of them.
    alt_signals: list[str] = Field(default_factory=list)
    road: str | None = None
    direction: str | None = None
    entered_first: bool | None = None
    in_roundabout: bool | None = None
    #: the roundabout lane the role drives in or enters by ("진입2차로 진입, 회전2차로 회전" → outer), read as a
    #: description's "바깥 차로로 돌던"
    roundabout_lane: str | None = None
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
    #: False for a chart no source describes (only a placeholder title) or superseded by its twin in a newer
    #: book (`Chart.superseded_by`): never proposed as an answer
    rankable: bool = True
    #: the charts this one supersedes (the same chart in an older book, `Chart.same_as`): the rules score
    #: this chart as the better of its own signature and theirs (`candidates.rule_score`)
    twins: list[str] = Field(default_factory=list)


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


def label_alt_signals(text: str) -> list[str]:
    """Both colours of a bracketed pair ("황(적)색" → yellow, red): the role applies on either."""
    m = _BRACKETED_COLOUR.search(re.sub(r"\s+", "", text or ""))
    if m is None:
        return []
    pair = m.group(0)
    first, second = label_signal(pair[0] + "색"), label_signal(pair[2] + "색")
    return [first, second] if first and second and first != second else []


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
        roundabout_lane=p.roundabout_lane,
        lane_marking=list(p.lane_marking) if p.lane_marking else None,
    )


_DIR_RANK = {"behind": 3, "front": 3, "opposite": 2, "right": 1, "left": 1, "side": 1, "same": 0}
_FIELDS = ("movement", "signal", "road", "direction", "entered_first", "in_roundabout", "roundabout_lane",
           "lane_marking")
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
    alt_signals = label_alt_signals(_entry_signal_text(text))
    if alt_signals and sig.signal == alt_signals[0]:
        sig.alt_signals = alt_signals
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


#: Conditions a role label can name about its own road user ("직진(정체도로 사이)"), in file order;
#: the patterns and why they read as they do: chart_cues.yaml role_* entries.
ROLE_CONDITIONS: dict[str, re.Pattern[str]] = {
    v: regex_cache.compile(p) for v, p in _C.pairs([e.key for e in _C.entries if e.key.startswith("role_")])
}
#: "직진(일시정지 표지 없음)" names the other road's sign, not this role's
_STOP_ROLE = ROLE_CONDITIONS["일시정지"]
#: role conditions the situation text may give a party too ("미리 우측 가장자리로 다 가서지 않고 우회전을 하는 자동차")
SITUATION_ROLE_CONDITIONS = frozenset(v for v, _ in _C.pairs(["role_right_edge_not", "role_right_edge"]))


#: the crosswalk's side of the junction, read from a pedestrian chart's situation (its labels name colours
#: only): before the junction the car was about to enter (보8–보12) or past the one it went through (보1–보7)
_JUNCTION_SIDE = {v: regex_cache.compile(p) for v, p in _C.pairs(["crosswalk_before_junction", "crosswalk_after_junction"])}


def junction_side(situation: str) -> list[str]:
    """The car's 교차로통과전 / 교차로통과후 role condition a chart's situation names."""
    return [k for k, rx in _JUNCTION_SIDE.items() if rx.search(situation or "")]


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
    for layer in layers:
        if layer.signal is not None:
            if out.signal in layer.alt_signals:  # the layer that gave the signal gives its alternatives
                out.alt_signals = list(layer.alt_signals)
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
        da = OTHER_SIDE[db]
    elif (db in (None, "same") and da in ("front", "behind")) or (da and not db):
        db = OTHER_SIDE[da]
    elif db and not da:
        da = OTHER_SIDE[db]
    if not da and not db:
        da, db = situation["A"].direction, situation["B"].direction
        if da and db and OTHER_SIDE[da] != db:
            # inconsistent attribution: keep the more telling one (선행/후행 > 맞은편 > 좌/우 > 동일방향)
            pa, pb = _DIR_RANK[da], _DIR_RANK[db]
            if pa > pb:
                db = OTHER_SIDE[da]
            elif pb > pa:
                da = OTHER_SIDE[db]
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


_INCLUDED_NOTE = _C.regex("included_note")
_VARIANT_NOTE = _C.regex("variant_note")
_VIOLATING_SIGNALS = {"red", "yellow", "red_flash"}


_PEDESTRIAN_SPACED = _C.regex("pedestrian_spaced")
_PEDESTRIAN_A = _C.regex("pedestrian_a")
_ROUNDABOUT = _P.regex("roundabout")
_PARTIAL_SIGNAL_CHART = _P.regex("partial_signal_chart")
_UNSIGNALLED_CHART = _P.regex("unsignalled_chart")
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


def read_signature(chart: Chart, extract) -> ChartSignature:
    """Signature of one chart as its text reads, before the chart-specific overrides.
    `extract` is `katalog.facts.extract_facts`.

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
    titled = _oriented_title(chart.title, labels, types, roundabout)
    sig: dict[PartyKey, PartySignature] = {}
    role_dir: dict[str, PartySignature] = {}
    for k in ("A", "B"):
        role_layers = [labels[k]] + ([titled[k]] if titled else [])
        role_dir[k] = _merge(role_layers, types[k])
        sig[k] = _merge(role_layers + [situ[k]], types[k])  # type: ignore[index]
    _stop_sign_roads({k: chart.parties[k].label for k in ("A", "B")}, sig)
    for k in ("A", "B"):
        sig[k].conditions = role_conditions(chart.parties[k].label)  # type: ignore[index]
        # the right-turner's edge is also read from the situation (the PM book's labels are cut short)
        turner = parties[k] is not None and sig[k].movement == "right_turn"  # type: ignore[index]
        said = [c for c in (parties[k].conditions if turner else []) if c in SITUATION_ROLE_CONDITIONS]  # type: ignore[union-attr]
        sig[k].conditions += [c for c in said if c not in sig[k].conditions]  # type: ignore[index]
        if types[k] != "pedestrian" and types["A" if k == "B" else "B"] == "pedestrian":
            sig[k].conditions += [c for c in junction_side(chart.situation) if c not in sig[k].conditions]  # type: ignore[index]
    either_side = bool(_EITHER_SIDE.search(chart.situation or ""))
    for k, d in _directions(role_dir, situ).items():
        # "오른쪽 도로에서 진입이든 왼쪽 도로에서 진입이든 본 도표를 적용": no side is required
        sig[k].direction = None if either_side and d in ("left", "right") else d  # type: ignore[index]
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
    place = facts.place
    text = re.sub(r"\s+", "", chart.situation)
    if chart.category == "회전교차로":
        place = "roundabout"
    elif _PARTIAL_SIGNAL_CHART.search(text):
        place = "partial_signal_intersection"
    elif _UNSIGNALLED_CHART.search(text) and place in (None, "intersection"):
        place = "unsignal_intersection"
    elif place in (None, "intersection") and all(
        sig[k].signal not in (None, "none") for k in ("A", "B")  # type: ignore[index]
    ):
        place = "signal_intersection"  # both roles name a signal colour ("황(적)색 직진 대 황(적)색 좌회전")
    elif place == "highway" and _HIGHWAY_NOT_REQUIRED.search(text):
        place = "straight_road"  # "일반 도로 및 고속도로": the chart is not highway-specific
    # "(동시)", "(선진입)" in a role label name the chart's first variant, not a distinctive condition
    roles = [_VARIANT_NOTE.sub("", chart.parties[k].label) for k in ("A", "B")]
    # "(고속도로등 포함)": the chart also covers that place, it does not require it
    title = _INCLUDED_NOTE.sub("", chart.title)
    special = set().union(*(special_cues(x) for x in (title, *roles)))  # a cue never spans title and role
    if special_cues(chart.section) & {"고속도로"}:
        special.add("고속도로")  # the portal's highway series (section "고속도로/자동차전용도로 > …")
    if any(sig[k].signal in _VIOLATING_SIGNALS for k in ("A", "B")):  # type: ignore[index]
        special.discard("신호위반")  # the roles' red/yellow signal already says who violated it
    if place == "roundabout":
        special.add("회전교차로")  # a roundabout chart fits only a roundabout description
        special |= _situation_exits(chart.situation)
    return ChartSignature(
        chart_id=chart.id,
        category=chart.category,
        book=chart.book,
        place=place,
        signal_controlled=facts.signal_controlled,
        collision=facts.collision,
        A=sig["A"],
        B=sig["B"],
        variants=variants,
        legacy=chart.book == "PORTAL",
        # a chart superseded by its twin in a newer book is never proposed: the engine answers the twin
        rankable=chart.rankable and chart.superseded_by is None,
        # twins are made only between an older and a newer book, the older superseded: a current chart's
        # `same_as` are the charts it supersedes
        twins=list(chart.same_as) if chart.superseded_by is None else [],
        maps_to=list(chart.maps_to),
        special=sorted(special),
    )


def build_signature(chart: Chart, extract) -> ChartSignature:
    """Signature of one chart: its reading (`read_signature`) with the chart's overrides applied.
    `extract` is `katalog.facts.extract_facts`."""
    return apply_overrides(read_signature(chart, extract), load_overrides().get(chart.id, []))


# ---- chart-specific overrides ----------------------------------------------------------------------

#: the command that regenerates the committed signatures (named by every error about them)
BUILD_COMMAND = "python tools/build_signatures.py"


def overrides_path() -> Path:
    """`<data_dir>/engine/signature_overrides.yaml`."""
    return data_dir() / "engine" / "signature_overrides.yaml"


def signatures_path() -> Path:
    """`<data_dir>/engine/signatures.json`: the committed signatures the engine loads."""
    return data_dir() / "engine" / "signatures.json"


class SignatureOverride(BaseModel):
    """One chart-specific correction: what it sets on the chart's signature and why."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    chart: str = Field(min_length=1)
    why: str = Field(min_length=1)
    #: field -> final value: "place", "collision", "A.signal", "B.alt_movements", ...
    set_: dict[str, Any] = Field(default_factory=dict, alias="set")
    #: list field -> items added / removed ("special": [...])
    add: dict[str, list[str]] = Field(default_factory=dict)
    remove: dict[str, list[str]] = Field(default_factory=dict)


class _OverridesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    overrides: list[SignatureOverride] = Field(default_factory=list)


@cache
def _read_overrides(path: str) -> dict[str, list[SignatureOverride]]:
    file = Path(path)
    if not file.is_file():
        raise DataError(f"도표 서명 보정 파일이 없습니다: {file}", f"signature overrides not found: {file}")
    try:
        spec = _OverridesFile.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")) or {})
    except (yaml.YAMLError, ValidationError) as exc:
        raise DataError(f"도표 서명 보정 파일 형식 오류: {file}", f"invalid signature overrides {file}: {exc}") from None
    out: dict[str, list[SignatureOverride]] = {}
    for o in spec.overrides:
        for path_ in (*o.set_, *o.add, *o.remove):
            _slot_check(path_, o, file)
        out.setdefault(o.chart, []).append(o)
    return out


def load_overrides() -> dict[str, list[SignatureOverride]]:
    """The chart-specific overrides by chart id, in file order (cached per file)."""
    return _read_overrides(str(overrides_path()))


_LISTS = {"special", "maps_to", "twins", "alt_movements", "alt_signals", "conditions", "lane_marking"}


def _slot_check(path: str, o: SignatureOverride, file: Path) -> None:
    head, _, tail = path.partition(".")
    ok = (tail in PartySignature.model_fields and tail != "type") if head in ("A", "B") and tail else (
        not tail and head in ChartSignature.model_fields and head not in ("chart_id", "A", "B", "variants"))
    if not ok:
        raise DataError(f"도표 서명 보정 오류 ({file.name}, {o.chart}): 알 수 없는 필드 {path}",
                        f"{file}: override for chart {o.chart} names an unknown field {path!r}")
    if (path in o.add or path in o.remove) and path.rpartition(".")[2] not in _LISTS:
        raise DataError(f"도표 서명 보정 오류 ({file.name}, {o.chart}): {path}는 목록이 아닙니다",
                        f"{file}: override for chart {o.chart} adds to / removes from {path!r}, which is no list")


def _holder(data: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    head, _, tail = path.partition(".")
    return (data[head], tail) if tail else (data, head)


def apply_overrides(sig: ChartSignature, overrides: list[SignatureOverride]) -> ChartSignature:
    """`sig` with each override's set / add / remove applied, in order (a new, validated signature)."""
    if not overrides:
        return sig
    data = sig.model_dump()
    for o in overrides:
        for path, value in o.set_.items():
            holder, field = _holder(data, path)
            holder[field] = value
        for path, items in o.add.items():
            holder, field = _holder(data, path)
            holder[field] = list(holder[field] or []) + [x for x in items if x not in (holder[field] or [])]
        for path, items in o.remove.items():
            holder, field = _holder(data, path)
            holder[field] = [x for x in holder[field] or [] if x not in items]
    data["special"] = sorted(data["special"])
    return ChartSignature.model_validate(data)


def redundant_overrides(read: ChartSignature, overrides: list[SignatureOverride]) -> list[str]:
    """Operations of `overrides` that the reading `read` already satisfies (each should be deleted)."""
    data = read.model_dump()
    out = []
    for o in overrides:
        for path, value in o.set_.items():
            holder, field = _holder(data, path)
            if holder[field] == value:
                out.append(f"{o.chart}: set {path} = {value!r} (already read so)")
        for path, items in o.add.items():
            holder, field = _holder(data, path)
            out += [f"{o.chart}: add {x!r} to {path} (already there)" for x in items if x in (holder[field] or [])]
        for path, items in o.remove.items():
            holder, field = _holder(data, path)
            out += [f"{o.chart}: remove {x!r} from {path} (not there)" for x in items if x not in (holder[field] or [])]
    return out


# ---- the committed signatures ------------------------------------------------------------------------


def build_signatures() -> dict[str, ChartSignature]:
    """Every chart's signature rebuilt now from the chart texts, the vocabulary and the overrides
    (what `tools/build_signatures.py` writes), in the standard's chart order."""
    from katalog.facts import extract_facts
    from katalog.standard.loader import load_standard

    std = load_standard()
    unknown = sorted(set(load_overrides()) - set(std.charts))
    if unknown:
        raise DataError(f"도표 서명 보정 파일에 없는 도표: {', '.join(unknown)}",
                        f"{overrides_path()} names charts the standard lacks: {', '.join(unknown)}")
    return {cid: build_signature(chart, extract_facts) for cid, chart in std.charts.items()}


def dump_signatures(sigs: dict[str, ChartSignature], standard_version: str) -> str:
    """The committed file's text: one line per chart, sorted by id, default values left out."""
    rows = []
    for cid in sorted(sigs):
        body = sigs[cid].model_dump(mode="json", exclude_defaults=True)
        rows.append("    " + json.dumps(cid, ensure_ascii=False) + ": "
                    + json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    head = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in (
        ("generated_by", BUILD_COMMAND), ("standard_version", standard_version))]
    return "{\n" + "\n".join(head) + '\n  "charts": {\n' + ",\n".join(rows) + "\n  }\n}\n"


def read_signatures(path: Path) -> tuple[str, dict[str, ChartSignature]]:
    """(standard version, signatures by chart id) from a committed signatures file."""
    if not path.is_file():
        raise DataError(f"도표 서명 파일이 없습니다: {path} ({BUILD_COMMAND} 로 만드세요)",
                        f"chart signatures not found: {path}; build them with {BUILD_COMMAND}")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return str(raw["standard_version"]), {
            cid: ChartSignature.model_validate(d) for cid, d in raw["charts"].items()
        }
    except (ValueError, KeyError, TypeError, ValidationError) as exc:
        raise DataError(f"도표 서명 파일 형식 오류: {path} ({BUILD_COMMAND} 로 다시 만드세요)",
                        f"invalid chart signatures {path} ({exc}); rebuild them with {BUILD_COMMAND}") from None


def diff_signatures(committed: dict[str, ChartSignature], rebuilt: dict[str, ChartSignature]) -> list[str]:
    """One line per chart and field that differ ("차1-1 A.signal: 'green' → 'red'"), charts sorted."""
    out = []
    for cid in sorted(set(committed) | set(rebuilt)):
        if cid not in rebuilt or cid not in committed:
            out.append(f"{cid}: {'only in the committed file' if cid in committed else 'missing from the committed file'}")
            continue
        a, b = committed[cid].model_dump(), rebuilt[cid].model_dump()
        for key in a:
            pairs = [(f"{key}.{f}", a[key][f], b[key][f]) for f in a[key]] if key in ("A", "B") else [(key, a[key], b[key])]
            out += [f"{cid} {path}: {x!r} → {y!r}" for path, x, y in pairs if x != y]
    return out


@lru_cache(maxsize=4)
def _committed(path: str, version: str) -> dict[str, ChartSignature]:
    from katalog.standard.loader import load_standard

    built_for, sigs = read_signatures(Path(path))
    std = load_standard()
    if built_for != version or set(sigs) != set(std.charts):
        what = (f"standard {built_for}, data has {version}" if built_for != version
                else f"charts differ: {sorted(set(sigs) ^ set(std.charts))[:5]}")
        raise DataError(f"도표 서명 파일이 표준 데이터와 맞지 않습니다: {path} ({BUILD_COMMAND} 로 다시 만드세요)",
                        f"{path} is stale ({what}); rebuild it with {BUILD_COMMAND}")
    return {cid: sigs[cid] for cid in std.charts}


def chart_signatures() -> dict[str, ChartSignature]:
    """Signatures of every chart of the loaded standard, read from the committed
    `data/engine/signatures.json` (once per process); `tools/build_signatures.py` writes it."""
    from katalog.standard.loader import load_standard

    return _committed(str(signatures_path()), load_standard().version)
