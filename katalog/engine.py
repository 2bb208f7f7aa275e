"""The KATALOG engine: a Korean accident description → an explained liability split.

Stages (one function each): facts → retrieval → candidates → mapping & variant → modifiers →
calculator → what-if, questions, citations, explanation. Works with no LLM; an LLM backend, when
given, only proposes facts / chart / modifiers, which are validated before anything is kept.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any, NamedTuple

from katalog import __version__
from katalog.calculator import compute
from katalog.followup import answers_as_text, apply_answers, open_questions, options_for, question_text
from katalog.josa import josa
from katalog.matching.candidates import Ranked, rank_candidates, structured_fit
from katalog.matching.signatures import ChartSignature, PartySignature, chart_signatures, special_cues
from katalog.models import (
    Abstention,
    AccidentFacts,
    AppliedDelta,
    AppliedModifier,
    Assessment,
    ChartCandidate,
    Citation,
    Evidence,
    FollowUpQuestion,
    Override,
    PartyFacts,
    PartyMapping,
    PossibleModifier,
    WhatIf,
)
from katalog.modifier_selection import select_modifiers
from katalog.standard.schema import Chart, PartyKey, normalize_name

log = logging.getLogger(__name__)

MAX_CHARS = 5000  # longer text is truncated for analysis (the full text is kept on the assessment)
MIN_CONFIDENCE = 0.12  # below this the top chart is too uncertain to state a ratio
MIN_FIT = 0.45
CLOSE_GAP = 0.15

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text or "").strip()


# ------------------------------------------------------------------------------------------
# Stage helpers
# ------------------------------------------------------------------------------------------
RETRIEVAL_K = 1000  # more than the charts in the standard


def _retrieval_scores(query: str) -> tuple[dict[str, float], list[str]]:
    try:
        from katalog.retrieval import get_retriever

        # every chart gets its score: with a top-k cut the charts just below it fell to 0 and
        # lost to a worse-fitting chart that happened to be retrieved (k=40 cost 3 committee rows)
        hits = get_retriever().search_charts(query, k=RETRIEVAL_K)
        return {h.chart_id: h.score for h in hits}, []
    except Exception as exc:  # retrieval is an aid; the structured match still works without it
        log.warning("retrieval unavailable: %s", exc)
        return {}, [f"검색 색인을 사용할 수 없어 구조 매칭만 사용했습니다 ({type(exc).__name__})"]


class _Gate(NamedTuple):
    """When the engine abstains on its top chart: confidence below `min_conf` or fit below `min_fit`;
    with the reader, facts the rules call insufficient are still answered at confidence ≥ `trust`."""

    min_conf: float
    min_fit: float
    trust: float | None = None
    roles: Any = None  # the reader's party-role assigner (None: the structured fit's order)


def _rank(query: str, facts: AccidentFacts, sigs: dict[str, ChartSignature], retrieval: dict[str, float],
          cues: set[str]) -> tuple[list[Ranked], _Gate]:
    """Top charts and the abstention gate.

    With the learned reader (`katalog.reader`, docs/reader.md) the charts are ranked by the fused model
    and carry its calibrated confidence, which alone decides abstention; without its files, the rules
    alone decide (as before).
    """
    from katalog.reader import get_reader

    reader = get_reader()
    if reader is None:
        return rank_candidates(facts, sigs, retrieval, top=8, cues=cues), _Gate(MIN_CONFIDENCE, MIN_FIT)
    gate = _Gate(reader.abstain_below, 0.0, reader.trust_insufficient_above, reader.swapped)
    return reader.rank(query, facts, sigs, retrieval, cues, top=8), gate


def _party_names(facts: AccidentFacts, parties: list[str] | None) -> list[str]:
    if parties:
        return [p.strip() or f"당사자{i + 1}" for i, p in enumerate(parties[:2])]
    # Bare "A"/"B" placeholders would read like the chart's roles; name them neutrally.
    names = [{"A": "당사자1", "B": "당사자2"}.get(p.name, p.name) for p in facts.parties[:2]]
    while len(names) < 2:
        names.append("상대방" if names else "당사자1")
    if names[0] == names[1]:
        names = [f"{names[0]}(1)", f"{names[1]}(2)"]
    return names


def _variant_fit(v_a: PartySignature, v_b: PartySignature, qa: PartyFacts, qb: PartyFacts) -> float:
    score = 0.0
    for sig, q in ((v_a, qa), (v_b, qb)):
        if sig.signal and q.signal and q.signal != "unknown":
            score += 2.0 if sig.signal == q.signal else -2.0
        if sig.road and q.road:
            score += 1.0 if sig.road == q.road else -1.0
        if sig.movement and q.movement:
            score += 0.5 if sig.movement == q.movement else -0.5
        if sig.entered_first is not None and q.entered_first is not None:
            score += 1.0 if sig.entered_first == q.entered_first else -1.0
        if sig.in_roundabout is not None and q.in_roundabout is not None:
            # 399 (가) 이륜차 회전 중 / (나) 이륜차 진입: who circulates decides the variant
            score += 1.5 if sig.in_roundabout == q.in_roundabout else -1.5
    return score


def _choose_variant(
    sig: ChartSignature, qa: PartyFacts, qb: PartyFacts, conditions: set[str] | frozenset[str] = frozenset()
) -> tuple[str | None, bool]:
    """(variant key, decided-by-facts). None key = the chart has a single variant.

    `conditions` are the description's condition keys (scene and both parties): a variant that
    names one of them (동시 유턴, 안전지대 통과 후 …) gains, one whose condition is absent loses.
    """
    if not sig.variants:
        return None, True
    scored = [
        (_variant_fit(v.A, v.B, qa, qb) + sum(1.5 if c in conditions else -0.5 for c in v.conditions), -i, v.key)
        for i, v in enumerate(sig.variants)
    ]
    scored.sort(reverse=True)
    best = scored[0]
    decided = best[0] > 0 and (len(scored) == 1 or best[0] > scored[1][0])
    return best[2], decided


def _abstain(a: Assessment, code: str, message: str) -> Assessment:
    a.status = "abstained"
    a.abstention = Abstention(code=code, message=message)
    return a


# A second road user named in the text ("…차와 부딪혔어요", "차에 치였습니다", "상대방이 …").
_COUNTERPART = re.compile(
    r"(차|차량|버스|택시|트럭|화물차|오토바이|이륜차|자전거|킥보드|보행자|사람|상대방?|앞차|뒤차)\s*(와|과|를|을|에|가|이|랑|하고)"
)


# Places and conditions that pin a chart family even when the other party is only implied.
_GENERIC_CUES = {"교차로"}  # named by many charts; does not pin a chart family on its own
_ROAD_VEHICLES = {"car", "two_wheeler"}  # both follow the vehicle signal, so each needs its own
_SPECIFIC_PLACES = {"roundabout", "merge", "crosswalk", "parking_lot", "highway", "off_road"}


_VEHICLE_NAME = re.compile(r"^(?:피?청구|당사|상대|[A-Z])\s?(차량|차|자동차)$")
_CAR_HEAD = re.compile(r"(차량|자동차|차)$")


def _retrieval_query(text: str, names: list[str], plain_cars: set[str] | frozenset[str] = frozenset()) -> str:
    """The text with party labels ("피청구차량", "A차량", "당사 차량") reduced to the plain noun.

    Which label a vehicle wears says nothing about the chart, but the tokenizer splits
    "피청구차량이" and "청구차량이" differently, so without this the ranking could change when the
    two names are exchanged. Names of ordinary cars (`plain_cars`: "승용차", "SUV 차량") are reduced the
    same way; names that are road-user types (이륜차, 긴급자동차, 보행자) carry meaning and stay.
    """
    heads: dict[str, str] = {}
    for name in set(names) | set(plain_cars):
        m = _VEHICLE_NAME.match(name) or (_CAR_HEAD.search(name) if name in plain_cars and "긴급" not in name else None)
        if m:
            heads[name] = m.group(1)
    return _replace_names(text, heads).strip()


def _replace_names(text: str, replacements: dict[str, str]) -> str:
    """Replace party names, longest first so "피청구차량" is not read as "청구차량"; one-letter names stay."""
    for name in sorted(replacements, key=len, reverse=True):
        if len(name) > 1:
            text = text.replace(name, replacements[name])
    return text


def _script_counts(text: str) -> tuple[int, int]:
    """(Hangul syllables, Latin letters) in the text: the extractor reads Korean only."""
    hangul = sum(1 for ch in text if "가" <= ch <= "힣")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return hangul, latin


def _described(p: PartyFacts, text: str) -> bool:
    return bool(
        p.movement or p.signal not in (None, "unknown") or p.from_direction or p.type != "car" or p.in_roundabout
        or (len(p.name) > 1 and p.name in text)
    )


def _insufficient(facts: AccidentFacts, text: str) -> str | None:
    """Why the facts are too thin to name a chart, or None."""
    ps = facts.parties[:2]
    moves = [p for p in ps if p.movement or p.in_roundabout]
    described = [p for p in ps if _described(p, text)]
    specific = bool(special_cues(text) - _GENERIC_CUES) or facts.place in _SPECIFIC_PLACES or any(p.type != "car" for p in ps)
    # The described party's own name ("청구차량이") must not count as a mention of the other one.
    others = _replace_names(text, {p.name: " " for p in described})
    if len(ps) < 2 or (len(described) < 2 and not _COUNTERPART.search(others) and not specific):
        return "상대방(두 번째 당사자)이 누구인지, 어떻게 진행했는지 알 수 없습니다."
    # At a signal-controlled place the chart turns on both signals: one party's green says nothing
    # about the other, so a counterpart with neither signal nor movement is a question, not a guess.
    if facts.place == "signal_intersection" and all(p.type in _ROAD_VEHICLES for p in ps):
        known = [p for p in ps if p.signal not in (None, "unknown")]
        bare = [p for p in ps if p.signal in (None, "unknown") and not p.movement and p.type == "car"]
        if known and bare:
            return f"{bare[0].name}의 신호와 진행 방향이 설명에 없어 신호 교차로의 도표를 정할 수 없습니다."
    info = len(moves) + sum(1 for p in ps if p.signal not in (None, "unknown"))
    info += sum(1 for p in ps if p.from_direction) + (facts.collision is not None)
    info += sum(1 for p in ps if p.type != "car")
    if facts.place not in (None, "intersection", "other"):
        info += 1
    if info < 2 or (not moves and facts.collision is None and all(p.type == "car" for p in ps)):
        return "사고 장소와 양측의 진행 방향·신호가 충분히 드러나지 않아 도표를 정할 수 없습니다."
    return None


def _fault_of(name: str, mapping: PartyMapping, calc) -> int:
    """Final fault of the named party under this A/B mapping."""
    return calc.final.A if mapping.A == name else calc.final.B


def _named(ratio_a: int, ratio_b: int, mapping: PartyMapping) -> dict[str, int]:
    return {mapping.A: ratio_a, mapping.B: ratio_b}


def _mapping(chart: Chart, swapped: bool, names: list[str]) -> PartyMapping:
    first, second = names[0], names[1]
    a, b = (second, first) if swapped else (first, second)
    la, lb = chart.parties["A"].label, chart.parties["B"].label
    return PartyMapping(
        A=a,
        B=b,
        reason=f"{a}의 사고 상황이 도표의 A({la})에, {b}의 상황이 B({lb})에 부합합니다.",
    )


# ------------------------------------------------------------------------------------------
# Citations and explanation
# ------------------------------------------------------------------------------------------
def _modifier_source(d: AppliedDelta, ev_by_id: dict[str, Evidence | None], answered_keys: set[str]) -> str:
    """'user' for a modifier the caller pinned or that only an answer supports, else 'rules'."""
    if d.modifier_id not in ev_by_id:
        return "user"  # pinned with modifiers=
    if ev_by_id[d.modifier_id] is None and any(normalize_name(k) in normalize_name(d.name) for k in answered_keys):
        return "user"
    return "rules"


def _citations(chart: Chart, query: str, exclude_ids: list[str] | None) -> list[Citation]:
    cites = [
        Citation(
            kind="chart",
            id=chart.id,
            title=chart.title,
            text=chart.situation or chart.summary,
            ratio=" · ".join(f"({v.key}) A{v.base.A}:B{v.base.B}" for v in chart.variants),
        )
    ]
    try:
        from katalog.retrieval import get_retriever

        r = get_retriever()
        known_laws = {h.title: h for h in r.docs_by_kind("law")} if hasattr(r, "docs_by_kind") else {}
        for law in chart.laws:
            doc = known_laws.get(law)
            if doc is not None or not known_laws:
                cites.append(Citation(kind="law", id=law, title=law, text=(doc.text[:400] if doc else "")))
        for kind in ("precedent", "committee"):
            for h in r.search(query + " " + chart.title, k=3, kinds=[kind], exclude_ids=exclude_ids):
                ratio = h.metadata.get("decided_ratio") if kind == "committee" else None
                cites.append(
                    Citation(kind=kind, id=h.doc_id, title=h.title, text=h.text[:400], ratio=ratio, score=h.score)
                )
    except Exception as exc:
        log.warning("citation retrieval failed: %s", exc)
        cites.extend(Citation(kind="law", id=law, title=law) for law in chart.laws)
    return cites


def _explain(a: Assessment) -> str:
    from katalog.llm.explain import explain_template

    return explain_template(a)


def _llm_timeouts() -> tuple[float, float, float]:
    """(proposal, explanation, whole assessment) time limits from the LLM settings (KATALOG_LLM_*).

    The third is one deadline shared by every LLM call of an assessment (`katalog.llm.deadline`):
    each call gets the smaller of its own limit and what is left of it."""
    from katalog.llm.settings import LLMSettings

    try:
        s = LLMSettings.from_env()
        return s.proposal_timeout_s, s.explain_timeout_s, s.assessment_timeout_s
    except Exception:  # a misconfigured env already surfaced when the backend was built
        return 60.0, 30.0, 20.0


# ------------------------------------------------------------------------------------------
# The pipeline
# ------------------------------------------------------------------------------------------
def _evaluate_chart(
    chart: Chart,
    sig: ChartSignature,
    facts: AccidentFacts,
    names: list[str],
    swapped: bool,
    variant: str | None = None,
    extra_modifiers: list[str] | None = None,
):
    """Mapping, variant, modifiers and calculation of one chart for these facts."""
    q = list(facts.parties[:2]) + [PartyFacts(name=n) for n in names[len(facts.parties) :]]
    qa, qb = (q[1], q[0]) if swapped else (q[0], q[1])
    decided = True
    if variant is None:
        conditions = set(facts.conditions).union(*(p.conditions for p in facts.parties))
        variant, decided = _choose_variant(sig, qa, qb, conditions)
    variant_key = chart.variant(variant).key
    mapping = _mapping(chart, swapped, names)
    party_index: dict[int, PartyKey] = {0: "B", 1: "A"} if swapped else {0: "A", 1: "B"}
    sel = select_modifiers(chart, variant_key, facts, party_index)
    ids = [m.id for m, _ in sel.applied] + list(extra_modifiers or [])
    calc = compute(chart, variant_key, ids)
    return variant_key, decided, mapping, sel, calc


def assess(
    description: str,
    parties: list[str] | None = None,
    llm: Any = None,
    *,
    answers: dict[str, Any] | None = None,
    exclude_ids: list[str] | None = None,
    chart_id: str | None = None,
    variant: str | None = None,
    modifiers: list[str] | None = None,
    party_a: str | None = None,
) -> Assessment:
    """Assess `description`. `chart_id`/`variant`/`modifiers` pin a user's choice (UI what-if).

    `party_a` names the party the user puts on the chart's A role (the A⇄B swap); it is kept
    whatever chart or answers follow. Each pin differing from the engine's choice is listed in
    `Assessment.overrides`.
    """
    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    text = _clean(description if isinstance(description, str) else "")
    from katalog.standard.loader import load_standard

    std = load_standard()
    a = Assessment(
        description=description if isinstance(description, str) else "",
        parties=list(parties or []),
        engine_version=__version__,
        standard_version=std.version,
    )
    try:
        from katalog.llm.deadline import budget

        with budget(_llm_timeouts()[2] if llm is not None else None):  # one LLM deadline per assessment
            return _run(a, text, parties, llm, answers, exclude_ids, chart_id, variant, modifiers, std, timings,
                        t_start, party_a)
    except Exception as exc:  # never let one description crash a batch or the UI
        from katalog.errors import KatalogError

        if isinstance(exc, KatalogError):
            raise
        log.exception("assessment failed")
        a.status = "error"
        a.error = f"{type(exc).__name__}: {exc}"
        return a


def _run(a, text, parties, llm, answers, exclude_ids, chart_id, variant, modifiers, std, timings, t_start, party_a=None):
    def tick(name: str, t0: float) -> float:
        now = time.perf_counter()
        timings[name] = round((now - t0) * 1000, 2)
        return now

    if not text:
        a.parties = a.parties or ["당사자1", "당사자2"]
        return _abstain(a, "empty", "사고 내용을 입력해 주세요. / Please describe the accident.")
    if len(text) > MAX_CHARS:
        a.warnings.append(f"설명이 길어 앞 {MAX_CHARS}자만 분석했습니다. / Only the first {MAX_CHARS} characters were analysed.")
        text = text[:MAX_CHARS]
    hangul, latin = _script_counts(text)
    if latin > 3 * hangul:  # a syllable carries about as much as three Latin letters
        a.parties = a.parties or ["당사자1", "당사자2"]
        return _abstain(
            a,
            "out_of_scope",
            "사고 내용을 한국어로 입력해 주세요: 영문 설명은 분석하지 않습니다. "
            "/ Please describe the accident in Korean; English text is not analysed.",
        )
    if latin >= 20:
        a.warnings.append("영문으로 쓴 부분은 분석하지 않았습니다. / English parts of the text were not analysed.")

    from katalog.facts import extract_facts

    t = time.perf_counter()
    facts = extract_facts(text, parties)
    read = [set(p.factors) for p in facts.parties]
    facts, answer_warnings = apply_answers(facts, answers)
    # modifier evidence that only an answer supplied, per party name ("p0.entered_first" → 선진입)
    answered = {
        p.name: {k for k in p.factors if i >= len(read) or k not in read[i]} for i, p in enumerate(facts.parties)
    }
    a.warnings.extend(answer_warnings)
    t = tick("facts", t)
    a.facts = facts
    for span in facts.ignored:  # instruction-like text never reaches retrieval or citations either
        text = text.replace(span, " ")
    names = _party_names(facts, parties)
    a.parties = names

    rules_facts = facts  # what the description itself supports (the LLM's facts only fill gaps for ranking)
    if llm is not None:
        facts = _merge_llm_facts(a, llm, text, names, facts)

    if not facts.in_scope:
        code = facts.scope_code or "out_of_scope"
        return _abstain(a, code, facts.scope_reason or "과실비율 인정기준으로 판단할 수 있는 교통사고 설명이 아닙니다.")
    if facts.contradictions:
        a.questions = _questions(a, facts, names, std, None)
        return _abstain(a, "contradictory", "설명에 서로 모순되는 사실이 있습니다: " + "; ".join(facts.contradictions))

    sigs = chart_signatures()
    plain_cars = {p.name for p in facts.parties[:2] if p.type == "car"}
    query = _retrieval_query(f"{text} {answers_as_text(answers, names)}", names, plain_cars)
    retrieval, warn = _retrieval_scores(query)
    a.warnings.extend(warn)
    t = tick("retrieval", t)
    cues = special_cues(text)
    ranked, gate = _rank(query, facts, sigs, retrieval, cues)
    t = tick("matching", t)
    a.candidates = [_candidate(std.charts[r.chart_id], r) for r in ranked]

    pinned = None
    if chart_id:
        pinned = std.get(chart_id)  # raises UnknownChartError with the closest ids
    # LLM-filled facts never make an insufficient description answerable (a guessed place or party is not evidence)
    reason = None if pinned else _insufficient(rules_facts, text)
    if reason and gate.trust is not None and ranked and ranked[0].confidence >= gate.trust:
        reason = None  # the calibrated reader is sure of a chart that the rules' thin facts could not pin
    low = bool(ranked) and (ranked[0].confidence < gate.min_conf or ranked[0].fit.score < gate.min_fit)
    pick = None  # what a validated LLM proposal may change (policy: katalog.llm.proposal.ProposalPolicy)
    if llm is not None and ranked and reason is None and not (chart_id or variant or party_a or modifiers is not None):
        pick = _llm_pick(a, llm, text, names, facts, ranked, sigs, cues, std, exclude_ids, low)
        if pick.chart_id:
            pinned = std.charts[pick.chart_id]
    if reason is None and not pinned and low:
        reason = "사실관계와 맞는 도표를 확신할 수 없습니다. 아래 질문에 답해 주시면 다시 판단합니다."
    if reason:
        a.questions = _questions(a, facts, names, std, ranked[0] if ranked else None)
        return _abstain(a, "insufficient", reason)

    chart = pinned or std.charts[ranked[0].chart_id]
    sig = sigs[chart.id]
    fit = structured_fit(facts, sig, cues)
    if gate.roles is not None:  # the reader's party-role assigner (which named party is A)
        fit.swapped = gate.roles(facts, sig, fit.swapped)
    a.chart_id, a.chart_title = chart.id, chart.title
    a.role_fit = round(fit.score, 4)
    swapped = fit.swapped
    user_order = party_a is not None and party_a in names[:2]
    if user_order:
        swapped = party_a == names[1]  # the user's assignment wins over the structured fit's order
    elif party_a is not None:
        a.warnings.append(f"지정한 A 당사자 {josa(repr(party_a), '이/가')} 당사자 이름에 없어 엔진의 대응을 사용했습니다.")
    vkey, decided, mapping, sel, calc = _evaluate_chart(chart, sig, facts, names, swapped, variant, None)
    if pick is not None:
        swapped, vkey, mapping, sel, calc = _llm_shape(pick, chart, sig, facts, names, cues, text, swapped, vkey,
                                                       decided, (mapping, sel, calc), user_order=user_order)
    if user_order and swapped != fit.swapped:  # the fit-based reason would claim the opposite order
        mapping.reason = (f"사용자가 {josa(mapping.A, '을/를')} 도표의 A로, {josa(mapping.B, '을/를')} B로 "
                          "지정했습니다 (엔진의 대응과 반대).")
    a.overrides = _overrides(chart, ranked, fit.swapped, swapped, names, answers)
    if modifiers is not None:  # the user's own selection replaces the rules' choice
        calc = compute(chart, vkey, modifiers)
        chosen = {d.modifier_id for d in calc.applied}
        sel.applied = [(m, ev) for m, ev in sel.applied if m.id in chosen]
    a.variant, a.mapping, a.calculation = vkey, mapping, calc
    ev_by_id = {m.id: ev for m, ev in sel.applied}
    party_name = {"A": mapping.A, "B": mapping.B}
    a.applied = [
        AppliedModifier(
            modifier_id=d.modifier_id,
            party=d.party,
            party_name=party_name[d.party],
            name=d.name,
            delta=d.delta,
            evidence=ev_by_id[d.modifier_id].span if ev_by_id.get(d.modifier_id) else None,
            source=_modifier_source(d, ev_by_id, answered.get(party_name[d.party], set())),
        )
        for d in calc.applied
        if d.skipped is None
    ]
    applied_ids = {m.modifier_id for m in a.applied}
    a.possible = [
        PossibleModifier(modifier_id=m.id, party=m.party, party_name=party_name[m.party], name=m.name, delta=m.delta)
        for m in sel.possible
        if m.id not in applied_ids
    ]
    a.base = _named(calc.base.A, calc.base.B, mapping)
    a.final = _named(calc.final.A, calc.final.B, mapping)
    a.confidence = round(next((r.confidence for r in ranked if r.chart_id == chart.id), 0.0), 4)
    if pick is not None:
        _llm_record(a, pick)
    if not decided:
        a.warnings.append(f"변형(가/나/다)을 사실관계로 확정하지 못해 ({vkey})를 적용했습니다.")
    t = tick("calculation", t)
    a.what_if = _what_if(a, chart, ranked, facts, names, sigs, std)
    a.questions = _questions(a, facts, names, std, ranked[0] if ranked else None)
    t = tick("what_if", t)
    a.citations = _citations(chart, text, exclude_ids)
    t = tick("citations", t)
    if llm is not None:
        _llm_chart_check(a, llm, text, names, ranked, std, pick.proposal if pick is not None else None)
    a.explanation = (_llm_explain(a, llm) if llm is not None else None) or _explain(a)
    tick("explain", t)
    timings["total"] = round((time.perf_counter() - t_start) * 1000, 2)
    a.timings_ms = timings
    return a


def _overrides(
    chart: Chart, ranked: list[Ranked], engine_swapped: bool, swapped: bool, names: list[str], answers
) -> list[Override]:
    """What the caller pinned against the engine's own choice (chart, A/B order, answers)."""
    out: list[Override] = []
    engine_chart = ranked[0].chart_id if ranked else None
    if chart.id != engine_chart:
        out.append(Override(field="chart", before=engine_chart, after=chart.id))
    if swapped != engine_swapped:
        order = (names[1], names[0]) if swapped else (names[0], names[1])
        before = (names[1], names[0]) if engine_swapped else (names[0], names[1])
        out.append(Override(field="parties", before=f"A={before[0]}, B={before[1]}",
                            after=f"A={order[0]}, B={order[1]}"))
    out.extend(Override(field="answer", before=None, after=f"{k}={v}") for k, v in (answers or {}).items())
    return out


