"""Chart signatures: the facts a chart presupposes, read from the chart's own text.

The same extractor that reads a user's description reads each chart's situation text and its
party labels ("녹색 직진", "선행 진로 변경"), so queries and charts meet in one fact space and no
chart needs hand-written rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, Field

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
    ("우측도로", "right"),
    ("좌측도로", "left"),
    ("비우선", "non_priority"),
    ("우선도로", "priority"),
]


# Distinctive conditions: a chart whose title or roles name one of these only fits a description
# that mentions it too (e.g. 차55-1 긴급자동차, 차61-1 정체차량 사이, 차2-6 비보호).
SPECIAL_CUES: dict[str, str] = {
    "긴급자동차": r"긴급\s*자동차|구급차|소방차|경찰차|순찰차",
    "정체": r"정체|막히|밀려\s*있",
    "비보호": r"비보호",
    "노면표시": r"노면\s*표시|(좌회전|직진|우회전)\s*차로에서|차로에서\s*(직진|좌회전|우회전)",
    "안전지대": r"안전\s*지대",
    "역주행": r"역주행|일방통행",
    "중앙선": r"중앙선|황색\s*실선|반대\s*차로",
    "일시정지": r"일시\s*정지|우선\s*멈춤|정지\s*표지",
    "양보": r"양보",
    "실선": r"실선|진로\s*변경\s*금지",
    "주차장": r"주차장|주차\s*구역|주차\s*구획",
    "동시": r"동시",
    "긴급": r"긴급",
    "회전교차로": r"회전\s*교차로|로터리",
    "버스": r"버스",
    "터널": r"터널",
    "낙하물": r"낙하물|떨어",
    "문열림": r"문을?\s*열|개문",
    "도로외": r"도로\s*외|도로가\s*아닌|주유소|건물|상가|아파트\s*단지|골목에서\s*나오",
    "신호위반": r"신호\s*위반|빨간\s*불\s*무시|적색\s*신호\s*무시",
    "보도": r"보도|인도",
    "자전거도로": r"자전거\s*(전용)?\s*도로|자전거\s*횡단",
    "횡단보도": r"횡단\s*보도",
    "고속도로": r"고속\s*도로|자동차\s*전용\s*도로",
    "합류": r"합류|차로\s*감소|진입로",
    "유턴": r"유턴|u턴",
    "추월": r"추월|앞지르",
    "후진": r"후진",
    "좌측통행": r"좌측\s*통행",
}
_SPECIAL_RE = {k: re.compile(v, re.IGNORECASE) for k, v in SPECIAL_CUES.items()}


def special_cues(text: str) -> set[str]:
    """Distinctive-condition keys mentioned in `text`."""
    return {k for k, rx in _SPECIAL_RE.items() if rx.search(text)}


class PartySignature(BaseModel):
    type: str = "car"
    movement: str | None = None
    signal: str | None = None
    road: str | None = None
    direction: str | None = None
    entered_first: bool | None = None
    in_roundabout: bool | None = None


class VariantSignature(BaseModel):
    key: str
    A: PartySignature
    B: PartySignature


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
    special: list[str] = Field(default_factory=list, description="distinctive conditions in title/roles")


def label_signal(text: str) -> str | None:
    t = re.sub(r"\s+", "", text)
    for word, code in _SIGNAL_WORDS:
        if word in t:
            return code
    return None


def label_road(text: str) -> str | None:
    t = re.sub(r"\s+", "", text)
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
    )


def _overlay(base: PartySignature, top: PartySignature) -> PartySignature:
    """Fields known in `top` win over `base` (labels are more specific than situation text)."""
    data = base.model_dump()
    for k, v in top.model_dump().items():
        if v is not None and k != "type":
            data[k] = v
    return PartySignature(**data)


def _label_facts(label: str, ptype: str, extract) -> PartySignature:
    f: AccidentFacts = extract(f"A가 {label}", ["A", "B"])
    p = f.parties[0] if f.parties else None
    sig = _party_from_facts(p, ptype)
    sig.signal = label_signal(label) or sig.signal
    sig.road = label_road(label) or sig.road
    return sig


def _party_names(chart: Chart) -> list[str]:
    text = chart.situation
    names = []
    for key in ("A", "B"):
        m = re.search(rf"{key}\s?(차량|자전거|이륜차|PM|개인형이동장치|보행자|차)", text)
        names.append(m.group(0) if m else f"{key}차량")
    if chart.parties["A"].type == "pedestrian" and "보행자" in text and not re.search(r"A\s?보행자", text):
        names[0] = "보행자"
    return names


def build_signature(chart: Chart, extract) -> ChartSignature:
    """Signature of one chart. `extract` is `katalog.facts.extract_facts`."""
    situation = " ".join(x for x in (chart.situation, chart.title) if x)
    names = _party_names(chart)
    facts: AccidentFacts = extract(situation, names) if situation.strip() else AccidentFacts()
    parties = {k: (facts.parties[i] if len(facts.parties) > i else None) for i, k in enumerate(("A", "B"))}
    sig: dict[PartyKey, PartySignature] = {}
    for k in ("A", "B"):
        ptype = chart.parties[k].type
        base = _party_from_facts(parties[k], ptype)
        sig[k] = _overlay(base, _label_facts(chart.parties[k].label, ptype, extract))
    variants = []
    if len(chart.variants) > 1:
        for v in chart.variants:
            cond = v.condition or v.label
            a_txt, _, b_txt = cond.partition(" / ")
            va = _label_facts(re.sub(r"^A\s*", "", a_txt), sig["A"].type, extract)
            vb = _label_facts(re.sub(r"^B\s*", "", b_txt), sig["B"].type, extract)
            variants.append(VariantSignature(key=v.key, A=va, B=vb))
    place = facts.place
    if chart.category == "회전교차로":
        place = "roundabout"
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
        special=sorted(special_cues(" ".join([chart.title, chart.parties["A"].label, chart.parties["B"].label]))),
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
