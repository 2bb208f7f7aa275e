"""The KATALOG engine: a Korean accident description → an explained liability split.

`assess` composes the stages of `katalog.stages` (each a public module with typed inputs and a frozen
output) and builds the `Assessment` once, from their outputs:

    gates → facts → retrieval (once) → candidates → mapping (party order, variant) → modifiers →
    calculation → what-if, questions, citations, explanation

Works with no LLM; an LLM backend, when given, only proposes facts / chart / modifiers, which are
validated before anything is kept (`katalog.stages.llm`).

`reassess(assessment, chart_id=…, variant=…, modifiers=…, party_a=…, answers=…)` recomputes a user's
choice from an earlier assessment, reusing what does not change (the facts read from the text, the
retrieval, the ranking, the citations, the answers' outcomes), and gives exactly what `assess` gives
for the same description, parties and choices.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from katalog import __version__
from katalog.followup import answers_as_text
from katalog.matching.signatures import chart_signatures, described_cues
from katalog.models import Abstention, AccidentFacts, Assessment, Citation, LLMInfo, Override
from katalog.stages import gates
from katalog.stages.calculation import (
    Evaluation,
    engine_variant,
    evaluate_chart,
    fault_of,
    named,
    with_modifiers,
)
from katalog.stages.candidates import Candidates, chart_candidate, rank
from katalog.stages.citations import citations
from katalog.stages.explanation import explanation
from katalog.stages.facts import dated, extract, read_facts
from katalog.stages.gates import MAX_CHARS, MIN_CONFIDENCE, MIN_FIT, TextGate  # noqa: F401 - MAX_CHARS, MIN_* stay importable here
from katalog.stages.mapping import PartyOrder, party_order, user_mapping
from katalog.stages.modifiers import applied_modifiers, modifier_detector, possible_modifiers
from katalog.stages.names import DEFAULT_NAMES, plain_cars
from katalog.stages.near_same import near_same_charts
from katalog.stages.questions import Outcome, outcomes, questions
from katalog.stages.retrieval import Retrieval, retrieval_query, retrieve
from katalog.stages.what_if import what_if
from katalog.standard.edition import accident_day, edition_note
from katalog.standard.schema import Chart

log = logging.getLogger(__name__)

__all__ = ["KEEP", "MAX_CHARS", "Request", "assess", "reassess", "request_of"]


def _llm_stage():  # noqa: ANN202 - the module `katalog.stages.llm`
    """The LLM stage, imported for an assessment with an LLM only: a rules-only process never loads the LLM
    modules (their settings model and the backends' factory)."""
    from katalog.stages import llm

    return llm


# ------------------------------------------------------------------------------------------
# What an assessment was asked, and what its follow-ups may reuse
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Request:
    """The arguments of one `assess` call: the text, the parties, and the user's choices."""

    description: Any
    parties: tuple[str, ...] | None = None
    llm: Any = None
    answers: Mapping[str, Any] | None = None
    exclude_ids: tuple[str, ...] | None = None
    chart_id: str | None = None
    variant: str | None = None
    modifiers: tuple[str, ...] | None = None
    party_a: str | None = None
    accident_date: date | None = None  # the user's; else the text's (`katalog.standard.edition`)

    @property
    def reading(self) -> tuple:
        """What the text's own stages depend on (the memo's key)."""
        return (self.description if isinstance(self.description, str) else "", self.parties, self.exclude_ids)

    @property
    def pinned(self) -> bool:
        """A user's choice is pinned (then no LLM proposal may change the chart, order or variant)."""
        return bool(self.chart_id or self.variant or self.party_a or self.modifiers is not None)


def _tuple(values: Sequence[str] | None) -> tuple[str, ...] | None:
    return tuple(values) if values is not None else None


class _Memo:
    """Stage outputs that depend on the description and the parties alone, or on a key they are stored
    under; `reassess` reuses them. Every one is a pure function of its key. App sessions run in threads
    and may share a memo: the tables change under a lock, the stages run outside it."""

    SIZE = 16  # per kind: answers tried on one description

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.text: TextGate | None = None
        self.extracted: AccidentFacts | None = None
        self.retrievals: OrderedDict[str, Retrieval] = OrderedDict()
        self.rankings: OrderedDict[tuple, Candidates] = OrderedDict()  # by query, text and facts (as JSON)
        self.cites: OrderedDict[tuple, list[Citation]] = OrderedDict()
        self.outcomes: OrderedDict[tuple, tuple[Outcome, ...]] = OrderedDict()

    def _get(self, table: OrderedDict, key: Any) -> Any:
        with self._lock:
            return table.get(key)

    def _put(self, table: OrderedDict, key: Any, value: Any) -> None:
        with self._lock:
            table[key] = value
            table.move_to_end(key)
            while len(table) > self.SIZE:
                table.popitem(last=False)

    def retrieval(self, query: str) -> Retrieval:
        found = self._get(self.retrievals, query)
        if found is None:
            found = retrieve(query)
            if found.ok:  # an unavailable index is not remembered: it may be back next time
                self._put(self.retrievals, query, found)
        return found

    def ranking(self, query: str, text: str, facts: AccidentFacts, scores: Mapping[str, float]) -> Candidates:
        key = (query, text, facts.model_dump_json())
        found = self._get(self.rankings, key)
        if found is None:
            found = rank(query, facts, chart_signatures(), scores, frozenset(described_cues(text, facts)))
            self._put(self.rankings, key, found)
        return found

    def citations(self, chart: Chart, text: str, exclude_ids: tuple[str, ...] | None) -> list[Citation]:
        key = (chart.id, text, exclude_ids)
        found = self._get(self.cites, key)
        if found is None:
            found = citations(chart, text, list(exclude_ids) if exclude_ids is not None else None)
            self._put(self.cites, key, found)
        return [c.model_copy() for c in found]

    def question_outcomes(self, facts: AccidentFacts, names: tuple[str, str], description: str,
                          std) -> tuple[Outcome, ...]:
        key = (names, description, facts.model_dump_json())
        found = self._get(self.outcomes, key)
        if found is None:
            found = outcomes(facts, names, description, std, chart_signatures())
            self._put(self.outcomes, key, found)
        return found


_LOCK = threading.Lock()
_REQUESTS: dict[int, tuple[weakref.ref, Request]] = {}  # id(assessment) → what it was asked (while it lives)
_MEMOS: OrderedDict[tuple, _Memo] = OrderedDict()  # the latest descriptions' memos, newest last
MEMOS = 16


def _remember(a: Assessment, request: Request, memo: _Memo) -> None:
    key = id(a)
    with _LOCK:
        _REQUESTS[key] = (weakref.ref(a), request)
        _MEMOS[request.reading] = memo
        _MEMOS.move_to_end(request.reading)
        while len(_MEMOS) > MEMOS:
            _MEMOS.popitem(last=False)
    weakref.finalize(a, _forget, key)


def _forget(key: int) -> None:
    with _LOCK:
        _REQUESTS.pop(key, None)


def _recall(a: Assessment) -> tuple[Request, _Memo]:
    with _LOCK:
        ref, request = _REQUESTS.get(id(a), (None, None))
        if ref is None or ref() is not a:
            request = request_of(a)
        memo = _MEMOS.get(request.reading) or _Memo()
    return request, memo


def request_of(a: Assessment) -> Request:
    """The request an assessment records (for one this process did not make): its description and
    party names, and the choices its overrides list. `exclude_ids` and the LLM are not recorded."""
    by = {o.field: o for o in a.overrides}
    answers = dict(o.after.split("=", 1) for o in a.overrides if o.field == "answer" and "=" in o.after) or None
    party_a = None
    if "parties" in by and by["parties"].after.startswith("A="):
        party_a = by["parties"].after[2:].rsplit(", B=", 1)[0]
    modifiers = None
    if "modifiers" in by and a.calculation is not None:
        modifiers = tuple(d.modifier_id for d in a.calculation.applied)
    return Request(
        description=a.description,
        parties=tuple(a.parties) if a.parties else None,
        answers=answers,
        chart_id=by["chart"].after if "chart" in by else None,
        variant=by["variant"].after if "variant" in by else None,
        modifiers=modifiers,
        party_a=party_a,
        accident_date=a.facts.accident_date,
    )


# ------------------------------------------------------------------------------------------
# Public API
# ------------------------------------------------------------------------------------------
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
    accident_date: date | str | None = None,
) -> Assessment:
    """Assess `description`. `chart_id`/`variant`/`modifiers` pin a user's choice (UI what-if).

    `party_a` names the party the user puts on the chart's A role (the A⇄B swap); it is kept
    whatever chart or answers follow. Each pin differing from the engine's choice is listed in
    `Assessment.overrides`. `accident_date` (a date or "YYYY-MM-DD") picks the books in force on it
    (`katalog.standard.edition`); without it a date the text states does, else the current edition.
    """
    request = Request(
        description=description,
        parties=_tuple(parties),
        llm=llm,
        answers=dict(answers) if answers is not None else None,
        exclude_ids=_tuple(exclude_ids),
        chart_id=chart_id,
        variant=variant,
        modifiers=_tuple(modifiers),
        party_a=party_a,
        accident_date=accident_day(accident_date),
    )
    return _assess(request, _Memo())


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()
"""`reassess`'s default: keep what the earlier assessment was given."""


