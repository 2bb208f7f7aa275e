"""Deterministic fault-ratio arithmetic on one chart: base ratio → modifiers → final ratio.

Pure functions; every number comes from the loaded chart data. Rules (the standard's general notes
on 수정요소):

1. A modifier adds `delta` points to its party's fault and takes the same from the other party.
2. The same modifier is counted once per party (a repeat is recorded as skipped).
3. For one party, 현저한 과실 and 중대한 과실 are not cumulative: the larger one counts, the other
   is recorded as skipped ("차의 현저한/중대한 과실" on pedestrian charts form their own pair).
4. 어린이·노인·장애인 and …보호구역 of one party are not cumulative either (the book prints them
   in one dotted box: only the larger counts).
5. The final ratio is clamped to 0…100 and always sums to 100 (`clamped` says it happened).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from katalog.errors import UnknownModifierError, UnknownVariantError
from katalog.models import AppliedDelta, Calculation
from katalog.standard.loader import Standard, load_standard
from katalog.standard.names import canonical_name
from katalog.standard.schema import Chart, Modifier, Ratio

__all__ = ["compute", "resolve_variant", "resolve_modifier", "format_formula", "severity", "exclusive_group"]

_PREFIX = re.compile(r"^\s*([ABab])(?:\s*[-:：.]\s*|\s+)(.+)$")
_SEVERE = {"현저한과실": "현저", "중대한과실": "중대"}


def _chart(chart: str | Chart, standard: Standard | None) -> Chart:
    if isinstance(chart, Chart):
        return chart
    return (standard or load_standard()).get(chart)


def resolve_variant(chart: Chart, variant: str | None) -> str:
    """The variant key ('가', '기본' …); None means the chart's first variant."""
    if variant is None or not str(variant).strip():
        return chart.variants[0].key
    key = str(variant).strip().strip("()（）")
    for v in chart.variants:
        if v.key == key or (v.label and canonical_name(v.label) == canonical_name(key)):
            return v.key
    raise UnknownVariantError(
        f"도표 {chart.id}에 '{variant}' 유형이 없습니다",
        f"chart {chart.id} has no variant {variant!r}; variants",
        hints=[f"{v.key}" + (f"({v.label})" if v.label else "") + f" {v.base}" for v in chart.variants],
    )


def _describe(m: Modifier) -> str:
    return f"{m.party} {m.name} {m.delta:+d} [{m.id}]"


