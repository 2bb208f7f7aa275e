"""`extract_facts`: Korean accident description → `AccidentFacts`, by rules only (no model).

Order of work: blank instruction-like text → find and order the parties → give every character an
owner party → scan the lexicon's cues and attribute each to the owner of its position → scene
(place, signal control, collision) → fill symmetric relations (right↔left, behind↔front,
선진입↔후진입) → contradictions → scope. Every fact that has a source in the text carries an
`Evidence` with the exact span.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from katalog import regex_cache
from katalog.facts import lexicon as lx
from katalog.facts.parties import BOTH, SELF, Mention, PartyDraft, assign_owners, cluster, find_mentions
from katalog.facts.scope import check_scope, mask_injection
from katalog.facts.text import cre, denied, negated, sentences
from katalog.lexicon.typed import fold_typing
from katalog.models import OTHER_SIDE, AccidentFacts, Evidence, PartyFacts
from katalog.vocab import load

log = logging.getLogger(__name__)

#: Longest text analysed; the rest is ignored (a description is a paragraph, not a book).
MAX_CHARS = 20_000

#: How facts are stated (data/vocab/clauses.yaml), who a party is (parties.yaml), collision kinds (collisions.yaml).
_C = load("clauses")
_P = load("parties")
_COLL = load("collisions")
_ALLEY_BESIDE_MAJOR = load("roads").pattern("minor_beside_major")

_WEAK_SIGNAL = _C.regex("weak_signal")
_BELIEVED = _C.regex("believed_colour")
_NAME_GAP = _C.regex("name_colour_gap")  # a name, its subject particle, then a colour  # a colour only believed ("초록불인 줄 알고")
_SIGNAL_CHANGE = cre(_C.pattern("signal_change"))
_TIME_POINT = cre(_C.pattern("time_point"))
_WALK_LIGHT = cre(_C.pattern("walk_light"))
_ROAD_TARGET = _C.regex("road_target")
#: scene conditions that place a crosswalk before or past the junction (conditions.yaml)
#: where the car was against the crosswalk: before the junction it was about to enter or past the one it went
#: through (보8–12 vs 보1–7), or short of the crosswalk itself (보19): the car's conditions where someone crosses
_CROSSWALK_SIDE = ("교차로통과전", "교차로통과후", "횡단보도통과전")
#: why someone walked on a motorway: a reason (보36) or none (보35); the denial wins
_WALK_REASON = ("보행사유있음", "보행사유없음")
#: where on the carriageway a walker went: its middle (보28) or its edge (보27-2)
_ROAD_SIDE = ("도로중앙보행", "도로가장자리보행")
_ALTERNATIVE = cre(_C.pattern("alternative"))
#: each side says the other did the act ("서로 상대방이 중앙선을 넘었다고 주장"): who did it is disputed
_DISPUTED = _C.regex("disputed_act")
_DIR_PRIORITY = {"behind": 5, "front": 5, "opposite": 4, "right": 3, "left": 3, "side": 2, "same": 1}
_DRUNK_LIGHT = cre(_C.pattern("drunk_light"))
#: a stated speed limit and a stated travelling speed (group v: the number), compared by _stated_speeding
_SPEED_LIMIT = tuple(cre(p) for p in _C.patterns("speed_limit"))
_SPEED_ACTUAL = tuple(cre(p) for p in _C.patterns("speed_actual"))
#: the standard's 중대한 과실 grade for speeding: 시속 20km 이상 제한속도 위반 (data/vocab/modifiers.yaml, 과속20)
_SPEEDING_GRAVE_KMH = 20
_KOR_COLOR = {"green": "녹색", "red": "적색", "yellow": "황색"}
_FLASH_PAIR = {"red_flash": "yellow_flash", "yellow_flash": "red_flash"}
_TURNS = {"left_turn", "right_turn", "u_turn"}
_AFTER = cre(_C.pattern("after_done"))
_CRASH_WORD = cre(_C.pattern("crash_word"))
_INTENT = cre(_C.pattern("intent"))
#: "앞차를 추월하려고", "앞에 가던 경운기를 추월": the car ahead named is the one being passed
_PASSED_AHEAD = cre(_C.pattern("passed_ahead"))
#: "차선 변경 안 했어요": the lane change right before it is denied
_LANE_CHANGE_DENIED = _C.regex("lane_change_denied")
_CROSSING = cre(_P.pattern("crossing_on_foot"))
_IN_ROUNDABOUT = lx.IN_ROUNDABOUT + "|" + _C.pattern("roundabout_exit")
_ENTRY_ORDER = ((True, _C.pattern("entered_first_word")), (False, _C.pattern("entered_late_word")))
_CLAUSE_BREAK = _C.regex("clause_break")
#: collision kinds the text states (used by `_collision`)
_REAR_END = cre(_COLL.pattern("rear_end"))
_HEAD_ON = cre(_COLL.pattern("head_on"))
_SIDESWIPE = cre(_COLL.pattern("sideswipe"))
_SIDE = cre(_COLL.pattern("side"))


@dataclass
class _Hit:
    value: str
    start: int
    end: int
    owner: int | None


def extract_facts(description: str, parties: list[str] | None = None) -> AccidentFacts:
    """Structured facts of an accident description (pure, rule-based, never raises on text)."""
    text = description if isinstance(description, str) else ("" if description is None else str(description))
    text = text[:MAX_CHARS]
    given = [p for p in (parties or []) if isinstance(p, str) and p.strip()] or None
    try:
        return _extract(text, given)
    except Exception:  # a rule bug must not take the engine down; the lead's assess() abstains
        log.exception("fact extraction failed")
        return AccidentFacts(parties=[PartyFacts(name=n) for n in (given or ["A", "B"])[:4]],
                             contradictions=["사실관계를 자동으로 추출하지 못했습니다."])


def party_texts(description: str, parties: list[str] | None = None, n: int = 2) -> list[str]:
    """The stretches of text each of the first `n` parties owns (`parties.assign_owners`, the same clause
    ownership the extractor reads facts with; a clause about both goes to both), joined by " | ".
    Never raises on text: on failure every party gets ""."""
    text = description if isinstance(description, str) else ""
    given = [p for p in (parties or []) if isinstance(p, str) and p.strip()] or None
    try:
        masked, _ = mask_injection(text[:MAX_CHARS])
        masked = fold_typing(masked)
        drafts, used = cluster(masked, find_mentions(masked), given)
        writer = next((i for i, d in enumerate(drafts) if d.role == SELF), None)
        owner = assign_owners(masked, used, writer)
    except Exception:
        log.exception("party text ownership failed")
        return [""] * n
    out: list[list[str]] = [[] for _ in range(n)]
    for k in range(n):
        run: list[str] = []
        for ch, o in zip(masked, owner, strict=False):
            if o in (k, BOTH):
                run.append(ch)
            elif run:
                out[k].append("".join(run))
                run = []
        if run:
            out[k].append("".join(run))
    return [" | ".join(s.strip() for s in parts if s.strip()) for parts in out]


def condition_keys(text: str) -> list[str]:
    """Situation-condition keys (`kind="condition"`) whose cue appears in `text`, in lexicon order.

    For short texts that name no parties, such as a chart variant's condition ("유턴(후행)(동시 유턴)")."""
    t = text if isinstance(text, str) else ""
    out: list[str] = []
    for f in lx.FACTORS:
        if f.kind != "condition" or f.key in out:
            continue
        for pat in f.patterns:
            m = cre(pat).search(t)
            if m and not (f.negatable and negated(t, m.start(), m.end())):
                out.append(f.key)
                break
    return out


def extract_role(text: str, ptype: str = "car", *, roundabout: bool = False) -> PartyFacts:
    """Facts of ONE road user from a short role text ("뒤차(추돌차)", "선행 진로 변경", "녹색 직진").

    Every word of the text is about that road user, so nouns such as 앞차/뒤차/추돌차 are read as
    its position, not as a second party. Used for the standard's party labels and variant
    conditions; never raises on text. `roundabout`: the text is about a roundabout even if it does
    not say so ("교차로 내 회전").
    """
    t = text if isinstance(text, str) else ""
    try:
        facts = _extract(t[:MAX_CHARS], None, single=ptype, roundabout=roundabout)
        return facts.parties[0]
    except Exception:  # same contract as extract_facts
        log.exception("role extraction failed")
        return PartyFacts(name="A", type=ptype)  # type: ignore[arg-type]


#: Factors whose cue may name a place that holds for whoever manoeuvres there ("흰색 실선 구간이었는데 저는 …,
#: SUV는 … 동시에 차선을 바꾸다가"), with the words that make a cue a place rather than one party's act.
_PLACE_CUES: dict[str, re.Pattern[str]] = {"진로변경금지장소": re.compile(r"구간|구역|장소")}


def _scene_place_cues(text: str, named_at: list[int], ev: list[Evidence]) -> None:
    """A place cue (`_PLACE_CUES`) that opens its sentence, before any party is named in it, is also kept as
    the scene's evidence (party None): modifier selection gives it to both roles of a chart where both make
    the manoeuvre (`katalog.modifier_selection`). Said after a party's name ("상대 차량 … 실선 구간에서",
    "승용차는 실선 구간인데") it stays that party's."""
    sents = sentences(text)
    for x in list(ev):
        place = _PLACE_CUES.get(x.factor)
        if place is None or x.party is None or x.start < 0 or not place.search(x.span):
            continue
        s0 = next((a for a, b in sents if a <= x.start < b), 0)
        if any(s0 <= at < x.start for at in named_at):
            continue
        if not any(y.factor == x.factor and y.party is None and y.start == x.start for y in ev):
            ev.append(Evidence(factor=x.factor, span=x.span, start=x.start, end=x.end, party=None))


