"""The remembered party fits (`_party_row`) give exactly what `_party_fit` gives, as either role."""

from __future__ import annotations

import pytest

from katalog.facts.extract import extract_facts
from katalog.matching import candidates as C
from katalog.matching.signatures import chart_signatures, described_cues

TEXTS = [
    "신호등 없는 사거리에서 제가 직진하는데 왼쪽 길에서 좌회전하던 차가 들이받았어요",
    "녹색불에 건너던 보행자를 우회전하던 차가 쳤습니다",
    "편도 2차로에서 옆 차로 차가 깜빡이 없이 제 앞으로 끼어들다 부딪혔어요",
    "회전교차로 안을 돌고 있는데 진입하던 오토바이가 제 차 옆을 박았습니다",
]


@pytest.mark.parametrize("text", TEXTS)
def test_remembered_party_fit_equals_fresh(text: str) -> None:
    facts = extract_facts(text)
    sigs = chart_signatures()
    for p in facts.parties[:2]:
        row = C._party_row(C._query_key(p))
        for sig in list(sigs.values())[:120]:
            for role in (sig.A, sig.B):
                key = C._role_key_of(role)
                got = row.get(key) or C._party_fit_in(row, p, role, key)
                for tag, said in (("A", got[3]), ("B", got[4])):
                    reasons: list[str] = []
                    assert C._party_fit(p, role, reasons, tag) == got[:3]
                    assert tuple(reasons) == said


@pytest.mark.parametrize("text", TEXTS)
def test_fit_same_cold_and_warm(text: str) -> None:
    facts = extract_facts(text)
    cues = described_cues(text, facts)
    sigs = chart_signatures()
    C._ROWS.clear()
    cold = {cid: C.structured_fit(facts, sig, cues) for cid, sig in sigs.items()}
    warm = {cid: C.structured_fit(facts, sig, cues) for cid, sig in sigs.items()}
    assert cold == warm