def _candidate(chart: Chart, r: Ranked) -> ChartCandidate:
    return ChartCandidate(
        chart_id=chart.id,
        title=chart.title,
        category=chart.category,
        score=round(r.score, 4),
        confidence=round(r.confidence, 4),
        retrieval_score=round(r.retrieval, 4),
        match_score=round(r.fit.score, 4),
        reasons=r.fit.reasons[:6],
    )


def _what_if(a: Assessment, chart: Chart, ranked: list[Ranked], facts, names, sigs, std) -> WhatIf:
    """Range of the final ratio over open modifiers (one at a time) and close competing charts."""
    first = names[0]
    assert a.final is not None and a.calculation is not None and a.mapping is not None
    lo = hi = a.final[first]
    scenarios: list[str] = []
    base_ids = [d.modifier_id for d in a.calculation.applied if d.skipped is None]
    for m in a.possible:
        calc = compute(chart, a.variant, [*base_ids, m.modifier_id])
        v = _fault_of(first, a.mapping, calc)
        if v != a.final[first]:
            lo, hi = min(lo, v), max(hi, v)
    top_conf = ranked[0].confidence if ranked else 0.0
    for r in ranked[1:4]:
        if top_conf - r.confidence > CLOSE_GAP or r.chart_id == chart.id:
            continue
        other = std.charts[r.chart_id]
        _, _, mapping, _, calc = _evaluate_chart(other, sigs[other.id], facts, names, r.fit.swapped)
        v = _fault_of(first, mapping, calc)
        lo, hi = min(lo, v), max(hi, v)
        scenarios.append(f"{other.id} {other.title}: {first} {v}%")
    second = names[1]
    return WhatIf(low={first: lo, second: 100 - lo}, high={first: hi, second: 100 - hi}, scenarios=scenarios)


