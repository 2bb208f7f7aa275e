"""Serving benchmark against an OpenAI-compatible server (`katalog bench llm`).

Measures time-to-first-token and batch-1 decode speed from a streamed completion, aggregate
throughput with `concurrency` requests in flight, and end-to-end assessments per second
(`katalog.assess` with the LLM, or `propose()` alone when the engine is unavailable).
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from katalog.llm.openai_compat import OpenAICompatBackend
from katalog.llm.settings import LLMSettings

BENCH_PROMPT = (
    "### 지시:\n다음 교통사고 설명을 읽고 사고 상황을 자세히 정리하세요.\n\n"
    "### 입력:\n신호기가 있는 교차로에서 청구차량은 녹색신호에 직진하였고, 피청구차량은 맞은편에서 "
    "비보호 좌회전을 하다가 교차로 중앙에서 충돌하였습니다. 사고 당시 비가 오고 있었습니다.\n\n### 응답:\n"
)

SAMPLE_CASES = [
    "신호기 있는 교차로에서 청구차량이 녹색신호에 직진하던 중 적색신호를 무시하고 진입한 피청구차량과 충돌했습니다.",
    "편도 2차로에서 피청구차량이 방향지시등 없이 1차로에서 2차로로 진로를 변경하다 청구차량과 부딪혔습니다.",
    "신호대기 중이던 청구차량을 뒤따르던 피청구차량이 추돌했습니다.",
    "신호 없는 교차로에서 대로를 직진하던 청구차량과 소로에서 좌회전하던 피청구차량이 충돌했습니다.",
]


def _stream_once(backend: OpenAICompatBackend, max_tokens: int) -> dict[str, float]:
    t0 = time.perf_counter()
    first = last = None
    n = 0
    for _ in backend.stream(BENCH_PROMPT, max_tokens=max_tokens):
        now = time.perf_counter()
        first = first or now
        last = now
        n += 1
    if first is None:
        return {"ttft_s": None, "decode_tps": None, "chunks": 0}
    decode = (n - 1) / (last - first) if n > 1 and last > first else None
    return {"ttft_s": first - t0, "decode_tps": decode, "chunks": n}


def _complete_tokens(backend: OpenAICompatBackend, max_tokens: int) -> int:
    data = backend.complete_json(BENCH_PROMPT, max_tokens=max_tokens)
    usage = data.get("usage") or {}
    if "completion_tokens" in usage:
        return int(usage["completion_tokens"])
    return max(1, len(backend.text_of(data)) // 2)  # rough fallback when the server sends no usage


def _assess_rate(backend: OpenAICompatBackend, n: int) -> dict[str, Any]:
    if n <= 0:
        return {"mode": "skipped", "n": 0, "assessments_per_s": None}
    cases = [SAMPLE_CASES[i % len(SAMPLE_CASES)] for i in range(n)]
    try:
        from katalog import assess

        run = lambda text: assess(text, parties=["청구차량", "피청구차량"], llm=backend)  # noqa: E731
        mode = "engine"
        run(cases[0])  # warm the engine's indexes outside the timing
    except Exception:
        from katalog.llm.proposal import propose

        run = lambda text: propose(backend, text, ["청구차량", "피청구차량"], [])  # noqa: E731
        mode = "propose"
    t0 = time.perf_counter()
    for text in cases:
        run(text)
    wall = time.perf_counter() - t0
    return {"mode": mode, "n": n, "assessments_per_s": n / wall if wall > 0 else None}


def _median(values: list[float | None], scale: float = 1.0, digits: int = 1) -> float | None:
    """Median of the measured values (None when nothing was measured, never NaN)."""
    vals = [v for v in values if v is not None]
    return round(statistics.median(vals) * scale, digits) if vals else None


def run_llm_bench(
    base_url: str,
    *,
    model: str | None = None,
    api_key: str | None = None,
    n: int = 3,
    max_tokens: int = 128,
    concurrency: int = 16,
    assess_n: int = 8,
    timeout_s: float = 300.0,
) -> dict[str, Any]:
    """All measurements as one dict (seconds, tokens per second)."""
    settings = LLMSettings(backend="openai", base_url=base_url, model=model, api_key=api_key,
                           timeout_s=timeout_s, max_retries=0)
    backend = OpenAICompatBackend(settings)
    try:
        health = backend.health()
        if not health["ok"]:
            return {"ok": False, "error": health["detail"], "base_url": backend.api_root}
        _stream_once(backend, 8)  # warm-up
        runs = [_stream_once(backend, max_tokens) for _ in range(max(1, n))]
        t0 = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            tokens = list(pool.map(lambda _: _complete_tokens(backend, max_tokens), range(concurrency)))
        wall = time.perf_counter() - t0
        return {
            "ok": True,
            "base_url": backend.api_root,
            "model": backend.model_id,
            "ttft_ms": _median([r["ttft_s"] for r in runs], 1000),
            "decode_tok_s_b1": _median([r["decode_tps"] for r in runs]),
            "batch": concurrency,
            "aggregate_tok_s": round(sum(tokens) / wall, 1) if wall > 0 else None,
            **{k: (round(v, 3) if isinstance(v, float) else v) for k, v in _assess_rate(backend, assess_n).items()},
            "max_tokens": max_tokens,
        }
    finally:
        backend.close()
