"""The `katalog eval` contract: score the engine on a JSONL file of `EvalCase` rows.

With `llm` (`katalog eval --llm`) four more: llm_consulted, llm_used (share of rows where a validated
proposal changed chart / variant / mapping / modifiers), llm_facts (share where the LLM filled facts the
rules left empty), llm_disagreement (share where the LLM's own proposal still differs from the final result).

Metrics (fractions 0–1, `None` where no row applies): chart_hit1/3 over answerable rows with
`chart_ids` (a predicted chart counts when it is an expected id, a legacy chart whose `maps_to` names one,
or the twin of one in another book, `same_as`; the `*_strict` counts of `katalog bench engine` leave
twins out, and `chart_near_hit1` also counts a near-same chart of an expected one); base_exact / final_exact / final_within10 over answerable rows with that ratio;
abstain_precision / recall over unanswerable rows. Unanswered answerable rows count as misses.
`by_family` groups rows by chart family (`katalog.evaluation_families`) and `calibration` says how
far the stated confidence is from the observed chart accuracy (ECE, hit@1 at confidence ≥ 0.8).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from katalog.errors import InputError
from katalog.evaluation_families import family_of
from katalog.models import Assessment, EvalCase
from katalog.percentile import percentile

METRIC_KEYS = (
    "n",
    "answered",
    "chart_hit1",
    "chart_hit3",
    "base_exact",
    "final_exact",
    "final_within10",
    "abstain_precision",
    "abstain_recall",
    "p50_ms",
    "p95_ms",
)


class CaseResult(BaseModel):
    """One evaluated row, written by `--out` for error analysis."""

    id: str
    category: str
    family: str = "other"
    fold: int | None = None
    answerable: bool
    answered: bool
    expected_charts: list[str] | None = None
    predicted_chart: str | None = None
    predicted_charts: list[str] = []
    chart_hit1: bool | None = None
    chart_hit3: bool | None = None
    #: the same without twins (`chart_matches(twins=False)`): a row labelled 비정형-4 answered 차3-8 misses
    chart_hit1_strict: bool | None = None
    chart_hit3_strict: bool | None = None
    #: the top chart is an expected one or a near-same chart of one (`near_hit`): the engine found the
    #: situation and the label names its version in another book; reported beside hit@1, never in it
    chart_near_hit1: bool | None = None
    expected_base: list[int] | None = None
    predicted_base: list[int] | None = None
    expected_final: list[int] | None = None
    predicted_final: list[int] | None = None
    base_exact: bool | None = None
    final_exact: bool | None = None
    final_within10: bool | None = None
    abstention: str | None = None
    confidence: float = 0.0
    expected_modifiers: list[str] | None = None
    predicted_modifiers: list[str] = []
    ms: float = 0.0
    llm_consulted: bool | None = None
    """`--llm` only: the backend was called for this case (None = rules-only run)."""
    llm_applied: list[str] | None = None
    """`--llm` only: what a validated proposal changed (chart, variant, mapping, modifiers)."""
    llm_disagreement: bool | None = None


def read_cases(path: str | Path) -> Iterator[tuple[int, EvalCase]]:
    """Yield (line number, case); a bad line raises `InputError` naming the line."""
    p = Path(path)
    if not p.is_file():  # a folder would otherwise fail later as IsADirectoryError
        raise InputError(f"평가 파일이 없습니다: {p}", f"eval file not found: {p}")
    with p.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield lineno, EvalCase.model_validate_json(line)
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(x) for x in first["loc"])
                raise InputError(
                    f"{p.name} {lineno}행: 형식 오류 ({loc}: {first['msg']})",
                    f"{p.name} line {lineno}: invalid row ({loc}: {first['msg']})",
                ) from None


def _category(case: EvalCase) -> str:
    meta = case.meta or {}
    if isinstance(meta, dict) and meta.get("type"):
        return str(meta["type"])
    return "answerable" if case.expected.answerable else "unanswerable"


def _family(case: EvalCase) -> str:
    meta = case.meta if isinstance(case.meta, dict) else {}
    if meta.get("family"):
        return str(meta["family"])
    exp = case.expected
    if not exp.answerable:
        return "decline"
    return family_of(exp.chart_ids[0]) if exp.chart_ids else "unlabelled"


def chart_aliases(std: Any, chart_id: str, twins: bool = True) -> list[str]:
    """Other ids an eval row may use for a chart: a legacy chart's 2023 ids (`maps_to`, one way: their
    ratios differ), its twin in another book (`same_as`, both ways: the same chart; left out with
    `twins=False`, the strict count), a PM table's bare number."""
    chart = std.charts.get(chart_id)
    out = list(chart.maps_to) if chart else []
    if chart and twins:
        out += chart.same_as
    if chart_id.startswith("PM-"):  # eval files name PM tables by their bare number ("12")
        out.append(str(int(chart_id[3:])))
    return out


