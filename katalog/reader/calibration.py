"""The reader's stated confidence: isotonic maps of the fused top probability, chosen by what shifts its
accuracy, and the high-confidence guard (numpy only; `tools/train_reader.py` fits the maps and the guard).

Out of fold, a top the rules' own ranking also puts first (they "agree") is right far more often than a top
of the same probability the reader chose against the rules (at a raw 0.95: 0.97 vs 0.79), so the two get
their own maps and their own high-confidence guards; a top whose roles contradict a stated fact has its own
map and is never stated above a cap.

Among agreeing tops the raw probability alone leaves many below the guard that are right ~0.9 of the time
(stated at most 0.79): with `agree_score` their map and guard read a logistic score of the top probability,
the runner-up's and how much the description says (richness), so the rich, clear-cut tops pass the guard and
the rest are stated nearer what they achieve.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

Map = tuple[np.ndarray, np.ndarray]  # (x grid, y) for `np.interp`


#: what `agree_score` reads, in the order of its weights (after the bias)
SCORE_FEATURES = ("logit_p_top", "logit_p_second", "richness")


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    return math.log(p / (1.0 - p))


def score_features(p_top: float, p_second: float, richness: float) -> list[float]:
    """The values of `SCORE_FEATURES` (probabilities as logits, clipped at 1e-6 from 0 and 1)."""
    return [_logit(p_top), _logit(p_second), richness]


def agree_score(p_top: float, p_second: float, richness: float, weights: Sequence[float] | None) -> float:
    """The score the plain (agreeing tops') map and guard read: `weights` = (bias, one per `SCORE_FEATURES`),
    a logistic regression of "the top is right" fitted out of fold; None (a model trained before the score):
    the raw top probability."""
    if weights is None:
        return p_top
    if len(weights) != len(SCORE_FEATURES) + 1:
        raise ValueError(f"agree_score: {len(weights)} weights for {len(SCORE_FEATURES)} features + bias "
                         f"(점수 가중치 개수 오류)")
    return float(weights[0] + np.dot(weights[1:], score_features(p_top, p_second, richness)))


def stated_confidence(p_top: float, contradicted: bool, plain: Map, contra: Map | None, cap: float,
                      disagreed: bool = False, disagree: Map | None = None, score: float | None = None) -> float:
    """The stated confidence of a top probability: the contradicted map (the plain one when trained without
    it) capped at `cap`; else the map of tops the rules disagree with, when there is one; else the plain map,
    read at `score` (`agree_score`) when given, else at the top probability.
    The training's nested check calls this too, so it measures what the engine states."""
    at_plain = p_top if score is None else score
    if contradicted:
        return min(float(np.interp(p_top, *contra)) if contra is not None else float(np.interp(at_plain, *plain)), cap)
    if disagreed and disagree is not None:
        return float(np.interp(p_top, *disagree))
    return float(np.interp(at_plain, *plain))


def guarded(conf: float, p_top: float, guard: float, cap: float) -> float:
    """A top whose raw probability (or, for agreeing tops, `agree_score`) is below its group's
    high-confidence guard is stated at most `cap` (just under "high confidence"): only the tops whose
    out-of-fold accuracy reaches the target are stated high."""
    return min(conf, cap) if p_top < guard else conf


def wilson_lower(right: int, n: int, z: float) -> float:
    """One-sided Wilson lower bound of a proportion `right / n` (z = 0: the proportion itself)."""
    if n == 0:
        return 0.0
    p = right / n
    if z <= 0:
        return p
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - margin) / (1 + z * z / n)


def fit_guard(pairs: Iterable[tuple[float, bool]], target: float, min_rows: int = 20, z: float = 0.0) -> float:
    """The lowest score above which (itself included) the rows are right at least `target` of the time,
    counted from the top with at least `min_rows` rows; 1.01 (nothing passes) when no score qualifies.
    With `z` > 0 the rows' Wilson lower bound must reach `target`, not their rate: a guard fitted to the
    rate exactly is met on new text only half the time. Rows of one score are counted together: a stated
    confidence is a step of an isotonic map, shared by many rows, and the guard keeps or caps them all."""
    ranked = sorted(pairs, key=lambda t: -t[0])
    guard, right = 1.01, 0
    for n, (score, ok) in enumerate(ranked, 1):
        right += bool(ok)
        last_of_score = n == len(ranked) or ranked[n][0] != score
        if last_of_score and n >= min_rows and wilson_lower(right, n, z) >= target:
            guard = score
    return guard


def rules_agree(x: np.ndarray, rule_score_col: int, gated_out_col: int, top: int) -> bool:
    """Do the rules alone (gated charts by rule score, as `tools/train_reader.py` ranks them) put the fused
    top first too?"""
    rules = x[:, rule_score_col] - 1000.0 * x[:, gated_out_col]
    return int(np.argmax(rules)) == top
