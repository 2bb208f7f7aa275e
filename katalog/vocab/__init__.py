"""The engine's Korean vocabulary, read from `data/vocab/*.yaml` (docs/vocab.md).

    from katalog.vocab import load
    movements = load("movements")
    movements.pattern("u_turn")       # one regex string (alternatives joined)
    movements.pairs()                 # [(value, regex), …] in file order

Every word the engine reads lives in one of those files; code holds the algorithms.
"""

from katalog.vocab.loader import Vocab, VocabError, clear_cache, load, strict_yaml, vocab_dir
from katalog.vocab.schema import Entry, VocabFile

__all__ = ["Entry", "Vocab", "VocabError", "VocabFile", "clear_cache", "load", "strict_yaml", "vocab_dir"]
