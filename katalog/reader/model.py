"""The shipped reader: text models over tokens → chart-attribute log-probabilities, a conditional
logit that fuses them with the rule features, and the calibration of the fused confidence.

Loaded from `data/models/reader/` with numpy only (no scikit-learn, no torch). The files are
written by `tools/train_reader.py`; `reader.json` records how (script, data, date, metrics).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from katalog import params
from katalog.matching.candidates import Ranked
from katalog.matching.signatures import ChartSignature
from katalog.models import AccidentFacts
from katalog.paths import data_dir
from katalog.reader.calibration import SCORE_FEATURES, agree_score, guarded, rules_agree, stated_confidence
from katalog.reader.features import (
    ATTRIBUTES,
    RULE_FEATURES,
    Vectorizer,
    chart_attributes,
    rule_features,
    text_tokens,
)
from katalog.reader.pipeline import K_TEXT, Scored, build_pool, score_all
from katalog.reader.roles import ROLE_FEATURES, p_swapped, role_features
from katalog.reader.unpacked import load_arrays

log = logging.getLogger(__name__)

FLOOR = params.get("reader.unseen_logprob")  # log-probability of an attribute value the text models never saw
#: A raw top probability below the fitted `high_guard` is stated at most this (just under "high confidence").
BELOW_GUARD_CAP = params.get("reader.below_guard_cap")
#: The learned party-role assigner swaps A and B above this probability.
ROLE_SWAP_ABOVE = params.get("reader.role_swap_above")
_CONTRADICTIONS = RULE_FEATURES.index("contradictions")  # rule features come first in `candidate_matrix`
_RULE_SCORE = RULE_FEATURES.index("rule_score")
_GATED_OUT = RULE_FEATURES.index("gated_out")
_RICHNESS = RULE_FEATURES.index("richness")
FEATURES = (RULE_FEATURES + tuple(f"lp_{a}" for a in ATTRIBUTES) + tuple(f"unseen_{a}" for a in ATTRIBUTES)
            + ("lp_chart_x_rich", "lp_chart_x_cover", "lp_types_x_gated_out"))


#: The text model's extra two-class head: is the text a fault question between two parties ("answer") or
#: one the engine should decline ("decline": insurance or damages questions, one vehicle, chains …)?
DECLINE = "_decline"


def model_dir() -> Path:
    return data_dir() / "models" / "reader"


@dataclasses.dataclass
class TextModel:
    """Multinomial logistic regressions (one per chart attribute) over one tf-idf space."""

    vectorizer: Vectorizer
    classes: dict[str, list[str]]
    coef: dict[str, np.ndarray]  # (n_classes, vocab), float16 as shipped
    intercept: dict[str, np.ndarray]

    def logprobs(self, tokens: list[str]) -> dict[str, dict[str, float]]:
        idx, val, coverage = self.vectorizer.transform_with_coverage(tokens)
        out = {}
        for attr, classes in self.classes.items():
            # float16 in memory (~18 MB instead of 36); the few columns of one text are widened to float32
            z = (self.coef[attr][:, idx].astype(np.float32) @ val + self.intercept[attr] if len(idx)
                 else self.intercept[attr].copy())
            z = z - z.max()
            lp = z - math.log(float(np.exp(z).sum()))
            out[attr] = dict(zip(classes, lp.tolist(), strict=True))
        out["_text"] = {"coverage": coverage}
        return out


def attribute_features(lp: dict[str, dict[str, float]], sig: ChartSignature) -> list[float]:
    attrs = chart_attributes(sig)
    vals, unseen = [], []
    for a in ATTRIBUTES:
        table = lp.get(a, {})
        # a chart is also read under the ids it stands for: a legacy chart's 2023 ids, the superseded twins
        # (a model trained before twins were merged still has their classes)
        keys = [attrs[a]] + (list(sig.maps_to) + list(sig.twins) if a == "chart" else [])
        got = [table[k] for k in keys if k in table]
        vals.append(max(got) if got else FLOOR)
        unseen.append(0.0 if got else 1.0)
    return vals + unseen


@dataclasses.dataclass
class Reader:
    text: TextModel
    weights: np.ndarray | None  # (len(FEATURES),) of the conditional logit, or None with `trees`
    mean: np.ndarray
    scale: np.ndarray
    temperature: float
    calib_x: np.ndarray  # piecewise-linear map of the top probability (isotonic, out of fold)
    calib_y: np.ndarray
    contradiction_cap: float
    abstain_below: float
    trust_insufficient_above: float
    role_weights: np.ndarray | None  # the party-role assigner (None: kept the rules' order)
    meta: dict
    trees: Trees | None = None  # the gradient-boosted ranker, when that family was kept
    columns: list[int] | None = None  # features the conditional logit uses (None: all)
    high_guard: float = 0.0  # a raw top probability below this is never stated at ≥ 0.8
    decline_above: float = 1.01  # decline at this probability that the text is no fault question (1.01: never)
    calib_contra: tuple[np.ndarray, np.ndarray] | None = None  # the map of tops with contradicted roles
    # the map and the guard of tops the rules' own ranking does not put first (None: a model trained before
    # them; such tops share the plain map and `high_guard`)
    calib_disagree: tuple[np.ndarray, np.ndarray] | None = None
    high_guard_disagree: float | None = None
    # weights of `calibration.agree_score`, which the plain map and `high_guard` read (None: a model trained
    # before the score; they read the raw top probability)
    score_weights: list[float] | None = None

    def swapped(self, facts: AccidentFacts, sig: ChartSignature, rule_swapped: bool) -> bool:
        """Is the first named party the chart's B? (the learned party-role assigner)"""
        if self.role_weights is None:
            return rule_swapped
        return p_swapped(self.role_weights, role_features(facts, sig, rule_swapped)) > ROLE_SWAP_ABOVE


    # -------------------------------------------------------------------------------------
    def features(self, lp: dict[str, dict[str, float]], facts: AccidentFacts, pool: list[Scored],
                 sigs: dict[str, ChartSignature], cues: set[str]) -> np.ndarray:
        return candidate_matrix(lp, facts, pool, sigs, cues)

    def scores(self, x: np.ndarray) -> np.ndarray:
        if self.trees is not None:
            return self.trees.predict(x)
        if self.columns is not None:
            x = x[:, self.columns]
        return ((x - self.mean) / self.scale) @ self.weights

    def calibrate(self, p_top: float, contradicted: bool = False, disagreed: bool = False, p_second: float = 0.0,
                  richness: float = 0.0) -> float:
        """The stated confidence of a top probability (its runner-up's probability and the top's richness
        feature feed `agree_score`), guard included."""
        score = agree_score(p_top, p_second, richness, self.score_weights)
        conf = stated_confidence(p_top, contradicted, (self.calib_x, self.calib_y), self.calib_contra,
                                 self.contradiction_cap, disagreed, self.calib_disagree, score)
        # only the tops whose out-of-fold accuracy is >= 0.95 are stated at >= 0.8
        own = disagreed and self.calib_disagree is not None and self.high_guard_disagree is not None
        return guarded(conf, p_top if own else score, self.high_guard_disagree if own else self.high_guard,
                       BELOW_GUARD_CAP)

    def rank(self, query: str, facts: AccidentFacts, sigs: dict[str, ChartSignature], retrieval: dict[str, float],
             cues: set[str], top: int = 8) -> list[Ranked]:
        """The best charts by the fused score, each with its calibrated confidence."""
        return self.read(query, facts, sigs, retrieval, cues, top)[0]

    def read(self, query: str, facts: AccidentFacts, sigs: dict[str, ChartSignature], retrieval: dict[str, float],
             cues: set[str], top: int = 8) -> tuple[list[Ranked], float | None]:
        """(the best charts as `rank` gives them, the probability that the text asks no fault question —
        None for a model trained without the decline classifier)."""
        lp = self.text.logprobs(text_tokens(query, facts))
        p_decline = math.exp(lp[DECLINE]["decline"]) if DECLINE in lp else None
        return self._ranked(lp, facts, sigs, retrieval, cues, top), p_decline

    def _ranked(self, lp: dict[str, dict[str, float]], facts: AccidentFacts, sigs: dict[str, ChartSignature],
                retrieval: dict[str, float], cues: set[str], top: int) -> list[Ranked]:
        pool = build_pool(score_all(facts, sigs, retrieval, cues), text_best(lp))
        if not pool:
            return []
        x = self.features(lp, facts, pool, sigs, cues)
        s = self.scores(x) / self.temperature
        p = np.exp(s - s.max())
        p /= p.sum()
        order = [int(j) for j in np.argsort(-s, kind="stable")]
        s_top = float(s[order[0]])
        fused_top = order[0]
        order, p_top = book_of_rules(order, pool, sigs, p)
        best = order[0]
        # the rule features already counted contradicted roles (`role_contradictions`): never confident;
        # agreement is judged on the fused argmax, as the training does (before the book rule)
        conf = self.calibrate(p_top, contradicted=bool(x[best, _CONTRADICTIONS]),
                              disagreed=not rules_agree(x, _RULE_SCORE, _GATED_OUT, fused_top),
                              p_second=float(np.delete(p, best).max()) if len(p) > 1 else 0.0,
                              richness=float(x[best, _RICHNESS]))
        # the others share the rest in the reader's proportions (so the list sums to at most 1) and none
        # is stated above the top: the book rule keeps a legacy chart the reader may put far below its
        # own choice (368 at 0.14 under 비정형-10 at 0.70 before), and re-ranking by the reader there lost
        # committee base ratios (dev_committee base 0.783 → 0.713, 0.748 for the charts with no maps_to)
        rest = 1.0 - float(p[best])
        factor = (1.0 - conf) / rest if rest > 1e-12 else 0.0
        return [
            dataclasses.replace(pool[j].ranked, score=s_top if j == best else float(s[j]),
                                confidence=conf if j == best else min(float(p[j]) * factor, conf))
            for j in order[:top]
        ]


