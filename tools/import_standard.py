"""Import the KNIA fault-ratio standard from ../shared/reference/knia into data/standard/.

Run:  python tools/import_standard.py [--reference DIR] [--out DIR] [--report FILE]

Sources (all copies of public repositories, cross-checked against each other):
  laika   laika_portal_charts.json            KNIA portal scrape: 2023 charts + portal legacy charts
  team11  team11_*_standards.jsonl            PDF parses of the 2023 / PM2021 / ROUND2025 books
  skn11   skn11_car_to_*.json                 2023 charts with Korean keys
  skn27   skn27_*                             variant ratios, PM base ratios, the 2020 non-typical book

The output is deterministic (no timestamps, sorted ids), so a fresh import equals the committed data.
Every disagreement between sources and every repair is written to docs/data_quality.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from katalog.standard.names import canonical_name  # noqa: E402
from katalog.standard.schema import (  # noqa: E402
    DEFAULT_VARIANT,
    Book,
    Chart,
    Modifier,
    NearSame,
    Party,
    Ratio,
    Source,
    StandardManifest,
    Variant,
    normalize_name,
)

DATA_VERSION = "1.0"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"

BOOKS = [
    Book(
        id="MAIN2023",
        title="자동차사고 과실비율 인정기준",
        edition="2023.6",
        effective_date=date(2023, 6, 1),
        note="2023년 6월 개정판. 시행 일자는 원자료에 적혀 있지 않아 개정 월의 1일로 기록함.",
    ),
    Book(
        id="ROUND2025",
        title="2차로형 회전교차로 사고 과실비율 인정기준",
        edition="2025",
        effective_date=date(2025, 1, 1),
        note="2025년판. 시행 월일은 원자료에 없어 연초로 기록함.",
    ),
    Book(
        id="PM2021",
        title="개인형 이동장치(PM) 대 자동차 사고 과실비율 인정기준",
        edition="2021",
        effective_date=date(2021, 1, 1),
        note="2021년판 38개 도표. 시행 월일은 원자료에 없어 연초로 기록함.",
    ),
    Book(
        id="NONTYPICAL2020",
        title="2020년 비정형사고 과실비율 기준",
        edition="2020",
        effective_date=date(2021, 1, 7),
        note="과실비율분쟁심의위원회 비정형 사고 기준 23개. 날짜는 배포 파일명(210107)에 따름.",
    ),
    Book(
        id="PORTAL",
        title="과실비율정보포털 구(舊) 도표 (이륜차 3xx, 고속도로 5xx)",
        edition="portal-legacy",
        effective_date=date(2019, 5, 27),
        note="2023년판 이전 번호 체계의 포털 도표. 2023년판으로 대체된 경우 maps_to에 새 도표 번호를 적음. "
        "날짜는 구 인정기준(2019) 기준의 근사값. 2023년판 시행일부터는 2023년판이 대신함(이륜차는 자동차 도표로).",
        superseded_by="MAIN2023",
    ),
]

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳➀➁➂➃➄➅➆➇➈➉"
_CIRCLED_RE = re.compile(f"[{_CIRCLED}]")
_VARIANT_MARK = re.compile(r"\((가|나|다|라)\)")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_APPLY_PLACEHOLDER = "등록되지 않은 적용(비적용)입니다."
VARIANT_ORDER = ["기본", "가", "나", "다", "라"]

#: 보 charts that laika prints with one case although the book has two; the conditions are the
#: book's own words from the base-ratio explanation (laika tab_explain), the ratios come from skn11.
TWO_CASE_BO = {
    "보11": ("녹색신호에 횡단 개시", "녹색점멸신호에 횡단 개시"),
    "보14": ("보행자신호 녹색", "보행자신호 적색"),
    "보15": ("보행자신호 녹색", "보행자신호 적색"),
    "보17": ("보행자신호 녹색", "보행자신호 적색"),
    "보19": ("보행자신호 녹색", "보행자신호 적색"),
    "보26": ("차도 측단 보행", "그 외 차도 보행"),
}

#: team11 and skn27 read the three charts 거43-1/2/3 as variants 가/나/다 of one chart.
G43_LABEL = {
    "거43-1": "자전거 전용도로 통행",
    "거43-2": "자전거 전용차로 통행",
    "거43-3": "자전거 우선도로 통행",
}
G43_VARIANT = {"거43-1": "가", "거43-2": "나", "거43-3": "다"}


# ------------------------------------------------------------------------------------------
# small helpers
# ------------------------------------------------------------------------------------------
def natural_key(chart_id: str) -> tuple:
    parts = re.split(r"(\d+)", chart_id)
    return tuple(int(p) if p.isdigit() else p for p in parts)


def clean_text(text: str | None) -> str:
    """Official text without scrape artefacts: <br/>, CR/LF line wraps, doubled spaces."""
    if not text:
        return ""
    text = re.sub(r"<br\s*/?>", " ", text)
    text = _CONTROL.sub("", text)
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return _SPACES.sub(" ", text).strip()


@dataclass
class Label:
    name: str
    party_hint: str | None
    notes: list[str]
    variants: list[str]


def parse_label(raw: str) -> Label:
    """Split a printed modifier label into party prefix, clean name, note numbers, variant marks."""
    text = clean_text(raw)
    notes = _CIRCLED_RE.findall(text)
    text = _CIRCLED_RE.sub("", text)
    variants = _VARIANT_MARK.findall(text)
    text = _VARIANT_MARK.sub(" ", text)
    hint = None
    m = re.match(r"^([AB])\s+(.*)$", text.strip())
    if m:
        hint, text = m.group(1), m.group(2)
    name = _SPACES.sub(" ", text).strip(" ·")
    return Label(name=name, party_hint=hint, notes=notes, variants=variants)


def despace_garbage(name: str) -> str:
    """'진로변경 신 호 불 이 행 · 지 연' → '진로변경 신호불이행·지연' (PDF letter spacing)."""
    tokens = name.split(" ")
    out: list[str] = []
    run: list[str] = []
    for tok in tokens:
        if len(tok) == 1:
            run.append(tok)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        out.append(tok)
    if len(run) >= 3:
        out.append("".join(run))
    else:
        out.extend(run)
    return " ".join(out).replace("⋅", "·")


def variant_key(label: str) -> str:
    m = _VARIANT_MARK.search(label or "")
    return m.group(1) if m else DEFAULT_VARIANT


def ratio_str(r: tuple[int, int] | None) -> str:
    return "—" if r is None else f"{r[0]}:{r[1]}"


# ------------------------------------------------------------------------------------------
# disagreement log
# ------------------------------------------------------------------------------------------
@dataclass
class Issue:
    chart: str
    kind: str  # ratio | variant | modifier_delta | modifier_set | missing | repair | label
    detail: str
    kept: str
    why: str


@dataclass(frozen=True)
class NearRow:
    """One line of the near-same crosswalk: a pair proposed by `rule`, accepted (`why` empty) or not."""

    a: str
    b: str
    rule: str
    swapped: bool
    similarity: float
    differs: tuple[str, ...]
    why: str = ""
    note: str = ""


@dataclass
class Log:
    issues: list[Issue] = field(default_factory=list)
    comparisons: Counter = field(default_factory=Counter)
    twins: list[TwinRow] = field(default_factory=list)  # the twin crosswalk (`link_twins`)
    near: list[NearRow] = field(default_factory=list)  # near-same pairs, accepted and rejected (`link_near_same`)

    def add(self, chart: str, kind: str, detail: str, kept: str, why: str) -> None:
        self.issues.append(Issue(chart, kind, detail, kept, why))


# ------------------------------------------------------------------------------------------
# reading the sources
# ------------------------------------------------------------------------------------------
def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def walk_tree(nodes: list[dict], path: list[str], out: dict[str, tuple[list[str], str]]) -> None:
    for node in nodes:
        if node.get("type") == "chart":
            out[node["chartNo"]] = (path, clean_text(node.get("text", "")))
        else:
            walk_tree(node.get("children", []), [*path, clean_text(node.get("text", ""))], out)


_SKN11_A = ("A", "보행자", "자전거", "이륜차")


def parse_skn11_ratio(text: str | None) -> dict[str, tuple[int, int]] | None:
    """'A60 B40' / '차30 보행자70' / '(가) 차90 보행자10 / (나) …' → {variant: (A, B)}."""
    if not text:
        return None
    out: dict[str, tuple[int, int]] = {}
    for chunk in text.split("/"):
        key = variant_key(chunk)
        vals: dict[str, int] = {}
        for who, num in re.findall(r"(A|B|보행자|자전거|이륜차|차)\s*(\d+)", chunk):
            vals["A" if who in _SKN11_A else "B"] = int(num)
        if set(vals) == {"A", "B"}:
            out[key] = (vals["A"], vals["B"])
    return out or None


def parse_skn11_modifiers(chart_id: str, mods: dict[str, Any]) -> dict[tuple[str, str], int | None]:
    """Korean-keyed modifier dict → {(party, normalized name): delta or None}."""
    out: dict[tuple[str, str], int | None] = {}
    if isinstance(mods, list):  # two entries print "A 이름 +10" strings instead of a dict
        pairs = []
        for item in mods:
            m = re.match(r"^(.*?)\s*([+-]\d+)\s*$", str(item))
            pairs.append((m.group(1), m.group(2)) if m else (str(item), None))
        mods = dict(pairs)
    for raw, val in (mods or {}).items():
        label = parse_label(re.sub(r"^([ab])\s+", lambda m: m.group(1).upper() + " ", str(raw).strip()))
        name, party = label.name, label.party_hint
        if party is None:
            for pre, p in (
                ("자전거 ", "A"),
                ("이륜차 ", "A"),
                ("보행자 ", "A"),
                ("차량 ", "B"),
                ("차 ", "B"),
            ):
                if name.startswith(pre):
                    name, party = name[len(pre) :], p
                    break
        if party is None:
            party = "A"  # pedestrian charts print only the pedestrian's column (incl. 차의 …)
        delta: int | None = None
        if isinstance(val, int):
            delta = val
        elif isinstance(val, str):
            m = re.fullmatch(r"\s*([+-]?\d+)\s*%?\s*", val)
            delta = int(m.group(1)) if m else None
        out[(party, canonical_name(name))] = delta
    return out


@dataclass
class Sources:
    laika: dict[str, dict]
    tree: dict[str, tuple[list[str], str]]
    team11_main: dict[str, dict]
    team11_pm: dict[str, dict]
    team11_round: dict[str, dict]
    skn11: dict[str, dict]
    skn27_variants: dict[str, list[dict]]
    skn27_pm: dict[str, dict]
    nt_rules: list[dict]
    nt_factors: dict[str, list[dict]]


def load_sources(ref: Path, log: Log) -> Sources:
    knia = ref / "knia"
    raw = json.loads((knia / "laika_portal_charts.json").read_text(encoding="utf-8"))
    tree: dict[str, tuple[list[str], str]] = {}
    for name in ("tree1", "tree2", "tree3", "tree4"):
        walk_tree(raw[name], [], tree)

    skn11: dict[str, dict] = {}
    for fname in ("skn11_car_to_car.json", "skn11_car_to_pedestrian.json", "skn11_car_to_mobility.json"):
        for entry in json.loads((knia / fname).read_text(encoding="utf-8")):
            items = entry if isinstance(entry, list) else [entry]
            if isinstance(entry, list):
                log.add(
                    ",".join(str(e.get("사건 ID")) for e in items),
                    "repair",
                    f"skn11 {fname}: charts nested in a list",
                    "flattened",
                    "known skn11 defect (nested-list entries)",
                )
            for item in items:
                cid = str(item.get("사건 ID", "")).strip()
                if cid == "거31-12":
                    log.add("거31-2", "repair", "skn11 id typo 거31-12", "거31-2", "known skn11 defect")
                    cid = "거31-2"
                skn11[cid] = item

    team11_main: dict[str, dict] = {}
    for row in read_jsonl(knia / "team11_MAIN2023_standards.jsonl"):
        team11_main[row["diagram_no"]] = row
    team11_pm = {
        row["diagram_no"].zfill(2): row for row in read_jsonl(knia / "team11_PM2021_standards.jsonl")
    }
    team11_round = {row["diagram_no"]: row for row in read_jsonl(knia / "team11_ROUND2025_standards.jsonl")}

    skn27_variants: dict[str, list[dict]] = defaultdict(list)
    for row in read_tsv(knia / "skn27_MAIN2023_variants.compact.tsv"):
        skn27_variants[row["rule_id"]].append(row)
    skn27_pm = {}
    for row in read_tsv(knia / "skn27_pm2021" / "base_faults.compact.tsv"):
        skn27_pm[row["rule_id"].rsplit("도표", 1)[1]] = row
    nt_rules = read_jsonl(knia / "skn27_nontypical_2020" / "rules.jsonl")
    nt_factors: dict[str, list[dict]] = defaultdict(list)
    for row in read_tsv(knia / "skn27_nontypical_2020" / "adjustment_factors.compact.tsv"):
        nt_factors[row["rule_id"]].append(row)
    return Sources(
        laika=raw["details"],
        tree=tree,
        team11_main=team11_main,
        team11_pm=team11_pm,
        team11_round=team11_round,
        skn11=skn11,
        skn27_variants=dict(skn27_variants),
        skn27_pm=skn27_pm,
        nt_rules=nt_rules,
        nt_factors=dict(nt_factors),
    )


# ------------------------------------------------------------------------------------------
# modifiers
# ------------------------------------------------------------------------------------------
@dataclass
class RawMod:
    party: str
    name: str
    delta: int
    variants: list[str] | None
    note: str = ""


def assign_ids(chart_id: str, mods: list[RawMod], log: Log) -> list[Modifier]:
    """Stable ids `<party>-<normalized name>`, `-2`, `-3` … on clashes; exact duplicates dropped."""
    seen: set[tuple] = set()
    used: Counter = Counter()
    out: list[Modifier] = []
    for m in mods:
        sig = (m.party, normalize_name(m.name), m.delta, tuple(m.variants or ()))
        if sig in seen:
            log.add(
                chart_id,
                "repair",
                f"duplicate modifier {m.party} {m.name} {m.delta:+d}",
                "one copy",
                "printed twice in the source",
            )
            continue
        seen.add(sig)
        base = f"{m.party}-{normalize_name(m.name)}"
        used[base] += 1
        mid = base if used[base] == 1 else f"{base}-{used[base]}"
        exceptional = m.delta % 5 != 0 or abs(m.delta) > 30
        if exceptional:
            log.add(
                chart_id,
                "label",
                f"modifier {m.party} {m.name} {m.delta:+d} outside ±30/multiple of 5",
                "kept, exceptional=true",
                "the source prints it so (e.g. signal-violation modifiers that turn the ratio round)",
            )
        out.append(
            Modifier(
                id=mid,
                party=m.party,  # type: ignore[arg-type]
                name=m.name,
                delta=m.delta,
                variants=m.variants,
                note=m.note,
                exceptional=exceptional,
            )
        )
    return out


def laika_modifiers(chart_id: str, det: dict, variant_keys: list[str], log: Log) -> list[RawMod]:
    """Modifiers of a laika chart; which variants each applies to comes from the per-case lists."""
    cases = det.get("cases") or []
    per_case: list[tuple[str, list[dict]]] = [
        (variant_key(c.get("label", "")), c.get("factors") or []) for c in cases
    ]
    if not per_case:
        per_case = [(DEFAULT_VARIANT, det.get("factors") or [])]
    # union of labels in print order, remembering the variants that list each
    order: list[tuple[str, int, int]] = []
    where: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for key, factors in per_case:
        for f in factors:
            sig = (f["label"], int(f.get("val_a") or 0), int(f.get("val_b") or 0))
            if sig not in where:
                order.append(sig)
            if key not in where[sig]:
                where[sig].append(key)
    out: list[RawMod] = []
    for sig in order:
        label_raw, va, vb = sig
        lab = parse_label(label_raw)
        if va == 0 and vb == 0:
            log.add(
                chart_id,
                "missing",
                f"laika modifier '{clean_text(label_raw)}' has no value",
                "not imported",
                "the portal prints no delta for it",
            )
            continue
        if lab.party_hint:
            party = lab.party_hint
            delta = va if party == "A" else vb
            other = vb if party == "A" else va
            if delta == 0:
                log.add(
                    chart_id,
                    "label",
                    f"laika '{clean_text(label_raw)}': prefix {party} but value in the other column ({other:+d})",
                    f"{party} {other:+d}",
                    "label prefix names the party",
                )
                delta = other
            elif other != 0:
                log.add(
                    chart_id,
                    "label",
                    f"laika '{clean_text(label_raw)}': both columns set (A {va:+d}, B {vb:+d})",
                    f"{party} {delta:+d}",
                    "label prefix names the party; the other column is a scrape artefact",
                )
        else:
            party = "A" if va != 0 else "B"
            delta = va if va != 0 else vb
        variants: list[str] | None = None
        if lab.variants:
            known = [v for v in lab.variants if v in variant_keys]
            if known:
                variants = known
            else:
                log.add(
                    chart_id,
                    "variant",
                    f"modifier '{lab.name}' marked ({','.join(lab.variants)}) but chart has variants {variant_keys}",
                    "applies to all variants",
                    "variant mark without such a variant",
                )
        listed = where[sig]
        if len(per_case) > 1 and len(listed) < len(per_case):
            variants = sorted(set(listed) & set(variants or listed), key=VARIANT_ORDER.index)
        note = ("주 " + "".join(lab.notes)) if lab.notes else ""
        out.append(RawMod(party, lab.name, delta, variants, note))
    return out


def team11_modifiers(row: dict) -> list[RawMod]:
    return [
        RawMod(
            m["target"],
            clean_text(m["name"]),
            int(m["adjustment"]),
            None,
            ("주 " + m["note_ref"]) if m.get("note_ref") else "",
        )
        for m in row.get("modifiers") or []
        if m.get("adjustment") is not None and m.get("target") in ("A", "B")
    ]


def compare_modifiers(
    chart_id: str, primary: list[RawMod], other: dict[tuple[str, str], int | None], other_name: str, log: Log
) -> None:
    """Report delta conflicts on matching names and differences of the (party, delta) multiset."""
    mine = {(m.party, canonical_name(m.name)): m.delta for m in primary}
    log.comparisons[f"modifiers laika~{other_name}"] += 1
    for key, d in sorted(other.items()):
        if key in mine and d is not None and mine[key] != d:
            log.add(
                chart_id,
                "modifier_delta",
                f"{key[0]} {key[1]}: laika {mine[key]:+d}, {other_name} {d:+d}",
                f"{mine[key]:+d} (laika)",
                "the portal is KNIA's own publication",
            )
    a = Counter((m.party, m.delta) for m in primary)
    b = Counter((p, d) for (p, _), d in other.items() if d is not None)
    if a != b:
        extra_a = sorted((a - b).elements())
        extra_b = sorted((b - a).elements())
        names_b = sorted(f"{p} {n}" for (p, n) in other if (p, n) not in mine)
        log.add(
            chart_id,
            "modifier_set",
            f"(party, delta) multiset differs: only laika {fmt_pd(extra_a)}; only {other_name} {fmt_pd(extra_b)}"
            + (f"; {other_name}-only names: {', '.join(names_b[:6])}" if names_b else ""),
            "laika list",
            "the portal is KNIA's own publication; other parses truncate or merge rows",
        )


def add_agreed_rows(cid: str, laika: list[RawMod], t: dict, s: dict, log: Log) -> list[RawMod]:
    """Rows that laika lacks but team11 and skn11 (two independent PDF parses) print identically.

    A row is added only when laika has fewer rows of that (party, delta) than both other sources,
    so a row laika prints under another wording is not doubled. A laika row whose name is the
    general form of an added row (e.g. '보·차도 구분 없음' vs '… (중앙선이 없음)') and whose
    (party, delta) is in excess over both sources is replaced.
    """
    skn = parse_skn11_modifiers(cid, s.get("케이스별 과실비율 조정예시") or {})
    t_rows = team11_modifiers(t)
    have = Counter((m.party, m.delta) for m in laika)
    t_count = Counter((m.party, m.delta) for m in t_rows)
    k_count = Counter((p, d) for (p, _), d in skn.items() if d is not None)
    mine = {(m.party, canonical_name(m.name)) for m in laika}
    out = list(laika)
    added: list[RawMod] = []
    for m in t_rows:
        key = (m.party, canonical_name(m.name))
        pd = (m.party, m.delta)
        if key in mine or skn.get(key) != m.delta:
            continue
        if have[pd] >= min(t_count[pd], k_count[pd]):
            log.add(
                cid,
                "modifier_set",
                f"team11+skn11 print {m.party} {m.name} {m.delta:+d}; laika words it differently",
                "laika row",
                "laika already has as many rows of that party and delta",
            )
            continue
        out.append(RawMod(m.party, m.name, m.delta, None, m.note))
        added.append(m)
        have[pd] += 1
        mine.add(key)
        log.add(
            cid,
            "modifier_set",
            f"{m.party} {m.name} {m.delta:+d} missing in laika; team11 and skn11 agree",
            "added",
            "two independent parses of the book agree",
        )
    for g in list(out):
        if g in added:
            continue
        pd = (g.party, g.delta)
        gk = canonical_name(g.name)
        if have[pd] > min(t_count[pd], k_count[pd]) and any(
            a.party == g.party and canonical_name(a.name).startswith(gk) and canonical_name(a.name) != gk
            for a in added
        ):
            out.remove(g)
            have[pd] -= 1
            log.add(
                cid,
                "modifier_set",
                f"laika general row {g.party} {g.name} {g.delta:+d}; team11+skn11 print only the detailed rows",
                "detailed rows",
                "two independent parses of the book agree",
            )
    return out


def fmt_pd(items: list[tuple[str, int]]) -> str:
    return "[" + ", ".join(f"{p}{d:+d}" for p, d in items) + "]" if items else "[]"


# ------------------------------------------------------------------------------------------
# MAIN2023 + PORTAL (laika-based)
# ------------------------------------------------------------------------------------------
def main_category(cid: str) -> str:
    if cid.startswith("보"):
        return "차대보행자"
    if cid.startswith("거"):
        return "차대자전거·이륜차"
    return "차대차"


def party_types(cid: str, a_label: str, b_label: str) -> tuple[str, str]:
    if cid.startswith("보"):
        return "pedestrian", "car"
    if cid.startswith("거"):
        return ("two_wheeler" if "이륜" in a_label else "bicycle"), "car"
    if cid[0] == "3":
        return "two_wheeler", "car"
    return "car", "car"


def laika_variants(cid: str, det: dict, src: Sources, log: Log) -> list[Variant]:
    cases = det.get("cases") or []
    skn27 = {r["variant_key"]: r for r in src.skn27_variants.get(cid, [])}
    variants: list[Variant] = []
    for c in cases:
        key = variant_key(c.get("label", ""))
        cond = f"A {clean_text(c.get('car_a_text'))} / B {clean_text(c.get('car_b_text'))}"
        variants.append(
            Variant(
                key=key,
                label=(skn27.get(key) or {}).get("variant_title", ""),
                condition=cond,
                base=Ratio(A=c["ratio_a"], B=c["ratio_b"]),
            )
        )
    if cid == "보22":
        # laika has only the 소로 case; the book prints three width variants (skn27, skn11 agree).
        widths = []
        for key in ("가", "나", "다"):
            r = skn27[key]
            a = int(r["single_party_ratio"])
            widths.append(
                Variant(
                    key=key,
                    label=r["variant_title"],
                    condition=f"A 보행자가 {r['variant_title']} / B 교차로 주행",
                    base=Ratio(A=a, B=100 - a),
                )
            )
        log.add(
            "보22",
            "variant",
            "laika: one case A10:B90; skn27/skn11: 가 10, 나 20, 다 30 (pedestrian)",
            "가 10:90, 나 20:80, 다 30:70",
            "the book prints three road-width variants (known laika defect)",
        )
        variants = widths
    if cid in TWO_CASE_BO:
        theirs = parse_skn11_ratio((src.skn11.get(cid) or {}).get("기본 과실비율")) or {}
        first = (variants[0].base.A, variants[0].base.B)
        if set(theirs) == {"가", "나"} and theirs["가"] == first:
            conds = TWO_CASE_BO[cid]
            variants = [
                Variant(
                    key=k,
                    label=conds[i],
                    condition=f"{conds[i]} / A {clean_text(det.get('car_a_text'))} / B {clean_text(det.get('car_b_text'))}",
                    base=Ratio(A=theirs[k][0], B=theirs[k][1]),
                )
                for i, k in enumerate(("가", "나"))
            ]
            log.add(
                cid,
                "variant",
                f"laika one case {ratio_str(first)}; skn11 (가) {ratio_str(theirs['가'])} (나) {ratio_str(theirs['나'])}; team11 null",
                "skn11 two variants",
                "the chart's own base-ratio explanation (laika tab_explain) states both percentages",
            )
        else:
            raise SystemExit(f"{cid}: expected skn11 (가)/(나) ratios starting with {first}, got {theirs}")
    if not variants and cid == "보31":
        ref = src.laika["보32"]
        variants = [
            Variant(
                key=DEFAULT_VARIANT,
                condition="보32 기준과 통합",
                base=Ratio(A=ref["ratio_a"], B=ref["ratio_b"]),
            )
        ]
        log.add(
            "보31",
            "ratio",
            "no base ratio in laika, team11 or skn11",
            f"{ref['ratio_a']}:{ref['ratio_b']} (보32)",
            "the book says 보31 is merged into the 보32 standard (base_ratio_explanation)",
        )
    if not variants:
        raise SystemExit(f"{cid}: no base ratio in any source")
    if cid in G43_VARIANT:
        r = skn27[G43_VARIANT[cid]]
        theirs = (int(r["party_a_ratio"]), int(r["party_b_ratio"]))
        log.comparisons["variants laika~skn27"] += 1
        if theirs != (variants[0].base.A, variants[0].base.B):
            log.add(
                cid,
                "ratio",
                f"skn27 ({G43_VARIANT[cid]}) {ratio_str(theirs)} vs laika {variants[0].base}",
                "laika",
                "portal value",
            )
        skn27 = {}
    if skn27 and cid not in ("보22",):
        for key, r in sorted(skn27.items()):
            if not r["party_a_ratio"]:
                continue
            theirs = (int(r["party_a_ratio"]), int(r["party_b_ratio"]))
            mine = next((v for v in variants if v.key == key), None)
            log.comparisons["variants laika~skn27"] += 1
            if mine is None or theirs != (mine.base.A, mine.base.B):
                why = (
                    "skn27 keys rotated (known defect); the book: 가 80:20, 나 40:60, 다 10:90"
                    if cid == "차6-1"
                    else "laika agrees with team11"
                )
                log.add(
                    cid,
                    "variant",
                    f"skn27 ({key}) {ratio_str(theirs)} vs laika {ratio_str((mine.base.A, mine.base.B)) if mine else 'no such variant'}",
                    "laika",
                    why,
                )
    return variants


def team11_ratios(t: dict | None) -> dict[str, tuple[int, int]]:
    if t is None:
        return {}
    if t.get("base_ratio_variants"):
        return {k: (v["a"], v["b"]) for k, v in t["base_ratio_variants"].items()}
    if t.get("base_ratio"):
        return {DEFAULT_VARIANT: (t["base_ratio"]["a"], t["base_ratio"]["b"])}
    return {}


def cross_check_team11_skn11(cid: str, src: Sources, log: Log) -> None:
    """The pair that does not involve laika: both PDF parses against each other."""
    t = team11_ratios(src.team11_main.get(cid))
    k = parse_skn11_ratio((src.skn11.get(cid) or {}).get("기본 과실비율")) or {}
    if not t or not k:
        return
    log.comparisons["base team11~skn11"] += 1
    if len(k) == 1 and len(t) == 1:
        k = {next(iter(t)): next(iter(k.values()))}
    if t != k:
        log.add(
            cid,
            "ratio",
            f"team11 {fmt_r(t)} vs skn11 {fmt_r(k)}",
            "laika (see other rows)",
            "the third source decides",
        )


def cross_check_base(cid: str, variants: list[Variant], src: Sources, log: Log) -> None:
    cross_check_team11_skn11(cid, src, log)
    mine = {v.key: (v.base.A, v.base.B) for v in variants}
    t = src.team11_main.get(cid) or (src.team11_main.get("거43") if cid.startswith("거43-") else None)
    if t is not None:
        log.comparisons["base laika~team11"] += 1
        theirs: dict[str, tuple[int, int]] = {}
        if t.get("base_ratio_variants"):
            theirs = {k: (v["a"], v["b"]) for k, v in t["base_ratio_variants"].items()}
        elif t.get("base_ratio"):
            theirs = {DEFAULT_VARIANT: (t["base_ratio"]["a"], t["base_ratio"]["b"])}
        if cid in G43_VARIANT:
            theirs = {DEFAULT_VARIANT: theirs[G43_VARIANT[cid]]}
        if not theirs:
            log.add(
                cid,
                "missing",
                "team11 base ratio is null",
                "laika" if cid != "보31" else "보32",
                "team11 parse failed (known defect)",
            )
        elif set(theirs) != set(mine):
            log.add(
                cid,
                "variant",
                f"variant keys: laika {sorted(mine)} {fmt_r(mine)}, team11 {sorted(theirs)} {fmt_r(theirs)}",
                "see kept variants",
                "laika has per-case ratios" if cid != "보22" else "three width variants",
            )
        else:
            for k in mine:
                if mine[k] != theirs[k]:
                    log.add(
                        cid,
                        "ratio",
                        f"({k}) laika {ratio_str(mine[k])}, team11 {ratio_str(theirs[k])}",
                        "laika",
                        "portal value",
                    )
    s = src.skn11.get(cid)
    if s is not None:
        log.comparisons["base laika~skn11"] += 1
        theirs2 = parse_skn11_ratio(s.get("기본 과실비율"))
        if theirs2 is None or (cid == "보35"):
            log.add(
                cid,
                "missing",
                f"skn11 base ratio unusable: {s.get('기본 과실비율')!r}",
                "laika",
                "skn11 field null or broken (보35 known broken)",
            )
        elif len(theirs2) == 1 and len(mine) > 1:
            only = next(iter(theirs2.values()))
            if only != mine[variants[0].key]:
                log.add(
                    cid,
                    "ratio",
                    f"skn11 {ratio_str(only)} (no variants), laika {fmt_r(mine)}",
                    "laika",
                    _skn11_why(cid),
                )
        else:
            for k, r in theirs2.items():
                k2 = k if k in mine else (variants[0].key if len(theirs2) == 1 else k)
                if mine.get(k2) != r:
                    log.add(
                        cid,
                        "ratio",
                        f"({k}) skn11 {ratio_str(r)}, laika {ratio_str(mine.get(k2))}",
                        "laika",
                        _skn11_why(cid),
                    )


def _skn11_why(cid: str) -> str:
    return {
        "차5-1": "known skn11 defect: true (가) 80:20",
        "보20": "known skn11 defect: A/B inverted",
    }.get(cid, "laika agrees with team11")


def fmt_r(d: dict[str, tuple[int, int]]) -> str:
    return "{" + ", ".join(f"{k} {ratio_str(v)}" for k, v in sorted(d.items())) + "}"


def build_laika_chart(
    cid: str, book: str, src: Sources, log: Log, legacy_inverse: dict[str, list[str]]
) -> Chart:
    det = src.laika[cid]
    t = src.team11_main.get(cid) or (src.team11_main.get("거43") if cid.startswith("거43-") else None)
    path, tree_title = src.tree.get(cid, ([], ""))
    variants = laika_variants(cid, det, src, log)
    if book == "MAIN2023":
        cross_check_base(cid, variants, src, log)
    keys = [v.key for v in variants]
    raw_mods = laika_modifiers(cid, det, keys, log)
    if not raw_mods:
        log.add(
            cid,
            "missing",
            "no modifiers in laika" + (" or team11" if t is not None and not t.get("modifiers") else ""),
            "none",
            "the source lists none",
        )
    if book == "MAIN2023":
        if t is not None and t.get("modifiers"):
            t_mods = {(m.party, canonical_name(m.name)): m.delta for m in team11_modifiers(t)}
            conds = {m.get("condition") for m in t["modifiers"]} - {None}
            if conds:
                log.add(
                    cid,
                    "repair",
                    f"team11 sets condition {sorted(conds)} on every modifier row",
                    "variants from laika's per-case lists",
                    "parse artefact: the last variant key is copied to all rows",
                )
            compare_modifiers(cid, raw_mods, t_mods, "team11", log)
        s = src.skn11.get(cid)
        if s is not None and s.get("케이스별 과실비율 조정예시"):
            compare_modifiers(
                cid, raw_mods, parse_skn11_modifiers(cid, s["케이스별 과실비율 조정예시"]), "skn11", log
            )
        if t is not None and s is not None:
            raw_mods = add_agreed_rows(cid, raw_mods, t, s, log)
    mods = assign_ids(cid, raw_mods, log)

    title = ""
    if t is not None and t.get("title") and not cid.startswith("거43-"):
        title = clean_text(t["title"])
    title = title or tree_title or cid
    a_label = (
        clean_text((t or {}).get("party_a"))
        if t is not None and t.get("party_a")
        else clean_text(det.get("car_a_text"))
    )
    b_label = (
        clean_text((t or {}).get("party_b"))
        if t is not None and t.get("party_b")
        else clean_text(det.get("car_b_text"))
    )
    if cid in G43_LABEL:
        # laika repeats 거43-1's role text on all three; the chart titles name the lane type
        a_label, b_label = G43_LABEL[cid], clean_text(det.get("car_b_text"))
        if a_label != clean_text(det.get("car_a_text")):
            log.add(
                cid,
                "label",
                f"laika role A '{clean_text(det.get('car_a_text'))}' repeats 거43-1",
                a_label,
                "the chart title names the lane type",
            )
    ta, tb = party_types(cid, a_label, b_label)
    situation = clean_text((t or {}).get("accident_description")) or clean_text(det.get("tab_situation"))
    if cid in G43_LABEL:  # team11's merged 거43 row has no usable description
        situation = clean_text(det.get("tab_situation"))
    if t is not None and not clean_text(t.get("accident_description")):
        log.add(cid, "missing", "team11 accident_description empty", "laika tab_situation", "fallback source")
    application = (
        "" if det.get("tab_apply", "").strip() == _APPLY_PLACEHOLDER else clean_text(det.get("tab_apply"))
    )
    base_expl = clean_text((t or {}).get("base_ratio_explanation")) or clean_text(det.get("tab_explain"))
    mod_expl = clean_text((t or {}).get("modifier_explanation"))
    section = " > ".join(path)
    sources = [Source(file="laika_portal_charts.json", id=cid)]
    if t is not None:
        sources.append(
            Source(file="team11_MAIN2023_standards.jsonl", id=t["diagram_no"], page=t.get("book_page"))
        )
    if cid in src.skn11 and book == "MAIN2023":
        sources.append(Source(file="skn11_car_to_*.json", id=cid))
    if cid in src.skn27_variants:
        sources.append(Source(file="skn27_MAIN2023_variants.compact.tsv", id=cid))
    legacy_ids = sorted(set((t or {}).get("legacy_nos") or []), key=natural_key) if book == "MAIN2023" else []
    maps_to = legacy_inverse.get(cid, []) if book == "PORTAL" else []
    return Chart(
        id=cid,
        book=book,
        category=main_category(cid)
        if book == "MAIN2023"
        else ("차대자전거·이륜차" if cid.startswith("3") else "차대차"),
        title=title,
        section=section,
        situation=situation,
        application=application,
        base_explanation=base_expl,
        modifier_explanation=mod_expl,
        parties={"A": Party(label=a_label or "A", type=ta), "B": Party(label=b_label or "B", type=tb)},
        variants=variants,
        modifiers=mods,
        laws=sorted(set((t or {}).get("laws") or [])) if book == "MAIN2023" else [],
        precedents=list(dict.fromkeys((t or {}).get("precedents") or [])) if book == "MAIN2023" else [],
        legacy_ids=legacy_ids,
        maps_to=maps_to,
        sources=sources,
        summary=summary(a_label, b_label, title),
    )


def summary(a: str, b: str, title: str) -> str:
    return f"A: {a or 'A'} / B: {b or 'B'} — {title}"


# ------------------------------------------------------------------------------------------
# ROUND2025, PM2021, NONTYPICAL2020
# ------------------------------------------------------------------------------------------
def split_round_text(text: str) -> tuple[str, str, str]:
    """team11 merged the explanations into the description: split at the book's headings."""
    text = clean_text(text)
    m1 = re.search(r"\s기본 과실비율\s", text)
    m2 = re.search(r"\s수정요소\(인과관계를 감안한 과실비율 조정\) 해설\s?", text)
    if not m1:
        return text, "", ""
    situation = text[: m1.start()].strip()
    if m2 and m2.start() > m1.end():
        return situation, text[m1.end() : m2.start()].strip(), text[m2.end() :].strip()
    return situation, text[m1.end() :].strip(), ""