QUESTION_POOL = 80  # best-fitting charts within which the answers to a party question are ranked


def _questions(a: Assessment, facts: AccidentFacts, names, std, top: Ranked | None) -> list[FollowUpQuestion]:
    """Open questions, each with the largest change of the first party's fault an answer could cause."""
    cues = special_cues(a.description)
    out: list[FollowUpQuestion] = []
    sigs = None
    pool: set[str] | None = None
    for qid in open_questions(facts)[:6]:
        opts = options_for(qid)
        impact = 0
        if a.final is not None:
            sigs = sigs or chart_signatures()
            if pool is None:
                # An answer changes one fact of one party: the new best chart is among those that
                # already fit the rest of the facts, so each option is ranked within this pool.
                pool = {r.chart_id for r in rank_candidates(facts, sigs, {}, top=QUESTION_POOL, cues=cues)}
            current = a.final[names[0]]
            for label in list(opts)[:7]:
                f2, _ = apply_answers(facts, {qid: label})
                allowed = pool
                if qid == "place":  # a new place brings in that place's charts (and those that name none)
                    place = opts[label]
                    allowed = pool | {cid for cid, sg in sigs.items() if sg.place in (None, place)}
                ranked = rank_candidates(f2, sigs, {}, top=1, cues=cues, allowed=allowed)
                if not ranked:
                    continue
                chart = std.charts[ranked[0].chart_id]
                _, _, mapping, _, calc = _evaluate_chart(chart, sigs[chart.id], f2, names, ranked[0].fit.swapped)
                v = _fault_of(names[0], mapping, calc)
                impact = max(impact, abs(v - current))
        out.append(FollowUpQuestion(id=qid, text=question_text(qid, names), options=list(opts), impact=impact))
    out.sort(key=lambda q: q.impact, reverse=True)
    return out


