"""A sketch of the user's own accident as SVG, drawn from the extracted facts.

`draw_scene(facts, …)` → `Sketch`: the road layout (intersection, straight road, crosswalk,
roundabout, parking lot), the two parties with a type icon, their names (and chart role), movement
arrows, signal states and the point of impact when the collision type is known. Only what the facts
(or a chart the user chose, noted in `Sketch.notes`) say is drawn: a party whose approach is not
stated is shown beside the road as "방향 미상", and a scene with no place and no collision type is
not drawn at all (`Sketch.drawn` False, `Sketch.reason` in Korean). Pure function, no third-party deps.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from katalog.josa import josa
from katalog.models import OTHER_SIDE, AccidentFacts, PartyFacts, PartyMapping

W, H = 480, 380
COLOURS = ("#1f4e79", "#c55a11")  # same order as the app's ratio bar: first party, second party
ROAD, MARK, GRASS = "#6b6f76", "#f4f4f4", "#e8efe3"

TYPE_KO = {
    "car": "승용차",
    "bus": "버스",
    "truck": "화물차",
    "two_wheeler": "이륜차",
    "bicycle": "자전거",
    "pm": "개인형 이동장치",
    "pedestrian": "보행자",
    "unknown": "차량",
}
MOVE_KO = {
    "straight": "직진",
    "left_turn": "좌회전",
    "right_turn": "우회전",
    "u_turn": "유턴",
    "lane_change": "진로 변경",
    "reversing": "후진",
    "stopped": "정지",
    "starting": "출발",
    "overtaking": "추월",
    "merging": "합류",
    "entering": "진입",
    "exiting": "진출",
    "crossing": "횡단",
    "door_opening": "문 열림",
    "walking": "보행",
    "circulating": "회전 중",
}
SIGNAL_KO = {
    "green": "녹색",
    "yellow": "황색",
    "red": "적색",
    "green_left_arrow": "녹색 좌회전",
    "red_flash": "적색 점멸",
    "yellow_flash": "황색 점멸",
    "green_flash": "녹색 점멸",
    "none": "신호 없음",
}
SIGNAL_RGB = {
    "green": "#2e9d3a",
    "green_left_arrow": "#2e9d3a",
    "green_flash": "#2e9d3a",
    "yellow": "#e3b800",
    "yellow_flash": "#e3b800",
    "red": "#d62d20",
    "red_flash": "#d62d20",
}
LAYOUT_KO = {
    "intersection": "교차로",
    "straight": "직선 도로",
    "crosswalk": "횡단보도",
    "roundabout": "회전교차로",
    "parking": "주차장",
}
_HALO = ' fill="#111" stroke="#fff" stroke-width="3" paint-order="stroke"'
_INTERSECTIONS = {
    "signal_intersection",
    "unsignal_intersection",
    "partial_signal_intersection",
    "intersection",
}
_STRAIGHT = {"straight_road", "highway", "merge", "alley", "off_road"}


@dataclass
class Sketch:
    """The drawing (None when it cannot be drawn) and what it rests on."""

    svg: str | None
    layout: str | None = None
    reason: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def drawn(self) -> bool:
        return self.svg is not None

    def fluid(self) -> str:
        """The SVG scaled to its container's width (for a page; `svg` keeps its pixel size for files)."""
        if self.svg is None:
            return ""
        return self.svg.replace(f'width="{W}" height="{H}"', f'width="100%" style="max-width:{W}px;height:auto"', 1)


