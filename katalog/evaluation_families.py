"""Chart families used to stratify the everyday corpus and to report metrics per family."""

from __future__ import annotations

import re

from katalog.vocab import load

_CAR_NUMBER = load("text_checks").regex("car_chart_number")

FAMILIES = (
    "보",
    "차-intersection",
    "차-same-direction",
    "거",
    "two-wheelers",
    "PM",
    "회전",
    "비정형",
    "decline",
)


def family_of(chart_id: str | None, category: str = "", road_users: tuple[str, ...] | list[str] = ()) -> str:
    """The reporting family of a chart id (None: a row that must be declined).

    A motorcycle on a car chart is reported as `two-wheelers`: the standard reads 이륜차 through the
    car charts (plus modifiers), and those rows fail in their own way (type words, delivery bikes).
    """
    if not chart_id:
        return "decline"
    if "motorcycle" in road_users and chart_id.startswith(("차", "비정형")):
        return "two-wheelers"
    if chart_id.startswith("보"):
        return "보"
    if chart_id.startswith("거"):
        return "거"
    if chart_id.startswith("PM") or re.fullmatch(r"\d{1,2}", chart_id):  # eval files name PM tables by number
        return "PM"
    if chart_id.startswith("회전") or chart_id.startswith("차54"):
        return "회전"
    if chart_id.startswith("비정형"):
        return "비정형"
    if chart_id.startswith("차"):
        m = _CAR_NUMBER.match(chart_id)
        return "차-intersection" if m and int(m.group(1)) < 31 else "차-same-direction"
    if re.fullmatch(r"3\d\d(-\d+)?", chart_id) or "이륜" in category:
        return "two-wheelers"
    return "차-same-direction" if chart_id.startswith("5") else "other"
