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

_SIGNAL_WORDS: list[tuple[str, str]] = [
    ("녹색좌회전", "green_left_arrow"),
    ("좌회전신호", "green_left_arrow"),
    ("화살표", "green_left_arrow"),
    ("적색점멸", "red_flash"),
    ("황색점멸", "yellow_flash"),
    ("녹색점멸", "green_flash"),
    ("녹색", "green"),
    ("황색", "yellow"),
    ("적색", "red"),
]
_ROAD_WORDS: list[tuple[str, str]] = [
    ("동일폭", "equal"),
    ("대로", "major"),
    ("소로", "minor"),
    ("비우선", "non_priority"),
    ("우선도로", "priority"),
]


# Distinctive conditions: a chart whose title or roles name one of these only fits a description
# that mentions it too (e.g. 차55-1 긴급자동차, 차61-1 정체차량 사이, 차2-6 비보호).
SPECIAL_CUES: dict[str, str] = {
    "긴급자동차": r"긴급\s*자동차|구급차|소방차|경찰차|순찰차",
    # "좌회전 차로인 1차로에서 대기 중 … 진로변경": leaving a waiting queue is the 정체 case (차43-4);
    # "신호 대기 중이던 A차량을 … 진로변경하던 B": one car waiting at a light is no queue
    "정체": r"정체|막히|밀려\s*있|(?<!신호)(?<!신호\s)대기\s*(?:중|하던|하고\s*있)[^.]{0,30}?(?:진로|차로|차선)\s*(?:를\s*|을\s*)?(?:변경|바꾸|바꿔)",
    "비보호": r"비보호",
    "노면표시": r"노면\s*표시|(좌회전|직진|우회전)\s*차로에서|(?<!교)차로에서\s*(직진|좌회전|우회전)",  # not 교차로에서
    "안전지대": r"안전\s*지대",
    "역주행": r"역주행|일방통행",
    "중앙선": r"중앙선(?!\s*(?:이\s*|이\s*없는|도\s*)?없)|황색\s*실선|반대\s*차로",  # not "중앙선 없는 이면도로"
    "일시정지": r"일시\s*정지|우선\s*멈춤|정지\s*표지|양보\s*(?:표지|표시)",  # a yield sign binds like a stop sign
    "양보": r"양보",
    "실선": r"실선|진로\s*변경\s*금지",
    "주차장": r"주차장|주차\s*구역|주차\s*구획",
    "동시": r"동시(?!\s*노면)",  # "동시노면표시 위반" (차11-3): both broke a marking, not a simultaneous move
    "긴급": r"긴급",
    "회전교차로": r"회전\s*교차로|로터리",
    "버스": r"버스",
    "터널": r"터널",
    "낙하물": r"낙하물|떨어",
    "문열림": DOOR_OPENING,  # the facts' own 개문 cue (lexicon), so chart and description agree
    "도로외": r"도로\s*외|(?:차도|도로)가\s*아닌|주유소|건물|상가|아파트\s*단지|골목에서\s*나오",
    "신호위반": r"신호\s*위반|빨간\s*불\s*무시|적색\s*신호\s*무시",
    # not 횡단보도, nor the road type "보도와 차도의 구분이 있는 도로" (a pedestrian walking on the 차도)
    "보도": r"(?<!횡단)(?<!횡단\s)보도(?!\s*(?:와|및|·)\s*차도)|인도",
    "자전거도로": r"자전거\s*(전용)?\s*도로|자전거\s*횡단",
    "횡단보도": r"횡단\s*보도",
    "횡단보도부근": r"횡단\s*보도\s*(?:\d+\s*m\s*)?(?:이내|부근|근처|인근|옆|주변)",
    "고속도로": r"고속\s*도로|자동차\s*전용\s*도로",
    "합류": r"합류|차로\s*감소|진입로",
    "차로감소": r"차로\s*(?:가\s*)?감소|차로가?\s*줄",
    "2차사고": r"2\s*차\s*사고|\(\s*2\s*차\s*\)|재\s*추돌|선행\s*사고|1\s*차\s*사고",
    "유턴": r"유턴|u턴",
    "추월": r"추월|앞지르",
    "후진": r"후진(?!\s?(?:입|로))",  # not 후진입 (entered later) / 후진로변경
    # "도로 중앙 또는 좌측(왼쪽)에서 진행", "도로 왼쪽 부분을 통행": driving on the wrong half (긴급자동차)
    "좌측통행": r"좌측\s*통행|도로\s*(?:의\s*)?중앙\s*(?:또는|이나|,)\s*(?:좌측|왼쪽)|"
               r"도로\s*(?:의\s*)?(?:좌측|왼쪽)\s*(?:부분)?\s*(?:으로|을|에서)\s*(?:통행|진행|주행)",
    "갓길": r"갓길|노견",
    "급차로변경": r"급\s*(?:차로|진로)|급\s*끼어|갑자기\s*(?:차로|진로|끼어)",
}
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


