"""One percentile convention for every benchmark (p50 / p95)."""

import statistics

import pytest

from katalog.percentile import percentile


def test_median_matches_statistics_for_odd_and_even_counts() -> None:
    for xs in ([3.0, 1.0, 2.0], [4.0, 1.0, 3.0, 2.0], [7.5]):
        assert percentile(xs, 0.5) == pytest.approx(statistics.median(xs))


def test_p95_interpolates_between_ranks() -> None:
    xs = [float(i) for i in range(1, 21)]  # 1..20: rank 0.95*19 = 18.05
    assert percentile(xs, 0.95) == pytest.approx(19.05)
    assert percentile(xs, 0.0) == 1.0 and percentile(xs, 1.0) == 20.0


def test_empty_and_out_of_range() -> None:
    assert percentile([], 0.5) is None
    with pytest.raises(ValueError, match="within"):
        percentile([1.0], 1.5)
