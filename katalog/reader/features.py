"""Features of the learned reader: text tokens of a description, attributes of a chart, and the
dense feature vector of one (description, candidate chart) pair.

Everything here is plain Python + numpy so the shipped models load without scikit-learn or torch.
"""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np

from katalog import params
from katalog.evaluation_families import family_of
from katalog.lexicon.typed import fold_typing
from katalog.matching.candidates import (
    MOVE_NEAR,
    fact_count,
    lane_fit,
    near_credit,
    party_conditions,
    type_fit,
)
from katalog.matching.signatures import PREFERENCE_CUES, ChartSignature, exit_conflict
from katalog.models import AccidentFacts, PartyFacts
from katalog.vocab import load

# ------------------------------------------------------------------------------------------
# Text tokens
# ------------------------------------------------------------------------------------------
_SPACE = re.compile(r"\s+")
_KEEP = load("text_checks").regex("non_word_char")


def char_ngrams(text: str, lo: int = 2, hi: int = 3) -> list[str]:
    """Character n-grams inside each word (spacing varies too much between writers to span words), of the
    text with typed variants folded (`katalog.lexicon.typed`)."""
    t = _KEEP.sub(" ", fold_typing(unicodedata.normalize("NFC", text or "")))  # typed variants as the rules read them
    out = []
    for word in _SPACE.split(t):
        if not word:
            continue
        w = f"<{word}>"
        for n in range(lo, hi + 1):
            out.extend(w[i: i + n] for i in range(len(w) - n + 1))
    return out


def fact_tokens(facts: AccidentFacts) -> list[str]:
    """The rule extractor's reading as tokens (so the text models can lean on it)."""
    ps = facts.parties[:2]
    out = [f"f:place={facts.place}", f"f:coll={facts.collision}",
           "f:types=" + "|".join(sorted(p.type for p in ps))]
    out += [f"f:mv={p.movement}" for p in ps]
    out.append("f:mvs=" + "|".join(sorted(str(p.movement) for p in ps)))
    out += [f"f:sig={p.signal}" for p in ps if p.signal not in (None, "unknown")]
    out += [f"f:road={p.road}" for p in ps if p.road]
    out += [f"f:dir={p.from_direction}" for p in ps if p.from_direction]
    out += [f"f:cond={c}" for c in facts.conditions]
    for p in ps:
        out += [f"f:pcond={c}" for c in p.conditions]
        out += [f"f:fac={k}" for k in p.factors]
        if p.in_roundabout is not None:
            out.append(f"f:round={p.in_roundabout}")
        if p.roundabout_lane:
            out.append(f"f:rlane={p.roundabout_lane}")
        if p.lane_marking:
            out.append("f:lane")
    return out


def text_tokens(query: str, facts: AccidentFacts, words: list[str] | None = None) -> list[str]:
    """Morphemes (+ bigrams, role pairs) of the retrieval analyzer, character n-grams, fact tokens."""
    if words is None:
        from katalog.retrieval.analyzer import default_analyzer

        words = default_analyzer()(query)
    return [f"w:{w}" for w in words] + [f"c:{c}" for c in char_ngrams(query)] + fact_tokens(facts)


class Vectorizer:
    """tf-idf (sublinear tf, l2) over a fixed vocabulary; `transform` gives (indices, values)."""

    def __init__(self, vocab: dict[str, int], idf: np.ndarray, norm: str = "l2") -> None:
        self.vocab = vocab
        self.idf = idf
        self.norm = norm  # "l1" makes a naive-Bayes logit an average over tokens: long texts are not sharper

    def transform(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        idx, val, _ = self.transform_with_coverage(tokens)
        return idx, val

    def transform_with_coverage(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray, float]:
        """(indices, values, share of the tokens found in the vocabulary); no state kept (thread-safe)."""
        counts: dict[int, int] = {}
        for t in tokens:
            j = self.vocab.get(t)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        coverage = sum(counts.values()) / len(tokens) if tokens else 0.0
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), coverage
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        val = (1.0 + np.log(tf)) * self.idf[idx]
        norm = float(val.sum() if self.norm == "l1" else np.sqrt((val * val).sum())) or 1.0
        return idx, (val / norm).astype(np.float32), coverage

    def matrix(self, token_lists: list[list[str]]):
        """The rows as one scipy CSR matrix (training only: scipy is imported here, never at run time)."""
        from scipy.sparse import csr_matrix

        indptr, indices, data = [0], [], []
        for toks in token_lists:
            idx, val = self.transform(toks)
            order = np.argsort(idx)
            indices.extend(idx[order].tolist())
            data.extend(val[order].tolist())
            indptr.append(len(indices))
        return csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
            shape=(len(token_lists), len(self.vocab)),
        )


