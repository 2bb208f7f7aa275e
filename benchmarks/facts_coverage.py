"""Coverage (and the little accuracy we can check) of the rule-based fact extractor on the dev sets.

    python benchmarks/facts_coverage.py [--data data/eval] [--json]

Per dev set: how often a place, a movement per party, and a signal were found; latency (p50/p95).
For committee rows with a chart id, the chart's party labels (e.g. A "녹색 직진", B "적색 직진")
give movement/signal facts to compare with: a row *agrees* when, in one of the two orientations
(first party = A or = B), every movement/signal the labels state matches what was extracted.
That is the only accuracy number this script claims.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from katalog.facts import extract_facts
from katalog.percentile import percentile

ROOT = Path(__file__).resolve().parents[1]
SETS = ("dev_committee.jsonl", "dev_queries.jsonl", "dev_structured.jsonl", "dev_q2.jsonl")

_LABEL_MOVES = (
    ("문열림", "door_opening"), ("후진", "reversing"), ("유턴", "u_turn"), ("합류", "merging"),
    ("진로변경", "lane_change"), ("좌회전", "left_turn"), ("우회전", "right_turn"), ("추월", "overtaking"),
    ("출발", "starting"), ("정차", "stopped"), ("주차", "stopped"), ("횡단", "crossing"), ("직진", "straight"),
)
_LABEL_SIGNALS = (("적색점멸", "red_flash"), ("황색점멸", "yellow_flash"), ("녹색", "green"), ("황색", "yellow"),
                  ("적색", "red"))


def _label_facts(label: str) -> dict[str, str]:
    out: dict[str, str] = {}
    head = label.split("(")[0]  # "후행 직진(우회전 노면표시차로)": the manoeuvre is before the note
    for text in (head, label):
        for word, mv in _LABEL_MOVES:
            if word in text:
                out["movement"] = mv
                break
        if out:
            break
    for word, sg in _LABEL_SIGNALS:
        if word in label:
            out["signal"] = sg
            break
    return out


def _charts() -> dict[str, dict]:
    charts: dict[str, dict] = {}
    for f in sorted((ROOT / "data/standard/charts").glob("*.json")):
        for c in json.loads(f.read_text(encoding="utf-8")):
            charts.setdefault(c["id"], c)
    return charts


def _agrees(facts, chart: dict) -> bool | None:
    want = [_label_facts(chart["parties"]["A"]["label"]), _label_facts(chart["parties"]["B"]["label"])]
    if not any(want) or len(facts.parties) < 2:
        return None
    got = [{"movement": p.movement, "signal": p.signal} for p in facts.parties[:2]]
    for order in ((0, 1), (1, 0)):
        if all(got[order[k]].get(key) == val for k in (0, 1) for key, val in want[k].items()):
            return True
    return False


def run(data: Path) -> dict:
    charts = _charts() if (ROOT / "data/standard/charts").exists() else {}
    report: dict[str, dict] = {}
    for name in SETS:
        path = data / name
        if not path.exists():
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        times: list[float] = []
        place = move_all = move_any = signal_any = in_scope = agree = checked = 0
        for r in rows:
            t0 = time.perf_counter()
            f = extract_facts(r["description"], r.get("parties"))
            times.append((time.perf_counter() - t0) * 1000)
            place += f.place is not None
            moves = [p.movement for p in f.parties[:2]]
            move_all += all(moves)
            move_any += any(moves)
            signal_any += any(p.signal not in (None, "none") for p in f.parties)
            in_scope += f.in_scope
            ids = (r.get("expected") or {}).get("chart_ids") or []
            if name == "dev_committee.jsonl" and ids and ids[0] in charts:
                ok = _agrees(f, charts[ids[0]])
                if ok is not None:
                    checked += 1
                    agree += ok
        n = len(rows)
        report[name] = {
            "n": n,
            "place": round(place / n, 3),
            "movement_both": round(move_all / n, 3),
            "movement_any": round(move_any / n, 3),
            "signal_any": round(signal_any / n, 3),
            "in_scope": round(in_scope / n, 3),
            "p50_ms": round(percentile(times, 0.5) or 0.0, 2),
            "p95_ms": round(percentile(times, 0.95) or 0.0, 2),
            **({"chart_label_agree": f"{agree}/{checked}"} if checked else {}),
        }
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "data/eval")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    extract_facts("워밍업 문장입니다")  # compile the lexicon outside the timings
    report = run(args.data)
    if not args.json:
        for name, r in report.items():
            print(f"{name:24s} " + "  ".join(f"{k}={v}" for k, v in r.items()))
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
