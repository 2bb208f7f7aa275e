"""When the engine does not answer: the text gate, the scope and contradiction gates, facts too thin
to name a chart, and a ranking too unsure to state a ratio."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from katalog import params
from katalog.matching.candidates import Ranked
from katalog.matching.signatures import special_cues
from katalog.models import Abstention, AccidentFacts, PartyFacts
from katalog.stages.names import replace_names
from katalog.vocab import load

MAX_CHARS = 5000  # longer text is truncated for analysis (the full text is kept on the assessment)
# thresholds with their provenance in data/engine/params.yaml (docs/params.md)
MIN_CONFIDENCE = params.get("engine.min_confidence")  # below this the top chart is too uncertain to state a ratio
MIN_FIT = params.get("engine.min_fit")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WORDS = load("party_mentions")
_COUNTERPART = _WORDS.regex("counterpart")

# Places and conditions that pin a chart family even when the other party is only implied.
_GENERIC_CUES = {"교차로", "진출"}  # named by many charts, or any leaving ("나가려고"): pins no chart family on its own
_ROAD_VEHICLES = {"car", "two_wheeler"}  # both follow the vehicle signal, so each needs its own
_SPECIFIC_PLACES = {"roundabout", "merge", "crosswalk", "parking_lot", "highway", "off_road"}
_TYPE_FACTORS = {"대형차"}  # read from a party's type alone, not from anything the text says it did
_GATES = load("gates")
_ROUNDABOUT_SETUP = _GATES.regex("roundabout_setup")  # its lanes or roles named: enough without a verb
_ON_DUTY = _GATES.regex("on_duty")  # an emergency vehicle's siren, lights or call-out
_GENERIC_DRIVING = _GATES.regex("generic_driving")  # "주행 중", "운전하다": moving, but not how
_UNKNOWN_COURSE = _GATES.regex("unknown_course")  # "부딪힌 건지 박은 건지 모르겠어요"
_UNKNOWN_ACTOR = _GATES.regex("unknown_actor")  # "누가 문콕하고 그냥 갔어요"

UNKNOWN_ACTOR = ("상대가 누구인지, 어느 쪽에서 어떻게 부딪혔는지 설명에 없어 도표를 정할 수 없습니다. "
                 "상대 차량(또는 사람)과 그 진행 방향을 알면 적어 주세요.")
UNKNOWN_COURSE = ("사고 경위(누가 어느 쪽에서 어떻게 진행하다 부딪혔는지)를 모른다고 적혀 있어 도표를 정할 수 없습니다. "
                  "아는 대로 양측의 진행 방향과 신호를 적어 주세요.")
EMPTY = "사고 내용을 입력해 주세요. / Please describe the accident."
NOT_KOREAN = ("사고 내용을 한국어로 입력해 주세요: 영문 설명은 분석하지 않습니다. "
              "/ Please describe the accident in Korean; English text is not analysed.")
OUT_OF_SCOPE = "과실비율 인정기준으로 판단할 수 있는 교통사고 설명이 아닙니다."
UNSURE = "사실관계와 맞는 도표를 확신할 수 없습니다. 아래 질문에 답해 주시면 다시 판단합니다."
#: The reader reads the text as no two-party fault question (insurance or damages questions, one vehicle, a chain).
NOT_A_CASE = ("과실비율을 정할 두 당사자의 사고 경위로 읽히지 않습니다(보험·손해 문의, 단독·연쇄 사고 등). "
              "두 당사자가 각각 어떻게 진행하다 부딪혔는지 적어 주세요.")


def clean(text: str) -> str:
    """The text without control characters, stripped."""
    return _CONTROL.sub(" ", text or "").strip()


def script_counts(text: str) -> tuple[int, int]:
    """(Hangul syllables, Latin letters) in the text: the extractor reads Korean only."""
    hangul = sum(1 for ch in text if "가" <= ch <= "힣")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return hangul, latin


@dataclass(frozen=True)
class TextGate:
    """The text the engine analyses, the warnings about it, and an abstention when there is none."""

    text: str
    warnings: tuple[str, ...] = ()
    abstention: Abstention | None = None


def read_text(description: Any) -> TextGate:
    """Clean and cut the description; abstain on an empty or an English-only text."""
    text = clean(description if isinstance(description, str) else "")
    if not text:
        return TextGate(text, (), Abstention(code="empty", message=EMPTY))
    warnings: list[str] = []
    if len(text) > MAX_CHARS:
        warnings.append(f"설명이 길어 앞 {MAX_CHARS}자만 분석했습니다. / Only the first {MAX_CHARS} characters were analysed.")
        text = text[:MAX_CHARS]
    hangul, latin = script_counts(text)
    if latin > 3 * hangul:  # a syllable carries about as much as three Latin letters
        return TextGate(text, tuple(warnings), Abstention(code="out_of_scope", message=NOT_KOREAN))
    if latin >= 20:
        warnings.append("영문으로 쓴 부분은 분석하지 않았습니다. / English parts of the text were not analysed.")
    return TextGate(text, tuple(warnings))


def facts_abstention(facts: AccidentFacts) -> Abstention | None:
    """Out of scope (not a traffic accident the standard covers) or self-contradictory facts."""
    if not facts.in_scope:
        return Abstention(code=facts.scope_code or "out_of_scope", message=facts.scope_reason or OUT_OF_SCOPE)
    if facts.contradictions:
        return Abstention(code="contradictory",
                          message="설명에 서로 모순되는 사실이 있습니다: " + "; ".join(facts.contradictions))
    return None


def described(p: PartyFacts, text: str) -> bool:
    """Whether the text says anything about this party beyond its existence."""
    return bool(
        p.movement or p.signal not in (None, "unknown") or p.from_direction or p.type != "car" or p.in_roundabout
        or (len(p.name) > 1 and p.name in text)
    )


def on_duty(facts: AccidentFacts, text: str) -> bool:
    """An emergency vehicle (a party read as 긴급자동차) with its siren, lights or call-out named."""
    return any("긴급자동차" in p.conditions for p in facts.parties[:2]) and bool(_ON_DUTY.search(text))


def unstated_signal(facts: AccidentFacts, text: str = "") -> str | None:
    """At a signal-controlled place the chart turns on both signals: one party's green says nothing
    about the other, so a counterpart with neither signal nor movement is a question, not a guess —
    whatever a model would bet (the reader's confidence never answers it)."""
    ps = facts.parties[:2]
    if facts.place == "signal_intersection" and len(ps) == 2 and all(p.type in _ROAD_VEHICLES for p in ps):
        known = [p for p in ps if p.signal not in (None, "unknown")]
        bare = [p for p in ps if p.signal in (None, "unknown") and not p.movement and p.type == "car"]
        if known and bare and not on_duty(facts, text):  # an emergency vehicle on duty may pass any light
            return f"{bare[0].name}의 신호와 진행 방향이 설명에 없어 신호 교차로의 도표를 정할 수 없습니다."
    return None


def generic_moves(facts: AccidentFacts) -> set[int]:
    """The parties (by index) whose movement was read only from a word of driving along ("주행 중에",
    "운전하다가"): they moved, the text does not say how."""
    spans: dict[int, list[str]] = {}
    for e in facts.evidence:
        if e.factor == "movement" and e.party is not None:
            spans.setdefault(e.party, []).append(e.span)
    return {i for i, ss in spans.items() if ss and all(_GENERIC_DRIVING.match(s.strip()) for s in ss)}


def said_nothing(facts: AccidentFacts) -> bool:
    """Whether the text names the two road users and nothing else about them or the scene ("도로에서 오토바이랑
    승용차 충돌. 과실?"): no movement, light, side, collision, conduct, condition or scene factor. Two kinds
    of road user alone are no situation a chart turns on."""
    ps = facts.parties[:2]
    return not (
        facts.collision or facts.conditions or facts.scene_factors
        or any(p.movement or p.signal not in (None, "unknown") or p.from_direction or p.in_roundabout or p.conditions
               or set(p.factors) - _TYPE_FACTORS for p in ps)
    )


def insufficient(facts: AccidentFacts, text: str) -> str | None:
    """Why the facts are too thin to name a chart, or None."""
    ps = facts.parties[:2]
    seen = [p for p in ps if described(p, text)]
    specific = bool(special_cues(text) - _GENERIC_CUES) or facts.place in _SPECIFIC_PLACES or any(p.type != "car" for p in ps)
    # "주행 중에 다른 차랑 닿았어요": driving along says nothing of how, unless a cue or a direction places it
    generic = generic_moves(facts) if not specific and not any(p.from_direction for p in ps) else set()
    moves = [p for i, p in enumerate(ps) if (p.movement and i not in generic) or p.in_roundabout]
    # The described party's own name ("청구차량이") must not count as a mention of the other one.
    others = replace_names(text, {p.name: " " for p in seen})
    if len(ps) < 2 or (len(seen) < 2 and not _COUNTERPART.search(others) and not specific):
        return "상대방(두 번째 당사자)이 누구인지, 어떻게 진행했는지 알 수 없습니다."
    if (reason := unstated_signal(facts, text)) is not None:
        return reason
    signals = sum(1 for p in ps if p.signal not in (None, "unknown", "none"))
    if _UNKNOWN_COURSE.search(text) and not signals and len(moves) <= 1:
        return UNKNOWN_COURSE
    # "세워둔 차에 누가 문콕하고 갔어요": somebody unknown hit a standing car from no known side; the parked car
    # is the writer's, so any roles read from it would be a guess (the writer was read as the one who hit)
    if (_UNKNOWN_ACTOR.search(text) and not signals and not any(p.from_direction for p in ps)
            and all(p.movement in (None, "stopped") for p in ps)):
        return UNKNOWN_ACTOR
    # a named roundabout setting or an emergency vehicle on duty is the situation its charts turn on
    setting = (facts.place == "roundabout" and bool(_ROUNDABOUT_SETUP.search(text))) or on_duty(facts, text)
    info = len(moves) + setting + sum(1 for p in ps if p.signal not in (None, "unknown"))
    info += sum(1 for p in ps if p.from_direction) + (facts.collision is not None)
    info += sum(1 for p in ps if p.type != "car")
    if facts.place not in (None, "intersection", "other"):
        info += 1
    if info < 2 or (not moves and not setting and facts.collision is None
                    and (all(p.type == "car" for p in ps) or said_nothing(facts))):
        return "사고 장소와 양측의 진행 방향·신호가 충분히 드러나지 않아 도표를 정할 수 없습니다."
    return None


@dataclass(frozen=True)
class ConfidenceGate:
    """When the engine abstains on its top chart: confidence below `min_conf` or fit below `min_fit`;
    with the reader, facts the rules call insufficient are still answered at confidence ≥ `trust`."""

    min_conf: float = MIN_CONFIDENCE
    min_fit: float = MIN_FIT
    trust: float | None = None
    roles: Callable[..., bool] | None = None  # the reader's party-role assigner (None: the structured fit's order)
    decline: float | None = None  # the reader's probability that the text is no fault question (None: rules only)
    decline_above: float | None = None  # … at or above which the engine declines (fitted out of fold)

    def low(self, ranked: Sequence[Ranked]) -> bool:
        """The top chart is too uncertain to state a ratio."""
        return bool(ranked) and (ranked[0].confidence < self.min_conf or ranked[0].fit.score < self.min_fit)

    def declines(self) -> bool:
        """The reader is sure enough that the text asks no fault question between two parties."""
        return self.decline is not None and self.decline_above is not None and self.decline >= self.decline_above

    def trusts(self, ranked: Sequence[Ranked]) -> bool:
        """The calibrated reader is sure of a chart that the rules' thin facts could not pin."""
        return self.trust is not None and bool(ranked) and ranked[0].confidence >= self.trust


def thin_facts(rules_facts: AccidentFacts, text: str, ranked: Sequence[Ranked], gate: ConfidenceGate,
               *, pinned: bool) -> str | None:
    """Why the description cannot name a chart (None: it can, or the user pinned one).

    Only the rules' facts count: LLM-filled facts never make an insufficient description answerable
    (a guessed place or party is not evidence)."""
    if pinned:
        return None
    if gate.declines():
        return NOT_A_CASE
    if (unstated := unstated_signal(rules_facts, text)) is not None:
        return unstated
    reason = insufficient(rules_facts, text)
    return None if reason and gate.trusts(ranked) else reason