def label_signal(text: str) -> str | None:
    t = re.sub(r"\s+", "", text)
    t = re.sub(r"(?:황색|노란|흰색|백색)(?:실선|점선|중앙선)", "", t)  # lane markings, not signals
    t = re.sub(r"([녹황적])\([녹황적]\)색", r"\1색", t)  # "황(적)색": the first colour is the role's own
    for word, code in _SIGNAL_WORDS:
        if word in t:
            return code
    return None


def label_road(text: str) -> str | None:
    t = re.sub(r"\s+", "", text)
    t = re.sub(r"장소로|그대로|차도로|보도로|인도로", "", t)  # not 소로 / 대로
    for word, code in _ROAD_WORDS:
        if word in t:
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
_COLOR = r"(?:녹색|황색|적색|초록|빨간|노란)"
#: "…적색에 충돌/충격": the signal at the moment of impact. A role that also names the signal it
#: entered on ("적색 충돌(녹색 직진 진입)") is described by the entry signal, as a user would.
_IMPACT_SIGNAL = re.compile(_COLOR + r"(?:(?!녹색|황색|적색|초록|빨간|노란)[^,/])*?(?:충돌|충격)")
#: Alternatives inside a role: "좌(우)회전", "직진(좌회전)", "직진(또는 좌회전)", "우회전(좌회전 포함)", "좌회전 또는 유턴".
#: A bracket counts only when it holds nothing but a manoeuvre ("좌회전(오른쪽 도로에서 진입)" and
#: "직진(좌회전 노면표시차로)" name one manoeuvre).
_MOVE_WORD = r"(?:직진|좌회전|우회전|유턴|U턴|진로\s?변경|차로\s?변경|추월|앞지르기|후진|전진|출발|정차)"
_ALT_MOVES = re.compile(
    rf"({_MOVE_WORD})\s?\(\s?(?:또는\s?|추월\s?)?({_MOVE_WORD})\s?(?:포함\s?)?\)|({_MOVE_WORD})\s?(?:또는|혹은|/)\s?({_MOVE_WORD})"
)
_LEFT_OR_RIGHT = re.compile(r"(?:좌\s?\(\s?우\s?\)|우\s?\(\s?좌\s?\)|좌\s?[/·]\s?우|좌\s?또는\s?우)\s?회전")


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
#: (좌측/우측 stay unread: "우측 직진 이륜차" passes on the right in the same direction.)
_SIDE_ROLE = re.compile(r"(?<![가-힣])(왼쪽|오른쪽)\s?(?=대로|소로|직진|좌회전|우회전|유턴)")


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


def _title_roles(title: str) -> tuple[str, str] | None:
    """The two halves of a "X 대 Y" title, or None."""
    parts = re.split(r"\s대(?:\s?\(對\))?\s", title)
    if len(parts) != 2:  # unspaced "오른쪽도로에서직진대왼쪽도로에서직진사고"
        parts = re.split(r"(?<=직진|회전|진입|변경|추월|황색|적색|녹색)대(?![로(])", title)
    if len(parts) == 2:
        return parts[0], parts[1]
    m = re.match(r"(.+?)(?:과|와)\s(.+?)\s간\s", title)  # "선진입 회전차량과 후진입 … 차량 간 사고"
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


