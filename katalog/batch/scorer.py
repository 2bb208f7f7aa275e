"""Scorers: anything `(description, parties) -> Assessment`. The default is the real engine.

A scorer that takes an `accident_date=` keyword gets each dated case's date (the books in force then,
`katalog.standard.edition`); one that does not scores every case under the current edition, and a dated
case's assessment says so in its warnings.

A scorer may expose `version_key` (str): the "engine|standard|model" it produces. Without it the
runner scores one probe description and reads the versions from that assessment.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
import time
from collections.abc import Callable
from typing import Any

from katalog.db.store import row_fields, version_key_of
from katalog.errors import KatalogError
from katalog.models import Assessment

Scorer = Callable[[str, list[str] | None], Assessment]
ScorerSpec = Scorer | str | None
PROBE = "뒤에서 오던 차가 제 차를 들이받았어요"


class EngineScorer:
    """`katalog.assess` (rules only unless `llm` is given). Imported lazily so workers load it once."""

    def __init__(self, llm: Any = None) -> None:
        self.llm = llm

    def __call__(self, description: str, parties: list[str] | None, accident_date: dt.date | None = None) -> Assessment:
        from katalog import assess

        return assess(description, parties=parties, llm=self.llm, accident_date=accident_date)


class LLMEngineScorer(EngineScorer):
    """The engine with the LLM backend configured by `KATALOG_LLM_*` (built in each worker):
    `katalog batch score --scorer katalog.batch.scorer:LLMEngineScorer`. Every LLM failure ends in
    the rules result (one deadline per case, `KATALOG_LLM_ASSESSMENT_TIMEOUT_S`)."""

    def __init__(self) -> None:
        from katalog.llm import get_backend

        super().__init__(llm=get_backend())


def resolve_scorer(spec: ScorerSpec) -> Scorer:
    """None → the engine; "pkg.module:name" → that callable (a class is instantiated); a callable as is."""
    if spec is None:
        return EngineScorer()
    if callable(spec):
        return spec
    module, _, name = str(spec).partition(":")
    try:
        obj = getattr(importlib.import_module(module), name or "scorer")
    except (ImportError, AttributeError) as exc:
        raise KatalogError(
            f"채점기를 불러올 수 없습니다: {spec}", f"cannot load scorer {spec!r}: {exc}"
        ) from exc
    return obj() if isinstance(obj, type) else obj


def probe_version_key(scorer: Scorer) -> str:
    """The (engine, standard, model) key this scorer writes — declared, or read from one probe run."""
    declared = getattr(scorer, "version_key", None)
    if isinstance(declared, str) and declared:
        return declared
    try:
        a = scorer(PROBE, None)
    except ImportError as exc:
        raise KatalogError(
            "채점 엔진을 불러올 수 없습니다 (katalog.engine)", f"the scoring engine cannot be imported: {exc}"
        ) from exc
    except Exception as exc:
        raise KatalogError(
            "채점 엔진이 시험 문장에서 실패했습니다", f"the engine failed on the probe text: {exc}"
        ) from exc
    # The model that was asked, whether or not its output was used on the probe text (`llm.used`
    # is per assessment: false when every proposal was rejected or timed out).
    model = a.llm.model if a.llm.model and a.llm.model != "unknown" else None
    return version_key_of(a.engine_version, a.standard_version, model)


def error_assessment(description: str, parties: list[str] | None, exc: BaseException) -> Assessment:
    return Assessment(
        description=description,
        parties=list(parties or []),
        status="error",
        error=f"{type(exc).__name__}: {exc}"[:2000],
    )


def takes_date(scorer: Scorer) -> bool:
    """Whether `scorer` accepts the `accident_date=` keyword (asked once per scorer: a batch asks per case)."""
    try:
        return _takes_date(scorer)
    except TypeError:  # an unhashable scorer: inspect it each time
        return _takes_date.__wrapped__(scorer)


@functools.lru_cache(maxsize=16)
def _takes_date(scorer: Scorer) -> bool:
    try:
        params = inspect.signature(scorer).parameters.values()
    except (TypeError, ValueError):  # a builtin or C callable: call it the plain way
        return False
    return any(p.name == "accident_date" or p.kind is p.VAR_KEYWORD for p in params)


NO_DATE = ("채점기가 사고 일자를 받지 않아 현행 기준으로 판단했습니다 (사고 일자 {on}) / the scorer takes no "
           "accident date: assessed under the current edition (accident date {on})")


def score_one(
    scorer: Scorer, description: str, parties: list[str] | None, version_key: str,
    accident_date: dt.date | None = None,
) -> dict[str, Any]:
    """Score one case into `assessments` row fields; an exception becomes a status=error row."""
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        dated = accident_date is not None and takes_date(scorer)
        a = scorer(description, parties, accident_date=accident_date) if dated else scorer(description, parties)
        if accident_date is not None and not dated and isinstance(a, Assessment):
            a.warnings.append(NO_DATE.format(on=accident_date.isoformat()))
        if not isinstance(a, Assessment):
            raise TypeError(f"scorer returned {type(a).__name__}, not Assessment")
    except Exception as exc:  # noqa: BLE001 - one bad case must not stop the batch
        a = error_assessment(description, parties, exc)
    fields = row_fields(a, version_key)
    # The versions that select cases must be the run's, even on error rows (else errors rescore forever).
    engine_v, standard_v, model = (version_key.split("|") + ["", "", ""])[:3]
    fields["engine_version"] = fields["engine_version"] or engine_v
    fields["standard_version"] = fields["standard_version"] or standard_v
    fields["llm_model"] = fields["llm_model"] or model or None
    timings = dict(fields["timings"] or {})
    timings.setdefault("batch_total", round((time.perf_counter() - t0) * 1000, 3))
    # CPU of the worker process (all its threads): a per-case cost that other jobs on the box do not inflate.
    timings.setdefault("batch_cpu", round((time.process_time() - c0) * 1000, 3))
    fields["timings"] = timings
    return fields
