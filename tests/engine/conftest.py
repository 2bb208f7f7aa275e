"""Shared fixtures for the engine tests: one warm-up of the shipped retriever/index per session.

The first `assess` call loads the persisted hybrid index (several seconds); every later call in
the process reuses it, so the whole folder pays that cost once.
"""

from __future__ import annotations

import functools
import os

import pytest

from katalog.engine import assess
from katalog.models import Assessment
from katalog.standard.loader import Standard, load_standard


@pytest.fixture(scope="session", autouse=True)
def _rules_only_and_warm():
    """No LLM backend from the environment (the embedded rules are under test), index warmed once."""
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("KATALOG_LLM_")}
    a = assess("신호기 있는 교차로에서 당사 차량은 녹색신호에 직진하고 상대 차량은 적색신호에 직진하다 충돌")
    assert a.status == "ok", a.error
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session")
def std() -> Standard:
    """The shipped standard (`load_standard` caches it; every engine test file reads the same one)."""
    return load_standard()


PARTIES = ["당사 차량", "상대 차량"]


@functools.cache
def assessed(text: str) -> Assessment:
    """One undated, rules-and-reader assessment per text, shared by the tests of a file that check several
    things of the same row (chart, first three, A's base)."""
    return assess(text)