@dataclass
class _Actor:
    name: str
    index: int
    type: str
    movement: str | None
    signal: str | None
    role: str | None  # "A" / "B" of the chart, when mapped
    x: float = 0.0
    y: float = 0.0
    heading: float = 0.0  # degrees, 0 = up (north), 90 = right (east)
    placed: bool = True  # False: approach unknown, drawn beside the road


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------
def draw_scene(
    facts: AccidentFacts,
    names: Sequence[str] | None = None,
    mapping: PartyMapping | None = None,
    roles: Mapping[str, Any] | None = None,
    chart_id: str | None = None,
) -> Sketch:
    """SVG of the accident in `facts`.

    `names` are the assessment's two party names (default: the facts' own), `mapping` puts them on
    the chart's A/B, and `roles` (`{"A": sig, "B": sig}` with `.movement`) fills a movement the
    text does not state from the chart the user or the engine chose (recorded in `notes`).
    """
    parties = list(facts.parties[:2])
    if len(parties) < 2:
        return Sketch(None, reason="설명에서 두 당사자를 확인하지 못해 사고 장면을 그리지 않았습니다.")
    names = list(names or [p.name for p in parties])[:2]
    notes: list[str] = []
    actors = []
    for i, (p, name) in enumerate(zip(parties, names, strict=False)):
        role = None
        if mapping is not None:
            role = "A" if mapping.A == name else "B" if mapping.B == name else None
        movement = p.movement
        if movement is None and p.in_roundabout:
            movement = "circulating"  # the facts say it was going round: that is its movement
        if movement is None and role and roles and getattr(roles.get(role), "movement", None):
            movement = roles[role].movement
            notes.append(
                f"{josa(name, '이/가')} 어떻게 진행했는지는 설명에 없어 도표 {chart_id or ''}의 "
                f"{role} 역할({MOVE_KO.get(movement, movement)})로 그렸습니다."
            )
        actors.append(_Actor(name, i, p.type, movement, p.signal, role))
    layout = _layout(facts, parties)
    if layout is None:
        return Sketch(
            None,
            reason="사고 장소(교차로·직선 도로·횡단보도·회전교차로·주차장)와 충돌 형태가 설명에 없어 "
            "사고 장면을 그리지 않았습니다.",
        )
    direction = _direction(parties)
    body = _DRAW[layout](facts, actors, direction, notes)
    svg = _svg(layout, facts, actors, body)
    return Sketch(svg, layout=layout, notes=notes)


def sketch_assessment(assessment: Any) -> Sketch:
    """`draw_scene` for an `Assessment`: its facts, party names, A/B mapping and its chart's roles."""
    roles = None
    if assessment.chart_id:
        try:
            from katalog.matching.signatures import chart_signatures

            sig = chart_signatures().get(assessment.chart_id)
            roles = {"A": sig.A, "B": sig.B} if sig is not None else None
        except Exception:  # noqa: BLE001 — the chart's roles only fill gaps; the facts still draw
            roles = None
    return draw_scene(assessment.facts, assessment.parties, assessment.mapping, roles, assessment.chart_id)


# --------------------------------------------------------------------------------------------
# Layout and placement
# --------------------------------------------------------------------------------------------
def _layout(facts: AccidentFacts, parties: list[PartyFacts]) -> str | None:
    place = facts.place
    types = {p.type for p in parties}
    if place == "roundabout":
        return "roundabout"
    if place == "parking_lot":
        return "parking"
    if place == "crosswalk" or (place is None and "pedestrian" in types and facts.collision == "pedestrian"):
        return "crosswalk" if place == "crosswalk" else "straight"
    if place in _INTERSECTIONS:
        return "intersection"
    if place in _STRAIGHT:
        return "straight"
    if facts.collision in ("rear_end", "sideswipe", "head_on"):
        return "straight"
    return None


def _direction(parties: list[PartyFacts]) -> str | None:
    """Where the second party comes from, seen from the first."""
    if parties[1].from_direction:
        return parties[1].from_direction
    if parties[0].from_direction:
        return OTHER_SIDE.get(parties[0].from_direction)
    return None


def _unplaced(actor: _Actor, notes: list[str]) -> None:
    actor.x, actor.y, actor.heading, actor.placed = W - 70, H - 60, 0.0, False
    notes.append(f"{josa(actor.name, '이/가')} 어느 쪽에서 왔는지 설명에 없어 도로 밖에 따로 표시했습니다.")