def chart_matches(predicted: str, expected: list[str], std: Any, twins: bool = True) -> bool:
    """`predicted` is acceptable for a row labelled `expected` (`twins=False`: a twin is not the same chart)."""
    return predicted in expected or any(a in expected for a in chart_aliases(std, predicted, twins))


def near_hit(predicted: str, expected: list[str], std: Any) -> bool:
    """`predicted` is acceptable (`chart_matches`) or a near-same chart of an acceptable one
    (`Chart.near_same_as`: the same situation in another book, base ratio or modifiers differ)."""
    if chart_matches(predicted, expected, std):
        return True
    chart = std.charts.get(predicted)
    return chart is not None and any(chart_matches(n.id, expected, std) for n in chart.near_same_as)


def score_case(case: EvalCase, a: Assessment, ms: float, std: Any, llm: bool = False) -> CaseResult:
    exp = case.expected
    answered = a.answered
    r = CaseResult(
        id=case.id,
        category=_category(case),
        family=_family(case),
        fold=(case.meta or {}).get("fold") if isinstance(case.meta, dict) else None,
        answerable=exp.answerable,
        answered=answered,
        expected_charts=exp.chart_ids,
        predicted_chart=a.chart_id if answered else None,
        predicted_charts=[c.chart_id for c in a.candidates[:3]],
        expected_base=exp.base_ratio,
        expected_final=exp.final_ratio,
        abstention=a.abstention.code if a.abstention else None,
        confidence=round(a.confidence, 4) if answered else 0.0,
        expected_modifiers=exp.modifiers,
        predicted_modifiers=[m.modifier_id for m in a.applied] if answered else [],
        ms=round(ms, 2),
    )
    if llm:
        r.llm_consulted = a.llm.backend != "none"
        r.llm_applied = list(a.llm.applied)
        r.llm_disagreement = a.llm.disagreement is not None
    if answered:
        # The contract orders ratios like `parties`; without them, as the chart's A, B.
        order = case.parties or ([a.mapping.A, a.mapping.B] if a.mapping else a.parties)
        if a.base:
            r.predicted_base = [a.base.get(p, -1) for p in order]
        r.predicted_final = [a.final.get(p, -1) for p in order] if a.final else None
    if exp.answerable and exp.chart_ids:
        top = [a.chart_id] if answered and a.chart_id else []
        top3 = top + [c for c in r.predicted_charts if c not in top]
        r.chart_hit1 = bool(top) and chart_matches(top[0], exp.chart_ids, std)
        r.chart_hit3 = answered and any(chart_matches(c, exp.chart_ids, std) for c in top3[:3])
        r.chart_hit1_strict = bool(top) and chart_matches(top[0], exp.chart_ids, std, twins=False)
        r.chart_hit3_strict = answered and any(chart_matches(c, exp.chart_ids, std, twins=False) for c in top3[:3])
        r.chart_near_hit1 = bool(top) and near_hit(top[0], exp.chart_ids, std)
    if exp.answerable and exp.base_ratio:
        r.base_exact = r.predicted_base == exp.base_ratio
    if exp.answerable and exp.final_ratio:
        pf = r.predicted_final
        r.final_exact = pf == exp.final_ratio
        r.final_within10 = pf is not None and abs(pf[0] - exp.final_ratio[0]) <= 10
    return r


