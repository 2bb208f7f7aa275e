"""A deterministic stand-in for the engine, for tests and for benchmarking the batch machinery itself.

Its output depends only on the description: `__boom__` raises, `손해액` abstains, and the
hash picks a chart, a ratio and a confidence. `KATALOG_FAKE_DELAY_MS` adds a per-case delay.
"""

from __future__ import annotations

import hashlib
import os
import time

from katalog.models import Abstention, Assessment, ChartCandidate, LLMInfo

CHARTS = ("차41-1", "차15-1", "차2-1", "보1", "차51-1", "차43-1")
RATIOS = ((0, 100), (20, 80), (30, 70), (50, 50), (70, 30), (100, 0))


class FakeScorer:
    version_key = "fake-1|fake-std|"

    def __call__(self, description: str, parties: list[str] | None) -> Assessment:
        delay = float(os.environ.get("KATALOG_FAKE_DELAY_MS", "0") or 0)
        if delay:
            time.sleep(delay / 1000)
        if "__boom__" in description:
            raise RuntimeError("fake engine failure")
        names = list(parties) if parties else ["A", "B"]
        common = {
            "description": description,
            "parties": names,
            "engine_version": "fake-1",
            "standard_version": "fake-std",
        }
        if "손해액" in description:
            return Assessment(
                **common,
                status="abstained",
                abstention=Abstention(code="damages_question", message="손해액 산정은 다루지 않습니다"),
            )
        h = int(hashlib.sha256(description.encode("utf-8")).hexdigest()[:8], 16)
        chart = CHARTS[h % len(CHARTS)]
        a, b = RATIOS[(h >> 4) % len(RATIOS)]
        conf = round(0.3 + ((h >> 8) % 70) / 100, 2)
        second = round(max(0.0, conf - ((h >> 12) % 40) / 100), 2)
        return Assessment(
            **common,
            chart_id=chart,
            variant="가",
            candidates=[
                ChartCandidate(chart_id=chart, title=chart, category="fake", score=conf, confidence=conf),
                ChartCandidate(
                    chart_id="차99-9", title="other", category="fake", score=second, confidence=second
                ),
            ],
            base={names[0]: a, names[1]: b},
            final={names[0]: a, names[1]: b},
            confidence=conf,
            llm=LLMInfo(disagreement="규칙과 LLM의 도표가 다름" if "분쟁" in description else None),
            timings_ms={"total": 0.1},
        )


fake_scorer = FakeScorer()