def _extract(text: str, given: list[str] | None, single: str | None = None, roundabout: bool = False) -> AccidentFacts:
    masked, ignored = mask_injection(text)
    masked = fold_typing(masked)  # same length: spans are still cut from `text` at these offsets
    if single is not None:  # role text: one party owns every character
        drafts = [PartyDraft("A", "role", type=single)]
        writer = None
        owner: list[int | None] = [0] * len(masked)
    else:
        mentions = find_mentions(masked)
        drafts, used = cluster(masked, mentions, given)
        writer = next((i for i, d in enumerate(drafts) if d.role == SELF), None)
        owner = assign_owners(masked, used, writer)
    named_at = [] if single is not None else sorted(m.start for m in used if m.party is not None)
    n = len(drafts)
    pf = [PartyFacts(name=d.name) for d in drafts]
    ev: list[Evidence] = []

    def own(pos: int) -> int | None:
        return owner[pos] if 0 <= pos < len(owner) else None

    def targets(o: int | None) -> list[int]:
        if o == BOTH:
            return list(range(n))
        return [o] if o is not None and 0 <= o < n else []

    def hits(pairs: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> list[_Hit]:
        out: list[_Hit] = []
        for value, pat in pairs:
            for m in cre(pat).finditer(masked):
                out.append(_Hit(value, m.start(), m.end(), own(m.start())))
        return sorted(out, key=lambda h: h.start)

    def add_ev(factor: str, h: _Hit | tuple[int, int], party: int | None) -> None:
        s, e = (h.start, h.end) if isinstance(h, _Hit) else h
        if any(x.factor == factor and x.start == s and x.party == party for x in ev):
            return
        ev.append(Evidence(factor=factor, span=text[s:e], start=s, end=e, party=party))

    no_signal_spans = [(m.start(), m.end()) for m in cre(lx.NO_SIGNAL).finditer(masked)]

    # ---- movements ---------------------------------------------------------------------------
    best: dict[int, _Hit] = {}
    # "비보호 좌회전이 안 되는 교차로", "좌회전 차로 아닌", "저는 우회전 안 했어요": a movement denied is not made
    move_hits = [h for h in hits(lx.MOVEMENT_CUES) if not denied(masked, h.end)
                 and not _LANE_CHANGE_DENIED.match(masked, h.end)]
    for h in move_hits:
        if h.value in ("entering", "exiting"):
            # "차도가 아닌 장소에서 A가 진행 중인 도로로 진입하는 B": the cue runs from the place to
            # the verb; whoever owns the verb enters
            h.owner = own(h.end - 1)
    if single is None and n == 2:
        _suffered_cut_in(masked, move_hits, writer, used)
    for h in move_hits:
        for i in targets(h.owner):
            cur = best.get(i)
            if cur is None or lx.MOVEMENT_RANK[h.value] > lx.MOVEMENT_RANK[cur.value]:
                best[i] = h
    for i, h in list(best.items()):
        # "우회전을 위해 직진으로 진행하던": the turn is the aim, the stated 직진 is what it did
        if h.value in _TURNS and _INTENT.match(masked, h.end):
            straight = next((x for x in move_hits if x.value == "straight" and i in targets(x.owner)
                             and masked[x.start : x.end].startswith("직진")), None)
            if straight is not None:
                best[i] = straight
    for i, h in list(best.items()):
        # "진로변경을 하여 안전지대를 통과한 후 직진하다가": the manoeuvre done before "…한 후" is over;
        # the party's highest-ranked movement after it is what it did at the collision. When the
        # crash lies in between ("좌회전하다가 B와 충돌한 후 정차"), what follows is after the crash.
        after = next((m for m in _AFTER.finditer(masked, h.end) if own(m.start()) == i or own(m.start()) == BOTH), None)
        if after is None or after.start() - h.end > 40 or re.search(r"[.?!]", masked[h.end : after.start()]):
            continue
        if _CRASH_WORD.search(masked, h.end, after.end()):
            continue
        later = [x for x in move_hits if x.start >= after.end() and i in targets(x.owner)
                 and not re.search(r"[.?!]", masked[after.end() : x.start])]
        if later:
            best[i] = max(later, key=lambda x: lx.MOVEMENT_RANK[x.value])
    _space_moves(masked, best, move_hits, targets)
    if single is None:
        _cut_in_by_result(masked, best, own, targets, writer, n)
    for i, h in best.items():
        pf[i].movement = h.value  # type: ignore[assignment]
        add_ev("movement", h, i)
    if single is None:
        _joint_turn(masked, pf, best, add_ev)
        _back_off_the_shoulder(masked, pf, own, targets, writer, add_ev)

    # ---- signals -----------------------------------------------------------------------------
    sig_hits: list[_Hit] = []
    for value, pat in lx.SIGNAL_CUES:  # cue order = priority ("황색점멸" is not "황색")
        for m in cre(pat).finditer(masked):
            if any(s <= m.start() < e for s, e in no_signal_spans):
                continue
            if denied(masked, m.end()):
                continue  # "빨간불 아니었어요", "좌회전 신호도 없는데", "좌회전 화살표도 안 켜졌는데": not this light
            if _BELIEVED.match(masked, m.end()):
                continue  # "초록불인 줄 아셨는데 사실 빨간불": only believed, not the light that was on
            if any(h.start < m.end() and m.start() < h.end for h in sig_hits):
                continue
            sig_hits.append(_Hit(value, m.start(), m.end(), own(m.start())))
    sig_hits.sort(key=lambda h: h.start)
    _pedestrian_signals(masked, sig_hits, drafts)
    if single is None:
        _lights_of_others(masked, sig_hits, drafts, [p.movement == "crossing" for p in pf])
    per_party_sig: dict[int, list[_Hit]] = {}
    for h in sig_hits:
        for i in targets(h.owner):
            per_party_sig.setdefault(i, []).append(h)
    if single is None:
        _split_two_colours(masked, per_party_sig, drafts)
    complied: set[int] = set()  # parties whose only light is "신호에 따라", "신호를 지키고"
    for i, hs in per_party_sig.items():
        strong = _strong_colours(masked, hs)
        pick = strong[0] if strong else hs[0]
        if not strong and pick.value == "green":
            complied.add(i)
        pf[i].signal = pick.value  # type: ignore[assignment]
        add_ev("signal", pick, i)

    # ---- roads, directions, entry order, roundabout -----------------------------------------
    road_hits = hits(lx.ROAD_CUES)
    if any(h.value == "major" for h in road_hits):
        # "골목길에서 나와 큰길로": an alley set against a named big road is the smaller one
        road_hits = sorted(road_hits + hits((("minor", _ALLEY_BESIDE_MAJOR),)), key=lambda h: h.start)
    for h in road_hits:
        if h.value in ("major", "minor") and _ROAD_TARGET.match(masked, h.end):
            continue  # "골목에서 큰길 건너려고": the road crossed or entered is not the party's own
        for i in targets(h.owner):
            if pf[i].road is None:
                pf[i].road = h.value  # type: ignore[assignment]
                add_ev("road", h, i)
    equal = cre(lx.EQUAL_ROAD).search(masked)
    dir_best: dict[int, _Hit] = {}
    strong = hits(lx.DIRECTION_STRONG)
    for h in hits(lx.DIRECTION_CUES) + strong:
        for i in targets(h.owner):
            cur = dir_best.get(i)
            rank = 9 if h in strong else _DIR_PRIORITY[h.value]
            if cur is None or rank > (9 if cur in strong else _DIR_PRIORITY[cur.value]):
                dir_best[i] = h
    for i, h in list(dir_best.items()):
        # "맞은편 SUV가 앞에 가던 경운기를 추월한다고": the car ahead it passes is a third vehicle, so the
        # oncoming side said of the same party is the relation between the two
        if h.value == "front" and _PASSED_AHEAD.match(masked, h.end):
            facing = next((x for x in hits(lx.DIRECTION_CUES) if x.value == "opposite" and i in targets(x.owner)), None)
            if facing is not None:
                dir_best[i] = facing
    for i, h in dir_best.items():
        pf[i].from_direction = h.value  # type: ignore[assignment]
        add_ev("direction", h, i)
    if single is None:
        _hit_on_the_back(masked, used, pf, add_ev)
    _lanes_side_by_side(masked, pf, own, add_ev)
    for value, pat in ((True, lx.ENTERED_FIRST), (False, lx.ENTERED_LATE)):
        for m in cre(pat).finditer(masked):
            for i in targets(own(m.start())):
                if pf[i].entered_first is None:
                    pf[i].entered_first = value
                    add_ev("entered_first", (m.start(), m.end()), i)
    if roundabout or _roundabout_words(masked):
        _roundabout_entry(masked, pf, targets, own, add_ev)
        _roundabout_lane(masked, pf, targets, own, add_ev)

    # ---- lane markings (노면표시): the first marking named in a party's clause is its own lane ----
    for moves, s, e in lane_markings(masked):
        for i in targets(own(s)):
            if pf[i].lane_marking is None:
                pf[i].lane_marking = moves  # type: ignore[assignment]
                add_ev("lane_marking", (s, e), i)
    if single is None:
        _queued_lane_change(masked, pf, ev, own, targets, add_ev)

    # ---- types -------------------------------------------------------------------------------
    own_chars: list[list[str]] = [[] for _ in range(n)]
    for ch, o in zip(masked, owner, strict=False):
        if o is not None and 0 <= o < n:
            own_chars[o].append(ch)
    own_text = ["".join(cs) for cs in own_chars]  # each party's own clauses, in one pass over the text
    for i, d in enumerate(drafts):
        typ = d.type
        if typ is None and d.implicit and d.role == SELF:
            # a writer given as their vehicle ("제 차") is in it, whatever the text leaves unsaid
            typ = None if _VEHICLE_NAME.search(d.name) else _implicit_self_type(masked, pf[i].movement)
        elif typ is None and single is None:
            others_ride = any(
                x.type not in (None, "pedestrian") or _VEHICLE_NAME.search(x.name) or _RIDES.search(own_text[j])
                for j, x in enumerate(drafts) if j != i
            )
            # "저를 쳤어요" is said by a cyclist too: the writer's own clauses must not roll, nor go along a bike road
            hit_on_foot = not (_WRITER_NAME.match(d.name.strip())
                               and (_ROLLS.search(own_text[i]) or _BIKE_ROAD_RIDER.search(own_text[i])))
            walked = any(
                _ON_FOOT_RELATIVE.search(masked[max(0, m.start - 25) : m.start])
                or (hit_on_foot and _PERSON_HIT.match(masked, m.end))
                for m in d.mentions
            )
            typ = _person_type(d.name, own_text[i], pf[i].movement, others_ride=others_ride, walked=walked,
                               afoot=d.role != SELF)
            if typ == "pedestrian" and d.role == SELF and _WRITERS_CAR.search(masked) and not _ALIGHTED.search(masked):
                # "저는 교차로를 건너고 있었는데 … 제 차 옆을 박았어요": the writer crossed in the car they name
                typ = None
        if (
            typ in (None, "car") and d.role == SELF and not _VEHICLE_NAME.search(d.name)
            and _DELIVERY_RIDER.search(own_text[i]) and _FELL_OVER.search(masked)
            and not any(x.type in ("two_wheeler", "bicycle", "pm") for j, x in enumerate(drafts) if j != i)
        ):
            typ = "two_wheeler"  # "배달 중이었는데 … 끼어들어서 넘어졌어요": a delivery rider who fell
        elif (
            typ in (None, "car") and d.type is None and d.role == SELF and not _VEHICLE_NAME.search(d.name)
            and pf[i].movement not in ("crossing", "walking") and _BIKE_ROAD_RIDER.search(own_text[i])
        ):
            typ = "bicycle"  # "자전거 전용차로 달리는데 승용차가 …": no vehicle named, the writer rides the bike lane
        pf[i].type = typ or "car"  # type: ignore[assignment]
        m0 = next((m for m in d.mentions if m.type), None)
        if m0 is not None:
            add_ev("type", (m0.start, m0.end), i)
        # A pedestrian does not turn or reverse, a vehicle does not walk: such readings come from a
        # neighbouring clause ("후진차량 3m 이내 횡단", "보행자를 … 차도 주행").
        if pf[i].type == "pedestrian" and pf[i].movement not in ("crossing", "walking", "stopped"):
            pf[i].movement = "crossing" if _CROSSING.search(masked) else "walking"
        elif pf[i].type != "pedestrian" and pf[i].movement == "walking":
            pf[i].movement = None
            ev[:] = [x for x in ev if not (x.party == i and x.factor == "movement")]
    for i in range(n):
        # "…진입하려는 차량이 횡단보도를 건너고 있던 보행자를": a car beside a crossing pedestrian does
        # not itself cross; its "건너" is the pedestrian's relative clause. Keep its own manoeuvre.
        if pf[i].type in ("car", "bus", "truck") and pf[i].movement == "crossing" and any(
            p.type == "pedestrian" and p.movement == "crossing" for p in pf
        ):
            rest = [h for h in move_hits if i in targets(h.owner) and h.value not in ("crossing", "walking")]
            pick = max(rest, key=lambda h: lx.MOVEMENT_RANK[h.value], default=None)
            pf[i].movement = pick.value if pick else None  # type: ignore[assignment]
            ev[:] = [x for x in ev if not (x.party == i and x.factor == "movement")]
            if pick:
                add_ev("movement", pick, i)

    # ---- factors -----------------------------------------------------------------------------
    weak = [i for i, p in enumerate(pf) if p.type in ("pedestrian", "bicycle", "pm")]
    scene: list[str] = []
    scene_cond: list[str] = []
    speed20: list[tuple[int, int]] = []
    secondary = secondary_spans(masked)
    # the spans of negatively worded cues ("방향지시등 없이", "깜빡이도 안 켜고"): their negation word is
    # their own and denies no cue before them ("실선 구간에서 방향지시등 없이 들어와")
    owned = [m.span() for f in lx.FACTORS if not f.negatable for pat in f.patterns for m in cre(pat).finditer(masked)]
    for f in lx.FACTORS:
        for pat in f.patterns:
            for m in cre(pat).finditer(masked):
                s, e = m.start(), m.end()
                near = f.target == "scene" and f.kind == "modifier"  # a scene's place or time: denied only right after
                if f.negatable and (
                    negated(masked, s, e, near=near, owned=owned) or (not near and denied(masked, e))
                ):
                    continue
                if f.target != "scene" and any(a <= s < b for a, b in secondary):
                    continue  # conduct in a later crash with a third vehicle is not this accident's
                if f.key == "과속" and any(a <= s < b or s <= a < e for a, b in speed20):
                    continue
                if f.key == "과속20":
                    speed20.append((s, e))
                umbrella = f.umbrella
                if f.key == "음주" and _DRUNK_LIGHT.search(masked[max(0, s - 20) : e + 25]):
                    umbrella = "현저한과실"
                bucket = scene_cond if f.kind == "condition" else scene
                if f.target == "scene":
                    _add_scene(bucket, f.key, ev, text, s, e)
                    continue
                who = targets(own(s))
                if n == 2 and single is None and "진로변경" in f.key and _SUFFERED.match(masked, e):
                    # "택시한테 칼치기 당했어요": the cut-in's conduct is the other party's (as _suffered_cut_in)
                    o = own(s)
                    who = [1 - o] if o in (0, 1) else ([1 - writer] if o is None and writer is not None else who)
                if f.target == "weak_party":
                    # 어린이·노인, 급진입, 무단횡단 … describe a pedestrian or rider, never a car
                    who = weak if len(weak) == 1 else [i for i in who if i in weak]
                    if not who:
                        continue
                if f.target == "walkers_driver":
                    # the driver's conduct toward the walker, wherever the sentence puts it ("다른 차들은 다
                    # 서 있었는데 … 앞질러"): the one party that is not on foot
                    walkers = [i for i, q in enumerate(pf) if q.type == "pedestrian"]
                    who = [i for i in range(n) if i not in walkers] if walkers else []
                    if len(who) != 1:
                        continue
                if f.key in ("연속진로변경", "음주"):
                    # a pedestrian crosses lanes on foot, and a drunk walker drives nothing: jumping lanes
                    # and drink-driving are a vehicle's fault only; drink said of "the driver" in the walker's
                    # sentence ("운전자가 혈중알코올농도 0.12%") is the one vehicle's
                    walked = [i for i in who if pf[i].type == "pedestrian"]
                    who = [i for i in who if pf[i].type != "pedestrian"]
                    if walked and not who and _driver_named_before(masked, s):
                        who = [i for i, q in enumerate(pf) if q.type != "pedestrian"]
                        who = who if len(who) == 1 else []
                    if not who:
                        continue
                if not who:
                    _add_scene(bucket, f.key, ev, text, s, e)
                    continue
                for i in who:
                    if f.kind == "condition":
                        if f.key not in pf[i].conditions:
                            pf[i].conditions.append(f.key)
                        add_ev(f.key, (s, e), i)
                        continue
                    for key in (f.key, umbrella):
                        if key and key not in pf[i].factors:
                            pf[i].factors.append(key)
                        if key:
                            add_ev(key, (s, e), i)
    _scene_place_cues(masked, named_at, ev)
    for key, (s, e), i in _stated_speeding(masked, secondary, own, targets):
        if "과속20" in pf[i].factors or key in pf[i].factors:
            continue
        umbrella = lx.FACTOR_BY_KEY[key].umbrella
        for k in (key, umbrella):
            if k and k not in pf[i].factors:
                pf[i].factors.append(k)
            if k:
                add_ev(k, (s, e), i)
    if single is None:
        _drink_of_one(masked, pf, ev, drafts)
        _speed_of_speeder(masked, pf, ev, drafts)
    _centre_line_only(masked, pf, ev)
    _right_edge(pf, ev, scene_cond)
    _one_way_wrong_way(pf, ev, scene_cond)
    if single is None:
        _marking_broken(masked, pf, ev)
        _crossed_too(masked, pf, ev, used)
    if any("정체" in p.conditions for p in pf) and "정체" not in scene_cond:
        scene_cond.append("정체")  # a queue is also part of the scene (variant conditions, cues)
    for i, p in enumerate(pf):
        if "과속20" in p.factors:  # the numeric cue decides the family: drop the generic 과속 reading
            dropped = {(x.start, x.end) for x in ev if x.party == i and x.factor == "과속"}
            ev[:] = [x for x in ev if not (x.party == i and (x.start, x.end) in dropped and x.factor in ("과속", "현저한과실"))]
            _keep_evidenced(p, ev, i)
        if p.type in ("bus", "truck") and "대형차" not in p.factors:
            p.factors.append("대형차")
            m0 = next((m for m in drafts[i].mentions if m.type in ("bus", "truck")), None)
            if m0 is not None:
                add_ev("대형차", (m0.start, m0.end), i)
        if "선진입" in p.factors and p.entered_first is None:
            p.entered_first = True
        if "신호위반" in p.factors and p.signal is None:
            p.signal = "red"
            if p.movement == "left_turn" and any(q.signal == "green" for q in pf if q is not p) and any(
                    x.party == i and x.factor == "신호위반" and _TURN_WITHOUT_ARROW.match(text, x.start) for x in ev):
                p.signal = "green"  # "좌회전 신호 없이 좌회전" against a green straight: it went on that green
        if "비보호좌회전" in p.conditions and p.movement in (None, "straight"):
            p.movement = "left_turn"
        if p.movement is None and p.signal == "green_left_arrow":
            p.movement = "left_turn"
        if p.movement in (None, "straight") and p.type not in ("pedestrian", "bicycle", "pm") and any(
            x.party == i and x.factor == "signal" and _RIGHT_TURN_LIGHT.search(text[max(0, x.start - 12) : x.end])
            for x in ev
        ):
            p.movement = "right_turn"  # its own light is the right-turn light: "우회전 신호 받고 돈 버스"
        if any(c in p.conditions for c in _ROAD_SIDE) and not {"차도보행", "보도보행"} & set(p.conditions):
            p.conditions.append("차도보행")  # the middle or the edge of the road is the carriageway (보26–보28)
        if p.movement is None and "문열림" in p.conditions:
            p.movement = "door_opening"
        if "횡단중신호변경" in p.conditions and p.type not in ("pedestrian", "bicycle", "pm"):
            # the walk light changes for the one crossing it: the walker's, whoever the clause names;
            # a driver crossing a road with no walker beside it has no walk light
            p.conditions.remove("횡단중신호변경")
            walkers = [j for j, q in enumerate(pf) if q.type in ("pedestrian", "bicycle", "pm")]
            for x in ev:
                if x.party == i and x.factor == "횡단중신호변경":
                    x.party = walkers[0] if len(walkers) == 1 else -1
            ev[:] = [x for x in ev if x.party != -1 or x.factor != "횡단중신호변경"]
            if len(walkers) == 1 and "횡단중신호변경" not in pf[walkers[0]].conditions:
                pf[walkers[0]].conditions.append("횡단중신호변경")
    for i, p in enumerate(pf):
        if "횡단중신호변경" in p.conditions and "횡단중신호유지" in p.conditions:
            p.conditions.remove("횡단중신호유지")  # a change told beats one colour told for the whole crossing
            ev[:] = [x for x in ev if not (x.party == i and x.factor == "횡단중신호유지")]

    # ---- scene -------------------------------------------------------------------------------
    place, controlled, place_span = _place(masked, pf, sig_hits, equal is not None)
    if place_span:
        add_ev("place", place_span, None)
    if place == "merge":
        _side_move_merges(masked, pf, own, targets, writer)
        _lane_change_merges(pf)
    if equal is not None:
        add_ev("road", (equal.start(), equal.end()), None)
        for p in pf:
            if p.road is None and place in ("unsignal_intersection", "intersection", "signal_intersection", "alley", None):
                p.road = "equal"
    if re.search(_PLACES.pattern("highway_scene"), masked) and "고속도로" not in scene_cond:
        scene_cond.append("고속도로")
    if re.search(_PLACES.pattern("intersection_scene"), masked) and "교차로" not in scene_cond:
        scene_cond.append("교차로")
    _walk_reason(ev, scene_cond, pf)
    if place != "crosswalk" and not any(p.type in ("pedestrian", "bicycle", "pm") for p in pf):
        # the crosswalk before or past the junction says where a crosser was hit; between cars it is noise
        scene_cond[:] = [c for c in scene_cond if c not in _CROSSWALK_SIDE]
        ev[:] = [x for x in ev if x.factor not in _CROSSWALK_SIDE]
    for p in pf:
        if p.type not in ("pedestrian", "bicycle", "pm"):
            # where the crosswalk lay is the car's road (보1–7 vs 보8–12, 보19): the car's role condition in the charts
            p.conditions += [c for c in scene_cond if c in _CROSSWALK_SIDE and c not in p.conditions]
    if place == "roundabout" and (m := cre(lx.ROUNDABOUT_LANES).search(masked)) and "회전차로" not in scene_cond:
        scene_cond.append("회전차로")  # the two-lane roundabout's own lanes: gates the 2025 book (matching)
        add_ev("회전차로", (m.start(), m.end()), None)
    if no_signal_spans and place not in ("signal_intersection", "partial_signal_intersection"):
        for p in pf:
            if p.signal is None and p.type not in ("pedestrian",):
                p.signal = "none"
    if place == "signal_intersection" and len(pf) == 2 and no_signal_spans:
        # "신호기 없는 쪽 도로에서 오토바이가 … 녹색 신호에 직진하던 제 차": the one party whose own clause says
        # its road has no light, against a lit party, came from the unlit approach
        owners = {i for s0, _e0 in no_signal_spans for i in targets(own(s0))}
        if len(owners) == 1 and (i := owners.pop()) is not None and pf[i].signal is None \
                and pf[1 - i].signal in _STEADY_LIGHTS and all(p.type in _MOTOR for p in pf):
            place, controlled = "partial_signal_intersection", True
    if place == "partial_signal_intersection":
        for s0, _e0 in no_signal_spans:  # "신호기가 없는 도로를 이용하여 직진하는 A차량": A's road has none
            for i in targets(own(s0)):
                if pf[i].signal is None and pf[i].type != "pedestrian":
                    pf[i].signal = "none"
    if place == "partial_signal_intersection" and len(pf) == 2:
        # signals on one approach only: the party whose signal is not named came from the other one
        lit = [p for p in pf if p.signal not in (None, "none", "unknown")]
        unlit = [p for p in pf if p.signal is None and p.type != "pedestrian"]
        if len(lit) == 1 and len(unlit) == 1:
            unlit[0].signal = "none"
    _complete_pairs(pf)
    if single is None and place in ("signal_intersection", "intersection"):
        _signal_defaults(pf, complied)
    # A flashing signal named only in the scene phrase ("황색점멸 신호인 교차로에서 A차량이 …"): it
    # belongs to the party with no signal when the other has the other flash colour; otherwise it
    # is kept as a scene condition, since the text does not say whose road flashes which colour.
    for h in sig_hits:
        if h.owner is None and h.value in ("red_flash", "yellow_flash"):
            other = _FLASH_PAIR[h.value]
            free = [p for p in pf if p.signal in (None, "none") and p.type != "pedestrian"]
            if len(pf) == 2 and len(free) == 1 and any(p.signal == other for p in pf):
                free[0].signal = h.value  # type: ignore[assignment]
                add_ev("signal", h, pf.index(free[0]))
            elif "점멸신호" not in scene_cond and not any(p.signal in _FLASH_PAIR for p in pf):
                scene_cond.append("점멸신호")
                add_ev("점멸신호", h, None)
    unlit_own = {i for s0, _e0 in no_signal_spans for i in targets(own(s0))}
    place, controlled = _one_approach_lit(pf, place, controlled, unlit_own)
    collision = _collision(masked, pf, place)
    _lane_changer_met_in_lane(pf, place, _BACK_HIT.search(masked) is not None)
    if collision == "rear_end":
        _front_car_in_flow(masked, pf)
        if place == "signal_intersection" and not cre(_PLACES.pattern("intersection")).search(masked):
            # "빨간불이라 서 있었는데 뒤차가 박았어요": the light says why the car ahead stood, not that the
            # cars met at a junction; one behind the other they are on the road (차41-1)
            place = "straight_road"
            ev[:] = [x for x in ev if x.factor != "place"]
    if place == "parking_lot" and collision == "pedestrian" and not any(
            p.movement in ("reversing", "entering", "exiting") or "보도보행" in p.conditions for p in pf):
        # a walker hit inside a car park is on "차도가 아닌 장소" (보34); the car-park charts (차51) are between
        # cars, a reversing car keeps its own charts (보31/보32), and a car crossing into or out of the lot over
        # the sidewalk a walker was on is 보24's 보도 침범. Walking about a car park is crossing its
        # lanes: the book has no walking-along chart off the road (보34's walker is "횡단")
        place = "off_road"
        for p in pf:
            if p.type == "pedestrian" and p.movement in ("walking", None):
                p.movement = "crossing"
    contradictions = _contradictions(masked, pf, per_party_sig)

    has_movement = any(p.movement for p in pf)
    scope = check_scope(masked, has_movement)
    facts = AccidentFacts(
        in_scope=scope is None,
        scope_code=scope[0] if scope else None,  # type: ignore[arg-type]
        scope_reason=scope[1] if scope else None,
        place=place,  # type: ignore[arg-type]
        signal_controlled=controlled,
        collision=collision,  # type: ignore[arg-type]
        parties=pf,
        scene_factors=scene,
        conditions=scene_cond,
        evidence=sorted(ev, key=lambda x: (x.start, x.factor)),
        contradictions=contradictions,
        ignored=ignored,
        source="rules",
    )
    return facts


#: colours of a steady light (a flashing one does not control the junction)
_STEADY_LIGHTS = frozenset({"green", "yellow", "red", "green_left_arrow"})
#: places a junction lit on one approach only may have been read as (no junction word: "골목길에서 큰길을 가로질러")
_ONE_APPROACH_FROM = frozenset({"unsignal_intersection", "signal_intersection", "intersection", "alley", None})
_MOTOR = frozenset({"car", "bus", "truck", "two_wheeler"})


def _one_approach_lit(pf: list[PartyFacts], place: str | None, controlled: bool | None,
                      unlit_own: set[int]) -> tuple[str | None, bool | None]:
    """One vehicle's own clause says its road has no light and the other vehicle's light has a colour ("신호 없는
    길에서 좌회전했는데 초록불에 직진하던 버스가", "신호등 없는 골목에서 … 신호등 있는 큰길에서 초록불 받고 오던
    차"): the junction is lit on one approach only (차5-x, 차6-1), whatever junction word the text used. A
    no-signal phrase nobody owns ("신호 없는 교차로에서 … 신호가 있는 교차로의 경우에도 준용") says nothing of it.
    `unlit_own`: the parties owning a no-signal phrase."""
    if place not in _ONE_APPROACH_FROM or len(pf) != 2 or not all(p.type in _MOTOR for p in pf):
        return place, controlled
    for i in (0, 1):
        if pf[i].signal == "none" and i in unlit_own and 1 - i not in unlit_own and pf[1 - i].signal in _STEADY_LIGHTS:
            return "partial_signal_intersection", True
    return place, controlled


#: a left turn without its arrow (clauses.yaml `turn_without_arrow`)
_TURN_WITHOUT_ARROW = cre(_C.pattern("turn_without_arrow"))
#: the colour of the pedestrians' light, whoever the clause is about (clauses.yaml `ped_light`)
_PED_LIGHT = cre(_C.pattern("ped_light"))
#: the colour of a vehicle's light named as such beside a walker (clauses.yaml `vehicle_light`)
_VEHICLE_LIGHT = cre(_C.pattern("vehicle_light"))
#: a colour the crossing verb right after takes: "빨간불에 건너던 아저씨" (clauses.yaml `walked_on_colour`)
_WALKED_ON = cre(_C.pattern("walked_on_colour"))
#: a right-turn light ("우회전 신호", "우회전 화살표"): its vehicle turns right (clauses.yaml `right_turn_light`)
_RIGHT_TURN_LIGHT = cre(_C.pattern("right_turn_light"))


def _pedestrian_signals(t: str, sig_hits: list[_Hit], drafts: list[PartyDraft]) -> None:
    """Give a colour named as the pedestrian light's to the one pedestrian party (or, when no party is typed,
    the one party named as a person beside vehicles: "건너던 할머니 … 보행자 신호는 빨간불"), and one named
    as a vehicle's light ("우회전 신호등이 빨간불이었는데도 돌아 나온 SUV") to the one motor vehicle beside it."""
    peds = [i for i, d in enumerate(drafts) if d.type == "pedestrian"]
    if not peds and all(d.type is None or d.type in ("car", "bus", "truck") for d in drafts):
        peds = [
            i for i, d in enumerate(drafts) if d.type is None and _PERSON_NAME.match(d.name.strip() + " ")
        ]
    if len(peds) != 1:
        return
    cars = [i for i, d in enumerate(drafts) if i not in peds and d.type in (None, "car", "bus", "truck")]
    for h in sig_hits:
        before = t[max(0, h.start - 20) : h.start]
        if _PED_LIGHT.search(before) or _WALKED_ON.match(t, h.end):
            h.owner = peds[0]
        elif len(cars) == 1 and _VEHICLE_LIGHT.search(before):
            h.owner = cars[0]


_WALK_COLOUR = _C.regex("walk_colour")
_COUNTERPART_LIGHT = _C.regex("counterpart_light")


def _lights_of_others(t: str, sig_hits: list[_Hit], drafts: list[PartyDraft], crossing: list[bool]) -> None:
    """Colours in a party's clause that are not its own light, read from the words naming the light.

    Between two motor vehicles a colour right after a walk-light word ("보행자 초록불이 켜져 있는 걸
    무시하고") is the crossing's: the light of the one that rides across it ("오토바이로 횡단보도를 건너는데
    보행자 신호가 빨간불"), else no party's. A light named by the other side's place ("맞은편 직진 신호는
    빨간불이었는데도", "그쪽 차량신호는 빨간불") is the writer's counterpart's in a first-person account,
    else the other party's than the one whose clause it stands in."""
    if len(drafts) != 2:
        return
    motor_only = not any(d.type in ("pedestrian", "bicycle", "pm") for d in drafts)
    writer = next((i for i, d in enumerate(drafts) if d.role == SELF), None)
    riders = [i for i, c in enumerate(crossing) if c]
    for h in sig_hits:
        before = t[max(0, h.start - 24) : h.start]
        if motor_only and _WALK_COLOUR.search(before):
            h.owner = riders[0] if len(riders) == 1 else None
        elif h.owner in (0, 1) and _COUNTERPART_LIGHT.search(before):
            h.owner = 1 - writer if writer in (0, 1) else 1 - h.owner


def _add_scene(scene: list[str], key: str, ev: list[Evidence], text: str, s: int, e: int) -> None:
    if key not in scene:
        scene.append(key)
    if not any(x.factor == key and x.start == s for x in ev):
        ev.append(Evidence(factor=key, span=text[s:e], start=s, end=e, party=None))


#: Whether the right-turner moved to the right edge beforehand (conditions.yaml): the negative wording first.
_TURN_QUEUE = cre(_C.pattern("turn_queue"))
_INTO_LANE = cre(_C.pattern("into_lane"))


def _queued_lane_change(t: str, pf: list[PartyFacts], ev: list[Evidence], own, targets, add_ev) -> None:  # type: ignore[no-untyped-def]
    """A road user waiting to turn (차43-4: "우회전 줄에 서 있던 택시", "좌회전하려고 서 있던 버스") stands in
    that turn's lane: its lane marking when its clauses name none. One in a turn lane that is read as
    stopped, with no movement or only with the turn it queued for, and whose own verb moves it into a lane
    ("제 차로로 들어와서", "직진 차로로 제 차 앞머리를 틀었", "왼쪽 직진 차로로 빠졌는데") changed lanes out of
    the queue, whoever's lane the words name."""
    queues = [m.span() for m in _TURN_QUEUE.finditer(t)]
    for m in _TURN_QUEUE.finditer(t):
        for i in targets(own(m.start())):
            if pf[i].lane_marking is None:
                pf[i].lane_marking = ["left_turn" if m.group("turn") == "좌" else "right_turn"]  # type: ignore[assignment]
                add_ev("lane_marking", m.span(), i)

    def queued_only(i: int) -> bool:  # the party's turn is only the one it waited for
        spans = [(x.start, x.end) for x in ev if x.factor == "movement" and x.party == i]
        return bool(spans) and all(any(a <= s and e <= b for a, b in queues) for s, e in spans)

    for m in _INTO_LANE.finditer(t):
        for i in targets(own(m.end() - 1)):
            p = pf[i]
            waiting = p.movement in (None, "stopped") or (p.movement in _TURNS and queued_only(i))
            if waiting and p.lane_marking and set(p.lane_marking) & {"left_turn", "right_turn"}:
                p.movement = "lane_change"  # type: ignore[assignment]
                add_ev("movement", m.span(), i)


_JOINT_TURN = cre(_C.pattern("joint_turn"))


def _joint_turn(t: str, pf: list[PartyFacts], best: dict[int, _Hit], add_ev) -> None:  # type: ignore[no-untyped-def]
    """"나란히 우회전하는데", "같이 좌회전하던 SUV", "교차로 동시 우회전": both parties make that turn (차20-1,
    차21-1), whoever the clause names. A party read with no movement, or only with a bare verb of going
    ("진행하던", "들어왔"), takes it; one that says 직진 or another manoeuvre keeps its own."""
    if len(pf) != 2:
        return
    m = next((x for x in _JOINT_TURN.finditer(t) if not negated(t, x.start(), x.end()) and not denied(t, x.end())), None)
    if m is None:
        return
    turn = "left_turn" if m.group("turn") == "좌" else "right_turn"
    for i, p in enumerate(pf):
        h = best.get(i)
        weak = h is not None and h.value == "straight" and "직진" not in t[h.start : h.end]
        if p.movement is None or weak:
            p.movement = turn  # type: ignore[assignment]
            add_ev("movement", m.span(), i)


_EDGE_NOT, _EDGE = "우측끝미접근", "우측끝접근"



def _keep_evidenced(p: PartyFacts, ev: list[Evidence], i: int) -> None:
    """Party `i` keeps only the factors some of its remaining evidence still shows (after evidence was cut or moved)."""
    keep = {x.factor for x in ev if x.party == i}
    p.factors = [k for k in p.factors if k in keep]


def _in_unnamed_sentence(t: str, drafts: list[PartyDraft]) -> Callable[[int], bool]:
    """pos → True when the sentence of `t` holding pos names no party (a cue there has no subject of its own)."""
    spans = sentences(t)
    mentions = [m for d in drafts for m in d.mentions]

    def floating(pos: int) -> bool:
        a, b = next(((s0, s1) for s0, s1 in spans if s0 <= pos < s1), (pos, pos + 1))
        return not any(a <= m.start < b for m in mentions)

    return floating


def _drink_of_one(t: str, pf: list[PartyFacts], ev: list[Evidence], drafts: list[PartyDraft]) -> None:
    """A drink cue in a sentence naming no party ("면허 취소 수치였어요", "측정 결과 만취 수준이었대요") goes to
    whoever the last sentence was about; when another party was already said to drink ("술 마시고 운전한 건
    제 잘못이에요"), the level is that party's drinking, not a second drinker: the later, unnamed cue is dropped."""
    floating = _in_unnamed_sentence(t, drafts)
    drinks = {i: [x for x in ev if x.party == i and x.factor == "음주"] for i in range(len(pf))}
    drinkers = [i for i, xs in drinks.items() if xs]
    if len(drinkers) != 2:
        return
    first = min(drinkers, key=lambda i: min(x.start for x in drinks[i]))
    for i, xs in drinks.items():
        if i == first or not xs or not all(floating(x.start) and x.start > min(y.start for y in drinks[first])
                                           for x in xs):
            continue
        cut = {(x.start, x.end) for x in xs}
        ev[:] = [x for x in ev if not (x.party == i and (x.start, x.end) in cut)]
        _keep_evidenced(pf[i], ev, i)


def _speed_of_speeder(t: str, pf: list[PartyFacts], ev: list[Evidence], drafts: list[PartyDraft]) -> None:
    """A measured speed in a sentence naming no party ("경찰 말로는 50km/h 도로에서 90km/h 넘게 달렸대요") is
    the speeding of the one party said to speed before it ("과속해 오던 승용차"), not of whoever the previous
    sentence's subject was: the 과속20 cue (and its grade on the same span) moves to that party."""
    floating = _in_unnamed_sentence(t, drafts)
    for i in range(len(pf)):
        levels = [x for x in ev if x.party == i and x.factor == "과속20"]
        if not levels or not all(floating(x.start) for x in levels):
            continue
        first = min(x.start for x in levels)
        speeders = {x.party for x in ev if x.factor == "과속" and x.start < first and x.party is not None}
        if len(speeders) != 1 or i in speeders:  # exactly one other party was said to speed
            continue
        j = next(iter(speeders))
        moved = {(x.start, x.end) for x in levels}
        for x in ev:
            if x.party == i and (x.start, x.end) in moved:
                x.party = j
                if x.factor not in pf[j].factors:
                    pf[j].factors.append(x.factor)
        _keep_evidenced(pf[i], ev, i)


_DRIVER_WORD = cre(_C.pattern("driver_word"))


def _driver_named_before(t: str, pos: int) -> bool:
    """Whether the sentence holding `pos` names "the driver" (운전자, 기사) before it."""
    a = next((s0 for s0, s1 in sentences(t) if s0 <= pos < s1), 0)
    return _DRIVER_WORD.search(t, a, pos) is not None


_CENTRE_SOLID = cre(_C.pattern("centre_solid_line"))
_LANE_SOLID = cre(_C.pattern("lane_solid_line"))


def _centre_line_only(t: str, pf: list[PartyFacts], ev: list[Evidence]) -> None:
    """A text whose only solid line is the centre line ("노란 실선인 왕복 2차로에서 SUV가 실선을 넘어왔어요") has no
    solid lane line: the bare 실선 read as 진로변경금지장소 is dropped (crossing the centre line is 중앙선 침범)."""
    if not _CENTRE_SOLID.search(t) or _LANE_SOLID.search(t):
        return
    ev[:] = [x for x in ev if x.factor != "진로변경금지장소"]
    for i, p in enumerate(pf):
        if "진로변경금지장소" in p.factors:
            _keep_evidenced(p, ev, i)


def _walk_reason(ev: list[Evidence], scene_cond: list[str], pf: list[PartyFacts]) -> None:
    """Keep a motorway walker's reason (or its denial) only on a motorway: the one who got out of a car or
    works on the road is often not read as a pedestrian, so no walker is asked for. The reason kept is also
    the one walker's role condition (보35 "이유 없는 보행자" against 보36 "이유 있는 보행자")."""
    if "고속도로" not in scene_cond:
        drop = set(_WALK_REASON)
    elif "보행사유없음" in scene_cond:
        drop = {"보행사유있음"}  # "차 고장도 아니고 그냥 걸어": the denied reason is no reason
    else:
        drop = set()
    scene_cond[:] = [c for c in scene_cond if c not in drop]
    ev[:] = [x for x in ev if x.factor not in drop]
    walkers = [p for p in pf if p.type == "pedestrian"]
    if len(walkers) == 1:
        walkers[0].conditions += [c for c in _WALK_REASON if c in scene_cond and c not in walkers[0].conditions]


def _right_edge(pf: list[PartyFacts], ev: list[Evidence], scene: list[str]) -> None:
    """The right-edge conditions are the right-turner's (거10-x, PM-21–23: "미리 우측끝으로 다가서지 않음").

    Said in a clause nobody owns ("오른쪽에 공간이 꽤 남아 있었어요"), one goes to the one party that turns
    right, and the negative one said of a party that goes straight is the turner's too ("다가서지 않고
    우회전을 하는 PM과 … 후행 자동차" reads the clause as the car's). "다가서지 않고" holds "서지 않고", which is no stop not made: a 일시정지위반 read inside a
    negative edge span is dropped (the road it would make non-priority is not said either). A party read
    with both keeps the negative one ("오른쪽 끝에 붙지 않고 … 오른쪽에 붙어 있던")."""
    turners = [i for i, p in enumerate(pf) if p.movement == "right_turn"]
    if len(turners) == 1:
        t = turners[0]
        for key in (_EDGE_NOT, _EDGE):
            # not keeping to the edge is said of the turner only; keeping to it may be the straight rider's
            held = [i for i, p in enumerate(pf) if i != t and key in p.conditions] if key == _EDGE_NOT else []
            if key not in scene and not held:
                continue
            if key in scene:
                scene.remove(key)
            for i in held:
                pf[i].conditions.remove(key)
            if key not in pf[t].conditions:
                pf[t].conditions.append(key)
            for x in ev:
                if x.factor == key and (x.party is None or x.party in held):
                    x.party = t
    for i, p in enumerate(pf):
        if _EDGE_NOT in p.conditions and _EDGE in p.conditions:
            p.conditions.remove(_EDGE)
            ev[:] = [x for x in ev if not (x.party == i and x.factor == _EDGE)]
        spans = [(x.start, x.end) for x in ev if x.party == i and x.factor == _EDGE_NOT]
        stops = [
            x
            for x in ev
            if x.party == i
            and x.factor == "일시정지위반"
            and any(s < x.end and x.start < e for s, e in spans)
        ]
        if stops and len(stops) == sum(1 for x in ev if x.party == i and x.factor == "일시정지위반"):
            p.factors = [k for k in p.factors if k != "일시정지위반"]
            ev[:] = [x for x in ev if x not in stops]


_ONE_WAY_VIOLATION, _CENTRE_LINE = "일방통행위반", "중앙선침범"

_MARKING, _MARKED_MOVES = "노면표시위반", frozenset({"left_turn", "right_turn"})
#: the lane told as the one the party was in ("직진 차로에 있던", "직진 차로인 2차로에서", "직진 차로에서"), not one
#: it heads for ("직진 차로 타려", "좌회전 차로로"), denies ("좌회전 차로 위반한 거 아니에요") or only waits to turn
_IN_MARKED_LANE = re.compile(r"\s?(?:에서|에\s?(?:있던|서\s?있던|있다가|서\s?있다가))")


def _marking_broken(text: str, pf: list[PartyFacts], ev: list[Evidence]) -> None:
    """A party read in a marked lane ("직진 차로인 2차로에 있던 B차량") and making a move the marking does not
    permit ("… 함께 좌회전") broke the marking (노면표시 위반), however many words stand between the lane and the
    move: the vocabulary's pattern reads only the lane and the move side by side. Only a turn, from a lane told
    as the one the party was in (`_IN_MARKED_LANE`; going straight from a turn lane is the vocabulary's, and a
    lane change out of a turn queue its own manoeuvre, `_queued_lane_change`); the marking's span is the
    evidence. A chart role that already breaks its marking prices it in (`modifier_selection`)."""
    for i, p in enumerate(pf):
        if _MARKING in p.factors or not p.lane_marking or p.movement not in _MARKED_MOVES:
            continue
        if p.movement in p.lane_marking:
            continue
        lane = next((x for x in ev if x.party == i and x.factor == "lane_marking"), None)
        if lane is None or not _IN_MARKED_LANE.match(text, lane.end):
            continue
        p.factors.append(_MARKING)
        ev.append(Evidence(factor=_MARKING, span=lane.span, start=lane.start, end=lane.end, party=i))


#: the verb of crossing with its object left out, right after a name with 도 ("내려오던 차도 | 넘어와서")
_CROSSED_TOO = re.compile(r"\s?(?:(?:또|역시|같이|좀|살짝|조금|약간)\s?)?(?:넘어|넘었|넘은|넘고|침범)")


def _crossed_too(text: str, pf: list[PartyFacts], ev: list[Evidence], mentions: list) -> None:
    """"나도 중앙선 좀 넘었고 내려오던 차도 넘어와서": a party named with 도 (also) right before the verb of
    crossing, its object left out, after the other party crossed a named centre line, crossed it too. Without
    it one party alone crossed, and 차31-1 (one side over the line) reads as told."""
    for i in range(min(2, len(pf))):
        line = [x for x in ev if x.party == i and x.factor == _CENTRE_LINE and "중앙선" in x.span]
        if not line:
            continue
        for j, q in enumerate(pf[:2]):
            if j == i or _CENTRE_LINE in q.factors:
                continue
            for m in mentions:
                if m.party != j or m.particle != "도" or m.start < line[0].end:
                    continue
                # the particle is in the mention ("나도") or right after it ("차도", "상대 운전자도")
                end = m.end if m.surface.endswith("도") else text.find("도", m.end, m.end + 12) + 1
                if end <= 0 or (v := _CROSSED_TOO.match(text, end)) is None or negated(text, v.start(), v.end()):
                    continue
                q.factors.append(_CENTRE_LINE)
                ev.append(Evidence(factor=_CENTRE_LINE, span=text[m.start : v.end()], start=m.start, end=v.end(),
                                   party=j))
                break


def _one_way_wrong_way(pf: list[PartyFacts], ev: list[Evidence], scene: list[str]) -> None:
    """On a one-way road, riding against its direction is a one-way violation (거3-3/3-4, PM-10/11), not a
    centre line crossed: there is none. "일방통행로에서 … 역방향으로", "일방통행 골목, 거꾸로 역주행한 택시"
    read the wrong-way word (역주행, 역방향, 역행) apart from the one-way road; a party whose 중앙선침범 came
    only from such a word, where the scene is one-way, violated the one-way road instead."""
    if "일방통행" not in scene:
        return
    for i, p in enumerate(pf):
        if _CENTRE_LINE not in p.factors:
            continue
        spans = [x for x in ev if x.party == i and x.factor == _CENTRE_LINE]
        if any("중앙선" in x.span for x in spans):
            continue  # a centre line named: the party crossed it
        p.factors = [k for k in p.factors if k != _CENTRE_LINE]
        if _ONE_WAY_VIOLATION not in p.factors:
            p.factors.append(_ONE_WAY_VIOLATION)
        own = [x for x in ev if x.party == i and x.factor == _ONE_WAY_VIOLATION]
        for x in spans:
            if any(y.start <= x.start and x.end <= y.end for y in own):
                ev.remove(x)  # "일방통행로를 역주행": the wrong-way word inside the one-way span is one act
            else:
                x.factor = _ONE_WAY_VIOLATION


#: A party named as a person, not a vehicle ("할머니", "아이", "저", "아버지") …
_PERSON_NAME = cre(_P.pattern("person_name"))
#: … who rides or drives in their own clauses,
_RIDES = cre(_P.pattern("rides"))
#: … (only a verb of driving or riding, for one whose own clause crosses or walks)
_DRIVES = cre(_P.pattern("drives"))
#: … a party named as a vehicle.
_VEHICLE_NAME = cre(_P.pattern("vehicle_name"))
_WRITER_NAME = regex_cache.compile(_P.pattern("writer_name"))
_ROLLS = cre(_P.pattern("rolls"))
#: … or rides the vehicle a clause names (not a 자전거 횡단도 / 자전거 도로 they stand on).
_RIDDEN = tuple(
    (typ, cre(f"(?:{pat})" + _P.pattern("ridden_not_place"))) for typ, pat in lx.TYPE_CUES if typ != "pedestrian"
)
#: … and is on foot in them (or was run over: 치이다 is said of people).
_ON_FOOT = cre(_P.pattern("on_foot"))
#: … out of a vehicle or at work on the road; a party named as a driver counts when so (parties.yaml)
_ALIGHTED = cre(_P.pattern("alighted"))
#: the writer's own car named: a writer read crossing who names it drove across (parties.yaml `writers_car`)
_WRITERS_CAR = cre(_P.pattern("writers_car"))
_ON_FOOT_RELATIVE = regex_cache.compile(_P.pattern("on_foot_relative"))
_PERSON_HIT = regex_cache.compile(_P.pattern("person_hit"))
_DRIVER_NAME = cre(_P.pattern("driver_name"))
_RUN_OVER = cre(_P.pattern("run_over"))
_DELIVERY_RIDER = cre(_P.pattern("delivery_rider"))
_FELL_OVER = cre(_P.pattern("fell_over"))
_BIKE_ROAD_RIDER = cre(_P.pattern("bike_road_rider"))
#: … plainly on foot: walking, lying on the road, out of a car (parties.yaml `afoot`)
_AFOOT = cre(_P.pattern("afoot"))


def _person_type(
    name: str, own_text: str, movement: str | None, *, others_ride: bool, walked: bool = False, afoot: bool = True
) -> str | None:
    """The road user a party named as a person was: the vehicle their own clauses say they rode, else a
    pedestrian when an on-foot relative verb names them or they are hit (`walked`: "건너던 아주머니", "여학생을
    제 차로 쳤습니다"), when they got out of a vehicle or work on the road, or when their clauses are on foot
    and never ride or drive; None (the caller's default: car). `afoot`: plain walking words count (not for
    the writer, whose clauses also hold the counterpart's deeds when the counterpart is not named again:
    "친구 하나가 내려서 드러누워 … 제 차에 치였어요")."""
    person = _PERSON_NAME.match(name.strip() + " ") is not None
    driver = _DRIVER_NAME.search(name.strip()) is not None
    if not person and not driver:
        return None
    if _VEHICLE_NAME.search(name) and not driver:
        return None  # "남편 차": the person's car
    # "아들이 큰길에서 자전거로 직진", "저는 킥보드 타고": the person rides what their clause names
    for typ, ridden in _RIDDEN:
        if ridden.search(own_text):
            return typ
    if (person and walked and (others_ride or not _WRITER_NAME.match(name.strip()))) \
            or (others_ride and _ALIGHTED.search(own_text)):
        # "차가 퍼져서 내렸다가 … 치이셨어요", "작업 중이던 작업자": on foot, beside the car; a person hit or named
        # by an on-foot relative verb is on foot whoever hit them, the unnamed writer too ("튀어나온 꼬마를 못 보고
        # 쳤어요": the writer's car is implied, never named); not the writer as subject ("제가 쳤어요")
        return "pedestrian"
    if not person:
        return None
    walking = movement in ("crossing", "walking") or (
        afoot and movement in (None, "straight") and bool(_AFOOT.search(own_text)))
    if (_DRIVES if walking else _RIDES).search(own_text):
        return None
    if walking or (_ON_FOOT.search(own_text) and others_ride):
        return "pedestrian"
    return None


def _implicit_self_type(text: str, movement: str | None) -> str:
    """The road user of the writer when the text never names it ("길을 건너다가 차에 치였습니다")."""
    if movement in ("crossing", "walking"):
        return "pedestrian"
    if _RUN_OVER.search(text) and movement in (None, "straight"):
        return "pedestrian"
    return "car"


_SECOND_CRASH = cre(_C.pattern("second_crash"))
_AFTER_MARK = cre(_C.pattern("after_mark"))
_LATER_MARK = cre(_C.pattern("later_mark"))
_CLAUSE_START = cre(r"[.!?\n,)]")
_CLAUSE_END = cre(_C.pattern("clause_end"))
#: a vehicle outside the two parties, and such a vehicle hit afterwards
_THIRD_VEHICLE = cre(_C.pattern("third_vehicle"))
_THIRD_HIT = cre(_C.pattern("third_hit"))


def secondary_spans(t: str) -> list[tuple[int, int]]:
    """Clauses about a later crash with someone else ("1차 사고 이후 A의 부주의로 심의외 차량을
    충격함(2차 사고)"): the committee splits the two parties' accident, so such a clause gives
    neither of them modifier evidence. A third vehicle named inside the accident itself
    ("심의외 차량을 피해 진로를 변경하여") is no later crash. A 2차/재 crash word drops text only from
    itself (or the 후/이후 just before it) to its clause's end, and only when that names a third
    vehicle: "중앙선을 침범하여 B와 충돌 후 재충돌" keeps A's 중앙선침범."""
    def end_of(pos: int) -> int:
        m = _CLAUSE_END.search(t, pos)
        return m.start() if m else len(t)

    out: list[tuple[int, int]] = []
    for m in _SECOND_CRASH.finditer(t):
        clause = max([0] + [x.end() for x in _CLAUSE_START.finditer(t, 0, m.start())])
        marks = [x.start() for x in _LATER_MARK.finditer(t, clause, m.start())]
        start = marks[-1] if marks else m.start()
        b = end_of(m.end())
        if _THIRD_VEHICLE.search(t[start:b]):
            out.append((start, b))
    for m in _AFTER_MARK.finditer(t):
        b = end_of(m.end())
        if _THIRD_HIT.search(t[m.end() : b]):
            out.append((m.end(), b))
    return out


#: the place words (data/vocab/places.yaml): `_place` and the 고속도로 / 교차로 scene conditions
_PLACES = load("places")


def _roundabout_words(t: str) -> re.Match[str] | None:
    """The first word that makes `t` a roundabout: its name (회전교차로, 로터리, 원형교차로) or, when
    unnamed, the 2025 book's lane and clock vocabulary ("회전1차로", "3시 출구", "12시 진출부")."""
    return cre(_PLACES.pattern("roundabout")).search(t) or cre(_PLACES.pattern("roundabout_by_lanes")).search(t)


_MOVES = load("movements")
_WAITING_IN_LANE = cre(_MOVES.pattern("waiting_in_lane"))
_PARKED_OR_STRANDED = cre(_MOVES.pattern("parked_or_stranded"))
_CUT_IN_DONE = cre(_MOVES.pattern("cut_in_done"))


def _front_car_in_flow(t: str, pf: list[PartyFacts]) -> None:
    """A rear-ended front car that stopped in the traffic flow, not one parked at the edge or stranded after an
    accident (차42, whatever else the text says), goes straight: 차41-1 counts it ("앞차량 정지 직후 포함").

    - Stopped with no edge, parking or accident told (at a light, in a queue, "가만히 서 있었는데 뒤에서 트럭이
      박았다", "후미추돌 당함. 정차중이었음"): the one stopped party stood in its lane and goes straight; 차42-2's
      car stands at the edge and 차42-1's after an accident, which the text would say. A party read alone (a
      chart's role text, "주(정)차") keeps its stop unless a wait is told ("신호대기", "정차 직후").
    - Stopping suddenly ("앞차가 갑자기 서서 내가 박음", "급정거해서 박았어요"): where exactly one of two parties
      stopped suddenly and the other says no movement of its own, both went straight.
    - A cut-in finished some time before the sudden stop ("끼어들고 나서 한참 가다가 급정거"): the cutter was
      going along the lane by then (차41-1, not 차43-2)."""
    if _PARKED_OR_STRANDED.search(t):
        return
    stopped = [p for p in pf if p.movement == "stopped"]
    if len(stopped) == 1 and (len(pf) == 2 or _WAITING_IN_LANE.search(t)):  # a role read alone: a wait told
        stopped[0].movement = "straight"
        others = [p for p in pf if p is not stopped[0]]
        if (stopped[0].from_direction == "behind" and len(others) == 1 and others[0].movement in (None, "straight")
                and others[0].from_direction in (None, "front") and not _WAITING_IN_LANE.search(t)):
            # "정차해 있는데 뒤에서 쾅": the clause's 뒤에서 is the unnamed hitter's; the car that stood was hit (a
            # wait told keeps the reading it had before this default: "배달오토바이가 뒤에서 내차 박음 신호대기중")
            stopped[0].from_direction, others[0].from_direction = "front", "behind"
    done = [p for p in pf if p.movement == "lane_change" and "이유없는급정지" in p.factors]
    if len(done) == 1 and _CUT_IN_DONE.search(t):
        done[0].movement = "straight"  # "제 앞으로 완전히 들어온 뒤 몇 초 있다가 급브레이크": in the lane by then
    sudden = [p for p in pf if "이유없는급정지" in p.factors and p.movement in (None, "stopped", "straight")]
    if len(pf) != 2 or len(sudden) != 1:
        return
    other = pf[1 - pf.index(sudden[0])]
    if other.movement is None and other.type != "pedestrian":
        sudden[0].movement = "straight"
        other.movement = "straight"


def _lane_changer_met_in_lane(pf: list[PartyFacts], place: str | None, back_hit: bool = False) -> None:
    """A lane changer met a vehicle whose own movement the text leaves unsaid ("차선 바꾸다가 사각지대에 있던
    차를 못 봐서", "나 차선 바꾸다가 옆차 박았어"): that vehicle was going along its lane (차43-2's 직진), not
    changing lanes too (차43-3/43-5 need both changes said). Only between two motor vehicles on a road, not at a
    junction, a merge or a roundabout, where the counterpart's way decides the chart. Not for a changer out of a
    marked turn lane (차43-4, "좌회전 대기열에 있던 트럭이 직진 차로로"): its lane, not the counterpart's way,
    tells that chart from 차43-2. Nor for a counterpart said to be ahead or behind ("뒤차가 먼저 그 차로로
    넘어가고", "앞에 있던 차가 뒤늦게 …"): one car behind the other in a lane is 차43-5's layout, where the
    extractor may miss the second lane change (three such fold rows went to 차43-2 out of fold). A counterpart
    behind that hit the changer's back ("트럭 앞으로 차로 바꿨는데 트럭이 제 차 뒤를 받았어요": `_hit_on_the_back`)
    went along its lane: the changer in front of it moved in its way (차43-2's layout)."""
    if len(pf) != 2 or place not in (None, "straight_road") or not all(p.type in _MOTOR or p.type is None for p in pf):
        return
    changers = [p for p in pf if p.movement == "lane_change"]
    if (len(changers) == 1 and not changers[0].lane_marking
            and (other := pf[1 - pf.index(changers[0])]).movement is None
            and (other.from_direction not in ("front", "behind") or (back_hit and other.from_direction == "behind"))):
        other.movement = "straight"


_SIDE_MOVE_IN = cre(_MOVES.pattern("side_move_in"))


def _side_move_merges(t: str, pf: list[PartyFacts], own, targets, writer: int | None) -> None:  # type: ignore[no-untyped-def]
    """Where lanes merge, the one party told moving in to a side ("제가 왼쪽으로 들어가다가") merges (차43-1's
    B) when no party is read as merging and it says no more specific move; a clause with no party is the
    writer's. The other, saying nothing of its way, went along its lane (the 본선)."""
    if len(pf) != 2 or any(p.movement == "merging" for p in pf):
        return
    movers = set()
    for m in _SIDE_MOVE_IN.finditer(t):
        o = own(m.start())
        movers.update(targets(o) if o is not None else ([writer] if writer is not None else []))
    if len(movers) != 1:
        return
    i = movers.pop()
    if pf[i].movement in (None, "straight", "lane_change"):
        pf[i].movement = "merging"
        if pf[1 - i].movement is None:
            pf[1 - i].movement = "straight"


_BACK_OFF_SHOULDER = cre(_MOVES.pattern("back_off_shoulder"))
#: what a car that stood on the shoulder is read as before it goes back into the lane
_SHOULDER_STANDS = (None, "stopped", "starting", "entering", "straight")


def _back_off_the_shoulder(t: str, pf: list[PartyFacts], own, targets, writer: int | None, add_ev) -> None:  # type: ignore[no-untyped-def]
    """A car that stood on the shoulder or the edge and goes back into the lane ("갓길에 잠깐 세웠다가 다시 차로로
    들어가는데", "갓길에 서 있던 화물차가 차로로 끼어들어서") changes lanes into it (차43-2's B), whatever its stop or
    start was read as; a clause with no party is the writer's. Where both parties would, nothing is read."""
    if len(pf) != 2:
        return
    movers: dict[int, tuple[int, int]] = {}
    for m in _BACK_OFF_SHOULDER.finditer(t):
        o = own(m.start("back"))
        for i in targets(o) if o is not None else ([writer] if writer is not None else []):
            movers[i] = (m.start("back"), m.end())
    if len(movers) != 1:
        return
    i, span = movers.popitem()
    if pf[i].movement in _SHOULDER_STANDS and pf[1 - i].movement != "lane_change":
        pf[i].movement = "lane_change"
        add_ev("movement", span, i)
        if pf[1 - i].movement is None:
            pf[1 - i].movement = "straight"  # the car already in the lane went along it


def _lane_change_merges(pf: list[PartyFacts]) -> None:
    """Where lanes merge or one ends, the car that changes into the remaining lane is the merging one
    ("3차로가 2차로로 줄어드는 구간에서 … 제 차로로 밀고 들어와"): 차43-1's B "진로를 변경하여 본선에 합류".
    Only when no party is already read as merging and exactly one changes lanes (two changing lanes
    into each other's is 차43-3, wherever it happens)."""
    if any(p.movement == "merging" for p in pf):
        return
    changers = [p for p in pf if p.movement == "lane_change"]
    if len(changers) == 1:
        changers[0].movement = "merging"


def _place(
    t: str, pf: list[PartyFacts], sig_hits: list[_Hit], equal: bool
) -> tuple[str | None, bool | None, tuple[int, int] | None]:
    def find(pat: str) -> re.Match[str] | None:
        return cre(pat).search(t)

    moves = {p.movement for p in pf}
    weak_crossing = any(p.type in ("pedestrian", "bicycle", "pm", "two_wheeler") and p.movement in ("crossing", "walking", None)
                        for p in pf) or "crossing" in moves
    steady = [h for h in sig_hits if h.value in ("green", "yellow", "red", "green_left_arrow")]
    has_sig = find(lx.HAS_SIGNAL)
    no_sig = find(lx.NO_SIGNAL) or find(lx.NO_CONTROL)
    controlled: bool | None = True if (has_sig or steady) and not no_sig else (False if no_sig else None)

    if m := _roundabout_words(t):
        return "roundabout", None, m.span()
    lot = find(_PLACES.pattern("parking_lot"))
    inside = find(_PLACES.pattern("parking_inside"))
    to_road = find(_PLACES.pattern("onto_road"))
    if lot and not to_road and (inside or "reversing" in moves):
        return "parking_lot", None, lot.span()
    if (m := find(_PLACES.pattern("bike_crosswalk"))) and weak_crossing:
        return "crosswalk", controlled if not no_sig else False, m.span()
    if "merging" in moves or find(_PLACES.pattern("merge")):
        m = find(_PLACES.pattern("merge_span"))
        return "merge", None, m.span() if m else None
    inter = find(_PLACES.pattern("intersection"))
    if ("entering" in moves or "exiting" in moves or find(_PLACES.pattern("off_road"))) and not (
        inter and ("left_turn" in moves and "entering" not in moves)
    ):
        m = find(_PLACES.pattern("off_road_span")) or inter
        return "off_road", None, m.span() if m else None
    if inter:
        if find(lx.PARTIAL_SIGNAL):
            return "partial_signal_intersection", True, inter.span()
        if not steady and find(_PLACES.pattern("flashing_signal")) and not find(_PLACES.pattern("green_flash")):
            return "unsignal_intersection", False, inter.span()  # a flashing signal does not control traffic
        if has_sig and not no_sig:
            return "signal_intersection", True, inter.span()
        if no_sig:
            return "unsignal_intersection", False, inter.span()
        if steady:
            return "signal_intersection", True, inter.span()
        flashes = [h for h in sig_hits if h.value in ("red_flash", "yellow_flash")]
        if flashes:
            return "unsignal_intersection", False, inter.span()
        if equal or any(p.road in ("major", "minor", "priority", "non_priority") for p in pf) or any(
            "일시정지위반" in p.factors or "일시정지표지" in p.conditions or p.entered_first is not None for p in pf
        ):
            return "unsignal_intersection", False, inter.span()
        return "intersection", None, inter.span()
    if m := find(_PLACES.pattern("highway")):
        return "highway", controlled, m.span()
    if (m := find(_PLACES.pattern("crosswalk"))) and weak_crossing:
        return "crosswalk", controlled, m.span()
    if m := find(_PLACES.pattern("alley")):
        return "alley", None, m.span()
    walk_sig = steady + [h for h in sig_hits if h.value == "green_flash"]
    if walk_sig and any(p.type == "pedestrian" and p.movement == "crossing" for p in pf):
        return "crosswalk", True, (walk_sig[0].start, walk_sig[0].end)  # pedestrian signals stand at crosswalks
    if steady and not any(p.type == "pedestrian" for p in pf):
        return "signal_intersection", True, (steady[0].start, steady[0].end)
    stop_sign = [p for p in pf if "일시정지위반" in p.factors or "일시정지표지" in p.conditions]
    if stop_sign and not find(_PLACES.pattern("crossing_or_rail")):
        m = find(_PLACES.pattern("stop_sign"))
        return "unsignal_intersection", False, m.span() if m else None  # stop signs guard unsignalised junctions
    turning = moves & {"left_turn", "right_turn"}
    if (
        turning
        # a turn across another's path (맞은편/측면), or in front of a follower (앞차가 좌회전 …뒤따르던):
        # either way the turn is made at a junction
        and any(
            p.from_direction in ("opposite", "right", "left")
            or (p.from_direction in ("front", "behind") and not find(_PLACES.pattern("rear_end")))  # not a rear-end
            for p in pf
        )
        and "lane_change" not in moves
        # passing a car that turns (선행 좌회전 … 후행 추월) happens where it can turn: a junction
        # (차45-1/45-2), even past a 중앙선; without a pass, a turn over the 중앙선 is 차31's road
        and ("overtaking" in moves or not find(_PLACES.pattern("centre_line")))
    ):
        return "intersection", controlled, None
    if turning and any(p.lane_marking for p in pf) and not moves & {"lane_change", "overtaking"}:
        return "intersection", controlled, None  # a turn from a marked lane (직진 차로에서 좌회전) is made at a junction
    if moves & {"lane_change", "stopped", "overtaking", "door_opening", "u_turn", "starting", "straight", "crossing", "walking",
                "reversing"} or find(_PLACES.pattern("road_words")):
        m = find(_PLACES.pattern("road_span"))
        return "straight_road", controlled, m.span() if m else None
    return None, controlled, None


def _collision(t: str, pf: list[PartyFacts], place: str | None) -> str | None:
    if any(p.type == "pedestrian" for p in pf):
        return "pedestrian"
    if _REAR_END.search(t):
        return "rear_end"
    dirs = {p.from_direction for p in pf}
    moves = {p.movement for p in pf}
    if _HEAD_ON.search(t) or ("opposite" in dirs and "중앙선침범" in {f for p in pf for f in p.factors}):
        return "head_on"
    if moves & {"lane_change", "merging", "overtaking"} or _SIDESWIPE.search(t):
        return "sideswipe"
    if "behind" in dirs and moves <= {"straight", "stopped", None, "starting"}:
        return "rear_end"
    if place in ("signal_intersection", "unsignal_intersection", "partial_signal_intersection", "intersection") or _SIDE.search(t):
        return "side"
    return None


#: a numbered lane ("2차로에서"), not the road's size nor a target (clauses.yaml `lane_number`)
_LANE_NO = _C.regex("lane_number")


_LANE_MOVE_ORDER = [v for v, _ in lx.LANE_MOVES]


def lane_markings(t: str) -> list[tuple[list[str], int, int]]:
    """Every lane-marking phrase in `t` ("우회전차로인 3차로", "직진과 우회전이 가능한 3차로",
    "직진·우회전 노면표시차로") as (permitted movements in `LANE_MOVES` order, start, end).

    Phrases naming a lane the road user moves into ("우회전 차로로 진로변경") or that is absent
    ("좌회전 차로가 없는") are skipped: they say nothing about the lane it drove in."""
    out: list[tuple[list[str], int, int]] = []
    for m in cre(lx.LANE_MARKING).finditer(t):
        if cre(lx.LANE_MARKING_NOT).match(t, m.end()):
            continue
        span = m.group(0)
        moves = [v for v, pat in lx.LANE_MOVES if cre(pat).search(span)]
        if moves:
            out.append((sorted(moves, key=_LANE_MOVE_ORDER.index), m.start(), m.end()))
    return out


def _roundabout_entry(t: str, pf: list[PartyFacts], targets, own, add_ev) -> None:  # type: ignore[no-untyped-def]
    """`in_roundabout` of each party: True when circulating (회전 중, 돌고 있던, 진출), False when
    entering (회전교차로로 진입 중, 새로 들어온). A circulating cue of a clause wins over an entering
    one ("진입하여 회전하던"). 선진입 / 후진입 settle it — the earlier entrant is the one circulating at
    the collision — except for two parties entering abreast from numbered lanes of one approach
    ("3차로에서 진입 중 … 2차로에서 선진입하여"): both are still entering (차54-5 좌우 동시 진입), and
    the lead is kept only as `entered_first` (a modifier). A lane change against an entering party is
    made while circulating; "같이/동시에 들어오다" with nobody circulating makes both entering."""
    circulating: set[int] = set()
    for m in cre(lx.ROUNDABOUT_LANE_CHANGE).finditer(t):
        for i in targets(own(m.start())):
            if pf[i].movement in (None, "straight", "entering"):
                pf[i].movement = "lane_change"  # type: ignore[assignment]
                add_ev("movement", (m.start(), m.end()), i)
    for value, pat in ((True, _IN_ROUNDABOUT), (False, lx.ENTERING_ROUNDABOUT)):
        for m in cre(pat).finditer(t):
            for i in targets(own(m.start())):
                if value:
                    circulating.add(i)
                if pf[i].in_roundabout is None:
                    pf[i].in_roundabout = value
                    add_ev("in_roundabout", (m.start(), m.end()), i)
    for i, p in enumerate(pf):
        other = pf[1 - i] if len(pf) == 2 else None
        if p.in_roundabout is None and p.movement == "lane_change" and other is not None and other.in_roundabout is False:
            p.in_roundabout = True  # "안에서 차로 바꾸다가 새로 들어온 차와": lanes are changed while circulating
            circulating.add(i)
    if not circulating and any(cre(pat).search(t) for pat in lx.FACTOR_BY_KEY["동시진입"].patterns):
        for p in pf:  # "같이 들어온 차와", "동시에 진입하다": whoever the clause names, both enter
            if p.in_roundabout is None:
                p.in_roundabout = False
    lanes: dict[int, set[int]] = {}
    for m in _LANE_NO.finditer(t):
        for i in targets(own(m.start())):
            lanes.setdefault(i, set()).add(int(m.group(1)))
    abreast = (len(pf) == 2 and all(len(lanes.get(i, ())) == 1 for i in (0, 1)) and lanes[0] != lanes[1]
               and not any(p.movement in ("lane_change", "merging") for p in pf))
    for value, pat in _ENTRY_ORDER:
        for m in cre(pat).finditer(t):
            for i in targets(own(m.start())):
                other = pf[1 - i] if len(pf) == 2 and i in (0, 1) else None
                if value and abreast and i not in circulating and other is not None and other.in_roundabout is False:
                    pf[i].in_roundabout = False
                else:
                    pf[i].in_roundabout = value
                add_ev("in_roundabout", (m.start(), m.end()), i)


_LANE_OVER_TWO = re.compile(r"(?<![\d.])[3-9]\s?차\s?[로선]")
_CUES = load("chart_cues")
#: leaving a roundabout (any exit, not one refused or passed) and leaving by the first exit, 3시: the chart cues
_LEAVING = _CUES.regex("진출")
_FIRST_EXIT = _CUES.regex("3시진출")
#: a lane word followed by a particle of direction: the lane is moved into ("회전2차로로 진입", "안쪽 차선으로 들어와")
_INTO = re.compile(r"\s?(?:으로|로|쪽으로|까지)")
#: a lane word that names its kind: 회전 (circulating) or 진입 (entry) N차로
_LANE_KIND = re.compile(r"(회전|진입)\s?[12]\s?차\s?[로선]")
#: leaving into exit lane 1 ("진출1차로로", "출구 1차로로"): the inner lane's own exit lane, no lane crossed
_EXIT_LANE_ONE = re.compile(r"(?:진출|출구)\s?1\s?차\s?[로선]")


def _roundabout_lane(t: str, pf: list[PartyFacts], targets, own, add_ev) -> None:  # type: ignore[no-untyped-def]
    """`roundabout_lane` of each party: the first inner / outer lane word of its clauses ("안쪽 차로로 돌다가",
    "진입2차로에서", "바깥쪽 돌던") that is no lane moved into ("바깥 차로로 넘어와", "안쪽으로 차로를 바꾸며").
    The first is where the party was before any move ("진입2차로에서 회전1차로로"). Lane numbers are read
    only when no lane above 2 is named: on a wider road "2차로" is no outer lane.

    A party that then moves into the other lane ("안쪽 차로에서 돌던 택시가 … 바깥 차선으로 들어왔고",
    "진입1차로에서 회전2차로로 진입") changes lanes; so does the inner-lane party that leaves across the
    outer lane of a party circulating there (`_inner_exit_across`)."""
    numbered = not _LANE_OVER_TWO.search(t)
    target, not_taken = cre(lx.ROUNDABOUT_LANE_TARGET), cre(lx.ROUNDABOUT_LANE_NOT_TAKEN)
    found: dict[int, tuple[int, int, str]] = {}
    moved_into: dict[int, list[tuple[int, str]]] = {}
    refused: dict[int, list[tuple[int, str]]] = {}
    for value, pat in lx.ROUNDABOUT_OWN_LANES:
        for m in cre(pat).finditer(t):
            if not numbered and re.search(r"\d", m.group(0)):
                continue
            skipped = not_taken.match(t, m.end())
            into = not skipped and bool(target.match(t, m.end()) or _INTO.match(t, m.end()))
            for i in targets(own(m.start())):
                if skipped:
                    refused.setdefault(i, []).append((m.start(), value))
                    continue
                if into:
                    moved_into.setdefault(i, []).append((m.start(), value))
                if target.match(t, m.end()):
                    continue
                if i not in found or m.start() < found[i][0]:
                    found[i] = (m.start(), m.end(), value)
    _crossings_into(t, pf, targets, own, add_ev)
    for i, (s, e, value) in found.items():
        if pf[i].roundabout_lane is None:
            pf[i].roundabout_lane = value  # type: ignore[assignment]
            add_ev("roundabout_lane", (s, e), i)
        kind = _LANE_KIND.match(t, s)
        if kind and pf[i].in_roundabout is None:
            # "회전1차로에서 점선구간 진로변경한": a circulating lane is where it went round; an entry lane, where it entered
            pf[i].in_roundabout = kind.group(1) == "회전"
            add_ev("in_roundabout", (s, e), i)
        crossed = next((x for x in moved_into.get(i, []) if x[0] > s and x[1] != value), None)
        if crossed is None and any(x[0] > s and x[1] == value for x in refused.get(i, [])):
            # "2차로에서 들어오던 SUV가 바깥쪽으로 안 가고": it left the lane it came by for the other one
            crossed = (s, "inner" if value == "outer" else "outer")
        if crossed is None:
            continue
        if pf[i].movement in (None, "straight"):
            pf[i].movement = "lane_change"
            add_ev("movement", (s, e), i)
        other = 1 - i if len(pf) == 2 and i in (0, 1) else None
        if other is not None and other not in found and pf[other].roundabout_lane is None:
            # the crash is in the lane moved into: the other party drove or entered there ("나가려고 안쪽 차로에서
            # 바깥 차로로 진로변경하던 중 진입하던 차와": 차54-3's entrant "회전2차로로 진입")
            pf[other].roundabout_lane = crossed[1]  # type: ignore[assignment]
    _inner_exit_across(t, pf, targets, own, add_ev)


def _crossings_into(t: str, pf: list[PartyFacts], targets, own, add_ev) -> None:  # type: ignore[no-untyped-def]
    """A party crossing into another's lane ("출구에서 청구차량 차선으로 넘어와", "제 쪽으로 밀고 들어와") changes
    lanes. Where a party's name stands right before the lane ("남편 차 쪽 차선으로 밀고 들어왔대요"), that party
    is the one crossed into and the other one crossed, whoever the clause seems to belong to."""
    for m in cre(lx.ROUNDABOUT_CROSS_INTO).finditer(t):
        owners = targets(own(m.start()))
        if len(pf) == 2 and len(owners) == 1:
            before = re.sub(r"(?:쪽|의)$", "", re.sub(r"\s", "", t[max(0, m.start() - 14):m.start()]))
            if pf[owners[0]].name and before.endswith(pf[owners[0]].name.replace(" ", "")):
                owners = [1 - owners[0]]
        for i in owners:
            if pf[i].movement in (None, "straight", "entering"):
                pf[i].movement = "lane_change"
                add_ev("movement", (m.start(), m.end()), i)


def _inner_exit_across(t: str, pf: list[PartyFacts], targets, own, add_ev) -> None:  # type: ignore[no-untyped-def]
    """The inner-lane party that leaves while the other circulates in the outer lane crosses that lane
    (회전-5: "안쪽 차로에 있던 SUV가 갑자기 출구 쪽으로 꺾으면서", "같이 그 출구로 빠지려고 제 쪽으로"):
    a lane change, when the outer party changes no lane itself (회전-4/6/8: it cuts into exit lane 1) and
    the exit is the first one (3시) or the outer party leaves too; not when the inner party keeps to exit
    lane 1 ("3시 출구 1차로로 그대로 나가는데"), nor at 12시 where the outer party circles on (회전-7).
    A party that goes on round past the exit the other leaves by ("12시로 빠지지 않고 계속 회전하여") turns
    on, to the left: 회전-7's B "좌회전(계속 2차로 회전)"."""
    if len(pf) != 2:
        return
    leaving: dict[int, tuple[int, int]] = {}
    first_exit: set[int] = set()
    lane_one: set[int] = set()
    for rx, into in ((_LEAVING, None), (_FIRST_EXIT, first_exit), (_EXIT_LANE_ONE, lane_one)):
        for m in rx.finditer(t):
            for i in targets(own(m.start())):
                if into is None:
                    leaving.setdefault(i, (m.start(), m.end()))
                else:
                    into.add(i)
    for m in cre(lx.ROUNDABOUT_CIRCLING_ON).finditer(t):
        for i in targets(own(m.start())):
            if i in (0, 1) and (1 - i) in leaving and pf[i].movement in (None, "straight") and pf[1 - i].in_roundabout:
                pf[i].movement = "left_turn"  # it goes on round, to the left, past the exit the other takes
                pf[i].in_roundabout = True
                add_ev("movement", (m.start(), m.end()), i)
    for i in (0, 1):
        p, q = pf[i], pf[1 - i]
        if (p.roundabout_lane == "inner" and q.roundabout_lane == "outer" and q.in_roundabout
                and p.movement in (None, "straight") and q.movement != "lane_change" and i in leaving
                and i not in lane_one and (i in first_exit or (1 - i) in leaving)):
            p.movement = "lane_change"
            add_ev("movement", leaving[i], i)


def _space_moves(t: str, best: dict[int, _Hit], move_hits: list[_Hit], targets) -> None:  # type: ignore[no-untyped-def]
    """In a parking lot, reversing into a bay ("주차하려고 후진", "주차칸에 후진으로 넣다가") or out of
    one ("주차칸에서 후진으로 빠져나오던") is the bay move: the charts tell the car parking (차51-2 A,
    exiting) and the car leaving its bay (차51-1 / 비정형-19 B, entering, 후진 a modifier) from the car
    reversing along the aisle (비정형-19 A), which names no bay and stays reversing."""
    if not cre(_PLACES.pattern("parking_lot")).search(t):
        return
    for i, h in list(best.items()):
        if h.value != "reversing":
            continue
        bay = [x for x in move_hits if x.value in ("entering", "exiting") and i in targets(x.owner)]
        if bay:
            best[i] = min(bay, key=lambda x: abs(x.start - h.start))


_SUFFERED = re.compile(r"(?:를|을)?\s?(?:[가-힣]{1,3}\s)?당(?:하|했|함|한|해|할|한\s?거)")


def _suffered_cut_in(t: str, move_hits: list[_Hit], writer: int | None, mentions: list) -> None:
    """A lane change suffered ("택시한테 칼치기 당했어요", "끼어들기를 당해서"): the clause's party is the one cut
    in on, so of two parties the other made the move (the writer's counterpart when the clause has no party). A
    suffered act that opens its sentence before any name ("끼어들기를 당해서 피할 새도 없이 그 차 뒤를 받았어요")
    is the unnamed writer's, whoever the later name's clause is read to run from; with no writer, a clause before
    any party is named was lent to the party named next, and that party moved."""
    named = [(m.start, m.party) for m in mentions if m.party is not None]
    for h in move_hits:
        if h.value != "lane_change" or not _SUFFERED.match(t, h.end):
            continue
        start = max(t.rfind(c, 0, h.start) for c in ".?!\n") + 1
        if writer is not None and not any(start <= at < h.start for at, _ in named):
            h.owner = 1 - writer
        elif h.owner in (0, 1) and h.owner != writer and not any(at < h.start for at, p in named if p == h.owner):
            continue  # no party named before it: the one named after it cut in
        elif h.owner in (0, 1):
            h.owner = 1 - h.owner
        elif h.owner is None and writer is not None:
            h.owner = 1 - writer


_CUT_IN_BY_RESULT = cre(_MOVES.pattern("cut_in_by_result"))
_LANE_CHANGE_MEANT = cre(_MOVES.pattern("lane_change_meant"))
_PASSING_RULE_TOLD = cre(_MOVES.pattern("passing_rule_told"))
_WRITERS_WAY = re.compile(r"(?:제|내|저의|우리)\s?$")
#: what a lane change told by its result may replace: a party that said no more than going along
_PLAIN_MOVES = frozenset({"straight"})


def _cut_in_by_result(t: str, best: dict[int, _Hit], own, targets, writer: int | None, n: int) -> None:  # type: ignore[no-untyped-def]
    """A lane change told by its result ("옆 차가 제 앞에 갑자기 들어와서", "차선 물고 들어오다가", "옆 차가
    밀고 들어옴") or by the mover's aim into a named lane ("2차로로 가려고 깜빡이 켜고 넘어가는데"): the
    clause's party changes lanes when nothing more specific is said of it (a turner or a car moving off that
    then came in front keeps its own movement; an overtaker does too where a passing rule, a centre line, a
    junction or a stopped car is told: without them 차43-2 takes the overtaking that ends in front). Arriving in the writer's way ("제 앞으로",
    "제 차로로") is never the writer's own move: with two parties the other one makes it."""
    for pat in (_CUT_IN_BY_RESULT, _LANE_CHANGE_MEANT):
        for m in pat.finditer(t):
            if denied(t, m.end()):
                continue
            o = own(m.end() - 1)
            if _WRITERS_WAY.search(t, max(0, m.start() - 4), m.start()) and writer is not None and n == 2:
                o = 1 - writer  # "제 앞으로 들어와서": into the writer's way, so the other party's move
                if writer not in best:  # ... and the writer was going along that way
                    best[writer] = _Hit("straight", m.start(), m.end(), writer)
            for i in targets(o):
                cur = best.get(i)
                plain = cur is None or cur.value in _PLAIN_MOVES
                # an overtaker coming back in front where no passing rule is told changes lanes (차43-2's note)
                passed = cur is not None and cur.value == "overtaking" and pat is _CUT_IN_BY_RESULT \
                    and not _PASSING_RULE_TOLD.search(t)
                if plain or passed:
                    best[i] = _Hit("lane_change", m.start(), m.end(), o)


#: a hit on the back of the party named right before ("제 차 뒤를 들이받았", "택시 뒤를 박았", "그 차 뒤를 쿵",
#: "트럭 뒤범퍼에 박았"): not one suffered ("뒤를 박혔", "뒤를 받쳐")
_BACK_HIT = re.compile(
    r"(?<![가-힣])뒤\s?(?:범퍼|꽁무니|부분|트렁크|쪽|편|꽁지)?\s?(?:을|를|에)?\s?(?:(?:살짝|쾅|쿵|그대로|세게|크게)\s?)?"
    r"(?:들이\s?)?(?:박(?!\s?(?:혔|히|힌))|받(?!\s?(?:혔|히|힌|쳤|치))|쳤|치(?:고|었|어)|충격|추돌|쿵)"
)
_POSSESSOR_GAP = re.compile(r"\s?(?:의\s?)?")
#: directions read already that the back hit does not override: an order told, or a crossing or oncoming way
_ORDER_TOLD = frozenset({"front", "behind", "opposite", "left", "right"})


def _hit_on_the_back(t: str, used: list, pf: list[PartyFacts], add_ev) -> None:  # type: ignore[no-untyped-def]
    """The party whose back is hit ("시내버스가 제 차 뒤를 들이받았어요", "출근길에 졸다가 앞에 가던 트럭 뒤를
    박았습니다") is the one in front, the other the one behind: who hit whose back tells the rear-end's order
    as 추돌 does (`DIRECTION_STRONG`), whatever the clause's subject, which a terse writer leaves out. The
    possessor is the party named right before 뒤; a direction read already (`_ORDER_TOLD`) is kept."""
    if len(pf) != 2:
        return
    for m in _BACK_HIT.finditer(t):
        u = next((u for u in used if u.party in (0, 1) and u.end <= m.start()
                  and _POSSESSOR_GAP.fullmatch(t, u.end, m.start())), None)
        if u is None:
            continue
        front, back = pf[u.party], pf[1 - u.party]
        if {front.from_direction, back.from_direction} & _ORDER_TOLD:
            return  # "반대편에서 오다가 … 유턴하더니 제 차 뒤를 박았어요": an oncoming U-turner is no follower
        front.from_direction = "front"  # type: ignore[assignment]
        back.from_direction = "behind"  # type: ignore[assignment]
        add_ev("direction", (m.start(), m.end()), u.party)
        return


def _lanes_side_by_side(t: str, pf: list[PartyFacts], own, add_ev) -> None:  # type: ignore[no-untyped-def]
    """Two road users each in one numbered lane ("2차로에서 … 1차로에서 …"): lanes are counted from
    the centre line, so the lower number is on the left. Only when neither has a direction and
    neither clause moves between lanes ("2차로에서 1차로로")."""
    if len(pf) != 2 or any(p.from_direction for p in pf):
        return
    if any(p.movement in ("lane_change", "merging", "overtaking") for p in pf):
        return
    seen: dict[int, set[int]] = {0: set(), 1: set()}
    spans: dict[int, tuple[int, int]] = {}
    for m in _LANE_NO.finditer(t):
        o = own(m.start())
        if o in (0, 1):
            seen[o].add(int(m.group(1)))
            spans.setdefault(o, (m.start(), m.end()))
    if len(seen[0]) != 1 or len(seen[1]) != 1 or seen[0] == seen[1]:
        return
    left = 0 if min(seen[0]) < min(seen[1]) else 1
    pf[left].from_direction = "left"  # type: ignore[assignment]
    pf[1 - left].from_direction = "right"  # type: ignore[assignment]
    for i in (0, 1):
        add_ev("direction", spans[i], i)


_MOTOR = ("car", "bus", "truck", "two_wheeler")


def _signal_defaults(pf: list[PartyFacts], complied: set[int]) -> None:
    """Lights a signalled junction implies when the text leaves them unsaid (motor vehicles only).

    A left-turner that only "followed the signal" (신호에 따라 좌회전) turned on its arrow: a plain
    green is no left-turn signal there. One party ran the red (적색, 신호위반) and the other's light is
    not stated: the other had the light that let it go, green, or the arrow for a left-turner. Not when
    the red party stood still at its red (it obeyed it), nor when the two went one way, one behind the
    other: they faced one light ("적색 신호에 정지해 있던 차를 뒤에서 오던 차가 들이받았다" is no green)."""
    for i in complied:
        if pf[i].movement == "left_turn" and pf[i].type in _MOTOR:
            pf[i].signal = _go_light(pf[i])  # type: ignore[assignment]
    if len(pf) != 2 or any(p.type not in _MOTOR for p in pf):
        return
    for p, q in ((pf[0], pf[1]), (pf[1], pf[0])):
        if p.movement in _STANDING or {p.from_direction, q.from_direction} & _ONE_WAY:
            continue
        if p.signal == "red" and q.signal is None and q.movement in (None, "straight", "left_turn"):
            q.signal = _go_light(q) if q.movement == "left_turn" else "green"  # type: ignore[assignment]


#: a party not moving at its red, and the relative positions of two parties on one approach
_STANDING = frozenset({"stopped", "parked"})
_ONE_WAY = frozenset({"behind", "front", "same"})


def _go_light(p: PartyFacts) -> str:
    """The light that let a left-turner go: its arrow, or the plain green for a 비보호 turn (no arrow there)."""
    return "green" if "비보호좌회전" in p.conditions else "green_left_arrow"


def _complete_pairs(pf: list[PartyFacts]) -> None:
    """Symmetric relations: B from the right ⇒ A from the left; one 선진입 ⇒ the other 후진입."""
    if len(pf) != 2:
        return
    a, b = pf
    for p, q in ((a, b), (b, a)):  # "동일차로" + the other is behind ⇒ this one is in front
        if p.from_direction in ("behind", "front") and q.from_direction == "same":
            q.from_direction = OTHER_SIDE[p.from_direction]  # type: ignore[assignment]
    if a.from_direction and not b.from_direction:
        b.from_direction = OTHER_SIDE[a.from_direction]  # type: ignore[assignment]
    elif b.from_direction and not a.from_direction:
        a.from_direction = OTHER_SIDE[b.from_direction]  # type: ignore[assignment]
    for p, q in ((a, b), (b, a)):  # flashing signals come in pairs: 적색점멸 on one road, 황색점멸 on the other
        if p.signal in _FLASH_PAIR and q.signal is None and q.type != "pedestrian":
            q.signal = _FLASH_PAIR[p.signal]  # type: ignore[assignment]
    if a.entered_first is not None and b.entered_first is None:
        b.entered_first = not a.entered_first
    elif b.entered_first is not None and a.entered_first is None:
        a.entered_first = not b.entered_first
    if a.in_roundabout is not None and b.in_roundabout is None:
        b.in_roundabout = not a.in_roundabout if a.in_roundabout else None
    elif b.in_roundabout is not None and a.in_roundabout is None:
        a.in_roundabout = not b.in_roundabout if b.in_roundabout else None
    for p in (a, b):
        # a stop or yield sign on a party's approach makes its road the non-priority one
        if p.road is None and ("일시정지표지" in p.conditions or "일시정지위반" in p.factors):
            p.road = "non_priority"
    for p, q in ((a, b), (b, a)):
        if p.road == "major" and q.road is None:
            q.road = "minor"
        elif p.road == "minor" and q.road is None:
            q.road = "major"


def _strong_colours(t: str, hits: list[_Hit]) -> list[_Hit]:
    """The colour hits that are not weak wordings (`_WEAK_SIGNAL`)."""
    return [h for h in hits if not _WEAK_SIGNAL.fullmatch(t[h.start : h.end])]


def _read_both_colours(
    t: str, per_party_sig: dict[int, list[_Hit]]
) -> Iterator[tuple[int, int, list[_Hit], list[_Hit]]]:
    """(party, other party, its colour hits, the strong ones) for each of the two parties read with both green
    and red; read lazily, so a move made for the first party is seen when the second is read."""
    for i, j in ((0, 1), (1, 0)):
        hs = per_party_sig.get(i, [])
        strong = _strong_colours(t, hs)
        if {"green", "red"} <= {h.value for h in strong}:
            yield i, j, hs, strong


def _split_two_colours(t: str, per_party_sig: dict[int, list[_Hit]], drafts: list[PartyDraft]) -> None:
    """One party read with both green and red where one colour sits in a relative clause describing
    the other party ("초록불에 직진했는데 빨간불에 뛰어든 아이를 쳤다"): that colour is the other party's.

    A Korean clause names its subject after such adverbials or before the noun it describes, so only a
    colour followed, within its clause, by the other party's name moves; "…적색신호에 직진하던 청구차량이"
    stays with the party it names, and a colour said twice of one party stays a contradiction.
    """
    if len(drafts) != 2:
        return
    for i, j, hs, strong in _read_both_colours(t, per_party_sig):
        for colour in ("green", "red"):
            mine = [h for h in strong if h.value == colour]
            if mine and all(_describes(t, h, drafts, j) for h in mine):
                theirs = {h.value for h in per_party_sig.get(j, [])} | {colour}
                if {"green", "red"} <= theirs:
                    continue
                per_party_sig[j] = sorted(per_party_sig.get(j, []) + mine, key=lambda h: h.start)
                per_party_sig[i] = [h for h in hs if h not in mine]
                break
    # A colour said again in a sentence that names nobody, when it is already the other party's own
    # ("할머니가 파란불에 건너시는데 … 파란불은 그때도 켜져 있었어요"): a repetition of that light.
    named = [m.start for d in drafts for m in d.mentions]
    bare = [(s, e) for s, e in sentences(t) if not any(s <= x < e for x in named)]
    for i, j, hs, strong in _read_both_colours(t, per_party_sig):
        their_hits = _strong_colours(t, per_party_sig.get(j, []))
        theirs = {h.value for h in their_hits}
        for colour in ("green", "red"):
            other = "red" if colour == "green" else "green"
            mine = [h for h in strong if h.value == colour]
            # said again: after the other party's own (not "아직 빨간불일 때 건너기 시작했어요. … 빨간불 무시하고
            # 직진해 온 승용차", where the walker's red comes first)
            first_theirs = min((h.start for h in their_hits if h.value == colour), default=len(t))
            said_again = all(any(s <= h.start < e for s, e in bare) and h.start > first_theirs for h in mine)
            if colour in theirs and other not in theirs and said_again:
                per_party_sig[j] = sorted(per_party_sig.get(j, []) + mine, key=lambda h: h.start)
                per_party_sig[i] = [h for h in hs if h not in mine]
                break
    _split_named_colour(t, per_party_sig, drafts)
    _split_leading_colour(t, per_party_sig, drafts)


def _named_before(t: str, h: _Hit, drafts: list[PartyDraft]) -> int | None:
    """The party whose name, as the subject, stands right before the colour `h` ("트럭이 빨간불에")."""
    for k, d in enumerate(drafts):
        for m in d.mentions:
            if m.end <= h.start and h.start - m.end <= 4 and _NAME_GAP.fullmatch(t[m.end : h.start]):
                return k
    return None


def _opens_clause_of(t: str, h: _Hit, drafts: list[PartyDraft], i: int) -> bool:
    """`h` opens a clause whose subject is party `i`: the next party named after it, within the clause, is `i`,
    not as an object ("…에 직진하던 청구차량이", not "…에 지나와서 저를")."""
    after = [(m.start, k, m) for k, d in enumerate(drafts) for m in d.mentions if m.start >= h.end]
    if not after:
        return False
    nxt, who, m = min(after, key=lambda x: x[0])
    tail = t[m.end : m.end + 2]
    obj = m.particle in ("을", "를") or tail.startswith(("을", "를"))
    return who == i and not obj and _describes(t, h, drafts, i)


def _split_named_colour(t: str, per_party_sig: dict[int, list[_Hit]], drafts: list[PartyDraft]) -> None:
    """One party read with both green and red where a colour stands right after a party's name, its subject
    ("저는 빨간불에 건넜고, 상대는 초록불에 지나와서 저를 쳤어요"; "파란불 보고 건넜는데 트럭이 빨간불에 지나가면서"):
    a colour right after the other party's name is that party's; when one colour stands right after this
    party's own name, the other colour, said with no name before it, is the other party's. Moves only when
    the other party is then left with one of green and red."""
    if len(drafts) != 2:
        return
    for i, j, hs, strong in _read_both_colours(t, per_party_sig):
        lo, hi = min(h.start for h in strong), max(h.end for h in strong)
        paired = any(0 <= b.start - a.end <= 3 and a.value != b.value for a in strong for b in strong)
        if paired or _ALTERNATIVE.search(t[lo:hi]):
            continue  # "보행자 녹색(적색)신호", "녹색/적색": either light, not one party's two
        named = [(h, _named_before(t, h, drafts)) for h in strong]
        moved = [h for h, k in named if k == j]
        own_colours = {h.value for h, k in named if k == i}
        change = _SIGNAL_CHANGE.search(t[lo : hi + 20]) or _TIME_POINT.search(t[lo : hi + 20])
        if not moved and len(own_colours) == 1 and not change:  # "파란불에 건너기 시작했고 빨간불로 바뀐": one light
            # … unless the colour opens a clause whose subject is this party ("적색신호에 직진하던 청구차량이"; not
            # its object: "초록불에 사거리 지나와서 저를 쳤고요")
            moved = [h for h, k in named if k is None and h.value in ("green", "red") and h.value not in own_colours
                     and not _opens_clause_of(t, h, drafts, i)]
        theirs = {h.value for h in _strong_colours(t, per_party_sig.get(j, []))}
        if not moved or {"green", "red"} <= theirs | {h.value for h in moved}:
            continue
        per_party_sig[j] = sorted(per_party_sig.get(j, []) + moved, key=lambda h: h.start)
        per_party_sig[i] = [h for h in hs if h not in moved]
        return


def _split_leading_colour(t: str, per_party_sig: dict[int, list[_Hit]], drafts: list[PartyDraft]) -> None:
    """One party read with both green and red where one colour comes first and the other colour stands
    between it and the party's name ("초록불에 가는데 빨간불에 건너온 할머니를", "빨간불인 걸 알았고 초록불 받고
    오던 학생을"): the colour nearest the name is that party's, the earlier one the other party's — a
    subject left unsaid is the writer's side. Moves only when the other party has no green or red of its own
    and the party is not named before the first colour in that sentence."""
    if len(drafts) != 2:
        return
    for i, j, hs, strong in _read_both_colours(t, per_party_sig):
        if any(h.value in ("green", "red") for h in _strong_colours(t, per_party_sig.get(j, []))):
            continue
        first = min(strong, key=lambda h: h.start)
        later = [h for h in strong if h.value != first.value and h.start > first.end]
        after = [(m.start, k) for k, d in enumerate(drafts) for m in d.mentions if m.start >= first.end]
        if not later or not after:
            continue
        nxt, who = min(after)
        start = next((s for s, e in sentences(t) if s <= first.start < e), 0)
        same = any(s <= first.start and nxt < e for s, e in sentences(t))
        # a party named before the first colour in its sentence is that colour's subject ("저는 빨간불에 …")
        named_before = any(start <= m.start < first.start for m in drafts[i].mentions)
        if who == i and same and not named_before and any(h.end <= nxt for h in later):
            mine = [h for h in strong if h.value == first.value and h.end <= min(h2.start for h2 in later)]
            per_party_sig[j] = sorted(per_party_sig.get(j, []) + mine, key=lambda h: h.start)
            per_party_sig[i] = [h for h in hs if h not in mine]
            return


def _describes(t: str, h: _Hit, drafts: list[PartyDraft], j: int) -> bool:
    """`h` belongs to the clause of party `j`: the next party named after it, within the same clause, is `j`
    ("빨간불에 뛰어든 아이를", "빨간불에 사람이 건너고")."""
    after = [(m.start, k) for k, d in enumerate(drafts) for m in d.mentions if m.start >= h.end]
    if not after:
        return False
    nxt, who = min(after)
    seg = t[h.end : nxt]
    return who == j and len(seg) <= 25 and not _CLAUSE_BREAK.search(seg)


def _contradictions(t: str, pf: list[PartyFacts], per_party_sig: dict[int, list[_Hit]]) -> list[str]:
    """What the description says two ways: one party's light in two colours, or an act each side says the
    other did (no chart role can be given it, so the engine asks rather than guess a side)."""
    out: list[str] = []
    if (d := _DISPUTED.search(t)) and not negated(t, d.start(), d.end()):
        out.append("양측이 서로 상대가 했다고 주장하는 행위가 있습니다 (\"" + d.group(0)[:40] + "\"). "
                   "누가 했는지 확인해 주세요.")
    for i, hs in per_party_sig.items():
        strong = _strong_colours(t, hs)
        colors = {h.value for h in strong if h.value in ("green", "red", "yellow")}
        if len(colors) < 2 or ("green" not in colors or "red" not in colors):
            continue
        lo = min(h.start for h in strong)
        hi = max(h.end for h in strong)
        window = t[lo : hi + 20]
        if _SIGNAL_CHANGE.search(window) or _ALTERNATIVE.search(t[lo:hi]) or _TIME_POINT.search(window):
            continue
        if pf[i].type != "pedestrian" and _WALK_LIGHT.search(window):
            continue  # the other colour is the pedestrian light's, not this vehicle's
        names = "·".join(_KOR_COLOR[c] for c in ("green", "yellow", "red") if c in colors)
        out.append(f"{pf[i].name}의 신호가 {names}으로 서로 다르게 기술되어 있습니다. 실제 신호를 확인해 주세요.")
    return out


__all__ = ["extract_facts", "Mention", "PartyDraft"]


def _stated_speeding(
    masked: str, secondary: list[tuple[int, int]], own, targets
) -> list[tuple[str, tuple[int, int], int]]:
    """Speeding stated as a limit and a speed ("제한속도 50km/h 도로에서 시속 90km로", "제한 60인데 100 넘게
    밟았"): (과속20 or 과속, span of the speed, party) for each stated speed above the one limit stated in
    its sentence. The party is the one whose clause holds the speed; a speed at or under the limit, a
    lone number or a sentence with two different limits yields nothing."""
    out: list[tuple[str, tuple[int, int], int]] = []
    for a, b in sentences(masked):
        part = masked[a:b]
        limits = [
            (m.start("v"), m.end("v"), int(m.group("v"))) for p in _SPEED_LIMIT for m in p.finditer(part)
        ]
        values = {v for _, _, v in limits}
        if len(values) != 1:
            continue
        limit = values.pop()
        if limit % 10 or not 20 <= limit <= 130:
            continue  # Korean limits are whole tens from 20 to 130 km/h: anything else is no limit
        seen: set[int] = set()
        for p in _SPEED_ACTUAL:
            for m in p.finditer(part):
                vs, ve, v = m.start("v"), m.end("v"), int(m.group("v"))
                if vs in seen or any(ls < ve and vs < le for ls, le, _ in limits):
                    continue  # the limit's own number is not a speed
                seen.add(vs)
                s, e = a + m.start(), a + m.end()
                if v <= limit or v > 300 or negated(masked, s, e) or denied(masked, e):
                    continue
                if any(x <= s < y for x, y in secondary):
                    continue
                key = "과속20" if v - limit >= _SPEEDING_GRAVE_KMH else "과속"
                at = s
                paren = masked.rfind("(", a, s)
                if paren > a and ")" not in masked[paren:s] and targets(own(paren - 1)):
                    at = paren - 1  # "택시(제한 50 구간에서 80으로 주행)와": the aside is about the name before it
                out.extend((key, (s, e), i) for i in targets(own(at)))
    return out
