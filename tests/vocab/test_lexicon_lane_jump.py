"""The lane-jump cue of 연속진로변경 is written out in modifiers.yaml; this rebuilds it from its rule.

"N차로에서 … M차로로 (진로)변경" with |N-M| >= 2: regex cannot subtract, so there is one alternative
per N with the far lanes as a character class. Editing the YAML by hand must keep that rule.
"""

from __future__ import annotations

import re

from katalog.facts import lexicon as lx
from katalog.vocab import load


def _rule(gap: str) -> str:
    alts = []
    for n in range(1, 10):
        far = "".join(str(m) for m in range(1, 10) if abs(m - n) >= 2)
        alts.append(rf"{n}\s?(?:차로|차선)(?:에서|로부터)\s?{gap}[{far}]\s?(?:차로|차선)(?:로|으로|까지)")
    return (r"(?<![\d도복])(?<!편도\s)(?<!왕복\s)(?:" + "|".join(alts) + r")"
            r"[^,.]{0,12}?(?:변경|바꾸|바꿔|바꾼|이동|끼어|넘어|진입|옮)")


def test_lane_jump_pattern_follows_its_rule() -> None:
    gap = r"(?:(?![가-힣]{0,10}\s?(?:회전|유턴|턴))[가-힣]{0,10}\s?(?:다가|하며|면서|하여|해서|하던|하는|하다|하고|중)\s?){0,3}"
    assert lx._LANE_JUMP == _rule(gap)
    assert load("modifiers").patterns("연속진로변경")[0] == lx._LANE_JUMP


def test_lane_jump_reads_two_lanes_apart_only() -> None:
    assert re.search(lx._LANE_JUMP, "1차로에서 주행하다가 3차로로 진로변경")
    assert not re.search(lx._LANE_JUMP, "1차로에서 주행하다가 2차로로 진로변경")
    assert not re.search(lx._LANE_JUMP, "편도 3차로에서 1차로로 진로변경")
