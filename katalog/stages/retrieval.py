"""The retrieval query and every chart's retrieval score: run once per assessment."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from katalog import params
from katalog.matching.signatures import without_left_shoulder
from katalog.stages.names import replace_names
from katalog.vocab import load

log = logging.getLogger(__name__)

RETRIEVAL_K = params.get("engine.retrieval_k")  # more than the charts in the standard

_WORDS = load("party_mentions")
_VEHICLE_LABEL = _WORDS.regex("vehicle_label")
_CAR_HEAD = _WORDS.regex("car_head")
_EMERGENCY = "긴급"  # 긴급자동차 is a road-user type, never reduced to 차


def retrieval_query(text: str, names: Iterable[str], plain_cars: Iterable[str] = frozenset()) -> str:
    """The text with party labels ("피청구차량", "A차량", "당사 차량") reduced to the plain noun.

    Which label a vehicle wears says nothing about the chart, but the tokenizer splits
    "피청구차량이" and "청구차량이" differently, so without this the ranking could change when the
    two names are exchanged. Names of ordinary cars (`plain_cars`: "승용차", "SUV 차량") are reduced the
    same way; names that are road-user types (이륜차, 긴급자동차, 보행자) carry meaning and stay.
    """
    cars = set(plain_cars)
    heads: dict[str, str] = {}
    for name in set(names) | cars:
        m = _VEHICLE_LABEL.match(name) or (_CAR_HEAD.search(name) if name in cars and _EMERGENCY not in name else None)
        if m:
            heads[name] = m.group(1)
    # "갓길에 서 있던 화물차가 차로로 끼어들어서": the shoulder left behind is no chart's shoulder (차43-6, 차42)
    return without_left_shoulder(replace_names(text, heads)).strip()


def retrieval_scores(query: str) -> tuple[dict[str, float], list[str]]:
    """Every chart's retrieval score for `query`, and a warning when the index is unavailable."""
    try:
        from katalog.retrieval import get_retriever

        # every chart gets its score: with a top-k cut the charts just below it fell to 0 and
        # lost to a worse-fitting chart that happened to be retrieved (k=40 cost 3 committee rows)
        return get_retriever().chart_scores(query, k=RETRIEVAL_K), []  # the scores only
    except Exception as exc:  # retrieval is an aid; the structured match still works without it
        log.warning("retrieval unavailable: %s", exc)
        return {}, [f"검색 색인을 사용할 수 없어 구조 매칭만 사용했습니다 ({type(exc).__name__})"]


@dataclass(frozen=True)
class Retrieval:
    """The query the charts were retrieved with and each chart's score."""

    query: str
    scores: Mapping[str, float]
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.warnings


def retrieve(query: str) -> Retrieval:
    scores, warnings = retrieval_scores(query)
    return Retrieval(query, scores, tuple(warnings))
