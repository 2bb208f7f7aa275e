"""Train KATALOG's own Korean static-embedding model (no download) → data/models/katalog-static-ko/.

    python tools/train_embedder.py [--dim 192] [--vocab 8000] [--epochs 12] [--out DIR]

1. Every corpus document is turned into kiwi content morphemes (the same `Encoder.prepare` the
   index uses) and a WordPiece tokenizer is trained on them with `tokenizers`.
2. A sentence-transformers `StaticEmbedding` over that tokenizer is trained with an in-batch
   softmax (MultipleNegativesRankingLoss, symmetric) on (query, chart document) pairs generated
   from the chart data only: titles, roles, variant conditions, situation sentences, everyday
   rewrites (`lay_variants`), lay sentence templates and word-dropout crops; charts of the same
   book section serve as hard negatives. The development eval sets are never read.
3. Weights are stored as float16 (the loader casts back to float32); a `katalog_model.json`
   tells the encoder to feed morphemes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from katalog.lexicon.synonyms import lay_variants  # noqa: E402
from katalog.retrieval.analyzer import default_analyzer  # noqa: E402
from katalog.retrieval.corpus import CorpusDoc, load_corpus  # noqa: E402
from katalog.retrieval.dense import KATALOG_MODEL_FILE, Encoder, default_model_path  # noqa: E402
from katalog.retrieval.summaries import PLACE_WORDS, TYPE_WORDS  # noqa: E402

_ENCODER = Encoder.__new__(Encoder)
_ENCODER.preprocess = "morphemes"


def morph(text: str) -> str:
    """The model input for a query: morphemes + role pairs (as `Encoder.prepare`)."""
    return _ENCODER.prepare(text)


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[다음함])\.\s*|\n+", text)
    return [p.strip() for p in parts if len(p.strip()) >= 8]


def chart_queries(doc: CorpusDoc, rng: random.Random) -> list[str]:
    """Query-like texts for one chart document, from its own fields."""
    meta = doc.metadata
    title = doc.title.split(" ", 1)[-1]
    a, b = meta["parties"]["A"], meta["parties"]["B"]
    types = [TYPE_WORDS.get(t, "") for t in doc.party_types] or ["자동차"]
    place = PLACE_WORDS.get(doc.place or "", "")
    qs = [title, f"{a} 대 {b}", f"{a}와 {b} 충돌", f"{types[0]} {a}, {types[-1]} {b}",
          f"제가 {a}하는데 {b}하던 차와 부딪혔어요", f"A는 {a}하고 B는 {b}하다 충돌한 사고",
          f"{b}하는 상대와 {a}하던 제가 사고가 났습니다"]
    if place:
        qs += [f"{place}에서 {a} 대 {b} 사고", f"{place} {title}"]
    for v in meta.get("variants", []):
        if v.get("condition"):
            qs.append(v["condition"])
    text_sents = _sentences(doc.text)[:8]
    qs += text_sents
    for s in list(qs):
        qs += lay_variants(s, limit=2)
    words = " ".join(text_sents[:3]).split()
    for _ in range(4):  # word-dropout crops of the situation text
        if len(words) > 6:
            keep = [w for w in words if rng.random() < 0.5]
            qs.append(" ".join(keep[:25]))
    return list(dict.fromkeys(q for q in qs if q.strip()))


def train_tokenizer(texts: list[str], vocab: int):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    trainer = trainers.WordPieceTrainer(vocab_size=vocab, min_frequency=1,
                                        special_tokens=["[PAD]", "[UNK]"], show_progress=False)
    tok.train_from_iterator(texts, trainer=trainer)
    return tok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dim", type=int, default=192)
    ap.add_argument("--vocab", type=int, default=8000)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--scale", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", type=Path, default=default_model_path())
    args = ap.parse_args(argv)

    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    t0 = time.perf_counter()
    # tiny matrices: one thread is fastest and avoids OpenMP spin-waiting on a busy machine
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    docs = load_corpus()
    charts = [d for d in docs if d.kind == "chart"]
    pos_text = {d.id: _ENCODER.prepare_doc(d) for d in charts}
    # siblings (same section of the book) are the hard negatives
    by_section: dict[str, list[str]] = {}
    for d in charts:
        by_section.setdefault(d.metadata.get("section") or d.id, []).append(d.id)
    siblings = {d.id: [s for s in by_section[d.metadata.get("section") or d.id] if s != d.id] for d in charts}
    queries = {d.id: [morph(q) for q in chart_queries(d, rng)] for d in charts}
    queries = {k: [q for q in v if q] for k, v in queries.items()}
    # a held-out query per chart (generated, not from the dev sets) for a sanity score
    held = {k: v.pop(rng.randrange(len(v))) for k, v in queries.items() if len(v) > 3}

    default_analyzer().prime(t for d in docs for t in (d.title, d.summary, d.text))
    corpus_texts = [_ENCODER.prepare_doc(d) for d in docs] + [q for v in queries.values() for q in v]
    tok = train_tokenizer(corpus_texts, args.vocab)
    static = StaticEmbedding(tok, embedding_dim=args.dim)
    torch.nn.init.normal_(static.embedding.weight, std=0.1)
    model = SentenceTransformer(modules=[static], device="cpu")
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)

    ids = sorted(queries)
    n_pairs = sum(len(v) for v in queries.values())
    for epoch in range(args.epochs):
        # one anchor per chart per batch: no chart is its own in-batch negative
        pools = {k: rng.sample(v, len(v)) for k, v in queries.items()}
        total, steps = 0.0, 0
        while any(pools.values()):
            live = [k for k in ids if pools[k]]
            rng.shuffle(live)
            for s in range(0, len(live), args.batch):
                batch = live[s:s + args.batch]
                if len(batch) < 2:
                    continue
                anchors = [pools[k].pop() for k in batch]
                negs = [rng.choice(siblings[k]) for k in batch if siblings[k]]
                negs = [n for n in dict.fromkeys(negs) if n not in batch]
                positives = [pos_text[k] for k in batch] + [pos_text[n] for n in negs]
                q = model(model.preprocess(anchors))["sentence_embedding"]
                p = model(model.preprocess(positives))["sentence_embedding"]
                q, p = F.normalize(q, dim=-1), F.normalize(p, dim=-1)
                logits = args.scale * q @ p.T
                target = torch.arange(len(batch))
                sym = logits[:, : len(batch)].T
                loss = (F.cross_entropy(logits, target) + F.cross_entropy(sym, target)) / 2
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += float(loss.detach())
                steps += 1
        if epoch % 5 == 0 or epoch == args.epochs - 1:
            print(f"epoch {epoch + 1}/{args.epochs} loss {total / max(steps, 1):.4f}", flush=True)

    # held-out sanity check: does a generated query find its own chart?
    with torch.no_grad():
        keys = sorted(held)
        dv = model.encode([pos_text[k] for k in ids], normalize_embeddings=True)
        qv = model.encode([held[k] for k in keys], normalize_embeddings=True)
        top = np.argmax(qv @ dv.T, axis=1)
        acc = float(np.mean([ids[t] == k for t, k in zip(top, keys, strict=True)]))

    static.embedding.weight.data = static.embedding.weight.data.half()
    args.out.mkdir(parents=True, exist_ok=True)
    model.save(str(args.out))
    info = {"preprocess": "morphemes", "query_prefix": "", "doc_prefix": "", "dim": args.dim,
            "vocab": tok.get_vocab_size(), "epochs": args.epochs, "pairs": n_pairs, "charts": len(ids),
            "heldout_generated_hit1": round(acc, 4), "seed": args.seed,
            "trained_by": "tools/train_embedder.py", "train_s": round(time.perf_counter() - t0, 1)}
    (args.out / KATALOG_MODEL_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(json.dumps({**info, "bytes": size, "out": str(args.out)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