def book_of_rules(order: list[int], pool: list[Scored], sigs: dict[str, ChartSignature],
                   p: np.ndarray) -> tuple[list[int], float]:
    """(order, probability of the top situation). The reader picks the situation, the rules pick the book:
    when the rules' best chart is a portal legacy chart (two-wheeler series 3xx, highway 5xx: ranked only
    for a two-wheeler or on a highway), it stays on top, with the reader's probability of it and of the
    2023 charts it adapts. The corpus labels such rows with 2023 car charts (they count as hits through
    `maps_to`), but committees decided them on the portal series, whose base ratios differ
    (docs/engine.md); re-ranked by the reader alone, dev_committee base_exact fell from 0.80 to 0.62. The
    portal series is ranked only for accidents dated before the 2023 edition (`katalog.standard.edition`), so for
    undated text this rule never finds a portal chart to keep."""
    gated = [j for j in range(len(pool)) if pool[j].gated_in]
    if not gated:
        return order, float(p[order[0]])
    rules_top = max(gated, key=lambda j: pool[j].ranked.score)
    legacy = pool[rules_top]
    if not legacy.legacy:
        return order, float(p[order[0]])
    same = set(sigs[legacy.ranked.chart_id].maps_to)
    p_situation = float(p[rules_top]) + sum(float(p[j]) for j in range(len(pool)) if pool[j].ranked.chart_id in same)
    return [rules_top] + [j for j in order if j != rules_top], p_situation


