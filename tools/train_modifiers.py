"""Train the modifier detector (`katalog.reader.modifiers`) on the everyday corpus folds, out of fold.

    python tools/train_modifiers.py --cache /tmp/reader_pools.pkl [--no-write]   # alone, on the reader's pools
    python tools/train_reader.py …                                              # also runs it (last stage)

Rows: corpus rows with a chart label that reach ranking, on the GOLD chart (so the detector is judged
apart from chart ranking) with the engine's A/B order and variant for that chart. Fitting uses the rows
where that order agrees with the corpus's A (the gold modifiers are named in the corpus's order).
Out of fold by `meta.fold`: per fold the concept text models (logistic regression, tf-idf) are fitted on
the other four and score the fifth; the fusion (logistic regression over `FEATURES`) is fitted on the
other four folds' out-of-fold features; the thresholds are chosen on four folds' fused probabilities and
judged on the fifth (nested), by the calculator's final ratio against the corpus's. Never reads blind.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from katalog.calculator import compute  # noqa: E402
from katalog.facts.extract import party_texts  # noqa: E402
from katalog.matching.candidates import structured_fit  # noqa: E402
from katalog.reader.features import Vectorizer  # noqa: E402
from katalog.reader.modifiers import (  # noqa: E402
    FEATURES,
    Priors,
    TextScores,
    candidate_features,
    concept,
    grade_conflicts,
    model_files,
    party_index,
    party_tokens,
)
from katalog.stages.calculation import evaluate_chart  # noqa: E402
from katalog.stages.names import party_names  # noqa: E402

OUT = ROOT / "data" / "models" / "reader"
C_TEXT = (
    2.0  # inverse L2 of the concept text models (tf-idf rows l2-normalised); 5.0 and binary tokens: no better
)
C_FUSION = 1.0
MIN_POS = 5  # a concept needs this many positive training rows for a text model
MIN_DF = 3
MIN_GAIN = 0.005  # nested out-of-fold final_exact the detector must add over the rules to be used (as ROLE_MIN_GAIN)
NORM = "l2"
GRID_ADD = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01)  # 1.01: never add
GRID_DROP = (0.0, 0.05, 0.1, 0.2, 0.3)  # 0.0: never drop
GRID_DROP_SPANNED = (0.0, 0.02, 0.05)


def build_rows(items: list[dict], rows_by_id: dict[str, dict], std, sigs) -> list[dict]:
    out = []
    for it in items:
        if not it.get("pool") or not it["answerable"] or not it["gold"]:
            continue
        row = rows_by_id[it["id"]]
        gid = next((g for g in it["gold"] if g in std.charts and g in sigs), None)
        if gid is None:
            continue
        chart, sig, facts = std.charts[gid], sigs[gid], it["facts"]
        names = party_names(facts, row.get("parties"))
        swapped = structured_fit(facts, sig, it["cues"]).swapped
        ev = evaluate_chart(chart, sig, facts, names, swapped)
        exp = row["expected"]
        r = dict(
            id=it["id"],
            fold=it["fold"],
            chart=gid,
            variant=ev.variant,
            swapped=swapped,
            names=names,
            parties=row.get("parties"),
            gold_a=(row.get("meta") or {}).get("A"),
            applied={m.id: e is not None and e.start >= 0 for m, e in ev.chosen},
            cands=[m.id for m in chart.modifiers_for(ev.variant)],
            gold_mods=set(exp.get("modifiers") or []),
            base=exp.get("base_ratio"),
            final=exp.get("final_ratio"),
            tokens=it["tokens"],
            ptoks=[party_tokens(t) for t in party_texts(row["description"], row.get("parties"))],
        )
        r["agree"] = (names[1] if swapped else names[0]) == r["gold_a"]
        r["concepts"] = {concept(m.split("-", 1)[1])[0] for m in r["cands"]}
        r["gold_c"], r["gold_cp"] = set(), set()
        for m in r["gold_mods"]:
            p, k = m.split("-", 1)
            c, acts_other = concept(k)
            r["gold_c"].add(c)
            r["gold_cp"].add((c, party_index(("B" if p == "A" else "A") if acts_other else p, swapped)))
        out.append(r)
    return out


def _vocab(rows: list[dict]) -> tuple[dict[str, int], np.ndarray]:
    df = collections.Counter(t for r in rows for t in set(r["tokens"]))
    vl = sorted(t for t, n in df.items() if n >= MIN_DF)
    n = len(rows)
    return {t: i for i, t in enumerate(vl)}, np.array(
        [math.log((1 + n) / (1 + df[t])) + 1 for t in vl], dtype=np.float32
    )


def fit_text(train: list[dict]) -> dict:
    """Concept models (whole text; each party's own text) fitted on `train`."""
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    vocab, idf = _vocab(train)
    vec = Vectorizer(vocab, idf, NORM)
    x = vec.matrix([r["tokens"] for r in train])
    xp = [vec.matrix([r["ptoks"][j] for r in train]) for j in (0, 1)]
    pos = collections.Counter(c for r in train for c in r["gold_c"])
    concepts, cw, bw, cp, bp = [], [], [], [], []
    for c in sorted(pos):
        if pos[c] < MIN_POS:
            continue
        rows = [i for i, r in enumerate(train) if c in r["concepts"]]
        y = np.array([c in train[i]["gold_c"] for i in rows])
        yp = np.array([(c, j) in train[i]["gold_cp"] for j in (0, 1) for i in rows])
        if y.all() or not y.any() or yp.all() or not yp.any():
            continue
        m = LogisticRegression(C=C_TEXT, solver="liblinear").fit(x[rows], y)
        mp = LogisticRegression(C=C_TEXT, solver="liblinear").fit(vstack([xp[0][rows], xp[1][rows]]), yp)
        concepts.append(c)
        cw.append(m.coef_[0])
        bw.append(m.intercept_[0])
        cp.append(mp.coef_[0])
        bp.append(mp.intercept_[0])
    return {
        "vocab": vocab,
        "idf": idf,
        "vec": vec,
        "concepts": concepts,
        "coef_whole": np.array(cw, dtype=np.float32),
        "b_whole": np.array(bw, dtype=np.float32),
        "coef_party": np.array(cp, dtype=np.float32),
        "b_party": np.array(bp, dtype=np.float32),
    }


def text_scores(model: dict, r: dict) -> TextScores:
    def score(tokens, coef, b):
        idx, val = model["vec"].transform(tokens)
        return (coef[:, idx] @ val + b) if len(idx) else b

    if not model["concepts"]:
        return TextScores({}, {})
    w = score(r["tokens"], model["coef_whole"], model["b_whole"])
    p = [score(r["ptoks"][j], model["coef_party"], model["b_party"]) for j in (0, 1)]
    return TextScores(
        {c: float(w[i]) for i, c in enumerate(model["concepts"]) if c in r["concepts"]},
        {c: (float(p[0][i]), float(p[1][i])) for i, c in enumerate(model["concepts"])},
    )


def priors_of(train: list[dict]) -> Priors:
    n_chart, pos_mod, n_key, pos_key = (collections.Counter() for _ in range(4))
    for r in train:
        if not r["agree"]:
            continue
        n_chart[r["chart"]] += 1
        for m in r["cands"]:
            n_key[m.split("-", 1)[1]] += 1
        for m in r["gold_mods"]:
            pos_mod[f"{r['chart']}|{m}"] += 1
            pos_key[m.split("-", 1)[1]] += 1
    return Priors(dict(n_chart), dict(pos_mod), dict(n_key), dict(pos_key))


def fit_fusion(train: list[dict], priors: Priors) -> dict:
    from sklearn.linear_model import LogisticRegression

    rows = [r for r in train if r["agree"]]
    x = np.array(
        [
            candidate_features(r["chart"], m, r["applied"], r["swapped"], r["ts"], priors)
            for r in rows
            for m in r["cands"]
        ],
        dtype=np.float64,
    )
    y = np.array([m in r["gold_mods"] for r in rows for m in r["cands"]])
    mean, scale = x.mean(0), x.std(0) + 1e-9
    lr = LogisticRegression(C=C_FUSION, max_iter=2000).fit((x - mean) / scale, y)
    return {"weights": lr.coef_[0], "intercept": float(lr.intercept_[0]), "mean": mean, "scale": scale}


def probabilities(r: dict, fusion: dict, priors: Priors) -> dict[str, float]:
    if not r["cands"]:
        return {}
    x = np.array(
        [candidate_features(r["chart"], m, r["applied"], r["swapped"], r["ts"], priors) for m in r["cands"]]
    )
    z = ((x - fusion["mean"]) / fusion["scale"]) @ fusion["weights"] + fusion["intercept"]
    return dict(zip(r["cands"], (1 / (1 + np.exp(-z))).tolist(), strict=True))


def decide(r: dict, add: float, drop: float, drop_spanned: float) -> list[str]:
    out = []
    for m in r["cands"]:
        p = r["p"][m]
        if m in r["applied"]:
            if p >= (drop_spanned if r["applied"][m] else drop):
                out.append(m)
        elif p >= add:
            out.append(m)
    return grade_conflicts(out)


class Judge:
    """(final exact, base exact) of a row with the given modifier ids, by the calculator (memoised)."""

    def __init__(self, std) -> None:
        self.std, self.memo = std, {}

    def __call__(self, r: dict, ids: list[str]) -> tuple[bool, bool]:
        key = (r["id"], tuple(sorted(ids)))
        if key not in self.memo:
            calc = compute(self.std.charts[r["chart"]], r["variant"], list(ids))
            a = r["names"][1] if r["swapped"] else r["names"][0]
            final = {a: calc.final.A}
            base = {a: calc.base.A}
            order = (r["parties"] or r["names"])[:2]
            self.memo[key] = (
                [final.get(p, calc.final.B) for p in order] == r["final"],
                [base.get(p, calc.base.B) for p in order] == r["base"],
            )
        return self.memo[key]


def per_modifier(rows: list[dict], chosen: dict[str, list[str]], top: int = 12) -> dict:
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    for r in rows:
        if not r["agree"]:
            continue
        got = set(chosen[r["id"]])
        for m in got & r["gold_mods"]:
            tp[m] += 1
        for m in got - r["gold_mods"]:
            fp[m] += 1
        for m in (r["gold_mods"] - got) & set(r["cands"]):
            fn[m] += 1
    out = {}
    for m, _ in (tp + fn).most_common(top):
        out[m] = {
            "precision": round(tp[m] / max(tp[m] + fp[m], 1), 3),
            "recall": round(tp[m] / max(tp[m] + fn[m], 1), 3),
            "n_gold": tp[m] + fn[m],
        }
    return out


def train(
    items: list[dict], rows_by_id: dict[str, dict], std, sigs, write: bool, digest: str | None = None
) -> dict:
    t0 = time.perf_counter()
    rows = build_rows(items, rows_by_id, std, sigs)
    print(
        f"modifier detector: {len(rows)} rows on the gold chart ({sum(r['agree'] for r in rows)} with the corpus's "
        f"A/B order) ({time.perf_counter() - t0:.0f} s)",
        flush=True,
    )
    folds = sorted({r["fold"] for r in rows})
    for k in folds:
        model = fit_text([r for r in rows if r["fold"] != k])
        for r in rows:
            if r["fold"] == k:
                r["ts"] = text_scores(model, r)
    for k in folds:
        train_rows = [r for r in rows if r["fold"] != k]
        pri = priors_of(train_rows)
        fusion = fit_fusion(train_rows, pri)
        for r in rows:
            if r["fold"] == k:
                r["p"] = probabilities(r, fusion, pri)
    judge = Judge(std)
    rules = {r["id"]: list(r["applied"]) for r in rows}

    def exact(rs, ids_of) -> int:
        return sum(judge(r, ids_of(r))[0] for r in rs)

    def best_thresholds(rs) -> tuple[float, float, float]:
        cands = [
            (exact(rs, lambda r, t=(a, d, s): decide(r, *t)), -a, d, -s, (a, d, s))
            for a in GRID_ADD
            for d in GRID_DROP
            for s in GRID_DROP_SPANNED
            if s <= d
        ]
        return max(cands)[-1]

    nested = {}
    for k in folds:
        te = [r for r in rows if r["fold"] == k]
        t = best_thresholds([r for r in rows if r["fold"] != k])
        for r in te:
            nested[r["id"]] = decide(r, *t)
        print(
            f"  fold {k}: thresholds {t}: final exact rules {exact(te, lambda r: rules[r['id']])} "
            f"detector {exact(te, lambda r: nested[r['id']])} / {len(te)}",
            flush=True,
        )
    add, drop, drop_spanned = best_thresholds(rows)
    base_ok = [r for r in rows if judge(r, rules[r["id"]])[1]]
    n = len(rows)
    report = {
        "rows": n,
        "rows_fitted": sum(r["agree"] for r in rows),
        "final_exact_gold_chart": {
            "rules": round(exact(rows, lambda r: rules[r["id"]]) / n, 4),
            "detector_nested": round(exact(rows, lambda r: nested[r["id"]]) / n, 4),
        },
        "final_exact_base_right": {
            "n": len(base_ok),
            "rules": round(exact(base_ok, lambda r: rules[r["id"]]) / max(len(base_ok), 1), 4),
            "detector_nested": round(exact(base_ok, lambda r: nested[r["id"]]) / max(len(base_ok), 1), 4),
        },
        "changed_rows_nested": sum(sorted(nested[r["id"]]) != sorted(rules[r["id"]]) for r in rows),
        "per_modifier_rules": per_modifier(rows, rules),
        "per_modifier_detector": per_modifier(rows, nested),
    }
    print(
        "modifier detector (out of fold):",
        json.dumps({k: v for k, v in report.items() if not k.startswith("per_")}, ensure_ascii=False),
        flush=True,
    )
    for m, v in report["per_modifier_detector"].items():
        print(f"    {m:24} rules {report['per_modifier_rules'][m]}  detector {v}", flush=True)

    # shipped: the concept models on all rows; the fusion on the out-of-fold text scores (as the reader's)
    final_text = fit_text(rows)
    pri = priors_of(rows)
    fusion = fit_fusion(rows, pri)
    gain = report["final_exact_gold_chart"]["detector_nested"] - report["final_exact_gold_chart"]["rules"]
    meta = {
        "features": list(FEATURES),
        # like the party-role model: the detector changes the rules' modifiers only when it gains out of fold
        "use": gain >= MIN_GAIN,
        "min_gain": MIN_GAIN,
        "norm": NORM,
        "concepts": final_text["concepts"],
        "priors": dataclass_dict(pri),
        "fusion": {
            "weights": fusion["weights"].tolist(),
            "intercept": fusion["intercept"],
            "mean": fusion["mean"].tolist(),
            "scale": fusion["scale"].tolist(),
            "add_above": add,
            "drop_below": drop,
            "drop_spanned_below": drop_spanned,
        },
        "provenance": {
            "script": "tools/train_modifiers.py (a stage of tools/train_reader.py)",
            "data": {"folds": "data/corpus/everyday/folds.jsonl", "sha256_16": digest, "blind": "never read"},
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "hyper": {
                "C_text": C_TEXT,
                "C_fusion": C_FUSION,
                "min_pos": MIN_POS,
                "min_df": MIN_DF,
                "grid_add": GRID_ADD,
                "grid_drop": GRID_DROP,
                "grid_drop_spanned": GRID_DROP_SPANNED,
            },
        },
        "out_of_fold": report,
        "train_seconds": round(time.perf_counter() - t0, 1),
    }
    if write:
        OUT.mkdir(parents=True, exist_ok=True)
        meta_path, arr_path = model_files(OUT)
        vocab = final_text["vocab"]
        # only the tokens some concept model weighs: keeps the file small
        used = np.flatnonzero(
            (np.abs(final_text["coef_whole"]) > 1e-3).any(0)
            | (np.abs(final_text["coef_party"]) > 1e-3).any(0)
        )
        toks = sorted(vocab, key=vocab.get)
        np.savez_compressed(
            arr_path,
            vocab=np.array([toks[i] for i in used]),
            idf=final_text["idf"][used].astype(np.float16),
            coef_whole=final_text["coef_whole"][:, used].astype(np.float16),
            b_whole=final_text["b_whole"],
            coef_party=final_text["coef_party"][:, used].astype(np.float16),
            b_party=final_text["b_party"],
        )
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        print(
            f"wrote {arr_path.name}, {meta_path.name} ({(arr_path.stat().st_size + meta_path.stat().st_size) / 1e6:.2f} MB)",
            flush=True,
        )
    return meta


def dataclass_dict(p: Priors) -> dict:
    return {"n_chart": p.n_chart, "pos_mod": p.pos_mod, "n_key": p.n_key, "pos_key": p.pos_key}


def main() -> None:
    import argparse
    import hashlib
    import pickle

    from katalog.matching.signatures import chart_signatures
    from katalog.standard.loader import load_standard

    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--cache", type=Path, required=True, help="the rule pools of tools/train_reader.py --cache"
    )
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--report", type=Path, default=None)
    args = ap.parse_args()
    folds = ROOT / "data" / "corpus" / "everyday" / "folds.jsonl"
    digest = hashlib.sha256(folds.read_bytes()).hexdigest()[:16]
    cached = pickle.loads(args.cache.read_bytes())
    if cached.get("digest") != digest:
        raise SystemExit("the cache is of another folds file: rerun tools/train_reader.py --cache")
    with folds.open(encoding="utf-8") as fh:
        rows_by_id = {r["id"]: r for r in (json.loads(line) for line in fh if line.strip())}
    meta = train(cached["items"], rows_by_id, load_standard(), chart_signatures(), not args.no_write, digest)
    if args.report:
        args.report.write_text(
            json.dumps(meta["out_of_fold"], ensure_ascii=False, indent=1), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