def resolve_modifier(chart: Chart, text: str, variant: str | None = None) -> Modifier:
    """Find a modifier of `chart` (valid for `variant`) by id or by '[A|B] name'.

    Name matching ignores spacing, punctuation and spelling variants (중과실 = 중대한 과실); a name
    that fits both parties needs the party prefix.
    """
    vkey = resolve_variant(chart, variant)
    valid = chart.modifiers_for(vkey)
    raw = str(text).strip()

    def fail(ko: str, en: str) -> UnknownModifierError:
        return UnknownModifierError(ko, en, hints=[_describe(m) for m in valid] or ["(수정요소 없음 / none)"])

    # 1. by id
    for m in chart.modifiers:
        if m.id.lower() == raw.lower():
            if m in valid:
                return m
            raise fail(
                f"수정요소 {m.id}는 도표 {chart.id} ({vkey})에 적용되지 않습니다",
                f"modifier {m.id} does not apply to variant {vkey} of {chart.id}; valid",
            )
    # 2. by [party] name
    party: str | None = None
    name = raw
    mm = _PREFIX.match(raw)
    if mm:
        party, name = mm.group(1).upper(), mm.group(2)
    key = canonical_name(name)
    if not key:
        raise fail(f"빈 수정요소 이름: {text!r}", f"empty modifier name {text!r}; valid")
    pool = [m for m in valid if party is None or m.party == party]
    hits = [m for m in pool if canonical_name(m.name) == key]
    if not hits:  # a unique partial name ("보호구역") is accepted too
        hits = [m for m in pool if key in canonical_name(m.name)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        if len({m.party for m in hits}) > 1:
            raise fail(
                f"수정요소 '{text}'가 A/B 모두에 있습니다 — 'A {name}' 또는 'B {name}'로 지정하세요",
                f"modifier {text!r} exists for both parties of {chart.id}; prefix A or B. valid",
            )
        raise fail(
            f"수정요소 '{text}'가 여러 개와 일치합니다 — id로 지정하세요",
            f"modifier {text!r} matches several modifiers of {chart.id}; use an id. valid",
        )
    where = f"{party} 측 " if party else ""
    in_chart = [
        m for m in chart.modifiers if canonical_name(m.name) == key and (party is None or m.party == party)
    ]
    if in_chart:
        raise fail(
            f"수정요소 '{text}'는 도표 {chart.id}의 {vkey} 유형에 적용되지 않습니다",
            f"modifier {text!r} does not apply to variant {vkey} of {chart.id}; valid",
        )
    raise fail(
        f"도표 {chart.id}에 {where}수정요소 '{name}'가 없습니다",
        f"no modifier {text!r} in chart {chart.id}; valid",
    )


def severity(m: Modifier) -> tuple[str, str] | None:
    """('현저'|'중대', actor) for the general negligence modifiers, else None.

    `actor` is what precedes the term ('' for the party itself, '차의' on pedestrian charts), so
    '차의 현저한 과실' and '차의 중대한 과실' form one non-cumulative pair.
    """
    key = canonical_name(m.name)
    for term, level in _SEVERE.items():
        if key.endswith(term):
            return level, key[: -len(term)]
    return None


def exclusive_group(m: Modifier) -> tuple[str, str, str] | None:
    """Key of the group of modifiers of which only the largest counts, or None.

    - 현저한 과실 / 중대한 과실 of one party (and actor);
    - 어린이·노인·장애인 / … 보호구역 of one party: the pedestrian charts print them in one
      dotted box, "점선을 기준으로 1개만 적용하며, 중복되는 경우에는 수치가 큰 항목을 적용한다" (보1, 보2 notes).
    """
    sev = severity(m)
    if sev:
        return ("severity", m.party, sev[1])
    key = canonical_name(m.name)
    if any(w in key for w in ("어린이", "노인", "장애인")):
        return ("vulnerable", m.party, "")
    return None


def _apply_rules(chosen: list[Modifier]) -> list[AppliedDelta]:
    applied: list[AppliedDelta] = []
    seen: set[str] = set()
    best: dict[tuple[str, str, str], Modifier] = {}
    for m in chosen:
        g = exclusive_group(m)
        if g and (g not in best or abs(m.delta) > abs(best[g].delta)):
            best[g] = m
    for m in chosen:
        skipped = None
        g = exclusive_group(m)
        if m.id in seen:
            skipped = "같은 수정요소는 한 번만 적용 / the same modifier counts once"
        elif g and best[g].id != m.id:
            winner = best[g]
            what = "현저·중대 과실은" if g[0] == "severity" else "어린이·노인·장애인 항목은"
            skipped = (
                f"같은 당사자의 {winner.name}({winner.delta:+d})만 적용 — {what} 중복 적용하지 않음 / "
                f"not cumulative with {winner.name}; the larger counts"
            )
        seen.add(m.id)
        applied.append(
            AppliedDelta(modifier_id=m.id, party=m.party, name=m.name, delta=m.delta, skipped=skipped)
        )
    return applied


def format_formula(base: Ratio, applied: Iterable[AppliedDelta], final: Ratio, clamped: bool = False) -> str:
    """'기본 A30:B70 → B 서행불이행 +10 → A20:B80' (+ skipped items and the clamp note)."""
    applied = list(applied)
    parts = [f"기본 {base}"]
    parts += [f"{a.party} {a.name} {a.delta:+d}" for a in applied if a.skipped is None]
    text = " → ".join([*parts, str(final)])
    if clamped:
        text += " (0~100 범위로 조정)"
    skipped = [a for a in applied if a.skipped]
    if skipped:
        text += (
            " [제외: "
            + "; ".join(f"{a.party} {a.name} {a.delta:+d} — {a.skipped.split(' / ')[0]}" for a in skipped)
            + "]"
        )
    return text


def compute(
    chart: str | Chart,
    variant: str | None = None,
    modifiers: Iterable[str] = (),
    standard: Standard | None = None,
) -> Calculation:
    """Base ratio of `chart`/`variant`, the chosen modifiers applied, the final ratio and formula.

    Raises UnknownChartError / UnknownVariantError / UnknownModifierError (KatalogError) on bad input.
    """
    ch = _chart(chart, standard)
    vkey = resolve_variant(ch, variant)
    base = ch.variant(vkey).base
    chosen = [resolve_modifier(ch, text, vkey) for text in modifiers]
    applied = _apply_rules(chosen)
    a = base.A
    for d in applied:
        if d.skipped is None:
            a += d.delta if d.party == "A" else -d.delta
    clamped = not 0 <= a <= 100
    a = min(100, max(0, a))
    final = Ratio(A=a, B=100 - a)
    return Calculation(
        chart_id=ch.id,
        variant=vkey,
        base=base,
        applied=applied,
        final=final,
        clamped=clamped,
        formula=format_formula(base, applied, final, clamped),
    )
