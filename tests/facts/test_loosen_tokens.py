"""`loosen` (token by token) gives the same string as its definition `_loosen_by_char` (issue 15, start-up).

Checked on every vocabulary pattern, every string of the lexicon and on random patterns built from the
characters that matter (Hangul, spaces, escapes, classes, look-behinds, unbalanced brackets).
"""

from __future__ import annotations

import random

from katalog.facts import text as tx


def test_every_vocabulary_pattern_is_unchanged() -> None:
    from katalog.vocab import load, vocab_dir

    patterns = []
    for path in sorted(vocab_dir().glob("*.yaml")):
        v = load(path.stem)
        for key in v.keys():  # noqa: SIM118 - a Vocab, not a dict
            patterns.extend(v.patterns(key))
            if v.patterns(key):
                patterns.append(v.pattern(key))
    assert len(patterns) > 1000
    for p in patterns:
        assert tx.loosen(p) == tx._loosen_by_char(p), p


def test_every_lexicon_cue_is_unchanged() -> None:
    from katalog.facts import lexicon as lx

    cues: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            cues.append(value)
        elif isinstance(value, list | tuple | set | frozenset):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for name in dir(lx):
        if name.isupper():
            walk(getattr(lx, name))
    assert len(cues) > 100
    for p in cues:
        assert tx.loosen(p) == tx._loosen_by_char(p), p


def test_random_patterns_are_unchanged() -> None:
    rng = random.Random(15)
    alphabet = ["가", "나", "힣", "a", " ", "  ", "\\", "\\s", "\\]", "[", "]", "[^", "(", ")", "(?<=", "(?<!",
                "(?:", "(?=", "?", "*", "|", ".", "\n", "0", "-", "ㄱ", "|차", "신호", "^", "$"]
    for _ in range(20_000):
        p = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert tx.loosen(p) == tx._loosen_by_char(p), repr(p)
