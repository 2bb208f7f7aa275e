"""Open questions, each with the largest change of the first party's fault an answer could cause.

What an answer would change depends on the facts alone, not on the split the user is looking at, so
the answers' outcomes (`outcomes`) are computed once per facts and reused: a changed modifier, variant
or A/B order only changes the impacts (`questions`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from katalog import params
from katalog.followup import apply_answers, open_questions, options_for, question_text
from katalog.matching.candidates import rank_candidates
from katalog.matching.signatures import ChartSignature, chart_signatures, described_cues
from katalog.models import AccidentFacts, FollowUpQuestion
from katalog.stages.calculation import evaluate_chart

QUESTION_POOL = params.get("engine.question_pool")  # best-fitting charts within which the answers to a party question are ranked
MAX_QUESTIONS = 6
MAX_OPTIONS = 7  # answers per question whose outcome is computed


@dataclass(frozen=True)
class Outcome:
    """One open question: its answers, and the first party's fault under each answer that names a chart."""

    id: str
    options: tuple[str, ...]
    faults: tuple[int, ...]


def outcomes(facts: AccidentFacts, names: Sequence[str], description: str, std,
             sigs: dict[str, ChartSignature] | None = None) -> tuple[Outcome, ...]:
    """Each open question's answers, each ranked within one pool of charts and evaluated, once."""
    cues = described_cues(description, facts)
    sigs = sigs or chart_signatures()
    # An answer changes one fact of one party: the new best chart is among those that already fit the
    # rest of the facts, so each answer is ranked within this pool (ranked once for all answers).
    pool: set[str] | None = None
    out: list[Outcome] = []
    for qid in open_questions(facts)[:MAX_QUESTIONS]:
        opts = options_for(qid)
        if pool is None:
            pool = {r.chart_id for r in rank_candidates(facts, sigs, {}, top=QUESTION_POOL, cues=cues)}
        faults: list[int] = []
        for label in list(opts)[:MAX_OPTIONS]:
            f2, _ = apply_answers(facts, {qid: label}, read_only=True)
            allowed = pool
            if qid == "place":  # a new place brings in that place's charts (and those that name none)
                place = opts[label]
                allowed = pool | {cid for cid, sg in sigs.items() if sg.place in (None, place)}
            ranked = rank_candidates(f2, sigs, {}, top=1, cues=cues, allowed=allowed)
            if ranked:
                chart = std.charts[ranked[0].chart_id]
                faults.append(evaluate_chart(chart, sigs[chart.id], f2, names, ranked[0].fit.swapped).fault_of(names[0]))
        out.append(Outcome(qid, tuple(opts), tuple(faults)))
    return tuple(out)


def questions(facts: AccidentFacts, names: Sequence[str], found: Sequence[Outcome] | None = None,
              current: int | None = None) -> list[FollowUpQuestion]:
    """The open questions, largest impact first; without a split (`current` None) every impact is 0."""
    if current is None or found is None:
        found = [Outcome(qid, tuple(options_for(qid)), ()) for qid in open_questions(facts)[:MAX_QUESTIONS]]
    out = [
        FollowUpQuestion(id=o.id, text=question_text(o.id, list(names)), options=list(o.options),
                         impact=max((abs(v - current) for v in o.faults), default=0) if current is not None else 0)
        for o in found
    ]
    out.sort(key=lambda q: q.impact, reverse=True)
    return out
