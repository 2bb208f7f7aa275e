"""The Korean explanation of an assessment, built only from its fields (the LLM's paragraph: `stages.llm`)."""

from __future__ import annotations

from katalog.models import Assessment


def explanation(draft: Assessment) -> str:
    """The template explanation of everything the draft assessment holds."""
    from katalog.llm.explain import explain_template

    return explain_template(draft)
