"""Shared fixtures for the engine tests: one warm-up of the shipped retriever/index per session.

The first `assess` call loads the persisted hybrid index (several seconds); every later call in
the process reuses it, so the whole folder pays that cost once.
"""

from __future__ import annotations

import functools
import os
import re

import pytest

from katalog.engine import assess
from katalog.evaluation import chart_matches
from katalog.facts import extract_facts
from katalog.matching.candidates import structured_fit
from katalog.matching.signatures import chart_signatures, described_cues
from katalog.models import Assessment
from katalog.stages.calculation import evaluate_chart
from katalog.stages.names import party_names
from katalog.standard.loader import Standard, load_standard


@pytest.fixture(scope="session", autouse=True)
def _rules_only_and_warm():
    """No LLM backend from the environment (the embedded rules are under test), index warmed once."""
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("KATALOG_LLM_")}
    a = assess("신호기 있는 교차로에서 당사 차량은 녹색신호에 직진하고 상대 차량은 적색신호에 직진하다 충돌")
    assert a.status == "ok", a.error
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session")
def std() -> Standard:
    """The shipped standard (`load_standard` caches it; every engine test file reads the same one)."""
    return load_standard()


PARTIES = ["당사 차량", "상대 차량"]


@functools.cache
def assessed(text: str) -> Assessment:
    """One undated, rules-and-reader assessment per text, shared by the tests of a file that check several
    things of the same row (chart, first three, A's base)."""
    return assess(text)


#: one row's answer: (top chart or None, top 3, A party, B party, A's base)
Answer = tuple[str | None, list[str], str | None, str | None, int | None]


def answer_rows(rows: list[tuple]) -> dict[str, Answer]:
    """rid → the answer of every (id, expected, A hint, A's base, text) row, each text assessed once."""
    out = {}
    for rid, _exp, _a, _base, text in rows:
        a = assessed(text)
        top = a.chart_id if a.status == "ok" else None
        top3 = ([top] if top else []) + [c.chart_id for c in a.candidates[:3] if c.chart_id != top]
        A = a.mapping.A if a.mapping else None
        B = a.mapping.B if a.mapping else None
        out[rid] = (top, top3[:3], A, B, a.base.get(A) if (a.base and A) else None)
    return out


def top1_right(std: Standard, row: tuple, ans: Answer) -> bool:
    """The row's answer put one of its expected charts first (an abstention is a miss)."""
    return ans[0] is not None and chart_matches(ans[0], row[1], std)


def base_right(row: tuple, ans: Answer) -> bool:
    """A's base is the expected one and A is the expected party (a generic 당사자N counts when B is not it)."""
    _rid, _exp, hint, base, _text = row
    _top, _top3, A, B, pb = ans
    if pb != base or A is None:
        return False
    return hint is None or bool(re.search(hint, A)) or (A.startswith("당사자") and not (B and re.search(hint, B)))


def on_chart(std: Standard, text: str, parties: list[str], chart_id: str) -> tuple[str, set[str], list[int], str]:
    """`text` judged on `chart_id` with the engine's A/B order for that chart: (the party on A, the applied
    modifier ids, the final ratio in `parties` order, the variant)."""
    sig = chart_signatures()[chart_id]
    facts = extract_facts(text, parties)
    names = party_names(facts, parties)
    swapped = structured_fit(facts, sig, described_cues(text, facts)).swapped
    ev = evaluate_chart(std.charts[chart_id], sig, facts, names, swapped)
    a = names[1] if swapped else names[0]
    final = [ev.calc.final.A if p == a else ev.calc.final.B for p in parties]
    return a, {m.id for m, _ in ev.chosen}, final, ev.variant


def row_params(rows: list[tuple], still_wrong: dict[str, str]) -> list:
    """One `pytest.param` per row, its id the row's first field; a row still wrong is a strict xfail with why
    (a fix that makes it right must move it out of the list)."""
    return [pytest.param(r, id=r[0], marks=[pytest.mark.xfail(strict=True, reason=still_wrong[r[0]])]
                         if r[0] in still_wrong else []) for r in rows]