# ------------------------------------------------------------------------------------------
# Chart attributes (what the text models predict; shared by many charts, so they generalise to
# charts the corpus never shows)
# ------------------------------------------------------------------------------------------
ATTRIBUTES = ("chart", "group", "family", "place", "moves", "types", "signals", "special")


def chart_group(chart_id: str) -> str:
    m = re.match(r"^(.*\d)-\d+$", chart_id)
    return m.group(1) if m else chart_id


def _pair(a: str | None, b: str | None) -> str:
    return "|".join(sorted((str(a), str(b))))


def chart_attributes(sig: ChartSignature) -> dict[str, str]:
    return {
        "chart": sig.chart_id,
        "group": chart_group(sig.chart_id),
        "family": family_of(sig.chart_id),
        "place": str(sig.place),
        "moves": _pair(sig.A.movement, sig.B.movement),
        "types": _pair(sig.A.type, sig.B.type),
        "signals": _pair(sig.A.signal, sig.B.signal),
        "special": "|".join(sorted(sig.special)) or "-",
    }


# ------------------------------------------------------------------------------------------
# Dense features of a candidate
# ------------------------------------------------------------------------------------------
RULE_FEATURES = (
    "fit", "retrieval", "rule_score", "rule_gap", "rank_all", "rank_gated", "rule_logp", "nontypical", "known",
    "special_missing", "special_shared", "legacy", "contradictions", "type_mismatch", "richness",
    "retrieval_x_thin", "gated_out", "gated_out_x_rich",
)


# Constants of the feature definition the shipped reader was trained with (data/engine/params.yaml, `reader.*`):
# the rules' softmax temperature and score scale of that time, caps of the richness / known counts, and the
# gated rank of a chart the road-user gate dropped.
RULE_LOGP_T = params.get("reader.feature_rule_logp_t")
SCORE_SCALE = params.get("reader.feature_score_scale")
RICHNESS_CAP = params.get("reader.feature_richness_cap")
KNOWN_CAP = params.get("reader.feature_known_cap")
UNRANKED_GATED = params.get("reader.feature_unranked_gated")


def _mapped(facts: AccidentFacts, swapped: bool) -> tuple[PartyFacts, PartyFacts]:
    q = list(facts.parties[:2]) + [PartyFacts(name="?")] * max(0, 2 - len(facts.parties))
    return (q[1], q[0]) if swapped else (q[0], q[1])


#: A road user's own act that a role label names (`candidates.party_conditions`): a chart that gives it to one
#: role only assumes the other party did not do it ("둘 다 중앙선 넘어서" against 차31-1's 직진 A, "앞차도 저도
#: 동시에 출발" against 비정형-15). Not 정체 (a queue both stand in) nor 일시정지 (a sign on both roads).
ONE_SIDED_ACTS = frozenset({"중앙선침범", "일방통행위반", "금지장소", "정차후출발"})


def shared_acts(qa: PartyFacts, qb: PartyFacts, sig: ChartSignature) -> int:
    """Acts of `ONE_SIDED_ACTS` the description gives both parties that only one of the chart's roles names."""
    if not (sig.A.conditions or sig.B.conditions):
        return 0  # most charts name none (hot path)
    both = party_conditions(qa) & party_conditions(qb) & ONE_SIDED_ACTS
    return sum(1 for k in both if (k in sig.A.conditions) != (k in sig.B.conditions))


