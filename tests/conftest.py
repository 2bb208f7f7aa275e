"""Suite-wide switch: tests marked `slow` run in CI (`KATALOG_RUN_SLOW=1`, set by `.ci/run`) or when asked for
with `-m`; a plain local `pytest` skips them so the default run stays short."""

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
