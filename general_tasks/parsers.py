"""Output parsers: turn a model's raw answer (or a gold output) into the canonical value a metric compares.

Gold outputs go through the same parser as predictions, so a perfect answer always scores 1.0.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from general_tasks.prompt_format import split_response

if TYPE_CHECKING:
    from general_tasks.registry import Task

_PREFIX = re.compile(r"^\s*(정답|답|응답|출력|결과|answer|레이블|라벨|분류)\s*[:：은는]\s*", re.IGNORECASE)
_QUOTES = "\"'“”‘’「」『』<>《》`"
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_CIRCLED = {"①": "1", "②": "2", "③": "3", "④": "4", "⑤": "5"}


def _key(text: str) -> str:
    return re.sub(r"[\s\.\,\!\?\"'“”‘’「」『』()\[\]·]+", "", text).lower()


def clean(text: str) -> str:
    """Cut at the next instruction header, drop an '정답:' prefix, quotes and surrounding space."""
    text = split_response(text or "")
    first = text.strip()
    first = _PREFIX.sub("", first)
    return first.strip().strip(_QUOTES).strip()


def _first_line(text: str) -> str:
    return clean(text).split("\n", 1)[0].strip()


def parse_label(text: str, task: Task) -> str:
    """Map an answer onto the task's label set (exact, alias, then first label mentioned)."""
    line = _first_line(text).rstrip(".。")
    keys = {_key(lab): lab for lab in task.labels}
    keys.update({_key(a): lab for a, lab in task.label_aliases.items()})
    if _key(line) in keys:
        return keys[_key(line)]
    whole = _key(clean(text))
    hits = [(whole.find(k), -len(k), lab) for k, lab in keys.items() if k and k in whole]
    if hits:
        return min(hits)[2]
    return line


def parse_multilabel(text: str, task: Task) -> str:
    parts = [p for p in re.split(r"[,\n;、]+", clean(text)) if p.strip()]
    labels = {parse_label(p, task) for p in parts}
    return ", ".join(sorted(lab for lab in labels if lab in task.labels) or sorted(labels))


def parse_choice(text: str, task: Task) -> str:
    """Multiple choice: '2', '②', '(B)', '2번' → the label ('1'…'4' or the task's own labels)."""
    line = _first_line(text)
    for c, d in _CIRCLED.items():
        line = line.replace(c, d)
    m = re.search(r"\d+", line)
    if m and m.group() in task.labels:
        return m.group()
    m = re.match(r"\(?([A-Ea-e])\)?(?![A-Za-z])", line)
    if m:
        idx = str("abcde".index(m.group(1).lower()) + 1)
        if idx in task.labels:
            return idx
    return parse_label(line, task) if task.labels else line


def parse_span(text: str, task: Task | None = None) -> str:
    line = _first_line(text).rstrip(".。").strip(_QUOTES).rstrip(".。").strip()
    return re.sub(r"\s+", " ", line)


def parse_text(text: str, task: Task | None = None) -> str:
    return re.sub(r"\s+", " ", clean(text)).strip()


def parse_number(text: str, task: Task | None = None) -> str:
    """The last number in the answer ('… 따라서 답은 42개' → '42'); '' when there is none."""
    body = clean(text)
    m = re.search(r"(?:####|정답\s*[:：]?|답\s*[:：])\s*(-?\d[\d,]*(?:\.\d+)?)", body)
    nums = [m.group(1)] if m else _NUMBER.findall(body)
    if not nums:
        return ""
    value = float(nums[-1].replace(",", ""))
    return str(int(value)) if value == int(value) else f"{value:g}"


def parse_score(text: str, task: Task | None = None) -> str:
    """A similarity score clipped to [0, 5], one decimal."""
    m = _NUMBER.search(clean(text))
    if not m:
        return ""
    value = min(5.0, max(0.0, float(m.group().replace(",", ""))))
    return f"{value:.1f}"


def parse_entities(text: str, task: Task | None = None) -> str:
    """'이순신:PS, 서울:LC' (any order, spacing) → sorted canonical list; '없음' for none."""
    body = clean(text)
    if _key(body) in ("없음", "none", ""):
        return "없음"
    items = set()
    for part in re.split(r"[,\n;]+", body):
        m = re.match(r"\s*(.+?)\s*[:：/]\s*([A-Za-z]{2})\s*$", part)
        if m:
            items.add(f"{m.group(1).strip().strip(_QUOTES)}:{m.group(2).upper()}")
    return ", ".join(sorted(items)) if items else parse_span(body)


_RATIO = re.compile(r"A\s*(\d{1,3})\s*[:：대]\s*B\s*(\d{1,3})|(\d{1,3})\s*%?\s*[:：대]\s*(\d{1,3})")


_ROLE = re.compile(r"(피청구|청구)(?:차량|인)?\s*(\d{1,3})\s*%?")


def parse_ratio(text: str, task: Task | None = None) -> str:
    """'A30:B70', '30:70', '30 대 70', '청구 30 : 피청구 70' → 'A30:B70' (A = 청구; must sum to 100)."""
    body = clean(text)
    for m in _RATIO.finditer(body):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if int(a) + int(b) == 100:
            return f"A{int(a)}:B{int(b)}"
    roles: dict[str, int] = {}
    for role, value in _ROLE.findall(body):
        roles.setdefault(role, int(value))
    if len(roles) == 2 and roles["청구"] + roles["피청구"] == 100:
        return f"A{roles['청구']}:B{roles['피청구']}"
    return ""


def parse_fault(text: str, task: Task | None = None) -> str:
    """Fault-ratio reasoning → 'chart|ratio' (JSON or the '도표: …' line format)."""
    body = clean(text)
    chart = ""
    try:
        obj = json.loads(body[body.find("{") : body.rfind("}") + 1]) if "{" in body else None
    except ValueError:
        obj = None
    if isinstance(obj, dict):
        chart = str(obj.get("chart_id") or obj.get("도표") or "")
        ratio = obj.get("ratio") or obj.get("과실비율") or ""
        return f"{chart.strip()}|{parse_ratio(str(ratio))}"
    m = re.search(r"도표\s*[:：]\s*([^\s,\n]+)", body)
    if m:
        chart = m.group(1).strip()
    line = re.search(r"과실\s*비율\s*[:：]\s*([^\n]+)", body)
    return f"{chart}|{parse_ratio(line.group(1) if line else body)}"


PARSERS: dict[str, Callable[..., str]] = {
    "label": parse_label,
    "multilabel": parse_multilabel,
    "choice": parse_choice,
    "span": parse_span,
    "text": parse_text,
    "number": parse_number,
    "score": parse_score,
    "entities": parse_entities,
    "ratio": parse_ratio,
    "fault": parse_fault,
}


def parse_output(text: str, task: Task) -> str:
    """Parse `text` with the task's parser."""
    return PARSERS[task.parser](text, task)
