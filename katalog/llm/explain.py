"""Grounded explanations: an LLM paragraph filtered against the retrieved context, or a template.

`explain()` asks the backend for a short Korean paragraph and checks it before anyone sees it:
control characters, terminal escapes, markup and links are removed (`sanitize_llm_text`); if it
states any split, percentage or "N 대 M" the calculator did not produce — party names included —
the whole paragraph is replaced by the template (`number_claims`); sentences citing a chart id,
law article or case number absent from the retrieved context are removed. Any failure falls back
to `explain_template()`, the deterministic prose used by the rules-only engine.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from katalog.llm.errors import LLMError
from katalog.models import Assessment, Citation
from katalog.vocab import load

if TYPE_CHECKING:
    from katalog.llm.base import LLMBackend

log = logging.getLogger("katalog.llm")

PROMPT_NAME = "explain"

_T = load("text_checks")

CHART_RE = _T.regex("chart_citation")
LAW_RE = _T.regex("law_article")
CASE_RE = _T.regex("case_number")
_SENTENCE_RE = re.compile(r"(?<=[.!?。])\s+|\n+")


# --------------------------------------------------------------------------------------------
# Citation filtering
# --------------------------------------------------------------------------------------------
def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def citation_tokens(text: str) -> list[tuple[str, str]]:
    """(kind, normalized token) for every chart id, law article and case number in `text`."""
    found = [("chart", m.group()) for m in CHART_RE.finditer(text)]
    found += [("law", _norm(m.group())) for m in LAW_RE.finditer(text)]
    found += [("case", m.group()) for m in CASE_RE.finditer(text)]
    return found


def allowed_citations(context_docs: Any, assessment: Assessment | None = None) -> set[str]:
    """Normalized citation tokens present in the retrieved context (ids, titles) and the assessment."""
    texts: list[str] = []
    for doc in context_docs or []:
        d = doc.model_dump() if hasattr(doc, "model_dump") else (doc if isinstance(doc, dict) else {"id": str(doc)})
        texts += [str(d.get("id") or ""), str(d.get("title") or "")]
    if assessment is not None:
        texts.append(assessment.chart_id or "")
        texts += [c.id for c in assessment.citations]
    allowed = {_norm(t) for t in texts if t}
    for t in texts:
        allowed.update(tok for _, tok in citation_tokens(t))
    return allowed


def _is_allowed(kind: str, token: str, allowed: set[str]) -> bool:
    if token in allowed:
        return True
    if kind == "law":  # '도로교통법 제25조 제1항' is grounded by '도로교통법 제25조' and vice versa
        return any(a.startswith(token) or token.startswith(a) for a in allowed if "법" in a)
    return False


def filter_citations(text: str, allowed: set[str]) -> tuple[str, list[str]]:
    """Drop sentences citing ids outside `allowed`; returns (text, removed ids)."""
    kept: list[str] = []
    removed: list[str] = []
    for sentence in _SENTENCE_RE.split(text):
        if not sentence.strip():
            continue
        bad = [tok for kind, tok in citation_tokens(sentence) if not _is_allowed(kind, tok, allowed)]
        if bad:
            removed += bad
            continue
        kept.append(sentence.strip())
    return " ".join(kept), removed


def _ratio_pairs(a: Assessment) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for d in (a.base, a.final):
        if d and len(d) == 2:
            x, y = list(d.values())
            pairs |= {(x, y), (y, x)}
    if a.calculation is not None:
        for r in (a.calculation.base, a.calculation.final):
            pairs |= {(r.A, r.B), (r.B, r.A)}
    return pairs


# Any two numbers 0-100 joined as a split ("30:70", "30 대 70", "제 차 0 : 상대 차량 100" …), and a
# percentage or percentage points ("0%로", "+10%p" …): data/vocab/text_checks.yaml.
PAIR_RE = _T.regex("stated_split")
PCT_RE = _T.regex("stated_percent")
_NAME_WINDOW = 16


def _party_values(a: Assessment) -> tuple[dict[str, set[int]], list[dict[str, int]]]:
    """Per party name (and chart letter A/B): every share the calculator produced for it; and the splits."""
    splits = [d for d in (a.base, a.final) if d and len(d) == 2]
    if a.calculation is not None and a.mapping is not None:
        for r in (a.calculation.base, a.calculation.final):
            splits.append({a.mapping.A: r.A, a.mapping.B: r.B})
    values: dict[str, set[int]] = {}
    for d in splits:
        for name, v in d.items():
            values.setdefault(name, set()).add(int(v))
    if a.what_if is not None:
        for d in (a.what_if.low, a.what_if.high):
            for name, v in d.items():
                values.setdefault(name, set()).update({int(v)})
                others = [n for n in values if n != name]
                if len(others) == 1:  # the other party's share in that scenario
                    values.setdefault(others[0], set()).add(100 - int(v))
    if a.mapping is not None:  # "A 30 : B 70" names the chart's letters
        for letter, name in (("A", a.mapping.A), ("B", a.mapping.B)):
            if name in values:
                values[letter] = values[name]
        splits += [{"A": d[a.mapping.A], "B": d[a.mapping.B]} for d in list(splits)
                   if a.mapping.A in d and a.mapping.B in d]
    return values, splits


def _name_before(text: str, pos: int, names: list[str]) -> str | None:
    """The party name that ends closest before `pos` (within a few characters and no digit between)."""
    window = text[max(0, pos - _NAME_WINDOW) : pos]
    best, best_end = None, -1
    for name in names:
        if len(name) == 1:  # a chart letter: standalone only
            ends = [m.end() for m in re.finditer(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", window)]
        else:
            ends = [m.end() for m in re.finditer(re.escape(name), window)]
        for end in ends:
            if not re.search(r"\d", window[end:]) and end > best_end:
                best, best_end = name, end
    return best


def number_claims(text: str, a: Assessment) -> list[str]:
    """Every split or percentage in `text` that the calculator did not produce ([] = all grounded).

    Unnamed splits must be one of the computed splits (either order); a split or share next to a
    party name must be that party's; percentage points and signed numbers must be a modifier's delta;
    other percentages must be a computed share, a modifier delta, the what-if range or the confidence.
    """
    text = unicodedata.normalize("NFKC", text)
    values, splits = _party_values(a)
    names = sorted(values, key=len, reverse=True)
    pairs = _ratio_pairs(a) | {(x, 100 - x) for vs in values.values() for x in vs if 0 <= x <= 100}
    pairs &= {(x, y) for x, y in pairs if x + y == 100}
    deltas = {abs(m.delta) for m in [*a.applied, *a.possible]}
    shares = set().union(*values.values()) if values else set()
    conf = {round(a.confidence * 100)} if a.confidence else set()
    bad: list[str] = []
    covered: list[tuple[int, int]] = []
    for m in PAIR_RE.finditer(text):
        x, y = int(m.group(1)), int(m.group(3))
        if x + y != 100:
            continue
        covered.append(m.span())
        first = _name_before(text, m.start(1), names)
        between = m.group(2)
        second = next((n for n in names if n in between), None)
        if first is not None or second is not None:
            ok = any(
                (first is None or d.get(first) == x) and (second is None or d.get(second) == y)
                for d in splits
                if (first is None or first in d) and (second is None or second in d)
            )
            if first is not None and second is not None and first == second:
                ok = False
        else:
            ok = (x, y) in pairs
        if not ok:
            bad.append(m.group().strip())
    for m in PCT_RE.finditer(text):
        if any(lo <= m.start() < hi for lo, hi in covered):
            continue
        sign, raw, unit = m.group(1), m.group(2), m.group(3).replace(" ", "")
        value = float(raw)
        if value != int(value):
            bad.append(m.group().strip())
            continue
        v = int(value)
        if unit in ("%p", "%포인트", "퍼센트포인트") or sign:
            ok = v in deltas
        else:
            who = _name_before(text, m.start(), names)
            ok = v in values.get(who, set()) if who is not None else v in shares | deltas | conf
        if not ok:
            bad.append(m.group().strip())
    return bad


# --------------------------------------------------------------------------------------------
# Making model text safe to show
# --------------------------------------------------------------------------------------------
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,200})\]\([^)\n]*\)")
_URL = re.compile(
    r"(?i)(?:(?<![a-z])(?:https?|ftp|file|javascript|data|mailto|vbscript):|(?<![a-z])www\.)[^\s<>\"'`)\]]*"
)
_HTML = re.compile(r"</?[A-Za-z!][^<>]{0,300}>")
_RICH = re.compile(r"\[/?[A-Za-z@#][^\[\]\n]{0,80}\]|\[/\]")
_MD_MARK = re.compile(r"\*\*|__|~~|`+|^\s{0,3}#{1,6}\s+|^\s{0,3}>\s?", re.MULTILINE)


def sanitize_llm_text(text: str) -> str:
    """Model output as plain text: escape sequences and control characters, HTML tags, markdown and rich
    markup, links and bare URLs removed (link text kept); whitespace collapsed."""
    from katalog.textsafe import clean_text

    text = clean_text(text, keep_newlines=True)
    text = _MD_LINK.sub(r"\1", text)
    text = _HTML.sub("", text)
    text = _URL.sub("", text)
    text = _RICH.sub("", text)
    text = _MD_MARK.sub("", text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


# --------------------------------------------------------------------------------------------
# Deterministic template (rules-only path)
# --------------------------------------------------------------------------------------------
def _has_batchim(word: str) -> bool:
    last = word.rstrip(" )]」』\"'")[-1:] if word else ""
    if not last:
        return False
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    return last in "013678"  # 영 일 삼 육 칠 팔


def josa(word: str, pair: str) -> str:
    """`word` + the right particle for `pair` in '이/가', '을/를', '은/는', '과/와', '으로/로'."""
    with_b, without_b = pair.split("/")
    if pair == "으로/로":
        last = word[-1:] if word else ""
        rieul = "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 == 8
        return word + (without_b if (not _has_batchim(word) or rieul) else with_b)
    return word + (with_b if _has_batchim(word) else without_b)


def _split(d: dict[str, int] | None, parties: list[str]) -> str:
    if not d:
        return ""
    names = [p for p in parties if p in d] or list(d)
    return " : ".join(f"{n} {d[n]}" for n in names)


def explain_template(assessment: Assessment | dict) -> str:
    """Korean prose built only from the assessment's fields (no LLM)."""
    a = assessment if isinstance(assessment, Assessment) else Assessment.model_validate(assessment)
    if a.status == "error":
        return f"분석 중 오류가 발생해 과실비율을 판단하지 못했습니다. ({a.error or '원인 미상'})"
    if a.status == "abstained" or not a.answered:
        reason = a.abstention.message if a.abstention else "판단에 필요한 사실관계가 부족합니다."
        out = [f"이 설명만으로는 과실비율을 판단하지 않았습니다. {reason}"]
        if a.questions:
            out.append("다음 사항을 알려주시면 다시 판단할 수 있습니다: " + " ".join(q.text for q in a.questions[:3]))
        return " ".join(out)

    out: list[str] = []
    title = f"「{a.chart_title}」" if a.chart_title else ""
    conf = f" (신뢰도 {round(a.confidence * 100)}%)" if a.confidence else ""
    out.append(f"이 사고는 과실비율 인정기준 도표 {a.chart_id}{title}에 해당하는 것으로 판단했습니다{conf}.")
    if a.mapping:
        reason = f" {a.mapping.reason.rstrip('.')}." if a.mapping.reason else ""
        out.append(f"{josa(a.mapping.A, '을/를')} 도표의 A, {josa(a.mapping.B, '을/를')} 도표의 B로 보았습니다.{reason}")
    if a.variant and a.variant != "기본":
        out.append(f"사고 상황은 도표의 ({a.variant}) 경우에 해당합니다.")
    if a.base:
        out.append(f"기본 과실비율은 {_split(a.base, a.parties)}입니다.")
    if a.applied:
        items = []
        for m in a.applied:
            ev = f", 근거: “{m.evidence}”" if m.evidence else ""
            items.append(f"{m.party_name}의 {m.name}({m.delta:+d}{ev})")
        # The particle follows the word before the parenthesis (the last modifier's name).
        particle = josa(a.applied[-1].name, "을/를")[len(a.applied[-1].name) :]
        out.append("설명에서 확인된 수정요소로 " + ", ".join(items) + f"{particle} 적용했습니다.")
    else:
        out.append("설명에서 확인된 수정요소는 없어 기본 과실비율을 그대로 적용했습니다.")
    if a.calculation is not None and a.calculation.formula:
        out.append(f"계산식: {a.calculation.formula}.")
        if a.calculation.clamped:
            out.append("계산 결과가 0~100 범위를 벗어나 범위 안으로 조정했습니다.")
    out.append(f"따라서 최종 과실비율은 {_split(a.final, a.parties)}입니다.")
    if a.possible:
        names = ", ".join(f"{p.party_name}의 {p.name}({p.delta:+d})" for p in a.possible[:4])
        out.append(f"다만 {names} 등이 확인되면 비율이 달라질 수 있습니다.")
    if a.what_if and a.parties:
        first = a.parties[0]
        lo, hi = a.what_if.low.get(first), a.what_if.high.get(first)
        if lo is not None and hi is not None and lo != hi:
            out.append(f"미확인 요소를 반영하면 {first}의 과실은 {lo}~{hi}% 범위입니다.")
    if a.questions:
        out.append(f"추가 확인 질문: {a.questions[0].text}")
    def shown(c: Citation) -> str:  # 'precedent:2018나47693' → '2018나47693'
        return c.id.split(":", 1)[1] if c.id.startswith(f"{c.kind}:") else c.id

    laws = [shown(c) for c in a.citations if c.kind == "law"][:3]
    precedents = [shown(c) for c in a.citations if c.kind == "precedent"][:3]
    committee = [shown(c) for c in a.citations if c.kind == "committee"][:2]
    grounds = ([f"도표 {a.chart_id}"] if a.chart_id else []) + laws
    if precedents:
        grounds.append("판례 " + ", ".join(precedents))
    if committee:
        grounds.append("심의사례 " + ", ".join(committee))
    if len(grounds) > 1:
        out.append("근거: " + ", ".join(grounds) + ".")
    return " ".join(out)


