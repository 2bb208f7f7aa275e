"""Instruction records: what dataset builders write and what `finetune` trains on."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class InstructionRecord(BaseModel):
    """One training/eval example in the DaG instruction format (see `prompt_format`)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    task: str = Field(description="task id in the registry")
    category: str
    instruction: str
    input: str = ""
    output: str
    source: str = Field("", description="dataset id / file it came from")
