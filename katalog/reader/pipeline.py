"""The rule stages the reader reads from, exactly as `katalog.engine` runs them, and the candidate
pool the reader re-ranks.

The rule ranking gates charts by road-user type (보 needs a pedestrian …); when the extractor misses
a pedestrian ("아저씨가 건너다"), the right chart is never ranked (2/3 of the rule misses on the
everyday folds). The reader's pool therefore holds the rules' best gated charts, the best charts by
the same rule score without the gates (flagged `gated_out`), and the text models' own best charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from katalog import params
from katalog.matching.candidates import Ranked, ScoreContext, rule_score
from katalog.matching.signatures import ChartSignature, chart_signatures, described_cues
from katalog.models import AccidentFacts

# pool sizes: part of the features the shipped reader was trained with (data/engine/params.yaml, `reader.*`)
K_GATED = params.get("reader.pool_gated")  # rules' best charts that pass the road-user gates
K_ALL = params.get("reader.pool_all")  # … best charts by the same score, gates ignored
K_TEXT = params.get("reader.pool_text")  # … text models' best charts


@dataclass
class Scored:
    ranked: Ranked
    gated_in: bool
    rank_all: int  # rank by rule score among all rankable charts (gates ignored)
    legacy: bool = False  # a portal legacy chart (`ChartSignature.legacy`)


RANK_CAP = params.get("reader.rank_cap")  # ranks past this are all "far down" (the training keeps the best RANK_CAP per row)


def score_all(facts: AccidentFacts, sigs: dict[str, ChartSignature], retrieval: dict[str, float],
              cues: set[str], only: set[str] | None = None) -> list[Scored]:
    """Every rankable chart (or those in `only`) with the rule score of `rank_candidates` (same
    formula), best first."""
    ctx = ScoreContext.of(facts, sigs, retrieval)
    fits = ctx.fits(cues)
    out = [
        Scored(rule_score(cid, sig, facts, ctx, cues, fits), ctx.book_applies(sig, facts), RANK_CAP, sig.legacy)
        for cid, sig in sigs.items() if sig.rankable and (only is None or cid in only)
    ]
    out.sort(key=lambda s: s.ranked.score, reverse=True)
    if only is None:
        for i, s in enumerate(out):
            s.rank_all = min(i, RANK_CAP)
    return out


def build_pool(scored: list[Scored], text_best: list[str], extra=None) -> list[Scored]:
    """Rules' best gated charts, then the best ungated, then the text models' best (no duplicates).

    `extra(ids)` scores text-proposed charts missing from `scored` (the training keeps only the
    best `RANK_CAP` of each row)."""
    pool: list[Scored] = []
    seen: set[str] = set()

    def add(s: Scored) -> None:
        if s.ranked.chart_id not in seen:
            seen.add(s.ranked.chart_id)
            pool.append(s)

    for s in [s for s in scored if s.gated_in][:K_GATED]:
        add(s)
    # a portal legacy chart (3xx two-wheeler, 5xx highway series) the gate dropped stays out: it maps onto
    # a 2023 chart with another base ratio, so letting it back in cost committee base ratios (0.80 → 0.63)
    for s in [s for s in scored if s.gated_in or not s.legacy][:K_ALL]:
        add(s)
    by_id = {s.ranked.chart_id: s for s in scored}
    wanted = text_best[:K_TEXT]
    missing = {c for c in wanted if c not in by_id}
    if missing and extra is not None:
        by_id.update({s.ranked.chart_id: s for s in extra(missing)})
    for cid in wanted:
        if cid in by_id and (by_id[cid].gated_in or not by_id[cid].legacy):
            add(by_id[cid])
    return pool


@dataclass
class RulePool:
    text: str
    query: str
    facts: AccidentFacts
    retrieval: dict[str, float]
    cues: set[str]
    scored: list[Scored]


def rule_pool(description: str, parties: list[str] | None = None, accident_date: date | None = None) -> RulePool | None:
    """The engine's facts → retrieval → rule scores for one description (None when the engine would
    stop before ranking: empty, out of scope, contradictory); `accident_date` as `assess` takes it."""
    from katalog.facts import extract_facts
    from katalog.stages.facts import dated
    from katalog.stages.gates import MAX_CHARS, clean
    from katalog.stages.names import party_names, plain_cars
    from katalog.stages.retrieval import retrieval_query, retrieval_scores

    text = clean(description)[:MAX_CHARS]
    if not text:
        return None
    facts = extract_facts(text, parties)
    for span in facts.ignored:
        text = text.replace(span, " ")
    if not facts.in_scope or facts.contradictions:
        return None
    facts = dated(facts, accident_date, text)
    names = party_names(facts, parties)
    query = retrieval_query(text, names, plain_cars(facts))
    retrieval, _ = retrieval_scores(query)
    cues = described_cues(text, facts)
    sigs = chart_signatures()
    return RulePool(text=text, query=query, facts=facts, retrieval=retrieval, cues=cues,
                    scored=score_all(facts, sigs, retrieval, cues))
