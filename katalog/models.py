"""The one schema that travels through KATALOG: facts, calculations, assessments, eval rows.

The engine, the DB, the CLI, the UI and the LLM prompts all use these models. Numbers in an
`Assessment` are always produced by `katalog.calculator`, never by an LLM.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from katalog.standard.schema import PartyKey, PartyType, Ratio


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------------------------
# Calculator output
# --------------------------------------------------------------------------------------------
class AppliedDelta(_Model):
    """One modifier as the calculator applied it."""

    modifier_id: str
    party: PartyKey
    name: str
    delta: int
    skipped: str | None = Field(None, description="why it was not counted (e.g. superseded), else None")


class Calculation(_Model):
    """Base ratio → applied modifiers → final ratio, with a formula an adjuster can verify."""

    chart_id: str
    variant: str
    base: Ratio
    applied: list[AppliedDelta] = Field(default_factory=list)
    final: Ratio
    clamped: bool = False
    formula: str


# --------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------
Place = Literal[
    "signal_intersection",  # 신호기 있는 교차로
    "unsignal_intersection",  # 신호기 없는 교차로
    "partial_signal_intersection",  # 한쪽만 신호기
    "straight_road",  # 직선 도로 (동일방향/대향)
    "crosswalk",  # 횡단보도
    "parking_lot",  # 주차장
    "roundabout",  # 회전교차로
    "highway",  # 고속도로·자동차전용도로
    "merge",  # 합류·차로감소
    "off_road",  # 도로 외 장소 출입
    "alley",  # 골목·이면도로
    "intersection",  # 교차로, 신호 유무 미상 (added by katalog.facts)
    "other",
]
Movement = Literal[
    "straight",  # 직진
    "left_turn",  # 좌회전
    "right_turn",  # 우회전
    "u_turn",  # 유턴
    "lane_change",  # 진로변경·차로변경
    "reversing",  # 후진
    "stopped",  # 정차·주차·신호대기
    "starting",  # 출발
    "overtaking",  # 추월
    "merging",  # 합류
    "entering",  # 도로 외에서 진입
    "exiting",  # 도로 외로 진출
    "crossing",  # (보행자) 횡단
    "door_opening",  # 문 열림
    "walking",  # (보행자) 보행·통행
]
Signal = Literal[
    "green", "yellow", "red", "green_left_arrow", "red_flash", "yellow_flash", "none", "unknown",
    "green_flash",  # 보행자 녹색점멸 (added by katalog.facts)
]
RoadPriority = Literal["major", "minor", "equal", "right", "left", "priority", "non_priority"]
FromDirection = Literal["right", "left", "side", "opposite", "same", "behind", "front"]
#: One party's `from_direction` seen from the other party ("B from the right" ⇒ "A from the left").
OTHER_SIDE: dict[str, str] = {
    "right": "left", "left": "right", "side": "side", "behind": "front", "front": "behind", "opposite": "opposite",
    "same": "same",
}
#: A roundabout party's own lane: the inner (안쪽, 회전1차로) or the outer (바깥쪽, 회전2차로) one.
RoundaboutLane = Literal["inner", "outer"]
#: A movement a lane's road marking permits (좌회전·직진·우회전·유턴 노면표시).
LaneMove = Literal["left_turn", "straight", "right_turn", "u_turn"]


class Evidence(_Model):
    """A piece of text supporting a fact or a modifier."""

    factor: str = Field(description="what it supports, e.g. '야간', '음주', 'signal', 'movement'")
    span: str = Field(description="the exact substring of the description")
    start: int = -1
    end: int = -1
    party: int | None = Field(None, description="index into AccidentFacts.parties, None = scene")


class PartyFacts(_Model):
    """What the text says about one road user."""

    name: str = Field(description="as the text names it, e.g. '청구차량', '상대 차량', '보행자'")
    type: PartyType = "car"
    movement: Movement | None = None
    signal: Signal | None = None
    road: RoadPriority | None = Field(None, description="대로/소로/동일폭/우측도로 … from this party")
    from_direction: FromDirection | None = Field(
        None, description="where this party comes from, seen from the other; side = a side road, left or right unsaid"
    )
    entered_first: bool | None = None
    in_roundabout: bool | None = Field(None, description="already circulating in the roundabout")
    roundabout_lane: RoundaboutLane | None = Field(
        None, description="the roundabout lane this party drove in or entered by (inner: 안쪽·1차로, outer: "
        "바깥쪽·2차로); not a lane it moved into; None when the text names none"
    )
    lane_marking: list[LaneMove] | None = Field(
        None, description="movements the road marking of this party's lane permits (노면표시), e.g. "
        "['straight', 'right_turn'] for 직진·우회전 차로; None when the text names no marking"
    )
    factors: list[str] = Field(default_factory=list, description="modifier evidence keys for this party")
    conditions: list[str] = Field(
        default_factory=list, description="situation keys for chart matching only (비보호좌회전, 일시정지표지 …)"
    )


class AccidentFacts(_Model):
    """Structured facts extracted from a description (rules by default, an LLM when configured)."""

    in_scope: bool = True
    scope_reason: str | None = None
    scope_code: Literal["out_of_scope", "damages_question", "multi_party"] | None = Field(
        None, description="machine-readable reason when in_scope is False (matches Abstention.code)"
    )
    place: Place | None = None
    signal_controlled: bool | None = None
    collision: Literal["rear_end", "side", "head_on", "sideswipe", "pedestrian", "other"] | None = None
    parties: list[PartyFacts] = Field(default_factory=list, max_length=4)
    scene_factors: list[str] = Field(default_factory=list, description="야간, 우천, 어린이보호구역 …")
    conditions: list[str] = Field(
        default_factory=list, description="scene keys for chart matching only, never modifiers (교차로, 일방통행 …)"
    )
    evidence: list[Evidence] = Field(default_factory=list)
    contradictions: list[str] = Field(default_factory=list)
    ignored: list[str] = Field(
        default_factory=list, description="instruction-like text that was ignored (prompt injection)"
    )
    source: Literal["rules", "llm", "rules+llm", "user"] = "rules"
    accident_date: date | None = Field(
        None, description="사고 일자 (given, or stated in the text): the books in force on it are ranked "
        "(katalog.standard.edition); None: the current edition")


# --------------------------------------------------------------------------------------------
# Assessment
# --------------------------------------------------------------------------------------------
class ChartCandidate(_Model):
    chart_id: str
    title: str
    category: str
    score: float = Field(description="combined ranking score")
    confidence: float = Field(ge=0.0, le=1.0, description="calibrated probability this chart is right")
    retrieval_score: float = 0.0
    match_score: float = 0.0
    variant: str | None = None
    reasons: list[str] = Field(default_factory=list)


class PartyMapping(_Model):
    """Which named party plays the chart's A and which B."""

    A: str
    B: str
    reason: str