# ------------------------------------------------------------------------------------------
# LLM (optional): proposals are validated; the calculator still does the arithmetic
# ------------------------------------------------------------------------------------------
def _merge_llm_facts(a: Assessment, llm, text: str, names: list[str], facts: AccidentFacts) -> AccidentFacts:
    try:
        from katalog.llm.proposal import merge_facts, propose_facts

        proposed, warnings = propose_facts(llm, text, names, timeout_s=_llm_timeouts()[0])
        a.llm.backend = getattr(llm, "name", "llm")
        a.llm.model = getattr(llm, "model_id", None)
        a.llm.warnings.extend(warnings)
        if proposed is not None:
            merged = merge_facts(facts, proposed)
            if merged != facts:  # `used` only when the LLM's facts changed something
                a.llm.used = True
                a.llm.applied.append("facts")
            return merged
    except Exception as exc:
        a.llm.warnings.append(f"LLM 사실 제안 실패, 규칙 결과 사용: {exc}")
    return facts


def _llm_chart_check(a: Assessment, llm, text: str, names, ranked: list[Ranked], std, result=None) -> None:
    """Ask the LLM for chart/variant/modifiers (or reuse `result`, the proposal `_llm_pick` already
    got); record what still disagrees with the final result."""
    try:
        from katalog.llm.proposal import propose

        if result is None:
            cands = [{"chart_id": r.chart_id, "title": std.charts[r.chart_id].title} for r in ranked[:5]]
            result = propose(llm, text, names, cands, a.citations[:4], timeout_s=_llm_timeouts()[0])
        a.llm.backend = getattr(llm, "name", "llm")
        a.llm.model = getattr(llm, "model_id", None)
        a.llm.prompt_hash = result.prompt_hash
        a.llm.warnings.extend(w for w in result.warnings if w not in a.llm.warnings)
        if not result.ok:
            return
        a.llm.used = True
        if result.chart_id and result.chart_id != a.chart_id:
            a.llm.disagreement = f"LLM은 {result.chart_id}를 제안했고 규칙 엔진은 {a.chart_id}를 선택했습니다."
        elif result.chart_id and a.final is not None:
            # Same chart: compare the split the LLM's variant, mapping and modifiers would give.
            calc = compute(std.charts[result.chart_id], result.variant, result.modifier_ids)
            first_is_a = (result.party_a or a.mapping.A) == names[0]
            llm_first = calc.final.A if first_is_a else calc.final.B
            if llm_first != a.final[names[0]]:
                a.llm.disagreement = (
                    f"같은 도표({result.chart_id})에서 LLM 제안으로 계산하면 {names[0]} {llm_first}%로, "
                    f"규칙 엔진의 {a.final[names[0]]}%와 다릅니다."
                )
        if a.llm.disagreement:
            a.warnings.append(a.llm.disagreement)
    except Exception as exc:
        a.llm.warnings.append(f"LLM 도표 제안 실패, 규칙 결과 사용: {exc}")


