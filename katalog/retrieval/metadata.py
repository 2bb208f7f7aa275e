"""Keyword detectors for document metadata: party types, place and signal presence.

Used by the corpus importer (charts without structured place data, precedents, decisions,
law articles). Values follow `katalog.models.Place` and `katalog.standard.schema.PartyType`.
"""

from __future__ import annotations

import re

from katalog.vocab import load

_C = load("chart_cues")  # road users, walking cues and scene terms (data/vocab/chart_cues.yaml)
_P = load("places")  # *_doc place words and signal presence (data/vocab/places.yaml)

_PARTY_PATTERNS: list[tuple[str, str]] = _C.pairs(
    [e.key for e in _C.entries if e.key.startswith("party_") and e.patterns]
)

#: Most specific place first: the first pattern that matches wins (the *_doc entries in file order).
_PLACE_PATTERNS: list[tuple[str, str]] = _P.pairs(
    [e.key for e in _P.entries if e.key.endswith("_doc") and "signal_doc" not in e.key]
)

_NO_SIGNAL = _P.regex("no_signal_doc")
_SIGNAL = _P.regex("signal_doc")


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
_PEDESTRIAN_CUES = _C.regex("pedestrian_walking")


def query_road_users(normalized_query: str) -> frozenset[str]:
    """Non-car road users a (lay-normalised) query names; walking cues imply a pedestrian
    only when no bicycle, two-wheeler or PM is named."""
    found = {t for t in detect_party_types(normalized_query) if t in VULNERABLE_TYPES}
    if not found and _PEDESTRIAN_CUES.search(normalized_query):
        found.add("pedestrian")
    return frozenset(found)


#: Scene words a chart title can require: a chart about an emergency vehicle, a parking lot or a
#: stopped car is unlikely when the query never mentions one (matched on lay-normalised text).
SCENE_TERMS: dict[str, str] = dict(_C.pairs([e.key for e in _C.entries if e.key.startswith("scene_")]))


def scene_terms(text: str) -> frozenset[str]:
    """Keys of `SCENE_TERMS` whose pattern occurs in `text`."""
    return frozenset(k for k, p in SCENE_TERMS.items() if re.search(p, text))