def _frac(values: Iterable[bool | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def _percentile(xs: list[float], q: float) -> float | None:
    p = percentile(xs, q)
    return None if p is None else round(p, 2)


def summarize(results: list[CaseResult], strict: bool = False) -> dict[str, Any]:
    """The metric object printed as the last line of `katalog eval --json`; `strict` adds chart_hit1_strict /
    chart_hit3_strict (twins not counted as the same chart) and chart_near_hit1 (near-same charts counted,
    `near_hit`) for `katalog bench engine`."""
    unans = [r for r in results if not r.answerable]
    abstained = [r for r in results if not r.answered]
    correct_abstentions = sum(1 for r in unans if not r.answered)
    times = [r.ms for r in results]
    out: dict[str, Any] = {
        "n": len(results),
        "answered": _frac(r.answered for r in results),
        "chart_hit1": _frac(r.chart_hit1 for r in results),
        "chart_hit3": _frac(r.chart_hit3 for r in results),
        "base_exact": _frac(r.base_exact for r in results),
        "final_exact": _frac(r.final_exact for r in results),
        "final_within10": _frac(r.final_within10 for r in results),
        "abstain_precision": round(correct_abstentions / len(abstained), 4) if abstained else None,
        "abstain_recall": round(correct_abstentions / len(unans), 4) if unans else None,
        "p50_ms": _percentile(times, 0.5),
        "p95_ms": _percentile(times, 0.95),
    }
    if strict:
        out["chart_hit1_strict"] = _frac(r.chart_hit1_strict for r in results)
        out["chart_hit3_strict"] = _frac(r.chart_hit3_strict for r in results)
        out["chart_near_hit1"] = _frac(r.chart_near_hit1 for r in results)
    if any(r.llm_consulted is not None for r in results):  # `katalog eval --llm`: the LLM's share
        out["llm_consulted"] = _frac(r.llm_consulted for r in results)
        out["llm_used"] = _frac(
            bool(set(r.llm_applied) - {"facts"}) if r.llm_applied is not None else None for r in results
        )
        out["llm_facts"] = _frac("facts" in r.llm_applied if r.llm_applied is not None else None for r in results)
        out["llm_disagreement"] = _frac(r.llm_disagreement for r in results)
    return out


def by_category(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    return summarize_by(results, lambda r: r.category)


def by_family(results: list[CaseResult], strict: bool = False) -> dict[str, dict[str, Any]]:
    """Metrics per chart family (보, 차-intersection, …, decline), in the order of FAMILIES."""
    from katalog.evaluation_families import FAMILIES

    groups = summarize_by(results, lambda r: r.family, strict)
    rank = {f: i for i, f in enumerate(FAMILIES)}
    return dict(sorted(groups.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def summarize_by(
    results: list[CaseResult], key: Callable[[CaseResult], str], strict: bool = False
) -> dict[str, dict[str, Any]]:
    """`summarize` of each group of results that share `key` (category, family, fold, …), sorted by key."""
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        groups[key(r)].append(r)
    return {k: summarize(v, strict) for k, v in sorted(groups.items())}


def calibration(results: list[CaseResult], bins: int = 10, high: float = 0.8) -> dict[str, Any]:
    """Expected calibration error of the chart confidence, over answered rows with an expected chart.

    A row counts as right when its top chart is acceptable; an answered row that should have been
    declined counts as a confident miss (the confidence it showed was wrong). `hit1_at_high` is the
    chart accuracy among rows stated at confidence ≥ `high`, `coverage_at_high` their share.
    """
    pairs: list[tuple[float, bool]] = []
    for r in results:
        if not r.answered:
            continue
        if not r.answerable:
            pairs.append((r.confidence, False))
        elif r.chart_hit1 is not None:
            pairs.append((r.confidence, bool(r.chart_hit1)))
    if not pairs:
        return {"n": 0, "ece": None, "hit1_at_high": None, "coverage_at_high": None, "bins": []}
    table = []
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not inside:
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) / len(pairs) * abs(conf - acc)
        table.append({"lo": lo, "hi": hi, "n": len(inside), "confidence": round(conf, 3), "accuracy": round(acc, 3)})
    top = [ok for c, ok in pairs if c >= high]
    return {
        "n": len(pairs),
        "ece": round(ece, 4),
        "hit1_at_high": round(sum(top) / len(top), 4) if top else None,
        "coverage_at_high": round(len(top) / len(pairs), 4),
        "bins": table,
    }


def run_eval(
    path: str | Path,
    *,
    assess_fn: Callable[..., Assessment] | None = None,
    progress: Callable[[int], None] | None = None,
    exclude_self: bool = True,
    llm: Any = None,
) -> list[CaseResult]:
    """Assess every row of `path` and score it.

    `llm`: a backend (`katalog.llm.get_backend()`) passed to every assessment; the metrics then add
    `llm_consulted`, `llm_used` (a validated proposal shaped the result), `llm_facts` and `llm_disagreement`.

    `exclude_self` keeps the row's own id out of the precedent/committee evidence, so a dev
    case can never be answered by retrieving itself.
    """
    from katalog.engine import assess as default_assess
    from katalog.standard.loader import load_standard

    assess = assess_fn or default_assess
    std = load_standard()

    results: list[CaseResult] = []
    for i, (_, case) in enumerate(read_cases(path), 1):
        t0 = time.perf_counter()
        kwargs: dict[str, Any] = {"parties": case.parties}
        if exclude_self:
            kwargs["exclude_ids"] = [case.id]
        if llm is not None:
            kwargs["llm"] = llm
        if case.dated is not None:  # the books in force then (a committee case number gives its year)
            kwargs["accident_date"] = case.dated
        a = assess(case.description, **kwargs)
        ms = (time.perf_counter() - t0) * 1000
        results.append(score_case(case, a, ms, std, llm=llm is not None))
        if progress:
            progress(i)
    return results


def write_results(results: list[CaseResult], out: str | Path) -> None:
    with Path(out).open("w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r.model_dump(), ensure_ascii=False) + "\n")
