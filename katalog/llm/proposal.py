"""The LLM proposes facts, chart, variant, party mapping and modifiers; code decides what is kept.

`propose()` never raises and never hangs: every failure (timeout, HTTP error, invalid JSON,
schema error, a chart / variant / modifier / party that does not exist) ends in a `ProposalResult`
with `proposal=None` and a logged Korean/English warning, and the rules result stands. A proposal
carries no numbers: the calculator computes the ratio from the validated chart and modifiers.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from katalog.errors import KatalogError
from katalog.llm.base import LLMBackend
from katalog.llm.errors import LLMError, LLMTimeoutError
from katalog.llm.prompts import load_prompt
from katalog.models import AccidentFacts, LLMInfo, Movement, PartyFacts, Place, RoadPriority, Signal
from katalog.standard.names import canonical_name
from katalog.standard.schema import PartyType, normalize_name

log = logging.getLogger("katalog.llm")

PROMPT_NAME = "propose_facts"
MAX_DESCRIPTION_CHARS = 2000
MAX_CONTEXT_CHARS = 1500
MAX_CANDIDATES = 5


# --------------------------------------------------------------------------------------------
# The schema the LLM must answer in
# --------------------------------------------------------------------------------------------
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LLMParty(_Strict):
    name: str = Field(max_length=40)
    type: PartyType | None = None
    movement: Movement | None = None
    signal: Signal | None = None
    road: RoadPriority | None = None
    factors: list[str] = Field(default_factory=list, max_length=10)


class LLMFacts(_Strict):
    """The subset of `AccidentFacts` an LLM proposes (no spans, no provenance)."""

    place: Place | None = None
    signal_controlled: bool | None = None
    collision: Literal["rear_end", "side", "head_on", "sideswipe", "pedestrian", "other"] | None = None
    parties: list[LLMParty] = Field(default_factory=list, max_length=4)
    scene_factors: list[str] = Field(default_factory=list, max_length=10)

    def to_accident_facts(self) -> AccidentFacts:
        return AccidentFacts(
            place=self.place,
            signal_controlled=self.signal_controlled,
            collision=self.collision,
            parties=[
                PartyFacts(
                    name=p.name,
                    type=p.type or "unknown",
                    movement=p.movement,
                    signal=p.signal,
                    road=p.road,
                    factors=list(p.factors),
                )
                for p in self.parties
            ],
            scene_factors=list(self.scene_factors),
            source="llm",
        )


class ProposedModifier(_Strict):
    party: Literal["A", "B"]
    name: str = Field(max_length=80)


class LLMProposal(_Strict):
    facts: LLMFacts = Field(default_factory=LLMFacts)
    chart_id: str = Field(max_length=20)
    variant: str | None = Field(None, max_length=10)
    party_a: str = Field(max_length=40)
    party_b: str = Field(max_length=40)
    modifiers: list[ProposedModifier] = Field(default_factory=list, max_length=8)


class ProposalResult(BaseModel):
    """A validated proposal (chart, variant, mapping and modifiers resolved against the standard),
    or `proposal=None` with the reasons in `warnings`."""

    proposal: LLMProposal | None = None
    chart_id: str | None = None
    variant: str | None = Field(None, description="the chart's variant key (e.g. '가', '기본')")
    party_a: str | None = None
    party_b: str | None = None
    modifier_ids: list[str] = Field(default_factory=list, description="ids in the chart's modifiers")
    facts: AccidentFacts | None = None
    warnings: list[str] = Field(default_factory=list)
    raw: str | None = Field(None, description="the last raw model output (for the review queue)")
    backend: str = "none"
    model: str | None = None
    prompt_hash: str | None = None
    attempts: int = 0
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.proposal is not None

    def llm_info(self, disagreement: str | None = None) -> LLMInfo:
        """The `Assessment.llm` block for this call."""
        return LLMInfo(
            backend=self.backend,
            model=self.model,
            prompt_hash=self.prompt_hash,
            used=self.ok,
            disagreement=disagreement,
            warnings=list(self.warnings),
        )


# --------------------------------------------------------------------------------------------
# Schema for constrained decoding
# --------------------------------------------------------------------------------------------
def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace `$ref`s by their `$defs` bodies (simpler for grammar compilers)."""
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(copy.deepcopy(defs[node["$ref"].split("/")[-1]]))
            return {k: walk(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def proposal_schema(
    chart_ids: list[str] | None = None,
    parties: list[str] | None = None,
    modifier_names: list[str] | None = None,
    variant_keys: list[str] | None = None,
) -> dict[str, Any]:
    """JSON schema of `LLMProposal`, narrowed with enums to the candidates when given (variant keys
    too: a grammar backend may ignore `maxLength`, an enum it always enforces)."""
    schema = inline_refs(LLMProposal.model_json_schema())
    props = schema["properties"]
    for key in ("title", "description"):
        schema.pop(key, None)
    if chart_ids:
        props["chart_id"] = {"type": "string", "enum": list(dict.fromkeys(chart_ids))}
    if parties:
        props["party_a"] = {"type": "string", "enum": list(parties)}
        props["party_b"] = {"type": "string", "enum": list(parties)}
    if variant_keys:
        props["variant"] = {"anyOf": [{"type": "string", "enum": list(dict.fromkeys(variant_keys))}, {"type": "null"}]}
    if modifier_names:
        props["modifiers"]["items"]["properties"]["name"] = {
            "type": "string",
            "enum": list(dict.fromkeys(modifier_names)),
        }
    return schema


# --------------------------------------------------------------------------------------------
# Standard access (the loader is written elsewhere; tests inject a stand-in)
# --------------------------------------------------------------------------------------------
def _default_standard() -> Any:
    from katalog.standard.loader import load_standard

    return load_standard()


def _get_chart(standard: Any, chart_id: str) -> Any:
    try:
        return standard.get(chart_id)
    except (KeyError, LookupError, KatalogError):
        return None


# --------------------------------------------------------------------------------------------
# Prompt assembly
# --------------------------------------------------------------------------------------------
def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + " …"


def _candidate_block(candidates: list[dict], standard: Any) -> tuple[str, list[str], list[str]]:
    lines: list[str] = []
    ids: list[str] = []
    modifier_names: list[str] = []
    for cand in candidates[:MAX_CANDIDATES]:
        cid = str(cand.get("chart_id") or cand.get("id") or "").strip()
        if not cid:
            continue
        chart = _get_chart(standard, cid) if standard is not None else None
        ids.append(cid)
        title = cand.get("title") or (chart.title if chart is not None else "")
        lines.append(f"- {cid}: {title}")
        if chart is None:
            continue
        lines.append(f"  A: {chart.parties['A'].label} / B: {chart.parties['B'].label}")
        variants = ", ".join(f"{v.key}({_clip(v.condition or v.label, 40)})" for v in chart.variants)
        lines.append(f"  경우: {variants}")
        mods = [f"{m.party}:{m.name}" for m in chart.modifiers]
        modifier_names.extend(m.name for m in chart.modifiers)
        if mods:
            lines.append(f"  수정요소: {', '.join(mods)}")
    return "\n".join(lines) or "(없음)", ids, modifier_names


def _context_block(context: Any) -> str:
    if not context:
        return "(없음)"
    if isinstance(context, str):
        return _clip(context, MAX_CONTEXT_CHARS)
    lines = []
    for doc in context:
        d = doc.model_dump() if hasattr(doc, "model_dump") else dict(doc)
        text = " ".join(str(d.get("text") or "").split())
        lines.append(f"[{d.get('id', '')}] {d.get('title', '')}: {_clip(text, 200)}")
    return _clip("\n".join(lines), MAX_CONTEXT_CHARS)


# --------------------------------------------------------------------------------------------
# Output parsing and validation
# --------------------------------------------------------------------------------------------
class _Rejected(Exception):
    def __init__(self, ko: str, en: str, retry: bool = True):
        super().__init__(en)
        self.ko, self.en, self.retry = ko, en, retry


def _parse_json(raw: str) -> dict[str, Any]:
    start = raw.find("{")
    if start < 0:
        raise _Rejected("JSON이 없습니다", "no JSON object in the output")
    try:
        obj, _ = json.JSONDecoder().raw_decode(raw[start:])
    except ValueError as exc:
        raise _Rejected("JSON 형식 오류", f"invalid JSON: {exc.msg}") from None
    if not isinstance(obj, dict):
        raise _Rejected("JSON 객체가 아닙니다", "JSON is not an object")
    return obj


def _validate(obj: dict[str, Any], parties: list[str] | None, standard: Any) -> tuple[LLMProposal, dict]:
    try:
        prop = LLMProposal.model_validate(obj)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise _Rejected(f"스키마 오류 ({where})", f"schema error at {where}: {err['msg']}") from None
    chart = _get_chart(standard, prop.chart_id.strip())
    if chart is None:
        raise _Rejected(
            f"기준에 없는 도표 {prop.chart_id!r}", f"chart {prop.chart_id!r} is not in the standard"
        )
    try:
        variant = chart.variant(prop.variant if prop.variant not in (None, "") else None)
    except KeyError:
        raise _Rejected(
            f"도표 {chart.id}에 없는 경우 {prop.variant!r}", f"chart {chart.id} has no variant {prop.variant!r}"
        ) from None
    a, b = prop.party_a.strip(), prop.party_b.strip()
    if a == b:
        raise _Rejected("A와 B가 같은 당사자입니다", f"party_a and party_b are both {a!r}")
    if parties and {a, b} != set(parties[:2]):
        raise _Rejected(
            f"당사자 이름이 다릅니다 ({a}, {b})", f"parties {a!r}/{b!r} are not the named parties {parties[:2]}"
        )
    mods = chart.modifiers_for(variant.key)
    by_key = {(m.party, m.key): m for m in mods}
    # the printed name first; else the books' other spelling of it ("중과실" for "중대한 과실", standard.names)
    by_canonical: dict[tuple[str, str], Any] = {}
    for m in mods:
        by_canonical.setdefault((m.party, canonical_name(m.name)), m)
    ids: list[str] = []
    for pm in prop.modifiers:
        mod = by_key.get((pm.party, normalize_name(pm.name))) or by_canonical.get((pm.party, canonical_name(pm.name)))
        if mod is None:
            raise _Rejected(
                f"도표 {chart.id}({variant.key})에 없는 수정요소 {pm.party}:{pm.name}",
                f"modifier {pm.party}:{pm.name!r} is not in chart {chart.id} ({variant.key})",
            )
        if mod.id not in ids:
            ids.append(mod.id)
    resolved = {"chart_id": chart.id, "variant": variant.key, "party_a": a, "party_b": b, "modifier_ids": ids}
    return prop, resolved


# --------------------------------------------------------------------------------------------
# Calling the backend under a hard deadline
# --------------------------------------------------------------------------------------------
def call_with_deadline(backend: LLMBackend, prompt: str, timeout_s: float, **kwargs: Any) -> str:
    """`backend.generate` in the shared LLM thread pool; raises `LLMTimeoutError` once `timeout_s`
    (cut to what is left of the assessment's budget, `katalog.llm.deadline`) passes. The backend is
    told the same limit (`timeout_s` of the `LLMBackend` protocol), so its thread ends by itself; a call
    that has not started yet is cancelled.
    Other failures become `LLMError`."""
    from concurrent.futures import TimeoutError as FutureTimeout

    from katalog.llm import deadline

    timeout_s = deadline.limit(timeout_s)
    if timeout_s < deadline.MIN_CALL_S:
        raise LLMTimeoutError(
            "LLM 시간 예산을 다 써서 호출하지 않았습니다", "the assessment's LLM time budget is spent; call skipped"
        )
    future = deadline.pool().submit(backend.generate, prompt, **kwargs, timeout_s=timeout_s)
    try:
        text = future.result(timeout=timeout_s)
    except FutureTimeout:
        future.cancel()  # not started yet: never runs; running: the backend's own deadline ends it
        raise LLMTimeoutError(
            f"LLM 응답 시간 초과 ({timeout_s:.0f}초)", f"LLM call exceeded {timeout_s:.1f}s"
        ) from None
    except LLMError:
        raise
    except Exception as exc:  # reported to the caller as an LLM failure
        raise LLMError("LLM 호출 실패", f"backend error: {type(exc).__name__}: {exc}"[:300]) from None
    if not isinstance(text, str):
        raise LLMError("LLM 응답이 문자열이 아닙니다", "backend returned a non-string")
    return text


def _warn(warnings: list[str], ko: str, en: str) -> None:
    msg = f"LLM 제안 미사용: {ko} / LLM proposal not used: {en}"
    log.warning(msg)
    warnings.append(msg)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------
def propose(
    backend: LLMBackend | None,
    description: str,
    parties: list[str] | None,
    candidates: list[dict],
    retrieved_context: Any = None,
    *,
    standard: Any = None,
    timeout_s: float = 60.0,
    max_attempts: int = 2,
    max_tokens: int = 384,
) -> ProposalResult:
    """Ask `backend` for a proposal and validate it. Never raises; returns within ~`timeout_s`.

    `candidates`: the engine's ranked charts as dicts with `chart_id` (and optionally `title`);
    `retrieved_context`: list of dicts/Citations with `id`, `title`, `text` (or a string);
    `standard`: an object with `.get(chart_id) -> Chart` (default: `katalog.standard.loader.load_standard()`).
    """
    t0 = time.monotonic()
    result = ProposalResult()
    try:
        return _propose(
            result, t0, backend, description, parties, candidates, retrieved_context,
            standard=standard, timeout_s=timeout_s, max_attempts=max_attempts, max_tokens=max_tokens,
        )
    except Exception as exc:  # the engine must never fail because of the LLM layer
        result.proposal = None
        _warn(result.warnings, "LLM 처리 중 내부 오류", f"internal error: {type(exc).__name__}: {exc}"[:300])
        log.exception("propose() failed")
        result.elapsed_ms = round((time.monotonic() - t0) * 1000, 1)
        return result


def _propose(
    result: ProposalResult,
    t0: float,
    backend: LLMBackend | None,
    description: str,
    parties: list[str] | None,
    candidates: list[dict],
    retrieved_context: Any,
    *,
    standard: Any,
    timeout_s: float,
    max_attempts: int,
    max_tokens: int,
) -> ProposalResult:
    prompt_file = load_prompt(PROMPT_NAME)
    result.prompt_hash = prompt_file.sha256
    if backend is None:
        return result
    result.backend = str(getattr(backend, "name", "unknown"))
    try:
        result.model = str(backend.model_id)
    except Exception:  # model_id may query a server; identity is best-effort
        result.model = None

    def finish() -> ProposalResult:
        result.elapsed_ms = round((time.monotonic() - t0) * 1000, 1)
        return result

    try:
        if standard is None:
            standard = _default_standard()
    except Exception as exc:
        _warn(result.warnings, "과실비율 기준 데이터를 불러올 수 없어 검증 불가", f"standard unavailable ({exc})"[:200])
        return finish()

    text = (description or "").strip()
    if not text:
        _warn(result.warnings, "사고 설명이 비어 있습니다", "empty description")
        return finish()
    if len(text) > MAX_DESCRIPTION_CHARS:
        result.warnings.append(
            f"LLM 입력을 {MAX_DESCRIPTION_CHARS}자로 줄였습니다 / LLM input truncated to {MAX_DESCRIPTION_CHARS} chars"
        )
        text = text[:MAX_DESCRIPTION_CHARS]
    cand_text, chart_ids, modifier_names = _candidate_block(list(candidates or []), standard)
    party_list = [p for p in (parties or []) if p][:2] or None
    variant_keys = [v.key for cid in chart_ids if (c := _get_chart(standard, cid)) is not None for v in c.variants]
    schema = proposal_schema(chart_ids, party_list, modifier_names, variant_keys)
    base_fields = {
        "description": text,
        "parties": ", ".join(party_list) if party_list else "(설명에서 판단)",
        "candidates": cand_text,
        "context": _context_block(retrieved_context),
    }
    deadline = t0 + timeout_s
    note = ""
    for attempt in range(1, max(1, max_attempts) + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            _warn(result.warnings, "시간 초과로 재시도하지 않음", "no time left for another attempt")
            break
        prompt = prompt_file.render(**{**base_fields, "description": text + note})
        result.attempts = attempt
        try:
            raw = call_with_deadline(
                backend, prompt, remaining, max_tokens=max_tokens, temperature=0.0, json_schema=schema
            )
        except LLMError as exc:
            _warn(result.warnings, exc.ko, exc.en)
            break  # transport failures are retried inside the backend, not here
        result.raw = raw
        try:
            prop, resolved = _validate(_parse_json(raw), party_list, standard)
        except _Rejected as rej:
            _warn(result.warnings, rej.ko, rej.en)
            note = f"\n\n(이전 답변 오류: {rej.ko}. 규칙에 맞는 JSON 하나만 답하세요.)"
            continue
        result.proposal = prop
        result.facts = prop.facts.to_accident_facts()
        for key, value in resolved.items():
            setattr(result, key, value)
        break
    return finish()


# --------------------------------------------------------------------------------------------
# Facts only (the engine's first step, before chart candidates exist)
# --------------------------------------------------------------------------------------------
FACTS_PROMPT_NAME = "extract_facts"


class _FactsOnly(_Strict):
    facts: LLMFacts


def facts_schema(parties: list[str] | None = None) -> dict[str, Any]:
    schema = inline_refs(_FactsOnly.model_json_schema())
    schema.pop("title", None)
    if parties:
        schema["properties"]["facts"]["properties"]["parties"]["items"]["properties"]["name"] = {
            "type": "string",
            "enum": list(parties),
        }
    return schema


def propose_facts(
    backend: LLMBackend | None,
    description: str,
    parties: list[str] | None = None,
    *,
    timeout_s: float = 30.0,
    max_tokens: int = 256,
) -> tuple[AccidentFacts | None, list[str]]:
    """(facts proposed by the LLM with `source='llm'`, warnings). Never raises; one attempt."""
    warnings: list[str] = []
    if backend is None:
        return None, warnings
    try:
        text = (description or "").strip()[:MAX_DESCRIPTION_CHARS]
        if not text:
            _warn(warnings, "사고 설명이 비어 있습니다", "empty description")
            return None, warnings
        party_list = [p for p in (parties or []) if p][:2] or None
        prompt = load_prompt(FACTS_PROMPT_NAME).render(
            description=text, parties=", ".join(party_list) if party_list else "(설명에서 판단)"
        )
        raw = call_with_deadline(
            backend, prompt, timeout_s, max_tokens=max_tokens, temperature=0.0, json_schema=facts_schema(party_list)
        )
        try:
            facts = _FactsOnly.model_validate(_parse_json(raw)).facts
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(x) for x in err["loc"])
            raise _Rejected(f"스키마 오류 ({where})", f"schema error at {where}: {err['msg']}") from None
        return facts.to_accident_facts(), warnings
    except LLMError as exc:
        _warn(warnings, exc.ko, exc.en)
    except _Rejected as rej:
        _warn(warnings, rej.ko, rej.en)
    except Exception as exc:  # never let the LLM layer fail an assessment
        _warn(warnings, "LLM 처리 중 내부 오류", f"internal error: {type(exc).__name__}: {exc}"[:300])
    return None, warnings


_FILLABLE_SCENE = ("place", "signal_controlled", "collision")
_FILLABLE_PARTY = ("movement", "signal", "road")


def merge_facts(rules: AccidentFacts, llm: AccidentFacts | None) -> AccidentFacts:
    """Rules facts with gaps filled from the LLM's. Rules always win where they have a value;
    the LLM never adds modifier evidence (`factors`, `scene_factors`), which needs a text span."""
    if llm is None:
        return rules
    merged = rules.model_copy(deep=True)
    filled = False
    for key in _FILLABLE_SCENE:
        if getattr(merged, key) is None and getattr(llm, key) is not None:
            setattr(merged, key, getattr(llm, key))
            filled = True
    by_name = {normalize_name(p.name): p for p in llm.parties}
    for party in merged.parties:
        other = by_name.get(normalize_name(party.name))
        if other is None:
            continue
        for key in _FILLABLE_PARTY:
            if getattr(party, key) is None and getattr(other, key) is not None:
                setattr(party, key, getattr(other, key))
                filled = True
        if party.type == "unknown" and other.type != "unknown":
            party.type = other.type
            filled = True
    if not merged.parties and llm.parties:
        merged.parties = [p.model_copy(update={"factors": []}) for p in llm.parties]
        filled = True
    if filled:
        merged.source = "rules+llm"
    return merged


# --------------------------------------------------------------------------------------------
# When a validated proposal may change the result (the engine applies it; the calculator computes)
# --------------------------------------------------------------------------------------------
_GENERIC_WORDS = frozenset({"과실", "차량", "위반", "기타", "불이행", "신호", "진행", "사고", "경우", "운전"})


@dataclass(frozen=True)
class ProposalPolicy:
    """The measured rule for letting a validated proposal shape a result (`katalog eval --llm`).

    - chart: only when the rules are unsure (top-chart confidence < `max_rules_confidence`, or they
      would abstain for low confidence), the proposed chart is among the rules' top `top_k` candidates
      and its structured fit with the extracted facts (the evidence spans) is ≥ `min_fit` and not more
      than `max_fit_drop` below the fit of the rules' own chart;
    - variant: only when the facts did not decide it;
    - mapping (which party is A): only when the facts fit both orders equally well;
    - modifiers: only added, never removed, and only with an evidence span in the description
      (`modifier_evidence`); the rules' evidenced modifiers stand.
    A user's pins always win; the calculator computes every number.
    """

    max_rules_confidence: float = 0.5
    min_fit: float = 0.45
    max_fit_drop: float | None = 0.05
    """The proposed chart's fit may be at most this much below the rules' top chart's fit (None = no check)."""
    top_k: int = 5
    rescue_abstentions: bool = True


DEFAULT_POLICY = ProposalPolicy()


@dataclass
class PolicyDecision:
    """What a validated proposal changed (empty = the rules result stands) and why."""

    chart_id: str | None = None
    variant: str | None = None
    party_a: str | None = None
    modifiers: dict[str, str] = field(default_factory=dict)
    """modifier id → the description span that supports it."""
    reasons: list[str] = field(default_factory=list)
    proposal: ProposalResult | None = None
    """The validated (or failed) proposal the decision was made on."""

    @property
    def applied(self) -> list[str]:
        """The parts changed, e.g. ['chart', 'modifiers'] (`Assessment.llm.applied`)."""
        out = []
        if self.chart_id:
            out.append("chart")
        if self.variant:
            out.append("variant")
        if self.party_a:
            out.append("mapping")
        if self.modifiers:
            out.append("modifiers")
        return out


def decide_chart(
    result: ProposalResult,
    ranked: list[tuple[str, float]],
    fit_of: Any,
    *,
    abstaining: bool = False,
    policy: ProposalPolicy = DEFAULT_POLICY,
) -> tuple[str | None, str]:
    """(chart id to switch to or None, reason). `ranked` = [(chart_id, confidence)] best first;
    `fit_of(chart_id)` = the structured fit score of the facts with that chart."""
    if not result.ok or not result.chart_id or not ranked:
        return None, "no validated proposal"
    top_id, top_conf = ranked[0]
    if result.chart_id == top_id and not abstaining:
        return None, "same chart as the rules"
    if abstaining and not policy.rescue_abstentions:
        return None, "rescue disabled"
    if not abstaining and top_conf >= policy.max_rules_confidence:
        return None, f"rules confident ({top_conf:.2f} ≥ {policy.max_rules_confidence})"
    if result.chart_id not in [cid for cid, _ in ranked[: policy.top_k]]:
        return None, f"{result.chart_id} not among the rules' top {policy.top_k}"
    fit = float(fit_of(result.chart_id))
    if fit < policy.min_fit:
        return None, f"{result.chart_id} fits the facts poorly ({fit:.2f} < {policy.min_fit})"
    if policy.max_fit_drop is not None and not abstaining:
        top_fit = float(fit_of(top_id))
        if fit < top_fit - policy.max_fit_drop:
            return None, f"{result.chart_id} fits worse than {top_id} ({fit:.2f} < {top_fit:.2f})"
    return result.chart_id, f"rules unsure ({top_conf:.2f}); {result.chart_id} in top {policy.top_k}, fit {fit:.2f}"


def modifier_evidence(name: str, text: str) -> str | None:
    """A span of `text` that supports a modifier called `name`: its full name, or one of its '·' / '/'
    alternatives ('야간·기타 시야장애' → '야간' or '기타 시야장애') with every distinctive word present."""
    flat = normalize_name(text)
    key = normalize_name(name)
    if key and key in flat:
        return name
    for alt in re.split(r"[·/]", str(name)):
        words = [w for w in alt.split() if len(w) >= 2 and w not in _GENERIC_WORDS]
        if words and all(w in text for w in words):
            i = text.find(words[0])
            return text[max(0, i - 10) : i + len(words[0]) + 10].strip()
    return None


def decide_modifiers(result: ProposalResult, chart: Any, variant: str | None, rules_ids: set[str], text: str) -> dict[str, str]:
    """The proposal's modifiers the rules did not apply and that have an evidence span in `text` (not one the
    rules already attributed to the other party's same-named modifier)."""
    if not result.ok or chart is None or result.chart_id != chart.id:
        return {}
    by_id = {m.id: m for m in chart.modifiers_for(variant)}
    # a span the rules already attributed to one party is not evidence for the same modifier of the other
    attributed = {normalize_name(by_id[i].name) for i in rules_ids if i in by_id}
    out: dict[str, str] = {}
    for mid in result.modifier_ids:
        mod = by_id.get(mid)
        if mod is None or mid in rules_ids or normalize_name(mod.name) in attributed:
            continue
        span = modifier_evidence(mod.name, text)
        if span:
            out[mid] = span
    return out