def build_round(src: Sources, log: Log) -> list[Chart]:
    charts = []
    for cid, t in sorted(src.team11_round.items(), key=lambda kv: natural_key(kv[0])):
        situation, base_expl, mod_expl = split_round_text(t.get("accident_description", ""))
        log.add(
            cid,
            "repair",
            "team11 explanations merged into the description",
            "split at '기본 과실비율' / '수정요소 … 해설'",
            "known team11 defect",
        )
        br = t["base_ratio"]
        mods = assign_ids(cid, team11_modifiers(t), log)
        a, b = clean_text(t["party_a"]), clean_text(t["party_b"])
        charts.append(
            Chart(
                id=cid,
                book="ROUND2025",
                category="회전교차로",
                title=clean_text(t["title"]),
                section="2차로형 회전교차로",
                situation=situation,
                base_explanation=base_expl or clean_text(t.get("base_ratio_explanation")),
                modifier_explanation=mod_expl or clean_text(t.get("modifier_explanation")),
                parties={"A": Party(label=a, type="car"), "B": Party(label=b, type="car")},
                variants=[Variant(key=DEFAULT_VARIANT, base=Ratio(A=br["a"], B=br["b"]))],
                modifiers=mods,
                laws=sorted(set(t.get("laws") or [])),
                precedents=list(dict.fromkeys(t.get("precedents") or [])),
                sources=[Source(file="team11_ROUND2025_standards.jsonl", id=cid, page=t.get("book_page"))],
                summary=summary(a, b, clean_text(t["title"])),
            )
        )
    return charts


