"""The optional LLM steps. A proposal is validated before anything is kept; the calculator still does
the arithmetic. Each step takes the assessment's `LLMInfo` and returns it updated (never raises:
a failure is a warning and the rules' result stands)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from katalog.calculator import compute
from katalog.llm.base import LLMBackend
from katalog.matching.candidates import Ranked, structured_fit
from katalog.matching.signatures import ChartSignature
from katalog.models import (
    AccidentFacts,
    AppliedModifier,
    Assessment,
    Citation,
    LLMInfo,
    Override,
    PartyMapping,
)
from katalog.stages.calculation import Evaluation, evaluate_chart
from katalog.stages.mapping import order_ambiguous
from katalog.standard.schema import Chart


def timeouts() -> tuple[float, float, float]:
    """(proposal, explanation, whole assessment) time limits from the LLM settings (KATALOG_LLM_*).

    The third is one deadline shared by every LLM call of an assessment (`katalog.llm.deadline`):
    each call gets the smaller of its own limit and what is left of it."""
    from katalog.llm.settings import LLMSettings

    try:
        s = LLMSettings.from_env()
        return s.proposal_timeout_s, s.explain_timeout_s, s.assessment_timeout_s
    except Exception:  # a misconfigured env already surfaced when the backend was built
        return 60.0, 30.0, 20.0


def _named(info: LLMInfo, llm: LLMBackend) -> LLMInfo:
    return info.model_copy(update={"backend": getattr(llm, "name", "llm"), "model": getattr(llm, "model_id", None)})


def _warned(info: LLMInfo, *warnings: str, unique: bool = False) -> LLMInfo:
    out = list(info.warnings)
    for w in warnings:
        if not unique or w not in out:
            out.append(w)
    return info.model_copy(update={"warnings": out})


def merge_facts(llm: LLMBackend, text: str, names: Sequence[str], facts: AccidentFacts,
                info: LLMInfo) -> tuple[AccidentFacts, LLMInfo]:
    """The rules' facts with gaps the LLM's proposed facts fill (the rules win where they have a value)."""
    try:
        from katalog.llm.proposal import merge_facts as merge
        from katalog.llm.proposal import propose_facts

        proposed, warnings = propose_facts(llm, text, list(names), timeout_s=timeouts()[0])
        info = _warned(_named(info, llm), *warnings)
        if proposed is not None:
            merged = merge(facts, proposed)
            if merged != facts:  # `used` only when the LLM's facts changed something
                info = info.model_copy(update={"used": True, "applied": [*info.applied, "facts"]})
            return merged, info
    except Exception as exc:
        info = _warned(info, f"LLM 사실 제안 실패, 규칙 결과 사용: {exc}")
    return facts, info


def _candidates(ranked: Sequence[Ranked], std) -> list[dict[str, str]]:
    return [{"chart_id": r.chart_id, "title": std.charts[r.chart_id].title} for r in ranked[:5]]


def pick(llm: LLMBackend, text: str, names: Sequence[str], facts: AccidentFacts, ranked: Sequence[Ranked],
         sigs: dict[str, ChartSignature], cues: set[str] | frozenset[str], std,
         context: Callable[[], Sequence[Citation]], abstaining: bool, info: LLMInfo) -> tuple[Any, LLMInfo]:
    """One proposal call before the chart is fixed; the policy decides whether its chart replaces the
    rules' (`PolicyDecision.chart_id`). `context()` gives the top chart's citations."""
    from katalog.llm.proposal import PolicyDecision, ProposalResult, decide_chart, propose

    try:
        result = propose(llm, text, list(names), _candidates(ranked, std), list(context())[:4],
                         timeout_s=timeouts()[0])
    except Exception as exc:  # never fail the assessment because of the LLM
        info = _warned(info, f"LLM 도표 제안 실패, 규칙 결과 사용: {exc}")
        return PolicyDecision(proposal=ProposalResult()), info
    info = _warned(_named(info, llm).model_copy(update={"prompt_hash": result.prompt_hash}), *result.warnings)
    fits = {r.chart_id: r.fit.score for r in ranked}  # the ranking already fitted these charts
    chart_id, why = decide_chart(
        result, [(r.chart_id, r.confidence) for r in ranked],
        lambda cid: fits[cid] if cid in fits else structured_fit(facts, sigs[cid], cues).score if cid in sigs else 0.0,
        abstaining=abstaining,
    )
    chosen = chart_id if chart_id != ranked[0].chart_id or abstaining else None
    return PolicyDecision(chart_id=chosen, reasons=[f"chart: {why}"], proposal=result), info


def shape(decision, chart: Chart, sig: ChartSignature, facts: AccidentFacts, names: Sequence[str],
          cues: set[str] | frozenset[str], text: str, swapped: bool, evaluation: Evaluation,
          user_order: bool = False) -> tuple[Any, bool, Evaluation]:
    """Apply the policy's variant / mapping / modifier rules for the chosen chart; recompute when changed.

    `user_order`: the user assigned A/B (`party_a=`), which an LLM proposal never flips."""
    from katalog.llm.proposal import decide_modifiers

    result = decision.proposal
    if result is None or not result.ok or result.chart_id != chart.id:
        return decision, swapped, evaluation
    reasons = list(decision.reasons)
    party_a, variant, modifiers = decision.party_a, decision.variant, decision.modifiers
    new_swapped, new_variant = swapped, evaluation.variant
    if (not user_order and result.party_a in names[:2] and (result.party_a == names[1]) != swapped
            and order_ambiguous(facts, sig, cues)):
        new_swapped = result.party_a == names[1]
        party_a = result.party_a
        reasons.append("mapping: the facts fit both orders equally")
    if not evaluation.decided and result.variant and result.variant != evaluation.variant:
        new_variant = variant = result.variant
        reasons.append("variant: the facts did not decide it")
    if (new_swapped, new_variant) != (swapped, evaluation.variant):
        evaluation = evaluate_chart(chart, sig, facts, names, new_swapped, new_variant, None)
    extra = decide_modifiers(result, chart, evaluation.variant, {m.id for m, _ in evaluation.chosen}, text)
    if extra:
        modifiers = extra
        reasons.append("modifiers: " + ", ".join(f"{k} ({v})" for k, v in extra.items()))
        evaluation = evaluate_chart(chart, sig, facts, names, new_swapped, evaluation.variant, list(extra))
    decision = dataclasses.replace(decision, party_a=party_a, variant=variant, modifiers=modifiers, reasons=reasons)
    return decision, new_swapped, evaluation


def record(decision, applied: list[AppliedModifier], overrides: list[Override],
           info: LLMInfo) -> tuple[list[AppliedModifier], list[Override], LLMInfo, str | None]:
    """Mark what the proposal shaped: `llm.applied`, modifier sources, the chart override by 'llm'; and
    the warning that says so (None: the proposal changed nothing)."""
    if not decision.applied:
        return applied, overrides, info, None
    info = info.model_copy(update={
        "applied": [*info.applied, *(x for x in decision.applied if x not in info.applied)], "used": True})
    applied = [
        m.model_copy(update={"source": "llm", "evidence": decision.modifiers[m.modifier_id]})
        if m.modifier_id in decision.modifiers else m
        for m in applied
    ]
    overrides = [
        o.model_copy(update={"by": "llm"})
        if (o.field == "chart" and decision.chart_id) or (o.field == "parties" and decision.party_a) else o
        for o in overrides
    ]
    warning = ("LLM 제안 반영 (" + ", ".join(decision.applied) + "): " + "; ".join(decision.reasons)
               + " / a validated LLM proposal shaped this result; the calculator computed the ratio.")
    return applied, overrides, info, warning


def check(llm: LLMBackend, text: str, names: Sequence[str], ranked: Sequence[Ranked], std, result,
          chart_id: str, final: dict[str, int] | None, mapping: PartyMapping | None,
          cites: Sequence[Citation], info: LLMInfo) -> tuple[LLMInfo, str | None]:
    """Ask the LLM for chart/variant/modifiers (or reuse `result`, the proposal `pick` already got);
    record what still disagrees with the final result, and return the warning that says so."""
    try:
        from katalog.llm.proposal import propose

        if result is None:
            result = propose(llm, text, list(names), _candidates(ranked, std), list(cites[:4]),
                             timeout_s=timeouts()[0])
        info = _named(info, llm).model_copy(update={"prompt_hash": result.prompt_hash})
        info = _warned(info, *result.warnings, unique=True)
        if not result.ok:
            return info, None
        info = info.model_copy(update={"used": True})
        if result.chart_id and result.chart_id != chart_id:
            info = info.model_copy(update={
                "disagreement": f"LLM은 {result.chart_id}를 제안했고 규칙 엔진은 {chart_id}를 선택했습니다."})
        elif result.chart_id and final is not None:
            # Same chart: compare the split the LLM's variant, mapping and modifiers would give.
            calc = compute(std.charts[result.chart_id], result.variant, result.modifier_ids)
            first_is_a = (result.party_a or mapping.A) == names[0]
            llm_first = calc.final.A if first_is_a else calc.final.B
            if llm_first != final[names[0]]:
                info = info.model_copy(update={"disagreement": (
                    f"같은 도표({result.chart_id})에서 LLM 제안으로 계산하면 {names[0]} {llm_first}%로, "
                    f"규칙 엔진의 {final[names[0]]}%와 다릅니다.")})
        return info, info.disagreement or None
    except Exception as exc:
        return _warned(info, f"LLM 도표 제안 실패, 규칙 결과 사용: {exc}"), None


def explain(llm: LLMBackend, draft: Assessment, info: LLMInfo) -> tuple[str | None, LLMInfo]:
    """The LLM's (checked) explanation of the draft, or None for the template's."""
    try:
        from katalog.llm.explain import explain, explain_template

        text, warnings = explain(llm, draft, draft.citations, timeout_s=timeouts()[1])
        info = _warned(info, *warnings)
        if text and text != explain_template(draft):  # the LLM's own (checked) paragraph is shown
            info = info.model_copy(update={"used": True})
        return text or None, info
    except Exception as exc:
        return None, _warned(info, f"LLM 설명 생성 실패, 템플릿 설명 사용: {exc}")