class AppliedModifier(_Model):
    modifier_id: str
    party: PartyKey
    party_name: str
    name: str
    delta: int
    evidence: str | None = Field(None, description="the text span that supports it")
    source: Literal["rules", "llm", "user", "reader"] = Field(
        "rules", description="rules; llm; user (pinned or answered); reader (read by the learned modifier detector)")


class PossibleModifier(_Model):
    modifier_id: str
    party: PartyKey
    party_name: str
    name: str
    delta: int
    why: str = ""


class FollowUpQuestion(_Model):
    id: str = Field(description="key to answer with: `assess(..., answers={id: value})`")
    text: str
    options: list[str] = Field(default_factory=list)
    impact: int = Field(0, description="largest change of the final ratio (points) an answer could cause")


class WhatIf(_Model):
    """Range of the first named party's final fault over unconfirmed modifiers and close charts."""

    low: dict[str, int]
    high: dict[str, int]
    scenarios: list[str] = Field(default_factory=list)


class NearSameChart(_Model):
    """A chart of another book for the same situation as the answer whose base ratio or modifiers differ
    (`Chart.near_same_as`): shown so the user can compare and switch, never ranked."""

    chart_id: str
    book: str
    title: str = ""
    swapped: bool = Field(False, description="its A is the answer chart's B")
    base: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="its base fault per variant key, per named party"
    )
    only_here: list[str] = Field(
        default_factory=list, description="modifiers only the answer chart prints ('상대 차량 대형차 +5')"
    )
    only_there: list[str] = Field(default_factory=list, description="modifiers only this chart prints")
    rule: str = Field("", description="what found the pair (tools/import_standard.py): situation / maps_to")