def _draw_intersection(
    facts: AccidentFacts, actors: list[_Actor], direction: str | None, notes: list[str]
) -> str:
    roads = (
        f'<rect x="0" y="150" width="{W}" height="80" fill="{ROAD}"/>'
        f'<rect x="200" y="0" width="80" height="{H}" fill="{ROAD}"/>'
        f'<line x1="0" y1="190" x2="198" y2="190" stroke="#f2c14e" stroke-width="2"/>'
        f'<line x1="282" y1="190" x2="{W}" y2="190" stroke="#f2c14e" stroke-width="2"/>'
        f'<line x1="240" y1="0" x2="240" y2="148" stroke="#f2c14e" stroke-width="2"/>'
        f'<line x1="240" y1="232" x2="240" y2="{H}" stroke="#f2c14e" stroke-width="2"/>'
    )
    me, other = actors
    me.x, me.y, me.heading = 260, 300, 0
    spots = {
        "opposite": (220, 80, 180),
        "right": (400, 170, 270),
        "left": (80, 210, 90),
        "behind": (260, 360, 0),
        "same": (260, 360, 0),
        "front": (260, 250, 0),
    }
    if direction in spots:
        other.x, other.y, other.heading = spots[direction]
    else:
        _unplaced(other, notes)
    return roads + _stop_lines() + "".join(_signal(a) for a in actors if a.placed)


def _stop_lines() -> str:
    return (
        f'<line x1="242" y1="236" x2="278" y2="236" stroke="{MARK}" stroke-width="3"/>'
        f'<line x1="202" y1="144" x2="238" y2="144" stroke="{MARK}" stroke-width="3"/>'
        f'<line x1="286" y1="152" x2="286" y2="188" stroke="{MARK}" stroke-width="3"/>'
        f'<line x1="194" y1="192" x2="194" y2="228" stroke="{MARK}" stroke-width="3"/>'
    )


def _draw_straight(
    facts: AccidentFacts, actors: list[_Actor], direction: str | None, notes: list[str]
) -> str:
    lanes = 3 if facts.place == "highway" else 2
    top, lane_h = 190 - lanes * 24, 48
    # Same-direction lanes below the centre line (traffic moves right), the opposing lane above.
    out = [
        f'<rect x="0" y="{top - lane_h}" width="{W}" height="{lane_h * (lanes + 1)}" fill="{ROAD}"/>',
        f'<line x1="0" y1="{top}" x2="{W}" y2="{top}" stroke="#f2c14e" stroke-width="3"/>',
    ]
    for i in range(1, lanes):
        y = top + i * lane_h
        out.append(
            f'<line x1="0" y1="{y}" x2="{W}" y2="{y}" stroke="{MARK}" stroke-width="2" stroke-dasharray="18 14"/>'
        )
    if facts.place == "highway":
        out.append(f'<text x="8" y="{top + lanes * lane_h + 18}" font-size="12" fill="#444">고속도로</text>')
    lane_y = [top + lane_h * (i + 0.5) for i in range(lanes)]
    me, other = actors
    moves = {a.movement for a in actors}
    if "crossing" in moves or "walking" in moves or "pedestrian" in {a.type for a in actors}:
        walker = next(
            (a for a in actors if a.type == "pedestrian" or a.movement in ("crossing", "walking")), other
        )
        car = me if walker is other else other
        car.x, car.y, car.heading = 120, lane_y[-1], 90
        walker.x, walker.y, walker.heading = 270, top + lanes * lane_h + 20, 0
        return "".join(out)
    me.x, me.y, me.heading = 250, lane_y[-1] if lanes > 1 else lane_y[0], 90
    outside = next((a for a in actors if a.movement in ("entering", "exiting")), None)
    if outside is not None:
        # Entering from (or leaving to) the roadside is itself the approach: a driveway below the road.
        on_road = me if outside is other else other
        on_road.x, on_road.y, on_road.heading = 170, lane_y[-1], 90
        out.append(f'<rect x="300" y="{top + lanes * lane_h}" width="60" height="{H}" fill="#9a9da3"/>')
        outside.x, outside.y = 330, top + lanes * lane_h + 40
        outside.heading = 0 if outside.movement == "entering" else 180
        return "".join(out)
    if direction == "opposite" or facts.collision == "head_on":
        other.x, other.y, other.heading = 380, top - lane_h / 2, 270
    elif direction == "behind" or (
        direction is None and facts.collision == "rear_end" and other.movement != "stopped"
    ):
        other.x, other.y, other.heading = 120, me.y, 90
    elif direction == "front" or (direction is None and facts.collision == "rear_end"):
        other.x, other.y, other.heading = 370, me.y, 90
    elif (
        "lane_change" in moves
        or "overtaking" in moves
        or "merging" in moves
        or facts.collision == "sideswipe"
    ):
        changer = next((a for a in actors if a.movement in ("lane_change", "overtaking", "merging")), other)
        keeper = me if changer is other else other
        keeper.x, keeper.y = 230, lane_y[-1] if lanes > 1 else lane_y[0]
        changer.x, changer.y = (
            (280 if changer.movement != "overtaking" else 150),
            lane_y[-2] if lanes > 1 else top - 24,
        )
        changer.heading = keeper.heading = 90
    elif direction in ("left", "right"):
        # From a side of the road (a side street or a driveway): below the road on the right.
        below = direction == "right"
        other.x, other.heading = 330, 0 if below else 180
        other.y = top + lanes * lane_h + 26 if below else top - lane_h - 10
    else:
        _unplaced(other, notes)
    return "".join(out)


