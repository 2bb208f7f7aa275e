"""Issue 9's contract through the engine: every scripted server behaviour ends in a valid
assessment (the rules result, with the LLM's warning), never an exception or a hang."""

from __future__ import annotations

import time

import pytest

from .conftest import LANE_CHANGE as DESC
from .conftest import PARTIES


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["schema", "invalid", "unknown_chart", "timeout", "http500", "slow_stream"])
def test_each_server_behaviour_ends_in_a_valid_assessment(mode, engine, http_backend):
    assess, rules = engine
    backend = http_backend(mode, timeout_s=0.6, max_retries=1)
    t0 = time.monotonic()
    a = assess(DESC, parties=PARTIES, llm=backend)
    assert time.monotonic() - t0 < 15
    assert a.status == rules.status and a.chart_id == rules.chart_id and a.final == rules.final
    if mode == "schema":  # valid, schema-constrained answers are used
        assert a.llm.used and a.llm.prompt_hash
    else:
        assert not a.llm.used and a.llm.warnings
