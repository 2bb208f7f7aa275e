"""Filter values are checked: a misspelt status or review state is an error, not an empty result."""

from __future__ import annotations

import pytest

from katalog.errors import InputError


@pytest.mark.parametrize("filters", [{"status": "okay"}, {"review_state": "pending"}])
def test_unknown_filter_value_is_an_error(db, filters):
    with pytest.raises(InputError):
        db.list_cases(filters)
    with pytest.raises(InputError):
        db.count_cases(filters)


@pytest.mark.parametrize("status", ["ok", "abstained", "error", "unscored"])
def test_known_status_values_are_accepted(db, status):
    assert db.list_cases({"status": status}) == []


def test_queue_thresholds_from_env_are_checked(monkeypatch):
    from katalog.db import QueueConfig

    monkeypatch.setenv("KATALOG_REVIEW_MIN_CONFIDENCE", "abc")
    with pytest.raises(InputError, match="KATALOG_REVIEW_MIN_CONFIDENCE"):
        QueueConfig.from_env()
    monkeypatch.setenv("KATALOG_REVIEW_MIN_CONFIDENCE", "")
    monkeypatch.setenv("KATALOG_REVIEW_MAX_GAP", "0.3")
    assert QueueConfig.from_env() == QueueConfig(min_confidence=0.5, max_gap=0.3)
