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


def _observed(objs: list, names: list[str]) -> dict[str, list]:
    """Values each field takes across `objs` (hashable by repr), so a mutated copy stays a valid model."""
    seen: dict[str, dict[str, object]] = {n: {} for n in names}
    for o in objs:
        for n in names:
            v = getattr(o, n)
            seen[n].setdefault(repr(v), v)
    return {n: list(vs.values()) for n, vs in seen.items()}


def test_memo_keys_hold_every_field_the_party_fit_reads() -> None:
    """A described party or a role differing in a field the keys leave out would share a remembered fit it
    should not (the roundabout lane was such a field once): whenever a one-field change keeps the key, the
    fit must not change."""
    sigs = chart_signatures()
    roles = [r for sig in sigs.values() for r in (sig.A, sig.B)]
    parties = [p for t in TEXTS for p in extract_facts(t).parties]
    extra = {"roundabout_lane": ["inner", "outer", None], "from_direction": [d for d in
             {r.direction for r in roles} if d in ("left", "right", "front", "behind", "opposite", "side")]}
    pf = _observed(parties, [n for n in type(parties[0]).model_fields if n not in ("name", "evidence")])
    for n, vs in extra.items():
        pf.setdefault(n, []).extend(v for v in vs if v not in pf[n])
    rf = _observed(roles, list(type(roles[0]).model_fields))

    def fits(p, rs) -> list:
        return [C._party_fit(p, r, [], "A") for r in rs]

    for base in parties[:3]:
        want = fits(base, roles)
        for name, values in pf.items():
            for v in values:
                other = base.model_copy(update={name: v})
                if C._query_key(other) == C._query_key(base):
                    assert fits(other, roles) == want, f"PartyFacts.{name}={v!r} changes the fit, not the key"
    # described parties that state what the sample texts leave open, so each role field has something to meet
    probes = parties + [p.model_copy(update={n: v}) for p in parties[:2] for n, vs in extra.items() for v in vs]
    for base in roles[::20]:
        want = [C._party_fit(p, base, [], "A") for p in probes]
        for name, values in rf.items():
            for v in values:
                other = base.model_copy(update={name: v})
                if C._role_key_of(other) == C._role_key_of(base):
                    got = [C._party_fit(p, other, [], "A") for p in probes]
                    assert got == want, f"PartySignature.{name}={v!r} changes the fit, not the key"
