"""Pydantic schema of the KNIA fault-ratio standard (과실비율 인정기준) as versioned data.

A `Chart` is one 도표 of one book. Each chart has two parties (A, B), one or more variants
(가/나/다, or a single "기본"), each with its own base ratio, and modifiers (수정요소) that move
fault towards or away from one party. Ratios are fault percentages of A and B and sum to 100.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PartyKey = Literal["A", "B"]
PartyType = Literal["car", "pedestrian", "bicycle", "two_wheeler", "pm", "bus", "truck", "unknown"]
Category = Literal["차대차", "차대보행자", "차대자전거·이륜차", "PM", "회전교차로", "비정형"]

#: The key of the only variant of a chart that has no 가/나/다 split.
DEFAULT_VARIANT = "기본"

_SPACE_PUNCT = re.compile(r"[\s·ㆍ.,:;/()\[\]{}\-_'\"`~!?①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮]+")


def normalize_name(text: str) -> str:
    """Key for tolerant name matching: drops spaces, punctuation and circled note numbers.

    `normalize_name("현저한 과실①") == normalize_name("현저한과실")`.
    """
    return _SPACE_PUNCT.sub("", text).lower()


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Ratio(StrictModel):
    """Fault of A and B in percent."""

    A: int = Field(ge=0, le=100)
    B: int = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _sums_to_100(self) -> Ratio:
        if self.A + self.B != 100:
            raise ValueError(f"ratio must sum to 100, got A{self.A}:B{self.B}")
        return self

    def get(self, party: PartyKey) -> int:
        return self.A if party == "A" else self.B

    def __str__(self) -> str:
        return f"A{self.A}:B{self.B}"


class Party(StrictModel):
    """One side of a chart: the role text the book prints and the kind of road user."""

    label: str = Field(description="role as printed, e.g. '녹색 직진', '보행자', '합류차'")
    type: PartyType = "car"


class Variant(StrictModel):
    """A base-ratio case of a chart: (가), (나), (다) … or the single 기본 case."""

    key: str = Field(description="'기본' or '가', '나', '다', ...")
    label: str = ""
    condition: str = Field("", description="when this variant applies, in the book's words")
    base: Ratio


class Modifier(StrictModel):
    """A 수정요소: `delta` percentage points added to the fault of `party`.

    A positive delta raises that party's fault (and lowers the other's by the same amount).
    """

    id: str = Field(description="stable id unique within the chart, e.g. 'A-현저한과실'")
    party: PartyKey
    name: str
    delta: int
    variants: list[str] | None = Field(
        None, description="variant keys this modifier applies to; None = every variant"
    )
    note: str = ""
    exceptional: bool = Field(
        False, description="the book prints a delta outside the usual ±30 / multiple-of-5 range"
    )

    @model_validator(mode="after")
    def _delta_in_range(self) -> Modifier:
        if not self.exceptional and (self.delta % 5 != 0 or abs(self.delta) > 30 or self.delta == 0):
            raise ValueError(
                f"modifier {self.id!r}: delta {self.delta} must be a non-zero multiple of 5 within ±30 "
                "(set exceptional=true if the book prints it so)"
            )
        return self

    @property
    def key(self) -> str:
        return normalize_name(self.name)


class Source(StrictModel):
    """Where a chart's values came from (file name in shared/reference and the id there)."""

    file: str
    id: str
    page: int | None = None


class NearSame(StrictModel):
    """A chart of another book that describes the same situation but differs in base ratio or modifiers
    (`Chart.near_same_as`), seen from the chart that names it: its A/B read in this chart's A/B."""

    id: str = Field(description="the other chart's id")
    rule: Literal["situation", "maps_to"] = Field(
        description="what proposed the pair: 'situation' (roles compatible, the most alike wording both "
        "ways) or 'maps_to' (the portal's own crosswalk, roles compatible)"
    )
    swapped: bool = Field(False, description="the other chart's A is this chart's B")
    base: dict[str, Ratio] = Field(
        description="the other chart's base ratio per its variant key, in this chart's A/B"
    )
    modifiers_only_here: list[str] = Field(
        default_factory=list, description="modifiers only this chart prints, 'A 대형차 +5'"
    )
    modifiers_only_there: list[str] = Field(
        default_factory=list, description="modifiers only the other chart prints, in this chart's A/B"
    )