def text_best(lp: dict[str, dict[str, float]]) -> list[str]:
    """Charts the text models find most likely, best first."""
    table = lp.get("chart", {})
    return sorted(table, key=lambda c: -table[c])[:K_TEXT]


def candidate_matrix(lp: dict[str, dict[str, float]], facts: AccidentFacts, pool: list[Scored],
                     sigs: dict[str, ChartSignature], cues: set[str]) -> np.ndarray:
    rule = rule_features(facts, pool, sigs, cues)
    att = np.asarray([attribute_features(lp, sigs[s.ranked.chart_id]) for s in pool], dtype=np.float64)
    att = att.reshape(len(pool), 2 * len(ATTRIBUTES))
    # interactions: lean on the text models less when the facts are rich or the words unfamiliar, and
    # let a chart the road-user gate dropped back in only when the text names its road users
    lp_chart = att[:, ATTRIBUTES.index("chart")]
    lp_types = att[:, ATTRIBUTES.index("types")]
    rich = rule[:, RULE_FEATURES.index("richness")]
    gated_out = rule[:, RULE_FEATURES.index("gated_out")]
    cover = float(lp.get("_text", {}).get("coverage", 1.0))
    inter = np.stack([lp_chart * rich, lp_chart * cover, lp_types * gated_out], axis=1)
    return np.hstack([rule, att, inter])