def _draw_crosswalk(
    facts: AccidentFacts, actors: list[_Actor], direction: str | None, notes: list[str]
) -> str:
    out = [
        f'<rect x="0" y="130" width="{W}" height="120" fill="{ROAD}"/>',
        f'<line x1="0" y1="190" x2="{W}" y2="190" stroke="#f2c14e" stroke-width="2"/>',
    ]
    out += [
        f'<rect x="{300 + i * 0}" y="{134 + i * 14}" width="56" height="8" fill="{MARK}"/>' for i in range(8)
    ]
    walker = next(
        (a for a in actors if a.type == "pedestrian" or a.movement in ("crossing", "walking")), actors[1]
    )
    car = actors[0] if walker is actors[1] else actors[1]
    walker.x, walker.y, walker.heading = 328, 268, 0
    if car.movement in ("right_turn", "left_turn"):
        # A turning car comes up the side road and turns onto the road the crosswalk crosses.
        out.append(f'<rect x="180" y="250" width="70" height="{H}" fill="{ROAD}"/>')
        car.x, car.y, car.heading = 230 if car.movement == "right_turn" else 200, 320, 0
    else:
        car.x, car.y, car.heading = 120, 220, 90
    for a in actors:
        out.append(_signal(a))
    return "".join(out)


def _draw_roundabout(
    facts: AccidentFacts, actors: list[_Actor], direction: str | None, notes: list[str]
) -> str:
    cx, cy = 240, 190
    out = [
        f'<rect x="205" y="{cy}" width="70" height="{H}" fill="{ROAD}"/>',
        f'<rect x="{cx}" y="155" width="{W}" height="70" fill="{ROAD}"/>',
        f'<rect x="205" y="0" width="70" height="{cy}" fill="{ROAD}"/>',
        f'<rect x="0" y="155" width="{cx}" height="70" fill="{ROAD}"/>',
        f'<circle cx="{cx}" cy="{cy}" r="105" fill="{ROAD}"/>',
        f'<circle cx="{cx}" cy="{cy}" r="45" fill="{GRASS}" stroke="{MARK}" stroke-width="3"/>',
        f'<text x="{cx}" y="{cy + 4}" font-size="11" text-anchor="middle" fill="#446">회전교차로</text>',
    ]
    inside = [a for a in actors if _in_roundabout(facts, a)]
    for a in actors:
        if a in inside:
            # Counter-clockwise on the map: at the south-west of the ring it heads south-east.
            a.x, a.y, a.heading = cx - 62, cy + 50, 135
            a.movement = a.movement or "circulating"
        elif any(b is not a and b.x == 240 and b.y == 330 for b in actors):
            a.x, a.y, a.heading = 420, 172, 270  # a second entering party comes from the east
        else:
            a.x, a.y, a.heading = 240, 330, 0
    if not inside and all(_in_roundabout_known(facts, a) is None for a in actors):
        notes.append("누가 회전 중이었는지 설명에 없어 두 당사자를 진입로에 그렸습니다.")
    return "".join(out)


