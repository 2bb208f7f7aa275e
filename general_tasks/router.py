"""Router: pick the task for a free request.

Order: an explicit task id → the LLM (if a backend is given and its answer is a known id) →
keyword rules plus a character-bigram TF-IDF similarity over each task's name, description,
templates, keywords and example inputs. The lexical part needs no model and is deterministic.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from general_tasks.prompt_format import render_prompt
from general_tasks.registry import Task, all_tasks, get_task

if TYPE_CHECKING:
    from katalog.llm.base import LLMBackend

KEYWORD_WEIGHT = 0.35
"""Score added per matching keyword; similarity is in [0, 1], so two keywords beat a weak match."""


@dataclass(frozen=True)
class Route:
    task_id: str
    score: float
    method: str  # "explicit" | "llm" | "rules"
    alternatives: tuple[tuple[str, float], ...] = ()


def _grams(text: str) -> Counter[str]:
    s = re.sub(r"\s+", " ", text.lower())
    return Counter(s[i : i + 2] for i in range(len(s) - 1) if s[i : i + 2].strip())


@lru_cache(maxsize=1)
def _index() -> tuple[list[str], list[dict[str, float]], dict[str, float]]:
    tasks = all_tasks()
    docs = []
    for t in tasks:
        parts = [t.name, t.description, *t.templates, *t.keywords, *t.keywords]
        parts += [" ".join(e.fields.values()) for e in t.examples]
        docs.append(_grams(" ".join(parts)))
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    idf = {g: math.log((1 + len(docs)) / (1 + n)) + 1 for g, n in df.items()}
    vecs = [_norm({g: (1 + math.log(c)) * idf[g] for g, c in d.items()}) for d in docs]
    return [t.id for t in tasks], vecs, idf


def _norm(v: dict[str, float]) -> dict[str, float]:
    n = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {k: x / n for k, x in v.items()}


def rank(request: str, k: int = 5) -> list[tuple[str, float]]:
    """Tasks ranked by keyword hits + TF-IDF cosine to the request."""
    ids, vecs, idf = _index()
    q = _norm({g: (1 + math.log(c)) * idf.get(g, 1.0) for g, c in _grams(request).items()})
    low = request.lower()
    scored = []
    for tid, vec in zip(ids, vecs, strict=True):
        sim = sum(w * vec.get(g, 0.0) for g, w in q.items())
        hits = sum(1 for kw in get_task(tid).keywords if kw.lower() in low)
        scored.append((tid, sim + KEYWORD_WEIGHT * hits))
    scored.sort(key=lambda x: (-x[1], ids.index(x[0])))
    return scored[:k]


def _ask_llm(request: str, llm: LLMBackend, candidates: list[Task]) -> str | None:
    """Ask the LLM for a task id; the rule ranking's top candidates come first with descriptions."""
    top = {t.id for t in candidates}
    menu = "\n".join(f"- {t.id}: {t.name} — {t.description}" for t in candidates)
    menu += "\n" + "\n".join(f"- {t.id}: {t.name}" for t in all_tasks() if t.id not in top)
    prompt = render_prompt(
        "사용자의 요청을 처리할 과제를 아래 목록에서 하나 골라 과제 id만 답하세요.\n" + menu, request
    )
    try:
        answer = llm.generate(prompt, max_tokens=16, temperature=0.0)
    except Exception:  # a failing backend must not break routing; rules still answer
        return None
    ids = {t.id for t in all_tasks()}
    for token in re.findall(r"[a-z0-9_]+", answer.lower()):
        if token in ids:
            return token
    return None


def route(request: str, task: str | None = None, llm: LLMBackend | None = None) -> Route:
    """Pick the task for `request` (see module docstring for the order)."""
    if task:
        return Route(get_task(task).id, 1.0, "explicit")
    ranked = rank(request, k=8)
    if llm is not None:
        chosen = _ask_llm(request, llm, [get_task(t) for t, _ in ranked])
        if chosen:
            return Route(chosen, dict(ranked).get(chosen, 0.0), "llm", tuple(ranked))
    best, s = ranked[0]
    return Route(best, s, "rules", tuple(ranked[1:]))
