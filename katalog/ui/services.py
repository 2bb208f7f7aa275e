"""Thin adapters between the app and the `katalog` API.

Every part of KATALOG the app uses is imported here, at import time, and called through its public
API: a renamed function or parameter breaks the app when it starts (and its tests), never halfway
through a page. Each function turns "not configured / failed" into a `ServiceUnavailable` with a
Korean message, so the app can show `st.error` instead of a traceback. Nothing here computes a ratio
or maps a modifier: the engine (`assess`, `reassess`) and `katalog.calculator` do.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from general_tasks import inference, registry
from katalog import __version__, batch, calculator, engine, retrieval
from katalog import db as case_db
from katalog import llm as llm_api
from katalog import sketch as scene
from katalog.engine import KEEP
from katalog.errors import KatalogError
from katalog.models import Assessment, Calculation, Override
from katalog.standard import loader as standard_loader
from katalog.standard.schema import Chart
from katalog.ui.format import OVERRIDE_KO

DEFAULT_DB_URL = "sqlite:///katalog.db"

#: A sentence used only to warm the engine's indexes (never shown).
WARMUP_TEXT = "신호등이 있는 교차로에서 녹색신호에 직진하던 차량과 맞은편에서 좌회전하던 차량이 충돌했습니다."


class ServiceUnavailable(KatalogError):
    """A part of KATALOG the app needs is missing, not configured or failed."""


def _call(fn: Callable[[], Any], what_ko: str, what_en: str) -> Any:
    """`fn()`; a `KatalogError` passes unchanged, any other failure becomes a `ServiceUnavailable`."""
    try:
        return fn()
    except KatalogError:
        raise
    except Exception as exc:  # noqa: BLE001 — the UI must never show a traceback
        raise ServiceUnavailable(f"{what_ko}: {exc}", f"{what_en}: {exc}") from exc


# --------------------------------------------------------------------------------------------
# Engine
# --------------------------------------------------------------------------------------------
def assess(
    description: str,
    parties: Sequence[str] | None = None,
    *,
    answers: Mapping[str, str] | None = None,
    llm: Any = None,
    language: str | None = None,
    chart_id: str | None = None,
    party_a: str | None = None,
    accident_date: date | None = None,
) -> Assessment:
    """`katalog.engine.assess`. `language` is the screen's: the engine writes Korean, and the app renders
    an English screen from the structured result (`engine_speaks`)."""
    del language
    return _call(
        lambda: engine.assess(description, list(parties) if parties else None, llm, answers=dict(answers or {}) or None,
                              chart_id=chart_id or None, party_a=party_a or None, accident_date=accident_date),
        "분석 중 오류가 발생했습니다", "assessment failed",
    )


def reassess(
    result: Assessment,
    *,
    answers: Mapping[str, str] | None = KEEP,
    chart_id: str | None = KEEP,
    variant: str | None = KEEP,
    modifiers: Sequence[str] | None = KEEP,
    party_a: str | None = KEEP,
    llm: Any = KEEP,
) -> Assessment:
    """`katalog.engine.reassess`: `result` with the user's changed choices (left out: kept), reusing what
    the engine already read from the same description."""
    return _call(
        lambda: engine.reassess(result, answers=answers, chart_id=chart_id, variant=variant, modifiers=modifiers,
                                party_a=party_a, llm=llm),
        "분석 중 오류가 발생했습니다", "assessment failed",
    )


def engine_speaks(language: str) -> bool:
    """Whether the engine writes explanations in `language` itself (Korean only)."""
    return language == "ko"


def warm_up() -> dict[str, Any]:
    """Load the standard, the indexes and the engine once; returns timing and any error."""
    t0 = time.perf_counter()
    try:
        assess(WARMUP_TEXT, None)  # one assessment loads all of them (the engine has no separate hook)
        return {"ok": True, "ms": (time.perf_counter() - t0) * 1000, "error": None}
    except KatalogError as exc:
        return {"ok": False, "ms": (time.perf_counter() - t0) * 1000, "error": str(exc)}


class WarmUp:
    """`warm_up()` in a background thread, so the first page paints before the engine is loaded.

    One per server process (the app keeps it in `st.cache_resource`); a failed warm-up is retried
    by `ensure_started()`, and `wait()` lets an assessment queue behind a warm-up in progress.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._t0 = 0.0
        self.result: dict[str, Any] | None = None

    def ensure_started(self) -> WarmUp:
        with self._lock:
            failed = self.result is not None and not self.result["ok"]
            if self._thread is None or failed:
                self.result = None
                self._t0 = time.perf_counter()
                self._thread = threading.Thread(target=self._run, name="katalog-warmup", daemon=True)
                self._thread.start()
        return self

    def _run(self) -> None:
        self.result = warm_up()

    @property
    def state(self) -> str:
        """`running`, `ok` or `error`."""
        if self.result is None:
            return "running"
        return "ok" if self.result["ok"] else "error"

    @property
    def elapsed_s(self) -> float:
        return time.perf_counter() - self._t0 if self._thread is not None else 0.0

    def wait(self, timeout: float | None = None) -> dict[str, Any]:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.result or {"ok": False, "ms": self.elapsed_s * 1000, "error": "엔진 준비가 끝나지 않았습니다"}