def _in_roundabout(facts: AccidentFacts, actor: _Actor) -> bool:
    return bool(_in_roundabout_known(facts, actor))


def _in_roundabout_known(facts: AccidentFacts, actor: _Actor) -> bool | None:
    return facts.parties[actor.index].in_roundabout


def _draw_parking(facts: AccidentFacts, actors: list[_Actor], direction: str | None, notes: list[str]) -> str:
    out = [
        f'<rect x="0" y="0" width="{W}" height="{H}" fill="#b9bcc2"/>',
        f'<rect x="0" y="150" width="{W}" height="80" fill="{ROAD}"/>',
    ]
    for i in range(10):
        x = 10 + i * 48
        out.append(
            f'<rect x="{x}" y="60" width="44" height="88" fill="none" stroke="{MARK}" stroke-width="2"/>'
        )
        out.append(
            f'<rect x="{x}" y="232" width="44" height="88" fill="none" stroke="{MARK}" stroke-width="2"/>'
        )
    out.append('<text x="8" y="20" font-size="12" fill="#333">주차장</text>')
    bay = next((a for a in actors if a.movement in ("reversing", "exiting", "starting", "stopped")), None)
    for a in actors:
        if a is bay:
            a.x, a.y = 226, 110
            a.heading = 0 if a.movement == "reversing" else 180  # nose in the bay, reversing out
        else:
            a.x, a.y, a.heading = 130, 200, 90
    return "".join(out)


_DRAW = {
    "intersection": _draw_intersection,
    "straight": _draw_straight,
    "crosswalk": _draw_crosswalk,
    "roundabout": _draw_roundabout,
    "parking": _draw_parking,
}


# --------------------------------------------------------------------------------------------
# Drawing primitives
# --------------------------------------------------------------------------------------------
def _unit(heading: float) -> tuple[float, float, float, float]:
    """(forward x, forward y, right x, right y) of a heading in degrees."""
    h = math.radians(heading)
    return math.sin(h), -math.cos(h), math.cos(h), math.sin(h)


def _icon(a: _Actor) -> str:
    c = COLOURS[a.index % 2]
    t = a.type
    if t == "pedestrian":
        shape = (
            f'<circle cx="0" cy="-9" r="5" fill="{c}"/>'
            f'<path d="M0 -4 L0 8 M-7 0 L7 0 M0 8 L-5 16 M0 8 L5 16" stroke="{c}" stroke-width="3" fill="none"/>'
        )
    elif t in ("bicycle",):
        shape = (
            f'<circle cx="0" cy="-10" r="6" fill="none" stroke="{c}" stroke-width="3"/>'
            f'<circle cx="0" cy="10" r="6" fill="none" stroke="{c}" stroke-width="3"/>'
            f'<path d="M0 -10 L0 10 M-6 -12 L6 -12" stroke="{c}" stroke-width="3"/>'
        )
    elif t == "two_wheeler":
        shape = (
            f'<ellipse cx="0" cy="0" rx="6" ry="15" fill="{c}"/>'
            f'<path d="M-8 -10 L8 -10" stroke="{c}" stroke-width="3"/>'
        )
    elif t == "pm":
        shape = (
            f'<rect x="-4" y="-14" width="8" height="28" rx="3" fill="{c}"/>'
            f'<path d="M-8 -14 L8 -14" stroke="{c}" stroke-width="3"/>'
        )
    else:
        length = 52 if t in ("bus", "truck") else 38
        shape = (
            f'<rect x="-11" y="{-length / 2}" width="22" height="{length}" rx="5" fill="{c}" stroke="#fff" '
            f'stroke-width="1.5"/><rect x="-8" y="{-length / 2 + 6}" width="16" height="7" rx="2" fill="#cfe3f7"/>'
        )
    dash = ' opacity="0.75"' if not a.placed else ""
    return f'<g transform="translate({a.x:.0f},{a.y:.0f}) rotate({a.heading:.0f})"{dash}>{shape}</g>'


