"""Shared fixtures for the fact tests: the shipped standard and the modifiers a text earns on a chart."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from katalog.facts import extract_facts
from katalog.modifier_selection import select_modifiers
from katalog.standard.loader import Standard, load_standard

NAMES = ["청구차량", "피청구차량"]


@pytest.fixture(scope="session")
def std() -> Standard:
    return load_standard()


@pytest.fixture(scope="session")
def applied(std: Standard) -> Callable[[str, str, dict[int, str]], set[tuple[str, str]]]:
    """applied(chart_id, text, {party index: "A"/"B"}) → {(party, modifier key)} on the chart's first variant."""

    def run(chart_id: str, text: str, mapping: dict[int, str]) -> set[tuple[str, str]]:
        chart = std.charts[chart_id]
        facts = extract_facts(text, parties=NAMES)
        sel = select_modifiers(chart, chart.variants[0].key, facts, mapping)
        return {(m.party, m.key) for m, _ in sel.applied}

    return run


@pytest.fixture(scope="session")
def by_name() -> Callable[[str, list[str]], dict]:
    """by_name(text, party names) → {name: the extracted party} for the named parties of a text."""

    def run(text: str, parties: list[str]) -> dict:
        return {p.name: p for p in extract_facts(text, parties=parties).parties}

    return run


@pytest.fixture(scope="session")
def fits() -> Callable[..., list[float]]:
    """fits(text, party names, *chart ids) → the structured fit score of each chart for the text's facts."""
    from katalog.matching.candidates import structured_fit
    from katalog.matching.signatures import chart_signatures, special_cues

    def run(text: str, parties: list[str], *cids: str) -> list[float]:
        facts = extract_facts(text, parties=parties)
        sigs, cues = chart_signatures(), special_cues(text)
        return [structured_fit(facts, sigs[c], cues).score for c in cids]

    return run
