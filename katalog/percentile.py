"""The one percentile every benchmark reports (p50, p95): linear interpolation between closest ranks."""

from __future__ import annotations

from collections.abc import Iterable


def percentile(values: Iterable[float], q: float) -> float | None:
    """The `q`-quantile (0 ≤ q ≤ 1) of `values`, interpolated as numpy's default and `statistics.median` do;
    None when there are no values. One convention, so p95 figures from different benchmarks compare."""
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"percentile q must be within [0, 1], got {q}")
    s = sorted(values)
    if not s:
        return None
    pos = q * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)
