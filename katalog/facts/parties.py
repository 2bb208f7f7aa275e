"""Who is in the text, and which stretch of text talks about whom.

1. `find_mentions` lists every mention of a road user: labels (청구차량/피청구차량, A차량/B차량),
   first person (제 차, 저는, 자전거로 …), the other side (상대방, 앞차, 뒤차 …), typed nouns
   (보행자, 오토바이, 버스 …), generic 차/차량, and "both" phrases (양쪽 다, 두 차 …).
2. `cluster` turns mentions into at most a few parties in a stable order (given names, else
   청구 before 피청구, A before B, first person before the other side, else order of mention).
3. `assign_owners` gives each character of the text an owner party: within a sentence, the text
   between two mentions of different parties is split at the last clause connective when it ends
   in a relative clause ("…직진하던 중 | 우측도로에서 적색신호에 직진하는 피청구차량과"), because in
   Korean a modifier before a noun belongs to that noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from katalog import regex_cache
from katalog.facts.lexicon import TYPE_CUES
from katalog.facts.text import cre, sentences
from katalog.standard.schema import normalize_name
from katalog.vocab import load

#: How a party is named (data/vocab/parties.yaml) and how clauses are joined (data/vocab/clauses.yaml).
_P = load("parties")
_C = load("clauses")

BOTH = -1  # owner value: the cue is about both parties
#: The possessive particle ("피청구차량의 선진입", "차의 현저한 과실").
POSSESSIVE = "의"

# Mention kinds
LABEL_CLAIM, LABEL_RESP, LABEL_A, LABEL_B = "claimant", "respondent", "A", "B"
SELF, OTHER, TYPED, GENERIC, BOTHK = "self", "other", "typed", "generic", "both"
SCENERY = "scenery"  # a road user standing by the road that the writer passes: no party

#: Mention patterns in priority order (an earlier one wins a tie in start and length).
_PATTERNS: tuple[tuple[str, str], ...] = tuple(_P.pairs([
    "respondent_label", "claimant_label", "label_a", "label_b", "both_parties", "self", "self_riding", "other",
    "plural_vehicles", "typed", "generic",
]))
assert {k for k, _ in _PATTERNS} == {
    LABEL_CLAIM, LABEL_RESP, LABEL_A, LABEL_B, SELF, OTHER, TYPED, GENERIC, BOTHK, SCENERY}

_PARTICLE = _P.regex("particle")
_OWN_PARTICLE = _P.regex("own_particle")
#: how a self_riding mention ends ("자전거로", "킥보드 타고", "오토바이 몰고"): the rider is the clause's subject
_RIDING_ENDS = ("로", "타고", "몰고", "몰다가", "몰면서")
#: the adnominal of riding before a first-person pronoun ("오토바이 탄 저를"): it names the writer's vehicle, and
#: the pronoun after it carries the particle
_RIDING_ADNOMINAL = ("탄", "타던", "있던", "몰던")
_PAREN = re.compile(r"\s?[(\[]\s?([^)\]]{1,12})\s?[)\]]")
_SUBJ = set(_P.patterns("subject_particles"))
_NONSUBJ = set(_P.patterns("nonsubject_particles"))

_STRONG = _C.regex("strong_connective")
_PRE_STRONG = _C.regex("pre_strong_connective")
_WEAK = _C.regex("weak_connective")
_GOING_CHAIN = _C.regex("going_chain")
_ORIGIN_END = _C.regex("origin_end")
_ADNOMINAL_END = _C.regex("adnominal_end")
_PAST_THEN_RELATIVE = _C.regex("past_then_relative")
_STOP_COLOUR_CONCESSIVE = _C.regex("stop_colour_concessive")
_STOP_COLOUR_GOER = _C.regex("stop_colour_goer")
_LIGHT_CHANGE_ON = _C.regex("light_change_on")
_STOP_THEN_HIT = _C.regex("stop_then_hit")
_BOTH_TAIL = _C.regex("both_tail")
_SCENE_LOC = _C.regex("scene_location")
_INTO = _C.regex("into")
_PARTY_LOC = _C.regex("party_location")
_LAY_FIRST_PERSON = _P.regex("lay_first_person")
_CASUAL_FIRST_PERSON = _P.regex("casual_first_person")
_OWN_POSSESSIVE = _P.regex("own_possessive")


@dataclass
class Mention:
    start: int
    end: int
    kind: str
    surface: str
    type: str | None = None  # road-user type read from the mention or its (note)
    particle: str = ""
    party: int | None = None
    #: a scenery mention's stretch of text that is nobody's (`scenery`)
    blank: tuple[int, int] | None = None


@dataclass
class PartyDraft:
    name: str
    role: str  # self / other / label kinds / typed / generic / default
    type: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    implicit: bool = False


def _type_of(text: str) -> str | None:
    for typ, pat in TYPE_CUES:
        if cre(pat).search(text):
            return typ
    return None


def _particle_past_note(text: str, mn: Mention) -> re.Match[str] | None:
    """The particle after mention `mn`, also past a note in brackets that names no road user ("아들(12살)이",
    "트럭(5톤)을"), or one with a comma in it ("피해자(여, 78세) 충격"): the note is the mention's, so `mn.end` moves
    past it. (Not past the bracket closing a name given inside a label, "피의차량(K3)이": measured, that moved
    more police-style rows' clauses wrongly.)"""
    pm = _PARTICLE.match(text, mn.end)
    if pm is None and (paren := _PAREN.match(text, mn.end)):
        pm = _PARTICLE.match(text, paren.end())
        if pm is not None or "," in paren.group(1):
            mn.end = paren.end()  # "피해자(여, 78세) 충격": the comma in the note ends no clause
    return pm


_THIRD_RIDER = _P.regex("third_person_rider")
_TYPED_PAT = dict(_PATTERNS)[TYPED]


def _ridden_by_another(text: str, mn: Mention) -> bool:
    """Turn a riding mention ("킥보드를 타고") whose rider is a person named just before it ("만취한 남자가 |
    킥보드를 타고") into that road user's typed mention, the rider's subject: it is no writer riding."""
    if not _THIRD_RIDER.search(text, max(0, mn.start - 30), mn.start) or not (
            tm := cre(_TYPED_PAT).match(mn.surface)):
        return False
    mn.kind, mn.surface, mn.end, mn.particle = TYPED, tm.group(0), mn.start + tm.end(), "가"
    return True


def find_mentions(text: str) -> list[Mention]:
    """Every non-overlapping road-user mention, earliest and then longest first."""
    found: list[Mention] = []
    for prio, (kind, pat) in enumerate(_PATTERNS):
        for m in cre(pat).finditer(text):
            if m.end() <= m.start():
                continue
            found.append(Mention(m.start(), m.end(), kind, m.group(0)))
            found[-1].particle = str(prio)  # temporary priority holder
    found.sort(key=lambda x: (x.start, -(x.end - x.start), int(x.particle)))
    out: list[Mention] = []
    last_end = -1
    for mn in found:
        if mn.start < last_end:
            continue
        out.append(mn)
        last_end = mn.end
    particle_end: dict[int, int] = {}
    for mn in out:
        if mn.kind == SCENERY:
            _plural_blank(text, mn)
            continue
        mn.type = _type_of(mn.surface)
        paren = _PAREN.match(text, mn.end)
        if paren and mn.kind in (LABEL_CLAIM, LABEL_RESP, LABEL_A, LABEL_B, GENERIC, OTHER, SELF):
            t = _type_of(paren.group(1))
            if t:
                mn.type = t
                mn.end = paren.end()
    out = _absorb_appositions(text, out)
    for mn in out:
        pm = _particle_past_note(text, mn)
        mn.particle = pm.group(1) if pm else ""
        if pm is not None:
            particle_end[id(mn)] = pm.end()
        if mn.kind == SELF and _ridden_by_another(text, mn):
            continue
        if mn.kind == SELF and mn.surface.rstrip().endswith(_RIDING_ENDS):
            mn.particle = "로"
        elif mn.kind == SELF and (own := _OWN_PARTICLE.search(mn.surface)):
            mn.particle = own.group(1)  # "저는", "제가": the particle is part of the mention
        elif mn.kind == SELF and not mn.particle and mn.surface.strip() in ("나", "저"):
            mn.particle = "를"  # "차가 나 치고 감": a bare pronoun is only a mention as 치다's object
    # "킥보드 탄 아이가": the rider the particle reached over is the vehicle's party, no road user of its own
    ends = [particle_end.get(id(mn), mn.end) for mn in out]
    out = [mn for i, mn in enumerate(out) if not any(mn.start < ends[j] for j in range(i))]
    return _drop_drivers(text, [mn for mn in out if _out_of_the_car(text, mn) and _kin_on_the_road(text, mn)])


_BARE_DRIVER = re.compile(r"(?:운전자|운전기사|동승자|탑승자|차주)(?:분|님)?")
_ALIGHTED = _P.regex("alighted")
_HIT_AFTER_OUT = _P.regex("hit_after_out")


def _out_of_the_car(text: str, mn: Mention) -> bool:
    """False for a bare driver or passenger (운전자, 동승자) who is no road user of their own: one is only when their
    sentence says they got out ("차에서 내려서 … 가던 운전자를", "내린 운전자가", "차 밖으로 나와 있던 운전자를") and
    goes on to a hit ("… 뒤에서 오던 차가 쳤음"); else the word is the vehicle's driver ("운전자가 내려서 사과함")."""
    if mn.kind != TYPED or not _BARE_DRIVER.fullmatch(mn.surface.strip()):
        return True
    s0 = max([0] + [k + 1 for k in range(max(0, mn.start - 60), mn.start) if text[k] in ".!?\n"])
    s1 = next((k for k in range(mn.end, min(len(text), mn.end + 40)) if text[k] in ".!?\n"), min(len(text), mn.end + 40))
    return bool(_ALIGHTED.search(text, max(s0, mn.start - 40), s1)) and bool(_HIT_AFTER_OUT.match(text, mn.end))


_KIN = re.compile(r"(?:(?:우리|저희|제|내)\s?)?(?:아들|딸|딸아이|아들내미|아버지|어머니|엄마|아빠|남편|아내|와이프|친구|동생|남동생"
                  r"|여동생|손자|손녀|조카|누나|언니|오빠|아기|애기)(?:님|분)?")
_KIN_ON_THE_ROAD = _P.regex("kin_on_the_road")
_POSSESSED_KIN = re.compile(r"^(?:우리|저희|제|내)\s?(?=(?:아들|딸|아버지|어머니|엄마|아빠|남편|아내|와이프|친구|동생|손자|손녀|조카|누나"
                            r"|언니|오빠|아기|애기|애|아이|할머니|할아버지))")
_KIN_RIDES_NEXT = _P.regex("kin_rides_next")


def _sentence_of(text: str, mn: Mention) -> tuple[int, int]:
    s0 = max([0] + [k + 1 for k in range(mn.start) if text[k] in ".!?\n"])
    s1 = next((k for k in range(mn.end, len(text)) if text[k] in ".!?\n"), len(text))
    return s0, s1


def _kin_on_the_road(text: str, mn: Mention) -> bool:
    """False for a kin word (아들, 남편, 어머니 …) whose sentence has them neither on foot, riding nor hit: someone
    beside the accident ("아내가 놀라서 병원에 갔어요"), no party; "우리 아들을 택배차가 쳤어요" is one."""
    if mn.kind != TYPED or not _KIN.fullmatch(mn.surface.strip()):
        return True
    if _KIN_RIDES_NEXT.match(text, mn.end):
        return False  # "아들이 자전거 타고": the bicycle is the party, ridden by them
    s0, s1 = _sentence_of(text, mn)
    return _KIN_ON_THE_ROAD.search(text, s0, s1) is not None


def _absorb_appositions(text: str, mentions: list[Mention]) -> list[Mention]:
    """A side label's road user named in brackets or right after it ("피의차량(택시)은", "피의차량 택시는",
    "피해차량 승용차와") is the label's party, not a party of its own: the label takes its type and span.
    Mentions inside a bracket a mention took over are dropped too."""
    kept: list[Mention] = []
    for mn in mentions:
        prev = kept[-1] if kept else None
        if prev is not None and mn.start < prev.end:
            continue  # inside the bracket the previous mention took ("피의차량(택시)")
        if (prev is not None and prev.kind == OTHER and mn.kind in (SELF, OTHER, TYPED, GENERIC)
                and _APPOSITIVE_IN.fullmatch(text, prev.end, mn.start)):
            # "앞차인 제 차랑 뒤차가", "후행차인 제 차가": a side or place named as what the next mention *is*
            # is that mention's party (the writer here), not a party of its own; the span keeps the word
            mn.start = prev.start
            kept[-1] = mn
            continue
        if (prev is not None and prev.kind == OTHER and _THIRD_PERSON_LABEL.match(prev.surface.strip())
                and mn.kind in (TYPED, GENERIC) and mn.start > prev.end and text[prev.end : mn.start].strip() in ("", "(", "[")):
            paren = _PAREN.match(text, prev.end)
            prev.end = paren.end() if paren and paren.end() >= mn.end else mn.end
            prev.type = mn.type or prev.type
            continue
        kept.append(mn)
    return kept


#: the copula joining an appositive to its head ("앞차인 제 차", "선행차량인 상대 차")
_APPOSITIVE_IN = re.compile(r"인\s?")
_PLURAL_AFTER = _C.regex("plural_standing_after")
_PLURAL_BEFORE = _C.regex("plural_standing_before")


def _plural_blank(text: str, mn: Mention) -> None:
    """Vehicles named in the plural are scenery (parties.yaml plural_vehicles): their standing words after or
    before them ("차들이 | 주차돼 있어서", "줄지어 서 있는 | 차들") are nobody's, so no party stops or parks; a
    jam in between ("차들이 꽉 막혀서 | 서 있길래") stays the passer's."""
    if am := _PLURAL_AFTER.match(text, mn.end):
        mn.blank = (am.start("stand"), am.end())
    elif bm := _PLURAL_BEFORE.search(text, max(0, mn.start - 30), mn.start):
        mn.blank = (bm.start(), mn.end)
    else:
        mn.blank = (mn.start, mn.end)


_DRIVES_THE_NEXT = _P.regex("drives_the_next")
_DRIVER_PARTICLES = ("이", "가", "께서", "은", "는")


def _is_person(surface: str) -> bool:
    """A road user named as a person (사람, 아저씨, 남자 …), not as a vehicle."""
    t = _type_of(surface)
    return t == "pedestrian" or (t is None and not _VEHICLE_NAME.search(surface)
                                 and _PERSON_STEM.match(surface.strip() + " ") is not None)


def _drop_drivers(text: str, mentions: list[Mention]) -> list[Mention]:
    """Without the person who drives or rides the vehicle named right after them ("아저씨가 운전하던 트럭이",
    "할아버지가 몰던 경운기를", "아이가 타던 킥보드가"): the person is the vehicle's driver, not a party of their
    own, and the relative clause before the vehicle is the vehicle's."""
    out: list[Mention] = []
    for k, m in enumerate(mentions):
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if (
            nxt is not None and m.kind == TYPED and m.particle in _DRIVER_PARTICLES
            and nxt.kind in (TYPED, GENERIC) and nxt.type != "pedestrian" and _is_person(m.surface)
            and _DRIVES_THE_NEXT.fullmatch(text, _after_particle(text, m), nxt.start)
        ):
            continue
        out.append(m)
    return out


def _label_name(kind: str, mentions: list[Mention]) -> str:
    surf = normalize_name(mentions[0].surface) if mentions else ""
    if kind == LABEL_CLAIM:
        return surf.replace("측", "") or "청구차량" if surf.startswith("청구") else "청구차량"
    if kind == LABEL_RESP:
        return surf.replace("측", "") or "피청구차량" if surf.startswith("피청구") else "피청구차량"
    return mentions[0].surface.replace(" ", "") if mentions else kind


_SELF_NAMES = [(name, regex_cache.compile(pat)) for name, pat in _P.pairs(["name_jeo", "name_na", "name_bonin"])]
_RIDING_SUFFIX = _P.regex("riding_suffix")


def _self_name(m: Mention) -> str:
    s = m.surface.strip()
    for name, pat in _SELF_NAMES:  # a pronoun ("저는", "내가") names the writer by its stem
        if pat.fullmatch(s):
            return name
    if s.endswith(_RIDING_ENDS + _RIDING_ADNOMINAL):
        return _RIDING_SUFFIX.sub("", s)
    return s


_STANDING_PASSED = _C.regex("standing_passed")
_STANDING_BEFORE = _C.regex("standing_before")
_STANDING_PLACE = _C.regex("standing_place")
_STANDING_AVOIDED = _C.regex("standing_avoided")
_PASS_STANDING = _C.regex("pass_standing")


def _standing_span(text: str, m: Mention) -> tuple[int, int, int] | None:
    """(start, end of the standing words, end of the writer's way past) when mention `m` stands by the road as
    what the writer passes ("트럭이 서 있어서 | 옆으로 지나가는데", "주차된 트럭 때문에 | 중앙선을 넘어",
    "정차해 있던 버스를 피해서"), else None."""
    if (sm := _STANDING_PASSED.match(text, m.end)) and (pm := _PASS_STANDING.match(text, sm.end())):
        place = _STANDING_PLACE.search(text, max(0, m.start - 12), m.start)
        return place.start() if place else m.start, sm.end(), pm.end()
    bm = _STANDING_BEFORE.search(text, max(0, m.start - 30), m.start)
    if bm is None or bm.end() != m.start or (am := _STANDING_AVOIDED.match(text, m.end)) is None:
        return None
    if am.group(0).strip() in ("때문에", "땜에", "탓에"):
        pm = _PASS_STANDING.match(text, am.end())
        return (bm.start(), am.end(), pm.end()) if pm else None
    return bm.start(), m.end, am.end()


def scenery(text: str, mentions: list[Mention], given: list[str] | None = None) -> list[Mention]:
    """Mentions of a vehicle standing by the road that the writer only passes ("트럭이 서 있어서 옆으로
    지나가는데 반대편에서 온 차랑 부딪혔어요"): the truck is scenery, the writer and the oncoming car are the
    parties. Only a typed or generic road user named nowhere else (a standing bus that then pulls out is a party),
    with no other subject between it and the writer's way past, and with another road user left to be the
    writer's counterpart; never a name the caller gave. Each returned mention gets `blank`, the standing words."""
    out: list[Mention] = []
    for m in mentions:
        if m.kind not in (TYPED, GENERIC) or (span := _standing_span(text, m)) is None:
            continue
        key = normalize_name(m.surface)
        if given and any(key and (key in normalize_name(g) or normalize_name(g) in key) for g in given):
            continue
        again = [x for x in mentions if x is not m and (
            normalize_name(x.surface) == key or (m.type not in (None, "car") and x.type == m.type)
            if m.kind == TYPED else x.kind == GENERIC)]
        # named again only as the place passed ("트럭이 서 있어서 | 트럭 옆으로 지나가다가", "버스를 피해서"):
        # the same standing vehicle, scenery too
        passed = [x for x in again if x.particle in _OBJ | {"", POSSESSIVE} and (
            _BESIDE_THE_LEFT.match(text, x.end) or _STANDING_AVOIDED.match(text, x.end))]
        between = [x for x in mentions if m.end <= x.start < span[2] and x.kind != SELF and x.particle in _SUBJ]
        if len(passed) < len(again) or between:
            continue
        if not given and not any(x is not m and all(x is not y for y in passed) and x.kind in (TYPED, GENERIC, OTHER)
                                 for x in mentions):
            continue
        m.blank = (span[0], span[1])
        out += [m] + passed
    out += _left_behind(text, [m for m in mentions if all(m is not x for x in out)], given)
    out += _walked_around(text, [m for m in mentions if all(m is not x for x in out)], given)
    out += _jammed(text, [m for m in mentions if all(m is not x for x in out)])
    out += _followed(text, [m for m in mentions if all(m is not x for x in out)], given)
    return out + _overtaken(text, [m for m in mentions if all(m is not x for x in out)], given)


_OVERTAKEN_OBJECT = _C.regex("overtaken_object")


def _overtaken(text: str, mentions: list[Mention], given: list[str] | None) -> list[Mention]:
    """Mentions of a moving vehicle a party only overtakes ("중앙선 넘어서 앞차 추월하다가 맞은편에서 오던 차랑
    정면충돌"): the car passed is traffic, the one hit after it the counterpart. Only an object (or a bare noun)
    named nowhere else, with a road user other than the writer named after it; never a name the caller gave.
    Their `blank` stays None: the overtaking is the overtaker's."""
    out: list[Mention] = []
    for k, m in enumerate(mentions):
        if m.kind not in (TYPED, GENERIC, OTHER) or _is_person(m.surface):
            continue
        if not _OVERTAKEN_OBJECT.match(text, m.end) or m.particle not in _OBJ | {""}:
            continue
        key = normalize_name(m.surface)
        if given and any(key and (key in normalize_name(g) or normalize_name(g) in key) for g in given):
            continue
        if any(x is not m and normalize_name(x.surface) == key for x in mentions):
            continue  # "앞차를 추월하려는데 앞차가 좌회전": the car passed is the counterpart
        if not any(x.kind in (TYPED, GENERIC, OTHER) for x in mentions[k + 1:]):
            continue  # "오토바이 추월하다가 내 차 박음": nobody else to be the counterpart
        out.append(m)
    return out


_ALIGHTED_FROM = _C.regex("alighted_from")
_AFOOT_AFTER_ALIGHTING = _C.regex("afoot_after_alighting")
_BESIDE_THE_LEFT = _C.regex("beside_the_left")


_FOLLOWED_AHEAD = _C.regex("followed_ahead")
_TRAFFIC_JAM = _C.regex("traffic_jam")


def _jammed(text: str, mentions: list[Mention]) -> list[Mention]:
    """A bare 차 that only tells of heavy traffic ("차가 밀려서 앞차 따라 교차로 들어갔는데"): no party, its jam
    words (`blank`) nobody's clause. Only the first mention of a bare 차, with two other road users or the
    writer and one more left to be the parties."""
    out: list[Mention] = []
    for m in mentions:
        if m.kind != GENERIC or (jm := _TRAFFIC_JAM.match(text, m.end)) is None:
            continue
        if any(x.kind == GENERIC and x.end <= m.start for x in mentions):
            continue
        rest = [x for x in mentions if x is not m and x.kind in (TYPED, GENERIC, OTHER, SELF)]
        if len(rest) < 2:
            continue
        m.blank = (m.start, jm.end())
        out.append(m)
    return out


def _followed(text: str, mentions: list[Mention], given: list[str] | None) -> list[Mention]:
    """Mentions of a vehicle ahead that a party only follows ("앞차 따라 초록불에 교차로 들어갔는데 … 옆 도로에서
    출발한 차가 제 차 옆을 받았어요"): no party, and the following words ("초록불에 교차로 들어갔는데") stay the
    follower's (`blank` None). Only a vehicle named nowhere else (one that then brakes or is hit is a party)
    and with another road user left to be the follower's counterpart; never a name the caller gave."""
    out: list[Mention] = []
    for m in mentions:
        if m.kind not in (TYPED, GENERIC, OTHER) or _is_person(m.surface) or m.particle not in ("", *_OBJ):
            continue
        if not _FOLLOWED_AHEAD.match(text, _after_particle(text, m)):
            continue
        key = normalize_name(m.surface)
        if given and any(key and (key in normalize_name(g) or normalize_name(g) in key) for g in given):
            continue
        if any(x is not m and normalize_name(x.surface) == key for x in mentions):
            continue
        if not any(x is not m and x.kind in (TYPED, GENERIC, OTHER) for x in mentions):
            continue
        out.append(m)
    return out


_WALKED_AROUND = _C.regex("walked_around")
_WALKED_AROUND_STANDING = _C.regex("walked_around_standing")


def _walked_around(text: str, mentions: list[Mention], given: list[str] | None) -> list[Mention]:
    """Mentions of a vehicle a walker goes around or comes out from ("정차한 버스 뒤로 돌아서 길을 건너다가 오던 차에
    치였어요", "주차된 트럭 앞으로 나와서 도로를 건너던 학생을 제 차가 쳤습니다"): the place the walker passes, not a
    party. Only a typed or generic road user every mention of which is such a place (one that then moves or is hit
    is a party: "그 트럭 뒤로 지나가던 저를 … 트럭이 후진"), with another road user left to be the walker's
    counterpart; never a name the caller gave. Its standing words before it ("정차한", "주차된") are nobody's."""
    out: list[Mention] = []
    for m in mentions:
        if m.kind not in (TYPED, GENERIC) or _is_person(m.surface) or not _WALKED_AROUND.match(text, m.end):
            continue
        key = normalize_name(m.surface)
        if given and any(key and (key in normalize_name(g) or normalize_name(g) in key) for g in given):
            continue
        same = [x for x in mentions if x is not m and (
            normalize_name(x.surface) == key if m.kind == TYPED else x.kind == GENERIC)]
        if any(not _BESIDE_THE_LEFT.match(text, x.end) for x in same):
            continue
        rest = [x for x in mentions if x is not m and all(x is not y for y in same) and x.kind in (TYPED, GENERIC, OTHER)]
        if not rest:
            continue
        # the standing words before it and its name are nobody's (not a stop of the walker's, nor a truck the
        # walker rides); the way around it ("뒤로 돌아서") stays the walker's
        bm = _WALKED_AROUND_STANDING.search(text, max(0, m.start - 30), m.start)
        m.blank = (bm.start() if bm is not None and bm.end() == m.start else m.start, m.end)
        out += [m, *same]
    return out


def _left_behind(text: str, mentions: list[Mention], given: list[str] | None) -> list[Mention]:
    """Mentions of a vehicle someone got out of and then walked from ("택시에서 내려서 택시 뒤로 돌아 길을
    건너다가 뒤에서 오던 차에 치였어요"): the taxi is where the walker started, not a party; so are its later
    mentions by the same name (TYPED) or, for a bare 차, as the place the walker passes ("차 뒤쪽으로").
    Only when another road user is left to be the walker's counterpart; never a name the caller gave.
    Their `blank` stays None: the getting out and the walking are the walker's."""
    out: list[Mention] = []
    for k, m in enumerate(mentions):
        if m.kind not in (TYPED, GENERIC) or _is_person(m.surface) or any(m is x for x in out):
            continue
        am = _ALIGHTED_FROM.match(text, m.end)
        if am is None or not _AFOOT_AFTER_ALIGHTING.match(text, am.end()):
            continue
        key = normalize_name(m.surface)
        if given and any(key and (key in normalize_name(g) or normalize_name(g) in key) for g in given):
            continue
        same = [m] + [x for x in mentions[k + 1:] if x.kind == m.kind and (
            normalize_name(x.surface) == key or (m.type not in (None, "car") and x.type == m.type)
            if m.kind == TYPED else _BESIDE_THE_LEFT.match(text, x.end) is not None)]
        rest = [x for x in mentions if all(x is not y for y in same) and x.kind in (TYPED, GENERIC, OTHER)]
        if not rest:
            continue
        out += same
    return out


def cluster(text: str, mentions: list[Mention], given: list[str] | None) -> tuple[list[PartyDraft], list[Mention]]:
    """Parties in a stable order; each used mention gets `.party` (index or BOTH)."""
    # vehicles named in the plural are scenery from the start (find_mentions)
    plural = [m for m in mentions if m.kind == SCENERY]
    mentions = [m for m in mentions if m.kind != SCENERY]
    labels = [m for m in mentions if m.kind in (LABEL_CLAIM, LABEL_RESP, LABEL_A, LABEL_B)]
    both = [m for m in mentions if m.kind == BOTHK]
    parties: list[PartyDraft] = []
    used: list[Mention] = []
    standing = [] if labels else scenery(text, mentions, given)
    if standing:
        # the standing vehicle is no party; its mention stays (kind SCENERY, no party) so its standing words
        # are blanked from every party's clauses (`assign_owners`)
        mentions = [m for m in mentions if all(m is not x for x in standing)]
        for m in standing:
            m.kind = SCENERY
    scene = standing + plural

    if given:
        drafts, used = _cluster_given(text, mentions, given)
        return drafts, sorted(used + scene, key=lambda m: m.start)

    if labels:
        pair = (LABEL_CLAIM, LABEL_RESP) if any(m.kind in (LABEL_CLAIM, LABEL_RESP) for m in labels) else (LABEL_A, LABEL_B)
        for kind in pair:
            ms = [m for m in labels if m.kind == kind]
            default = {LABEL_CLAIM: "청구차량", LABEL_RESP: "피청구차량", LABEL_A: "A", LABEL_B: "B"}[kind]
            d = PartyDraft(_label_name(kind, ms) if ms else default, kind, mentions=ms)
            d.type = next((m.type for m in ms if m.type), None)
            parties.append(d)
        for i, d in enumerate(parties):
            for m in d.mentions:
                m.party = i
                used.append(m)
        for m in both:
            m.party = BOTH
            used.append(m)
        return parties, sorted(used + plural, key=lambda m: m.start)

    selfs = [m for m in mentions if m.kind == SELF]
    if selfs:
        for m in mentions:
            if _own_car(text, m, mentions):
                m.kind = SELF  # "갓길에 차 세우려고": the writer's car, not the counterpart
        selfs = [m for m in mentions if m.kind == SELF]
    others = [m for m in mentions if m.kind in (OTHER, TYPED, GENERIC)]
    if selfs:
        named = next((m for m in selfs if not _BARE_CAR.fullmatch(m.surface)), selfs[0])  # not the bare 차
        me = PartyDraft(_self_name(named), SELF, mentions=selfs)
        me.type = next((m.type for m in selfs if m.type), None)
        parties.append(me)
        if others:
            first_named = next((m for m in others if m.kind in (OTHER, TYPED)), others[0])
            name = first_named.surface.strip() if first_named.kind != GENERIC else "B"
            od = PartyDraft(name, OTHER, mentions=others)
            od.type = next((m.type for m in others if m.type), None)
            parties.append(od)
    else:
        # Third-person text: typed nouns cluster by type; generic 차/차량 form one cluster unless
        # coordinated with another generic ("좌회전 차량과 맞은편 직진 차량이").
        clusters: list[PartyDraft] = []
        by_type: dict[str, PartyDraft] = {}
        generic: list[PartyDraft] = []
        prev: Mention | None = None
        has_other_kind = False
        # "가해차량이 … 피해차량 후미를", "선행차량 … 후행차량이": two different side labels of an adjuster's
        # note are two parties (one label alone keeps clustering with the generic cars as before)
        heads = {_side_label(m) for m in others if m.kind == OTHER} - {None}
        pair_front_back = False
        # "앞차가 먼저 유턴하고 있는데 뒤차가 … 앞차를 받았다": a note naming both the car in front and the one
        # behind (no polite first-person ending) tells of those two, as 선행/후행 차량 would; one of them alone
        # is still seen from the writer ("뒤차가 박았어요")
        ahead_behind = {_front_back(m) for m in others} - {None}
        if ahead_behind == {"선행", "후행"} and not _LAY_FIRST_PERSON.search(text):
            heads |= ahead_behind
            pair_front_back = True
        by_label: dict[str, PartyDraft] = {}
        for m in others:
            labelled = _THIRD_PERSON_LABEL.match(m.surface.strip()) or (pair_front_back and _front_back(m))
            if m.kind == OTHER and not (labelled and len(others) > 1):
                # "가해차량이 … 보행자를 충격함": the at-fault label of a third-person note, with another road
                # user named, implies no writer (that would make a third, empty party)
                has_other_kind = True
            tag = _LATIN_TAG.match(m.surface) if m.kind == GENERIC else None
            if tag:
                # "SUV 차량 … BMW 차량": a model/type word names a vehicle of its own
                d = by_type.get(tag.group(1))
                if d is None:
                    d = PartyDraft(m.surface.strip(), TYPED, type=m.type)
                    by_type[tag.group(1)] = d
                    clusters.append(d)
            elif len(heads) >= 2 and (lab := _side_label(m, pair_front_back)) is not None:
                d = by_label.get(lab)
                if d is None:
                    d = PartyDraft(m.surface.strip().replace(" ", ""), OTHER, type=m.type)
                    by_label[lab] = d
                    clusters.append(d)
                    if m.type and m.type != "car":
                        by_type.setdefault(m.type, d)  # "피해차량(시내버스) … 버스를": the bus is that party
            elif len(heads) >= 2 and m.kind == GENERIC and _BARE_GENERIC.fullmatch(m.surface.strip()):
                continue  # "차량 진행 신호에 따라": beside two side labels a bare 차량 names no party of its own
            elif m.kind == TYPED:
                # "저희 딸이 … 딸을 쳤어요": a kin word with and without its possessive is one person
                tkey = m.type or _POSSESSED_KIN.sub("", m.surface.strip())
                d = by_type.get(tkey)
                if d is None:
                    d = PartyDraft(m.surface.strip().replace(" ", ""), TYPED, type=m.type)
                    by_type[tkey] = d
                    clusters.append(d)
            else:
                # "…자동차와 … 자동차가 진행 중인 차도로": a generic that only names a road is the same car
                if generic and (_names_a_road(text, m) or not (
                        prev is not None and prev in generic[-1].mentions
                        and (prev.particle in ("과", "와", "랑", "이랑") or _SHORTHAND_PAIR.search(text, prev.end, m.start))
                        and len(generic) == 1 and m.kind == GENERIC)):
                    d = generic[-1]
                else:
                    name = m.surface.strip() if m.kind == OTHER else "차량"
                    d = PartyDraft(name, OTHER if m.kind == OTHER else GENERIC, type=m.type)
                    generic.append(d)
                    clusters.append(d)
            d.mentions.append(m)
            prev = m
        if both and len(clusters) == 1 and clusters[0].role == GENERIC:
            # "우회전하는 차 두 대가": the generic car *is* both parties.
            for m in clusters[0].mentions:
                m.kind = BOTHK
                both.append(m)
            clusters = []
        parties.extend(clusters[:4])
        # one road user named in a lay account, polite or casual ("파란불이라 직진했는데 옆에서 트럭이 … 들어옴"):
        # the writer is the other party
        # a standing vehicle the writer passes implies the writer (not one left behind: "마을버스에서 하차한
        # 보행자가 버스 뒤로 …" is a note about the walker)
        # one road user named by type and the other seen from the writer's side ("아빠가 운전하던 봉고가 앞차를
        # 받았대요", "할머니가 … 상대 차에 치이셨어요"): the typed one is the writer's side, no third party
        told_for = not both and len(parties) == 2 and {p.role for p in parties} == {TYPED, OTHER}
        if (has_other_kind and not told_for) or any(m.blank is not None and not _WALKED_AROUND.match(text, m.end) for m in standing) or (not both and len(parties) < 2 and (
                not parties or _LAY_FIRST_PERSON.search(text) or _CASUAL_FIRST_PERSON.search(text)
                or _leading_own_clause(text, parties[0]))):
            parties.insert(0, PartyDraft("A", SELF, implicit=True))
        gens = [p for p in parties if p.role == GENERIC]
        for k, p in enumerate(gens):
            if len(gens) >= 2:
                p.name = "AB"[k] if k < 2 else f"차량{k + 1}"
            elif parties[0].implicit:
                p.name = "B"
            else:
                head = _GENERIC_HEAD.search(p.mentions[0].surface) if p.mentions else None
                p.name = {"차": "차량"}.get(head.group(1), head.group(1)) if head else "차량"

    while len(parties) < 2:
        parties.append(PartyDraft("A" if not parties else "B", "default", implicit=True))
    parties = parties[:4]
    _dedupe_names(parties)
    for i, d in enumerate(parties):
        for m in d.mentions:
            m.party = i
            used.append(m)
    for m in both:
        m.party = BOTH
        used.append(m)
    return parties, sorted(used + scene, key=lambda m: m.start)


_LEADING_CLAUSE = _C.regex("leading_own_clause")


def _leading_own_clause(text: str, only: PartyDraft) -> bool:
    """A terse note naming one road user after a clause of its own ("2차로에서 1차로로 차선 바꾸다 | 1차로로
    달려오던 차와 충돌", "녹색 신호에 직진 중, | 반대편 차량이 좌회전하여 충돌"): the clause closed by a connective
    before that road user's first mention is the unnamed writer's, as in a polite account."""
    if not only.mentions:
        return False
    first = min(m.start for m in only.mentions)
    s0 = max([0] + [k + 1 for k in range(first) if text[k] in ".!?\n"])
    return _LEADING_CLAUSE.search(text[s0:first]) is not None


_OWN_CAR_HANDLED = _P.regex("own_car_handled")
_BARE_CAR = re.compile(r"\s*(?:차|차량)\s*")


def _own_car(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """A bare 차 the writer handles ("우측 갓길에 차 세우려고 핸들 꺾었는데", "차 빼려고"): parties.yaml
    own_car_handled right after it, and no other party named as a subject before it in its sentence."""
    if m.kind != GENERIC or not _BARE_CAR.fullmatch(m.surface) or m.particle not in ("", "를", "을"):
        return False
    if not _OWN_CAR_HANDLED.match(text, m.end):
        return False
    s0 = next((a for a, b in sentences(text) if a <= m.start < b), 0)
    return not any(s0 <= x.start < m.start and x.kind != SELF and x.particle in _SUBJ for x in mentions)


_LATIN_TAG = _P.regex("latin_tag")
_BARE_GENERIC = re.compile(r"(?:차량|자동차|차)")
#: the separator of an adjuster's "X / Y" shorthand between two generics ("정차 후 출발차 / 진로변경차", "갓길로
#: 진로변경차 / 후행 갓길 직진차"): it coordinates them as 과/와 do
_SHORTHAND_PAIR = re.compile(r"\s/\s|(?<![A-Za-z])(?:vs|VS)\.?(?![A-Za-z])")
#: a side label of a third-person note with or without its vehicle ("가해차량", "가해자 차량", "피의차량", "가해자",
#: "피해 차량", "선행차량")
_THIRD_PERSON_LABEL = re.compile(
    r"(?:가해|피해|피의|선행|후행)\s?(?:자|측)?\s?(?:차량|자동차|차|자전거|이륜차|오토바이|킥보드|버스|트럭|택시|화물차|운전자)?$")


#: the car in front / behind ("앞차", "뒤 차량"), as a note's 선행/후행 차량
_FRONT_BACK = re.compile(r"(앞|뒤)\s?(?:차|차량)")


def _front_back(m: Mention) -> str | None:
    """선행 for a mention 앞차, 후행 for 뒤차, else None."""
    fb = _FRONT_BACK.fullmatch(m.surface.strip()) if m.kind == OTHER else None
    return None if fb is None else {"앞": "선행", "뒤": "후행"}[fb.group(1)]


def _side_label(m: Mention, front_back: bool = False) -> str | None:
    """The side label of an adjuster's party mention (가해/피해/피의/선행/후행 차량; with `front_back`, where
    `cluster` found a note's pair, 앞차/뒤차 as 선행/후행), else None."""
    if m.kind != OTHER:
        return None
    lm = _THIRD_PERSON_LABEL.match(m.surface.strip())
    return lm.group(0)[:2] if lm else (_front_back(m) if front_back else None)
_GENERIC_HEAD = _P.regex("generic_head")


def _dedupe_names(parties: list[PartyDraft]) -> None:
    seen: dict[str, int] = {}
    for p in parties:
        if p.name in seen:
            seen[p.name] += 1
            p.name = f"{p.name}{seen[p.name]}"
        else:
            seen[p.name] = 1


_SELF_NAME = _P.regex("self_name")
_OTHER_NAME = _P.regex("other_name")
_WRITER_NAME = _P.regex("writer_name")
_VEHICLE_NAME = _P.regex("vehicle_name")
_SELF_LIGHT = _P.regex("self_light")
_LANE_NOT_CAR = _P.regex("lane_not_car")
_NOT_THE_PARTY = _P.regex("name_in_compound")
#: what may follow a one-syllable given name ("나", "저", "형"): no syllable, or a particle that ends the word (가
#: too, except after 나: 나가다), or 아이 ("딸아이가")
_ONE_SYLLABLE_END = r"(?=(?:아이)?(?:이|은|는|을|를|도|과|와|랑|이랑|한테|에게|께서|의|하고|만|보다|로)?(?:$|[^가-힣]))"
_ONE_SYLLABLE_END_GA = _ONE_SYLLABLE_END.replace("(?:이|", "(?:이|가|", 1)


#: A given name "<person> 차" ("엄마 차", "남편 차"): the person word ahead of it (parties.yaml person_name)
_PERSONS_CAR = re.compile(r"^\s*([가-힣]{1,4})\s?차(?:량)?\s*$")
_PERSON_STEM = cre(_P.pattern("person_name"))


def _driver_mentions(text: str, given: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Mentions of the driver of a car the caller names as someone's ("엄마 차"): the person as a subject
    or topic on their own ("엄마가 … 돌고 계셨는데", "남편이 로터리에서"), which heads that person's clauses
    as the car's name does. Not "엄마 차" itself (matched as the name) nor a mention already taken."""
    m = _PERSONS_CAR.match(given)
    if not m or not _PERSON_STEM.match(m.group(1) + " "):
        return []
    stem = m.group(1)
    out: list[Mention] = []
    for x in re.finditer(r"(?<![가-힣])" + re.escape(stem) + r"(?:께서|가|이|는|은|도)(?![가-힣])", text):
        if any(s < x.end() and x.start() < e for s, e in taken):
            continue
        mn = Mention(x.start(), x.start() + len(stem), "given", stem)
        pm = _PARTICLE.match(text, mn.end)
        mn.particle = pm.group(1) if pm else ""
        out.append(mn)
    return out


def _shorter_names(
    mentions: list[Mention], given: list[str], parties: list[PartyDraft], taken: list[tuple[int, int]]
) -> None:
    """A given party named shorter later ("오토바이 운전자는" for "배달 오토바이", "버스가" for "마을버스"): a typed
    mention of a road-user type that only that party has is that party. Not cars: a third car ("앞에 서 있던
    승용차") is named so too often."""
    types = [_type_of(g) for g in given[: len(parties)]]
    for m in mentions:
        if m.kind != TYPED or m.type in (None, "car") or any(s < m.end and m.start < e for s, e in taken):
            continue
        owners = [i for i, t in enumerate(types) if t == m.type]
        if len(owners) == 1 and parties[owners[0]].mentions:
            parties[owners[0]].mentions.append(m)
            parties[owners[0]].mentions.sort(key=lambda x: x.start)
            taken.append((m.start, m.end))


#: the head word of a side's name ("당사 차량(그랜저)", "상대 운전자", "피해차량"): parties.yaml `alias_head`
_ALIAS_HEAD = _P.regex("alias_head")


def _alias_head(surface: str) -> str | None:
    m = _ALIAS_HEAD.match(normalize_name(surface))
    return m.group(0) if m else None


def _alias_mentions(text: str, mentions: list[Mention], parties: list[PartyDraft], taken: list[tuple[int, int]]) -> None:
    """A given party named by its side as well ("당사 차량(그랜저)", a given "상대 차량"): the text's other
    mentions with that head word ("당사 운전자 DMB 시청 중", "상대 운전자 영상 시청 중") are that party, when
    no other party has the same head."""
    heads: dict[str, set[int]] = {}
    for i, p in enumerate(parties):
        for gm in p.mentions:
            for am in mentions:
                inside = am.start < gm.end and gm.start < am.end
                before = 0 <= gm.start - am.end <= 2 and text[am.end : gm.start].strip() in ("(", "[")
                if (inside or before) and (h := _alias_head(am.surface)):
                    heads.setdefault(h, set()).add(i)
    for m in mentions:
        if any(s < m.end and m.start < e for s, e in taken):
            continue
        owners = heads.get(_alias_head(m.surface) or "", set())
        if len(owners) == 1:
            i = next(iter(owners))
            parties[i].mentions.append(m)
            parties[i].mentions.sort(key=lambda x: x.start)
            taken.append((m.start, m.end))


def _cluster_given(text: str, mentions: list[Mention], given: list[str]) -> tuple[list[PartyDraft], list[Mention]]:
    """Parties named by the caller: find each name in the text (space-tolerant), else fall back on roles."""
    parties = [PartyDraft(g, "given") for g in given[:4]]
    used: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for i, g in enumerate(given[:4]):
        key = re.escape(normalize_name(g)) if normalize_name(g) else None
        if not key:
            continue
        # spaces and brackets the name drops may stand in the text: "전동 스쿠터(PM)" is in "전동 스쿠터(PM)로"
        pat = r"[\s()\[\]]{0,2}".join(re.escape(ch) for ch in normalize_name(g))
        if g.rstrip().endswith((")", "]")):
            pat += r"[)\]]?"
        if normalize_name(g) in ("a", "b"):
            pat = r"(?<![A-Za-z0-9/])" + g.strip() + r"(?![A-Za-z])"
        elif len(normalize_name(g)) == 1:
            # "나", "애": a word, not "튀어나온", "애매한"; 가 spells 나가다 after 나
            pat = r"(?<![가-힣])" + pat + (_ONE_SYLLABLE_END if normalize_name(g) == "나" else _ONE_SYLLABLE_END_GA)
        for m in re.finditer(pat, text, flags=re.IGNORECASE):
            if any(s <= m.start() < e for s, e in taken):
                continue
            if m.end() > m.start() and _LANE_NOT_CAR.match(text, m.end() - 1):
                continue  # "제 차로로 꺾어 들어와": the writer's lane, not the car
            if _NOT_THE_PARTY.match(text, m.end()):
                continue  # "버스회사는", "택시 승강장": a word the name only begins
            # "청구차량" must not match inside "피청구차량"
            if m.start() > 0 and text[max(0, m.start() - 2) : m.start()].replace(" ", "").endswith("피") and not normalize_name(
                g
            ).startswith("피"):
                continue
            mn = Mention(m.start(), m.end(), "given", m.group(0), type=_type_of(m.group(0)))
            paren = _PAREN.match(text, mn.end)
            if paren and _type_of(paren.group(1)):
                mn.type = _type_of(paren.group(1))
                mn.end = paren.end()
            pm = _particle_past_note(text, mn)
            mn.particle = pm.group(1) if pm else ""
            if not pm and (own := _OWN_PARTICLE.search(mn.surface)):
                mn.particle = own.group(1)  # a given "제가", "저도": the particle is part of the name
            mn.party = i
            parties[i].mentions.append(mn)
            taken.append((m.start(), m.end()))
    for i, g in enumerate(given[:4]):
        for mn in _driver_mentions(text, g, taken):
            mn.party = i
            parties[i].mentions.append(mn)
            taken.append((mn.start, mn.end))
        parties[i].mentions.sort(key=lambda x: x.start)
    # The writer given as a bare pronoun ("저", "나") who names what they ride ("자전거로", "킥보드 타고"): that
    # riding mention is the writer too (it gives their road-user type and their clauses).
    for i, g in enumerate(given[:4]):
        if (
            not parties[i].mentions
            or not _WRITER_NAME.match(g.strip())
            or _type_of(g)
            or _VEHICLE_NAME.search(g)
        ):
            continue
        for m in mentions:
            if m.kind == SELF and m.type is not None and not any(s < m.end and m.start < e for s, e in taken):
                parties[i].mentions.append(m)
                taken.append((m.start, m.end))
        parties[i].mentions.sort(key=lambda x: x.start)
    # The one writer named by the caller ("저", "제 차") is also their light named as theirs ("제 신호는
    # 초록불이었고") and the text's other first-person mentions ("제 차를" beside "저는"): without them a clause
    # they head is given to a neighbour. (Every mention's party is set from its party's list below.)
    writers = [i for i, p in enumerate(parties) if p.mentions and _WRITER_NAME.match(p.name.strip())]
    if len(writers) == 1:
        w = writers[0]
        for lm in _SELF_LIGHT.finditer(text):
            if not any(s < lm.end() and lm.start() < e for s, e in taken):
                mn = Mention(lm.start(), lm.end(), SELF, lm.group(0))
                pm = _PARTICLE.match(text, mn.end)
                mn.particle = pm.group(1) if pm else ""
                parties[w].mentions.append(mn)
                taken.append((mn.start, mn.end))
        for m in mentions:
            if m.kind == SELF and not any(s < m.end and m.start < e for s, e in taken):
                parties[w].mentions.append(m)
                taken.append((m.start, m.end))
        parties[w].mentions.sort(key=lambda m: m.start)
    _shorter_names(mentions, given, parties, taken)
    _alias_mentions(text, mentions, parties, taken)
    # Names not literally present: borrow the auto-detected mentions of the matching role.
    auto = [m for m in mentions if not any(s < m.end and m.start < e for s, e in taken)]
    if any(not p.mentions for p in parties):
        drafts, _ = cluster(text, auto, None)
        for i, p in enumerate(parties):
            if p.mentions:
                continue
            want_self = bool(_SELF_NAME.search(p.name)) and not _OTHER_NAME.search(p.name)
            pick = None
            for d in drafts:
                if any(d is q for q in getattr(p, "_borrowed", [])):
                    continue
                is_self = d.role in (SELF, LABEL_CLAIM, LABEL_A)
                if is_self == want_self and d.mentions and not any(m.party not in (None, i) for m in d.mentions):
                    pick = d
                    break
            if (pick is None and want_self and _LAY_FIRST_PERSON.search(text)
                    and any(d.implicit and d.role == SELF for d in drafts)):
                # "직진하는데 … 차와 충돌" with names 당사/상대: the unnamed writer is this party
                p.role, p.implicit = SELF, True
                continue
            if pick is None:
                pick = next((d for d in drafts if d.mentions and all(m.party is None for m in d.mentions)), None)
            if pick is not None:
                for m in pick.mentions:
                    m.party = i
                p.mentions = list(pick.mentions)
                p.type = pick.type
    # A given name that is the writer ("저", "제가", "제 차", "내 킥보드") in a first-person account, polite or
    # casual ("… 나가는데 SUV가 내차 박음"): the writer's clauses before any mention ("인도를 걷고 있는데 …")
    # are theirs, as with an unnamed writer.
    if not any(p.role == SELF for p in parties) and (
        _LAY_FIRST_PERSON.search(text) or _CASUAL_FIRST_PERSON.search(text)
    ):
        riding = [m for m in mentions if m.kind == SELF and m.particle == "로"]  # "킥보드 타고", "자전거로"
        writer = next((p for p in parties if p.mentions and _WRITER_NAME.match(p.name.strip())), None)
        if writer is None:
            # the writer given as what they ride, ridden in the text ("전동 스쿠터(PM) 타고 퇴근하다가")
            ridden = [p for p in parties if any(r.start < m.end and m.start < r.end for m in p.mentions for r in riding)]
            writer = ridden[0] if len(ridden) == 1 else None
        if writer is None:
            # the writer given by what they drive, owned in the text ("제 SUV 앞을 받았어요" for a given "SUV")
            owned = [p for p in parties if any(_OWN_POSSESSIVE.search(text, max(0, m.start - 4), m.start) for m in p.mentions)]
            writer = owned[0] if len(owned) == 1 else None
        if writer is not None:
            writer.role = SELF
    for i, p in enumerate(parties):
        p.type = p.type or next((m.type for m in p.mentions if m.type), None)
        for m in p.mentions:
            m.party = i
            used.append(m)
    for m in mentions:
        if m.kind == BOTHK and not any(s < m.end and m.start < e for s, e in taken):
            m.party = BOTH
            used.append(m)
    return parties, sorted(used, key=lambda m: m.start)


_OBJ = set(_P.patterns("object_particles"))
#: the comitative particles ("A차량과 … B차량이 충돌") and the breaks that end a sentence's own clause inside a
#: stretch (a comma, 는데, 지만, 으나): past one, the subject of the sentence speaks again
_WITH = frozenset({"과", "와", "랑", "이랑", "하고"})
_SENTENCE_BREAK = re.compile(r",|는데|[가-힣]데\s|지만|(?:으|였으|었으|았으|했으)나\s")
#: A subject inside a relative clause that only names a road it enters is no actor of the sentence
#: (clauses.yaml `road_of`); group 1 ends at its relative verb.
_ROAD_OF = _C.regex("road_of")


def _road_clause(text: str, m: Mention) -> re.Match[str] | None:
    """The `_ROAD_OF` relative clause right after subject mention `m` ("A이륜차가| 진행 중인 도로로 진입"),
    if any; group 1 ends at its relative verb."""
    return _ROAD_OF.match(text, _after_particle(text, m)) if m.particle in ("이", "가") else None


def _names_a_road(text: str, m: Mention) -> bool:
    return _road_clause(text, m) is not None


#: A mention that is only the frame a side or direction is told in (clauses.yaml `reference_point`).
_REFERENCE_POINT = _C.regex("reference_point")


def _frame_only(text: str, m: Mention) -> bool:
    """True when mention `m` only names the frame of the other's side ("자전거 기준 좌측 도로에서 택시가",
    "자전거와 같은 방향으로 진입하던 택시"): it owns no clause, the side belongs to the clause subject."""
    if m.kind == SELF and m.particle == "로":
        return False  # "자전거로 같은 방향 …": the writer riding, not a frame
    return _REFERENCE_POINT.match(text, m.end) is not None


def _object_agent(
    m: Mention, seg: str, subj: int | None, later: list[Mention], implicit_self: int | None = None
) -> int | None:
    """The party acting in `seg`, the stretch after the object mention `m`: the clause subject
    named before it, else the next party marked as a subject, else the writer left unsaid ("앞에
    정차해 있던 차를 피해서 추월해 직진하는데 정차해 있던 차가 …": the writer overtook); None when
    `m` is no object."""
    if m.particle not in _OBJ or not seg.strip() or _ends_adnominal(seg):
        return None
    if subj is not None and subj not in (m.party, BOTH):
        return subj
    nxt = next((x.party for x in later if x.particle in _SUBJ and x.party not in (m.party, BOTH)), None)
    if nxt is None and implicit_self is not None and implicit_self != m.party:
        return implicit_self
    return nxt


def _bare_object_of(text: str, prev: Mention, m: Mention) -> bool:
    """True when `m`, named with no particle, follows right after another party's subject `prev` ("제가 그 차
    추월하려고", "택시가 제 차 박고"): Korean drops the object's 를 there, never the subject's 가."""
    return (
        prev.particle in _SUBJ and prev.party not in (m.party, BOTH)
        and _DEMONSTRATIVE_ONLY.fullmatch(text, _after_particle(text, prev), m.start) is not None
    )


#: nothing, a demonstrative or the writer's possessive between a subject and a bare name ("제가 | 그 트럭
#: 추월하려고", "택시가 제 | 버스 추월해서")
_DEMONSTRATIVE_ONLY = re.compile(r"\s*(?:(?:그|이|저|제|내|우리|저희)\s+)?")


#: A party named only as the place another acts at (clauses.yaml `side_frame`).
_SIDE_FRAME = _C.regex("side_frame")


#: the writer, left unsaid, moving in front of or beside the party named right before ("트럭 앞으로 차로
#:바꿨는데", "택시 앞으로 끼어들다가"): a lane change or cut-in right after the frame
_UNSAID_MOVER = re.compile(
    r"\s?(?:의\s?)?(?:바로\s?)?(?:앞|옆)\s?(?:쪽)?\s?(?:으로|로)\s?(?:[가-힣]{1,4}\s?){0,2}?"
    r"(?:(?:차로|차선|진로)\s?(?:를|을)?\s?(?:바꾸|바꿨|바꿔|바꾼|변경)|끼어들|끼어든|끼어드)"
)


def _side_frames(text: str, ms: list[Mention], implicit_self: int | None = None) -> set[int]:
    """Indexes in `ms` (one sentence's mentions) of parties named only as another's side, front or lane
    ("상대차량 | 청구차량 우측 도로에서 좌회전", "SUV가 | 아들 차 앞으로 차선을 바꾸다"): a mention with no
    particle (or 의) before a `_SIDE_FRAME` place, in a clause another party already heads as its subject
    (no comma or strong connective between); such a mention owns no clause. The writer left unsaid heads a
    sentence that opens with another party's bare name before a lane change into its front or side ("트럭
    앞으로 차로 바꿨는데 트럭이 제 차 뒤를 받았어요": Korean drops the writer, not a named subject's 가)."""
    out: set[int] = set()
    head: Mention | None = None  # the subject heading the current clause
    for i, m in enumerate(ms):
        if head is not None and (_HEADING_BREAK.search(text, head.end, m.start) or _STRONG.search(text[head.end : m.start])):
            head = None
        if (
            i == 0 and implicit_self is not None and m.party not in (implicit_self, BOTH) and m.particle == ""
            and _UNSAID_MOVER.match(text, m.end)
        ):
            out.add(i)
            continue
        if (
            head is not None and head.party not in (m.party, BOTH) and m.particle in ("", POSSESSIVE)
            and _SIDE_FRAME.match(text, m.end)
        ):
            out.add(i)
            continue
        if m.particle in _SUBJ or m.particle == "":
            head = m
    return out


#: a part of a party or a person in it as the clause's subject (clauses.yaml `party_part_subject`)
_PART_SUBJECT = _C.regex("party_part_subject")
_RIDDEN = _P.regex("ridden")


def _as_subject(text: str, m: Mention) -> Mention:
    """`m` read as its clause's subject when a part of it or a person in it is ("주차된 차 | 운전석 문이
    열려서", "택시에서 | 손님이 문을 열어"): the clause is the party's, not the next party's."""
    if m.particle in ("", "에서", POSSESSIVE) and _PART_SUBJECT.match(text, m.end):
        return replace(m, particle="가")
    if m.particle in _OBJ and _RIDDEN.match(text, _after_particle(text, m)):
        return replace(m, particle="가")  # "술 취한 사람이 따릉이를 | 탄 채로 …": its rider is the subject
    return m


_CLAUSE_OPEN = re.compile(r"[,;/]\s*$")


def _opens_clause(text: str, ms: list[Mention], s0: int) -> bool:
    """True when the sentence's last mention, named with no particle, opens a clause after a comma
    ("청구차량이 직진, | 상대차량 우측 도로에서 좌회전"): the rest of the sentence is its own."""
    before = ms[-2].end if len(ms) > 1 else s0
    return _CLAUSE_OPEN.search(text[before : ms[-1].start]) is not None


def _carries_into_object(ms: list[Mention], carry: int | None) -> bool:
    """True when a sentence's first mention is an object ("오토바이를 추월하려다 …") and no other party is a
    subject in it: its verbs are the earlier sentence's subject's (`carry`), not the object's."""
    first = ms[0]
    return (
        first.particle in _OBJ and carry is not None and carry not in (BOTH, first.party)
        and not any(m.particle in _SUBJ and m.party not in (first.party, BOTH) for m in ms[1:])
    )


#: a demonstrative between a relative clause and its noun ("우회전하던 그 SUV")
_DEMONSTRATIVE_END = re.compile(r"\s(?:그|저|이|해당)$")


def _ends_adnominal(seg: str) -> bool:
    s = seg.rstrip()
    if s and s == seg:  # the mention is the tail of a word ("군내버스", "마을버스"): judge the word before it
        k = s.rfind(" ")
        s = s[:k].rstrip() if k >= 0 else ""
    s = _DEMONSTRATIVE_END.sub("", s)
    return bool(s) and _ADNOMINAL_END.fullmatch(s[-1]) is not None


_HEADING_BREAK = _C.regex("heading_break")
_AHEAD_RELATIVE = _C.regex("ahead_relative")


def _heading_clause_end(seg: str) -> int | None:
    """End of the clause a particle-less name heads in `seg` (a comma, slash or connective), if any."""
    ends = [p for p in (_last(_HEADING_BREAK, seg), _last(_STRONG, seg), _last(_WEAK, seg)) if p is not None]
    return max(ends) if ends else None


#: a temporal clause's end ("거의 돌았을 때", "들어갔을 때에")
_WHEN_END = re.compile(r"[가-힣]\s?때(?:에)?(?=[\s,])")


def _compared_clause_end(m: Mention, seg: str, subj: int | None) -> int | None:
    """Where the subject's clause ends in `seg`, after a party compared with it ("트럭보다 먼저") and before a
    relative clause of that same party named again; None when `m` is not compared or no clause end is seen."""
    if m.particle != "보다" or subj in (None, m.party, BOTH) or not _ends_adnominal(seg):
        return None
    ends = [p for p in (_last_clause_end(seg), _last(_WHEN_END, seg)) if p is not None]
    return max(ends) if ends else None


#: "-면서" right before the relative verb of the next name ("통화하면서 운전하던 택시가")
_WHILE_IN_RELATIVE = re.compile(r"면서\s?\S+$")


def _last_clause_end(seg: str) -> int | None:
    """The last strong connective of `seg` after an object or other non-subject name, past which the
    relative clause of the next name runs. A "-면서" chained straight onto that clause's verb is inside it:
    "킥보드를, | 통화하면서 운전하던 택시가" (the taxi phones), not "킥보드를, 통화하면서 | 운전하던"."""
    pos = None
    for m in _STRONG.finditer(seg):
        if m.group(0) == "면서" and _WHILE_IN_RELATIVE.match(seg[m.start():].rstrip()):
            continue
        pos = m.end()
    return pos


def _relative_start(seg: str, split: int | None) -> int | None:
    """`split` moved back to the start of a "…했다가 출발한" relative clause ending `seg` (clauses.yaml
    `past_then_relative`), whose 다가 joins two acts of the next name, not the clause before; None when that
    clause opens `seg`."""
    if split is None or not _ends_adnominal(seg) or (rm := _PAST_THEN_RELATIVE.search(seg)) is None:
        return split
    if rm.start() >= split:
        return split
    return rm.start() if seg[: rm.start()].strip() else None


def _last(pattern: re.Pattern[str], seg: str) -> int | None:
    pos = None
    for m in pattern.finditer(seg):
        pos = m.end()
    return pos


def assign_owners(text: str, mentions: list[Mention], implicit_self: int | None) -> list[int | None]:
    """Owner party (index, BOTH or None) of every character of `text`."""
    owner: list[int | None] = [None] * len(text)

    def fill(a: int, b: int, who: int | None) -> None:
        for k in range(max(0, a), min(len(text), b)):
            owner[k] = who

    carry: int | None = implicit_self
    framed: list[tuple[int, Mention]] = []  # (end of the mention before, a side-frame mention)
    for s0, s1 in sentences(text):
        ms = [
            m for m in mentions
            if s0 <= m.start < s1 and m.party is not None and not _names_a_road(text, m) and not _frame_only(text, m)
        ]
        frames = _side_frames(text, ms, implicit_self)
        framed += [(ms[i - 1].end, ms[i]) for i in frames]
        ms = [_as_subject(text, m) for i, m in enumerate(ms) if i not in frames]
        if not ms:
            fill(s0, s1, carry)
            continue
        # before the first mention
        first = ms[0]
        pre = text[s0 : first.start]
        # "앞에 가다가 갑자기 멈춘 | 택시를 받았어요": going ahead opens the object's relative clause
        ahead = first.particle not in _SUBJ and _ends_adnominal(pre) and _AHEAD_RELATIVE.match(pre) is not None
        split = None if ahead else _last(_PRE_STRONG, pre)
        if split is None and not ahead and _ends_adnominal(pre) and (sm := _STRONG.search(pre)):
            # "골목을 가로질러 걸어가다 | 후진하던 트럭에 치였어요": a relative clause of the first mention
            # starts after the writer's own clause, also one ending in 다 or 면서; at the first such
            # connective, since the relative clause may hold one too ("들어가다 | 안에서 돌다 나가던 택시")
            split = sm.end()
        split = _relative_start(pre, split)
        if split is not None and first.particle in _SUBJ and _STOP_COLOUR_CONCESSIVE.fullmatch(pre) and (
            _STOP_COLOUR_GOER.match(text, _after_particle(text, first), s1)
        ):
            split = None  # "빨간불인데 | 상대차가 비보호 좌회전": it was red, yet that party went: its light
        elif split is not None and (lc := _LIGHT_CHANGE_ON.match(pre, split)):
            split = lc.end()  # "건너는 중에 노란불로 바뀌었고 | 왼쪽에서 오토바이가": the change is the writer's light
        if implicit_self is not None and first.party != implicit_self and split is not None:
            fill(s0, s0 + split, implicit_self)
            fill(s0 + split, first.start, first.party)
        elif (
            implicit_self is None and carry is not None and carry not in (BOTH, first.party) and split is not None
            and first.particle not in _OBJ and _PRE_STRONG.search(pre)
        ):
            # "트럭 … 무리하게 진입. | 교차로 안에 갇힌 채 신호 바뀜, | 측면 녹색 출발 직진 SUV와 충돌": a clause
            # with no subject before the first mention goes on with the earlier sentence's subject
            fill(s0, s0 + split, carry)
            fill(s0 + split, first.start, first.party)
        else:
            scene_end = None
            for lm in _SCENE_LOC.finditer(pre):
                # "…교차로에서 일시정지 표지를 위반하여 교차로에 진입하여 직진하는 A": a place the party
                # enters is its destination; the scene ends at the place before it
                if not _PARTY_LOC.search(pre[: lm.end()]) and not (
                    scene_end is not None and _INTO.match(pre, lm.end()) and "," not in pre[scene_end : lm.start()]
                    and lm.start() - scene_end < 30
                ):
                    scene_end = lm.end()
            if scene_end is not None and implicit_self is None:
                fill(s0 + scene_end, first.start, first.party)  # text before it stays scene (None)
            else:
                fill(s0, first.start, first.party)
        subj: int | None = first.party if first.particle in _SUBJ else None
        if _carries_into_object(ms, carry):
            # "택시가 2차로로 가고 있었어요. | 오토바이를 추월하려다 부딪혔어요": a sentence that opens with an
            # object and names no other subject goes on with the earlier subject; so does a lead-in that is
            # no relative clause of the object ("2차로에서 오토바이를 …", not "좌회전하던 오토바이를")
            subj = carry
            if pre.strip() and not _ends_adnominal(pre):
                fill(s0, first.start, carry)
        for i, m in enumerate(ms):
            fill(m.start, m.end, m.party)
            nxt = ms[i + 1] if i + 1 < len(ms) else None
            if nxt is None:
                break
            a, b = m.end, nxt.start
            seg = text[a:b]
            if nxt.party == m.party:
                # "B차량을 추월하면서 B차량의 전방으로 … A이륜차가", "내 차가 오토바이를 추월하다가
                # 오토바이와": a verb after an object is the clause subject's, not the object's
                obj = m
                if m.particle == "" and i > 0 and _bare_object_of(text, ms[i - 1], m):
                    obj = replace(m, particle="를")  # "제가 | 그 차 추월하려고 … 그 차랑": the bare name is the object
                agent = _object_agent(obj, seg, subj, ms[i + 1 :], implicit_self)
                p = _compared_clause_end(m, seg, subj) if agent is None else None
                if p is not None:
                    # "아빠가 트럭보다 먼저 들어가서 거의 돌았을 때 | 직진해 온 트럭이": the subject's
                    # clause, then the relative clause of the compared party named again
                    fill(a, a + p, subj)
                    fill(a + p, b, m.party)
                else:
                    fill(a, b, m.party if agent is None else agent)
            elif (m.particle in _SUBJ and seg.rstrip().endswith("의") and nxt.particle not in _SUBJ
                  and _last(_STRONG, seg) is None and _last(_WEAK, seg) is None):
                # "B차량이 정차 직후의 A차량을 추돌": a genitive phrase with no verb of its own right before the
                # object describes the object, not the subject
                fill(a, b, nxt.party)
            elif _ends_adnominal(seg) or (m.particle in _NONSUBJ and not seg.strip()):
                p = _last(_STRONG, seg) if m.particle in _SUBJ else _last_clause_end(seg)
                if m.particle in _SUBJ and p is not None and (g := _last(_GOING_CHAIN, seg[p:])) is not None:
                    p += g  # "제가 졸다가 중앙선을 넘어가서 | 마주 오던 차랑": going away is the subject's own act
                p = _relative_start(seg, p)
                if (
                    p is not None and m.particle in _WITH and nxt.particle in _SUBJ and _ends_adnominal(seg)
                    and not _SENTENCE_BREAK.search(seg)
                ):
                    # "진행하던 A차량과 | 주차구역에서 앞부분을 내밀고 대기한 후 출차하던 B차량이 충돌": a name joined
                    # by 과/와 heads no clause of its own; what runs up to the next subject's relative verb is
                    # that subject's, chained verbs (-고, 한 후, 하다가) and all
                    p = 0
                if p is None and m.particle not in _NONSUBJ:
                    p = _last(_WEAK, seg)
                if p is None:
                    p = 0 if m.particle in _NONSUBJ or m.particle == "" else _last_word_start(seg)
                fill(a, a + p, m.party)
                fill(a + p, b, nxt.party)
            elif m.particle in _SUBJ and _ORIGIN_END.search(seg) and (
                (p := _last(_STRONG, seg)) is not None or (p := _last(_WEAK, seg)) is not None
            ):
                # "청구차량이 좌회전하는데 | 양보 표지가 있는 왼쪽 도로에서 피청구차량이", "제가 2차로로 가고 있었고 |
                # 1차로에서 SUV가": after the subject's clause ends, a phrase naming the road or the place the next
                # party comes from is that party's; a chained verb ends it too when another subject follows
                # ("저는 직진했고 | 왼쪽 길에서 택시가")
                fill(a, a + p, m.party)
                fill(a + p, b, nxt.party)
            elif m.particle in _SUBJ:
                fill(a, b, m.party)
            elif m.particle == "" and not (i > 0 and _bare_object_of(text, ms[i - 1], m)) and (
                (p := _heading_clause_end(seg)) is not None
            ):
                # "A차량 적색점멸 도로에서 … 직진, B차량 …", "트럭 쪽 신호는 노란불이었고 제 쪽은 …": a name
                # with no particle heads a note's clause; it runs to the last comma or connective
                fill(a, a + p, m.party)
                fill(a + p, b, nxt.party)
            else:
                fill(a, b, nxt.party)
            if nxt.particle in _SUBJ:
                subj = nxt.party
            # "A차량과 B차량이 모두/서로 …", "당 차량 및 상대 차량 모두 …": the clause is about both; so is the
            # clause after "앞차도 저도 …" (two names each with 도 and nothing between: both did it).
            if m.party != nxt.party and (
                (
                    (m.particle in ("과", "와", "랑", "이랑", "하고") or (m.particle == "" and seg.strip() == "및"))
                    and (len(seg.strip()) <= 8 or seg.rstrip().endswith("의") or _ends_adnominal(seg))
                    and _BOTH_TAIL.match(text, _after_particle(text, nxt))
                )
                or (m.particle == "도" and nxt.particle == "도" and seg.strip() in ("", "도"))
            ):
                nxt_end = ms[i + 2].start if i + 2 < len(ms) else s1
                fill(_after_particle(text, nxt), nxt_end, BOTH)
                subj = BOTH
        last = ms[-1]
        tail_start = _after_particle(text, last)
        if any(o == BOTH for o in owner[tail_start:s1]):
            carry = BOTH
            continue
        tail_owner = subj if subj is not None else (implicit_self if implicit_self is not None else last.party)
        if last.particle in _SUBJ or (last.particle == "" and _opens_clause(text, ms, s0)):
            tail_owner = last.party
        elif (last.particle == "" and len(ms) == 1 and _last(_PRE_STRONG, text[s0 : last.start]) is None
              and not _NOT_THE_PARTY.match(text, last.end)):
            # "나중에 보니 상대 운전자 음주 수치가 …", "당사 운전자 휴대폰 조작 중": a sentence's one name, with no
            # particle, heads it (a note's subject, or the owner of the noun after it); not the first half of a
            # compound ("버스회사는 …": the company)
            tail_owner = last.party
        # "승용차가 | 버스 추월해서 들어오다가": a bare name right after another's subject is its object, no heading
        bare_object = len(ms) > 1 and last.particle == "" and _bare_object_of(text, ms[-2], last)
        head = (_heading_clause_end(text[last.end : s1])
                if last.particle == "" and tail_owner != last.party and not bare_object else None)
        if head is not None:  # "트럭 쪽 신호는 노란불이었고 | 제 쪽은 …": the name heads the clause up to its end
            fill(last.end, last.end + head, last.party)
            fill(last.end + head, s1, tail_owner)
        else:
            fill(last.end, s1, tail_owner)
        carry = tail_owner
    for a, m in framed:
        # a side frame's own name and the relative clause before it are still its own ("제가 | 정류장에
        # 서 있던 버스 옆으로", "킥보드가 | 직진하던 제 차 앞을 받았어요")
        seg = text[a : m.start]
        fill(a + _last_word_start(seg) if _ends_adnominal(seg) else m.start, m.end, m.party)
    for m in mentions:
        if m.party is not None and (rm := _road_clause(text, m)):
            fill(m.start, rm.end(1), m.party)  # its relative verb is its own ("내가 직진하던")
    for m in mentions:
        # "피청구차량의 선진입이 인정되는", "청구차량의 운전부주의로": a possessed entry-order or
        # conduct noun is that party's, whoever the clause's subject is (not "청구차량의 우측에서
        # …", where the side is the other party's)
        if m.party is not None and m.particle == "의":
            pm = _POSSESSED_ENTRY.match(text, _after_particle(text, m))
            if pm:
                fill(pm.start(1), pm.end(1), m.party)
    _seen_by_other(text, mentions, owner, implicit_self)
    _embedded_clauses(text, mentions, owner)
    _movement_nouns(text, mentions, owner)
    _hit_after_stop(text, mentions, owner, implicit_self)
    for m in mentions:
        if m.kind == SCENERY and m.blank is not None:
            fill(*m.blank, None)  # "트럭이 서 있어서": the standing is no party's
    return owner


def _hit_after_stop(text: str, mentions: list[Mention], owner: list[int | None], implicit_self: int | None) -> None:
    """"앞차가 급정거해서 | 뒤에서 박았어요": the hit from behind after a party's sudden stop, told with no new
    subject, is the other party's (clauses.yaml `stop_then_hit`), up to the clause's end."""
    parties = {m.party for m in mentions if m.party is not None and m.party != BOTH}
    if implicit_self is not None:
        parties.add(implicit_self)
    for sm in _STOP_THEN_HIT.finditer(text):
        stopper = owner[sm.start()]
        if stopper is None or stopper == BOTH or owner[sm.start(1)] != stopper:
            continue
        others = parties - {stopper}
        other = implicit_self if implicit_self in others else (next(iter(others)) if len(others) == 1 else None)
        if other is None:
            continue
        end = sm.end(1)
        while end < len(text) and text[end] not in ".!?\n," and owner[end] == stopper:
            end += 1
        for k in range(sm.start(1), end):
            owner[k] = other


#: "소방차가 사이렌 울리며 오는 | 걸 보고도 속도를 안 줄였어요": the named party is what was seen; the seeing,
#: and what follows up to the next name, is the one who saw it (clauses.yaml `seen_clause`, group 1)
_SEEN_CLAUSE = _C.regex("seen_clause")


def _seen_by_other(text: str, mentions: list[Mention], owner: list[int | None], implicit_self: int | None) -> None:
    """Give the verb of seeing after a party named as what was seen to the seer: the last other party named
    as a subject before it in the sentence, else the writer left unsaid."""
    for s0, s1 in sentences(text):
        ms = [m for m in mentions if s0 <= m.start < s1 and m.party is not None]
        for i, m in enumerate(ms):
            if m.particle not in _SUBJ or m.party == BOTH:
                continue
            cm = _SEEN_CLAUSE.match(text, _after_particle(text, m))
            if cm is None or cm.end() > s1:
                continue
            seer = next((x.party for x in reversed(ms[:i]) if x.particle in _SUBJ and x.party not in (m.party, BOTH)),
                        None)
            if seer is None and implicit_self not in (None, m.party):
                seer = implicit_self
            if seer is None:
                continue
            end = next((x.start for x in ms[i + 1 :] if x.start >= cm.end()), s1)
            for k in range(cm.start(1), min(end, len(owner))):
                owner[k] = seer


#: "B차량은 | A차량이 진행하는 맞은편 방향에서 | 선진입하여": a clause with its own subject inside the topic's
#: sentence ends at the place or thing it names (clauses.yaml `embedded_clause_head`, group 1)
_EMBEDDED_HEAD = _C.regex("embedded_clause_head")
#: the topic particles (a contrast or topic: the sentence's own subject) and the inner clause's subject particles
_TOPIC = frozenset({"은", "는"})
_INNER = frozenset({"이", "가"})
#: at most this much (a place word, an adverb) between the topic and the inner subject
_EMBED_GAP = 10


def _embedded_clauses(text: str, mentions: list[Mention], owner: list[int | None]) -> None:
    """Give back to the topic what follows a clause embedded in its sentence: a party named with 이/가 right
    after another party's topic (은/는) heads only the clause up to the place or thing it names; what comes after
    it, up to the next name, is the topic's again. Only characters the inner party holds are moved (a relative
    clause of a later name stays that name's)."""
    for s0, s1 in sentences(text):
        ms = [m for m in mentions if s0 <= m.start < s1 and m.party is not None]
        for i in range(1, len(ms)):
            t, m = ms[i - 1], ms[i]
            if t.particle not in _TOPIC or m.particle not in _INNER or t.party in (BOTH, m.party) or m.party == BOTH:
                continue
            gap = text[_after_particle(text, t) : m.start]
            if len(gap.strip()) > _EMBED_GAP or "," in gap or _STRONG.search(gap) or _WEAK.search(gap):
                continue
            start = _after_particle(text, m)
            end = ms[i + 1].start if i + 1 < len(ms) else s1
            hm = _EMBEDDED_HEAD.match(text, start, end)
            if hm is None or _STRONG.search(text, start, hm.start(1)) or _WEAK.search(text, start, hm.start(1)):
                continue
            for k in range(hm.end(1), end):
                if owner[k] == m.party:
                    owner[k] = t.party


#: "맞은편 좌회전 | B차량과": a bare movement noun right before a name (clauses.yaml `movement_noun_modifier`)
_MOVEMENT_NOUN = _C.regex("movement_noun_modifier")


def _movement_nouns(text: str, mentions: list[Mention], owner: list[int | None]) -> None:
    """Give a bare movement noun standing right before a name to that name ("직진 중 맞은편 좌회전 B차량과"),
    unless it follows the name before it with nothing between (a terse note's predicate: "A차량이 좌회전
    B차량이 직진")."""
    for s0, s1 in sentences(text):
        ms = [m for m in mentions if s0 <= m.start < s1 and m.party is not None and m.party != BOTH]
        for i, m in enumerate(ms):
            start = _after_particle(text, ms[i - 1]) if i else s0
            nm = _MOVEMENT_NOUN.search(text, start, m.start)
            if nm is None or not text[start : nm.start(1)].strip():
                continue
            for k in range(nm.start(1), nm.end(1)):
                owner[k] = m.party


_POSSESSED_ENTRY = _C.regex("possessed_conduct")


def _after_particle(text: str, m: Mention) -> int:
    pm = _PARTICLE.match(text, m.end)
    return pm.end() if pm else m.end


#: adverbs of place or order that belong to the adnominal verb after them ("앞서 가던 오토바이")
_ADNOMINAL_ADVERB = _C.regex("adnominal_adverb")


_ADNOMINAL_AUX = _C.regex("adnominal_auxiliary")


def _last_word_start(seg: str) -> int:
    s = seg.rstrip()
    if aux := _ADNOMINAL_AUX.search(s):  # "택시가 | 신호대기 중인 제 차를": the auxiliary's verb is part of it
        return aux.start() + (1 if s[aux.start()] == " " else 0)
    k = s.rfind(" ")
    if k >= 0 and (am := _ADNOMINAL_ADVERB.search(s[: k + 1])):
        return am.start() + (1 if s[am.start()] == " " else 0)  # "내 차가 | 앞서 가던 오토바이를"
    return k + 1 if k >= 0 else 0