# --------------------------------------------------------------------------------------------
# Standard and calculator
# --------------------------------------------------------------------------------------------
def load_standard() -> Any:
    """The shipped standard (`katalog.standard.loader.load_standard`)."""
    return _call(standard_loader.load_standard, "기준 데이터를 읽지 못했습니다", "standard data failed")


def get_chart(chart_id: str) -> Chart | None:
    """The `Chart` with this id from the shipped standard, or None when unknown/unavailable."""
    try:
        return load_standard().charts.get(chart_id)
    except KatalogError:
        return None


def recompute(chart_id: str, variant: str | None, modifier_ids: Sequence[str]) -> Calculation:
    """Base ratio of `chart_id`/`variant` with exactly these modifiers, by the calculator."""
    return _call(lambda: calculator.compute(chart_id, variant=variant, modifiers=list(modifier_ids)),
                 "재계산에 실패했습니다", "recomputation failed")


def _charts() -> list[Chart]:
    try:
        return list(load_standard().charts.values())
    except KatalogError:
        return []


def _squash(text: str) -> str:
    return "".join(str(text).lower().split())


def search_charts(text: str = "", category: str | None = None, limit: int = 60) -> list[Chart]:
    """Charts matching every word of `text` (id, title, section, roles, situation), exact id first."""
    words = [_squash(w) for w in text.split()]
    found = []
    for c in _charts():
        if category and c.category != category:
            continue
        if words:
            hay = _squash(" ".join([c.id, c.title, c.section, c.summary, c.situation,
                                    *(p.label for p in c.parties.values())]))
            if not all(w in hay for w in words):
                continue
        found.append(c)
    wanted = _squash(text)
    exact = get_chart(text.strip()) if text.strip() else None
    exact = exact or next((c for c in _charts() if _squash(c.id) == wanted or _squash(c.id).endswith(wanted)
                           and len(wanted) >= 3 and wanted[0].isdigit()), None)
    if exact is not None and (not category or exact.category == category):
        found = [exact, *[c for c in found if c.id != exact.id]]
    return found[:limit]


def chart_categories() -> list[str]:
    return sorted({c.category for c in _charts()})


def sketch(result: Assessment) -> scene.Sketch:
    """The scene sketch of `result`; a failure is a sketch that says so."""
    try:
        return scene.sketch_assessment(result)
    except Exception as exc:  # noqa: BLE001 — a drawing bug must not take the result page down
        return scene.Sketch(None, reason=f"사고 장면을 그리는 중 오류가 발생했습니다: {exc}")


