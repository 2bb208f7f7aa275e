"""What the result rests on: the chart, its laws, and the nearest precedents and committee decisions."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from katalog.models import Citation
from katalog.standard.schema import Chart

log = logging.getLogger(__name__)

PER_KIND = 3  # precedents, and committee decisions, cited per assessment


def citations(chart: Chart, text: str, exclude_ids: Sequence[str] | None = None) -> list[Citation]:
    """The chart itself, then its laws (with their text where the index holds them), then the best
    precedents and committee decisions for the text and the chart's title (`exclude_ids` left out)."""
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
            for h in r.search(text + " " + chart.title, k=PER_KIND, kinds=[kind], exclude_ids=exclude_ids):
                ratio = h.metadata.get("decided_ratio") if kind == "committee" else None
                cites.append(
                    Citation(kind=kind, id=h.doc_id, title=h.title, text=h.text[:400], ratio=ratio, score=h.score)
                )
    except Exception as exc:
        log.warning("citation retrieval failed: %s", exc)
        cites.extend(Citation(kind="law", id=law, title=law) for law in chart.laws)
    return cites
