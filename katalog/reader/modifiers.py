"""The learned modifier detector (issue 15): which of the chosen chart's modifiers (수정요소) the text
states, on which party, fused with the rules' own selection (`katalog.modifier_selection`).

Per candidate modifier of the chart (party-specific, "A-현저한과실") a logistic model reads: what the rules
decided for it (applied, with a text span or not) and for the same modifier on the other party; a text
score of the party-free concept (현저한과실 …: one logistic regression per concept over the description's
tf-idf tokens); the same concept's score on the text each party owns (the extractor's clause ownership,
`katalog.facts.extract.party_texts`); the chart's prior rate of the modifier. The rules' choice is changed
only past thresholds fitted out of fold (`modifiers.json`): a modifier is added at a high probability,
one the rules applied without a text span is dropped at a low one, one with a span is kept unless the
fit says otherwise. Trained by `tools/train_modifiers.py` (a stage of `tools/train_reader.py`); numpy only.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from katalog.models import AccidentFacts, Evidence
from katalog.modifier_selection import Selection
from katalog.standard.schema import Chart, Modifier

log = logging.getLogger(__name__)

FEATURES = (
    "rules_applied",
    "rules_span",
    "rules_other_party",
    "text",
    "has_text_model",
    "text_actor",
    "text_other",
    "chart_prior",
    "key_prior",
    "rules_applied_x_text",
    "rules_other_x_text_actor",
    "text_positive",
    "text_x_chart_prior",
    "text_positive_x_party_margin",
)
#: Shown as the evidence of a modifier only the detector read (no single cue span to point at).
READ_BY_MODEL = "문장에서 읽힘(학습 모델)"
DETECTOR_FACTOR = "detector:"  # the evidence factor of a modifier the detector added
_OTHER_PREFIX = "차의"  # "차의현저한과실" on the pedestrian's side: the car's conduct (the other party acts)


def model_files(d: Path) -> tuple[Path, Path]:
    return d / "modifiers.json", d / "modifiers.npz"


def concept(key: str) -> tuple[str, bool]:
    """(party-free concept of a modifier key, the other party is the one who acts)."""
    if key.startswith(_OTHER_PREFIX) and len(key) > len(_OTHER_PREFIX):
        return key[len(_OTHER_PREFIX) :], True
    return key, False


def party_index(party: str, swapped: bool) -> int:
    """Index into the named parties of the chart party `party` (swapped: the first name is B)."""
    return (1 if swapped else 0) if party == "A" else (0 if swapped else 1)


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


@dataclasses.dataclass
class Priors:
    """Counts of the training rows: per chart, per (chart, modifier id), per modifier key."""

    n_chart: dict[str, int]
    pos_mod: dict[str, int]  # "chart|A-key"
    n_key: dict[str, int]
    pos_key: dict[str, int]

    def key_rate(self, key: str) -> float:
        return (self.pos_key.get(key, 0) + 0.5) / (self.n_key.get(key, 0) + 1)

    def mod_rate(self, chart_id: str, mod_id: str) -> float:
        pk = self.key_rate(mod_id.split("-", 1)[1])
        return (self.pos_mod.get(f"{chart_id}|{mod_id}", 0) + 2 * pk) / (self.n_chart.get(chart_id, 0) + 2)


@dataclasses.dataclass
class TextScores:
    """Concept scores of one description: whole text and per named party (logits; absent: no model)."""

    whole: dict[str, float]
    party: dict[str, tuple[float, float]]


def candidate_features(
    chart_id: str, mod_id: str, applied: dict[str, bool], swapped: bool, ts: TextScores, priors: Priors
) -> list[float]:
    """`FEATURES` of one candidate modifier. `applied`: the rules' modifier ids → has a text span."""
    party, key = mod_id.split("-", 1)
    other = "B" if party == "A" else "A"
    c, acts_other = concept(key)
    ai = party_index(other if acts_other else party, swapped)
    rules = mod_id in applied
    rules_other = f"{other}-{key}" in applied
    t = ts.whole.get(c, 0.0)
    tp = ts.party.get(c, (0.0, 0.0))
    prior = logit(min(priors.mod_rate(chart_id, mod_id), 0.999))
    return [
        float(rules),
        float(bool(applied.get(mod_id))),
        float(rules_other),
        t,
        float(c in ts.whole),
        tp[ai],
        tp[1 - ai],
        prior,
        logit(min(priors.key_rate(key), 0.999)),
        float(rules) * t,
        float(rules_other) * tp[ai],
        max(t, 0.0),
        t * prior,
        max(t, 0.0) * (tp[ai] - tp[1 - ai]),
    ]


