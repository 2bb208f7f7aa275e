"""Suite-wide switch: tests marked `slow` run in CI (`KATALOG_RUN_SLOW=1`, set by `.ci/run`) or when asked for
with `-m`; a plain local `pytest` skips them so the default run stays short. `rules_only` runs a test without
the learned reader."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("KATALOG_RUN_SLOW") == "1" or config.getoption("markexpr"):
        return
    skip = pytest.mark.skip(reason="slow: set KATALOG_RUN_SLOW=1 (CI does) or select with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def rules_only(monkeypatch: pytest.MonkeyPatch):
    """The rules alone (the reader switched off, its cache cleared before and after)."""
    from katalog.reader import model as M

    monkeypatch.setenv("KATALOG_READER", "0")
    M.get_reader.cache_clear()
    yield
    M.get_reader.cache_clear()