# "…자동차의 과실을 10% 가산한다" / "PM의 과실을 5% 가산": the PM book's own explanation names the party a
# modifier charges; team11's table parse sometimes puts the row under the other column.
_EXPLAINED_PARTY = re.compile(r"(자동차|PM)의\s?과실을\s?\d+\s?%")


def explained_party(name: str, explanation: str, party_of: dict[str, str]) -> str | None:
    """The party (A/B) the explanation charges with modifier `name`, or None when it does not say.

    Looks at the explanation's sentences that contain the name's first word (e.g. "주택" of
    "주택·상점가·학교"); only an unambiguous single answer counts.
    """
    head = re.split(r"[·\s,(]", name.strip())[0]
    if len(head) < 2:
        return None
    found = set()
    for sentence in re.split(r"(?:^|\s)-|\.\s", explanation):
        if head in sentence:
            found |= {party_of[w] for w in _EXPLAINED_PARTY.findall(sentence)}
    return found.pop() if len(found) == 1 else None


def check_pm_parties(cid: str, raw: list[RawMod], explanation: str, log: Log) -> list[RawMod]:
    out = []
    for m in raw:
        party = explained_party(m.name, explanation, {"PM": "A", "자동차": "B"})
        if party and party != m.party:
            log.add(cid, "label", f"team11 puts {m.name} {m.delta:+d} under {m.party}; the chart's explanation "
                    f"charges {party}", f"{party} {m.name} {m.delta:+d}", "the book's own 수정요소 해설 decides")
            m = RawMod(party, m.name, m.delta, m.variants, m.note)
        out.append(m)
    return out


