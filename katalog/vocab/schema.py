"""What a vocabulary file may say: one strict pydantic schema for every `data/vocab/*.yaml`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: Who a cue is about: the road user whose clause holds it, the pedestrian / rider if there is one, the one
#: other party when a pedestrian is a party (walkers_driver), or the whole scene.
Party = Literal["party", "weak_party", "walkers_driver", "scene"]


class Entry(BaseModel):
    """One concept: a key, its Korean label, and the patterns that state it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(min_length=1, description="unique within the file; what code asks for")
    label: str | None = Field(None, description="Korean display name")
    patterns: tuple[str, ...] = Field(default=(), description="regex alternatives (Python `re`); {{name}} = fragment")
    value: str | None = Field(None, description="what a match yields when several entries yield one value (default: key)")
    replacement: str | None = Field(None, description="lay rewriting: the standard's wording written in place of a match")
    party: Party | None = Field(None, description="who the cue attaches to")
    kind: Literal["modifier", "condition"] | None = Field(
        None, description="modifier: may change the ratio; condition: describes the scene, for matching only")
    strict: bool = Field(True, description="False: the cue is worded negatively itself and is never negated again")
    umbrella: Literal["현저한과실", "중대한과실"] | None = Field(
        None, description="the generic grade a specific cue falls under (docs/vocab.md, 현저·중대)")
    fallback: Literal["현저한과실", "중대한과실"] | None = Field(
        None, description="the grade a cue counts as only where the chart has none of its own chart_names")
    chart_names: tuple[str, ...] = Field(default=(), description="printed chart modifier names this cue stands for")
    rank: int | None = Field(None, description="precedence where one clause matches several entries (higher wins)")
    note: str | None = Field(None, description="why the entry reads as it does")


class VocabFile(BaseModel):
    """A vocabulary file: what it covers, reusable regex fragments, and its entries in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = Field(min_length=1)
    fragments: dict[str, str] = Field(default_factory=dict, description="named regex pieces, used as {{name}}")
    entries: tuple[Entry, ...] = ()
