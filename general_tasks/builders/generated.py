"""Generated sources: Korean-numeral arithmetic (seeded, no external data)."""

from __future__ import annotations

import random
from collections.abc import Iterator

from general_tasks.builders.base import BuildContext, Example, Source

_DIGITS = ["", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"]
_SMALL = [(1000, "천"), (100, "백"), (10, "십")]


def _group(n: int) -> str:
    out = ""
    for value, unit in _SMALL:
        d, n = divmod(n, value)
        if d:
            out += ("" if d == 1 else _DIGITS[d]) + unit
    return out + _DIGITS[n]


def korean_number(n: int) -> str:
    """Sino-Korean reading of 0 ≤ n < 10^12: 10000 → '만', 2530 → '이천오백삼십'."""
    if n == 0:
        return "영"
    if not 0 < n < 10**12:
        raise ValueError(n)
    parts = []
    for unit, size in (("억", 10**8), ("만", 10**4)):
        g, n = divmod(n, size)
        if g:
            parts.append(("" if g == 1 and unit == "만" else _group(g)) + unit)
    if n:
        parts.append(_group(n))
    return "".join(parts)


def numeral_problems(ctx: BuildContext) -> Iterator[Example]:
    rng = random.Random(f"korean_numeral_arithmetic:{ctx.seed}")
    for _ in range(ctx.generated_count):
        op = rng.choice(["더하기", "빼기", "곱하기", "나누기"])
        if op == "더하기":
            a, b = rng.randint(1, 99999), rng.randint(1, 99999)
            r = a + b
        elif op == "빼기":
            a, b = sorted((rng.randint(1, 99999), rng.randint(1, 99999)), reverse=True)
            r = a - b
        elif op == "곱하기":
            a, b = rng.randint(2, 999), rng.randint(2, 99)
            r = a * b
        else:
            b, r = rng.randint(2, 99), rng.randint(1, 999)
            a = b * r
        yield {"expression": f"{korean_number(a)} {op} {korean_number(b)}"}, str(r)


GENERATED_SOURCES = [Source("korean_numeral_arithmetic", load=numeral_problems)]