def build_pm(src: Sources, log: Log) -> list[Chart]:
    charts = []
    for n in range(1, 39):
        no = f"{n:02d}"
        cid = f"PM-{no}"
        s = src.skn27_pm[no]
        t = src.team11_pm.get(no)
        base = (int(s["party_a_ratio"]), int(s["party_b_ratio"]))
        log.comparisons["base skn27~team11 (PM)"] += 1
        if t is None:
            log.add(
                cid,
                "missing",
                "table absent from team11",
                f"skn27 base {ratio_str(base)}, no modifiers",
                "team11 skipped 도표01–04, 06–09, 34 (known defect)",
            )
        elif t.get("base_ratio") is None:
            log.add(
                cid,
                "missing",
                "team11 base ratio null",
                f"skn27 {ratio_str(base)}",
                "team11 parse failed (known defect)",
            )
        elif (t["base_ratio"]["a"], t["base_ratio"]["b"]) != base:
            log.add(
                cid,
                "ratio",
                f"team11 {t['base_ratio']['a']}:{t['base_ratio']['b']}, skn27 {ratio_str(base)}",
                "skn27",
                "skn27 covers every table from the file names",
            )
        cond = ""
        if s.get("scenario_required") == "1":
            cond = f"세부 상황 {s.get('scenario_count')}개로 나뉘는 도표 — 원자료에는 첫 상황의 비율만 있음(확인 필요)"
            log.add(
                cid,
                "missing",
                f"base ratio depends on {s.get('scenario_count')} sub-scenarios not in the sources",
                f"{ratio_str(base)} (first)",
                "known skn27 gap; flagged in the variant condition",
            )
        raw: list[RawMod] = []
        if t is not None:
            seen: dict[tuple[str, str], int] = {}
            for m in team11_modifiers(t):
                key = (m.party, normalize_name(m.name))
                if key in seen:
                    if seen[key] != m.delta:
                        log.add(
                            cid,
                            "modifier_delta",
                            f"team11 repeats {m.party} {m.name} with {seen[key]:+d} and {m.delta:+d}",
                            f"{seen[key]:+d} (first)",
                            "first occurrence is the table's own row; repeats come from neighbouring tables",
                        )
                    continue
                seen[key] = m.delta
                raw.append(m)
            dropped = len(t.get("modifiers") or []) - len(raw)
            if dropped:
                log.add(
                    cid,
                    "repair",
                    f"team11 lists {dropped} duplicated modifier rows",
                    "deduplicated by (party, name)",
                    "known team11 defect (duplicated modifiers)",
                )
        raw = check_pm_parties(cid, raw, clean_text((t or {}).get("modifier_explanation")), log)
        t_title = clean_text((t or {}).get("title"))
        numbered = re.match(r"(\d+)\.\s*", t_title)
        if numbered and int(numbered.group(1)) != n and s.get("title_from_filename"):
            log.add(cid, "label", f"team11 title {t_title!r} carries another table's number",
                    s["title_from_filename"], "skn27 names every table from its own file")
            t_title = ""
        title = t_title or s.get("title_from_filename", "").replace("_", " ") or f"PM 도표 {no}"
        rankable = True
        if t is None and not s.get("title_from_filename"):
            rankable = False
            log.add(cid, "missing", "no title, situation or modifiers in any source", title,
                    "placeholder title; kept for the calculator but never ranked as an answer (rankable=false)")
        a = clean_text((t or {}).get("party_a")) or "PM"
        b = clean_text((t or {}).get("party_b")) or "자동차"
        situation = clean_text((t or {}).get("accident_description"))
        sources = [Source(file="skn27_pm2021/base_faults.compact.tsv", id=s["rule_id"])]
        if t is not None:
            sources.append(
                Source(file="team11_PM2021_standards.jsonl", id=t["standard_id"], page=t.get("book_page"))
            )
        charts.append(
            Chart(
                id=cid,
                book="PM2021",
                category="PM",
                title=title,
                section="개인형 이동장치(PM) 대 자동차",
                situation=situation,
                base_explanation=clean_text((t or {}).get("base_ratio_explanation")),
                modifier_explanation=clean_text((t or {}).get("modifier_explanation")),
                parties={"A": Party(label=a, type="pm"), "B": Party(label=b, type="car")},
                variants=[Variant(key=DEFAULT_VARIANT, condition=cond, base=Ratio(A=base[0], B=base[1]))],
                modifiers=assign_ids(cid, raw, log),
                laws=sorted(set((t or {}).get("laws") or [])),
                precedents=list(dict.fromkeys((t or {}).get("precedents") or [])),
                sources=sources,
                summary=summary(a, b, title),
                rankable=rankable,
            )
        )
    return charts