def _llm_pick(a: Assessment, llm, text: str, names, facts, ranked: list[Ranked], sigs, cues, std, exclude_ids,
              abstaining: bool):
    """One proposal call before the chart is fixed; the policy decides whether its chart replaces the rules'."""
    from katalog.llm.proposal import PolicyDecision, ProposalResult, decide_chart, propose

    pick = PolicyDecision()
    try:
        cands = [{"chart_id": r.chart_id, "title": std.charts[r.chart_id].title} for r in ranked[:5]]
        context = _citations(std.charts[ranked[0].chart_id], text, exclude_ids)[:4]
        result = propose(llm, text, names, cands, context, timeout_s=_llm_timeouts()[0])
    except Exception as exc:  # never fail the assessment because of the LLM
        a.llm.warnings.append(f"LLM 도표 제안 실패, 규칙 결과 사용: {exc}")
        pick.proposal = ProposalResult()
        return pick
    pick.proposal = result
    a.llm.backend = getattr(llm, "name", "llm")
    a.llm.model = getattr(llm, "model_id", None)
    a.llm.prompt_hash = result.prompt_hash
    a.llm.warnings.extend(result.warnings)
    fits = {r.chart_id: r.fit.score for r in ranked}  # the ranking already fitted these charts
    chart_id, why = decide_chart(
        result, [(r.chart_id, r.confidence) for r in ranked],
        lambda cid: fits[cid] if cid in fits else structured_fit(facts, sigs[cid], cues).score if cid in sigs else 0.0,
        abstaining=abstaining,
    )
    pick.chart_id = chart_id if chart_id != ranked[0].chart_id or abstaining else None
    pick.reasons.append(f"chart: {why}")
    return pick


