"""Thin adapters between the app and the `katalog` API.

Each function calls the public API and turns "module cannot be imported / not configured / failed" into a
`ServiceUnavailable` with a Korean message, so the app can show `st.error` instead of a traceback.
Nothing here computes a ratio: the engine and `katalog.calculator` do.
"""

from __future__ import annotations

import importlib
import inspect
import os
import threading
import time
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from katalog.errors import KatalogError
from katalog.models import Assessment, Calculation

DEFAULT_DB_URL = "sqlite:///katalog.db"

#: A sentence used only to warm the engine's indexes (never shown).
WARMUP_TEXT = "신호등이 있는 교차로에서 녹색신호에 직진하던 차량과 맞은편에서 좌회전하던 차량이 충돌했습니다."


class ServiceUnavailable(KatalogError):
    """A part of KATALOG the app needs is missing, not configured or failed."""


def _module(name: str, what_ko: str, what_en: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 — any import failure means "not available" to the UI
        raise ServiceUnavailable(
            f"{what_ko} 모듈({name})을 불러올 수 없습니다: {exc}",
            f"{what_en} module {name} is not available",
        ) from exc


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    # Only an explicit parameter counts: a `**kwargs` engine may silently ignore what it does not know.
    return name in params


def _engine_assess() -> Callable[..., Assessment]:
    engine = _module("katalog.engine", "분석 엔진", "engine")
    fn = getattr(engine, "assess", None)
    if fn is None:
        raise ServiceUnavailable("분석 엔진에 assess 함수가 없습니다", "katalog.engine.assess is missing")
    return fn


# --------------------------------------------------------------------------------------------
# Engine
# --------------------------------------------------------------------------------------------
def assess(
    description: str,
    parties: Sequence[str] | None = None,
    *,
    answers: dict[str, str] | None = None,
    llm: Any = None,
    language: str | None = None,
    chart_id: str | None = None,
) -> Assessment:
    """`katalog.assess` with the optional extras passed only where the engine accepts them."""
    fn = _engine_assess()
    kwargs: dict[str, Any] = {"parties": list(parties) if parties else None, "llm": llm}
    if answers:
        kwargs["answers"] = dict(answers)
    if language and _accepts(fn, "language"):
        kwargs["language"] = language
    if chart_id and _accepts(fn, "chart_id"):
        kwargs["chart_id"] = chart_id
    try:
        return fn(description, **kwargs)
    except KatalogError:
        raise
    except Exception as exc:  # noqa: BLE001 — the UI must never show a traceback
        raise ServiceUnavailable(f"분석 중 오류가 발생했습니다: {exc}", f"assessment failed: {exc}") from exc


def engine_speaks(language: str) -> bool:
    """Whether the engine writes explanations in `language` itself (Korean always)."""
    if language == "ko":
        return True
    try:
        return _accepts(_engine_assess(), "language")
    except ServiceUnavailable:
        return False


def warm_up() -> dict[str, Any]:
    """Load the standard, the indexes and the engine once; returns timing and any error."""
    t0 = time.perf_counter()
    try:
        assess(WARMUP_TEXT, None)  # one assessment loads all of them (the engine has no separate hook)
        return {"ok": True, "ms": (time.perf_counter() - t0) * 1000, "error": None}
    except KatalogError as exc:
        return {"ok": False, "ms": (time.perf_counter() - t0) * 1000, "error": str(exc)}


# --------------------------------------------------------------------------------------------
# Standard and calculator
# --------------------------------------------------------------------------------------------
def load_standard() -> Any:
    loader = _module("katalog.standard.loader", "과실비율 기준 데이터", "standard loader")
    try:
        return loader.load_standard()
    except KatalogError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ServiceUnavailable(f"기준 데이터를 읽지 못했습니다: {exc}", f"standard data failed: {exc}") from exc


def get_chart(chart_id: str) -> Any | None:
    """The `Chart` with this id from the shipped standard, or None when unknown/unavailable."""
    try:
        std = load_standard()
    except ServiceUnavailable:
        return None
    for attr in ("chart", "get_chart", "get"):
        fn = getattr(std, attr, None)
        if callable(fn):
            try:
                found = fn(chart_id)
            except (KeyError, KatalogError):
                found = None
            if found is not None:
                return found
    charts = getattr(std, "charts", None)
    if isinstance(charts, dict):
        return charts.get(chart_id)
    if isinstance(charts, list | tuple):
        return next((c for c in charts if getattr(c, "id", None) == chart_id), None)
    return None


def recompute(chart_id: str, variant: str | None, modifier_ids: Sequence[str]) -> Calculation:
    """Base ratio of `chart_id`/`variant` with exactly these modifiers, by the calculator."""
    calc = _module("katalog.calculator", "과실비율 계산기", "calculator")
    try:
        return calc.compute(chart_id, variant=variant, modifiers=list(modifier_ids))
    except KatalogError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ServiceUnavailable(f"재계산에 실패했습니다: {exc}", f"recomputation failed: {exc}") from exc


def standard_version() -> str:
    try:
        std = load_standard()
    except ServiceUnavailable:
        return "-"
    for attr in ("version", "manifest"):
        value = getattr(std, attr, None)
        if isinstance(value, str):
            return value
        if value is not None and isinstance(getattr(value, "version", None), str):
            return value.version
    return "-"


def index_version() -> str:
    """Key of the persisted retrieval index (corpus + encoder + code) once the engine has loaded it.

    Never loads the index itself: that is the engine's warm-up, and a version line must stay cheap.
    """
    import sys

    if "katalog.retrieval.hybrid" not in sys.modules:
        return "-"
    try:
        retrieval = _module("katalog.retrieval", "검색 색인", "retrieval")
        info = retrieval.get_retriever().info
        info = info() if callable(info) else info
    except Exception:  # noqa: BLE001 — version display must never break the page
        return "-"
    return str(info.get("key") or "-") if isinstance(info, dict) else str(info)


def engine_version() -> str:
    import katalog

    return getattr(katalog, "__version__", "-")


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
    llm = _module("katalog.llm", "LLM", "LLM")
    try:
        backend = llm.get_backend()
    except KatalogError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ServiceUnavailable(f"LLM 백엔드를 준비하지 못했습니다: {exc}", f"LLM backend failed: {exc}") from exc
    if backend is None or getattr(backend, "name", "none") == "none":
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
    health.setdefault("backend", getattr(backend, "name", "?"))
    health.setdefault("model", getattr(backend, "model_id", None))
    health.setdefault("detail", "")
    return health


def db_url() -> str:
    return os.environ.get("KATALOG_DB_URL") or DEFAULT_DB_URL


# --------------------------------------------------------------------------------------------
# 한국어 비서 (general tasks)
# --------------------------------------------------------------------------------------------
def assistant_tasks() -> list[dict[str, str]]:
    """`[{"id", "category", "name", "description"}]` of the general task registry."""
    registry = _module("general_tasks.registry", "한국어 과제 목록", "general task registry")
    try:
        tasks = registry.all_tasks()
        names = {c.id: c.name for c in registry.categories()}
    except KatalogError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ServiceUnavailable(f"과제 목록을 읽지 못했습니다: {exc}", f"task registry failed: {exc}") from exc
    return [
        {"id": t.id, "category": names.get(t.category, t.category), "name": t.name, "description": t.description}
        for t in tasks
    ]


def assistant_reply(backend: Any, task_id: str, text: str) -> dict[str, str]:
    """`{"text", "task", "route"}`: the picked task's answer, or a routed one for free chat ("auto")."""
    inference = _module("general_tasks.inference", "한국어 비서", "general task inference")
    try:
        if task_id == "auto":
            answer = inference.assist(text, backend)
        else:
            answer = inference.run_task(task_id, text, backend)
    except KatalogError:
        raise
    except Exception as exc:  # noqa: BLE001 — a failing backend must not break the chat
        raise ServiceUnavailable(f"답변을 생성하지 못했습니다: {exc}", f"generation failed: {exc}") from exc
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
        db_mod = _module("katalog.db", "사례 DB", "case database")
        try:
            db = db_mod.open_db(url)
        except KatalogError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise ServiceUnavailable(
                f"사례 DB를 열 수 없습니다: {exc}", f"cannot open the case database: {exc}"
            ) from exc
        _DBS[url] = db
        return db


def _db_call(what_ko: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except KatalogError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ServiceUnavailable(f"{what_ko}: {exc}", f"database operation failed: {exc}") from exc


def adjusted_assessment(
    result: Assessment, calc: Calculation | None, chart_id: str, variant: str | None, modifier_ids: Sequence[str]
) -> Assessment:
    """The assessment as the user left it: same text and parties, the chart/variant/modifiers chosen
    in the app and the calculator's result for them. Unchanged choices return `result` itself."""
    same = chart_id == result.chart_id and variant == result.variant
    if same and sorted(modifier_ids) == sorted(m.modifier_id for m in result.applied):
        return result
    if calc is None or result.mapping is None:
        return result
    from katalog.models import AppliedModifier

    names = {"A": result.mapping.A, "B": result.mapping.B}
    known = {m.modifier_id: m for m in result.applied}
    applied = []
    for d in calc.applied:
        if d.skipped:
            continue
        m = known.get(d.modifier_id)
        applied.append(
            m.model_copy(update={"delta": d.delta})
            if m is not None
            else AppliedModifier(modifier_id=d.modifier_id, party=d.party, party_name=names[d.party], name=d.name,
                                 delta=d.delta, source="user")
        )
    final = {names["A"]: calc.final.A, names["B"]: calc.final.B}
    base = {names["A"]: calc.base.A, names["B"]: calc.base.B}
    note = f"사용자가 앱에서 조정함: 도표 {chart_id} {variant or ''}, 수정요소 {', '.join(modifier_ids) or '없음'}"
    chart = get_chart(chart_id)
    return result.model_copy(
        update={
            "chart_id": chart_id,
            "chart_title": chart.title if chart is not None and not same else result.chart_title,
            "variant": calc.variant,
            "calculation": calc,
            "applied": applied,
            "base": base,
            "final": final,
            "warnings": [*result.warnings, note],
        }
    )


def save_assessment(assessment: Assessment, url: str | None = None) -> str:
    """Store as a new case (`ui-…` id) with this assessment current; returns the case's external id."""
    import uuid

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
    batch = _module("katalog.batch", "일괄 평가", "batch scoring")
    db = open_db(url)
    summary = _db_call("일괄 평가 실패", lambda: batch.score_cases(db, progress=progress))
    return summary.to_dict() if hasattr(summary, "to_dict") else dict(summary)


FLAG_KO = {
    "abstained": "판단 보류",
    "error": "오류",
    "low_confidence": "낮은 신뢰도",
    "close_charts": "경쟁 도표 근접",
    "disagreement": "규칙·LLM 불일치",
}


def review_queue(url: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    db = open_db(url)
    # Thresholds are read now, so a changed KATALOG_REVIEW_* setting applies without a restart.
    cfg = _module("katalog.db", "사례 DB", "case database").QueueConfig.from_env()
    rows = _db_call(
        "검토 목록 조회 실패",
        lambda: db.review_queue(limit=limit, min_confidence=cfg.min_confidence, max_gap=cfg.max_gap),
    )
    return [
        {
            "case": s.external_id,
            "상태": s.status,
            "도표": s.chart_id,
            "과실비율": ":".join(str(x) for x in s.final) if s.final else "-",
            "신뢰도": round(s.confidence, 2) if s.confidence is not None else None,
            "사유": ", ".join(FLAG_KO.get(f, f) for f in s.flags),
            "설명": s.description[:60],
        }
        for s in rows
    ]


def review_detail(url: str | None, case_id: str) -> dict[str, Any]:
    """Description, parties and the rules / LLM sides of the case's current assessment."""
    db = open_db(url)
    detail = _db_call("사례 조회 실패", lambda: db.case_detail(case_id))
    current = next((a for a in reversed(detail.assessments) if a.is_current), None)
    payload = (current.payload or {}) if current else {}
    llm = payload.get("llm") or {}
    rules = "-"
    if current is not None:
        rules = (
            f"도표 {current.chart_id or '-'} {current.variant or ''} · 과실 {current.ratio_text()} · "
            f"신뢰도 {current.confidence:.2f}"
            + (f" · 보류: {current.message}" if current.status == "abstained" else "")
        )
    if llm.get("used"):
        llm_text = f"{llm.get('backend')} ({llm.get('model') or '-'})"
        llm_text += f" — 불일치: {llm['disagreement']}" if llm.get("disagreement") else " — 규칙 결과와 일치"
    else:
        llm_text = "LLM을 사용하지 않은 평가입니다."
    return {
        "description": detail.case.description,
        "parties": detail.case.parties,
        "rules": rules,
        "llm": llm_text,
        "fault_1": current.final[0] if current and current.final else None,
        "flags": [FLAG_KO.get(f, f) for f in detail.case.flags],
    }


def review_decide(url: str | None, case_id: str, *, reviewer: str, fault_1: int, reason: str) -> Any:
    db = open_db(url)
    return _db_call("결정 저장 실패", lambda: db.decide(case_id, (fault_1, 100 - fault_1), reason, reviewer))


def audit_trail(url: str | None, case_id: str) -> list[dict[str, Any]]:
    """Every assessment and review of the case, in the order they were written."""
    db = open_db(url)
    detail = _db_call("감사 기록 조회 실패", lambda: db.case_detail(case_id))
    out = []
    for when, kind, rec in detail.trail():
        if kind == "assessment":
            what = f"평가 {rec.status} · 도표 {rec.chart_id or '-'} · {rec.ratio_text()}"
            who = f"엔진 {rec.engine_version} / 기준 {rec.standard_version}" + (
                f" / LLM {rec.llm_model}" if rec.llm_model else ""
            )
            note = rec.message or ("현재" if rec.is_current else "이전")
        else:
            what = f"검토 결정 {rec.ratio_text()}"
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
