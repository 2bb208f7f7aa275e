"""Keyword detectors for document metadata: party types, place and signal presence.

Used by the corpus importer (charts without structured place data, precedents, decisions,
law articles). Values follow `katalog.models.Place` and `katalog.standard.schema.PartyType`.
"""

from __future__ import annotations

import re

_PARTY_PATTERNS: list[tuple[str, str]] = [
    ("pedestrian", r"보행자|보행인|횡단\s*중|보도를\s*통행"),
    ("bicycle", r"자전거"),
    ("two_wheeler", r"이륜차|오토바이|원동기장치자전거"),
    ("pm", r"개인형\s*이동장치|킥보드|PM"),
    ("bus", r"버스"),
    ("truck", r"화물차|트럭"),
    ("car", r"자동차|차량|승용차|[AB]차|차대차"),
]

#: Most specific place first: the first pattern that matches wins.
_PLACE_PATTERNS: list[tuple[str, str]] = [
    ("roundabout", r"회전교차로"),
    ("parking_lot", r"주차장"),
    ("highway", r"고속도로|자동차전용도로"),
    ("crosswalk", r"횡단보도|자전거\s*횡단도"),
    ("merge", r"합류|차로\s*감소|차로가\s*줄"),
    ("off_road", r"도로\s*외|도로가\s*아닌\s*장소|주유소|건물"),
    ("partial_signal_intersection", r"한쪽[^.]{0,15}신호|일방\s*신호"),
    ("intersection", r"교차로|사거리|삼거리|네거리"),
    ("alley", r"골목|이면도로|소로"),
    ("straight_road", r"직선\s*도로|동일\s*방향|대향|차로\s*변경|진로\s*변경|추돌|중앙선"),
]

_NO_SIGNAL = re.compile(r"신호(?:기|등)?(?:가|이|에\s*의해\s*교통정리가\s*행하여지고\s*있지)?\s*(?:없|않)|무신호|비신호")
_SIGNAL = re.compile(r"신호(?:기|등)|[녹적황]색\s*(?:좌회전)?\s*(?:신호|점멸|등화|화살표)|신호\s*위반|점멸")


def detect_party_types(text: str) -> list[str]:
    """Road-user types mentioned, in a fixed order."""
    return [t for t, p in _PARTY_PATTERNS if re.search(p, text)]


def detect_has_signal(text: str) -> bool | None:
    """True when the scene has signals, False when the text says it has none, else None."""
    if _NO_SIGNAL.search(text):
        return False
    if _SIGNAL.search(text):
        return True
    return None


def detect_place(text: str) -> str | None:
    """A `Place` value, or None. Intersections are split by `detect_has_signal`."""
    for place, pattern in _PLACE_PATTERNS:
        if re.search(pattern, text):
            if place == "intersection":
                sig = detect_has_signal(text)
                return "signal_intersection" if sig else "unsignal_intersection" if sig is False else "other"
            return place
    return None


#: Road-user types that set a chart apart from car-vs-car charts.
VULNERABLE_TYPES = ("pedestrian", "bicycle", "two_wheeler", "pm")
_PEDESTRIAN_CUES = re.compile(r"건너|횡단|걷|걸어|치였|치여|치이|충격했")


def query_road_users(normalized_query: str) -> frozenset[str]:
    """Non-car road users a (lay-normalised) query names; walking cues imply a pedestrian
    only when no bicycle, two-wheeler or PM is named."""
    found = {t for t in detect_party_types(normalized_query) if t in VULNERABLE_TYPES}
    if not found and _PEDESTRIAN_CUES.search(normalized_query):
        found.add("pedestrian")
    return frozenset(found)


#: Scene words a chart title can require: a chart about an emergency vehicle, a parking lot or a
#: stopped car is unlikely when the query never mentions one (matched on lay-normalised text).
SCENE_TERMS: dict[str, str] = {
    "긴급자동차": r"긴급자동차",
    "주정차": r"주\s*·?\s*정차|주차\s*중|정차\s*중|정차된|주차된|세워",
    "주차장": r"주차장|주차구획",
    "고속도로": r"고속도로|자동차전용도로",
    "회전교차로": r"회전교차로",
    "2차로형": r"2\s*차로\s*형|2\s*차로\s*회전|회전\s*2\s*차로|2\s*개\s*차로|두\s*개?\s*차로",
    "일방통행": r"일방통행",
    "정체": r"정체|막히|밀린",
    "안전지대": r"안전지대",
    "자전거도로": r"자전거\s*(?:전용\s*)?도로",
    "공사": r"공사",
}


def scene_terms(text: str) -> frozenset[str]:
    """Keys of `SCENE_TERMS` whose pattern occurs in `text`."""
    return frozenset(k for k, p in SCENE_TERMS.items() if re.search(p, text))