def nt_party_type(phrase: str) -> str:
    if "이륜" in phrase:
        return "two_wheeler"
    if "버스" in phrase:
        return "bus"
    return "car"


def nt_parties(title: str) -> tuple[str, str]:
    """'A차량과 B차량간 사고' → ('A차량', 'B차량'); a parenthetical that names both wins."""
    m = re.search(r"\(([^()]*(?:과|와) [^()]*)\)", title)
    text = m.group(1) if m else title
    head, sep, tail = text.partition("과 ")
    if not sep:
        head, _, tail = text.partition("와 ")
    tail = re.sub(r"\s*간?\s*사고.*$", "", tail)
    return head.strip(), tail.strip()


#: a modifier that names one of these acts belongs to the party whose label does it (후방주시 is the
#: reversing party's duty, 기회전 the turner's); the book prints no A/B labels, only a title
NT_ACTS: dict[str, tuple[str, ...]] = {
    "후진": ("후진", "후방주시"),
    "좌회전": ("좌회전", "기회전"),
    "우회전": ("우회전",),
    "중앙선": ("중앙선",),
    "추월": ("추월", "앞지르기"),
    "주차": ("주차",),
    "출발": ("출발",),
}


def nt_acts(label: str) -> set[str]:
    # "후진로변경" (a later lane change) is no reversing
    return {act for act in NT_ACTS if re.search(act + ("(?!로변경)" if act == "후진" else ""), label)}


def nt_labels_by_modifiers(cid: str, head: str, tail: str, raw: list[RawMod], log: Log) -> tuple[str, str]:
    """The title's first-named party is A unless the modifiers say otherwise: a modifier naming an act that
    only the other party's label does is a vote for swapping, one naming its own party's act against."""
    acts = {"A": nt_acts(head), "B": nt_acts(tail)}
    votes = Counter()
    for m in raw:
        named = {act for act, words in NT_ACTS.items() if any(w in m.name for w in words)}
        own, other = acts.get(m.party, set()), acts["B" if m.party == "A" else "A"]
        for act in named:
            if act in own and act not in other:
                votes["keep"] += 1
            elif act in other and act not in own:
                votes["swap"] += 1
    if votes["swap"] >= 2 and not votes["keep"]:
        log.add(cid, "repair", f"A '{head}' / B '{tail}' (the title's order)", f"A '{tail}' / B '{head}'",
                f"{votes['swap']} modifiers name the other party's act (e.g. 후방주시 on the non-reversing party); "
                "the base then agrees with the 2023 twin")
        return tail, head
    return head, tail


def build_nontypical(src: Sources, log: Log) -> list[Chart]:
    charts = []
    for r in sorted(src.nt_rules, key=lambda r: r["rule_no"]):
        n = r["rule_no"]
        cid = f"비정형-{n}"
        title = clean_text(r["rule_title"])
        if r.get("party_a_ratio") is None or r.get("party_b_ratio") is None:
            raise SystemExit(f"{cid}: no base ratio")
        if r.get("parse_status") != "valid":
            log.add(
                cid,
                "missing",
                f"skn27 parse_status={r.get('parse_status')}",
                "imported as printed",
                "flag carried for review; values pass validation",
            )
        raw: list[RawMod] = []
        for f in src.nt_factors.get(f"no_{n:02d}", []):
            name = despace_garbage(clean_text(f["factor_name"]))
            if name != clean_text(f["factor_name"]):
                log.add(
                    cid,
                    "repair",
                    f"name spacing '{f['factor_name']}'",
                    name,
                    "PDF letter-spacing garbage (known defect)",
                )
            if not f["delta"].strip().lstrip("+-").isdigit():
                log.add(
                    cid,
                    "missing",
                    f"modifier {name} has no delta ({f['delta']!r})",
                    "not imported",
                    "null in the source",
                )
                continue
            raw.append(RawMod(f["target_party_key"], name, int(f["delta"]), None))
        # 'A 차량과 B 차량' — the first-named party is A, unless its modifiers are the other's
        head, tail = nt_labels_by_modifiers(cid, *nt_parties(title), raw, log)
        charts.append(
            Chart(
                id=cid,
                book="NONTYPICAL2020",
                category="비정형",
                title=title,
                section=" > ".join(x for x in (r.get("accident_group"), f"No.{n}") if x),
                parties={
                    "A": Party(label=head.strip() or "A", type=nt_party_type(head)),  # type: ignore[arg-type]
                    "B": Party(label=tail.strip() or "B", type=nt_party_type(tail)),  # type: ignore[arg-type]
                },
                variants=[
                    Variant(
                        key=DEFAULT_VARIANT, base=Ratio(A=int(r["party_a_ratio"]), B=int(r["party_b_ratio"]))
                    )
                ],
                modifiers=assign_ids(cid, raw, log),
                sources=[
                    Source(
                        file="skn27_nontypical_2020/rules.jsonl", id=r["rule_id"], page=r.get("page_start")
                    ),
                    Source(file="skn27_nontypical_2020/adjustment_factors.compact.tsv", id=f"no_{n:02d}"),
                ],
                summary=summary(head.strip(), tail.strip(), title),
            )
        )
    return charts


# ------------------------------------------------------------------------------------------
# Portal three-way-junction two-wheeler charts 372–374 (only category names in the portal)
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Derived:
    """A portal chart the portal lists by name only, rebuilt from the chart it adapts.

    `parts`: (source chart, source variant, new variant key); `add`: points added to the turning
    party's base, as the committee decision `case` says in the quoted `quote` (checked on import).
    """

    cid: str
    parts: tuple[tuple[str, str, str], ...]
    turning: str
    add: int
    case: str
    quote: str


DERIVED_PORTAL = (
    Derived("372", (("332", "기본", "가"), ("334", "기본", "나"), ("351", "가", "다"), ("351", "나", "라"),
                    ("351", "다", "마")), "B", 10, "2019-042984", "도표 332에서 회전차량의 과실을 10% 가산"),
    Derived("373", (("333", "기본", "기본"),), "A", 10, "2019-036119", "도표 333에서 회전차량의 과실을 10% 가산"),
    Derived("374", (("358", "기본", "기본"),), "A", 0, "2019-056152", "도표 358을 준용"),
)
PORTAL_SUBCASE_ALIASES = {"399-1": "399"}
_DERIVED_MISSING = {"375": "no source states its base ratio or the chart it adapts (the shared half of the "
                           "casebook has no decision on it); left out rather than guessed"}