# --------------------------------------------------------------------------------------------
# LLM explanation
# --------------------------------------------------------------------------------------------
def _context_text(context_docs: Any) -> str:
    lines = []
    for doc in context_docs or []:
        d = doc.model_dump() if hasattr(doc, "model_dump") else (doc if isinstance(doc, dict) else {"id": str(doc)})
        text = " ".join(str(d.get("text") or "").split())[:300]
        lines.append(f"[{d.get('id', '')}] {d.get('title', '')}: {text}".strip())
    return "\n".join(lines)[:2500] or "(없음)"


def explain(
    backend: LLMBackend | None,
    assessment: Assessment | dict,
    context_docs: Any = None,
    *,
    timeout_s: float = 30.0,
    max_tokens: int = 320,
) -> tuple[str, list[str]]:
    """(explanation, warnings). Never raises; without a backend, or on any failure, the template."""
    try:
        return _explain(backend, assessment, context_docs, timeout_s=timeout_s, max_tokens=max_tokens)
    except Exception as exc:  # an explanation must never break an assessment
        log.exception("explain() failed")
        msg = f"설명 생성 중 내부 오류 / internal error while explaining: {type(exc).__name__}"
        try:
            return explain_template(assessment), [msg]
        except Exception:
            return "", [msg]


def _explain(
    backend: LLMBackend | None, assessment: Assessment | dict, context_docs: Any, *, timeout_s: float, max_tokens: int
) -> tuple[str, list[str]]:
    a = assessment if isinstance(assessment, Assessment) else Assessment.model_validate(assessment)
    template = explain_template(a)
    if backend is None or not a.answered:
        return template, []
    # the LLM's modules are read only when an LLM explains (the rules-only template needs neither)
    from katalog.llm.prompts import load_prompt
    from katalog.llm.proposal import call_with_deadline

    warnings: list[str] = []
    prompt = load_prompt(PROMPT_NAME).render(assessment=template, context=_context_text(context_docs))
    try:
        raw = call_with_deadline(backend, prompt, timeout_s, max_tokens=max_tokens, temperature=0.0)
    except LLMError as exc:
        msg = f"LLM 설명 대신 기본 설명 사용: {exc.ko} / template explanation used: {exc.en}"
        log.warning(msg)
        return template, [msg]
    text = sanitize_llm_text(raw)
    if re.sub(r"\s+", "", text) != re.sub(r"\s+", "", raw):
        warnings.append("LLM 설명에서 제어 문자·마크업·링크를 지웠습니다 / removed control characters, markup and links")
    # A number the calculator did not produce, anywhere in the paragraph: the template is shown instead.
    bad_numbers = number_claims(text, a)
    if bad_numbers:
        msg = (
            "LLM 설명이 계산 결과와 다른 비율을 말해 기본 설명을 사용했습니다: " + ", ".join(dict.fromkeys(bad_numbers))
            + " / the LLM explanation stated a split or percentage the calculator did not produce; template used"
        )
        log.warning(msg)
        return template, [*warnings, msg]
    text, removed = filter_citations(text, allowed_citations(context_docs, a))
    if removed:
        warnings.append(
            "근거 자료에 없는 인용을 삭제했습니다: " + ", ".join(dict.fromkeys(removed))
            + " / removed citations not in the retrieved context"
        )
    if len(text) < 20:
        warnings.append("LLM 설명이 비어 기본 설명을 사용했습니다 / empty LLM explanation, template used")
        return template, warnings
    for w in warnings:
        log.warning(w)
    return text, warnings