_VIOLATOR = re.compile(r"(자동차|이륜차|PM|자전거)\s?신호\s?위반")
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


#: "직진(일시정지 표지 없음)" names the other road's sign, not this role's
_STOP_ROLE = re.compile(r"일시\s?정지(?!\s?(?:표지\s?)?없)|양보(?!\s?(?:표지\s?)?없)|우선\s?멈춤")


#: Conditions a role label can name about its own road user. "일시정지 표지 없음" names the
#: other road's sign, not this one's.
ROLE_CONDITIONS: dict[str, re.Pattern[str]] = {
    "정체": re.compile(r"정체"),
    "일시정지": _STOP_ROLE,
    # violations a role names about its own road user ("중앙선 침범 역주행", "직진(일방통행 위반)",
    # "후행 추월(금지장소)"): the party the facts give that violation plays that role, whatever
    # order the description names them in (candidates.party_conditions)
    "중앙선침범": re.compile(r"중앙선\s?(?:침범|넘)|(?<!일방통행\s)역주행"),
    "일방통행위반": re.compile(r"일방\s?통행\s?위반|역통행"),
    "금지장소": re.compile(r"금지\s?장소|실선\s?추월"),
    # "적색 충돌", "진입 후 황색에 충돌": entered on an earlier light and caught by the change
    "진입후신호변경": re.compile(r"(?:적색|황색)\s?(?:에\s?)?충돌"),
}


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


_EITHER_SIDE = re.compile(r"(?:오른쪽|왼쪽|우측|좌측)[^.]{0,20}?이든\s?(?:오른쪽|왼쪽|우측|좌측)[^.]{0,20}?이든")


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
_SIGNAL_UTURN = re.compile(r"신호\s?(?:에\s?따라\s?)?유턴|유턴\s?신호")


def _variant_role(text: str, ptype: str, roundabout: bool) -> PartySignature:
    """A variant condition's role; a signal-controlled U-turn is a U-turn on green."""
    sig = read_role(text, ptype, roundabout)
    if sig.signal is None and _SIGNAL_UTURN.search(text):
        sig.signal = "green"
    return sig


_STEADY = {"green", "yellow", "red", "green_left_arrow"}
_INCLUDED_NOTE = re.compile(r"\([^)]*포함\s*\)")
_VARIANT_NOTE = re.compile(r"\(\s*(?:동시|선진입|후진입)\s*\)")
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


def _party_names(chart: Chart) -> list[str]:
    text = chart.situation
    names = []
    for key in ("A", "B"):
        m = re.search(rf"{key}\s?(차량|자전거|이륜차|PM|개인형이동장치|보행자|차)", text)
        names.append(m.group(0) if m else f"{key}차량")
    # "보행 자" with a PDF line-break space is still the pedestrian
    if chart.parties["A"].type == "pedestrian" and re.search(r"보\s?행\s?자", text) and not re.search(r"A\s?보행자", text):
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
    roundabout = chart.category == "회전교차로" or bool(re.search(r"회전\s?교차로|로터리", situation))
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
    elif "한쪽방향에만" in text or "한쪽에만신호" in text:
        place = "partial_signal_intersection"
    elif re.search(r"교통정리가이루어지고있지않|신호기가없는|신호등이없는", text) and (
        place in (None, "intersection")
        # "…신호가 등화된 상태에서 발생한 사고의 경우에도 준용할 수 있다" is a side note (차11-6):
        # the chart's own scene is the unsignalled junction when nothing else names a signal
        or (place == "signal_intersection" and not re.search(r"교통정리가이루어지고있는|신호기가있|신호등이있|신호에따라",
                                                             re.sub(r"[^.]*준용[^.]*", "", text)))
    ):
        place = "unsignal_intersection"
    elif place in (None, "intersection") and all(
        sig[k].signal not in (None, "none") for k in ("A", "B")  # type: ignore[index]
    ):
        place = "signal_intersection"  # both roles name a signal colour ("황(적)색 직진 대 황(적)색 좌회전")
    elif place == "highway" and ("일반도로" in text or re.search(r"\([^)]*고속도로[^)]*포함\)", text)):
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
