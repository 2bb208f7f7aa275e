"""Dataset builders: one converter per task from its public source (hub id or local files) to examples.

`SOURCES` maps every task id to a `Source`; `general_tasks.build` turns their examples into
InstructionRecords, mixes, caps, deduplicates and splits them.
"""

from __future__ import annotations

from general_tasks.builders.base import BuildContext, Source, SourceMissing
from general_tasks.builders.generated import GENERATED_SOURCES
from general_tasks.builders.katalog_legal import LEGAL_SOURCES
from general_tasks.builders.public import PUBLIC_SOURCES

SOURCES: dict[str, Source] = {s.task: s for s in [*PUBLIC_SOURCES, *GENERATED_SOURCES, *LEGAL_SOURCES]}

__all__ = ["SOURCES", "BuildContext", "Source", "SourceMissing"]
