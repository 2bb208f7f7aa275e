"""Metrics, implemented in-house: accuracy, macro-F1, exact match, ROUGE-L (characters or morphemes), Pearson.

All take parsed predictions and parsed references (strings) and return a float in [0, 1]
(Pearson in [-1, 1]).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any


def _check(preds: Sequence[str], refs: Sequence[str]) -> None:
    if len(preds) != len(refs):
        raise ValueError(f"{len(preds)} predictions for {len(refs)} references")


def accuracy(preds: Sequence[str], refs: Sequence[str]) -> float:
    _check(preds, refs)
    return sum(p == r for p, r in zip(preds, refs, strict=True)) / len(refs) if refs else 0.0


def exact_match(preds: Sequence[str], refs: Sequence[str]) -> float:
    """Accuracy after whitespace normalisation (parsers already canonicalise the rest)."""
    return accuracy([" ".join(p.split()) for p in preds], [" ".join(r.split()) for r in refs])


def macro_f1(preds: Sequence[str], refs: Sequence[str]) -> float:
    """Unweighted mean F1 over the labels that occur in the references."""
    _check(preds, refs)
    labels = sorted(set(refs))
    if not labels:
        return 0.0
    scores = []
    for lab in labels:
        tp = sum(p == lab and r == lab for p, r in zip(preds, refs, strict=True))
        fp = sum(p == lab and r != lab for p, r in zip(preds, refs, strict=True))
        fn = sum(p != lab and r == lab for p, r in zip(preds, refs, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def _chars(text: str) -> list[str]:
    return [c for c in text if not c.isspace()]


@cache
def _kiwi() -> Any:
    """One Kiwi per process, built on first use (~1 s)."""
    from kiwipiepy import Kiwi

    return Kiwi()


def _morphemes(text: str) -> list[str]:
    return [t.form for t in _kiwi().tokenize(text)]


def rouge_l_pair(pred: str, ref: str, unit: str = "char") -> float:
    """ROUGE-L F1 of one pair over characters (default) or kiwipiepy morphemes."""
    tok = _chars if unit == "char" else _morphemes
    a, b = tok(pred), tok(ref)
    lcs = _lcs(a, b)
    if lcs == 0:
        return 1.0 if not a and not b else 0.0
    p, r = lcs / len(a), lcs / len(b)
    return 2 * p * r / (p + r)


def rouge_l(preds: Sequence[str], refs: Sequence[str], unit: str = "char") -> float:
    _check(preds, refs)
    return sum(rouge_l_pair(p, r, unit) for p, r in zip(preds, refs, strict=True)) / len(refs) if refs else 0.0


def _float(text: str, default: float) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return default


def pearson(preds: Sequence[str], refs: Sequence[str]) -> float:
    """Pearson r; unparseable predictions count as the scale midpoint 2.5, constant ones give 0."""
    _check(preds, refs)
    x = [_float(p, 2.5) for p in preds]
    y = [_float(r, 0.0) for r in refs]
    n = len(y)
    if n < 2:
        return 0.0
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sx = math.sqrt(sum((a - mx) ** 2 for a in x))
    sy = math.sqrt(sum((b - my) ** 2 for b in y))
    return sxy / (sx * sy) if sx and sy else 0.0


METRICS: dict[str, Callable[[Sequence[str], Sequence[str]], float]] = {
    "accuracy": accuracy,
    "macro_f1": macro_f1,
    "exact_match": exact_match,
    "rouge_l": rouge_l,
    "pearson": pearson,
}


def score(metric: str, preds: Sequence[str], refs: Sequence[str]) -> float:
    return METRICS[metric](preds, refs)