def _arrow(a: _Actor, others: list[_Actor]) -> str:
    """The movement as an arrow from the party's front."""
    if not a.placed or a.movement in (None, "stopped", "door_opening"):
        return ""
    fx, fy, rx, ry = _unit(a.heading)
    x0, y0 = a.x + fx * 24, a.y + fy * 24
    c = COLOURS[a.index % 2]
    dash = ""
    m = a.movement
    if m == "circulating":
        path = f"M{x0:.0f} {y0:.0f} Q{x0 + fx * 40:.0f} {y0 + fy * 40:.0f} {x0 + fx * 50 + rx * -30:.0f} {y0 + fy * 50 - ry * 30:.0f}"
    elif m in ("straight", "crossing", "walking", "entering", "exiting", "merging"):
        path = f"M{x0:.0f} {y0:.0f} L{x0 + fx * 80:.0f} {y0 + fy * 80:.0f}"
    elif m == "starting":
        path = f"M{x0:.0f} {y0:.0f} L{x0 + fx * 35:.0f} {y0 + fy * 35:.0f}"
    elif m in ("left_turn", "right_turn"):
        s = -1 if m == "left_turn" else 1
        d1, d2 = (85, 85) if m == "left_turn" else (40, 45)
        cx, cy = x0 + fx * d1, y0 + fy * d1
        ex, ey = cx + s * rx * d2, cy + s * ry * d2
        path = f"M{x0:.0f} {y0:.0f} Q{cx:.0f} {cy:.0f} {ex:.0f} {ey:.0f}"
    elif m == "u_turn":
        cx, cy = x0 + fx * 60, y0 + fy * 60
        ex, ey = x0 - rx * 36, y0 - ry * 36
        path = (
            f"M{x0:.0f} {y0:.0f} C{cx:.0f} {cy:.0f} {cx - rx * 36:.0f} {cy - ry * 36:.0f} {ex:.0f} {ey:.0f}"
        )
    elif m in ("lane_change", "overtaking"):
        target = next((o for o in others if o is not a), None)
        lat = (target.y - a.y) if target is not None else 48
        ex, ey = x0 + fx * 90, a.y + lat
        path = (
            f"M{x0:.0f} {y0:.0f} C{x0 + fx * 45:.0f} {y0:.0f} {x0 + fx * 45:.0f} {ey:.0f} {ex:.0f} {ey:.0f}"
        )
    elif m == "reversing":
        x0, y0 = a.x - fx * 24, a.y - fy * 24
        path = f"M{x0:.0f} {y0:.0f} L{x0 - fx * 60:.0f} {y0 - fy * 60:.0f}"
        dash = ' stroke-dasharray="7 5"'
    else:
        return ""
    marker = f"arrow{a.index % 2}"
    return (
        f'<path d="{path}" fill="none" stroke="{c}" stroke-width="4" stroke-linecap="round"{dash} '
        f'marker-end="url(#{marker})" opacity="0.9"/>'
    )


def _signal(a: _Actor) -> str:
    """A small signal head beside the party, its state lit (only when the facts give one)."""
    if a.signal in (None, "unknown"):
        return ""
    fx, fy, rx, ry = _unit(a.heading)
    x, y = a.x + rx * 34 + fx * 10, a.y + ry * 34 + fy * 10
    if a.signal == "none":
        return f'<text x="{x:.0f}" y="{y:.0f}" font-size="11" text-anchor="middle"{_HALO}>신호 없음</text>'
    lit = SIGNAL_RGB.get(a.signal, "#888")
    order = ("red", "yellow", "green")
    lamps = "".join(
        f'<circle cx="{-12 + i * 12}" cy="0" r="4.5" fill="{lit if a.signal.startswith(k) else "#333"}"/>'
        for i, k in enumerate(order)
    )
    flash = "점멸" in SIGNAL_KO.get(a.signal, "")
    label = SIGNAL_KO.get(a.signal, a.signal)
    style = ' font-style="italic"' if flash else ""
    return (
        f'<g transform="translate({x:.0f},{y:.0f})"><rect x="-19" y="-7" width="38" height="14" rx="3" '
        f'fill="#111"/>{lamps}</g><text x="{x:.0f}" y="{y + 20:.0f}" font-size="10" text-anchor="middle" '
        f"{_HALO}{style}>{escape(label)}</text>"
    )


