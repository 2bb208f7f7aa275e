"""Korean analyzer for BM25: lay normalisation → kiwipiepy morphemes → content tokens.

Spacing-robust because kiwi segments "적색신호" and "적색 신호" the same way; particles and
endings are dropped. Two kinds of extra tokens keep some word order that a bag of words loses:
- adjacent bigrams ("적색_신호"),
- role pairs: a signal colour or role word joined with the movements that follow it within a
  short window ("녹색~직진", "후행~직진"), so "녹색 직진 대 적색 좌회전" differs from
  "적색 직진 대 녹색 좌회전".
"""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from katalog.lexicon.synonyms import normalize_lay
from katalog.vocab import load

#: Kiwi POS tags kept as content tokens (nouns, verb/adjective stems, roots, foreign words, numbers).
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "SL", "SN", "XR", "VV", "VA", "MAG", "SH"})
#: Tokens too common in this domain to discriminate between charts.
STOPWORDS = frozenset({"사고", "차", "차량", "하", "되", "있", "이", "그", "것", "수", "때", "경우", "중"})
#: Words that qualify the movement after them (signal colours, roles, road kinds).
QUALIFIERS = frozenset({
    "적색", "녹색", "황색", "점멸", "화살표", "비보호", "선행", "후행", "대로", "소로", "우측", "좌측",
    "선진입", "후진입", "동일폭", "맞은편", "일시정지", "긴급자동차", "보행자", "자전거", "이륜차",
})
#: Movements a qualifier can attach to.
MOVEMENTS = frozenset({
    "직진", "좌회전", "우회전", "유턴", "진로변경", "변경", "후진", "횡단", "진입", "회전", "추돌", "추월",
    "정차", "주차", "출발", "진출", "역주행", "침범", "통행", "개문",
})
PAIR_WINDOW = 5
#: Queries longer than this are cut before analysis (keeps the 10,000-character case fast).
MAX_CHARS = 2000
#: Kiwi without its multi-word dictionary (WikiData proper nouns such as film titles): it gave the
#: same morphemes and tags on every corpus, dev and retrieval text (folds 3,210 descriptions, dev sets,
#: 1,930 document fields, whole and split into sentences). The typo dictionary stays: without it one
#: fold row ("충돌햇어요") lost two tokens. The default dictionary (113,000 proper nouns) is replaced
#: by its entries that our corpus and vocabulary use (`domain_dict_path`, built by
#: tools/build_kiwi_dict.py): kiwi's start (construction plus the first call that builds its tables)
#: drops from ~1.1 s to ~0.7 s CPU, and only 19 of 14,786 corpus/dev texts and sentences change
#: (lay compounds such as 마을버스 split in two) where the bare model changed 574 (간선도로 → 간선 + 도로).
KIWI_OPTIONS = {"load_multi_dict": False, "load_default_dict": False}

log = logging.getLogger(__name__)

_SENT_SPLIT = load("text_checks").regex("retrieval_sentence_split")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def domain_dict_path() -> Path:
    """Kiwi user dictionary of the default-dictionary nouns our texts use (see `KIWI_OPTIONS`)."""
    from katalog.paths import data_dir

    return data_dir() / "engine" / "kiwi_domain.dict"