def _tree_categories(nodes: list[dict], out: dict[str, str], parent: str = "") -> dict[str, str]:
    """Title of each numbered category node, prefixed by its parent's place ("삼거리(T자형) 교차로")."""
    for node in nodes:
        text = clean_text(node.get("text", ""))
        if node.get("type") == "category" and str(node.get("id", "")).isdigit():
            out[str(node["id"])] = f"{parent} {text}".strip()
        place = text.removesuffix(" 사고") if text.endswith("교차로 사고") else ""
        _tree_categories(node.get("children", []), out, place or parent)
    return out


def _casebook(ref: Path) -> dict[str, dict]:
    path = ref / "cases" / "committee_dev.jsonl"
    return {r["review_no"]: r for r in read_jsonl(path)} if path.is_file() else {}


def _situation_sentence(reason: str, cid: str) -> str:
    """The decision's own words "도표 N은 … 사고를 정하고 있는 도표로" (what the chart governs)."""
    m = re.search(rf"도표\s?{cid}[은는]\s?(.+?사고)\s?를\s?정하고", reason)
    return m.group(1) + "이다." if m else ""


def derive_portal(ref: Path, portal: list[Chart], log: Log) -> list[Chart]:
    """Charts 372–374: the portal names them (삼거리 two-wheeler charts) but publishes no content;
    committee decisions state how each adapts an existing portal chart."""
    raw = json.loads((ref / "knia" / "laika_portal_charts.json").read_text(encoding="utf-8"))
    titles: dict[str, str] = {}
    for name in ("tree1", "tree2", "tree3", "tree4"):
        _tree_categories(raw[name], titles)
    cases = _casebook(ref)
    by_id = {c.id: c for c in portal}
    out = []
    for d in DERIVED_PORTAL:
        reason = clean_text((cases.get(d.case) or {}).get("decision_reason"))
        if d.quote.replace(" ", "") not in reason.replace(" ", ""):
            log.add(d.cid, "missing", f"committee decision {d.case} not found or does not say {d.quote!r}",
                    "chart not built", "a derived chart needs its source text")
            continue
        variants, mods = [], []
        for src_id, src_var, key in d.parts:
            src_chart = by_id[src_id]
            base = src_chart.variant(src_var).base
            a = base.A + (d.add if d.turning == "A" else -d.add)
            cond = f"도표 {src_id}" + (f"({src_var})" if src_var != DEFAULT_VARIANT else "")
            cond += f" 준용, 회전차량 {d.add}% 가산" if d.add else " 준용"
            variants.append(Variant(key=key, condition=cond, base=Ratio(A=a, B=100 - a)))
            for m in src_chart.modifiers_for(src_var):
                mods.append(RawMod(m.party, m.name, m.delta, [key] if len(d.parts) > 1 else None, m.note))
        merged: dict[tuple, RawMod] = {}
        for m in mods:  # one row per (party, name, delta), valid for the union of its variants
            k = (m.party, normalize_name(m.name), m.delta)
            if k in merged and merged[k].variants is not None and m.variants is not None:
                merged[k] = RawMod(m.party, m.name, m.delta, sorted({*merged[k].variants, *m.variants}), m.note)
            else:
                merged.setdefault(k, m)
        first = by_id[d.parts[0][0]]
        title = titles.get(d.cid, f"도표 {d.cid}")
        situation = _situation_sentence(reason, d.cid)
        clash = [w for w in ("좌회전", "우회전") if w in title and w not in situation]
        if situation and clash:
            log.add(d.cid, "label", f"portal tree title {title!r} names {clash[0]}; decision {d.case} says the chart "
                    f"governs: {situation}", "tree title kept; situation and ratios from the decision",
                    "the decision is the text the committee applied")
        log.add(d.cid, "missing", "portal lists the chart by name only (no ratio, no text)",
                f"rebuilt from {', '.join(sorted({p[0] for p in d.parts}))} as decision {d.case} states "
                f"({d.quote})", "official committee text names the chart it adapts")
        out.append(
            Chart(
                id=d.cid,
                book="PORTAL",
                category=first.category,
                title=title,
                section="삼거리(T자형) 교차로 사고",
                situation=situation,
                base_explanation=f"분쟁심의위원회 심의결정 {d.case}: {d.quote}.",
                parties={"A": first.parties["A"], "B": first.parties["B"]},
                variants=variants,
                modifiers=assign_ids(d.cid, list(merged.values()), log),
                laws=first.laws,
                sources=[Source(file="laika_portal_charts.json", id=f"tree:{d.cid}"),
                         Source(file="cases/committee_dev.jsonl", id=d.case)],
                summary=summary(first.parties["A"].label, first.parties["B"].label, title),
            )
        )
    for cid, why in _DERIVED_MISSING.items():
        log.add(cid, "missing", "portal lists the chart by name only", "not built", why)
    return out