def _impact(facts: AccidentFacts, layout: str, actors: list[_Actor]) -> str:
    """A star where the collision happened, only when the facts state a collision type."""
    if facts.collision in (None, "other") or not all(a.placed for a in actors):
        return ""
    me, other = actors
    if layout == "intersection" and facts.collision in ("side", "head_on"):
        x, y = 240, 190
    elif layout == "crosswalk":
        walker = next((a for a in actors if a.type == "pedestrian"), other)
        x, y = walker.x, walker.y - 40
    else:
        x, y = (me.x + other.x) / 2, (me.y + other.y) / 2
    pts = []
    for i in range(16):
        r = 16 if i % 2 == 0 else 7
        ang = math.pi * i / 8
        pts.append(f"{x + r * math.cos(ang):.0f},{y + r * math.sin(ang):.0f}")
    return (
        f'<polygon points="{" ".join(pts)}" fill="#ffd400" stroke="#c00" stroke-width="2"/>'
        f'<text x="{x + 18:.0f}" y="{y - 10:.0f}" font-size="11" fill="#c00" font-weight="700">충돌</text>'
    )


def _label(a: _Actor, others: list[_Actor]) -> str:
    role = f" ({a.role})" if a.role else ""
    move = MOVE_KO.get(a.movement or "", "진행 미상")
    where = "" if a.placed else " · 방향 미상"
    text = f"{a.name}{role} · {TYPE_KO.get(a.type, a.type)} · {move}{where}"
    width = 12 + 11.5 * len(text)
    x = min(max(a.x - width / 2, 4), W - width - 4)
    y = a.y - 40 if a.y > 60 else a.y + 30
    if any(o is not a and abs(o.x - a.x) < width / 2 + 12 and -30 < o.y - (y + 10) < 30 for o in others):
        y = a.y + 26  # the label would cover the other party: put it below this one
    y = min(max(y, 6), H - 24)
    c = COLOURS[a.index % 2]
    return (
        f'<g class="sketch-label" data-party="{escape(a.name, {chr(34): "&quot;"})}">'
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{width:.0f}" height="20" rx="4" fill="#fff" stroke="{c}" '
        f'opacity="0.93"/><text x="{x + 6:.0f}" y="{y + 14:.0f}" font-size="12" fill="{c}" '
        f'font-weight="600">{escape(text)}</text></g>'
    )


def _svg(layout: str, facts: AccidentFacts, actors: list[_Actor], body: str) -> str:
    markers = "".join(
        f'<marker id="arrow{i}" viewBox="0 0 10 10" refX="6" refY="5" markerWidth="4" markerHeight="4" '
        f'orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="{c}"/></marker>'
        for i, c in enumerate(COLOURS)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
        f'class="katalog-sketch" data-layout="{layout}" role="img" '
        f'aria-label="사고 장면: {escape(LAYOUT_KO[layout])}" '
        "font-family=\"'NanumGothic','Noto Sans KR','Malgun Gothic',sans-serif\">",
        f"<defs>{markers}</defs>",
        f'<rect width="{W}" height="{H}" fill="{GRASS}"/>',
        body,
        *(_arrow(a, actors) for a in actors),
        *(_icon(a) for a in actors),
        _impact(facts, layout, actors),
        *(_label(a, actors) for a in actors),
        "</svg>",
    ]
    return "".join(parts)
