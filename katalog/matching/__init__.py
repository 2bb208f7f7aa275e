"""Chart matching: structured fit of accident facts to each chart, fused with retrieval."""

from katalog.matching.candidates import rank_candidates
from katalog.matching.signatures import ChartSignature, PartySignature, chart_signatures

__all__ = ["ChartSignature", "PartySignature", "chart_signatures", "rank_candidates"]