def load_reader(path: Path | None = None) -> Reader:
    d = path or model_dir()
    meta = json.loads((d / "reader.json").read_text(encoding="utf-8"))
    arr = load_arrays(d / "text_model.npz")  # inflated once per model file, not at every start
    vocab_tokens = arr["vocab"].tolist()
    vec = Vectorizer({t: i for i, t in enumerate(vocab_tokens)}, arr["idf"].astype(np.float32),
                     meta.get("norm", "l2"))
    heads = list(meta["attributes"]) + ([DECLINE] if f"classes_{DECLINE}" in arr else [])
    classes = {a: arr[f"classes_{a}"].tolist() for a in heads}
    coef = {a: arr[f"coef_{a}"] for a in heads}
    intercept = {a: arr[f"intercept_{a}"].astype(np.float32) for a in heads}
    if tuple(meta["features"]) != FEATURES:
        raise ValueError("reader.json was trained with other features; rerun tools/train_reader.py")
    stale = trained_with_other_params(meta)
    if stale:
        raise ValueError(f"reader.json was trained with other feature parameters ({', '.join(stale)}); "
                         "rerun tools/train_reader.py")
    f = meta["fusion"]
    score = f["calibration"].get("score")
    if score and tuple(score["features"]) != SCORE_FEATURES:
        raise ValueError(f"reader.json's calibration score reads {score['features']}, this code {list(SCORE_FEATURES)}; "
                         "rerun tools/train_reader.py (보정 점수의 특징이 다릅니다)")
    return Reader(
        text=TextModel(vec, classes, coef, intercept),
        weights=np.asarray(f["weights"], dtype=np.float64) if f.get("weights") else None,
        mean=np.asarray(f.get("mean") or 0.0, dtype=np.float64),
        scale=np.asarray(f.get("scale") or 1.0, dtype=np.float64),
        trees=Trees(f["trees"]) if f.get("trees") else None,
        columns=f.get("columns"),
        high_guard=float(f.get("high_guard") or 0.0),
        decline_above=float(f.get("decline_above", 1.01)),
        temperature=float(f["temperature"]),
        calib_x=np.asarray(f["calibration"]["x"], dtype=np.float64),
        calib_y=np.asarray(f["calibration"]["y"], dtype=np.float64),
        calib_contra=(np.asarray(f["calibration_contradicted"]["x"], dtype=np.float64),
                      np.asarray(f["calibration_contradicted"]["y"], dtype=np.float64))
        if f.get("calibration_contradicted") else None,
        # models trained before the agreement maps have no `disagree` map (nor its guard)
        calib_disagree=(np.asarray(f["calibration"]["disagree"]["x"], dtype=np.float64),
                        np.asarray(f["calibration"]["disagree"]["y"], dtype=np.float64))
        if f["calibration"].get("disagree") else None,
        high_guard_disagree=float(f["calibration"]["disagree"]["guard"]) if f["calibration"].get("disagree") else None,
        score_weights=[float(w) for w in score["weights"]] if score else None,
        # hand-set (params.yaml); reader.json records the value the training applied
        contradiction_cap=params.get("reader.contradiction_cap"),
        abstain_below=float(f["abstain_below"]),
        trust_insufficient_above=float(f.get("trust_insufficient_above", 1.01)),
        role_weights=np.asarray(meta["roles"]["weights"], dtype=np.float64)
        if meta.get("roles", {}).get("use") and tuple(meta["roles"]["features"]) == ROLE_FEATURES else None,
        meta=meta,
    )