#: A role's own act that a movement read alone does not show: leaving a parking bay or a place off the road
#: (출차, 도로 외 진입). A role with it as its movement that takes another movement as an alternative
#: (비정형-19 B "전진(후진)출차") fits a party doing that movement only when it left such a place, and a party
#: read leaving one is read `entering`.
PLACE_LEAVING = frozenset({"entering"})


def shared_moves(qa: PartyFacts, qb: PartyFacts, sig: ChartSignature) -> int:
    """1 when both parties are read doing the same movement that one role of the chart names as its own and
    the other takes only as the alternative of leaving a place (`PLACE_LEAVING`): two cars both reversing in an
    aisle against 비정형-19 (A 후진 대 B 전진(후진)출차), where nobody left a bay."""
    m = qa.movement
    if not m or m != qb.movement:
        return 0
    for own, alt in ((sig.A, sig.B), (sig.B, sig.A)):
        if own.movement == m and alt.movement in PLACE_LEAVING and m in alt.alt_movements:
            return 1
    return 0


def role_contradictions(facts: AccidentFacts, sig: ChartSignature, swapped: bool) -> tuple[int, int]:
    """(stated facts the chart's roles contradict, of which road-user types) in the mapped order:
    a movement, signal, type or lane marking both sides state and that cannot be the same, and an act or a
    movement both parties did that the chart gives to one role only (`shared_acts`, `shared_moves`)."""
    qa, qb = _mapped(facts, swapped)
    n, t = shared_acts(qa, qb, sig) + shared_moves(qa, qb, sig), 0
    for q, c in ((qa, sig.A), (qb, sig.B)):
        if type_fit(q.type, c.type) == 0.0:
            n += 1
            t += 1
        if q.movement and c.movement and q.movement not in c.alt_movements \
                and near_credit(MOVE_NEAR, q.movement, c.movement) == 0.0:
            n += 1
        if q.signal not in (None, "unknown", "none") and c.signal and c.signal != "none" and q.signal != c.signal \
                and q.signal not in c.alt_signals:
            n += 1
        if lane_fit(q, c) == 0.0:  # the lane's marking allows the movement and the role's forbids it, or back
            n += 1
    return n, t


def _softmax_log(scores: np.ndarray, t: float) -> np.ndarray:
    z = (scores - scores.max()) / t
    return z - math.log(float(np.exp(z).sum()))


def rule_features(facts: AccidentFacts, pool: list, sigs: dict[str, ChartSignature], cues: set[str]) -> np.ndarray:
    """(len(pool), len(RULE_FEATURES)) matrix for a pool of `pipeline.Scored`."""
    scores = np.array([s.ranked.score for s in pool], dtype=np.float64)
    gated = [s.ranked.score for s in pool if s.gated_in]
    top = max(gated) if gated else (scores.max() if len(scores) else 0.0)
    logp = _softmax_log(scores, RULE_LOGP_T) if len(scores) else scores
    richness = min(fact_count(facts), RICHNESS_CAP) / float(RICHNESS_CAP)
    gated_rank = {s.ranked.chart_id: i for i, s in enumerate(sorted((s for s in pool if s.gated_in),
                                                                    key=lambda s: -s.ranked.score))}
    rows = []
    for i, s in enumerate(pool):
        r = s.ranked
        sig = sigs[r.chart_id]
        missing = sum(1 for k in sig.special if k not in cues and k not in PREFERENCE_CUES)  # as the rules' fit
        missing += exit_conflict(sig.special, cues)
        shared = sum(1 for k in sig.special if k in cues)
        contra, tmis = role_contradictions(facts, sig, r.fit.swapped)
        rows.append([
            r.fit.score, r.retrieval, r.score / SCORE_SCALE, (r.score - top) / SCORE_SCALE, math.log1p(s.rank_all),
            math.log1p(gated_rank.get(r.chart_id, UNRANKED_GATED)), logp[i], r.penalty,
            min(r.fit.known, KNOWN_CAP) / float(KNOWN_CAP), missing,
            shared, float(sig.legacy), contra, tmis, richness, r.retrieval * (1.0 - richness),
            0.0 if s.gated_in else 1.0, (0.0 if s.gated_in else 1.0) * richness,
        ])
    return np.asarray(rows, dtype=np.float64).reshape(len(pool), len(RULE_FEATURES))