def _retriever() -> Any | None:
    if "katalog.retrieval.hybrid" not in sys.modules:  # never load the index just for a citation
        return None
    try:
        return retrieval.get_retriever()
    except Exception:  # noqa: BLE001
        return None


def law_text(title: str, fallback: str = "") -> str:
    """The whole article `title` (citations carry only its first 400 characters)."""
    r = _retriever()
    if r is None:
        return fallback
    doc = next((d for d in r.docs_by_kind("law") if d.title == title), None)
    return doc.text if doc is not None and doc.text else fallback


def committee_decisions(chart_id: str, cited: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Dispute-committee decisions on `chart_id` (or cited with it): id, title, base and decided ratio.

    Ratios are the texts of the decisions ("청구 20 : 피청구 80"); `format.committee_points` reads them.
    """
    r = _retriever()
    if r is None:
        return []
    out = []
    for d in r.docs_by_kind("committee"):
        on_chart = chart_id in (d.chart_ids or [])
        if not on_chart and d.doc_id not in cited:
            continue
        meta = d.metadata or {}
        out.append({"id": d.doc_id, "title": d.title, "base": meta.get("base_ratio"),
                    "decided": meta.get("decided_ratio"), "on_chart": on_chart, "cited": d.doc_id in cited})
    return out


def standard_version() -> str:
    try:
        return load_standard().version
    except KatalogError:
        return "-"


def index_version() -> str:
    """Key of the persisted retrieval index (corpus + encoder + code) once the engine has loaded it.

    Never loads the index itself: that is the engine's warm-up, and a version line must stay cheap.
    """
    r = _retriever()
    if r is None:
        return "-"
    return str(r.info.get("key") or "-")


def engine_version() -> str:
    return __version__


# --------------------------------------------------------------------------------------------
# LLM
# --------------------------------------------------------------------------------------------
LLM_HELP_KO = (
    "LLM 백엔드가 설정되어 있지 않습니다. OpenAI 호환 서버(vLLM 등)를 쓰려면 앱을 실행하기 전에\n\n"
    "```bash\nexport KATALOG_LLM_BASE_URL=http://127.0.0.1:8000/v1\nexport KATALOG_LLM_MODEL=<모델 이름>\n```\n\n"
    "을 설정하고, 로컬 Hugging Face 체크포인트를 쓰려면 `KATALOG_LLM_BACKEND=local`과 "
    "`KATALOG_LLM_MODEL=<경로>`를 설정하세요. 설정 후 `katalog llm status`로 상태를 확인할 수 있습니다. "
    "LLM 없이도 과실비율 분석(규칙 엔진)은 그대로 동작합니다."
)


def llm_config_key() -> tuple[tuple[str, str], ...]:
    """The KATALOG_LLM_* environment as a hashable key (values of secrets are not included)."""
    return tuple(
        sorted((k, "***" if "KEY" in k else v) for k, v in os.environ.items() if k.startswith("KATALOG_LLM_"))
    )


def llm_backend() -> Any | None:
    """The configured backend object, or None for rules-only (`none`)."""
    backend = _call(llm_api.get_backend, "LLM 백엔드를 준비하지 못했습니다", "LLM backend failed")
    if backend is None or backend.name == "none":
        return None
    return backend


def llm_status() -> dict[str, Any]:
    """`{"ok", "backend", "model", "detail"}` for the sidebar; never raises."""
    try:
        backend = llm_backend()
    except KatalogError as exc:
        return {"ok": False, "backend": "none", "model": None, "detail": str(exc)}
    if backend is None:
        return {"ok": True, "backend": "none", "model": None, "detail": "규칙 엔진만 사용 (LLM 없음)"}
    try:
        health = dict(backend.health())
    except Exception as exc:  # noqa: BLE001 — health() must not raise, but a bad backend might
        health = {"ok": False, "detail": str(exc)}
    health.setdefault("backend", backend.name)
    health.setdefault("model", backend.model_id)
    health.setdefault("detail", "")
    return health


def db_url() -> str:
    return os.environ.get("KATALOG_DB_URL") or DEFAULT_DB_URL


# --------------------------------------------------------------------------------------------
# 한국어 비서 (general tasks)
# --------------------------------------------------------------------------------------------
def assistant_tasks() -> list[dict[str, str]]:
    """`[{"id", "category", "name", "description"}]` of the general task registry."""
    tasks, names = _call(lambda: (registry.all_tasks(), {c.id: c.name for c in registry.categories()}),
                         "과제 목록을 읽지 못했습니다", "task registry failed")
    return [
        {"id": t.id, "category": names.get(t.category, t.category), "name": t.name, "description": t.description}
        for t in tasks
    ]


def assistant_reply(backend: Any, task_id: str, text: str) -> dict[str, str]:
    """`{"text", "task", "route"}`: the picked task's answer, or a routed one for free chat ("auto")."""
    answer = _call(  # a failing backend must not break the chat
        lambda: inference.assist(text, backend) if task_id == "auto" else inference.run_task(task_id, text, backend),
        "답변을 생성하지 못했습니다", "generation failed",
    )
    return {"text": answer.text or "(빈 응답)", "task": answer.name, "route": answer.route}


# --------------------------------------------------------------------------------------------
# 사례 DB, 검토
# --------------------------------------------------------------------------------------------
_DBS: dict[str, Any] = {}
_DBS_LOCK = threading.Lock()  # Streamlit runs sessions in threads: open and migrate each URL once


def open_db(url: str | None = None) -> Any:
    """The migrated `katalog.db.Database` at `url`, opened once per process."""
    url = url or db_url()
    with _DBS_LOCK:
        if url in _DBS:
            return _DBS[url]
        _DBS[url] = _call(lambda: case_db.open_db(url), "사례 DB를 열 수 없습니다", "cannot open the case database")
        return _DBS[url]


def _db_call(what_ko: str, fn: Callable[[], Any]) -> Any:
    return _call(fn, what_ko, "database operation failed")


def _stamp(overrides: Sequence[Override], by: str | None) -> list[Override]:
    """Overrides with the name of the person who saved them (kept as 'user' when none is typed)."""
    who = (by or "").strip()
    return [o.model_copy(update={"by": who}) if who else o for o in overrides]


def adjusted_assessment(
    result: Assessment,
    calc: Calculation | None,
    chart_id: str,
    variant: str | None,
    modifier_ids: Sequence[str],
    by: str | None = None,
) -> Assessment:
    """The assessment as the user left it: the engine's result (`reassess`) for the chart, variant and
    modifiers chosen in the app, so it equals what the app showed (`calc`, from `recompute`). The engine
    lists every choice against its own as an `Override`; they are stamped with `by`.

    A choice an LLM proposal made (chart, A/B order, variant) is kept as a pin, since pins turn the
    proposal off; `calc` None (the app could not compute the choice) saves the engine's result."""
    overrides = list(result.overrides)
    engine_ids = sorted(m.modifier_id for m in result.applied)
    same = chart_id == result.chart_id and variant == result.variant
    if same and sorted(modifier_ids) == engine_ids:
        return result.model_copy(update={"overrides": _stamp(overrides, by)}) if overrides and by else result
    if calc is None or result.mapping is None:
        return result
    by_llm = set(result.llm.applied)
    adjusted = reassess(
        result,
        chart_id=chart_id if chart_id != result.chart_id or "chart" in by_llm else KEEP,
        variant=variant if variant != result.variant or "variant" in by_llm else KEEP,
        modifiers=list(modifier_ids),
        party_a=result.mapping.A if "mapping" in by_llm else KEEP,
    )
    mods = ", ".join(d.name for d in adjusted.calculation.applied if not d.skipped) if adjusted.calculation else ""
    note = f"사용자가 앱에서 조정함: 도표 {chart_id} {variant or ''}, 수정요소 {mods or '없음'}"
    return adjusted.model_copy(update={"warnings": [*adjusted.warnings, note],
                                       "overrides": _stamp(adjusted.overrides, by)})


def save_assessment(assessment: Assessment, url: str | None = None) -> str:
    """Store as a new case (`ui-…` id) with this assessment current; returns the case's external id."""
    db = open_db(url)
    external_id = f"ui-{uuid.uuid4().hex[:12]}"
    _db_call("저장 실패", lambda: db.save_assessment(external_id, assessment))
    return external_id


def db_summary(url: str | None = None) -> dict[str, Any]:
    db = open_db(url)
    report = _db_call("DB 요약 실패", db.report)
    return {k: report.get(k) for k in ("cases", "scored", "unscored", "review_queue", "reviews")}


def _case_row(s: Any) -> dict[str, Any]:
    parties = list(s.parties or []) + [None, None]
    final = list(s.final or []) + [None, None]
    return {
        "id": s.external_id,
        "status": s.status or "unscored",
        "chart_id": s.chart_id,
        "chart_title": None,
        "party_1": parties[0],
        "party_2": parties[1],
        "fault_1": final[0],
        "fault_2": final[1],
        "confidence": round(s.confidence, 3) if s.confidence is not None else None,
        "reason": ", ".join(s.flags),
    }


def db_results(url: str | None = None, limit: int = 5000) -> list[dict[str, Any]]:
    db = open_db(url)
    return [_case_row(s) for s in _db_call("사례 조회 실패", lambda: db.list_cases(limit=limit))]


def db_score(url: str | None = None, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Score every case without a current assessment through `katalog.batch.score_cases`."""
    cases = open_db(url)
    return _db_call("일괄 평가 실패", lambda: batch.score_cases(cases, progress=progress)).to_dict()


FLAG_KO = {
    "abstained": "판단 보류",
    "error": "오류",
    "low_confidence": "낮은 신뢰도",
    "close_charts": "경쟁 도표 근접",
    "disagreement": "규칙·LLM 불일치",
}


STATUS_KO = {"ok": "판단", "abstained": "판단 보류", "error": "오류", "unscored": "미평가"}


def named_split(parties: Sequence[str] | None, ratio: Sequence[int] | None) -> str:
    """`당사 차량 30 : 상대 차량 70`; numbers alone when the case has no party names."""
    if not ratio:
        return "–"
    names = list(parties or [])
    if len(names) >= 2 and all(names[:2]):
        return f"{names[0]} {ratio[0]} : {names[1]} {ratio[1]}"
    return f"당사자1 {ratio[0]} : 당사자2 {ratio[1]}"


def review_queue(url: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    db = open_db(url)
    # Thresholds are read now, so a changed KATALOG_REVIEW_* setting applies without a restart.
    cfg = case_db.QueueConfig.from_env()
    rows = _db_call(
        "검토 목록 조회 실패",
        lambda: db.review_queue(limit=limit, min_confidence=cfg.min_confidence, max_gap=cfg.max_gap),
    )
    return [
        {
            "사건 번호": s.external_id,
            "상태": STATUS_KO.get(s.status or "unscored", s.status),
            "도표": s.chart_id or "–",
            "과실비율": named_split(s.parties, s.final),
            "신뢰도": round(s.confidence, 2) if s.confidence is not None else None,
            "사유": ", ".join(FLAG_KO.get(f, f) for f in s.flags),
            "설명": s.description[:60],
        }
        for s in rows
    ]


def review_detail(url: str | None, case_id: str) -> dict[str, Any]:
    """Description, parties, the current assessment (as an `Assessment` when stored whole) and the
    rules / LLM sides of it, in Korean with party names."""
    db = open_db(url)
    detail = _db_call("사례 조회 실패", lambda: db.case_detail(case_id))
    current = next((a for a in reversed(detail.assessments) if a.is_current), None)
    payload = (current.payload or {}) if current else {}
    llm = payload.get("llm") or {}
    assessment = None
    if payload:
        try:
            assessment = Assessment.model_validate(payload)
        except Exception:  # noqa: BLE001 — an older or foreign payload: show the record's columns
            assessment = None
    parties = list(detail.case.parties or []) or (assessment.parties if assessment else [])
    rules = "–"
    if current is not None:
        title = f" 「{assessment.chart_title}」" if assessment and assessment.chart_title else ""
        variant = f" ({current.variant})" if current.variant and current.variant != "기본" else ""
        rules = (
            f"도표 {current.chart_id or '–'}{title}{variant} · {named_split(current.parties or parties, current.final)}"
            f" · 신뢰도 {current.confidence:.2f}"
            + (f" · 판단 보류: {current.message}" if current.status == "abstained" else "")
        )
    if llm.get("used"):
        llm_text = f"{llm.get('backend')} ({llm.get('model') or '–'})"
        llm_text += f" — 불일치: {llm['disagreement']}" if llm.get("disagreement") else " — 규칙 결과와 일치"
    else:
        llm_text = "LLM을 사용하지 않은 평가입니다."
    return {
        "description": detail.case.description,
        "accident_date": detail.case.accident_date,
        "parties": parties,
        "assessment_parties": list(current.parties) if current and current.parties else parties,
        "rules": rules,
        "llm": llm_text,
        "fault_1": current.final[0] if current and current.final else None,
        "flags": [FLAG_KO.get(f, f) for f in detail.case.flags],
        "assessment": assessment,
    }


def review_decide(url: str | None, case_id: str, *, reviewer: str, fault_1: int, reason: str) -> Any:
    db = open_db(url)
    return _db_call("결정 저장 실패", lambda: db.decide(case_id, (fault_1, 100 - fault_1), reason, reviewer))


def audit_trail(url: str | None, case_id: str) -> list[dict[str, Any]]:
    """Every assessment and review of the case, in the order they were written, with party names."""
    db = open_db(url)
    detail = _db_call("감사 기록 조회 실패", lambda: db.case_detail(case_id))
    case_parties = list(detail.case.parties or [])
    out = []
    for when, kind, rec in detail.trail():
        if kind == "assessment":
            parties = rec.parties or case_parties
            what = (f"평가 {STATUS_KO.get(rec.status, rec.status)} · 도표 {rec.chart_id or '–'} · "
                    f"{named_split(parties, rec.final)}")
            who = f"엔진 {rec.engine_version} / 기준 {rec.standard_version}" + (
                f" / LLM {rec.llm_model}" if rec.llm_model else ""
            )
            note = rec.message or ("현재" if rec.is_current else "이전")
            changes = (rec.payload or {}).get("overrides") or []
            if changes:
                note += " · 변경 " + ", ".join(
                    f"{OVERRIDE_KO.get(c.get('field'), c.get('field'))}: {c.get('after')}"
                    + (" (LLM)" if c.get("by") == "llm" else f" ({c['by']})" if c.get("by") not in (None, "user") else "")
                    for c in changes
                )
        else:
            parties = next((a.parties for a in detail.assessments if a.id == rec.assessment_id), None) or case_parties
            what = f"검토 결정 {named_split(parties, rec.ratio)}"
            who = rec.reviewer
            note = rec.reason
        out.append({"시각": when.strftime("%Y-%m-%d %H:%M:%S"), "종류": what, "주체": who, "내용": note})
    return out


def save_case_assessment(case: dict[str, Any], assessment: Assessment, url: str | None = None) -> int:
    """Store an uploaded row as a case (id, description, parties) with its assessment as current."""
    db = open_db(url)
    parties = case.get("parties") or [None, None]
    row = {"id": case["id"], "description": case["description"], "party_1": parties[0], "party_2": parties[1],
           "source": "ui-upload"}
    return _db_call("저장 실패", lambda: db.save_assessment(row, assessment))
