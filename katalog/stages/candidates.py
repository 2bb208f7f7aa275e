"""The ranked charts of one description and the confidence gate that goes with the ranking.

With the learned reader (`katalog.reader`, docs/reader.md) the charts are ranked by the fused model
and carry its calibrated confidence, which alone decides abstention; without its files, the rules
alone decide."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from katalog import params
from katalog.matching.candidates import Ranked, rank_candidates
from katalog.matching.signatures import ChartSignature
from katalog.models import AccidentFacts, ChartCandidate
from katalog.stages.gates import ConfidenceGate
from katalog.standard.schema import Chart

TOP = params.get("engine.rank_top")  # charts kept on the assessment (`Assessment.candidates`)


@dataclass(frozen=True)
class Candidates:
    """The best charts, best first, and when their top one is too unsure to answer."""

    ranked: tuple[Ranked, ...]
    gate: ConfidenceGate

    @property
    def top(self) -> Ranked | None:
        return self.ranked[0] if self.ranked else None

    @property
    def low(self) -> bool:
        return self.gate.low(self.ranked)


def rank(query: str, facts: AccidentFacts, sigs: dict[str, ChartSignature], scores: Mapping[str, float],
         cues: set[str] | frozenset[str]) -> Candidates:
    """Top charts by the reader when its files are there, else by the rules' score."""
    from katalog.reader import get_reader

    retrieval = dict(scores)
    reader = get_reader()
    if reader is None:
        return Candidates(tuple(rank_candidates(facts, sigs, retrieval, top=TOP, cues=set(cues))), ConfidenceGate())
    ranked, p_decline = reader.read(query, facts, sigs, retrieval, set(cues), top=TOP)
    gate = ConfidenceGate(reader.abstain_below, 0.0, reader.trust_insufficient_above, reader.swapped,
                          decline=p_decline, decline_above=reader.decline_above)
    return Candidates(tuple(ranked), gate)


def chart_candidate(chart: Chart, r: Ranked) -> ChartCandidate:
    """A ranked chart as the assessment lists it."""
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
