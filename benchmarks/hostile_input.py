"""Worst-case time of one assessment on hostile 5,000-character inputs (the engine's cut-off).

    python benchmarks/hostile_input.py            # fixed repetitions + 30 seeded random word salads

Regexes with an unbounded gap inside a repetition (`(?:[가-힣]+\\s?){0,2}`, `(?:SEP MOVE)*`) once
made single inputs take 3–8 s ("직진 " × 1000, "1차로에서" + "하던" × 400). Every gap is now bounded;
this script is the guard. The last line is a JSON summary (seconds).
"""

from __future__ import annotations

import json
import random
import time

from katalog.engine import MAX_CHARS, assess

REPEATS = ["가", "가 ", "차량", "직진 ", "직진·", "좌회전/", "1차로", "하던", "중 ", "에서 ", "2차 ", "충돌 ", "청구차량이 "]
WORDS = ["차량이", "직진", "좌회전하던", "1차로에서", "2차로로", "진로변경", "중앙선을", "침범하여", "신호", "녹색", "적색", "교차로", "회전교차로", "진입", "보행자", "횡단보도", "선진입", "충돌", "추돌", "청구차량", "피청구차량", "오토바이", "정체", "대기", "중", "하다가", "이후", "2차", "사고", "가", "의", "을", "와", "에서"]


def _time(text: str) -> float:
    t0 = time.perf_counter()
    assess(text)
    return time.perf_counter() - t0


def main() -> None:
    assess("신호 없는 교차로에서 직진하는 A차량과 좌회전하는 B차량이 충돌")  # load index and models
    rng = random.Random(1)
    fixed = {rep: _time((rep * MAX_CHARS)[:MAX_CHARS]) for rep in REPEATS}
    salads = [
        _time("".join(rng.choice(WORDS) + (" " if rng.random() < 0.5 else "") for _ in range(2500))[:MAX_CHARS])
        for _ in range(30)
    ]
    for rep, dt in sorted(fixed.items(), key=lambda x: -x[1])[:5]:
        print(f"{rep!r:>12} × {MAX_CHARS // max(1, len(rep))}: {dt:.2f} s")
    print(json.dumps({"repeat_max_s": round(max(fixed.values()), 3), "salad_max_s": round(max(salads), 3),
                      "salad_median_s": round(sorted(salads)[len(salads) // 2], 3)}))


if __name__ == "__main__":
    main()