class Citation(_Model):
    kind: Literal["chart", "law", "precedent", "committee"]
    id: str
    title: str = ""
    text: str = ""
    ratio: str | None = Field(None, description="decided ratio of a committee decision, e.g. '청구 30 : 피청구 70'")
    score: float | None = None


class Abstention(_Model):
    code: Literal["empty", "out_of_scope", "damages_question", "multi_party", "insufficient", "contradictory"]
    message: str


class Override(_Model):
    """One choice made against the rules engine's own (kept with the saved assessment): by a person, or
    by a validated LLM proposal (`by="llm"`)."""

    field: Literal["chart", "parties", "variant", "modifiers", "answer"]
    before: str | None = Field(None, description="the engine's choice, None for an answer")
    after: str
    by: str = Field("user", description="who made it: a name typed in the app, 'user' when none, or 'llm'")


class LLMInfo(_Model):
    backend: str = "none"
    model: str | None = None
    prompt_hash: str | None = None
    used: bool = False
    disagreement: str | None = None
    applied: list[str] = Field(
        default_factory=list, description="what a validated proposal changed: chart, variant, mapping, modifiers"
    )
    warnings: list[str] = Field(default_factory=list)


class Assessment(_Model):
    """Everything an adjuster needs to act on and check a liability split."""

    description: str
    parties: list[str] = Field(description="the two party names ratios are expressed for")
    status: Literal["ok", "abstained", "error"] = "ok"
    abstention: Abstention | None = None
    error: str | None = None
    facts: AccidentFacts = Field(default_factory=AccidentFacts)
    candidates: list[ChartCandidate] = Field(default_factory=list)
    chart_id: str | None = None
    chart_title: str | None = None
    edition_note: str = Field("", description="which edition of the standard the answer follows, and why")
    variant: str | None = None
    mapping: PartyMapping | None = None
    applied: list[AppliedModifier] = Field(default_factory=list)
    possible: list[PossibleModifier] = Field(default_factory=list)
    calculation: Calculation | None = None
    base: dict[str, int] | None = Field(None, description="base fault per named party")
    final: dict[str, int] | None = Field(None, description="final fault per named party")
    confidence: float = 0.0
    what_if: WhatIf | None = None
    questions: list[FollowUpQuestion] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    explanation: str = ""
    warnings: list[str] = Field(default_factory=list)
    llm: LLMInfo = Field(default_factory=LLMInfo)
    engine_version: str = ""
    standard_version: str = ""
    timings_ms: dict[str, float] = Field(default_factory=dict)
    role_fit: float | None = Field(
        None, description="structured fit (0–1) of the facts to the chosen chart's roles; low = roles do not fit"
    )
    overrides: list[Override] = Field(default_factory=list, description="choices against the rules engine's own")
    near_same: list[NearSameChart] = Field(
        default_factory=list,
        description="charts of other books for the same situation as `chart_id` whose values differ (비슷한 도표)",
    )

    @property
    def answered(self) -> bool:
        return self.status == "ok" and self.final is not None

    def ratio_list(self) -> list[int] | None:
        """Final fault in the order of `parties`."""
        return [self.final[p] for p in self.parties] if self.final else None


# --------------------------------------------------------------------------------------------
# Evaluation rows (the `katalog eval` contract)
# --------------------------------------------------------------------------------------------
class Expected(BaseModel):
    model_config = ConfigDict(extra="allow")

    answerable: bool
    chart_ids: list[str] | None = None
    base_ratio: list[int] | None = Field(None, min_length=2, max_length=2)
    final_ratio: list[int] | None = Field(None, min_length=2, max_length=2)
    modifiers: list[str] | None = None


class EvalCase(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    description: str
    parties: list[str] | None = Field(None, min_length=2, max_length=2)
    expected: Expected
    meta: dict | None = None
    accident_date: date | None = Field(
        None, description="사고 일자; absent, a committee case number (KFRC-2019-…) gives its year")

    @property
    def dated(self) -> date | None:
        """The date the row is assessed on: its own, else its committee case number's year."""
        from katalog.standard.edition import date_of_case_id

        return self.accident_date or date_of_case_id(self.id)