def new_kiwi(num_workers: int = 1):
    """A kiwi with `KIWI_OPTIONS` and the domain dictionary (tables are built on its first call)."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi(num_workers=num_workers, **KIWI_OPTIONS)
    kiwi.load_user_dictionary(str(domain_dict_path()))
    return kiwi


def clean_text(text: str) -> str:
    """NFC, control characters → space, collapsed whitespace, length capped at `MAX_CHARS`."""
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())[:MAX_CHARS]


def role_pairs(morphs: tuple[str, ...] | list[str]) -> list[str]:
    """'녹색~직진'-style tokens: qualifier + each movement within `PAIR_WINDOW` after it,
    stopping at the next qualifier."""
    out = []
    for i, m in enumerate(morphs):
        if m not in QUALIFIERS:
            continue
        for nxt in morphs[i + 1: i + 1 + PAIR_WINDOW]:
            if nxt in QUALIFIERS:
                break
            if nxt in MOVEMENTS:
                out.append(f"{m}~{nxt}")
    return out


class Analyzer:
    """Callable text → list of tokens. Thread-safe; kiwi is loaded on first use; morphemes of
    every text seen are cached (documents are analysed once for BM25 and the dense encoder)."""

    #: part of the retrieval index key: bump it when the kiwi options or the domain dictionary change
    version = "kiwi-content-bigram-pairs-v3-domain-dict"
    cache_limit = 50_000

    def __init__(self, bigrams: bool = True, pairs: bool = True) -> None:
        self.bigrams = bigrams
        self.pairs = pairs
        self._kiwi = None
        self._lock = threading.Lock()
        self._warming: threading.Thread | None = None  # `start`
        self._cache: dict[str, tuple[str, ...]] = {}

    def start(self) -> None:
        """Start kiwi on a background thread (once; a no-op once kiwi is up). Kiwi's construction holds
        the GIL, but its first call, which builds its tables (about half of kiwi's start), releases
        it: on a second core that overlaps what the caller does before its first morpheme. The first
        `morphemes()` call waits for it on the lock; a failed start is left to that call, which raises
        as it always did. Not a daemon: an exiting process waits for it rather than unload kiwi's
        library under it."""
        if self._kiwi is not None or self._warming is not None:
            return
        import kiwipiepy  # noqa: F401 - here, not on the thread: numpy's imports stay on one thread

        self._warming = threading.Thread(target=self._warm, name="kiwi-start")
        self._warming.start()

    def _warm(self) -> None:
        try:
            self._get_kiwi()
        except Exception:  # noqa: BLE001 - the first real call raises it again, where it always did
            log.debug("kiwi start on a background thread failed", exc_info=True)

    def _get_kiwi(self):
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    kiwi = new_kiwi(min(4, os.cpu_count() or 1))
                    kiwi.tokenize("워밍업 문장입니다")  # first call builds internal tables
                    self._kiwi = kiwi
        return self._kiwi

    @staticmethod
    def _content(tokens) -> tuple[str, ...]:
        out = []
        for tok in tokens:
            tag = tok.tag.split("-")[0]
            if tag in CONTENT_TAGS:
                out.append(tok.form.lower() if tag == "SL" else tok.form)
        return tuple(out)

    def _store(self, text: str, morphs: tuple[str, ...]) -> None:
        if len(self._cache) >= self.cache_limit:
            self._cache.clear()
        self._cache[text] = morphs

    def prime(self, texts: Iterable[str]) -> None:
        """Analyse many texts at once (kiwi's worker threads) and cache the result."""
        todo = list(dict.fromkeys(t for t in texts if t and t not in self._cache))
        prepared = [normalize_lay(clean_text(t)) for t in todo]
        keep = [(t, p) for t, p in zip(todo, prepared, strict=True) if p]
        # Only texts with nothing to analyse are stored empty up front: a placeholder for the
        # others would be served as "no morphemes" to a concurrent `morphemes()` call.
        for t, p in zip(todo, prepared, strict=True):
            if not p:
                self._store(t, ())
        # sentence pieces keep kiwi's batches balanced across its worker threads
        pieces: list[str] = []
        owner: list[int] = []
        for n, (_, p) in enumerate(keep):
            for sent in _SENT_SPLIT.split(p):
                if sent:
                    pieces.append(sent)
                    owner.append(n)
        merged: list[list[str]] = [[] for _ in keep]
        if pieces:
            for n, toks in zip(owner, self._get_kiwi().tokenize(pieces), strict=True):
                merged[n].extend(self._content(toks))
        for (t, _), morphs in zip(keep, merged, strict=True):
            self._store(t, tuple(morphs))

    def morphemes(self, text: str) -> list[str]:
        """Content morphemes of the lay-normalised text, in order (stopwords kept)."""
        cached = self._cache.get(text)
        if cached is None:
            prepared = normalize_lay(clean_text(text))
            cached = self._content(self._get_kiwi().tokenize(prepared)) if prepared else ()
            self._store(text, cached)
        return list(cached)

    def __call__(self, text: str) -> list[str]:
        morphs = self.morphemes(text)
        tokens = [m for m in morphs if m not in STOPWORDS]
        if self.bigrams:
            tokens += [f"{a}_{b}" for a, b in zip(morphs, morphs[1:], strict=False) if a != b]
        if self.pairs:
            tokens += role_pairs(morphs)
        return tokens


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """The shared analyzer instance."""
    return Analyzer()


def warm_up() -> None:
    """Start the shared analyzer's kiwi now, on a background thread (see `Analyzer.start`)."""
    default_analyzer().start()


def _finish_start_before_fork() -> None:
    # A child has none of its parent's threads: forked while kiwi's start runs on one, it would hold a
    # half-built kiwi and a lock no thread releases. The fork waits for the start instead, so a child
    # gets what it always got from a parent that had used kiwi (a built kiwi).
    if default_analyzer.cache_info().currsize:
        warming = default_analyzer()._warming
        if warming is not None and warming is not threading.current_thread():
            warming.join()


os.register_at_fork(before=_finish_start_before_fork)