class Chart(StrictModel):
    """One 도표 of the standard."""

    id: str = Field(description="e.g. '차43-1', '보1', '거10-1', '회전-3', 'PM-05', '비정형-1', '301'")
    book: str = Field(description="Book id, e.g. 'MAIN2023'")
    category: Category
    title: str
    section: str = ""
    situation: str = Field("", description="the book's accident description (사고 상황)")
    application: str = Field("", description="when the chart applies / does not apply (적용 범위)")
    base_explanation: str = Field("", description="기본 과실비율 해설")
    modifier_explanation: str = Field("", description="수정요소 해설")
    parties: dict[PartyKey, Party]
    variants: list[Variant] = Field(min_length=1)
    modifiers: list[Modifier] = Field(default_factory=list)
    laws: list[str] = Field(default_factory=list, description="e.g. '도로교통법 제25조'")
    precedents: list[str] = Field(default_factory=list)
    legacy_ids: list[str] = Field(default_factory=list, description="older chart numbers")
    maps_to: list[str] = Field(
        default_factory=list, description="for legacy charts: the current chart ids that replace it"
    )
    sources: list[Source] = Field(default_factory=list)
    summary: str = Field("", description="situation summary written by the project (not official text)")
    rankable: bool = Field(
        True, description="False when no source gives the chart's situation (only a placeholder title): the "
        "calculator still computes it when chosen, but the engine never proposes it"
    )
    same_as: list[str] = Field(
        default_factory=list,
        description="the same chart published in another book: identical roles, base ratios and modifiers "
        "(derived by tools/import_standard.py; symmetric)",
    )
    superseded_by: str | None = Field(
        None, description="the current book's twin (one of `same_as`) that the engine answers instead: this "
        "chart is never proposed, named as its alias, and still computed when chosen"
    )
    near_same_as: list[NearSame] = Field(
        default_factory=list,
        description="charts of another book for the same situation whose base ratio or modifiers differ "
        "(derived by tools/import_standard.py; symmetric; never a `same_as` twin). Shown to the user, "
        "never ranked or counted as the same chart",
    )

    @field_validator("parties")
    @classmethod
    def _both_parties(cls, v: dict[str, Party]) -> dict[str, Party]:
        if set(v) != {"A", "B"}:
            raise ValueError(f"a chart needs parties A and B, got {sorted(v)}")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Chart:
        keys = [v.key for v in self.variants]
        if len(set(keys)) != len(keys):
            raise ValueError(f"chart {self.id}: duplicate variant keys {keys}")
        ids = [m.id for m in self.modifiers]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"chart {self.id}: duplicate modifier ids {dup}")
        for m in self.modifiers:
            for vk in m.variants or []:
                if vk not in keys:
                    raise ValueError(f"chart {self.id}: modifier {m.id!r} names unknown variant {vk!r}")
        return self

    # -- lookups -------------------------------------------------------------------------
    def variant(self, key: str | None = None) -> Variant:
        """The named variant, or the first one (가 / 기본) when `key` is None."""
        if key is None:
            return self.variants[0]
        k = key.strip().strip("()")
        for v in self.variants:
            if v.key == k:
                return v
        raise KeyError(k)

    @property
    def variant_keys(self) -> list[str]:
        return [v.key for v in self.variants]

    def modifiers_for(self, variant: str | None = None) -> list[Modifier]:
        key = self.variant(variant).key
        return [m for m in self.modifiers if m.variants is None or key in m.variants]


class Book(StrictModel):
    """An edition of the standard: the unit of versioning."""

    id: str = Field(description="'MAIN2023', 'ROUND2025', 'PM2021', 'NONTYPICAL2020', 'PORTAL'")
    title: str
    edition: str
    effective_date: date
    publisher: str = "손해보험협회 (KNIA)"
    note: str = ""
    superseded_by: str | None = Field(
        None, description="the book that replaced this one from its own effective date (katalog.standard.edition)")


class StandardManifest(StrictModel):
    """`data/standard/manifest.json`: books, counts and the content hash of the chart files."""

    version: str
    books: list[Book]
    counts: dict[str, int]
    content_hash: str
    generated_by: str = "tools/import_standard.py"