# ------------------------------------------------------------------------------------------
# orchestration
# ------------------------------------------------------------------------------------------
def legacy_map(src: Sources) -> dict[str, list[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for cid, t in src.team11_main.items():
        ids = [f"거43-{i}" for i in (1, 2, 3)] if cid == "거43" else [cid]
        for old in t.get("legacy_nos") or []:
            out[str(old)].update(ids)
    return {k: sorted(v, key=natural_key) for k, v in sorted(out.items(), key=lambda kv: natural_key(kv[0]))}


def build(ref: Path) -> tuple[dict[str, list[Chart]], dict[str, list[str]], Log]:
    log = Log()
    src = load_sources(ref, log)
    legacy = legacy_map(src)
    # Decisions cite the portal's roundabout chart by sub-case ("399-1"); the portal publishes one chart
    # 399 with cases (가)/(나), so the sub-case number is read as that chart.
    for alias, target in PORTAL_SUBCASE_ALIASES.items():
        legacy.setdefault(alias, [target])
        log.add(alias, "missing", f"decisions cite {alias}; the portal has no such id", f"legacy map {alias} → {target}",
                f"{target} publishes the sub-cases as variants (가)/(나)")
    main_ids = sorted((k for k in src.laika if not k[0].isdigit()), key=natural_key)
    portal_ids = sorted((k for k in src.laika if k[0].isdigit()), key=natural_key)
    if "거43" in src.team11_main:
        log.add(
            "거43-1,거43-2,거43-3",
            "repair",
            "team11 merges 거43-1/2/3 into one row '거43'",
            "three charts from laika; team11 laws/precedents/legacy shared; team11/skn27 variant 가/나/다 compared with 거43-1/2/3",
            "the book prints three charts (전용도로 / 전용차로 / 우선도로)",
        )
    for cid in sorted(src.skn11, key=natural_key):
        if cid not in src.laika:
            log.add(cid, "missing", "skn11 id not in the 2023 book", "ignored", "not a chart id")
    for cid in main_ids:
        if cid not in src.skn11:
            log.add(cid, "missing", "chart absent from skn11", "laika", "skn11 covers 107 차 / 38 보 / 52 거")
    books = {
        "MAIN2023": [build_laika_chart(cid, "MAIN2023", src, log, legacy) for cid in main_ids],
        "ROUND2025": build_round(src, log),
        "PM2021": build_pm(src, log),
        "NONTYPICAL2020": build_nontypical(src, log),
        "PORTAL": [build_laika_chart(cid, "PORTAL", src, log, legacy) for cid in portal_ids],
    }
    books["PORTAL"] = sorted(books["PORTAL"] + derive_portal(ref, books["PORTAL"], log), key=lambda c: natural_key(c.id))
    link_twins(books, log)
    link_near_same(books, fresh_signatures(books), log)
    return books, legacy, log


# ------------------------------------------------------------------------------------------
# twins: the same chart published in two books
# ------------------------------------------------------------------------------------------
#: manoeuvre words of a party's role; two books word the same role differently ("적색점멸 직진차량" /
#: "직진(적색점멸신호)"), so roles agree when each party's manoeuvre words overlap
ROLE_WORDS = ("직진", "좌회전", "우회전", "유턴", "후진", "진로변경", "차로변경", "추월", "출발", "주차", "횡단",
              "끼어들기", "정차")
#: (older book, current book) pairs compared for twins: the 2020 비정형 book was absorbed into the 2023 book
TWIN_BOOKS = (("NONTYPICAL2020", "MAIN2023"),)
#: near-misses listed per older chart without a twin (the most similar charts of the current book)
NEAR_MISSES = 2


@dataclass(frozen=True)
class TwinRow:
    """One line of the twin crosswalk: a pairing (`differs` empty) or a near-miss with its differing fields."""

    old: str
    new: str
    similarity: float
    differs: tuple[str, ...]
    note: str = ""


def role_words(label: str) -> frozenset[str]:
    key = normalize_name(label)
    return frozenset(w for w in ROLE_WORDS if w in key)


def twin_values(c: Chart) -> tuple[list[tuple[int, int]], Counter]:
    """What two twins share exactly: base ratio of every variant, and modifiers as (party, name, delta, variants)
    with the name canonical (the 2020 book prints 중과실 where the 2023 book prints 중대한 과실)."""
    bases = [(v.base.A, v.base.B) for v in c.variants]
    mods = Counter((m.party, canonical_name(m.name), m.delta, tuple(m.variants or ())) for m in c.modifiers)
    return bases, mods


def twin_differences(a: Chart, b: Chart) -> list[str]:
    """Fields in which `a` and `b` differ: roles (manoeuvre words of a party share nothing), base ratios,
    modifiers (each extra or missing (party, name, delta)); empty when they are the same chart."""
    out = []
    for k in ("A", "B"):
        wa, wb = role_words(a.parties[k].label), role_words(b.parties[k].label)
        if (wa or wb) and not (wa & wb):
            out.append(f"role {k} '{a.parties[k].label}' / '{b.parties[k].label}'")
    (ba, ma), (bb, mb) = twin_values(a), twin_values(b)
    if ba != bb:
        out.append(f"base {ba} / {bb}")
    if ma != mb:
        fmt = lambda c: ", ".join(f"{p}{n}{d:+d}" for p, n, d, _ in sorted(c.elements())) or "-"  # noqa: E731
        out.append(f"modifiers only {a.id}: {fmt(ma - mb)}; only {b.id}: {fmt(mb - ma)}")
    return out


def situation_similarity(a: Chart, b: Chart) -> float:
    """Jaccard of the character bigrams of title and roles: which of several value-identical charts
    describes the same situation (비정형-7 and 비정형-8 both equal 차4-2 and 차18-2 in values)."""
    def grams(c: Chart) -> set[str]:
        t = normalize_name(" ".join([c.title, c.parties["A"].label, c.parties["B"].label]))
        return {t[i : i + 2] for i in range(len(t) - 1)}

    x, y = grams(a), grams(b)
    return round(len(x & y) / len(x | y), 3) if x | y else 0.0


def pair_twins(old: list[Chart], new: list[Chart]) -> tuple[list[TwinRow], list[TwinRow]]:
    """(pairings, near-misses). A pairing: identical roles, base ratios and modifiers, and each is the
    other's most similar such chart (mutual best by `situation_similarity`), so no chart gets two twins."""
    equal = {(a.id, b.id): situation_similarity(a, b) for a in old for b in new if not twin_differences(a, b)}
    best_new = {a: max(((s, b) for (x, b), s in equal.items() if x == a), default=None) for a, _ in equal}
    best_old = {b: max(((s, a) for (a, y), s in equal.items() if y == b), default=None) for _, b in equal}
    pairs, near = [], []
    for (a, b), s in sorted(equal.items(), key=lambda kv: (natural_key(kv[0][0]), -kv[1])):
        if best_new[a] == (s, b) and best_old[b] == (s, a):
            pairs.append(TwinRow(a, b, s, ()))
        else:
            twin = best_new[a][1]
            near.append(TwinRow(a, b, s, ("situation",), f"same values; {twin} describes the situation closer"))
    paired = {r.old for r in pairs}
    for a in old:
        if a.id in paired:
            continue
        # closest first: fewest differing fields (roles / base / modifiers), then the most similar wording
        rows = [TwinRow(a.id, b.id, situation_similarity(a, b), tuple(twin_differences(a, b))) for b in new]
        near += sorted(rows, key=lambda r: (len({d.split()[0] for d in r.differs}), -r.similarity, natural_key(r.new)))[
            :NEAR_MISSES
        ]
    return pairs, near


def link_twins(books: dict[str, list[Chart]], log: Log) -> None:
    """Set `same_as` on both twins and `superseded_by` on the older book's one; log the crosswalk rows."""
    effective = {b.id: b.effective_date for b in BOOKS}
    for old_book, new_book in TWIN_BOOKS:
        if effective[old_book] >= effective[new_book]:
            raise SystemExit(f"twins: {old_book} must be older than {new_book}")
        pairs, near = pair_twins(books[old_book], books[new_book])
        charts = {c.id: c for c in books[old_book] + books[new_book]}
        for r in pairs:
            charts[r.old].same_as.append(r.new)
            charts[r.new].same_as.append(r.old)
            charts[r.old].superseded_by = r.new
        log.comparisons[f"twins {old_book}~{new_book}"] = len(books[old_book])
        log.twins += pairs + near


# ------------------------------------------------------------------------------------------
# near-same charts: the same situation in two books, base ratio or modifiers differ
# ------------------------------------------------------------------------------------------
#: (book, current book, rule) compared for near-same charts. "situation": each chart of the first book and
#: the chart of the second whose roles agree and whose wording is most alike (`situation_similarity`);
#: "maps_to": the portal's own crosswalk (`Chart.maps_to`), roles agreeing
NEAR_BOOKS = (
    ("NONTYPICAL2020", "MAIN2023", "situation"),
    ("ROUND2025", "MAIN2023", "situation"),
    ("PORTAL", "MAIN2023", "maps_to"),
)
#: places of one family: the books name a junction at different precision ("교차로" / "신호 없는 교차로" /
#: "이면도로"), so two of them do not set two situations apart
JUNCTIONS = frozenset({"intersection", "signal_intersection", "unsignal_intersection", "partial_signal_intersection",
                       "alley"})
#: places along a road: the portal's highway series maps onto 2023 charts for every road ("일반 도로 및
#: 고속도로"), and a road user leaving the road ("차도가 아닌 장소로") does so from one
ROADS = frozenset({"straight_road", "highway", "off_road"})
#: road users that the standard rates as vehicles of one kind (the portal's two-wheeler series is the car
#: chart with the roles' ratio changed): a type outside this set must be equal
VEHICLES = frozenset({"car", "two_wheeler", "bus", "truck", "unknown"})


#: why a pair with equal values is not near-same: it is the same chart (a twin, or a portal chart its 2023
#: chart replaces word for word), which `same_as` / `maps_to` already say
IDENTICAL = "identical values: the same chart, not near-same"


def fresh_signatures(books: dict[str, list[Chart]]) -> dict[str, Any]:
    """Signatures read from the charts just built (not the committed file, which names the previous data)."""
    from katalog.facts import extract_facts
    from katalog.matching.signatures import build_signature

    wanted = {b for pair in NEAR_BOOKS for b in pair[:2]}
    return {c.id: build_signature(c, extract_facts) for b in wanted for c in books[b]}


def _agree(x: Any, y: Any) -> bool:
    """One signature field: unknown on either side, or equal."""
    return x is None or y is None or x == y


def role_conflicts(x: Any, y: Any, swapped: bool) -> list[str]:
    """Where the roles of signatures `x` and `y` (`y` read with A and B exchanged when `swapped`) contradict
    each other: place family, road-user kind, manoeuvres (none in common), signal colour, road, side, who
    entered first, inside the roundabout, roundabout lane. Unknown on either side never contradicts."""
    out = []
    if not (_agree(x.place, y.place) or {x.place, y.place} <= JUNCTIONS or {x.place, y.place} <= ROADS):
        out.append(f"place {x.place}/{y.place}")
    for k, ok in (("A", "B"), ("B", "A")) if swapped else (("A", "A"), ("B", "B")):
        p, q = getattr(x, k), getattr(y, ok)
        if p.type != q.type and not {p.type, q.type} <= VEHICLES:
            out.append(f"{k}.type {p.type}/{q.type}")
        mp, mq = {p.movement, *p.alt_movements} - {None}, {q.movement, *q.alt_movements} - {None}
        if mp and mq and not mp & mq:
            out.append(f"{k}.movement {p.movement}/{q.movement}")
        sp, sq = {p.signal, *p.alt_signals} - {None}, {q.signal, *q.alt_signals} - {None}
        if sp and sq and not sp & sq:
            out.append(f"{k}.signal {p.signal}/{q.signal}")
        for f in ("road", "direction", "entered_first", "in_roundabout", "roundabout_lane"):
            if not _agree(getattr(p, f), getattr(q, f)):
                out.append(f"{k}.{f} {getattr(p, f)}/{getattr(q, f)}")
    return out


def _flip(party: str, swapped: bool) -> str:
    return {"A": "B", "B": "A"}[party] if swapped else party


def near_key(m: Modifier, flip: bool) -> tuple[str, str, int]:
    """(party, name, delta) compared across books: the name canonical, and 오른쪽/왼쪽 read as 우측/좌측
    (the 2020 book prints 우측통행 불이행 where the 2023 book prints 오른쪽 통행 불이행)."""
    name = canonical_name(m.name).replace("오른쪽", "우측").replace("왼쪽", "좌측")
    return _flip(m.party, flip), name, m.delta


def near_view(here: Chart, there: Chart, rule: str, swapped: bool) -> NearSame:
    """`there` as `here` names it: its base ratios and the modifiers only one of them prints, in `here`'s A/B."""
    def mods(c: Chart, flip: bool) -> Counter:
        return Counter(near_key(m, flip) for m in c.modifiers)

    def shown(c: Chart, flip: bool, keys: Counter) -> list[str]:
        out = []
        for m in c.modifiers:
            k = near_key(m, flip)
            if keys[k] > 0:
                keys[k] -= 1
                out.append(f"{k[0]} {m.name} {m.delta:+d}")
        return out

    mine, theirs = mods(here, False), mods(there, swapped)
    base = {v.key: Ratio(A=v.base.B, B=v.base.A) if swapped else v.base for v in there.variants}
    return NearSame(id=there.id, rule=rule, swapped=swapped, base=base,  # type: ignore[arg-type]
                    modifiers_only_here=shown(here, False, mine - theirs),
                    modifiers_only_there=shown(there, swapped, theirs - mine))


def near_differences(view: NearSame, here: Chart) -> tuple[str, ...]:
    """What sets a near-same pair apart, for the report: base ratios, then modifiers."""
    out = []
    mine = [(v.key, v.base.A, v.base.B) for v in here.variants]
    theirs = [(k, r.A, r.B) for k, r in view.base.items()]
    if [x[1:] for x in mine] != [x[1:] for x in theirs]:
        out.append("base " + ", ".join(f"{k} {a}:{b}" for k, a, b in mine) + " / "
                   + ", ".join(f"{k} {a}:{b}" for k, a, b in theirs))
    if view.modifiers_only_here or view.modifiers_only_there:
        out.append(f"modifiers only {here.id}: {', '.join(view.modifiers_only_here) or '-'}; "
                   f"only {view.id}: {', '.join(view.modifiers_only_there) or '-'}")
    return tuple(out)


def value_distance(a: Chart, b: Chart, swapped: bool) -> int:
    """How far `b`'s values are from `a`'s read in one orientation: modifiers only one prints, plus one per
    variant whose base ratio differs."""
    v = near_view(a, b, "situation", swapped)
    bases = sum(x.base != y for x, y in zip(a.variants, v.base.values(), strict=False))
    return len(v.modifiers_only_here) + len(v.modifiers_only_there) + bases + abs(len(a.variants) - len(v.base))


def orientation_note(a: Chart, b: Chart, swapped: bool) -> str:
    """A warning when the values agree far better (under half the differences) in the orientation the roles
    refuse: one book's role labels may be printed the other way round (the roles decide; the report names
    the pair). The portal's mirrored two-wheeler charts differ a little either way and are not named."""
    here, there = value_distance(a, b, swapped), value_distance(a, b, not swapped)
    if 2 * there < here:
        return (f"roles agree {'A to B' if swapped else 'A to A'} but the values agree better "
                f"{'A to A' if swapped else 'A to B'} ({there} differences against {here})")
    return ""


def orientation(x: Any, y: Any) -> tuple[bool, list[str]] | None:
    """(swapped, []) for the first orientation in which the roles agree (A to A first), else None."""
    for swapped in (False, True):
        if not role_conflicts(x, y, swapped):
            return swapped, []
    return None


def pair_near_same(old: list[Chart], new: list[Chart], sigs: dict[str, Any], rule: str) -> list[NearRow]:
    """Near-same pairs of two books, accepted (`why` empty) and rejected. Twins (`same_as`) are never paired;
    a pair whose values are identical is a twin's business and is left out too.

    "situation": for each chart of `old`, the most alike (`situation_similarity`) chart of `new` whose roles
    agree. "maps_to": every pair the older chart's `maps_to` names, roles agreeing."""
    news = {c.id: c for c in new}
    rows: list[NearRow] = []
    if rule == "situation":
        twinned = {t for a in old for t in a.same_as}
        olds = {c.id: c for c in old}
        for a in old:
            if a.same_as:
                continue  # superseded by its twin, which carries the relation
            ok = [(situation_similarity(a, b), b.id, o[0]) for b in new if b.id not in twinned
                  for o in [orientation(sigs[a.id], sigs[b.id])] if o is not None]
            if not ok:
                continue
            # the most alike compatible chart only: a newer book may split one older chart into several
            # (회전-12 and 회전-15 are both 차54-3), so a current chart may have several near-same charts
            s, b, swapped = max(ok, key=lambda t: (t[0], natural_key(t[1])))
            differs = near_differences(near_view(olds[a.id], news[b], rule, swapped), olds[a.id])
            rows.append(NearRow(a.id, b, rule, swapped, s, differs, "" if differs else IDENTICAL,
                                orientation_note(olds[a.id], news[b], swapped)))
        return rows
    for a in old:
        for target in a.maps_to:
            b = news.get(target)
            if b is None:
                continue
            s = situation_similarity(a, b)
            o = orientation(sigs[a.id], sigs[b.id])
            if o is None:
                conflicts = role_conflicts(sigs[a.id], sigs[b.id], False)
                rows.append(NearRow(a.id, b.id, rule, False, s, (), "roles contradict: " + "; ".join(conflicts)))
                continue
            differs = near_differences(near_view(a, b, rule, o[0]), a)
            rows.append(NearRow(a.id, b.id, rule, o[0], s, differs, "" if differs else IDENTICAL,
                                orientation_note(a, b, o[0])))
    return rows


def link_near_same(books: dict[str, list[Chart]], sigs: dict[str, Any], log: Log) -> None:
    """Set `near_same_as` on both charts of every accepted pair; log every pair, accepted or not."""
    charts = {c.id: c for cs in books.values() for c in cs}
    for old_book, new_book, rule in NEAR_BOOKS:
        rows = pair_near_same(books[old_book], books[new_book], sigs, rule)
        for r in rows:
            if r.why:
                continue
            if r.note:
                log.add(f"{r.a},{r.b}", "label", f"near-same {r.a} ~ {r.b}: {r.note}",
                        f"near-same, {'A to B' if r.swapped else 'A to A'} (by the roles)",
                        "the roles name the situation; check the older book's role labels")
            a, b = charts[r.a], charts[r.b]
            a.near_same_as.append(near_view(a, b, rule, r.swapped))
            b.near_same_as.append(near_view(b, a, rule, r.swapped))
        log.comparisons[f"near-same {old_book}~{new_book} ({rule})"] = len(books[old_book])
        log.near += rows


def dump_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def write(books: dict[str, list[Chart]], legacy: dict[str, list[str]], out: Path) -> StandardManifest:
    (out / "charts").mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for book_id in sorted(books):
        text = dump_json([c.model_dump(mode="json") for c in books[book_id]])
        (out / "charts" / f"{book_id}.json").write_text(text, encoding="utf-8")
        digest.update(book_id.encode() + b"\0" + text.encode("utf-8"))
    legacy_text = dump_json(legacy)
    (out / "legacy_map.json").write_text(legacy_text, encoding="utf-8")
    digest.update(b"legacy_map\0" + legacy_text.encode("utf-8"))
    content_hash = digest.hexdigest()
    counts = {b.id: len(books[b.id]) for b in BOOKS}
    counts["total"] = sum(counts.values())
    manifest = StandardManifest(
        version=f"{DATA_VERSION}+{content_hash[:12]}",
        books=BOOKS,
        counts=counts,
        content_hash=content_hash,
    )
    (out / "manifest.json").write_text(dump_json(manifest.model_dump(mode="json")), encoding="utf-8")
    return manifest


def write_report(log: Log, books: dict[str, list[Chart]], manifest: StandardManifest, path: Path) -> None:
    by_kind = Counter(i.kind for i in log.issues)
    lines = [
        "# Data quality of the imported standard",
        "",
        "Generated by `python tools/import_standard.py`; do not edit by hand.",
        f"Standard data version `{manifest.version}`.",
        "",
        "## Counts",
        "",
        "| book | charts |",
        "|---|---|",
        *[f"| {b} | {n} |" for b, n in manifest.counts.items()],
        "",
        "## Source pairs compared",
        "",
        "| comparison | charts compared |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in sorted(log.comparisons.items())],
        "",
        "## Disagreements and repairs by kind",
        "",
        "Every entry below was resolved: the *kept* column is what `data/standard/` holds.",
        "",
        "| kind | meaning | entries |",
        "|---|---|---|",
    ]
    meaning = {
        "ratio": "base ratio differs between sources",
        "variant": "variant keys or variant ratios differ",
        "modifier_delta": "same modifier, different delta",
        "modifier_set": "modifier lists differ (extra / missing rows)",
        "missing": "a field is absent, null or a placeholder in a source",
        "repair": "a known source defect repaired on import",
        "label": "label/column inconsistency or exceptional value",
    }
    for kind in ("ratio", "variant", "modifier_delta", "modifier_set", "missing", "repair", "label"):
        lines.append(f"| {kind} | {meaning[kind]} | {by_kind.get(kind, 0)} |")
    lines += [f"| **total** | | **{len(log.issues)}** |", ""]
    lines += twin_section(log.twins)
    lines += near_section(log.near)
    lines += ["## Every entry", ""]
    lines += ["| # | chart | kind | disagreement | kept | why |", "|---|---|---|---|---|---|"]
    order = {
        k: i
        for i, k in enumerate(
            ("ratio", "variant", "modifier_delta", "modifier_set", "label", "repair", "missing")
        )
    }
    issues = sorted(log.issues, key=lambda i: (order[i.kind], natural_key(i.chart.split(",")[0])))
    for n, i in enumerate(issues, 1):
        cells = [str(n), i.chart, i.kind, i.detail, i.kept, i.why]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def twin_section(rows: list[TwinRow]) -> list[str]:
    """The twin crosswalk of the report: every pairing, then every near-miss with the fields that differ."""
    fmt = lambda r: "; ".join(r.differs) + (f" ({r.note})" if r.note else "")  # noqa: E731
    pairs = [r for r in rows if not r.differs]
    near = [r for r in rows if r.differs]
    return [
        "## Same chart in two books (twins)",
        "",
        "A 2020 비정형 chart and a 2023 chart are the same chart when each party's manoeuvre words overlap",
        "(`ROLE_WORDS`), every variant's base ratio is equal and the modifiers are equal as (party, canonical",
        "name, delta, variants); of several such charts the one whose title and roles are most alike",
        "(character-bigram Jaccard, mutual best) is the twin. Both get `same_as`; the older one gets",
        "`superseded_by` and is never proposed (the engine answers the 2023 chart and names the 2020 one).",
        "",
        "| 2020 chart | 2023 chart | similarity |",
        "|---|---|---|",
        *[f"| {r.old} | {r.new} | {r.similarity} |" for r in pairs],
        "",
        "Near-misses (not twins): value-identical charts of another situation, and for each 2020 chart",
        "without a twin the 2023 charts that differ in the fewest fields (then the most similar wording).",
        "",
        "| 2020 chart | 2023 chart | similarity | differs in |",
        "|---|---|---|---|",
        *[f"| {r.old} | {r.new} | {r.similarity} | {fmt(r).replace('|', '/')} |" for r in near],
        "",
    ]


def near_section(rows: list[NearRow]) -> list[str]:
    """The near-same crosswalk of the report: every pair proposed, with what differs or why it was left out."""
    cell = lambda t: t.replace("|", "/")  # noqa: E731
    ok = [r for r in rows if not r.why]
    no = [r for r in rows if r.why]
    return [
        "## Same situation in two books, values differ (near-same)",
        "",
        "Two charts of different books are near-same when their signatures' roles agree (`role_conflicts`: place",
        "family, road-user kind, a common manoeuvre, signal colour, road, side, who entered first, roundabout;",
        "unknown never contradicts), A to A or A to B (*swapped*), and base ratio or modifiers differ. Rule",
        "*situation*: each 2020 비정형 / 2025 회전교차로 chart and its most alike such 2023 chart (character-bigram",
        "Jaccard of title and roles). Rule *maps_to*: the portal's own crosswalk. Twins are never near-same. Both",
        "charts get `near_same_as` with the other's base ratio and the modifiers only one prints, in their own A/B;",
        "the engine never ranks by it, the assessment shows it (비슷한 도표).",
        "",
        "| chart | other book's chart | rule | swapped | similarity | differs in |",
        "|---|---|---|---|---|---|",
        *[f"| {r.a} | {r.b} | {r.rule} | {'yes' if r.swapped else ''} | {r.similarity} | {cell('; '.join(r.differs))} |"
          for r in ok],
        "",
        "Proposed and left out:",
        "",
        "| chart | other book's chart | rule | similarity | why |",
        "|---|---|---|---|---|",
        *[f"| {r.a} | {r.b} | {r.rule} | {r.similarity} | {cell(r.why)} |" for r in no],
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="shared/reference folder")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "standard")
    ap.add_argument("--report", type=Path, default=ROOT / "docs" / "data_quality.md")
    args = ap.parse_args(argv)
    books, legacy, log = build(args.reference)
    manifest = write(books, legacy, args.out)
    write_report(log, books, manifest, args.report)
    print(
        json.dumps(
            {"version": manifest.version, "counts": manifest.counts, "issues": len(log.issues)},
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