def _order_ambiguous(facts: AccidentFacts, sig: ChartSignature, cues) -> bool:
    """True when the facts fit the chart equally well with either party as A."""
    if len(facts.parties) < 2:
        return True
    one = structured_fit(facts, sig, cues)
    rev = facts.model_copy(update={"parties": [facts.parties[1], facts.parties[0], *facts.parties[2:]]})
    two = structured_fit(rev, sig, cues)
    return one.swapped == two.swapped and abs(one.score - two.score) < 1e-9


def _llm_shape(pick, chart: Chart, sig, facts, names, cues, text, swapped, vkey, decided, evaluated, user_order=False):
    """Apply the policy's variant / mapping / modifier rules for the chosen chart; recompute when changed.

    `user_order`: the user assigned A/B (`party_a=`), which an LLM proposal never flips."""
    from katalog.llm.proposal import decide_modifiers

    mapping, sel, calc = evaluated
    result = pick.proposal
    if result is None or not result.ok or result.chart_id != chart.id:
        return swapped, vkey, mapping, sel, calc
    new_swapped, new_variant = swapped, vkey
    if (not user_order and result.party_a in names[:2] and (result.party_a == names[1]) != swapped
            and _order_ambiguous(facts, sig, cues)):
        new_swapped = result.party_a == names[1]
        pick.party_a = result.party_a
        pick.reasons.append("mapping: the facts fit both orders equally")
    if not decided and result.variant and result.variant != vkey:
        new_variant = result.variant
        pick.variant = result.variant
        pick.reasons.append("variant: the facts did not decide it")
    if (new_swapped, new_variant) != (swapped, vkey):
        vkey, _, mapping, sel, calc = _evaluate_chart(chart, sig, facts, names, new_swapped, new_variant, None)
    extra = decide_modifiers(result, chart, vkey, {m.id for m, _ in sel.applied}, text)
    if extra:
        pick.modifiers = extra
        pick.reasons.append("modifiers: " + ", ".join(f"{k} ({v})" for k, v in extra.items()))
        vkey, _, mapping, sel, calc = _evaluate_chart(chart, sig, facts, names, new_swapped, vkey, list(extra))
    return new_swapped, vkey, mapping, sel, calc


