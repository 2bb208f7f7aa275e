"""One time budget for every LLM call of one assessment, and the bounded pool the calls run in.

`katalog.assess` opens a budget (`KATALOG_LLM_ASSESSMENT_TIMEOUT_S`, default 20 s) when it has an
LLM; facts, proposal and explanation calls each get `limit(per_call)` = the smaller of their own
limit and what is left. Once the budget is spent, further calls are skipped (the rules result and
the template explanation stand), so a hung server costs one assessment at most the budget.

Calls run in a small fixed pool (`POOL_SIZE` threads, created on demand and reused), never in a
new thread per call: a hung call cannot make threads pile up. The HTTP backend is given the same
deadline, so its thread returns by itself shortly after the caller gave up; a call still queued
when its caller gives up is cancelled before it starts.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

POOL_SIZE = 4
MIN_CALL_S = 0.25
"""A call needs at least this much budget left; less and it is skipped."""

_pool: ThreadPoolExecutor | None = None


def pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=POOL_SIZE, thread_name_prefix="katalog-llm")
    return _pool


class Budget:
    """A deadline on the monotonic clock."""

    def __init__(self, total_s: float) -> None:
        self.total_s = float(total_s)
        self.deadline = time.monotonic() + self.total_s

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def limit(self, per_call_s: float) -> float:
        return min(float(per_call_s), self.remaining())

    def spent(self) -> bool:
        return self.remaining() < MIN_CALL_S


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("katalog_llm_budget", default=None)


def current() -> Budget | None:
    return _CURRENT.get()


@contextlib.contextmanager
def budget(total_s: float | None) -> Iterator[Budget | None]:
    """Open a budget for the LLM calls made inside the block (None: no overall limit). Inside an
    open budget the new one never ends later than the outer one (a caller that assesses twice for
    one answer keeps one deadline)."""
    if total_s is None:
        yield None
        return
    b = Budget(total_s)
    outer = _CURRENT.get()
    if outer is not None:
        b.deadline = min(b.deadline, outer.deadline)
    token = _CURRENT.set(b)
    try:
        yield b
    finally:
        _CURRENT.reset(token)


def limit(per_call_s: float) -> float:
    """`per_call_s`, cut to what is left of the current budget (if any)."""
    b = current()
    return per_call_s if b is None else b.limit(per_call_s)