def grade_conflicts(ids: list[str]) -> list[str]:
    """현저한 / 중대한 과실 of the same party are not cumulative: keep the grave one (as the rules do)."""
    keys = {i.replace("-", "", 1) for i in ids}
    return [
        i
        for i in ids
        if not (
            i.split("-", 1)[1].endswith("현저한과실")
            and i.replace("-", "", 1).replace("현저한", "중대한") in keys
        )
    ]


@dataclasses.dataclass
class ModifierDetector:
    vocab: dict[str, int]
    idf: np.ndarray
    norm: str
    concepts: list[str]
    coef_whole: np.ndarray  # (n_concepts, vocab) float16
    b_whole: np.ndarray
    coef_party: np.ndarray
    b_party: np.ndarray
    priors: Priors
    weights: np.ndarray
    intercept: float
    mean: np.ndarray
    scale: np.ndarray
    add_above: float
    drop_below: float
    drop_spanned_below: float
    meta: dict

    def _vec(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        from katalog.reader.features import Vectorizer

        return Vectorizer(self.vocab, self.idf, self.norm).transform(tokens)

    def _scores(self, idx: np.ndarray, val: np.ndarray, coef: np.ndarray, b: np.ndarray) -> np.ndarray:
        if not len(idx):
            return b.astype(np.float64)
        return coef[:, idx].astype(np.float32) @ val + b

    def text_scores(self, tokens: list[str], party_tokens: list[list[str]]) -> TextScores:
        whole = self._scores(*self._vec(tokens), self.coef_whole, self.b_whole)
        per = [self._scores(*self._vec(t), self.coef_party, self.b_party) for t in party_tokens[:2]]
        while len(per) < 2:
            per.append(self.b_party.astype(np.float64))
        return TextScores(
            dict(zip(self.concepts, whole.tolist(), strict=True)),
            {c: (float(per[0][i]), float(per[1][i])) for i, c in enumerate(self.concepts)},
        )

    def probabilities(
        self, chart_id: str, candidates: list[str], applied: dict[str, bool], swapped: bool, ts: TextScores
    ) -> dict[str, float]:
        if not candidates:
            return {}
        x = np.array([candidate_features(chart_id, m, applied, swapped, ts, self.priors) for m in candidates])
        z = ((x - self.mean) / self.scale) @ self.weights + self.intercept
        return dict(zip(candidates, (1.0 / (1.0 + np.exp(-z))).tolist(), strict=True))

    def decide(self, candidates: list[str], applied: dict[str, bool], p: dict[str, float]) -> list[str]:
        """The modifier ids to apply: the rules' choice, changed only past the fitted thresholds."""
        out = []
        for m in candidates:
            if m in applied:
                if p[m] >= (self.drop_spanned_below if applied[m] else self.drop_below):
                    out.append(m)
            elif p[m] >= self.add_above:
                out.append(m)
        return grade_conflicts(out)

    def cue(self, tokens: list[str], mod: Modifier, text: str) -> str:
        """The sentence holding the word that weighs most for the modifier's concept, or `READ_BY_MODEL`."""
        c, _ = concept(mod.key)
        if c not in self.concepts:
            return READ_BY_MODEL
        row = self.concepts.index(c)
        best, best_w = None, 0.0
        for t in set(tokens):
            j = self.vocab.get(t)
            if j is None or not t.startswith("w:"):
                continue
            w = float(self.coef_whole[row, j]) * float(self.idf[j])
            if w > best_w and t[2:] and "_" not in t[2:]:
                best, best_w = t[2:], w
        if best is None:
            return READ_BY_MODEL
        from katalog.facts.text import sentences

        for s0, s1 in sentences(text):
            if best in text[s0:s1]:
                return text[s0:s1].strip()[:80]
        return READ_BY_MODEL

    def adjust(
        self,
        chart: Chart,
        variant: str,
        sel: Selection,
        swapped: bool,
        text: str,
        query: str,
        parties: list[str] | None,
        facts: AccidentFacts,
        answered: bool = False,
    ) -> Selection:
        """The rules' selection with the detector's additions and removals. `text`: the description (each
        party's own clauses, the cue shown); `query`: the retrieval query the reader's tokens are read from
        (as in training). An added modifier's evidence names the sentence it rests on. `answered`: the facts
        hold a user's answers; a modifier the rules applied without a text span may rest on one and is kept
        (the corpus the thresholds were fitted on has no answers)."""
        from katalog.facts.extract import party_texts
        from katalog.reader.features import text_tokens

        mods = chart.modifiers_for(variant)
        by_id = {m.id: m for m in mods}
        candidates = list(by_id)
        applied = {m.id: ev is not None and ev.start >= 0 for m, ev in sel.applied}
        tokens = text_tokens(query, facts)
        ts = self.text_scores(tokens, [party_tokens(t) for t in party_texts(text, parties)])
        p = self.probabilities(chart.id, candidates, applied, swapped, ts)
        if answered:
            p.update({m: 1.0 for m, spanned in applied.items() if not spanned})
        keep = set(self.decide(candidates, applied, p))
        chosen = [(m, ev) for m, ev in sel.applied if m.id in keep]
        for mid in candidates:
            if mid in keep and mid not in applied:
                m = by_id[mid]
                cue = self.cue(tokens, m, text)
                span = READ_BY_MODEL if cue == READ_BY_MODEL else f"{READ_BY_MODEL}: “{cue}”"
                chosen.append((m, Evidence(factor=f"{DETECTOR_FACTOR}{m.key}", span=span)))
        ids = {m.id for m, _ in chosen}
        return Selection(applied=chosen, possible=[m for m in mods if m.id not in ids])


def party_tokens(text: str) -> list[str]:
    """Tokens of one party's own text: morphemes and character n-grams (no extractor facts)."""
    from katalog.reader.features import char_ngrams
    from katalog.retrieval.analyzer import default_analyzer

    if not text:
        return []
    return [f"w:{w}" for w in default_analyzer()(text)] + [f"c:{c}" for c in char_ngrams(text)]


def load_detector(d: Path) -> ModifierDetector:
    meta_path, arr_path = model_files(d)
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if tuple(meta["features"]) != FEATURES:
        raise ValueError("modifiers.json was trained with other features; rerun tools/train_reader.py")
    arr = np.load(arr_path, allow_pickle=False)
    pr = meta["priors"]
    f = meta["fusion"]
    return ModifierDetector(
        vocab={t: i for i, t in enumerate(arr["vocab"].tolist())},
        idf=arr["idf"].astype(np.float32),
        norm=meta.get("norm", "l2"),
        concepts=list(meta["concepts"]),
        coef_whole=arr["coef_whole"],
        b_whole=arr["b_whole"].astype(np.float32),
        coef_party=arr["coef_party"],
        b_party=arr["b_party"].astype(np.float32),
        priors=Priors(pr["n_chart"], pr["pos_mod"], pr["n_key"], pr["pos_key"]),
        weights=np.asarray(f["weights"], dtype=np.float64),
        intercept=float(f["intercept"]),
        mean=np.asarray(f["mean"], dtype=np.float64),
        scale=np.asarray(f["scale"], dtype=np.float64),
        add_above=float(f["add_above"]),
        drop_below=float(f["drop_below"]),
        drop_spanned_below=float(f["drop_spanned_below"]),
        meta=meta,
    )


@lru_cache(maxsize=1)
def get_detector() -> ModifierDetector | None:
    """The shipped detector, or None (rules only): `KATALOG_READER=0`; its training found no gain over the
    rules out of fold (`use` false in modifiers.json); or its files missing / stale (warned)."""
    from katalog.reader.model import model_dir, switched_off

    if switched_off():
        return None
    d = model_dir()
    if not all(p.is_file() for p in model_files(d)):
        log.warning(
            "modifier detector not found in %s: the rules' modifiers only (run tools/train_reader.py)", d
        )
        return None
    try:
        detector = load_detector(d)
    except Exception as exc:  # a stale or broken model must not break assessments
        log.warning("modifier detector could not be loaded (%s): the rules' modifiers only", exc)
        return None
    return detector if detector.meta.get("use", True) else None