def reassess(
    assessment: Assessment,
    *,
    chart_id: str | None = KEEP,
    variant: str | None = KEEP,
    modifiers: Sequence[str] | None = KEEP,
    party_a: str | None = KEEP,
    answers: Mapping[str, Any] | None = KEEP,
    llm: Any = KEEP,
    accident_date: date | str | None = KEEP,
) -> Assessment:
    """`assessment` recomputed with a user's changed choices, reusing what they leave unchanged.

    Each argument left out keeps what produced `assessment` (its answers, pinned chart, variant,
    modifiers, A party and LLM); None returns that choice to the engine. Changing the chart drops a
    variant or modifier pin given for the old one (unless given again). The result equals
    `assess(description, parties, llm, answers=…, chart_id=…, variant=…, modifiers=…, party_a=…)`
    with the earlier call's description and parties; for an assessment this process did not make (one
    read back from the case DB), they come from the assessment: its description, its party names and
    the choices its overrides record."""
    request, memo = _recall(assessment)
    changes: dict[str, Any] = {}
    if chart_id is not KEEP and chart_id != request.chart_id:
        changes.update(chart_id=chart_id, variant=None, modifiers=None)
    if variant is not KEEP:
        changes["variant"] = variant
    if modifiers is not KEEP:
        changes["modifiers"] = _tuple(modifiers)
    if party_a is not KEEP:
        changes["party_a"] = party_a
    if answers is not KEEP:
        changes["answers"] = dict(answers) if answers is not None else None
    if llm is not KEEP:
        changes["llm"] = llm
    if accident_date is not KEEP:
        changes["accident_date"] = accident_day(accident_date)
    return _assess(dataclasses.replace(request, **changes), memo)