def trained_with_other_params(meta: dict) -> list[str]:
    """The feature-defining parameters (`params.READER_DEFINITION`) whose value in params.yaml differs from
    the one `tools/train_reader.py` recorded in `meta` (none recorded: nothing to compare)."""
    recorded = (meta.get("provenance") or {}).get("params") or {}
    values = recorded.get("values") or {}
    return [k for k in params.READER_DEFINITION if k in values and values[k] != params.get(k)]


def switched_off() -> bool:
    """`KATALOG_READER=0` (or off/false/no): the learned models stay unused and the rules decide alone."""
    return os.environ.get("KATALOG_READER", "1").strip().lower() in ("0", "off", "false", "no")


@lru_cache(maxsize=1)
def get_reader() -> Reader | None:
    """The shipped reader, or None (with a warning) when its files are missing or stale: the engine
    then ranks with the rules alone."""
    if switched_off():
        return None  # rules only, on purpose (before/after comparisons)
    d = model_dir()
    if not (d / "reader.json").is_file():
        log.warning("learned reader not found in %s: rules only (run tools/train_reader.py)", d)
        return None
    try:
        return load_reader(d)
    except Exception as exc:  # a stale or broken model must not break assessments
        log.warning("learned reader could not be loaded (%s): rules only", exc)
        return None


class Trees:
    """A LightGBM ranker exported as arrays (`tools/train_reader.py`), evaluated with numpy only."""

    def __init__(self, trees: list[dict]) -> None:
        self.trees = [
            (np.asarray(t["feature"], dtype=np.int64), np.asarray(t["threshold"], dtype=np.float64),
             np.asarray(t["left"], dtype=np.int64), np.asarray(t["right"], dtype=np.int64),
             np.asarray(t["value"], dtype=np.float64))
            for t in trees
        ]

    def predict(self, x: np.ndarray) -> np.ndarray:
        out = np.zeros(len(x))
        rows = np.arange(len(x))
        for feat, thr, left, right, value in self.trees:
            node = np.zeros(len(x), dtype=np.int64)  # internal nodes ≥ 0, leaves encoded as −1 − leaf
            active = node >= 0
            while active.any():
                n = node[active]
                go_left = x[rows[active], feat[n]] <= thr[n]
                node[active] = np.where(go_left, left[n], right[n])
                active = node >= 0
            out += value[-1 - node]
        return out


def _export_tree(root: dict) -> dict:
    t: dict[str, list] = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}

    def walk(node: dict) -> int:
        if "split_feature" not in node:
            t["value"].append(node.get("leaf_value", 0.0))
            return -len(t["value"])  # leaf k is −1 − k
        if node.get("decision_type", "<=") != "<=":
            raise ValueError("only numerical <= splits are exported")
        i = len(t["feature"])
        t["feature"].append(node["split_feature"])
        t["threshold"].append(node["threshold"])
        t["left"].append(0)
        t["right"].append(0)
        t["left"][i] = walk(node["left_child"])
        t["right"][i] = walk(node["right_child"])
        return i

    if "split_feature" not in root:  # a single leaf: one node that always goes to it
        return {"feature": [0], "threshold": [float("inf")], "left": [-1], "right": [-1],
                "value": [root.get("leaf_value", 0.0)]}
    walk(root)
    return t


def export_trees(booster) -> list[dict]:
    """LightGBM booster → arrays per tree (internal nodes in order; leaf k as child −1 − k)."""
    return [_export_tree(tree["tree_structure"]) for tree in booster.dump_model()["tree_info"]]