def _llm_record(a: Assessment, pick) -> None:
    """Mark what the proposal shaped: `llm.applied`, modifier sources, the chart override by 'llm'."""
    if not pick.applied:
        return
    a.llm.applied = [*a.llm.applied, *(x for x in pick.applied if x not in a.llm.applied)]
    a.llm.used = True
    for m in a.applied:
        if m.modifier_id in pick.modifiers:
            m.source, m.evidence = "llm", pick.modifiers[m.modifier_id]
    for o in a.overrides:
        if (o.field == "chart" and pick.chart_id) or (o.field == "parties" and pick.party_a):
            o.by = "llm"
    a.warnings.append(
        "LLM 제안 반영 (" + ", ".join(pick.applied) + "): " + "; ".join(pick.reasons)
        + " / a validated LLM proposal shaped this result; the calculator computed the ratio."
    )


def _llm_explain(a: Assessment, llm) -> str | None:
    try:
        from katalog.llm.explain import explain, explain_template

        text, warnings = explain(llm, a, a.citations, timeout_s=_llm_timeouts()[1])
        a.llm.warnings.extend(warnings)
        if text and text != explain_template(a):  # the LLM's own (checked) paragraph is shown
            a.llm.used = True
        return text or None
    except Exception as exc:
        a.llm.warnings.append(f"LLM 설명 생성 실패, 템플릿 설명 사용: {exc}")
        return None