# ------------------------------------------------------------------------------------------
# The pipeline
# ------------------------------------------------------------------------------------------
def _assess(request: Request, memo: _Memo) -> Assessment:
    from katalog.standard.loader import load_standard

    t_start = time.perf_counter()
    std = load_standard()
    run = _Run(request, memo, std, t_start)
    try:
        from katalog.llm.deadline import budget

        # one LLM deadline per assessment
        with budget(_llm_stage().timeouts()[2] if request.llm is not None else None):
            a = run.assessment()
    except Exception as exc:  # never let one description crash a batch or the UI
        from katalog.errors import KatalogError

        if isinstance(exc, KatalogError):
            raise
        log.exception("assessment failed")
        a = run.build(status="error", error=f"{type(exc).__name__}: {exc}")
    _remember(a, request, memo)
    return a


class _Run:
    """One assessment being composed: the stage outputs so far (for the error path) and the clock."""

    def __init__(self, request: Request, memo: _Memo, std, t_start: float) -> None:
        self.request, self.memo, self.std = request, memo, std
        self.t = t_start
        self.t_start = t_start
        self.timings: dict[str, float] = {}
        description = request.description if isinstance(request.description, str) else ""
        self.known: dict[str, Any] = {"description": description, "parties": list(request.parties or [])}
        self.warnings: list[str] = []
        self.info = LLMInfo()

    def tick(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round((now - self.t) * 1000, 2)
        self.t = now

    def build(self, **fields: Any) -> Assessment:
        """The assessment from what is known so far and `fields` (the one place it is built)."""
        return Assessment(
            **{**self.known, "warnings": list(self.warnings), "llm": self.info, **fields},
            engine_version=__version__,
            standard_version=self.std.version,
        )

    def abstain(self, abstention: Abstention, **fields: Any) -> Assessment:
        return self.build(status="abstained", abstention=abstention, **fields)

    def assessment(self) -> Assessment:
        req, memo, std = self.request, self.memo, self.std
        # -- gates: the text --------------------------------------------------------------
        if memo.text is None:
            memo.text = gates.read_text(req.description)
        gate = memo.text
        self.warnings.extend(gate.warnings)
        if gate.abstention is not None:
            self.known["parties"] = self.known["parties"] or list(DEFAULT_NAMES)
            return self.abstain(gate.abstention)

        # -- facts ------------------------------------------------------------------------
        from katalog.retrieval.analyzer import warm_up

        warm_up()  # kiwi (retrieval's tokenizer) starts on a second core while the facts are read
        self.t = time.perf_counter()
        if memo.extracted is None:
            memo.extracted = extract(gate.text, req.parties)
        reading = read_facts(gate.text, memo.extracted.model_copy(deep=True), req.parties, req.answers)
        self.warnings.extend(reading.warnings)
        self.tick("facts")
        names = reading.names
        text = reading.text
        rules_facts = facts = dated(reading.facts, req.accident_date, text)  # the LLM's facts only fill gaps
        self.known.update(facts=rules_facts, parties=list(names))
        if req.llm is not None:  # the merge starts from the rules' facts, so the date stays theirs
            facts, self.info = _llm_stage().merge_facts(req.llm, text, names, facts, self.info)

        # -- gates: scope and contradictions ----------------------------------------------
        stop = gates.facts_abstention(facts)
        if stop is not None:
            extra = {"questions": questions(facts, names)} if stop.code == "contradictory" else {}
            return self.abstain(stop, **extra)

        # -- retrieval (once) and candidates ----------------------------------------------
        sigs = chart_signatures()
        query = retrieval_query(f"{text} {answers_as_text(req.answers, list(names))}", names, plain_cars(facts))
        retrieval = memo.retrieval(query)
        self.warnings.extend(retrieval.warnings)
        self.tick("retrieval")
        cues = frozenset(described_cues(text, facts))
        cands = memo.ranking(query, text, facts, retrieval.scores)
        ranked = list(cands.ranked)
        self.tick("matching")
        self.known["candidates"] = [chart_candidate(std.charts[r.chart_id], r) for r in ranked]

        # -- gates: enough to name a chart? -----------------------------------------------
        pinned = std.get(req.chart_id) if req.chart_id else None  # raises UnknownChartError with the closest ids
        reason = gates.thin_facts(rules_facts, text, ranked, cands.gate, pinned=pinned is not None)
        decision = None  # what a validated LLM proposal may change (policy: katalog.llm.proposal.ProposalPolicy)
        if req.llm is not None and ranked and reason is None and not req.pinned:
            decision, self.info = _llm_stage().pick(
                req.llm, text, names, facts, ranked, sigs, cues, std,
                lambda: memo.citations(std.charts[ranked[0].chart_id], text, req.exclude_ids), cands.low, self.info)
            if decision.chart_id:
                pinned = std.charts[decision.chart_id]
        if reason is None and not pinned and cands.low:
            reason = gates.UNSURE
        if reason:
            return self.abstain(Abstention(code="insufficient", message=reason), questions=questions(facts, names))

        # -- mapping, modifiers, calculation ----------------------------------------------
        chart = pinned or std.charts[ranked[0].chart_id]
        sig = sigs[chart.id]
        order = party_order(facts, sig, cues, names, cands.gate.roles, req.party_a)
        self.warnings.extend(order.warnings)
        first = evaluate_chart(chart, sig, facts, names, order.swapped, req.variant, None,
                               modifier_detector(text, query, req.parties, facts, bool(req.answers)))
        swapped, ev = order.swapped, first
        if decision is not None:
            decision, swapped, ev = _llm_stage().shape(decision, chart, sig, facts, names, cues, text, swapped, ev,
                                                       user_order=order.by_user)
        if order.by_user and swapped != order.engine_swapped:  # the fit-based reason would claim the opposite order
            ev = dataclasses.replace(ev, mapping=user_mapping(ev.mapping))
        overrides = _overrides(chart, ranked, order, swapped, names, req, ev, facts, sig)
        if req.modifiers is not None:  # the user's own selection replaces the rules' choice
            ev = with_modifiers(ev, chart, req.modifiers)
        applied = applied_modifiers(ev.calc, ev.chosen, ev.mapping, reading.answered)
        possible = possible_modifiers(ev.possible, ev.mapping, applied)
        note = None
        if decision is not None:
            applied, overrides, self.info, note = _llm_stage().record(decision, applied, overrides, self.info)
        if note:
            self.warnings.append(note)
        if not first.decided:
            self.warnings.append(f"변형(가/나/다)을 사실관계로 확정하지 못해 ({ev.variant})를 적용했습니다.")
        final = named(ev.calc.final.A, ev.calc.final.B, ev.mapping)
        self.tick("calculation")

        # -- explain: what-if, questions, citations, text ---------------------------------
        scenarios = what_if(chart, ev.variant, ev.calc, ev.mapping, possible, ranked, facts, names, sigs, std)
        found = memo.question_outcomes(facts, names, self.known["description"], std)
        asked = questions(facts, names, found, fault_of(names[0], ev.mapping, ev.calc))
        self.tick("what_if")
        cites = memo.citations(chart, text, req.exclude_ids)
        self.tick("citations")
        if req.llm is not None:
            self.info, disagreement = _llm_stage().check(
                req.llm, text, names, ranked, std, decision.proposal if decision is not None else None,
                chart.id, final, ev.mapping, cites, self.info)
            if disagreement:
                self.warnings.append(disagreement)
        draft = self.build(
            chart_id=chart.id, chart_title=chart.title, role_fit=round(order.role_fit, 4),
            variant=ev.variant, mapping=ev.mapping, calculation=ev.calc, overrides=overrides,
            applied=applied, possible=possible, base=named(ev.calc.base.A, ev.calc.base.B, ev.mapping), final=final,
            confidence=round(next((r.confidence for r in ranked if r.chart_id == chart.id), 0.0), 4),
            what_if=scenarios, questions=asked, citations=cites,
            edition_note=edition_note(std.books, facts.accident_date, chart.book),
            near_same=near_same_charts(chart, ev.mapping, std),
        )
        text_out = None
        if req.llm is not None:
            text_out, self.info = _llm_stage().explain(req.llm, draft, self.info)
        text_out = text_out or explanation(draft)
        self.tick("explain")
        self.timings["total"] = round((time.perf_counter() - self.t_start) * 1000, 2)
        return draft.model_copy(update={"explanation": text_out, "llm": self.info, "timings_ms": self.timings})


def _overrides(chart: Chart, ranked, order: PartyOrder, swapped: bool, names: Sequence[str], req: Request,
               ev: Evaluation, facts: AccidentFacts, sig) -> list[Override]:
    """What the caller pinned against the engine's own choice (chart, A/B order, variant, modifiers, answers)."""
    out: list[Override] = []
    engine_chart = ranked[0].chart_id if ranked else None
    if chart.id != engine_chart:
        out.append(Override(field="chart", before=engine_chart, after=chart.id))
    if swapped != order.engine_swapped:
        now = (names[1], names[0]) if swapped else (names[0], names[1])
        before = (names[1], names[0]) if order.engine_swapped else (names[0], names[1])
        out.append(Override(field="parties", before=f"A={before[0]}, B={before[1]}", after=f"A={now[0]}, B={now[1]}"))
    if req.variant is not None:
        own, _ = engine_variant(chart, sig, facts, names, swapped)
        if own != ev.variant:
            out.append(Override(field="variant", before=own, after=ev.variant))
    if req.modifiers is not None:
        engine_ids = sorted(d.modifier_id for d in ev.calc.applied if d.skipped is None)
        if sorted(req.modifiers) != engine_ids:
            name = {m.id: m.name for m in chart.modifiers}
            out.append(Override(
                field="modifiers",
                before=", ".join(name.get(i, i) for i in engine_ids) or "없음",
                after=", ".join(name.get(i, i) for i in sorted(req.modifiers)) or "없음",
            ))
    out.extend(Override(field="answer", before=None, after=f"{k}={v}") for k, v in (req.answers or {}).items())
    return out
